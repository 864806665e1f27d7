"""ORCID: `orcid 0000-0002-1825-0097` — the works on a public ORCID record (API v3.0, JSON).

/works lists summaries, grouped when several sources hold one work, and without
authors; the full works, read in bulk (up to 100 put-codes a call), carry the
contributors, and often a BibTeX citation with the volume, issue and pages (and,
from some sources, the only author list). A work that names no author anywhere
keeps the record's owner as its only known author, marked incomplete.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import SiteError
from . import records as clean
from .http import Client, fail, read_json_object
from .records import Fetched, Person, Record

BULK_SIZE = 100
EXPECTED = "an ORCID iD such as 0000-0002-1825-0097"
TYPES = {
    "journal-article": "article",
    "conference-paper": "inproceedings",
    "book": "book",
    "book-chapter": "chapter",
    "dissertation-thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "working-paper": "preprint",
    "preprint": "preprint",
}
_ORCID = re.compile(r"^(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def orcid_id(query: str) -> str:
    """The iD in "0000-0002-1825-0097" or "https://orcid.org/0000-…", checksum verified; "" otherwise."""
    value = re.sub(r"^https?://(?:www\.)?orcid\.org/", "", query.strip()).upper()
    if not _ORCID.match(value):
        return ""
    digits = value.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return value if digits[-1] == ("X" if check == 10 else str(check)) else ""


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not orcid_id(query):
            raise SiteError(client.location(), f'"{query}" is not an ORCID iD (or its check digit is wrong)', EXPECTED)


def fetch(client: Client, queries: Sequence[str]) -> Fetched:
    check_queries(client, queries)
    found: dict[str, Record] = {}
    person, notes = None, []
    for query in queries:
        orcid = orcid_id(query)
        name_data = _get(client, f"/v3.0/{orcid}/person", orcid).get("name") or {}
        owner = clean.given_family(_value(name_data.get("given-names")), _value(name_data.get("family-name")))
        person = person or Person(owner, orcid)
        summaries = [
            group["work-summary"][0]
            for group in _get(client, f"/v3.0/{orcid}/works", orcid).get("group", [])
            if isinstance(group, dict) and group.get("work-summary")
        ]  # one summary per work
        full: dict[int, Mapping[str, Any]] = {}
        codes = [summary["put-code"] for summary in summaries if isinstance(summary.get("put-code"), int)]
        for start in range(0, len(codes), BULK_SIZE):
            chunk = codes[start : start + BULK_SIZE]
            bulk = _get(client, f"/v3.0/{orcid}/works/{','.join(map(str, chunk))}", orcid).get("bulk", [])
            for item in bulk:
                work = item.get("work") if isinstance(item, dict) else None
                if isinstance(work, dict) and isinstance(work.get("put-code"), int):
                    full[work["put-code"]] = work
        alone = 0
        for summary in summaries:
            record = _record(summary, full.get(summary.get("put-code", -1), {}), owner)
            if record is not None:
                found[record.id] = record
                alone += not record.authors_complete
        if alone:
            notes.append(
                f"ORCID {orcid}: {alone} work{'s' if alone != 1 else ''} without a contributor list "
                f"(only {owner or 'the owner'} is known); another source can complete them"
            )
    return Fetched(tuple(found[key] for key in sorted(found)), person, tuple(notes))


def _get(client: Client, path: str, orcid: str) -> Mapping[str, Any]:
    response = client.get(path, accept="application/json")
    if response.status in (400, 404, 409):
        raise fail(client, response, f"ORCID has no public record {orcid}", EXPECTED)
    if response.status != 200:
        raise fail(client, response, f"ORCID refused {path}", EXPECTED)
    return read_json_object(client, response, "an ORCID v3.0 record")


def _value(wrapped: object) -> str:
    """ORCID wraps most strings: {"value": "…"}; null stays empty."""
    return clean.text(wrapped.get("value")) if isinstance(wrapped, dict) else ""


def _record(summary: Mapping[str, Any], work: Mapping[str, Any], owner: str) -> Record | None:
    source = work or summary
    title_data = source.get("title") or summary.get("title") or {}
    title = clean.title(_value(title_data.get("title")))
    if not title:
        return None
    contributors = (work.get("contributors") or {}).get("contributor") or []
    authors = tuple(
        name
        for contributor in contributors
        if isinstance(contributor, dict)
        and ((contributor.get("contributor-attributes") or {}).get("contributor-role") in (None, "author"))
        and (name := clean.name(_value(contributor.get("credit-name"))))
    )
    cited = _citation(source)
    if not authors:  # some sources give the authors only in the BibTeX they attach
        listed = cited.get("author", [])
        names = [listed] if isinstance(listed, str) else listed if isinstance(listed, list) else []
        authors = tuple(clean.name(str(name)) for name in names if clean.text(name).lower() != "others")
    complete = bool(authors)
    if not authors:
        authors = (owner,) if owner else ()
    if not authors:
        return None
    ids: dict[str, str] = {}
    for external in (source.get("external-ids") or {}).get("external-id") or []:
        if isinstance(external, dict) and external.get("external-id-relationship") in (None, "self"):
            ids.setdefault(
                clean.text(external.get("external-id-type")).lower(), clean.text(external.get("external-id-value"))
            )
    day = source.get("publication-date") or {}
    arxiv = clean.arxiv_id(ids.get("arxiv", ""))
    doi = clean.doi(ids.get("doi"))
    return Record(
        id=str(summary.get("put-code")),
        title=title,
        authors=authors,
        authors_complete=complete,
        type=TYPES.get(clean.text(source.get("type")), "misc"),
        date=clean.date(_value(day.get("year")), _value(day.get("month")), _value(day.get("day"))),
        venue=_value(source.get("journal-title")) or clean.text(cited.get("journal")),
        volume=clean.text(cited.get("volume")),
        issue=clean.text(cited.get("number")),
        pages=clean.pages(clean.text(cited.get("pages"))),
        publisher=clean.text(cited.get("publisher")),
        doi=doi or clean.doi(clean.text(cited.get("doi"))),
        arxiv=arxiv,
        url="" if doi or arxiv else _value(source.get("url")),
        abstract=clean.plain(
            source.get("short-description") if isinstance(source.get("short-description"), str) else ""
        ),
    )


def _citation(work: Mapping[str, Any]) -> Mapping[str, object]:
    """The fields of the BibTeX citation a work may carry (volume, pages, sometimes the only author list)."""
    citation = clean.mapping(work.get("citation"))
    if clean.text(citation.get("citation-type")).lower() != "bibtex" or not isinstance(
        citation.get("citation-value"), str
    ):
        return {}
    from .dblp import bibtex_entries

    entries = bibtex_entries(citation["citation-value"])
    return entries[0][2] if entries else {}
