"""Search in Chromium, on the sample site served under /repo/, in both built-in themes.

A word from one paper's abstract finds that paper, a filter narrows the
results, the dialog is keyboard-operable and passes axe while open, and
nothing is fetched from another host or before search is opened.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.conftest import build_site, copy_sample_site

import gates

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

WAIT_MS = 15_000


@pytest.fixture(scope="module", params=["default", "classic"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp(f"search-{request.param}")
    site = copy_sample_site(root / "site")
    output = build_site(
        site, output_dir=root / "output", theme=request.param, base_url="https://example.org/repo/", use_cache=False
    ).output
    with gates.serve_under_subpath(output) as url:
        yield url


@pytest.fixture
def page(browser: Browser, served: str) -> Iterator[tuple[Page, gates.PageWatch, list[str]]]:
    context = gates.new_context(browser, gates.DESKTOP, "light")
    page, seen = gates.open_watched(context, served + "papers/")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    yield page, seen, fetched
    context.close()


def _open_search(page: Page, key: str = "/") -> None:
    page.keyboard.press(key)
    page.wait_for_selector("dialog.search-dialog[open]", timeout=WAIT_MS)
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('Type')", timeout=WAIT_MS)


def _results(page: Page) -> list[str]:
    return [link.get_attribute("href") or "" for link in page.query_selector_all(".search-results a")]


def _wait_for_count(page: Page, count_text: str) -> None:
    page.wait_for_function(
        "(text) => document.querySelector('.search-status').textContent.startsWith(text)",
        arg=count_text,
        timeout=WAIT_MS,
    )


def test_a_word_of_an_abstract_finds_its_paper(page: tuple[Page, gates.PageWatch, list[str]], served: str) -> None:
    tab, seen, fetched = page
    assert not [url for url in fetched if "pagefind" in url]  # nothing of the index before search is opened
    _open_search(tab)
    assert tab.evaluate("document.activeElement.id") == "search-input"
    tab.fill("#search-input", "surrogate")  # only in the Mjolnir abstract
    _wait_for_count(tab, "1 paper found")
    (found,) = _results(tab)
    assert found.startswith(served + "papers/mjolnir-") and found.endswith("/")
    assert all(url.startswith(served) for url in fetched)
    assert seen.problems() == []


def test_a_filter_narrows_the_results(page: tuple[Page, gates.PageWatch, list[str]]) -> None:
    tab, seen, _ = page
    _open_search(tab)
    tab.fill("#search-input", "diffusion")
    tab.wait_for_function("document.querySelectorAll('.search-results li').length > 0", timeout=WAIT_MS)
    everything = _results(tab)
    tab.select_option("select[data-filter=year]", "2024")
    tab.wait_for_function(
        "(n) => document.querySelectorAll('.search-results li').length < n", arg=len(everything), timeout=WAIT_MS
    )
    narrowed = _results(tab)
    assert narrowed and set(narrowed) < set(everything)
    tab.select_option("select[data-filter=year]", "")
    tab.select_option("select[data-filter=category]", "Distributed, Parallel, and Cluster Computing")
    tab.wait_for_function(
        "(n) => document.querySelectorAll('.search-results li').length < n", arg=len(everything), timeout=WAIT_MS
    )
    assert seen.problems() == []


def test_the_open_dialog_passes_axe_and_escape_returns_focus(page: tuple[Page, gates.PageWatch, list[str]]) -> None:
    tab, seen, _ = page
    _open_search(tab, "Control+k")
    tab.fill("#search-input", "video")
    tab.wait_for_function("document.querySelectorAll('.search-results li').length > 0", timeout=WAIT_MS)
    assert tab.get_attribute("dialog.search-dialog", "aria-labelledby") == "search-title"
    assert gates.axe_violations(tab) == []
    tab.keyboard.press("Escape")
    tab.wait_for_function("!document.querySelector('dialog.search-dialog').open", timeout=WAIT_MS)
    # The dialog's close event, which hands focus back, is a task queued after close().
    tab.wait_for_function("document.activeElement.classList.contains('search-button')", timeout=WAIT_MS)
    tab.click(".search-button")
    tab.wait_for_selector("dialog.search-dialog[open]", timeout=WAIT_MS)
    assert seen.problems() == []


def test_search_on_a_phone_in_the_dark_passes_axe(browser: Browser, served: str) -> None:
    context = gates.new_context(browser, gates.PHONE, "dark")
    try:
        tab, seen = gates.open_watched(context, served)
        tab.click(".search-button")
        tab.wait_for_selector("dialog.search-dialog[open]", timeout=WAIT_MS)
        tab.fill("#search-input", "learning")
        tab.wait_for_function("document.querySelectorAll('.search-results li').length > 0", timeout=WAIT_MS)
        assert gates.axe_violations(tab) == []
        width = tab.evaluate("document.querySelector('dialog.search-dialog').getBoundingClientRect().width")
        assert width <= gates.PHONE["width"]
        assert seen.problems() == []
    finally:
        context.close()
