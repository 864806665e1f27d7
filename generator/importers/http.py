"""A small, polite HTTP client for the importers (urllib from the standard library).

Timeouts, bounded retries with exponential backoff, HTTP 429/503 `Retry-After`
honoured up to a limit, and one `SiteError` line for every way a request can fail.
Base URLs come from the real APIs unless a `SCHOLARSITE_API_<SOURCE>` variable
replaces them (mirrors, proxies, tests); paths and queries never change.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from .. import __version__
from ..errors import SiteError, SourceLocation

BASE_URLS = {
    "arxiv": "https://export.arxiv.org",
    "s2": "https://api.semanticscholar.org",
    "dblp": "https://dblp.org",
    "orcid": "https://pub.orcid.org",
    "openalex": "https://api.openalex.org",
    "crossref": "https://api.crossref.org",
}
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_ATTEMPTS = 4
MAX_BODY = 64 * 1024 * 1024  # no honest answer of these APIs comes near this


def base_url(source: str, environ: Mapping[str, str] | None = None) -> str:
    """The API's address: `SCHOLARSITE_API_<SOURCE>` when set, else the real one."""
    environ = os.environ if environ is None else environ
    return (environ.get(f"SCHOLARSITE_API_{source.upper()}") or BASE_URLS[source]).rstrip("/")


