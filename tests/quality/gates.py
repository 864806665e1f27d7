"""Quality gates: run real validators and a real browser over generated output.

Each gate returns a list of human-readable problems (empty means pass), each
naming the page and what is wrong, so a failing test can print them as they
are.  The external tools are pinned in ``tools/package.json`` and
installed by ``scripts/install-tools``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

# Keyboard and reflow checks live next door; they are part of this API.
from page_checks import focus_ring_problems, reflow_problems, skip_link_problems  # noqa: F401

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, Playwright, Response, Route

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "tools" / "node_modules"
# Debian's package puts Chromium here; Playwright must never download its own.
CHROMIUM = Path("/usr/bin/chromium")
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # 2.2 AA adds the 24 px target size
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

_TOOL_PATHS: dict[str, Path] = {
    "vnu.jar": NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar",
    "axe.min.js": NODE_MODULES / "axe-core" / "axe.min.js",
    "linkinator": NODE_MODULES / ".bin" / "linkinator",
    "lighthouse": NODE_MODULES / ".bin" / "lighthouse",
    "chromium": CHROMIUM,
}


def require(tool_name: str) -> Path:
    """Return the path of an external tool, or stop the test without it.

    Locally a missing tool skips (not everyone runs the browser gates); in CI
    a missing tool is a broken install and must fail loudly instead.
    """
    if tool_name == "java":
        found = shutil.which("java")
        path = Path(found) if found else None
    else:
        path = _TOOL_PATHS[tool_name]
    if path is not None and path.exists():
        return path
    import pytest  # here, so the scripts can use this module without pytest

    message = f"{tool_name} missing; run scripts/install-tools"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")  # pytest.skip raises; keeps type checkers calm


# --------------------------------------------------------------------------
# Serving a built site the way GitHub Pages serves a project site
# --------------------------------------------------------------------------


class _SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under /<subpath>/ and answers every other miss with 404.html."""

    prefix = "/repo/"

    def do_GET(self) -> None:
        self._dispatch(super().do_GET)

    def do_HEAD(self) -> None:
        self._dispatch(super().do_HEAD)

    def _dispatch(self, serve: Callable[[], None]) -> None:
        path = urlsplit(self.path).path
        if path == self.prefix.rstrip("/"):
            # GitHub Pages redirects the bare project path to its slash form.
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif not path.startswith(self.prefix):
            self.send_error(404)
        else:
            serve()

    def translate_path(self, path: str) -> str:
        # Only called for paths under the prefix (see _dispatch).
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # a crawl makes thousands of requests; keep test output readable


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # The default listen backlog (5) drops connections under a parallel crawl.
    request_queue_size = 256

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # aborted browser requests reset connections; that is not a failure


@contextlib.contextmanager
def serve_under_subpath(directory: Path | str, subpath: str = "repo") -> Iterator[str]:
    """Serve ``directory`` at ``http://127.0.0.1:PORT/<subpath>/`` and yield that URL."""
    handler = type("Handler", (_SubpathHandler,), {"prefix": f"/{subpath.strip('/')}/"})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    # A short poll interval makes shutdown() return quickly between tests.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{subpath.strip('/')}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# --------------------------------------------------------------------------
# Markup validity and links
# --------------------------------------------------------------------------


