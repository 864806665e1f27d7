"""`scholarsite serve`: a live preview on livereload's server, fed by file-system events.

The site is built in memory and served from a snapshot (a dict of path →
bytes), so no request can read anything but the built files: there is no
file system path to traverse. output/ is not touched. On a build error the
last good snapshot stays, and every page gets an overlay with the
`path:line: message`; fixing the file removes it.

A save is shown as soon as the page on screen is rendered: after the site is
read and planned, the pages the open browsers show are rendered first, swapped
into the snapshot and reloaded; the rest of the site renders in a thread and
then replaces the snapshot in one step, and any other open page that was
served from the last build meanwhile is reloaded. So once a rebuild is done,
everything served is that build's, as a full build would make it.

The inputs are watched (generator/watch.py) before the first build starts, so
a save at any moment after `scholarsite serve` starts is shown.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livereload import Server  # type: ignore[import-untyped]
from livereload.handlers import LiveReloadHandler  # type: ignore[import-untyped]
from livereload.watcher import Watcher  # type: ignore[import-untyped]
from tornado import ioloop

from . import urls
from .build import PlannedSite, RenderedSite, plan_site, render_first, render_planned, settings
from .buildcache import user_bytecode_dir
from .errors import SiteError
from .oserrors import os_error
from .preview_http import listen, reload_showing, shown_paths
from .render.cache import MemoryCache
from .render.themes import builtin_themes_dir
from .report import Report
from .searchpreview import PreviewIndexer, replace_index, with_previous_index
from .watch import InputWatcher
from .words import counted

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# What the preview serves changes with each rebuild; this answers which rebuild it is now.
GENERATION_PATH = "livereload-generation"
# A page fetched just before a rebuild whose reload it missed (its live-reload socket connected
# after that reload was sent) asks, once connected, whether it is still current.
CATCH_UP_SCRIPT = (
    '<script>document.addEventListener("LiveReloadConnect",function(){{'
    'fetch("/{path}",{{cache:"no-store"}}).then(function(r){{return r.text()}})'
    '.then(function(g){{if(g!=="{generation}")location.reload()}})}})</script>'
)
OVERLAY_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;margin:0;padding:1rem 1.25rem;"
    "background:#7f1d1d;color:#fff;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap;"
    "box-shadow:0 -4px 16px rgba(0,0,0,.4)"
)


class EventsOnly(Watcher):  # type: ignore[misc]
    """livereload's watcher, never polled: the changes come from `InputWatcher`'s events."""

    def start(self, callback: Callable[[], None]) -> bool:
        return True  # True tells livereload not to poll either


@dataclass(frozen=True, slots=True)
class _Rest:
    """The rest of a rebuild, made in a thread after its open pages were swapped in."""

    made: RenderedSite | SiteError | OSError
    report: Report
    started: float
    first_seconds: float
    first_rendered: int  # pages the open pages' pass rendered (the rest found them in memory)
    good: dict[str, bytes]  # the snapshot before the open pages were swapped in


class Preview:
    """The current snapshot, the last error, and the rebuild logic."""

    def __init__(self, site_dir: Path, theme: str | None, base_url: str | None) -> None:
        self.site_dir = site_dir
        self.theme = theme
        self.base_url = base_url
        self.memory = MemoryCache()
        self.compiled_templates = user_bytecode_dir()  # the first build compiles only templates that changed
        self.snapshot: dict[str, bytes] = {}
        self.error = ""
        self.changed: list[str] = []
        self.generation = 0  # one more for each rebuild, good or failed: the pages (or the overlay) changed
        self.indexer = PreviewIndexer(self._install_index)
        self.shown_first: frozenset[str] = frozenset()  # the files the last rebuild rendered ahead of the rest
        self._rest: threading.Thread | None = None  # the rest of the last rebuild, while it renders
        self._rest_result: _Rest | None = None  # what it made, until the loop installs it

    def _install_index(self, index: dict[str, bytes]) -> None:
        self.snapshot = replace_index(self.snapshot, index)

    def rebuild(self, shown: Collection[str] = ()) -> bool:
        """Build into a new snapshot; True when it succeeded.

        `shown` are the output files the open pages show ("papers/x/index.html"). Those are
        rendered and swapped in first, so the browser can reload them at once; the rest of the
        site follows in a thread (`_complete`), and then replaces the snapshot as a whole.
        """
        self._wait_for_rest()
        started = time.perf_counter()
        report = Report()
        try:
            chosen = settings(self.site_dir, theme=self.theme, base_url=self.base_url, report=report)
            planned = plan_site(self.site_dir, chosen, report=report, memory=self.memory)
            first = (
                render_first(planned, shown, memory=self.memory, compiled_templates=self.compiled_templates)
                if shown
                else None
            )
            if first is None:
                made = render_planned(
                    planned, report=report, memory=self.memory, compiled_templates=self.compiled_templates
                )
                return self._installed(made, report, started)
        except (SiteError, OSError) as failure:
            return self._failed(failure)
        good = self.snapshot  # the last good site, served again if the rest of this build fails
        self.snapshot = {**good, **{file.path: file.data or b"" for file in first.files}}
        self.error = ""
        self.generation += 1
        self.shown_first = frozenset(file.path for file in first.files)
        seconds = time.perf_counter() - started
        loop = ioloop.IOLoop.current()
        self._rest = threading.Thread(
            target=self._complete, args=(planned, report, started, seconds, first.rendered, good, loop), daemon=True
        )
        self._rest.start()
        return True

    def _complete(
        self,
        planned: PlannedSite,
        report: Report,
        started: float,
        first_seconds: float,
        first_rendered: int,
        good: dict[str, bytes],
        loop: ioloop.IOLoop,
    ) -> None:
        """The rest of a rebuild whose open pages went first (in a thread); installed on the loop."""
        try:
            made: RenderedSite | SiteError | OSError = render_planned(
                planned, report=report, memory=self.memory, compiled_templates=self.compiled_templates
            )
        except (SiteError, OSError) as failure:
            made = failure
        self._rest_result = _Rest(made, report, started, first_seconds, first_rendered, good)
        loop.add_callback(self._finish_rest)

    def _finish_rest(self) -> None:
        rest, self._rest_result = self._rest_result, None
        if rest is None:  # installed already, by the rebuild that waited for it
            return
        if not isinstance(rest.made, RenderedSite):
            self.snapshot = rest.good
            self._failed(rest.made)
            reload_showing(shown_paths())  # every open page shows the error
            return
        self._installed(rest.made, rest.report, rest.started, first=(rest.first_seconds, rest.first_rendered))
        # Open pages other than the ones rendered first were served from the last build: reload them.
        # A page still loading asks whether it is current once connected (CATCH_UP_SCRIPT).
        reload_showing({path for path in shown_paths() if self.page_file(path) not in self.shown_first})

    def _wait_for_rest(self) -> None:
        """A rebuild waits for the rest of the last one, and installs it, before it starts."""
        if self._rest is not None:
            self._rest.join()
            self._rest = None
            self._finish_rest()

    def _installed(
        self, made: RenderedSite, report: Report, started: float, *, first: tuple[float, int] | None = None
    ) -> bool:
        for warning in report.warnings:
            if not warning.startswith("no base_url"):  # a local preview needs no public address
                print(f"warning: {warning}", file=sys.stderr)
        previous = self.snapshot
        self.snapshot = {file.path: file.data or b"" for file in made.files}
        if made.config.search:
            self.snapshot = with_previous_index(self.snapshot, previous)
            self.indexer.refresh(made.pages, made.files)  # the search index follows in the background
        else:
            self.indexer.cancel()  # an index still being made for an earlier rebuild is not installed
        self.error = ""
        self.generation += 1
        seconds = time.perf_counter() - started
        went_first = "" if first is None else f"; the open page first, in {first[0]:.2f} s"
        rendered = made.rendered + (first[1] if first is not None else 0)
        print(
            f"Built {counted(len(made.pages), 'page')} in {seconds:.2f} s ({rendered} rendered, "
            f"{len(made.pages) - rendered} unchanged{went_first})",
            flush=True,
        )
        return True

    def _failed(self, failure: SiteError | OSError) -> bool:
        error = failure if isinstance(failure, SiteError) else os_error(failure)
        self.error = error.message
        self.generation += 1
        print(f"Build failed (still serving the last good site):\n{error.message}", file=sys.stderr, flush=True)
        return False

    def page_file(self, url_path: str) -> str:
        """The snapshot file a request for `url_path` is answered with (a folder's index.html, or 404.html)."""
        key = urls.output_file(url_path.lstrip("/"))
        if key in self.snapshot:
            return key
        folder = urls.output_file(url_path.lstrip("/") + "/")
        return folder if folder in self.snapshot else "404.html"

    # ----------------------------------------------------------------- changes
    def note_changes(self, paths: list[str]) -> None:
        """Called on the server's loop for each burst of saves the watcher reports."""
        self.changed += paths
        # Bursts reported while a rebuild runs queue up here; the first rebuild after them takes them all.
        ioloop.IOLoop.current().add_callback(self.rebuild_changed)

    def rebuild_changed(self) -> None:
        if not self.changed:
            return
        changed, self.changed = self.changed, []
        shown = {self.page_file(path) for path in shown_paths()}
        self.rebuild(shown if reload_path(changed, failed=False) == "*" else ())
        LiveReloadHandler.reload_waiters(path=reload_path(changed, failed=bool(self.error)))

    # -------------------------------------------------------------------- WSGI
    def app(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        raw = environ.get("PATH_INFO", "/")
        try:
            path = raw.encode("latin-1").decode("utf-8")
        except UnicodeError:
            return self._respond(start_response, "404 Not Found", "404.html")
        segments = path.split("/")
        if any(part in ("..", ".") or "\\" in part or "\x00" in part for part in segments):
            return self._respond(start_response, "404 Not Found", "404.html")
        key = path.lstrip("/")
        if key == GENERATION_PATH:
            body = str(self.generation).encode()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                ],
            )
            return [body]
        key = urls.output_file(key)
        if key in self.snapshot:
            return self._respond(start_response, "200 OK", key)
        if urls.output_file(key + "/") in self.snapshot:
            start_response("301 Moved Permanently", [("Location", path + "/"), ("Content-Length", "0")])
            return [b""]
        return self._respond(start_response, "404 Not Found", "404.html")

    def _respond(self, start_response: Callable[..., Any], status: str, key: str) -> list[bytes]:
        body = self.snapshot.get(key)
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if body is None:  # no good build yet (or no 404 page): a bare page that can carry the overlay
            body = b"<!DOCTYPE html><html lang=en><head><title>scholarsite</title></head><body></body></html>"
            kind = "text/html"
        if kind == "text/html":
            kind = "text/html; charset=utf-8"
            added = CATCH_UP_SCRIPT.format(path=GENERATION_PATH, generation=self.generation)
            if self.error:
                added = (
                    f'<div id="scholarsite-error" role="alert" style="{OVERLAY_STYLE}">'
                    f"Build failed:\n{html.escape(self.error)}</div>"
                ) + added
            body = body.replace(b"</body>", added.encode() + b"</body>", 1)
        start_response(
            status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")]
        )
        return [body]


