"""BibTeX import (issue 4, part 4): a real-world .bib beside the sample profile.

The .bib mixes the styles people actually export: Google Scholar (`{Zhou, Qihua}`,
month macros), DBLP (@string macros, LaTeX accents, `and others`), Zotero (`date`,
`keywords` with semicolons), arXiv (eprint + archivePrefix + primaryClass), and
one broken entry in the middle.
"""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares as mw
from bs4 import BeautifulSoup, Tag
from pylatexenc.latex2text import LatexNodes2Text

from tests.conftest import broken_links, build_site, copy_sample_site, make_site, one_paper_profile, read_html

BASE = "https://example.org/repo/"
OWNER = "Qihua Zhou"

BIB = r"""% Google Scholar, DBLP and Zotero exports, concatenated
@string{tpami = {IEEE Transactions on Pattern Analysis and Machine Intelligence}}

@inproceedings{zhou2023cadm,
  title={{CaDM}: Codec-Aware Diffusion Modeling for Neural-Enhanced Video Streaming},
  author={Zhou, Qihua and Li, Ruibin and Guo, Song and Liu, Yi and Zhang, Jie and Wang, Zhenda},
  booktitle={Proceedings of the 31st ACM International Conference on Multimedia},
  pages={1--10},
  year={2023},
  month=oct,
  doi={10.1145/3581783.3612345},
  publisher={ACM}
}

@article{DBLP:journals/pami/MullerDO24,
  author    = {J{\"u}rgen M{\"u}ller and Fran{\c{c}}ois Dupr{\'e} and Zo{\"e} {\O}stergaard and others},
  title     = {Robust {Learning} with $\ell_1$ Penalties: Theory \& Practice},
  journal   = tpami,
  volume    = {46},
  number    = {3},
  year      = {2024},
  month     = mar,
  doi       = {10.1109/TPAMI.2024.0001},
}

@misc{muller2023sparse,
  title         = {Sparse Things at Scale},
  author        = {M{\"u}ller, J{\"u}rgen and Zhou, Qihua},
  year          = {2023},
  month         = {jun},
  eprint        = {2306.01234},
  archivePrefix = {arXiv},
  primaryClass  = {cs.LG},
  abstract      = {We study sparse things at scale.},
  keywords      = {sparsity, scaling},
}

@article{broken2021,
  title = {Broken {Entry,
  author = {Nobody, Anne},
  year = {2021}
}

@phdthesis{zhou2021thesis,
  title  = {Efficient Edge Learning Systems},
  author = {Zhou, Qihua},
  school = {Sample University},
  year   = {2021}
}

@book{doe2020book,
  title     = {A Book About Things},
  author    = {Doe, Jane and Zhou, Qihua},
  publisher = {Sample Press},
  year      = 2020
}

@article{smith2022zotero,
  title    = {A Zotero Export with a Full Date},
  author   = {Smith, Alice and Li, Ruibing and Zhou, Qihua},
  journal  = {Journal of Sample Studies},
  date     = {2022-12-05},
  keywords = {zotero; export},
  note     = {Sample note from the reference manager},
}

@inproceedings{wang2025d2moe,
  title     = {D$^2$MoE: Dual Routing and Dynamic Scheduling for Efficient On-Device MoE-Based LLM Serving},
  author    = {Wang, Haodong and Zhou, Qihua and Hong, Zicong and Author, Fourth},
  booktitle = {Proceedings of the Sample Conference on Mobile Computing},
  year      = {2025},
}

@misc{noyear,
  title  = {An Entry Without a Year},
  author = {Nobody, Anne},
}
"""
BROKEN_LINE = BIB.splitlines().index("@article{broken2021,") + 1
NOYEAR_LINE = BIB.splitlines().index("@misc{noyear,") + 1

