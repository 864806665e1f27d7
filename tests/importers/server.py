"""A loopback HTTP server for the importer tests: serves recorded API responses, records requests.

Started by a test on 127.0.0.1 with port 0 (the system picks a free one), in a thread,
and reached through the SCHOLARSITE_API_<SOURCE> variables, as a mirror would be.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "importers"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    hold: bool = False  # answer only when the server stops: a request that times out


def recorded(relative: str, status: int = 200, content_type: str = "") -> Reply:
    """A reply whose body is the recorded file tests/data/importers/<relative>, byte for byte."""
    kind = (
        content_type
        or {
            ".json": "application/json",
            ".xml": "application/atom+xml" if "arxiv" in relative else "application/xml",
            ".bib": "application/x-bibtex",
            ".txt": "text/plain",
        }[Path(relative).suffix]
    )
    return Reply(status, (DATA / relative).read_bytes(), kind)


@dataclass(frozen=True)
class Request:
    path: str  # decoded
    raw_path: str
    query: dict[str, list[str]]
    headers: Mapping[str, str]


@dataclass
class Route:
    path: str
    replies: list[Reply]
    query: Mapping[str, str] | None  # None: any query; else every parameter must match exactly


class RecordedApi:
    """Routes (path, query) → replies; a route with several replies gives them in turn, then repeats the last."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[Request] = []
        self.released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        # serve_forever looks for shutdown() every poll_interval (0.5 s by default), which each test would wait out
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, path: str, *replies: Reply, query: Mapping[str, str] | None = None) -> None:
        self.routes.append(Route(path, list(replies), query))

    def start(self) -> RecordedApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]

    def _answer(self, request: Request) -> Reply:
        for route in self.routes:
            if route.path != request.path:
                continue
            if route.query is not None and {key: values[-1] for key, values in request.query.items()} != dict(
                route.query
            ):
                continue
            return route.replies.pop(0) if len(route.replies) > 1 else route.replies[0]
        return Reply(404, b'{"error": "no recorded response for this request"}')

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                request = Request(
                    urllib.parse.unquote(parts.path),
                    parts.path,
                    urllib.parse.parse_qs(parts.query, keep_blank_values=True),
                    dict(self.headers),
                )
                api.requests.append(request)
                reply = api._answer(request)
                if reply.hold:
                    api.released.wait(timeout=30)
                    return
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
                pass

        return Handler


def serving(api: RecordedApi) -> Iterator[RecordedApi]:
    api.start()
    try:
        yield api
    finally:
        api.stop()


def environment(
    api: RecordedApi, sources: Sequence[str] = ("arxiv", "s2", "dblp", "orcid", "openalex", "crossref")
) -> dict[str, str]:
    """Every API pointed at the loopback server, pauses tiny, the date fixed."""
    env = {f"SCHOLARSITE_API_{source.upper()}": api.url for source in sources}
    env.update(
        {
            "SCHOLARSITE_HTTP_BACKOFF": "0.001",
            "SCHOLARSITE_HTTP_MAX_WAIT": "0.01",
            "SCHOLARSITE_HTTP_TIMEOUT": "10",
            "SOURCE_DATE_EPOCH": "1796083200",
        }
    )  # 2026-12-01
    return env
