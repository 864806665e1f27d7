"""The preview's HTTP side: which requests it answers, and the handlers that answer them.

The preview serves drafts and error messages, so it answers only this machine's
browser:

- Every request must name the preview by an address of this machine in its
  `Host` header (127.0.0.1, localhost, [::1], with any port) or by the `--host`
  it listens on; any other name is refused with 403. A web page elsewhere can
  point its own DNS name at 127.0.0.1 ("DNS rebinding"), but the browser then
  sends that name as the Host, so it never reads the preview.
- The live-reload WebSocket and `/forcereload` accept only requests from the
  preview's own pages: an `Origin` (or `Sec-Fetch-Site`) from another site is
  refused, so no other page can trigger reloads or listen to them.
- HEAD is answered like GET, with the same headers and no body.

livereload's own handlers are reused for the live-reload protocol; its WSGI
bridge is replaced by `SiteHandler`, which also handles HEAD.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Collection
from typing import Any
from urllib.parse import unquote, urlsplit

from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler  # type: ignore[import-untyped]
from livereload.server import LiveScriptInjector  # type: ignore[import-untyped]
from tornado import escape, web
from tornado.websocket import WebSocketClosedError, WebSocketHandler
from tornado.wsgi import WSGIContainer

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})
CROSS_SITE = frozenset({"cross-site", "same-site"})  # Sec-Fetch-Site values of another origin
LIVE_SCRIPT = (  # livereload's snippet: loads livereload.js from the host the page came from
    '<script type="text/javascript">(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();</script>"
)
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]


def host_name(header: str) -> str:
    """The host of a Host header without its port, lower case: "[::1]:8000" → "::1"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def host_allowed(header: str, listen_host: str) -> bool:
    """Whether a request whose Host header is `header` may see a preview listening on `listen_host`."""
    name = host_name(header)
    allowed = LOOPBACK_NAMES | {host_name(listen_host) if listen_host.startswith("[") else listen_host.lower()}
    if name in allowed:
        return True
    if listen_host in WILDCARD_ADDRESSES:  # on every interface: any address of this machine, never a DNS name
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


class _Guarded(web.RequestHandler):
    """Refuses a request that does not name this preview in its Host header."""

    listen_host = "127.0.0.1"

    def prepare(self) -> None:
        if not host_allowed(self.request.host, self.listen_host):
            self._refuse(f"this preview answers only at 127.0.0.1, localhost or [::1] (Host: {self.request.host!r})")

    def _refuse(self, why: str) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"403 Forbidden: {why}\n")

    def _foreign_origin(self) -> bool:
        """A browser request made by a page of another site."""
        if self.request.headers.get("Sec-Fetch-Site", "").lower() in CROSS_SITE:
            return True
        origin = self.request.headers.get("Origin")
        return origin is not None and urlsplit(origin).netloc.lower() != self.request.host.lower()


class GuardedLiveReload(_Guarded, LiveReloadHandler):  # type: ignore[misc]
    page_path: str | None = None  # the URL path of the page this socket serves, once its script said

    def check_origin(self, origin: str) -> bool:
        # livereload accepts every origin; Tornado's own rule accepts only the preview's pages
        return WebSocketHandler.check_origin(self, origin)

    def on_message(self, message: str | bytes) -> None:
        # A page hears of rebuilds from its "hello" on, not only from its later "info" as in
        # livereload: once its script says it is connected, it asks whether it is still current
        # (see serve.CATCH_UP_SCRIPT), and no reload may fall between that question and its
        # joining the waiters.
        super().on_message(message)
        try:
            said = json.loads(message)
            command = said.get("command")
        except (ValueError, AttributeError):  # not a JSON object: livereload ignores it too
            return
        if command == "hello" and self.ws_connection is not None:
            LiveReloadHandler.waiters.add(self)
        elif command == "info":  # livereload.js says which page it is on
            self.page_path = unquote(urlsplit(str(said.get("url", ""))).path)


def shown_paths() -> set[str]:
    """The URL paths ("/papers/x/") of the pages open in browsers now, as their live-reload scripts said."""
    return {waiter.page_path for waiter in LiveReloadHandler.waiters if waiter.page_path}


def reload_showing(paths: Collection[str]) -> None:
    """Reload the open pages at these URL paths, and no other."""
    message = {"command": "reload", "path": "*", "liveCSS": LiveReloadHandler.live_css, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        if waiter.page_path in paths:
            try:
                waiter.write_message(message)
            except WebSocketClosedError:  # closed under us: gone from the waiters, as in livereload
                LiveReloadHandler.waiters.discard(waiter)


class GuardedForceReload(_Guarded, ForceReloadHandler):  # type: ignore[misc]
    def prepare(self) -> None:
        super().prepare()
        if not self._finished and self._foreign_origin():
            self._refuse("reloads are triggered only by the preview's own pages")


class GuardedScript(_Guarded, LiveReloadJSHandler):  # type: ignore[misc]
    def head(self) -> None:
        self.get()


class SiteHandler(_Guarded):
    """Answers GET and HEAD from the preview's WSGI app (the built snapshot)."""

    def initialize(self, app: WsgiApp) -> None:
        self.app = app

    def compute_etag(self) -> None:  # the preview changes under the browser: no validators, always fresh
        return None

    def get(self) -> None:
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: object = None) -> None:
            answer["status"], answer["headers"] = status, headers

        body = b"".join(self.app(WSGIContainer(self.app).environ(self.request), start_response))
        code, _, reason = answer["status"].partition(" ")
        self.set_status(int(code), reason)
        for name, value in answer["headers"]:
            if name.lower() != "content-length":  # Tornado counts the body after the live script is added
                self.set_header(name, value)
        self.write(body)

    def head(self) -> None:
        self.get()  # Tornado sends the headers of the full answer and drops the body


def listen(app: WsgiApp, *, port: int, host: str, live_css: bool) -> web.Application:
    """The preview's Tornado application, listening on host:port (what livereload's Server.application does)."""
    LiveReloadHandler.live_css = live_css
    _Guarded.listen_host = host
    script = escape.utf8(LIVE_SCRIPT)

    class Inject(LiveScriptInjector):  # type: ignore[misc]
        pass

    Inject.script = script
    application = web.Application(
        handlers=[
            (r"/livereload", GuardedLiveReload),
            (r"/forcereload", GuardedForceReload),
            (r"/livereload.js", GuardedScript),
            (r".*", SiteHandler, {"app": app}),
        ],
        transforms=[Inject],
    )
    application.listen(port, address=host)
    return application