def user_agent(contact: str) -> str:
    """`scholarsite/VERSION (mailto:CONTACT)`: the APIs ask clients to say who to write to."""
    return f"scholarsite/{__version__} (mailto:{contact})" if contact else f"scholarsite/{__version__}"


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Client:
    """One importer's connection settings; `sleep` is time.sleep unless a caller needs otherwise.

    `backoff` is the first pause between retries in seconds (doubled each time);
    `max_wait` bounds any pause, including one a server asks for with Retry-After.
    """

    source: str
    contact: str = ""
    timeout: float = 30.0
    backoff: float = 1.0
    max_wait: float = 60.0
    attempts: int = MAX_ATTEMPTS
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def from_environment(cls, source: str, contact: str) -> Client:
        """Settings from SCHOLARSITE_HTTP_TIMEOUT / _BACKOFF / _MAX_WAIT when set."""
        environ = dict(os.environ)
        numbers: dict[str, float] = {}
        for name, key in (("timeout", "TIMEOUT"), ("backoff", "BACKOFF"), ("max_wait", "MAX_WAIT")):
            raw = environ.get(f"SCHOLARSITE_HTTP_{key}", "")
            if raw:
                try:
                    numbers[name] = max(0.0, float(raw))
                except ValueError:
                    raise SiteError(
                        SourceLocation(f"SCHOLARSITE_HTTP_{key}"), f'"{raw}" is not a number', "seconds, such as 1.5"
                    ) from None
        return cls(
            source,
            contact,
            environ=environ,
            timeout=numbers.get("timeout", 30.0),
            backoff=numbers.get("backoff", 1.0),
            max_wait=numbers.get("max_wait", 60.0),
        )

    @property
    def base(self) -> str:
        return base_url(self.source, self.environ)

    def url(self, path: str, query: Sequence[tuple[str, str]] = ()) -> str:
        encoded = urllib.parse.urlencode(list(query), safe=":,*", quote_via=urllib.parse.quote)
        return self.base + path + (f"?{encoded}" if encoded else "")

    def get(
        self,
        path: str,
        query: Sequence[tuple[str, str]] = (),
        *,
        accept: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """GET base+path?query; retries what is worth retrying, returns any other answer."""
        url = self.url(path, query)
        headers = {"User-Agent": user_agent(self.contact), "Accept": accept, **(headers or {})}
        last_problem = ""
        for attempt in range(self.attempts):
            wait = min(self.backoff * 2**attempt, self.max_wait)
            try:
                request = urllib.request.Request(url, headers=headers, method="GET")
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    return Response(url, answer.status, answer.headers.get_content_type(), answer.read(MAX_BODY))
            except urllib.error.HTTPError as error:
                body = error.read(MAX_BODY) if error.fp is not None else b""
                response = Response(url, error.code, error.headers.get_content_type() if error.headers else "", body)
                if error.code not in RETRIED_STATUSES:
                    return response
                last_problem = f"HTTP {error.code}"
                asked = retry_after(error.headers.get("Retry-After", "") if error.headers else "")
                if asked is not None:
                    wait = min(asked, self.max_wait)
            except ValueError:  # urllib's answer to a base URL that is not one
                raise SiteError(
                    SourceLocation(f"SCHOLARSITE_API_{self.source.upper()}"),
                    f'"{self.base}" is not a web address',
                    'a URL such as "http://127.0.0.1:8765"',
                ) from None
            except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
                reason = getattr(error, "reason", error)
                last_problem = (
                    "timed out" if isinstance(reason, TimeoutError) else (f"cannot connect ({_reason_text(reason)})")
                )
            if attempt + 1 < self.attempts:
                self.sleep(wait)
        raise SiteError(
            self.location(),
            f"{self.base} {last_problem} (gave up after {self.attempts} attempts: {url})",
            "the service to answer; check the network, or try again later",
        )

    def location(self) -> SourceLocation:
        return SourceLocation(f"import {self.source}")


def retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header (a number or an HTTP date); None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when is not None else None


def _reason_text(reason: object) -> str:
    text = getattr(reason, "strerror", None) or str(reason)
    return " ".join(str(text).split()) or type(reason).__name__


def looks_like_html(response: Response) -> bool:
    head = response.body[:512].lstrip().lower()
    return response.content_type == "text/html" or head.startswith((b"<!doctype html", b"<html"))


def error_text(response: Response) -> str:
    """The server's own explanation, from the JSON error bodies these APIs send, else the text."""
    try:
        data = json.loads(response.body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("error", "message", "developer-message", "user-message"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return _short(value)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return _short(str(value[0].get("message", "")))
    if looks_like_html(response):
        return "an HTML page"
    return _short(response.text)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_json(client: Client, response: Response) -> Any:
    """The body as JSON; an HTML page or broken JSON is one clear error line."""
    if looks_like_html(response):
        raise SiteError(
            client.location(),
            f"{response.url} answered with an HTML page instead of JSON",
            f"the {client.source} API at {client.base} (check SCHOLARSITE_API_{client.source.upper()})",
        )
    try:
        return json.loads(response.body)
    except ValueError:
        raise SiteError(
            client.location(),
            f"{response.url} answered with something that is not JSON ({_short(response.text, 60)!r})",
            "a JSON answer",
        ) from None


def read_json_object(client: Client, response: Response, expected: str) -> dict[str, Any]:
    """The body as a JSON object (`expected` says which answer); anything else is one error line."""
    data = read_json(client, response)
    if not isinstance(data, dict):
        raise SiteError(client.location(), f"{response.url} answered with JSON that is not an object", expected)
    return data


def read_xml(client: Client, response: Response) -> ElementTree.Element:
    """The body as XML. None of these APIs declares entities; a body that does is refused
    rather than expanded (no "billion laughs")."""
    if looks_like_html(response):
        raise SiteError(
            client.location(),
            f"{response.url} answered with an HTML page instead of XML",
            f"the {client.source} API at {client.base} (check SCHOLARSITE_API_{client.source.upper()})",
        )
    if b"<!ENTITY" in response.body[:65536]:
        raise SiteError(
            client.location(), f"{response.url} answered with XML that declares entities", "plain XML from the API"
        )
    try:
        return ElementTree.fromstring(response.body)
    except ElementTree.ParseError as error:
        raise SiteError(
            client.location(), f"{response.url} answered with malformed XML ({error})", "an XML answer"
        ) from None


def fail(client: Client, response: Response, problem: str, expected: str, *, reason: str | None = None) -> SiteError:
    """The error for an answer we cannot use, with the server's reason (or `reason`) appended."""
    reason = error_text(response) if reason is None else reason
    detail = f"HTTP {response.status}" + (f": {reason}" if reason else "")
    return SiteError(client.location(), f"{problem} ({detail}; {response.url})", expected)
