"""Published-version facts in every format, dates at their precision, honest cut author lists,
home-page metrics, and BibTeX that hostile values cannot forge."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import bibtexparser
import pytest

from scholarsite.citations import cite_keys, key_suffix
from scholarsite.errors import SiteError
from tests.conftest import build_site, load_model, make_site, paper_block, profile_text, read_html
from tests.imported_site import CONF_SLUG, CUT_SLUG, HIDDEN_SLUG, MBDL_SLUG, OLD_SLUG, imported_site
from tests.test_imports import article, bib_entry, metas, paper_page


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(imported_site(tmp_path_factory.mktemp("facts"))).output


def fields(entry) -> dict[str, str]:
    return {key.lower(): value.value for key, value in entry.fields_dict.items()}


def csl_by_url(out: Path) -> dict[str, dict]:
    items = json.loads((out / "publications.json").read_text("utf-8"))
    return {item["URL"].rstrip("/").rsplit("/", 1)[-1]: item for item in items}


# --------------------------------------------------------------------------- a year-only date stays a year


def test_a_year_only_date_is_a_year_on_every_page_and_in_every_format(out: Path) -> None:
    soup = paper_page(out, OLD_SLUG)
    published = soup.find("dt", string="Published").find_next("time")
    assert (published.get_text(), published["datetime"]) == ("2009", "2009")
    assert metas(soup, "citation_publication_date") == ["2009"]
    assert article(soup)["datePublished"] == "2009"
    assert csl_by_url(out)[OLD_SLUG]["issued"] == {"date-parts": [[2009]]}
    entry = fields(bib_entry(out, OLD_SLUG))
    assert entry["year"] == "2009" and "month" not in entry
    assert "January" not in (out / "years/2009/index.html").read_text("utf-8")
    groups = [h.get_text(strip=True) for h in read_html(out / "years/2009/index.html").select("main h2")]
    assert groups == ["2009, month not given"]


def test_a_month_only_date_is_a_month(out: Path) -> None:
    soup = paper_page(out, MBDL_SLUG)
    assert soup.find("dt", string="Published").find_next("time").get_text() == "May 2023"
    assert metas(soup, "citation_publication_date") == ["2023/05"]
    assert article(soup)["datePublished"] == "2023-05"
    assert csl_by_url(out)[MBDL_SLUG]["issued"] == {"date-parts": [[2023, 5]]}


def test_papers_known_only_to_their_year_sort_after_the_dated_papers_of_that_year(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": profile_text("Ada Owner", paper_block("LGJan 1, 2021", "Dated First", "Ada Owner")),
            "seeds/r.bib": "@misc{a, title={Only The Year}, author={Owner, Ada}, year={2021}}\n"
            "@misc{b, title={In March}, author={Owner, Ada}, year={2021}, month=mar}\n",
        },
    )
    model, _ = load_model(site)
    assert [paper.title.plain for paper in model.papers] == ["In March", "Dated First", "Only The Year"]


# --------------------------------------------------------------------------- BibTeX entry types and fields


def test_bibtex_types_and_fields_follow_the_published_version(out: Path) -> None:
    journal = bib_entry(out, MBDL_SLUG)
    assert journal.entry_type == "article"
    assert {k: v for k, v in fields(journal).items() if k in ("journal", "volume", "number", "pages")} == {
        "journal": "Proceedings of the IEEE",
        "volume": "111",
        "number": "5",
        "pages": "465--499",
    }
    assert fields(journal)["eprint"] == "2012.08405" and fields(journal)["archiveprefix"] == "arXiv"
    conference = bib_entry(out, CONF_SLUG)
    assert conference.entry_type == "inproceedings"
    assert fields(conference)["booktitle"] == "Advances in Neural Information Processing Systems 34"
    preprint = bib_entry(out, HIDDEN_SLUG)
    assert preprint.entry_type == "misc" and "journal" not in fields(preprint)
    old = fields(bib_entry(out, OLD_SLUG))  # volume, number, pages and publisher of a .bib are kept
    assert (old["volume"], old["number"], old["pages"]) == ("12", "3", "7--9")


def test_google_scholar_tags_carry_the_published_version(out: Path) -> None:
    soup = paper_page(out, MBDL_SLUG)
    assert metas(soup, "citation_journal_title") == ["Proceedings of the IEEE"]
    assert metas(soup, "citation_volume") == ["111"] and metas(soup, "citation_issue") == ["5"]
    assert metas(soup, "citation_firstpage") == ["465"] and metas(soup, "citation_lastpage") == ["499"]
    assert metas(soup, "citation_online_date") == ["2020/12/15"]
    part = article(soup)["isPartOf"]
    assert part["@type"] == "PublicationIssue" and part["issueNumber"] == "5"
    assert (
        part["isPartOf"]["volumeNumber"] == "111" and part["isPartOf"]["isPartOf"]["name"] == "Proceedings of the IEEE"
    )


def test_csl_json_carries_volume_issue_pages_and_publisher(out: Path) -> None:
    item = csl_by_url(out)[MBDL_SLUG]
    assert (item["type"], item["container-title"], item["container-title-short"]) == (
        "article-journal",
        "Proceedings of the IEEE",
        "Proc. IEEE",
    )
    assert (item["volume"], item["issue"], item["page"], item["publisher"]) == ("111", "5", "465-499", "IEEE")


# --------------------------------------------------------------------------- cut author lists, per format


def test_a_cut_list_is_never_exported_as_complete(out: Path) -> None:
    soup = paper_page(out, CUT_SLUG)  # "Ada Owner, Bo Second, Cy Third et al."
    assert metas(soup, "citation_author") == ["Ada Owner", "Bo Second", "Cy Third"]
    assert [p["name"] for p in article(soup)["author"]] == ["Ada Owner", "Bo Second", "Cy Third"]
    assert article(soup)["creditText"] == "Ada Owner, Bo Second, Cy Third et al."
    assert fields(bib_entry(out, CUT_SLUG))["author"] == "Ada Owner and Bo Second and Cy Third and others"
    item = csl_by_url(out)[CUT_SLUG]
    assert item["author"] == [{"literal": "Ada Owner, Bo Second, Cy Third et al."}]
    assert item["note"].startswith("Author list incomplete")


def test_a_hidden_owner_gets_no_invented_position(out: Path) -> None:
    soup = paper_page(out, HIDDEN_SLUG)
    listed = ["Dee First", "Eve Second", "Fay Third", "Gus Fourth"]
    assert metas(soup, "citation_author") == listed
    assert [p["name"] for p in article(soup)["author"]] == listed
    assert article(soup)["creditText"].endswith("et al.; also by Ada Owner")
    assert fields(bib_entry(out, HIDDEN_SLUG))["author"] == " and ".join([*listed, "others"])
    item = csl_by_url(out)[HIDDEN_SLUG]
    assert item["author"] == [{"literal": "Dee First, Eve Second, Fay Third, Gus Fourth et al."}]
    assert "also by Ada Owner (position unknown)" in item["note"]


# --------------------------------------------------------------------------- metrics


def metrics(out: Path) -> list[tuple[str, str]]:
    soup = read_html(out / "index.html")
    return [
        (div.find("dt").get_text(strip=True), div.find("dd").get_text(" ", strip=True))
        for div in soup.select("dl.metrics > div")
    ]


def test_imported_metrics_are_shown_as_of_their_date_and_source(out: Path) -> None:
    assert metrics(out) == [
        ("h-index", "18"),
        ("Citations", "1,234"),
        ("Citations", "4,321 as of 2026-12-03 (OpenAlex)"),
        ("h-index", "21 as of 2026-12-03 (OpenAlex)"),
    ]


@pytest.mark.slow
def test_site_yaml_metrics_hide_relabel_and_reorder(tmp_path: Path) -> None:
    site = imported_site(
        tmp_path, **{"site.yaml": "metrics:\n  - openalex.h_index\n  - {metric: citations, label: Cited}\n"}
    )
    assert metrics(build_site(site).output) == [("h-index", "21 as of 2026-12-03 (OpenAlex)"), ("Cited", "1,234")]
    (site / "site.yaml").write_text("metrics: []\n")
    assert metrics(build_site(site).output) == []


def test_a_wrong_metrics_entry_is_located(tmp_path: Path) -> None:
    site = imported_site(tmp_path, **{"site.yaml": "title: x\nmetrics:\n  - {metric: h-index, lable: H}\n"})
    with pytest.raises(SiteError) as caught:
        load_model(site)
    assert caught.value.location.path == "site.yaml" and caught.value.location.line == 3


# --------------------------------------------------------------------------- hostile values and cite keys


HOSTILE = {
    "title": "A \\} title = {forged",
    "doi": "10.1000/x}, title={Forged}, note={@misc{evil, title={x}",
    "venue": "Journal}, note = {Forged} @article{evil,",
    "volume": "1}, note={Forged",
    "pages": "1--2}, @misc{evil,",
    "publisher": "Press\\ @article{evil, {",
}


def hostile_site(tmp_path: Path) -> Path:
    record = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in HOSTILE.items())
    return imported_site(
        tmp_path,
        **{
            "seeds/extra.yaml": (
                'source: crossref\npapers:\n  - id: z\n    authors: ["A {B}", "C\\\\ D"]\n    type: article\n'
                f'    date: "2020"\n{record}'
            )
        },
    )


def test_no_field_value_can_forge_a_field_or_an_entry(tmp_path: Path) -> None:
    output = build_site(hostile_site(tmp_path)).output
    library = bibtexparser.parse_string((output / "publications.bib").read_text("utf-8"))
    assert not library.failed_blocks
    assert [entry.key for entry in library.entries if "evil" in entry.key or "forged" in entry.key] == []
    assert len(library.entries) == 7
    hostile = next(
        entry for entry in library.entries if "journal" in fields(entry) and "Journal" in fields(entry)["journal"]
    )
    assert set(fields(hostile)) == {"title", "author", "year", "journal", "volume", "pages", "doi", "url"}
    assert unquote(fields(hostile)["doi"]) == HOSTILE["doi"]
    assert "Forged" not in "".join(f for k, f in fields(hostile).items() if k not in ("journal", "volume", "doi"))


def test_cite_keys_stay_unique_ascii_letters_past_z(tmp_path: Path) -> None:
    papers = "".join(paper_block("LGMay 1, 2020", f"Results {n}", "Ada Owner") for n in range(60))
    site = make_site(tmp_path, {"seeds/x.txt": profile_text("Ada Owner", papers)})
    model, _ = load_model(site)
    keys = list(cite_keys(model.papers).values())
    assert len(set(keys)) == 60 and all(key.isascii() and key.isalnum() for key in keys)
    assert {"owner2020results", "owner2020resultsz", "owner2020resultsaa", "owner2020resultsbg"} <= set(keys)
    assert [key_suffix(n) for n in (0, 25, 26, 27, 701, 702)] == ["a", "z", "aa", "ab", "zz", "aaa"]


@pytest.mark.parametrize("theme", ["default", "classic"])
def test_both_themes_show_venue_volume_pages_date_links_and_metric_sources(tmp_path: Path, theme: str) -> None:
    output = build_site(imported_site(tmp_path), theme=theme).output
    soup = paper_page(output, MBDL_SLUG)
    facts = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in soup.select("dl.facts dt")
    }
    assert facts["Volume (issue)"] == "111(5)" and facts["Pages"] == "465–499" and facts["Published"] == "May 2023"
    assert {a.get_text(strip=True) for a in soup.select("ul.paper-links a")} == {"arXiv", "arXiv PDF", "DOI"}
    listed = read_html(output / "index.html").find("a", string="Model-Based Deep Learning").find_parent("li")
    assert "Proceedings of the IEEE 111(5), 465–499" in listed.find(class_="venue").get_text()
    metrics_text = " ".join(read_html(output / "index.html").find("dl", class_="metrics").get_text(" ").split())
    assert "4,321 as of 2026-12-03 (OpenAlex)" in metrics_text


def test_a_metric_site_yaml_names_but_nobody_has_is_a_warning_naming_the_ones_there(tmp_path: Path) -> None:
    site = imported_site(
        tmp_path, **{"site.yaml": "base_url: https://example.org/\nmetrics: [h-index, s2.citations]\n"}
    )
    warnings = build_site(site).warnings
    assert warnings == [
        'site.yaml:2: "metrics" names "s2.citations", which seeds/owner.txt and its imports do not '
        "have; they have: h-index, Citations, openalex.citations, openalex.h_index"
    ]