def vnu_errors(directory: Path | str) -> list[str]:
    """Validate every HTML file under ``directory`` with one run of the Nu checker."""
    root = Path(directory).resolve()
    command = [
        str(require("java")),
        "-jar",
        str(require("vnu.jar")),
        "--errors-only",
        "--format",
        "json",
        "--skip-non-html",
        str(root),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    # vnu writes its report to stderr; exit status 1 just means "errors found".
    try:
        report = json.loads(run.stderr)
    except json.JSONDecodeError:
        return [f"vnu failed (exit {run.returncode}): {run.stderr.strip()[:2000]}"]
    problems = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        page = url.removeprefix("file:")
        with contextlib.suppress(ValueError):
            page = Path(page).resolve().relative_to(root).as_posix()
        line = message.get("lastLine", message.get("firstLine", "?"))
        problems.append(f"{page}:{line}: {message.get('message', '').strip()}")
    return problems


def broken_links(base_url: str) -> list[str]:
    """Crawl from ``base_url`` with linkinator; report broken links on the local origin."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}/"
    command = [
        str(require("linkinator")),
        base_url,
        "--recurse",
        "--check-css",
        "--format",
        "json",
        "--concurrency",
        "16",
        "--timeout",
        "20000",
        # Other hosts cannot be reached from CI; only our own files count.
        "--skip",
        "^(?!" + origin.replace(".", r"\.") + ")",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return [f"linkinator failed (exit {run.returncode}): {run.stderr.strip()[:2000]}"]
    return [
        f"{link['url']} ({link.get('status')}) <- {link.get('parent', '(start)')}"
        for link in report.get("links", [])
        if link.get("state") == "BROKEN"
    ]


# --------------------------------------------------------------------------
# Browser: launch, watch a page, accessibility
# --------------------------------------------------------------------------


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch the system Chromium headless with flags that keep it off the network."""
    return playwright.chromium.launch(executable_path=str(require("chromium")), args=CHROME_FLAGS, headless=True)


def new_context(browser: Browser, viewport: dict[str, int], color_scheme: str, with_axe: bool = True) -> BrowserContext:
    """A browser context at ``viewport``; the phone size also behaves like a phone.

    ``with_axe`` preloads axe-core into every page of the context: compiling it
    once per navigation is several times cheaper than injecting it afterwards.
    """
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport,
        color_scheme=color_scheme,
        is_mobile=phone,
        has_touch=phone,
        reduced_motion="reduce",
        service_workers="block",
    )
    if with_axe:
        context.add_init_script(path=require("axe.min.js"))
    return context


@dataclass
class PageWatch:
    """What a page did since its last ``visit``: off-server requests, errors, dialogs."""

    page: Page
    local_host: str = ""
    external_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def visit(self, url: str) -> None:
        """Forget what was seen, then load ``url``; its server becomes the local one."""
        self.local_host = urlsplit(url).hostname or ""
        for found in (self.external_requests, self.console_errors, self.failed_responses, self.dialogs):
            found.clear()
        self.page.goto(url, wait_until="load")

    def problems(self) -> list[str]:
        """Everything seen, one line each."""
        return (
            [f"external request to {urlsplit(u).hostname}: {u}" for u in self.external_requests]
            + [f"console error: {e}" for e in self.console_errors]
            + [f"failed to load {r}" for r in self.failed_responses]
            + [f"script opened a dialog: {d!r}" for d in self.dialogs]
        )


def watch(page: Page) -> PageWatch:
    """Record what ``page`` does and abort every request that leaves the local server.

    Aborting (rather than only noting) keeps tests offline and deterministic.
    The main document is left out of ``failed_responses`` so that the 404 page
    served for a missing URL can be inspected like any other page.
    """
    seen = PageWatch(page)

    def on_route(route: Route) -> None:
        # Host, not host:port: the browser may still fetch the previous site's
        # favicon from its own (also local) server after the next visit began.
        if urlsplit(route.request.url).hostname == seen.local_host:
            route.continue_()
        else:
            seen.external_requests.append(route.request.url)
            route.abort()

    def on_response(response: Response) -> None:
        request = response.request
        if response.status >= 400 and not (request.is_navigation_request() and request.frame == page.main_frame):
            seen.failed_responses.append(f"{response.url} ({response.status})")

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            seen.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_dialog(dialog: Dialog) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()  # an open dialog would block the page for the rest of the test

    page.route("**/*", on_route)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.console_errors.append(f"uncaught {error}"))
    page.on("dialog", on_dialog)
    return seen


def open_watched(context: BrowserContext, url: str) -> tuple[Page, PageWatch]:
    """Open ``url`` in a new page of ``context`` with a ``watch`` on it."""
    seen = watch(context.new_page())
    seen.visit(url)
    return seen.page, seen


def axe_violations(page: Page) -> list[str]:
    """Run the pinned axe-core against the loaded page for WCAG 2.2 A and AA (2.2 adds the target-size rule)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=require("axe.min.js"))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, help: v.help,
                targets: v.nodes.map(n => n.target.join(' '))}));
        }""",
        AXE_TAGS,
    )
    url = page.url
    return [
        f"{url}: {v['id']}: {v['help']} ({len(v['targets'])} nodes: "
        f"{', '.join(v['targets'][:5])}{'…' if len(v['targets']) > 5 else ''})"
        for v in violations
    ]
