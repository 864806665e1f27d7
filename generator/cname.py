"""`cname:` in site.yaml: the custom domain GitHub Pages serves the site at, as a plain host name.

The CNAME file GitHub reads holds a host name and nothing else; a URL there
("https://www.example.org/") breaks the custom domain. A URL with nothing but
a host is read as its host, with a warning; anything else is refused with its
line. The domain also gives the base URL (https://HOST/) when none is set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import SiteError, SourceLocation

LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
EXPECTED = 'a host name such as "www.example.org" (no https://, no path)'


@dataclass(frozen=True, slots=True)
class CustomDomain:
    host: str
    normalised_from: str = ""  # what site.yaml said, when it was not a plain host name

    @property
    def base_url(self) -> str:
        return f"https://{self.host}/"


def custom_domain(value: str, line: int) -> CustomDomain | None:
    """The host of `cname` (None when it is empty); SiteError at site.yaml:`line` when it names no host."""
    given = value.strip()
    if not given:
        return None
    location = SourceLocation("site.yaml", line)
    candidate = given
    if "://" in given:
        try:
            parts = urlsplit(given)
            port = parts.port
        except ValueError:
            raise SiteError(location, f'"cname" {given!r} is not a host name', EXPECTED) from None
        if (
            parts.scheme.lower() not in ("http", "https")
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or parts.username
            or port is not None
        ):
            raise SiteError(
                location, f'"cname" {given!r} is not a host name (a custom domain has no path, port or user)', EXPECTED
            )
        candidate = parts.hostname or ""
    elif given.endswith("/") and "/" not in given[:-1]:
        candidate = given[:-1]
    host = candidate.lower().rstrip(".") if candidate.count(".") >= 1 else candidate.lower()
    try:
        host = host.encode("idna").decode("ascii")  # "bücher.example" → its xn-- form, as DNS has it
    except UnicodeError:
        raise SiteError(location, f'"cname" {given!r} is not a host name', EXPECTED) from None
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise SiteError(location, f'"cname" {given!r} is not a host name', EXPECTED)
    return CustomDomain(host, "" if host == given else given)
