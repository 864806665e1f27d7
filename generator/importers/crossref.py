"""Crossref: `crossref 10.1073/pnas.1414271111 …` — the publisher's own record of each DOI.

Without DOIs the import asks for every DOI the site already knows (its profile,
.bib files, paper files and the other imports); a DOI Crossref does not hold
(DataCite registers arXiv's and Zenodo's) is then skipped with a note.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import SiteError
from . import records as clean
from .http import Client, fail, read_json
from .records import Fetched, Record

EXPECTED = "a DOI such as 10.1073/pnas.1414271111"
TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "posted-content": "preprint",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "book-chapter": "chapter",
    "book-section": "chapter",
    "book-part": "chapter",
    "dissertation": "thesis",
    "report": "report",
}


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not clean.doi(query):
            raise SiteError(client.location(), f'"{query}" is not a DOI', EXPECTED)


def fetch(client: Client, queries: Sequence[str], *, known_only: bool = False) -> Fetched:
    """`known_only`: the DOIs came from the site, not the user; a 404 is a note, not an error."""
    check_queries(client, queries)
    found: dict[str, Record] = {}
    notes = []
    for doi in dict.fromkeys(clean.doi(query) for query in queries):
        response = client.get(f"/works/{urllib.parse.quote(doi, safe='/')}")
        if response.status == 404 and known_only:
            notes.append(f"Crossref does not hold {doi}; skipped")
            continue
        if response.status in (400, 404):
            raise fail(client, response, f"Crossref has no DOI {doi}", EXPECTED)
        if response.status != 200:
            raise fail(client, response, f"Crossref refused {doi}", EXPECTED)
        data = read_json(client, response)
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict) or data.get("message-type") != "work":
            raise SiteError(
                client.location(),
                f"{response.url} answered without a work record",
                '{"message-type": "work", "message": {...}}',
            )
        record = _record(message, doi)
        if record is None:
            notes.append(f"Crossref's record of {doi} has no title or no authors; skipped")
            continue
        found[record.id] = record
    return Fetched(tuple(found[key] for key in sorted(found)), notes=tuple(notes))


def _first(value: object) -> str:
    """Crossref keeps titles in lists: ["…"]."""
    if isinstance(value, list):
        return clean.text(value[0]) if value else ""
    return clean.text(value)


def issued(message: Mapping[str, Any]) -> str:
    """The `issued` date (Crossref's earliest of print and online), with its 1–3 parts."""
    for key in ("issued", "published", "published-print", "published-online"):
        parts = (message.get(key) or {}).get("date-parts") or [[]]
        if parts and isinstance(parts[0], list) and parts[0] and parts[0][0] is not None:
            return clean.date(*parts[0][:3])
    return ""


def _record(message: Mapping[str, Any], asked: str) -> Record | None:
    doi = clean.doi(message.get("DOI")) or asked
    title = clean.title(_first(message.get("title")))
    authors = tuple(
        name
        for person in message.get("author") or ()
        if isinstance(person, dict)
        and (
            name := clean.given_family(person.get("given"), person.get("family"))
            if person.get("family")
            else clean.name(person.get("name"))
        )
    )
    if not title or not authors:
        return None
    return Record(
        id=doi,
        title=title,
        authors=authors,
        type=TYPES.get(clean.text(message.get("type")), "misc"),
        date=issued(message),
        venue=_first(message.get("container-title")),
        venue_short=_first(message.get("short-container-title")),
        volume=clean.text(message.get("volume")),
        issue=clean.text(message.get("issue")),
        pages=clean.pages(message.get("page")),
        publisher=clean.text(message.get("publisher")),
        doi=doi,
        abstract=clean.plain(message.get("abstract")),
        citations=clean.count(message.get("is-referenced-by-count")),
    )