CADM = "cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming"
ROBUST = "robust-learning-with-l1-penalties-theory-practice"
SPARSE = "sparse-things-at-scale"
THESIS = "efficient-edge-learning-systems"
BOOK = "a-book-about-things"
ZOTERO = "a-zotero-export-with-a-full-date"
D2MOE = "d2moe-dual-routing-and-dynamic-scheduling-for-efficient-on-device-moe-based-llm"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], int]:
    """(output, warnings, paper count) of the sample profile plus the .bib, with a base URL."""
    site = copy_sample_site(tmp_path_factory.mktemp("bib") / "site")
    (site / "seeds" / "scholar.bib").write_text(BIB, encoding="utf-8")
    (site / "site.yaml").write_text('author_aliases:\n  "Ruibing Li": "Ruibin Li"\n', encoding="utf-8")
    result = build_site(site, base_url=BASE)
    return result.output, result.warnings, result.summary.papers


@pytest.fixture(scope="module")
def out(imported: tuple[Path, list[str], int]) -> Path:
    return imported[0]


def paper(output: Path, slug: str) -> BeautifulSoup:
    return read_html(output / "papers" / slug / "index.html")


def byline(soup: BeautifulSoup) -> list[str]:
    line = soup.find("p", class_="authors")
    assert isinstance(line, Tag)
    return [a.get_text(strip=True) for a in line.find_all("a")]