def reload_path(changed: list[str], *, failed: bool) -> str:
    """What livereload.js is told changed. For stylesheets alone it swaps them in place, without
    reloading the page: the one whose link ends in that file name, or every one for a name that
    none ends in (several stylesheets changed). Anything else reloads the page ("*")."""
    if failed or not changed or not all(path.endswith(".css") for path in changed):
        return "*"
    names = {Path(path).name for path in changed}
    return names.pop() if len(names) == 1 else "stylesheets.css"


class _QuietServer(Server):  # type: ignore[misc]
    def _setup_logging(self) -> None:  # our own one-line messages instead of livereload's log
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)

    def application(
        self, port: int, host: str, liveport: int | None = None, debug: bool | None = None, live_css: bool = True
    ) -> None:
        """livereload's application with handlers that refuse foreign hosts and origins and answer HEAD."""
        LiveReloadHandler.watcher = self.watcher
        listen(self.app, port=port, host=host, live_css=live_css)


def free_port(host: str, wanted: int, attempts: int = 20) -> int:
    for port in range(wanted, wanted + attempts):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, port))
            except OSError:
                continue
            return port
    raise OSError(f"ports {wanted}–{wanted + attempts - 1} are all in use")


def theme_folders() -> list[Path]:
    """The built-in themes when scholarsite runs from a checkout (an editable install): theme work shows up live."""
    builtin = builtin_themes_dir()
    return [] if "site-packages" in builtin.parts else [builtin]


