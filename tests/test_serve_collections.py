"""The live preview of a researcher's whole site: the CV (HTML and PDF), talks, teaching, projects,
posts with their tags and feeds, and news items are all served as a build makes them, and
editing a talk, a post or cv.yaml shows on the page open in Chromium."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SAMPLE_SEED, build_site, main_text
from tests.quality.profiles import write_whole_site
from tests.test_serve import WAIT_MS, Preview, _edit, _open

NEW_KINDS = ("cv/", "cv.pdf", "talks/", "teaching/", "projects/", "posts/", "posts/tags/", "news/")


@pytest.fixture
def whole_site(tmp_path: Path) -> Path:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    (site / "site.yaml").write_text("base_url: https://example.org/repo/\n", encoding="utf-8")  # feeds too
    return site


@pytest.fixture
def preview(whole_site: Path) -> Iterator[Preview]:
    server = Preview(whole_site)
    yield server
    server.stop()


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=15) as response:
        return response.status, response.read()


def _page_url(path: str) -> str:
    """The URL path of a built file: papers/x/index.html → papers/x/."""
    return path.removesuffix("index.html")


@pytest.mark.slow  # a preview server and every page kind of a whole site
def test_every_new_page_kind_is_served_as_the_build_makes_it(whole_site: Path, tmp_path: Path) -> None:
    built = build_site(whole_site, tmp_path / "built", use_cache=False).output
    files = sorted(path.relative_to(built).as_posix() for path in built.rglob("*") if path.is_file())
    files = [name for name in files if not name.startswith((".", "pagefind/"))]  # the writer's own, the index
    for kind in NEW_KINDS:
        assert any(name.startswith(kind) for name in files), f"the build has no {kind}"
    assert {"posts/feed.xml", "news/feed.xml"} <= set(files)

    server = Preview(whole_site)
    try:
        for name in files:
            status, body = _get(server.url + _page_url(name))
            assert status == 200, name
            expected = (built / name).read_bytes()
            if name.endswith(".html"):
                served, made = BeautifulSoup(body, "html.parser"), BeautifulSoup(expected, "html.parser")
                assert served.title is not None and made.title is not None
                assert served.title.get_text() == made.title.get_text(), name
                if made.find("main") is not None:
                    assert main_text(served) == main_text(made), name
                assert any("livereload.js" in script.get_text() for script in served.find_all("script")), name
            else:
                assert body == expected, name  # cv.pdf, the feeds, the citation files: the same bytes
    finally:
        server.stop()


@pytest.mark.browser
def test_editing_a_talk_shows_on_its_open_page(preview: Preview, chromium_browser: object) -> None:
    page = chromium_browser.new_context().new_page()  # type: ignore[attr-defined]
    _open(page, preview.url + "talks/moe-seminar/")
    _edit(preview.site / "content/talks/moe-seminar.md", "Example Seminar", "Edited Live Seminar")
    page.get_by_text("Edited Live Seminar").first.wait_for(timeout=WAIT_MS)
    page.context.close()


@pytest.mark.browser
def test_editing_a_post_shows_on_its_open_page_and_in_the_feed(preview: Preview, chromium_browser: object) -> None:
    page = chromium_browser.new_context().new_page()  # type: ignore[attr-defined]
    _open(page, preview.url + "posts/2025-02-notes/")
    post = preview.site / "content/posts/2025-02-notes.md"
    _edit(post, "Sample post.", "A sentence written live.")
    page.get_by_text("A sentence written live.").first.wait_for(timeout=WAIT_MS)
    _edit(post, "Notes on writing (sample)", "Notes retitled live")
    page.get_by_role("heading", name="Notes retitled live").wait_for(timeout=WAIT_MS)
    page.context.close()
    _, feed = _get(preview.url + "posts/feed.xml")
    titles = [title.get_text() for title in BeautifulSoup(feed, "xml").find_all("title")]
    assert "Notes retitled live" in titles


@pytest.mark.browser
def test_editing_cv_yaml_shows_on_the_open_cv_page(preview: Preview, chromium_browser: object) -> None:
    page = chromium_browser.new_context().new_page()  # type: ignore[attr-defined]
    _open(page, preview.url + "cv/")
    _, pdf_before = _get(preview.url + "cv.pdf")
    cv_yaml = preview.site / "content/cv.yaml"
    _edit(cv_yaml, "Best Paper Award", "Edited Live Award")
    page.get_by_text("Edited Live Award").first.wait_for(timeout=WAIT_MS)
    page.context.close()
    _, pdf_after = _get(preview.url + "cv.pdf")
    assert pdf_after.startswith(b"%PDF-") and pdf_after != pdf_before, "the PDF follows the edit too"