def meta(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def facts(soup: BeautifulSoup) -> dict[str, Tag]:
    return {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in soup.select("dl.facts dt")}


def read_bib(text: str):  # -> bibtexparser.Library
    decoder = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
    return bibtexparser.parse_string(
        text,
        append_middleware=[
            mw.LatexDecodingMiddleware(decoder=decoder),
            mw.SeparateCoAuthors(),
            mw.SplitNameParts(),
            mw.MergeNameParts(style="first"),
        ],
    )


def cite(output: Path, slug: str):  # -> bibtexparser.model.Entry
    library = read_bib((output / "papers" / slug / "cite.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == 1
    return library.entries[0]


# --------------------------------------------------------------------------- it builds; every paper has a page


@pytest.mark.slow
def test_the_bib_builds_with_only_the_expected_warnings(imported: tuple[Path, list[str], int]) -> None:
    output, warnings, count = imported
    located = [w for w in warnings if w.startswith("seeds/scholar.bib")]
    assert located == [
        f"seeds/scholar.bib:{BROKEN_LINE}: skipped a malformed BibTeX entry "
        "(expected balanced braces and key = value fields)",
        f'seeds/scholar.bib:{NOYEAR_LINE}: skipped a BibTeX entry without a valid year ("")',
    ]
    # 10 profile papers; CaDM and D2MoE merge; 5 new papers from the .bib.
    assert count == 15
    assert broken_links(output, "/repo/") == []


def test_every_bib_paper_gets_a_page_and_the_rest_of_the_file_is_read_after_a_broken_entry(out: Path) -> None:
    for slug in (CADM, ROBUST, SPARSE, THESIS, BOOK, ZOTERO, D2MOE):
        assert (out / "papers" / slug / "index.html").is_file(), slug
    listed = [a.get_text(strip=True) for a in read_html(out / "papers/index.html").select("main a.paper-title")]
    assert "A Zotero Export with a Full Date" in listed  # after the broken entry
    assert not any("Broken" in title or "Without a Year" in title for title in listed)


def test_bib_authors_get_author_pages_with_unicode_names(out: Path) -> None:
    soup = paper(out, ROBUST)
    assert byline(soup) == ["Jürgen Müller", "François Dupré", "Zoë Østergaard"]
    for name, slug in (
        ("Jürgen Müller", "jurgen-muller"),
        ("François Dupré", "francois-dupre"),
        ("Zoë Østergaard", "zoe-ostergaard"),
    ):
        author = read_html(out / "authors" / slug / "index.html")
        assert author.find("h1").get_text(strip=True) == name
    muller = read_html(out / "authors/jurgen-muller/index.html")
    targets = sorted(a["href"].split("/")[-2] for a in muller.select("main a.paper-title"))
    assert targets == [ROBUST, SPARSE]


def test_and_others_means_a_truncated_list(out: Path) -> None:
    soup = paper(out, ROBUST)
    text = " ".join(soup.find("p", class_="authors").get_text(" ").split())
    assert text.endswith("et al.")
    assert meta(soup, "citation_author") == ["Jürgen Müller", "François Dupré", "Zoë Østergaard"]
    assert not (out / "authors" / "others").exists()
    assert cite(out, ROBUST)["author"] == ["Jürgen Müller", "François Dupré", "Zoë Østergaard", "others"]


def test_math_stays_math_and_braces_and_escapes_are_resolved(out: Path) -> None:
    soup = paper(out, ROBUST)
    heading = soup.find("h1")
    assert heading.find("math") is not None
    assert soup.title.get_text().startswith("Robust Learning with ℓ₁ Penalties: Theory & Practice")
    assert meta(soup, "citation_title") == ["Robust Learning with ℓ₁ Penalties: Theory & Practice"]
    assert cite(out, ROBUST)["title"] == r"Robust Learning with $\ell_1$ Penalties: Theory & Practice"


# --------------------------------------------------------------------------- entry types and fields


def test_inproceedings_gives_a_conference_and_article_a_journal_with_string_macros(out: Path) -> None:
    assert meta(paper(out, CADM), "citation_conference_title") == [
        "Proceedings of the 31st ACM International Conference on Multimedia"
    ]
    robust = paper(out, ROBUST)
    assert meta(robust, "citation_journal_title") == ["IEEE Transactions on Pattern Analysis and Machine Intelligence"]
    journal = facts(robust)["Journal"].get_text(strip=True)
    assert journal == "IEEE Transactions on Pattern Analysis and Machine Intelligence"


def test_month_macros_and_zotero_dates(out: Path) -> None:
    assert meta(paper(out, ROBUST), "citation_publication_date") == ["2024/03"]
    assert meta(paper(out, SPARSE), "citation_publication_date") == ["2023/06"]
    assert meta(paper(out, ZOTERO), "citation_publication_date") == ["2022/12/05"]
    assert meta(paper(out, THESIS), "citation_publication_date") == ["2021"]
    shown = {slug: facts(paper(out, slug))["Published"].get_text(strip=True) for slug in (ROBUST, ZOTERO, BOOK)}
    assert shown == {ROBUST: "Mar 2024", ZOTERO: "Dec 5, 2022", BOOK: "2020"}


def test_eprint_gives_the_arxiv_id_link_and_category(out: Path) -> None:
    soup = paper(out, SPARSE)
    assert meta(soup, "citation_arxiv_id") == ["2306.01234"]
    assert facts(soup)["arXiv"].find("a")["href"] == "https://arxiv.org/abs/2306.01234"
    categories = [a.get_text(strip=True) for a in facts(soup)["Categories"].find_all("a")]
    assert categories == ["Machine Learning"]
    listed = [a.get_text(strip=True) for a in read_html(out / "categories/cs-lg/index.html").select("a.paper-title")]
    assert "Sparse Things at Scale" in listed


def test_keywords_become_tags_and_abstract_and_doi_are_shown(out: Path) -> None:
    sparse = paper(out, SPARSE)
    assert facts(sparse)["Tags"].get_text(strip=True) == "sparsity, scaling"
    assert sparse.find("section", attrs={"aria-labelledby": "abstract"}).find("p").get_text() == (
        "We study sparse things at scale."
    )
    assert facts(paper(out, ZOTERO))["Tags"].get_text(strip=True) == "zotero, export"
    robust = paper(out, ROBUST)
    assert facts(robust)["DOI"].find("a")["href"] == "https://doi.org/10.1109/TPAMI.2024.0001"
    assert meta(robust, "citation_doi") == ["10.1109/TPAMI.2024.0001"]


def test_owner_in_a_bib_author_list_is_highlighted_and_aliases_apply(out: Path) -> None:
    soup = paper(out, ZOTERO)
    assert byline(soup) == ["Alice Smith", "Ruibin Li", OWNER]
    owner = soup.find("p", class_="authors").find("strong", class_="owner")
    assert owner is not None and owner.find("a").get_text(strip=True) == OWNER
    assert not (out / "authors" / "ruibing-li").exists()


# --------------------------------------------------------------------------- merging with the profile


def test_profile_paper_in_the_bib_is_one_paper_with_full_authors_venue_and_doi(out: Path) -> None:
    titles = [a.get_text(strip=True) for a in read_html(out / "papers/index.html").select("main a.paper-title")]
    assert titles.count("CaDM: Codec-aware Diffusion Modeling for Neural-enhanced Video Streaming") == 1
    assert not (out / "papers" / f"{CADM}-2").exists()
    soup = paper(out, CADM)
    assert byline(soup) == [OWNER, "Ruibin Li", "Song Guo", "Yi Liu", "Jie Zhang", "Zhenda Wang"]
    assert "et al." not in soup.find("p", class_="authors").get_text()
    venue = facts(soup)["Venue"].get_text(strip=True)
    assert venue == "Proceedings of the 31st ACM International Conference on Multimedia"
    assert meta(soup, "citation_doi") == ["10.1145/3581783.3612345"]
    # the published version's date comes from the .bib (at its precision); the profile's date is the
    # arXiv date, shown beside it; the profile's abstract stays
    assert meta(soup, "citation_publication_date") == ["2023/10"]
    assert facts(soup)["arXiv version"].find("time")["datetime"] == "2022-11-15"
    assert soup.find("section", attrs={"aria-labelledby": "abstract"}) is not None


def test_titles_that_differ_only_in_math_spelling_merge(out: Path) -> None:
    soup = paper(out, D2MOE)
    assert byline(soup) == ["Haodong Wang", OWNER, "Zicong Hong", "Fourth Author"]
    assert facts(soup)["Venue"].get_text(strip=True) == "Proceedings of the Sample Conference on Mobile Computing"
    assert not (out / "papers" / f"{D2MOE}-2").exists()


def test_a_bib_next_to_a_one_paper_profile_merges_by_normalised_title(tmp_path: Path) -> None:
    bib = (
        "@article{x, title={A {STUDY} of things.}, author={Owner, Ada and Brown, Bob and Cole, Carl},"
        " journal={J}, year={2022}}\n"
    )
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "seeds/x.bib": bib})
    result = build_site(site)
    assert result.summary.papers == 1
    assert byline(read_html(result.output / "papers/a-study-of-things/index.html")) == [
        "Ada Owner",
        "Bob Brown",
        "Carl Cole",
    ]


# --------------------------------------------------------------------------- exported BibTeX of imported papers


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        (
            CADM,
            {
                "title": "CaDM: Codec-aware Diffusion Modeling for Neural-enhanced Video Streaming",
                "author": [OWNER, "Ruibin Li", "Song Guo", "Yi Liu", "Jie Zhang", "Zhenda Wang"],
                "booktitle": "Proceedings of the 31st ACM International Conference on Multimedia",
                "doi": "10.1145/3581783.3612345",
            },
        ),
        (
            SPARSE,
            {
                "title": "Sparse Things at Scale",
                "author": ["Jürgen Müller", OWNER],
                "year": "2023",
                "month": "6",
                "eprint": "2306.01234",
                "archivePrefix": "arXiv",
                "primaryClass": "cs.LG",
                "keywords": "sparsity, scaling",
            },
        ),
        (
            ZOTERO,
            {
                "title": "A Zotero Export with a Full Date",
                "author": ["Alice Smith", "Ruibin Li", OWNER],
                "journal": "Journal of Sample Studies",
                "year": "2022",
                "month": "12",
            },
        ),
    ],
)
def test_exported_bibtex_of_imported_papers_round_trips(out: Path, slug: str, expected: dict[str, object]) -> None:
    entry = cite(out, slug)
    for key, value in expected.items():
        assert entry[key] == value, key


def test_exported_bibtex_keeps_thesis_and_book_entry_types(out: Path) -> None:
    assert cite(out, THESIS).entry_type == "phdthesis"
    assert cite(out, BOOK).entry_type == "book"


def test_bib_note_is_kept(out: Path) -> None:
    soup = paper(out, ZOTERO)
    assert "Sample note from the reference manager" in soup.find("main").get_text(" ")