def serve(
    site_dir: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    theme: str | None = None,
    base_url: str | None = None,
) -> int:
    site_dir = site_dir.resolve()
    if host not in LOCAL_HOSTS:
        print(f"warning: serving on {host}: other machines on the network can see this preview", file=sys.stderr)
    chosen = free_port(host, port)
    if chosen != port:
        print(f"Port {port} is in use; using {chosen} instead.")
    preview = Preview(site_dir, theme, base_url)
    loop = ioloop.IOLoop.current()
    # Armed before the first build reads a file: a save made while it runs is reported and rebuilt after it.
    watcher = InputWatcher(site_dir, lambda paths: loop.add_callback(preview.note_changes, paths), theme_folders())
    watcher.start()
    preview.rebuild()
    server = _QuietServer(preview.app, watcher=EventsOnly())

    def stop(signum: int, frame: object) -> None:
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    shown_host = f"[{host}]" if ":" in host else host
    # Said once the loop runs, i.e. once the port is listening.
    loop.add_callback(
        lambda: print(f"Serving {site_dir.name} at http://{shown_host}:{chosen}/ (Ctrl-C to stop)", flush=True)
    )
    try:
        server.serve(port=chosen, host=host, debug=False, restart_delay=0, open_url_delay=0.5 if open_browser else None)
    finally:
        watcher.stop()
    print("Stopped.", flush=True)
    return 0
