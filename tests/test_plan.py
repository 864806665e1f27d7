"""plan() on its own: which pages a model gives, in what order, and what each typed page record
holds; then rendering with a probe theme, whose templates print what they receive."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from scholarsite import urls
from scholarsite.model import Site
from scholarsite.pages import plan
from scholarsite.records import (
    AuthorPage,
    CategoryPage,
    HomePage,
    NotFoundPage,
    PageSpec,
    PaperPage,
    PapersPage,
    YearPage,
)
from tests.conftest import build_site, load_model, paper_block, profile_text, read_html, seed_site

PAPERS = (
    paper_block("LGNov 14, 2022", "Learning Things", "Ada Owner, Bob Brown", "We learn things."),
    paper_block("CVJun 1, 2023", "Seeing Things", "Cy Chen, Ada Owner", "We see things."),
    paper_block("LGMar 3, 2021", "Older Things", "Ada Owner", "We did things."),
    paper_block("CVJan 9, 2023", "Watching Things", "Bob Brown, Ada Owner, Cy Chen", "We watch things."),
    paper_block("LGFeb 2, 2024", "Newest Things", "Ada Owner, Cy Chen", "We do new things."),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = seed_site(tmp_path_factory.mktemp("plan"), profile_text("Ada Owner", *PAPERS))
    model, warnings = load_model(folder)
    assert warnings == []
    return model


def of_kind(specs: tuple[PageSpec, ...], kind: type[PageSpec]) -> list[PageSpec]:
    return [spec for spec in specs if isinstance(spec, kind)]


def test_every_page_once_home_first_404_last(site: Site) -> None:
    specs = plan(site)
    paths = [spec.path for spec in specs]
    assert len(paths) == len(set(paths))
    assert isinstance(specs[0], HomePage) and specs[0].path == urls.HOME
    assert isinstance(specs[-1], NotFoundPage) and specs[-1].path == urls.NOT_FOUND
    kinds = Counter(spec.kind for spec in specs)
    assert kinds["paper"] == len(site.papers) == 5
    assert kinds["author"] == len(site.authors) == 3
    assert kinds["category"] == len(site.categories) == 2
    assert kinds["year"] == len(site.years) == 4
    assert plan(site) == specs  # the same model plans the same pages, equal field by field


def test_each_paper_page_holds_its_paper_its_bibtex_and_its_url(site: Site) -> None:
    pages = of_kind(plan(site), PaperPage)
    assert [page.paper for page in pages] == list(site.papers)
    for page in pages:
        assert isinstance(page, PaperPage)
        assert page.path == urls.paper(page.paper)
        assert page.title == page.paper.title.plain
        assert page.bibtex.startswith("@") and page.paper.title.plain in page.bibtex
        assert page.bibtex_path == urls.paper_bibtex(page.paper)


def test_an_author_page_lists_that_authors_papers_newest_first(site: Site) -> None:
    for page in of_kind(plan(site), AuthorPage):
        assert isinstance(page, AuthorPage)
        assert page.path == urls.author(page.author)
        assert all(page.author in paper.all_authors for paper in page.papers)
        expected = [paper for paper in site.papers if page.author in paper.all_authors]
        assert list(page.papers) == expected
        dates = [paper.date for paper in page.papers]
        assert dates == sorted(dates, reverse=True)
        assert page.author not in [counted.item for counted in page.coauthors]


def test_category_and_year_pages_partition_the_papers(site: Site) -> None:
    specs = plan(site)
    in_categories = Counter(
        entry.paper for page in of_kind(specs, CategoryPage) for entry in page.entries if entry.primary
    )  # type: ignore[attr-defined]
    assert set(in_categories) == set(site.papers) and set(in_categories.values()) == {1}
    in_years = [
        paper
        for page in of_kind(specs, YearPage)
        for month in page.months  # type: ignore[attr-defined]
        for paper in month.papers
    ]
    assert sorted(in_years, key=lambda p: p.slug) == sorted(site.papers, key=lambda p: p.slug)


def test_per_page_splits_the_paper_list_and_links_the_pages(site: Site) -> None:
    lists = of_kind(plan(site, per_page=2), PapersPage)
    second, third = urls.list_page(urls.PAPERS, 2), urls.list_page(urls.PAPERS, 3)
    assert [page.path for page in lists] == [urls.PAPERS, second, third]
    shown = [paper for page in lists for group in page.groups for paper in group.papers]  # type: ignore[attr-defined]
    assert shown == list(site.papers)
    first, middle, last = (page.pagination for page in lists)  # type: ignore[attr-defined]
    assert (first.number, first.total, first.previous, first.next) == (1, 3, "", urls.list_page(urls.PAPERS, 2))
    assert (middle.previous, middle.next) == (urls.PAPERS, urls.list_page(urls.PAPERS, 3))
    assert last.next == ""
    assert of_kind(plan(site), PapersPage)[0].pagination is None  # type: ignore[attr-defined]


def test_group_by_type_groups_the_paper_list_by_kind(site: Site) -> None:
    (by_year,) = of_kind(plan(site), PapersPage)
    (by_type,) = of_kind(plan(site, group_by="type"), PapersPage)
    assert by_year.group_by == "year" and by_type.group_by == "type"  # type: ignore[attr-defined]
    years = [group.year.value for group in by_year.groups]  # type: ignore[attr-defined]
    assert years == sorted(years, reverse=True)
    assert sorted(p.slug for g in by_type.groups for p in g.papers) == sorted(p.slug for p in site.papers)  # type: ignore[attr-defined]


def test_every_page_gets_its_head_and_a_canonical_url_only_with_a_base_url(site: Site) -> None:
    without = plan(site)
    with_base = plan(site, "https://ada.example.org/")
    assert all(spec.head is not None and spec.head.canonical == "" for spec in without)
    for spec in with_base:
        assert spec.head is not None
        if spec.kind != "404":
            assert spec.head.canonical == urls.absolute("https://ada.example.org/", spec.path)
    paper = of_kind(with_base, PaperPage)[0]
    assert paper.head is not None and ("citation_title", paper.paper.title.plain) in paper.head.citation  # type: ignore[attr-defined]


# ------------------------------------------------------------------ a probe theme

PROBE_PAPER = """<!doctype html><html lang="en"><title>{{ page.title }}</title>
<p id="probe">{{ page.kind }}|{{ page.paper.title.plain }}|{{ page.paper.all_authors|length }}|\
{{- page.bibtex_path|url }}</p>
"""
PROBE_AUTHOR = """<!doctype html><html lang="en"><title>{{ page.title }}</title>
<ul id="probe">{% for paper in page.papers %}<li>{{ paper.title.plain }}</li>{% endfor %}</ul>
<p id="coauthors">{{ page.coauthor_count }}</p>
"""


def test_a_probe_theme_receives_the_typed_records_and_other_pages_keep_the_default_theme(tmp_path: Path) -> None:
    folder = seed_site(
        tmp_path,
        profile_text("Ada Owner", *PAPERS),
        **{
            "site.yaml": "title: Ada Owner\ntheme: probe\n",
            "themes/probe/theme.yaml": "description: prints what paper and author pages receive\nextends: default\n",
            "themes/probe/templates/paper.html": PROBE_PAPER,
            "themes/probe/templates/author.html": PROBE_AUTHOR,
        },
    )
    model, _ = load_model(folder)
    output = build_site(folder, tmp_path / "out").output
    for paper in model.papers:
        page = read_html(output / urls.paper(paper) / "index.html")
        assert page.select_one("#probe").get_text() == (
            f"paper|{paper.title.plain}|{len(paper.all_authors)}|"
            f"{urls.relative(urls.paper(paper), urls.paper_bibtex(paper))}"
        )
    owner = next(author for author in model.authors if author.name == "Ada Owner")
    page = read_html(output / urls.author(owner) / "index.html")
    assert [li.get_text() for li in page.select("#probe li")] == [paper.title.plain for paper in model.papers]
    assert page.select_one("#coauthors").get_text() == "2"
    # the pages the probe does not override still come from the default theme
    assert read_html(output / "index.html").select_one("main") is not None
