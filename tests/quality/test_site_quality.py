"""Run the quality gates on real generated sites: the sample and the stress profiles.

Every gate collects all problems across the pages it visits and fails on the
whole list, so one failure names every page and problem at once.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlsplit

import pytest

import gates
import profiles

if TYPE_CHECKING:
    from conftest import BuiltSites

# Pages that every build writes, and page kinds that have one page per item.
FIXED_PAGES = {
    "home": "index.html",
    "papers": "papers/index.html",
    "authors": "authors/index.html",
    "categories": "categories/index.html",
    "years": "years/index.html",
    "404": "404.html",
}
ITEM_FOLDERS = {"paper": "papers", "author": "authors", "category": "categories", "year": "years"}
# Pages of the collections, news and the CV: only on sites that have them (all on the whole site).
CONTENT_PAGES = {
    "talks": "talks/index.html",
    "teaching": "teaching/index.html",
    "projects": "projects/index.html",
    "posts": "posts/index.html",
    "news": "news/index.html",
    "cv": "cv/index.html",
}
CONTENT_FOLDERS = {
    "talk": "talks",
    "course": "teaching",
    "project": "projects",
    "post": "posts",
    "tag": "posts/tags",
    "news_item": "news",
}


@pytest.fixture(params=profiles.SITE_NAMES)
def site(request: pytest.FixtureRequest) -> str:
    return request.param


def expect_none(problems: list[str], what: str, limit: int = 150) -> None:
    """Fail with one line per problem (and no traceback noise) unless there are none."""
    if problems:
        more = f"\n… and {len(problems) - limit} more" if len(problems) > limit else ""
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems[:limit]) + more, pytrace=False)


def page_of_each_kind(output: Path) -> dict[str, str]:
    """Kind -> URL path under the base URL, one page per kind.

    For the per-item kinds the largest page is taken: it has the most content
    (most papers on an author page, most authors on a paper page), so it is
    the one most likely to break.
    """
    found = {kind: file for kind, file in {**FIXED_PAGES, **CONTENT_PAGES}.items() if (output / file).is_file()}
    for kind, folder in {**ITEM_FOLDERS, **CONTENT_FOLDERS}.items():
        pages = sorted(output.glob(f"{folder}/*/index.html"), key=lambda p: (-p.stat().st_size, p.as_posix()))
        if pages:
            found[kind] = pages[0].relative_to(output).as_posix()
    return {kind: file.removesuffix("index.html") for kind, file in found.items()}


def test_expected_pages_exist(site: str, built_sites: BuiltSites) -> None:
    output = built_sites.output(site)
    missing = [file for file in [*FIXED_PAGES.values(), ".nojekyll"] if not (output / file).is_file()]
    if site.startswith("whole-site"):
        missing += [file for file in CONTENT_PAGES.values() if not (output / file).is_file()]
        missing += [
            f"{folder}/<one>/index.html"
            for folder in CONTENT_FOLDERS.values()
            if not any(output.glob(f"{folder}/*/index.html"))
        ]
        missing += [file for file in ("cv.pdf", "posts/feed.xml", "news/feed.xml") if not (output / file).is_file()]
    if profiles.has_papers(site):
        missing += [
            f"{folder}/<one>/index.html"
            for folder in ITEM_FOLDERS.values()
            if not any(output.glob(f"{folder}/*/index.html"))
        ]
    expect_none(missing, f"pages missing from {site}")


def test_html_is_valid(site: str, built_sites: BuiltSites) -> None:
    errors = gates.vnu_errors(built_sites.output(site))
    expect_none(errors, f"HTML errors in {site}")


def test_no_broken_links(site: str, built_sites: BuiltSites) -> None:
    broken = gates.broken_links(built_sites.url(site))
    expect_none(broken, f"broken links in {site}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_accessibility(
    site: str, size: str, scheme: str, built_sites: BuiltSites, tabs: dict[tuple[str, str], gates.PageWatch]
) -> None:
    """axe (WCAG 2.1 A/AA) on one page of every kind."""
    base, tab = built_sites.url(site), tabs[(size, scheme)]
    problems = []
    for path in page_of_each_kind(built_sites.output(site)).values():
        tab.visit(base + path)
        problems += gates.axe_violations(tab.page)
    expect_none(problems, f"axe violations ({size}, {scheme})")


def test_phone_layout_does_not_scroll_sideways(
    site: str, built_sites: BuiltSites, tabs: dict[tuple[str, str], gates.PageWatch]
) -> None:
    """WCAG 1.4.10 Reflow, which axe does not check: at 360px nothing may stick out."""
    base, tab = built_sites.url(site), tabs[("phone", "light")]
    problems = []
    for path in page_of_each_kind(built_sites.output(site)).values():
        tab.visit(base + path)
        problems += gates.reflow_problems(tab.page)
    expect_none(problems, "pages wider than a phone")


def test_no_external_requests_or_errors(
    site: str, built_sites: BuiltSites, tabs: dict[tuple[str, str], gates.PageWatch]
) -> None:
    """Pages load only their own files, log no errors and never run injected script."""
    base, tab = built_sites.url(site), tabs[("desktop", "light")]
    problems = []
    for path in page_of_each_kind(built_sites.output(site)).values():
        tab.visit(base + path)
        problems += [f"{base + path}: {problem}" for problem in tab.problems()]
    expect_none(problems, "page loading problems")


def test_keyboard(site: str, built_sites: BuiltSites, tabs: dict[tuple[str, str], gates.PageWatch]) -> None:
    """The skip link comes first and works; every stop is reached and shows a ring."""
    base, tab = built_sites.url(site), tabs[("desktop", "light")]
    problems = []
    for path in page_of_each_kind(built_sites.output(site)).values():
        tab.visit(base + path)
        problems += gates.skip_link_problems(tab.page)
        problems += gates.focus_ring_problems(tab.page)
    expect_none(problems, "keyboard problems")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("missing", ["x", "a/b/c/"])
def test_missing_url_gets_working_404_page(
    site: str, missing: str, built_sites: BuiltSites, tabs: dict[tuple[str, str], gates.PageWatch]
) -> None:
    """GitHub Pages answers any missing URL with 404.html: it must work from any depth."""
    base, tab = built_sites.url(site), tabs[("desktop", "light")]
    url = base + missing
    status = _status(url)
    problems = [] if status == 404 else [f"the server answered {status}, not 404"]
    tab.visit(url)
    # Chrome reports the document's own 404 status as a console error; that one is expected.
    problems += [
        p
        for p in tab.problems()
        if not (p.startswith("console error: Failed to load resource") and p.endswith(f"({url})"))
    ]
    sheets = tab.page.evaluate("""() => [...document.querySelectorAll('link[rel~="stylesheet"]')]
        .map((link) => [link.href, link.sheet ? link.sheet.cssRules.length : 0])""")
    if not sheets:
        problems.append("no stylesheet is linked")
    problems += [f"stylesheet {href} did not load" for href, rules in sheets if rules == 0]
    # Every link and resource must resolve to a real page of the site, not to the 404 page.
    targets = tab.page.evaluate("""() => [...document.querySelectorAll('[href], [src]')]
        .map((el) => el.href || el.src).filter((u) => typeof u === 'string')""")
    origin = urlsplit(url).netloc
    for target in sorted({urldefrag(t).url for t in targets if urlsplit(t).netloc == origin}):
        if target != url and (status := _status(target)) != 200:
            problems.append(f"link to {target} answers {status}")
    expect_none(problems, f"problems with the 404 page at {url}")
