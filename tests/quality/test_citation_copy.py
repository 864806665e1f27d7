"""The paper page's Cite block in Chromium, in both built-in themes: the style chooser shows one
style at a time without JavaScript, the copy button puts the APA citation on the clipboard as
plain text and says so in its live region, and axe finds nothing with the block in use."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from scholarsite import citation_styles
from scholarsite.build import validate
from scholarsite.citations import cite_keys
from scholarsite.model import Paper
from scholarsite.report import Report
from tests.conftest import build_site, copy_sample_site

import gates

if TYPE_CHECKING:
    from pathlib import Path

    from playwright.sync_api import Browser

BASE = "https://example.org/repo/"


@pytest.fixture(scope="module", params=["default", "classic"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp(f"cite-{request.param}")
    site = copy_sample_site(root / "site")
    output = build_site(site, output_dir=root / "output", theme=request.param, base_url=BASE, use_cache=False).output
    with gates.serve_under_subpath(output) as url:
        yield url, output


def _first_paper(output: Path) -> str:
    return min(path.parent.name for path in (output / "papers").glob("*/index.html"))


def test_copy_button_puts_the_apa_citation_on_the_clipboard(browser: Browser, served: tuple[str, Path]) -> None:
    url, output = served
    context = gates.new_context(browser, gates.DESKTOP, "light")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/repo/")[0])
    page, seen = gates.open_watched(context, f"{url}papers/{_first_paper(output)}/")
    try:
        apa = page.locator("#citation-apa")
        assert apa.is_visible() and not page.locator("#citation-ieee").is_visible()
        button = page.get_by_role("button", name="Copy APA citation")
        button.focus()
        page.keyboard.press("Enter")
        status = page.locator(".cite-style[data-style='apa'] [role='status']")
        status.filter(has_text="Copied").wait_for(timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == apa.text_content()
        assert copied.startswith(page.locator("p.authors a").first.text_content() or "?")
        assert "<" not in copied and "(20" in copied
        # the chooser is a radio group: the keyboard picks IEEE, and only IEEE shows
        page.get_by_role("radio", name="IEEE").check()
        assert page.locator("#citation-ieee").is_visible() and not apa.is_visible()
        assert gates.axe_violations(page) == []
        assert seen.problems() == []
    finally:
        context.close()


def test_the_copied_text_is_the_formatter_s_text(browser: Browser, served: tuple[str, Path]) -> None:
    """What a reader copies is exactly what the formatter made (and what citeproc-js is judged against)."""
    url, output = served
    context = gates.new_context(browser, gates.DESKTOP, "dark", with_axe=False)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/repo/")[0])
    page, _ = gates.open_watched(context, f"{url}papers/{_first_paper(output)}/")
    try:
        page.get_by_role("radio", name="Chicago").check()
        page.get_by_role("button", name="Copy Chicago citation").click()
        status = page.locator(".cite-style[data-style='chicago'] [role='status']")
        status.filter(has_text="Copied").wait_for(timeout=5000)
        copied = page.evaluate("navigator.clipboard.readText()")
        site, _ = validate(output.parent / "site", report=Report(), base_url=BASE)
        paper: Paper = next(p for p in site.papers if p.slug == _first_paper(output))
        assert copied == citation_styles.for_paper(paper, cite_keys(site.papers)[paper.slug], BASE).get("chicago").text
    finally:
        context.close()
