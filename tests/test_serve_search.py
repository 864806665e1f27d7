"""Search in the live preview: the index exists, and follows an edit once the page has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_site, sample_profile_text
from tests.test_serve import WAIT_MS, Preview

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    server = Preview(make_site(tmp_path / "site", {"seeds/profile.txt": sample_profile_text()}))
    yield server
    server.stop()


def _search(page: object, words: str) -> str:
    """Open search on a fresh load of the papers page, type `words`; the status line.

    A page loaded just before a rebuild reloads itself once its live-reload socket is up
    (it missed that rebuild's reload); a search cut short by that reload is made again."""
    from playwright.sync_api import Error

    for _ in range(5):
        try:
            return _search_once(page, words)
        except Error as error:
            if "null" not in str(error) and "navigat" not in str(error) and "context was destroyed" not in str(error):
                raise
    return _search_once(page, words)


def _search_once(page: object, words: str) -> str:
    page.goto(page.url)  # type: ignore[attr-defined]
    # once connected, a stale page reloads itself (see serve.CATCH_UP_SCRIPT); search on the current one
    page.wait_for_function(
        "() => window.LiveReload && window.LiveReload.connector && "  # type: ignore[attr-defined]
        "window.LiveReload.connector._connectionDesired",
        timeout=WAIT_MS,
    )
    page.keyboard.press("/")  # type: ignore[attr-defined]
    page.wait_for_function(
        "/^(Type|Search is not)/.test(document.querySelector('.search-status').textContent)",  # type: ignore[attr-defined]
        timeout=WAIT_MS,
    )
    if page.inner_text(".search-status").startswith("Search is not"):  # type: ignore[attr-defined]
        return "no index yet"
    page.fill("#search-input", words)  # type: ignore[attr-defined]
    page.wait_for_function(
        "/found|No paper/.test(document.querySelector('.search-status').textContent)",  # type: ignore[attr-defined]
        timeout=WAIT_MS,
    )
    return page.inner_text(".search-status")  # type: ignore[attr-defined,no-any-return]


def _search_until(page: object, words: str, expected: str) -> None:
    """The index follows each rebuild in the background: search fresh loads until it answers `expected`."""
    status = ""
    for _ in range(100):
        status = _search(page, words)
        if status.startswith(expected):
            return
        page.wait_for_timeout(200)  # type: ignore[attr-defined]
    raise AssertionError(f"searching {words!r} kept answering {status!r}")


def _found(page: object) -> list[str]:
    return [link.get_attribute("href") for link in page.query_selector_all(".search-results a")]  # type: ignore[attr-defined]


def test_search_works_in_serve_and_follows_an_edit(preview: Preview, chromium_browser: object) -> None:
    context = chromium_browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(preview.url + "papers/")
        _search_until(page, "surrogate", "1 paper found")
        assert len(_found(page)) == 1 and "/papers/mjolnir-" in _found(page)[0]

        seed = preview.site / "seeds/profile.txt"
        seed.write_text(
            seed.read_text(encoding="utf-8").replace("surrogate client", "quokkalike client", 1), encoding="utf-8"
        )
        _search_until(page, "quokkalike", "1 paper found")  # the page is rebuilt first, the index after it
        assert len(_found(page)) == 1 and "/papers/mjolnir-" in _found(page)[0]
        assert _search(page, "surrogate").startswith("No paper")  # the old word is gone from the index
    finally:
        context.close()
