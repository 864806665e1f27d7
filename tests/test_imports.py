"""seeds/*.yaml imports: the reader's checks, the merge into one paper, and the issue's acceptance case
(a profile paper cut by "et al." plus an import of it gives the full list everywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest

from scholarsite.errors import SiteError
from scholarsite.read.imports import parse_import
from tests.conftest import build_site, load_model, make_site, one_paper_profile, read_html
from tests.imported_site import (
    ARXIV,
    CONF_SLUG,
    CUT_SLUG,
    EXTRA_SLUG,
    HIDDEN_SLUG,
    MBDL,
    MBDL_SLUG,
    OWNER,
    PROFILE,
    imported_site,
)

FULL = ["Nir Shlezinger", "Jay Whang", "Yonina C. Eldar", "Alexandros G. Dimakis", OWNER]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(imported_site(tmp_path_factory.mktemp("imported")))
    assert result.warnings == []
    return result.output


def paper_page(out: Path, slug: str):  # -> BeautifulSoup
    return read_html(out / "papers" / slug / "index.html")


def byline(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.find("p", class_="authors").find_all("a")]


def metas(soup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def article(soup) -> dict:
    data = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    return next(item for item in data if item.get("@type") == "ScholarlyArticle")


def bib_entry(out: Path, slug: str):  # -> bibtexparser Entry
    library = bibtexparser.parse_string((out / "papers" / slug / "cite.bib").read_text("utf-8"))
    assert len(library.entries) == 1 and not library.failed_blocks
    return library.entries[0]


def csl(out: Path) -> dict[str, dict]:
    items = json.loads((out / "publications.json").read_text("utf-8"))
    return {item["title"]: item for item in items}


# --------------------------------------------------------------------------- the reader


def test_a_valid_import_keeps_every_fact_and_the_date_precision() -> None:
    imported = parse_import(ARXIV, "seeds/arxiv.yaml")
    assert imported.source == "arxiv" and imported.fetched == "2026-12-01"
    record = imported.records[0]
    assert record.line == 6 and record.id == "2012.08405v2" and record.arxiv == "2012.08405"
    assert record.authors[-1] == OWNER and record.authors_complete
    assert (record.date.value.isoformat(), record.date.precision) == ("2020-12-15", "day")
    year_only = parse_import("source: dblp\npapers:\n  - {id: x, title: T, authors: [A B], date: 2009}\n", "s")
    assert year_only.records[0].date.precision == "year"


def test_every_problem_of_every_import_file_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "seeds/arxiv.yaml": "source: arxiv\npapers:\n  - id: a\n    tittle: T\n    title: T\n    authors: [A]\n"
            "    date: 2016-13\n",
            "seeds/s2.yaml": "source: s3\npapers:\n  - id: b\n    title: T\n    authors: A B\n    citations: -1\n",
        },
    )
    with pytest.raises(SiteError) as caught:
        load_model(site)
    assert caught.value.message.splitlines() == [
        'seeds/arxiv.yaml:4: unknown key "tittle" (did you mean "title"?)',
        (
            'seeds/arxiv.yaml:7: "papers.0.date" has the value \'2016-13\'; expected a real date "YYYY", "YYYY-MM" '
            'or "YYYY-MM-DD"'
        ),
        "seeds/s2.yaml:1: \"source\" has the value 's3'; expected one of: arxiv, s2, dblp, orcid, openalex, crossref",
        'seeds/s2.yaml:5: "papers.0.authors" has the wrong type; expected a list',
        'seeds/s2.yaml:6: "papers.0.citations": -1 is less than the minimum of 0',
    ]


def test_a_bad_import_is_one_line_per_problem_exit_1_and_output_untouched(tmp_path: Path, cli) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "seeds/dblp.yaml": "source: dblp\npapers: 3\n"})
    result = cli(site, "build")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip() == 'seeds/dblp.yaml:2: "papers" has the wrong type; expected a list'
    assert not (site / "output").exists()


# --------------------------------------------------------------------------- one paper from many records


def test_a_cut_profile_paper_plus_its_import_is_one_paper_with_the_full_list_everywhere(out: Path) -> None:
    titles = [a.get_text(strip=True) for a in read_html(out / "papers/index.html").select("main a.paper-title")]
    assert titles.count(MBDL) == 1
    soup = paper_page(out, MBDL_SLUG)
    assert byline(soup) == FULL and "et al." not in soup.find("p", class_="authors").get_text()
    assert metas(soup, "citation_author") == FULL
    assert [person["name"] for person in article(soup)["author"]] == FULL
    assert "creditText" not in article(soup)
    assert bib_entry(out, MBDL_SLUG).fields_dict["author"].value == " and ".join(FULL)
    assert [name.get("family") for name in csl(out)[MBDL]["author"]] == [n.split()[-1] for n in FULL]
    assert "note" not in csl(out)[MBDL]


def test_identity_by_doi_ignores_case_arxiv_ignores_the_version_and_titles_ignore_punctuation(out: Path) -> None:
    # crossref (DOI lower case), openalex (DOI upper case, title with "!") and arXiv (v2) are one paper
    soup = paper_page(out, MBDL_SLUG)
    cited = soup.find("dt", string="Cited by").find_next_sibling("dd").get_text(" ", strip=True)
    assert "512" in cited and "Crossref" in cited and "600" in cited and "OpenAlex" in cited
    assert not (out / "papers" / f"{MBDL_SLUG}-2").exists()


def test_crossref_wins_the_venue_over_openalex_and_the_profile_codes_stay(out: Path) -> None:
    soup = paper_page(out, MBDL_SLUG)
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dl.facts dt")
    }
    assert facts["Journal"] == "Proceedings of the IEEE (Proc. IEEE)"
    assert facts["Volume (issue)"] == "111(5)" and facts["Pages"] == "465–499" and facts["Publisher"] == "IEEE"
    assert soup.find("dt", string="Published").find_next("time")["datetime"] == "2023-05"
    assert soup.find("dt", string="arXiv version").find_next("time")["datetime"] == "2020-12-15"
    # LGSP in the profile: cs.LG stays primary although arXiv says eess.SP
    assert [a.get_text() for a in soup.select("dl.facts .inline-list a")] == ["Machine Learning", "Signal Processing"]


def test_the_profile_abstract_gives_way_to_arxivs_and_links_come_from_the_identifiers(out: Path) -> None:
    soup = paper_page(out, MBDL_SLUG)
    assert soup.find("section", attrs={"aria-labelledby": "abstract"}).find("p").get_text() == "The arXiv abstract."
    links = {a.get_text(strip=True): a["href"] for a in soup.select("ul.paper-links a")}
    assert links == {
        "arXiv": "https://arxiv.org/abs/2012.08405",
        "arXiv PDF": "https://arxiv.org/pdf/2012.08405",
        "DOI": "https://doi.org/10.1109/jproc.2023.3247480",
    }
    assert metas(soup, "citation_pdf_url") == ["https://arxiv.org/pdf/2012.08405"]


def test_an_imported_paper_not_in_the_profile_is_added_to_the_owners_papers(out: Path) -> None:
    soup = paper_page(out, EXTRA_SLUG)
    assert byline(soup) == [OWNER, "Zed Coauthor"]  # "A. Owner", as OpenAlex spells the owner, is the owner
    assert soup.find("strong", class_="owner") is not None
    home = [a.get_text(strip=True) for a in read_html(out / "index.html").select("main a.paper-title")]
    assert "Imported and not in the profile" in home  # the title as the import spells it


def test_a_longer_cut_list_completes_a_shorter_one_but_stays_cut(out: Path) -> None:
    soup = paper_page(out, HIDDEN_SLUG)
    assert byline(soup) == ["Dee First", "Eve Second", "Fay Third", "Gus Fourth", OWNER]
    assert soup.find("p", class_="authors").find(string="…") is not None


@pytest.mark.slow
def test_paper_file_beats_bib_beats_imports(tmp_path: Path) -> None:
    site = imported_site(
        tmp_path,
        **{
            f"content/papers/{MBDL_SLUG}.md": "---\nvenue: My Own Venue Name\ndate: 2023\npages: 1-2\n---\n",
            "seeds/refs.bib": "@article{m, title={Model-Based Deep Learning}, author={Shlezinger, Nir and others},"
            " journal={Bib Journal}, year={2022}, volume={99}}\n",
        },
    )
    soup = paper_page(build_site(site).output, MBDL_SLUG)
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dl.facts dt")
    }
    assert facts["Journal"].startswith("My Own Venue Name") and facts["Pages"] == "1–2"
    assert facts["Volume (issue)"] == "99(5)"  # volume from the .bib, the issue only the import knows
    assert soup.find("dt", string="Published").find_next("time").get_text() == "2023"
    assert byline(soup) == FULL  # the import's complete list beats the .bib's cut one


def test_a_bad_date_in_a_paper_file_is_located(tmp_path: Path) -> None:
    site = imported_site(tmp_path, **{f"content/papers/{MBDL_SLUG}.md": '---\ndate: "2023-02-30"\n---\n'})
    with pytest.raises(SiteError) as caught:
        load_model(site)
    assert caught.value.message.startswith(f"content/papers/{MBDL_SLUG}.md:2: invalid date")


# --------------------------------------------------------------------------- what is still cut


def test_check_lists_the_cut_author_lists_and_how_to_complete_them(tmp_path: Path, cli) -> None:
    site = imported_site(tmp_path)
    result = cli(site, "check")
    cut = [line for line in result.stdout.splitlines() if line.startswith("cut author list:")]
    assert len(cut) == 2
    assert cut[0].startswith("cut author list: seeds/owner.txt:") and '"A Paper Nobody Imported"' in cut[0]
    assert f"content/papers/{CUT_SLUG}.md" in cut[0] and "seeds/*.bib" in cut[0] and "scholarsite import" in cut[0]
    assert "Ada Owner somewhere among the others" in cut[1]
    assert not any(CONF_SLUG in line or MBDL in line for line in cut)


@pytest.mark.slow
def test_the_import_files_are_inputs_of_the_build_cache(tmp_path: Path) -> None:
    site = imported_site(tmp_path)
    first = build_site(site, use_cache=True)
    (site / "seeds/dblp.yaml").write_text((site / "seeds/dblp.yaml").read_text().replace("NeurIPS", "NIPS"))
    again = build_site(site, use_cache=True)
    assert again.summary.written > 0 and first.output == again.output
    assert "NIPS" in (again.output / "papers" / CONF_SLUG / "index.html").read_text("utf-8")


def test_profile_without_imports_is_unchanged_by_the_reader(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"seeds/owner.txt": PROFILE})
    model, warnings = load_model(site)
    assert warnings == [] and len(model.papers) == 4


def test_an_undated_record_of_no_known_paper_is_skipped_with_a_located_warning(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": PROFILE,
            "seeds/orcid.yaml": (
                "source: orcid\npapers:\n  - id: '1'\n    title: A Work With No Date\n    authors: [Ada Owner]\n"
                "  - id: '2'\n    title: A Paper Nobody Imported\n"
                "    authors: [Ada Owner, Bo Second, Cy Third, Di Fourth]\n"
            ),
        },
    )
    model, warnings = load_model(site)
    assert warnings == [
        (
            'seeds/orcid.yaml:3: skipped "A Work With No Date": no date, and no paper of the site has '
            "its DOI, arXiv id, DBLP key or title"
        )
    ]
    cut = next(paper for paper in model.papers if paper.slug == CUT_SLUG)  # the dated match still merges
    assert [a.name for a in cut.authors][-1] == "Di Fourth" and not cut.authors_cut
