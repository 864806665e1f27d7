"""Publication list entries: buttons, venue and award badges, author marks, grouping, the home page.

Issue 17, part 1. Every check reads what a visitor or a reader of an export
gets: parsed HTML, the .bib and CSL-JSON files, the feed, the meta tags, the
JSON-LD and the search index's own text.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from bibtexparser import parse_string  # type: ignore[attr-defined]
from bs4 import BeautifulSoup, Tag

from scholarsite.searchbundle import SIGNATURE
from tests.conftest import (
    RunCli,
    build_site,
    make_site,
    page_path,
    paper_block,
    profile_text,
    read_html,
    resolve_link,
    tree_hashes,
)

BASE = "https://example.org/repo/"
STUDY = "a-study-of-things"
WIDGETS = "widgets-in-the-wild"
BIB = """@inproceedings{wild,
  title = {Widgets in the Wild},
  author = {Ada Owner and Brown, Bob and Carla Cruz},
  booktitle = {Proceedings of the Widget Conference},
  year = {2021},
  doi = {10.1000/wild.1},
  eprint = {2101.01234},
  archivePrefix = {arXiv},
  primaryClass = {cs.CV},
  code = {https://github.com/ada/widgets},
  slides = {https://example.org/slides.pdf},
  video = {https://video.example.org/watch/1},
  website = {https://widgets.example.org/},
  abbr = {WidgetConf},
  award = {Best Paper Award},
  corresponding = {Owner, Ada},
  equal_contribution = {Bob Brown and Carla Cruz},
}
"""
STUDY_FRONT_MATTER = """---
pdf: /files/study.pdf
code: https://github.com/ada/study
venue: Journal of Studies
venue_kind: journal
venue_short: J. Stud.
---
"""


def entry_site(tmp_path: Path, **extra: str) -> Path:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "A Study of Things", "Ada Owner*, Dan Dale*, Eve Evans†", "We study things."),
        paper_block("CVMay 2, 2020", "Plain Paper", "Ada Owner, Frank Fox", "Nothing special."),
    )
    files = {
        "seeds/x.txt": seed,
        "seeds/more.bib": BIB,
        f"content/papers/{STUDY}.md": STUDY_FRONT_MATTER,
        "content/static/files/study.pdf": "%PDF-1.4\n",
        "site.yaml": f"base_url: {BASE}\n",
    }
    return make_site(tmp_path, {**files, **extra})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(entry_site(tmp_path_factory.mktemp("entries"))).output


def one(scope: Tag, selector: str) -> Tag:
    found = scope.select_one(selector)
    assert found is not None, f"no {selector}"
    return found


def main(output: Path, page: str) -> Tag:
    return one(read_html(page_path(output, page)), "main")


def jsonld(output: Path, page: str) -> Any:
    return json.loads(str(one(read_html(page_path(output, page)), 'script[type="application/ld+json"]').string))


def entry(output: Path, page: str, slug: str) -> Tag:
    """The list entry on `page` whose title links to the paper `slug`."""
    soup = read_html(page_path(output, page))
    for item in soup.select("main li.paper"):
        title = item.select_one("a.paper-title")
        assert title is not None
        target = resolve_link(output, page_path(output, page), str(title["href"]))
        if target is not None and target[0] == page_path(output, f"papers/{slug}/"):
            return item
    raise AssertionError(f"no entry for {slug} on {page or 'the home page'}")


def buttons(item: Tag) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), str(a["href"])) for a in item.select(".entry-buttons a")]


# --------------------------------------------------------------------------- buttons


@pytest.mark.parametrize("page", ["", "papers/", "authors/ada-owner/", "categories/cs-cv/", "years/2021/"])
def test_every_list_shows_the_buttons_the_data_has_in_order(built: Path, page: str) -> None:
    labels = [label for label, _ in buttons(entry(built, page, WIDGETS))]
    assert labels == ["PDF", "arXiv", "DOI", "Code", "Slides", "Video", "Project", "BibTeX"]


def test_buttons_lead_where_they_say(built: Path) -> None:
    page = page_path(built, "papers/")
    found = dict(buttons(entry(built, "papers/", WIDGETS)))
    assert found["PDF"] == "https://arxiv.org/pdf/2101.01234"
    assert found["arXiv"] == "https://arxiv.org/abs/2101.01234"
    assert found["DOI"] == "https://doi.org/10.1000/wild.1"
    assert found["Code"] == "https://github.com/ada/widgets"
    assert found["Project"] == "https://widgets.example.org/"
    bib = resolve_link(built, page, found["BibTeX"])
    assert bib is not None and bib[0] == built / "papers" / WIDGETS / "cite.bib" and bib[0].is_file()
    study = dict(buttons(entry(built, "papers/", STUDY)))
    pdf = resolve_link(built, page, study["PDF"])  # a file of the site's own, from front matter
    assert pdf is not None and pdf[0] == built / "files" / "study.pdf"


def test_the_code_pill_is_a_link_when_there_is_code(built: Path) -> None:
    study = entry(built, "", STUDY)
    assert ("Code", "https://github.com/ada/study") in buttons(study)
    assert not study.select(".meta span.badge"), "no dead Code pill beside the Code link"


def test_a_code_badge_without_a_link_stays_a_label(tmp_path: Path) -> None:
    seed = profile_text("Ada Owner", paper_block("LGNov 14, 2022Code", "Coded Thing", "Ada Owner", "Text."))
    output = build_site(make_site(tmp_path, {"seeds/x.txt": seed})).output
    item = entry(output, "", "coded-thing")
    assert [badge.get_text() for badge in item.select(".meta span.badge")] == ["Code"]
    assert [label for label, _ in buttons(item)] == ["BibTeX"]


def test_the_abstract_opens_in_place_without_script(built: Path) -> None:
    item = entry(built, "papers/", STUDY)
    details = one(item, "details.entry-abstract")
    assert not details.has_attr("open")
    assert one(details, "summary").get_text(strip=True) == "Abstract"
    assert one(details, "p").get_text(strip=True) == "We study things."


def test_a_paper_without_abstract_has_no_abstract_toggle(built: Path) -> None:
    assert entry(built, "papers/", WIDGETS).select_one("details") is None


def test_an_unsafe_link_in_bibtex_is_a_located_warning(tmp_path: Path) -> None:
    bib = BIB.replace("https://example.org/slides.pdf", "javascript:alert(1)")
    result = build_site(entry_site(tmp_path, **{"seeds/more.bib": bib}))
    assert any(w.startswith("seeds/more.bib:1:") and '"slides" link' in w for w in result.warnings), result.warnings
    labels = [label for label, _ in buttons(entry(result.output, "papers/", WIDGETS))]
    assert "Slides" not in labels
    assert "javascript" not in (result.output / "papers" / "index.html").read_text(encoding="utf-8")


def test_an_unsafe_link_in_front_matter_stops_the_build(tmp_path: Path, cli: RunCli) -> None:
    site = entry_site(tmp_path, **{f"content/papers/{STUDY}.md": "---\nslides: 'javascript:alert(1)'\n---\n"})
    result = cli(site, "build")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"content/papers/{STUDY}.md:2:"), result.stderr
    assert not (site / "output").exists()


# --------------------------------------------------------------------------- badges


def test_venue_abbreviation_and_award_are_badges_on_entries_and_the_paper_page(built: Path) -> None:
    item = entry(built, "", WIDGETS)
    assert [b.get_text() for b in item.select(".venue-badge")] == ["WidgetConf"]
    assert [b.get_text() for b in item.select(".award-badge")] == ["Best Paper Award"]
    assert [b.get_text() for b in entry(built, "", STUDY).select(".venue-badge")] == ["J. Stud."]
    page = main(built, f"papers/{WIDGETS}/")
    assert [b.get_text() for b in page.select(".badge")] == ["WidgetConf", "Best Paper Award"]
    facts = {
        pair.dt.get_text(strip=True): one(pair, "dd").get_text(strip=True)
        for pair in page.select(".facts > div")
        if pair.dt is not None
    }
    assert facts["Award"] == "Best Paper Award"


def test_the_award_is_in_the_json_ld(built: Path) -> None:
    data = jsonld(built, f"papers/{WIDGETS}/")
    assert data["@type"] == "ScholarlyArticle" and data["award"] == "Best Paper Award"
    plain = jsonld(built, "papers/plain-paper/")
    assert "award" not in plain


# --------------------------------------------------------------------------- author marks


def marks_of(byline: Tag) -> dict[str, str]:
    """Name → the mark shown after it, as a sighted reader sees it."""
    found: dict[str, str] = {}
    name = ""
    for child in byline.children:
        if isinstance(child, Tag) and child.name == "sup":
            found[name] = one(child, '[aria-hidden="true"]').get_text()
        elif isinstance(child, Tag) and child.name == "strong":  # the owner: their name, then hidden words
            name = str((child.a or child).find(string=True)).strip()
        elif isinstance(child, Tag):
            name = child.get_text(strip=True)
        elif str(child).strip(", "):
            name = str(child).split(", ")[-1].strip()
    return found


def test_marks_from_names_and_from_keys_are_shown_after_the_names(built: Path) -> None:
    page = main(built, f"papers/{STUDY}/")
    assert marks_of(one(page, ".byline")) == {"Ada Owner": "*", "Dan Dale": "*", "Eve Evans": "†"}
    wild = main(built, f"papers/{WIDGETS}/")
    assert marks_of(one(wild, ".byline")) == {"Ada Owner": "†", "Bob Brown": "*", "Carla Cruz": "*"}
    listed = entry(built, "papers/", WIDGETS)
    assert marks_of(one(listed, ".byline")) == {"Ada Owner": "†", "Bob Brown": "*", "Carla Cruz": "*"}


def test_a_mark_is_read_out_in_words(built: Path) -> None:
    byline = one(main(built, f"papers/{STUDY}/"), ".byline")
    hidden = [s.get_text(strip=True) for s in byline.select("sup.author-mark .visually-hidden")]
    assert hidden == ["(equal contribution)", "(equal contribution)", "(corresponding author)"]


def test_pages_that_show_marks_explain_them_and_others_do_not(built: Path) -> None:
    def legend(page: str) -> list[str]:
        return [p.get_text(" ", strip=True) for p in main(built, page).select(".marks-legend")]

    assert legend(f"papers/{STUDY}/") == ["* Equal contribution · † Corresponding author"]
    assert legend("papers/plain-paper/") == []
    assert legend("years/2020/") == []  # only the plain paper
    assert legend("categories/cs-cv/") == ["* Equal contribution · † Corresponding author"]
    assert legend("") == ["* Equal contribution · † Corresponding author"]


def test_a_marked_owner_is_still_the_owner_and_one_author(built: Path) -> None:
    authors = {a.get_text(strip=True) for a in main(built, "authors/").select("a")}
    assert "Ada Owner" in authors and not any("*" in name or "†" in name for name in authors)
    owner = one(main(built, f"papers/{STUDY}/"), ".byline strong.owner")
    assert one(owner, "a").get_text() == "Ada Owner"
    assert len(main(built, "authors/ada-owner/").select("li.paper")) == 3


MARKS = ("*", "†", "dagger", "$^")


def assert_unmarked(text: str, where: str) -> None:
    for mark in MARKS:
        assert mark not in text, f"{mark!r} in {where}: {text[:300]}"


def test_no_export_carries_a_mark(built: Path) -> None:
    for slug in (STUDY, WIDGETS):
        library = parse_string((built / "papers" / slug / "cite.bib").read_text(encoding="utf-8"))
        assert_unmarked(library.entries[0].fields_dict["author"].value, f"{slug}/cite.bib")
        soup = read_html(page_path(built, f"papers/{slug}/"))
        names = [str(m["content"]) for m in soup.select('meta[name="citation_author"]')]
        assert "Ada Owner" in names
        assert_unmarked(" ".join(names), "citation_author")
        data = jsonld(built, f"papers/{slug}/")
        assert_unmarked(json.dumps([a["name"] for a in data["author"]], ensure_ascii=False), "JSON-LD")
        assert_unmarked(one(soup, "#bibtex").get_text(), "the BibTeX block")
    everything = parse_string((built / "publications.bib").read_text(encoding="utf-8"))
    assert_unmarked(" ".join(e.fields_dict["author"].value for e in everything.entries), "publications.bib")
    csl = json.loads((built / "publications.json").read_text(encoding="utf-8"))
    csl_names: list[Any] = [name for item in csl for name in item["author"]]
    assert {"family": "Owner", "given": "Ada"} in csl_names
    assert_unmarked(json.dumps(csl_names, ensure_ascii=False), "CSL-JSON")
    feed = feedparser.parse((built / "feed.xml").read_bytes())
    assert_unmarked(json.dumps([e.get("authors", []) for e in feed.entries], ensure_ascii=False), "feed.xml")


def test_the_search_index_has_the_names_without_marks(built: Path) -> None:
    contents = []
    for fragment in (built / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(SIGNATURE)
        contents.append(json.loads(data[len(SIGNATURE) :])["content"])
    study = next(text for text in contents if text.startswith("A Study of Things"))
    assert "Dan Dale, Eve Evans" in study
    assert "*" not in study and "†" not in study and "contribution" not in study


def test_an_explicit_key_replaces_the_marks_of_the_names(tmp_path: Path) -> None:
    front = STUDY_FRONT_MATTER.replace("---\npdf", "---\nequal_contribution: []\ncorresponding: [Ada Owner]\npdf")
    output = build_site(entry_site(tmp_path, **{f"content/papers/{STUDY}.md": front})).output
    byline = one(main(output, f"papers/{STUDY}/"), ".byline")
    assert marks_of(byline) == {"Ada Owner": "†"}


def test_an_alias_in_a_marks_key_names_the_author(tmp_path: Path) -> None:
    front = STUDY_FRONT_MATTER.replace("---\npdf", "---\ncorresponding: [A. Owner]\npdf")
    site = entry_site(
        tmp_path,
        **{
            f"content/papers/{STUDY}.md": front,
            "site.yaml": f"base_url: {BASE}\nauthor_aliases:\n  A. Owner: Ada Owner\n",
        },
    )
    byline = one(main(build_site(site).output, f"papers/{STUDY}/"), ".byline")
    assert marks_of(byline)["Ada Owner"] == "*†"


def test_a_marks_key_naming_no_author_is_a_located_error(tmp_path: Path, cli: RunCli) -> None:
    front = STUDY_FRONT_MATTER.replace("---\npdf", "---\ncorresponding: [Nobody Known]\npdf")
    site = entry_site(tmp_path, **{f"content/papers/{STUDY}.md": front})
    result = cli(site, "build")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"content/papers/{STUDY}.md:2: "), result.stderr
    assert '"corresponding" names "Nobody Known"' in result.stderr
    assert not (site / "output").exists()


def test_a_marks_field_naming_no_author_in_bibtex_is_a_warning(tmp_path: Path) -> None:
    result = build_site(entry_site(tmp_path, **{"seeds/more.bib": BIB.replace("Owner, Ada", "Zed Zero")}))
    assert any(
        w.startswith("seeds/more.bib:1:") and '"corresponding" names "Zed Zero"' in w for w in result.warnings
    ), result.warnings


@pytest.mark.parametrize(
    ("written", "name", "marks"),
    [
        ("Ada Owner*", "Ada Owner", "*"),
        ("Ada Owner†", "Ada Owner", "†"),
        ("Ada Owner*†", "Ada Owner", "*†"),
        ("Ada* Owner", "Ada Owner", "*"),
        ("Ada Owner$^*$", "Ada Owner", "*"),
        ("Ada Owner$^{\\dagger}$", "Ada Owner", "†"),
        ("Ada Owner", "Ada Owner", ""),
    ],
)
def test_marks_are_taken_off_names(written: str, name: str, marks: str) -> None:
    from scholarsite.model.marks import split_marks

    assert split_marks(written) == (name, marks)


# --------------------------------------------------------------------------- group_by


def group_headings(output: Path, page: str = "papers/") -> list[str]:
    return [h.get_text(strip=True) for h in main(output, page).select("section.paper-group > h2")]


def test_papers_are_grouped_by_year_by_default(built: Path) -> None:
    assert group_headings(built) == ["2022", "2021", "2020"]


def test_group_by_type_gives_type_headings_in_a_fixed_order(tmp_path: Path) -> None:
    site = entry_site(tmp_path, **{"site.yaml": f"base_url: {BASE}\ngroup_by: type\n"})
    output = build_site(site).output
    assert group_headings(output) == ["Journal articles", "Conference papers", "Preprints"]
    papers = main(output, "papers/")
    for section in papers.select("section.paper-group"):
        heading = one(section, "h2")
        assert section["aria-labelledby"] == heading["id"]  # each group is a named region
    preprints = papers.select("section.paper-group")[-1]
    assert [a.get_text() for a in preprints.select("a.paper-title")] == ["Plain Paper"]


def test_group_by_type_still_paginates(tmp_path: Path) -> None:
    site = entry_site(tmp_path, **{"site.yaml": f"base_url: {BASE}\ngroup_by: type\npaginate: 2\n"})
    output = build_site(site).output
    assert group_headings(output) == ["Journal articles", "Conference papers"]
    assert group_headings(output, "papers/page/2/") == ["Preprints"]
    nav = read_html(page_path(output, "papers/")).select_one("nav.pagination, .pagination")
    assert nav is not None


def test_an_unknown_group_by_is_a_located_error(tmp_path: Path, cli: RunCli) -> None:
    site = entry_site(tmp_path, **{"site.yaml": "title: T\ngroup_by: venue\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith("site.yaml:2: \"group_by\" has the value 'venue'; expected one of: year, type")


# --------------------------------------------------------------------------- the home page


def home_sections(output: Path) -> dict[str, list[str]]:
    home = main(output, "")
    return {
        one(section, "h2").get_text(strip=True): [a.get_text() for a in section.select("a.paper-title")]
        for section in home.select("section")
        if section.select("a.paper-title")
    }


def test_selected_papers_are_not_repeated_in_the_recent_list(tmp_path: Path) -> None:
    site = entry_site(tmp_path, **{"site.yaml": f"base_url: {BASE}\nselected: [{WIDGETS}]\n"})
    sections = home_sections(build_site(site).output)
    assert sections == {
        "Selected papers": ["Widgets in the Wild"],
        "Other papers": ["A Study of Things", "Plain Paper"],
    }


def test_when_every_paper_is_selected_there_is_no_empty_list(tmp_path: Path) -> None:
    site = entry_site(tmp_path, **{"site.yaml": f"selected: [{WIDGETS}, {STUDY}, plain-paper]\n"})
    output = build_site(site).output
    assert home_sections(output) == {"Selected papers": ["A Study of Things", "Widgets in the Wild", "Plain Paper"]}
    assert "No papers yet" not in main(output, "").get_text()


@pytest.mark.slow
def test_the_recent_list_is_still_cut_and_links_to_all(tmp_path: Path) -> None:
    blocks = [paper_block(f"LGJan {day}, 2020", f"Paper Number {day}", "Ada Owner", "Text.") for day in range(1, 25)]
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": profile_text("Ada Owner", *blocks),
            "site.yaml": "selected: [paper-number-24, paper-number-1]\n",
        },
    )
    output = build_site(site).output
    sections = home_sections(output)
    assert sections["Selected papers"] == ["Paper Number 24", "Paper Number 1"]
    assert len(sections["Recent papers"]) == 20
    assert not {"Paper Number 24", "Paper Number 1"} & set(sections["Recent papers"])
    more = one(main(output, ""), "p.more a")
    assert more.get_text() == "All 24 papers"


# --------------------------------------------------------------------------- the menu


def menu(output: Path, page: str = "") -> list[str]:
    soup: BeautifulSoup = read_html(page_path(output, page))
    return [a.get_text(strip=True) for a in one(soup, "header nav, nav").select("a")]


def test_a_personal_site_leaves_the_index_pages_out_of_the_menu_but_keeps_them(built: Path) -> None:
    assert menu(built) == ["Home", "Papers"]
    for index in ("authors/", "categories/", "years/"):
        assert page_path(built, index).is_file()


def test_menu_turns_sections_on_and_off(tmp_path: Path) -> None:
    yaml = "menu:\n  authors: true\n  years: true\n  papers: false\n"
    output = build_site(entry_site(tmp_path, **{"site.yaml": yaml})).output
    assert menu(output) == ["Home", "Authors", "Years"]
    assert page_path(output, "papers/").is_file()


def test_a_lab_site_shows_the_index_pages_by_default(tmp_path: Path) -> None:
    seeds = {
        f"seeds/{who}.txt": profile_text(name, paper_block("LGNov 14, 2022", f"Paper of {name}", name, "T."))
        for who, name in (("a", "Ada Owner"), ("b", "Bea Other"))
    }
    output = build_site(make_site(tmp_path, {**seeds, "site.yaml": "home: group\nmenu:\n  categories: false\n"})).output
    assert menu(output) == ["Home", "Papers", "Authors", "Years"]


def test_an_unknown_menu_section_is_a_located_error(tmp_path: Path, cli: RunCli) -> None:
    site = entry_site(tmp_path, **{"site.yaml": "title: T\nmenu:\n  autors: false\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith('site.yaml:3: unknown key "autors" (did you mean "authors"?)'), result.stderr


def test_the_crawl_passes_with_the_index_pages_out_of_the_menu(built: Path) -> None:
    from scholarsite.check import crawl

    assert crawl(built, BASE) == []


@pytest.mark.slow
def test_building_twice_gives_the_same_pages(tmp_path: Path, built: Path) -> None:
    again = build_site(entry_site(tmp_path), output_dir=tmp_path / "again", use_cache=False).output
    first = {k: v for k, v in tree_hashes(built).items() if k.endswith(".html")}
    assert first == {k: v for k, v in tree_hashes(again).items() if k.endswith(".html")}


def test_trailing_marks_in_bibtex_names_are_marks(tmp_path: Path) -> None:
    bib = (
        "@article{a, title = {Marked Names}, journal = {J}, year = {2020},\n"
        "  author = {Owner, Ada$^\\dagger$ and Bob Brown* and Cruz*, Carla}}\n"
    )
    seed = profile_text("Ada Owner", paper_block("LGNov 14, 2022", "Other Thing", "Ada Owner", "T."))
    output = build_site(make_site(tmp_path, {"seeds/x.txt": seed, "seeds/a.bib": bib})).output
    byline = one(main(output, "papers/marked-names/"), ".byline")
    assert marks_of(byline) == {"Ada Owner": "†", "Bob Brown": "*", "Carla Cruz": "*"}
    assert one(byline, "strong.owner")  # the marked owner is the owner
    library = parse_string((output / "papers" / "marked-names" / "cite.bib").read_text(encoding="utf-8"))
    assert library.entries[0].fields_dict["author"].value == "Ada Owner and Bob Brown and Carla Cruz"
