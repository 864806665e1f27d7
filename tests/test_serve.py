"""The live preview as a user sees it: a real server process and a real headless Chromium."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import make_site, sample_profile_text

REPO = Path(__file__).resolve().parents[1]
WAIT_MS = 15_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "--site", str(site), "--port", str(self.port)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise AssertionError(f"serve exited early: {self.process.communicate()}") from None
                time.sleep(0.02)
        raise AssertionError("serve did not start listening")

    def stop(self) -> tuple[int, str, str]:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {"seeds/profile.txt": sample_profile_text()})


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    server = Preview(site)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def shared_preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview for the request tests, which only add files: starting a server is most of their cost."""
    site = make_site(tmp_path_factory.mktemp("shared") / "site", {"seeds/profile.txt": sample_profile_text()})
    server = Preview(site)
    yield server
    server.stop()


@pytest.fixture
def page(preview: Preview, chromium_browser: object) -> Iterator[object]:
    context = chromium_browser.new_context()  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def _open(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    # the live-reload socket is connected once livereload.js has said hello
    page.wait_for_function(
        "() => window.LiveReload && window.LiveReload.connector && "  # type: ignore[attr-defined]
        "window.LiveReload.connector._connectionDesired",
        timeout=WAIT_MS,
    )
    time.sleep(0.3)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_editing_a_title_in_the_seed_updates_the_open_page(preview: Preview, page: object) -> None:
    _open(page, preview.url)
    _edit(preview.site / "seeds/profile.txt", "Coherent Video Inpainting", "Edited Live Title")
    page.get_by_text("Edited Live Title").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_the_open_pages_go_first_and_every_other_page_follows(preview: Preview, chromium_browser: object) -> None:
    context = chromium_browser.new_context()  # type: ignore[attr-defined]
    home, papers = context.new_page(), context.new_page()
    _open(home, preview.url)
    _open(papers, preview.url + "papers/")
    for tab in (home, papers):  # livereload.js tells the server its page once the handshake is done
        tab.wait_for_function("() => window.LiveReload.connector.protocol >= 7", timeout=WAIT_MS)
    time.sleep(0.2)
    _edit(preview.site / "seeds/profile.txt", "Coherent Video Inpainting", "Edited Live Title")
    for tab in (home, papers):
        tab.get_by_text("Edited Live Title").first.wait_for(timeout=WAIT_MS)
    # A page that was not open shows the rest of the site once it is in. It opens in a tab of its own:
    # the open tabs may still be reloaded by the server (a later burst of the same save, or the
    # rest's catch-up reload), which would interrupt a navigation of theirs. Waiting for the text
    # and not for "load" lets this tab, too, be reloaded on the way.
    other = context.new_page()
    other.goto(preview.url + "years/2024/", wait_until="commit")
    other.get_by_text("Edited Live Title").first.wait_for(timeout=WAIT_MS)
    context.close()
    code, out, _ = preview.stop()
    assert code == 0
    # The save's rebuild rendered the open pages first. (Only "any": a second burst of the same save
    # could fall while both tabs reload, with no page open to go first, and still show the edit.)
    rebuilt = [line for line in out.splitlines() if line.startswith("Built ")][1:]
    assert any("the open page first" in line for line in rebuilt), out


def test_a_broken_seed_shows_an_overlay_until_it_is_fixed(preview: Preview, page: object) -> None:
    _open(page, preview.url)
    seed = preview.site / "seeds/profile.txt"
    original = seed.read_text(encoding="utf-8")
    _edit(seed, "LGNov 14, 2022", "LGNov 31, 2022")
    overlay = page.locator("#scholarsite-error")  # type: ignore[attr-defined]
    overlay.wait_for(timeout=WAIT_MS)
    line = original.splitlines().index("LGNov 14, 2022") + 1
    assert f"seeds/profile.txt:{line}: invalid date" in overlay.inner_text()
    assert page.locator("h1").count() == 1  # type: ignore[attr-defined]  # the last good site is still there
    seed.write_text(original.replace("Dissecting Arbitrary-scale", "Fixed And Edited"), encoding="utf-8")
    page.get_by_text("Fixed And Edited").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert overlay.count() == 0


@pytest.mark.parametrize("sheet", ["style.css", "components.css"])
def test_a_css_change_applies_without_a_full_reload(preview: Preview, page: object, sheet: str) -> None:
    css = preview.site / "themes/default/static" / sheet
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text((REPO / "themes/default/static" / sheet).read_text(encoding="utf-8"), encoding="utf-8")
    time.sleep(0.5)  # the new override is itself a change; let that rebuild pass
    _open(page, preview.url)
    page.evaluate("window.__stillTheSamePage = true")  # type: ignore[attr-defined]
    with css.open("a", encoding="utf-8") as handle:
        handle.write("\nbody { outline: 7px solid rgb(1, 2, 3); }\n")
    page.wait_for_function(
        "() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",  # type: ignore[attr-defined]
        timeout=WAIT_MS,
    )
    assert page.evaluate("window.__stillTheSamePage === true")  # type: ignore[attr-defined]


def test_a_new_content_page_appears_and_is_linked(preview: Preview, page: object) -> None:
    _open(page, preview.url)
    (preview.site / "content/pages").mkdir(parents=True)
    (preview.site / "content/pages/teaching.md").write_text(
        "---\ntitle: Teaching\n---\nCourses I teach.\n", encoding="utf-8"
    )
    link = page.get_by_role("link", name="Teaching")  # type: ignore[attr-defined]
    link.wait_for(timeout=WAIT_MS)
    link.click()
    page.get_by_text("Courses I teach.").wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]


