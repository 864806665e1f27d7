"""No lost edit in the live preview: a save made at any moment after `scholarsite serve` starts
shows, and so does one whose reload a page missed because it was still loading."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import make_site, sample_profile_text
from tests.test_serve import REPO, WAIT_MS, Preview, _free_port

TITLE = "Coherent Video Inpainting"
TRIES = 6  # with the polling watcher, about four in six of these saves were never shown
SHOW_SECONDS = 15


def _home_titles(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
        return BeautifulSoup(response.read(), "html.parser").get_text(" ")


def _generation(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload-generation", timeout=5) as response:
        return str(response.read().decode())


@pytest.mark.slow
@pytest.mark.parametrize("when", ["while the first build runs", "as the first build ends"])
def test_a_save_right_after_the_preview_starts_is_always_shown(tmp_path: Path, when: str) -> None:
    for attempt in range(TRIES):
        site = make_site(tmp_path / f"site-{attempt}", {"seeds/profile.txt": sample_profile_text()})
        seed = site / "seeds/profile.txt"
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "--site", str(site), "--port", str(port)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            assert process.stdout is not None
            if when == "as the first build ends":
                while "Built" not in (line := process.stdout.readline()):
                    assert line, "serve exited before its first build"
            else:  # the build starts about half a second in (imports) and takes a few tenths
                time.sleep(0.45 + 0.12 * attempt)
            edited = f"Saved Early {attempt}"
            seed.write_text(seed.read_text(encoding="utf-8").replace(TITLE, edited), encoding="utf-8")
            deadline = time.monotonic() + SHOW_SECONDS
            shown = False
            while not shown and time.monotonic() < deadline:
                with contextlib.suppress(OSError):  # not listening yet
                    shown = edited in _home_titles(port)
                time.sleep(0.05)
            assert shown, f"try {attempt + 1}: the save {when} was not shown within {SHOW_SECONDS} s"
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=15)


@pytest.mark.browser
def test_a_page_that_missed_its_reload_while_loading_catches_up(tmp_path: Path, chromium_browser: object) -> None:
    site = make_site(tmp_path / "site", {"seeds/profile.txt": sample_profile_text()})
    preview = Preview(site)
    context = chromium_browser.new_context()  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        held: list[object] = []

        # The page's live-reload script is held back, so the rebuild's reload goes out before the
        # page is listening: the reload is missed, as when a page loads during a rebuild.
        def hold(route: object) -> None:
            held.append(route)

        page.route("**/livereload.js*", hold)
        page.goto(preview.url, wait_until="domcontentloaded")
        page.wait_for_timeout(300)
        assert held, "the page asked for its live-reload script"
        before = _generation(preview.port)
        seed = site / "seeds/profile.txt"
        seed.write_text(seed.read_text(encoding="utf-8").replace(TITLE, "Rebuilt Meanwhile"), encoding="utf-8")
        deadline = time.monotonic() + SHOW_SECONDS
        while _generation(preview.port) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _generation(preview.port) != before, "the save was rebuilt"
        assert page.get_by_text("Rebuilt Meanwhile").count() == 0  # the open page is the old one
        held[0].continue_()  # type: ignore[attr-defined]
        page.get_by_text("Rebuilt Meanwhile").first.wait_for(timeout=WAIT_MS)
    finally:
        context.close()
        preview.stop()
