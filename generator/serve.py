"""`scholarsite serve`: a live preview built on livereload's Server and watcher.

The site is built in memory and served from a snapshot (a dict of path →
bytes) that is replaced in one step when a rebuild succeeds, so a browser
never sees a half-built site, and no request can read anything but the
built files: there is no file system path to traverse. output/ is not
touched. On a build error the last good snapshot stays, and every page gets
an overlay with the `path:line: message`; fixing the file removes it.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import ioloop

from generator.build import produce
from generator.errors import SiteError
from generator.oserrors import os_error
from generator.render.cache import CACHE_DIR, MemoryCache
from generator.render.themes import builtin_themes_dir
from generator.searchpreview import PreviewIndexer, replace_index, with_previous_index
from generator.words import counted
from generator.report import Report

POLL_SECONDS = 0.05
QUIET_SECONDS = 0.06  # a burst of saves (editors write several files) gives one rebuild
EDITOR_TEMP_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".kate-swp")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
OVERLAY_STYLE = ("position:fixed;left:0;right:0;bottom:0;z-index:2147483647;margin:0;padding:1rem 1.25rem;"
                 "background:#7f1d1d;color:#fff;font:15px/1.5 ui-monospace,monospace;white-space:pre-wrap;"
                 "box-shadow:0 -4px 16px rgba(0,0,0,.4)")


def is_editor_temp_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith(EDITOR_TEMP_SUFFIXES) or name.startswith(".#") or name == "4913"


class QuickWatcher(Watcher):
    """livereload's polling watcher, polled often (a profile site has few files) and
    blind to editor temp files, the output folder and the build cache."""

    def __init__(self, ignored_roots: Iterable[Path]) -> None:
        super().__init__()
        self.ignored_roots = tuple(str(root) + os.sep for root in ignored_roots)
        self.ignore_dirs(CACHE_DIR, "__pycache__", "node_modules")

    def ignore(self, filename: str) -> bool:
        return is_editor_temp_file(filename) or filename.startswith(self.ignored_roots)

    def start(self, callback: Callable[[], None]) -> bool:
        ioloop.PeriodicCallback(callback, POLL_SECONDS * 1000).start()
        return True


class Preview:
    """The current snapshot, the last error, and the rebuild logic."""

    def __init__(self, site_dir: Path, theme: str | None, base_url: str | None) -> None:
        self.site_dir = site_dir
        self.theme = theme
        self.base_url = base_url
        self.memory = MemoryCache()
        self.snapshot: dict[str, bytes] = {}
        self.error = ""
        self.changed: list[str] = []
        self.last_change = 0.0
        self.indexer = PreviewIndexer(self._install_index)

    def _install_index(self, index: dict[str, bytes]) -> None:
        self.snapshot = replace_index(self.snapshot, index)

    def rebuild(self) -> bool:
        """Build into a new snapshot; True when it succeeded."""
        started = time.perf_counter()
        report = Report()
        try:
            product = produce(self.site_dir, theme=self.theme, base_url=self.base_url, report=report,
                              memory=self.memory)
        except (SiteError, OSError) as failure:
            error = failure if isinstance(failure, SiteError) else os_error(failure)
            self.error = error.message
            print(f"Build failed (still serving the last good site):\n{error.message}", file=sys.stderr, flush=True)
            return False
        for warning in report.warnings:
            if not warning.startswith("no base_url"):  # a local preview needs no public address
                print(f"warning: {warning}", file=sys.stderr)
        self.snapshot = with_previous_index({file.path: file.data or b"" for file in product.files}, self.snapshot)
        self.indexer.refresh(product.specs, product.files)  # the search index follows in the background
        self.error = ""
        seconds = time.perf_counter() - started
        print(f"Built {counted(len(product.specs), 'page')} in {seconds:.2f} s ({product.stats.rendered} rendered, "
              f"{product.stats.reused} unchanged)", flush=True)
        return True

    # ----------------------------------------------------------------- changes
    def note_change(self, path: str) -> None:
        self.changed.append(path)
        self.last_change = time.monotonic()

    def rebuild_when_quiet(self) -> None:
        if not self.changed or time.monotonic() - self.last_change < QUIET_SECONDS:
            return
        changed, self.changed = self.changed, []
        self.rebuild()
        only_css = all(path.endswith(".css") for path in changed) and not self.error
        # livereload.js swaps a stylesheet in place when the reloaded path ends in .css
        LiveReloadHandler.reload_waiters(path="static/style.css" if only_css else "*")

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
        if key == "" or key.endswith("/"):
            key += "index.html"
        if key in self.snapshot:
            return self._respond(start_response, "200 OK", key)
        if key + "/index.html" in self.snapshot:
            start_response("301 Moved Permanently", [("Location", path + "/"), ("Content-Length", "0")])
            return [b""]
        return self._respond(start_response, "404 Not Found", "404.html")

    def _respond(self, start_response: Callable[..., Any], status: str, key: str) -> list[bytes]:
        body = self.snapshot.get(key)
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        if body is None:  # no good build yet (or no 404 page): a bare page that can carry the overlay
            body, kind = b"<!DOCTYPE html><html lang=en><head><title>scholarsite</title></head><body></body></html>", "text/html"
        if kind == "text/html":
            kind = "text/html; charset=utf-8"
            if self.error:
                overlay = (f'<div id="scholarsite-error" role="alert" style="{OVERLAY_STYLE}">'
                           f"Build failed:\n{html.escape(self.error)}</div>").encode()
                body = body.replace(b"</body>", overlay + b"</body>", 1)
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


class _QuietServer(Server):
    def _setup_logging(self) -> None:  # our own one-line messages instead of livereload's log
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)

    def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                    live_css: bool = True) -> None:
        """livereload's application with handlers that refuse foreign hosts and origins and answer HEAD."""
        from generator.preview_http import listen

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


def watched_paths(site_dir: Path) -> list[Path]:
    paths = [site_dir / "site.yaml", site_dir / "seeds", site_dir / "content", site_dir / "themes"]
    builtin = builtin_themes_dir()
    if "site-packages" not in builtin.parts:  # an editable install: theme work shows up live too
        paths.append(builtin)
    return paths


def serve(site_dir: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          theme: str | None = None, base_url: str | None = None) -> int:
    site_dir = site_dir.resolve()
    if host not in LOCAL_HOSTS:
        print(f"warning: serving on {host}: other machines on the network can see this preview", file=sys.stderr)
    chosen = free_port(host, port)
    if chosen != port:
        print(f"Port {port} is in use; using {chosen} instead.")
    preview = Preview(site_dir, theme, base_url)
    preview.rebuild()

    watcher = QuickWatcher([site_dir / "output"])
    server = _QuietServer(preview.app, watcher=watcher)
    for path in watched_paths(site_dir):
        server.watch(str(path), lambda: preview.note_change(watcher.filepath or ""), delay="forever")
    ioloop.PeriodicCallback(preview.rebuild_when_quiet, POLL_SECONDS * 1000).start()

    loop = ioloop.IOLoop.current()

    def stop(signum: int, frame: object) -> None:
        loop.add_callback_from_signal(loop.stop)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    shown_host = f"[{host}]" if ":" in host else host
    # Said once the loop runs, i.e. once the port is listening.
    loop.add_callback(lambda: print(f"Serving {site_dir.name} at http://{shown_host}:{chosen}/ (Ctrl-C to stop)",
                                    flush=True))
    server.serve(port=chosen, host=host, debug=False, restart_delay=0,
                 open_url_delay=0.5 if open_browser else None)
    print("Stopped.", flush=True)
    return 0
