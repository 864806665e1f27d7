"""OpenAlex: `openalex A5023888391` or `openalex 0000-0002-1825-0097` — an author's works, cursor-paged.

OPENALEX_API_KEY, when set, is sent as `api_key`. Abstracts come only as an
inverted index (word → positions) and are rebuilt in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import SiteError
from . import records as clean
from .http import Client, fail, read_json_object
from .orcid import orcid_id
from .records import Fetched, Metrics, Person, Record

PER_PAGE = 200
MAX_PAGES = 250  # 50,000 works: far beyond one person
EXPECTED = "an OpenAlex author id such as A5023888391, or an ORCID iD"
TYPES = {
    "article": "article",
    "preprint": "preprint",
    "book": "book",
    "book-chapter": "chapter",
    "dissertation": "thesis",
    "report": "report",
}


def author_key(query: str) -> tuple[str, str]:
    """("author.id", "A5023888391") or ("author.orcid", "0000-…"); ("", "") when neither."""
    value = re.sub(r"^https?://openalex\.org/", "", query.strip())
    if re.fullmatch(r"[Aa]\d+", value):
        return "author.id", value.upper()
    orcid = orcid_id(value)
    return ("author.orcid", orcid) if orcid else ("", "")


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not author_key(query)[0]:
            raise SiteError(client.location(), f'"{query}" is neither an OpenAlex author id nor an ORCID iD', EXPECTED)


def fetch(client: Client, queries: Sequence[str]) -> Fetched:
    check_queries(client, queries)
    key = client.environ.get("OPENALEX_API_KEY", "")
    credentials = [("api_key", key)] if key else []
    found: dict[str, Record] = {}
    person = None
    for query in queries:
        kind, value = author_key(query)
        author = _get(client, f"/authors/{value if kind == 'author.id' else 'orcid:' + value}", credentials, value)
        stats = clean.mapping(author.get("summary_stats"))
        person = person or Person(
            clean.name(author.get("display_name")),
            _short_id(author.get("id")) or value,
            Metrics(
                clean.count(author.get("cited_by_count")),
                clean.count(stats.get("h_index")),
                clean.count(author.get("works_count")),
            ),
        )
        cursor = "*"
        for _ in range(MAX_PAGES):
            page = _get(
                client,
                "/works",
                [("filter", f"{kind}:{value}"), ("per_page", str(PER_PAGE)), ("cursor", cursor), *credentials],
                value,
            )
            results = page.get("results")
            if not isinstance(results, list):
                raise SiteError(
                    client.location(),
                    "the works list came without results",
                    '{"meta": …, "results": [...]} from /works',
                )
            for work in results:
                record = _record(work) if isinstance(work, dict) else None
                if record is not None:
                    found[record.id] = record
            meta = clean.mapping(page.get("meta"))
            following = meta.get("next_cursor")
            if not results or not isinstance(following, str) or not following or following == cursor:
                break
            cursor = following
    return Fetched(tuple(found[key] for key in sorted(found)), person)


def _get(client: Client, path: str, query: list[tuple[str, str]], wanted: str) -> Mapping[str, Any]:
    response = client.get(path, query)
    if response.status in (400, 404):
        raise fail(client, response, f"OpenAlex has no author {wanted}", EXPECTED)
    if response.status != 200:
        raise fail(client, response, f"OpenAlex refused {path}", EXPECTED)
    return read_json_object(client, response, "an OpenAlex answer")


def _short_id(value: object) -> str:
    return clean.text(value).rsplit("/", 1)[-1]


def abstract(index: object) -> str:
    """The text of an abstract_inverted_index ({"word": [positions]}); "" for null."""
    if not isinstance(index, dict):
        return ""
    placed = sorted(
        (position, word)
        for word, positions in index.items()
        if isinstance(positions, list)
        for position in positions
        if isinstance(position, int)
    )
    return clean.text(" ".join(word for _, word in placed))


def _record(work: Mapping[str, Any]) -> Record | None:
    work_id, title = _short_id(work.get("id")), clean.title(work.get("display_name") or work.get("title"))
    authorships = [item for item in work.get("authorships") or () if isinstance(item, dict)]
    authors = tuple(
        name
        for item in authorships
        if (name := clean.name((item.get("author") or {}).get("display_name") or item.get("raw_author_name")))
    )
    if not work_id or not title or not authors:
        return None
    location = clean.mapping(work.get("primary_location"))
    source = clean.mapping(location.get("source"))
    biblio = clean.mapping(work.get("biblio"))
    first, last = clean.text(biblio.get("first_page")), clean.text(biblio.get("last_page"))
    doi = clean.doi(work.get("doi"))
    arxiv = next(
        (
            found
            for place in work.get("locations") or ()
            if isinstance(place, dict) and (found := clean.arxiv_id(clean.text(place.get("landing_page_url"))))
        ),
        "",
    )
    kind = TYPES.get(clean.text(work.get("type")), "misc")
    if kind == "article" and source.get("type") == "conference":
        kind = "inproceedings"
    best = clean.mapping(work.get("best_oa_location"))
    return Record(
        id=work_id,
        title=title,
        authors=authors,
        authors_complete=not work.get("is_authors_truncated", False),
        type=kind,
        date=clean.iso_date(work.get("publication_date")) or clean.date(work.get("publication_year")),
        venue=clean.text(source.get("display_name")),
        volume=clean.text(biblio.get("volume")),
        issue=clean.text(biblio.get("issue")),
        pages=first if not last or first == last else clean.pages(f"{first}-{last}"),
        publisher=clean.text(source.get("host_organization_name")),
        doi=doi,
        arxiv=arxiv,
        url="" if doi or arxiv else clean.text(location.get("landing_page_url")),
        pdf=clean.text(best.get("pdf_url")),
        abstract=abstract(work.get("abstract_inverted_index")),
        citations=clean.count(work.get("cited_by_count")),
    )