def _status(port: int, raw_path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", raw_path, skip_host=False)
    connection.endheaders()
    return connection.getresponse().status


OUTSIDE = (
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fetc/passwd",
    "/papers/../../seeds/profile.txt",
    "/seeds/profile.txt",
    "/site.yaml",
    "/linked/secret.txt",
)


def test_no_request_reads_outside_the_built_site(shared_preview: Preview) -> None:
    preview = shared_preview
    (preview.site / "content/static").mkdir(parents=True)
    (preview.site / "content/static/linked").symlink_to("/etc")
    assert {raw_path: _status(preview.port, raw_path) for raw_path in OUTSIDE} == dict.fromkeys(OUTSIDE, 404)


def test_pages_are_served_with_the_reload_script_but_output_is_untouched(shared_preview: Preview) -> None:
    preview = shared_preview
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    connection.request("GET", "/")
    body = connection.getresponse().read().decode()
    assert "livereload.js" in body
    assert not (preview.site / "output").exists()


def test_sigterm_stops_cleanly(preview: Preview) -> None:
    code, _, err = preview.stop()
    assert code == 0
    assert "Traceback" not in err


def test_sigint_stops_cleanly(preview: Preview) -> None:
    preview.process.send_signal(signal.SIGINT)
    code, _, err = preview.stop()
    assert code == 0
    assert "Traceback" not in err


def test_a_port_in_use_moves_to_the_next_free_one(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "scholarsite", "serve", "--site", str(site), "--port", str(port)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 20
            out = ""
            while time.monotonic() < deadline and "Serving" not in out:
                out += process.stdout.readline()  # type: ignore[union-attr]
            assert f"Port {port} is in use" in out
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=15)


def test_the_reload_names_the_one_changed_stylesheet_or_reloads_the_page() -> None:
    from scholarsite.serve import reload_path

    site = "/site/themes/default/static/"
    assert reload_path([site + "components.css"], failed=False) == "components.css"
    assert reload_path([site + "style.css", site + "style.css"], failed=False) == "style.css"
    assert reload_path([site + "style.css", "/site/content/static/extra.css"], failed=False) == "stylesheets.css"
    assert reload_path([site + "style.css", "/site/seeds/profile.txt"], failed=False) == "*"
    assert reload_path([site + "style.css"], failed=True) == "*"  # the error overlay needs the page reloaded
