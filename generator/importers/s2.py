"""Semantic Scholar: `s2 1723755` — an author's papers through the Graph API, paged by `offset`/`next`.

SEMANTIC_SCHOLAR_API_KEY, when set, is sent as `x-api-key` (higher rate limits).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..errors import SiteError
from . import records as clean
from .http import Client, fail, read_json
from .records import Fetched, Metrics, Person, Record

PAPER_FIELDS = (
    "title,authors,year,publicationDate,venue,publicationVenue,journal,externalIds,"
    "publicationTypes,citationCount,openAccessPdf,abstract,url"
)
AUTHOR_FIELDS = "name,paperCount,citationCount,hIndex"
PAGE_SIZE = 100
MAX_PAGES = 100  # the API serves at most 10,000 papers per author
EXPECTED = "a Semantic Scholar author id such as 1723755 (the number at the end of the author page's address)"
TYPES = (
    ("Conference", "inproceedings"),
    ("JournalArticle", "article"),
    ("Review", "article"),
    ("BookSection", "chapter"),
    ("Book", "book"),
)


def author_id(query: str) -> str:
    match = re.search(r"(?:^|/)(\d+)/?$", query.strip())
    return match.group(1) if match else ""


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not author_id(query):
            raise SiteError(client.location(), f'"{query}" is not a Semantic Scholar author id', EXPECTED)


def fetch(client: Client, queries: Sequence[str]) -> Fetched:
    check_queries(client, queries)
    headers = (
        {"x-api-key": client.environ["SEMANTIC_SCHOLAR_API_KEY"]}
        if client.environ.get("SEMANTIC_SCHOLAR_API_KEY")
        else {}
    )
    found: dict[str, Record] = {}
    person = None
    for query in queries:
        author = author_id(query)
        data = _get(client, f"/graph/v1/author/{author}", [("fields", AUTHOR_FIELDS)], author, headers)
        if person is None and isinstance(data, dict):
            person = Person(
                clean.name(data.get("name")),
                author,
                Metrics(
                    clean.count(data.get("citationCount")),
                    clean.count(data.get("hIndex")),
                    clean.count(data.get("paperCount")),
                ),
            )
        offset = 0
        for number in range(MAX_PAGES):
            if number:  # the shared unauthenticated pool allows about one request a second
                client.sleep(client.backoff)
            page = _get(
                client,
                f"/graph/v1/author/{author}/papers",
                [("fields", PAPER_FIELDS), ("offset", str(offset)), ("limit", str(PAGE_SIZE))],
                author,
                headers,
            )
            if not isinstance(page, dict) or not isinstance(page.get("data"), list):
                raise SiteError(
                    client.location(),
                    f"the papers of author {author} came without a data list",
                    '{"offset": …, "data": [...]} from /graph/v1/author/{id}/papers',
                )
            for item in page["data"]:
                record = _record(item) if isinstance(item, dict) else None
                if record is not None:
                    found[record.id] = record
            following = page.get("next")
            if not isinstance(following, int) or following <= offset or not page["data"]:
                break  # the last page has no "next"
            offset = following
    return Fetched(tuple(found[key] for key in sorted(found)), person)


def _get(client: Client, path: str, query: list[tuple[str, str]], author: str, headers: Mapping[str, str]) -> Any:
    response = client.get(path, query, headers=headers)
    if response.status in (400, 404):
        raise fail(client, response, f"Semantic Scholar has no author {author}", EXPECTED)
    if response.status != 200:
        raise fail(client, response, f"Semantic Scholar refused author {author}", EXPECTED)
    return read_json(client, response)


def _record(item: Mapping[str, Any]) -> Record | None:
    paper_id, title = clean.text(item.get("paperId")), clean.title(item.get("title"), drop_period=True)
    authors = tuple(
        clean.name(author.get("name"))
        for author in item.get("authors") or ()
        if isinstance(author, dict) and clean.text(author.get("name"))
    )
    if not paper_id or not title or not authors:
        return None
    ids = clean.mapping(item.get("externalIds"))
    journal = clean.mapping(item.get("journal"))
    venue_info = clean.mapping(item.get("publicationVenue"))
    journal_name = clean.text(journal.get("name"))
    preprint_journal = journal_name.lower() == "arxiv" or clean.text(journal.get("volume")).startswith("abs/")
    volume, issue = clean.text(journal.get("volume")), ""
    split = re.fullmatch(r"(\d+)\s+(\d+)", volume)
    if split:  # "948 3": volume and issue run together
        volume, issue = split.groups()
    doi, arxiv = clean.doi(ids.get("DOI")), clean.arxiv_id(clean.text(ids.get("ArXiv")))
    kinds = item.get("publicationTypes") or ()
    kind = next((ours for theirs, ours in TYPES if theirs in kinds), "preprint" if arxiv and not doi else "misc")
    pdf = clean.mapping(item.get("openAccessPdf"))
    return Record(
        id=paper_id,
        title=title,
        authors=authors,
        type=kind,
        date=clean.iso_date(item.get("publicationDate")) or clean.date(item.get("year")),
        venue=""
        if preprint_journal
        else (journal_name or clean.text(venue_info.get("name")) or clean.text(item.get("venue"))),
        volume="" if preprint_journal else volume,
        issue=issue,
        pages=clean.pages(journal.get("pages")),
        doi=doi,
        arxiv=arxiv,
        dblp=clean.text(ids.get("DBLP")),
        url="" if doi or arxiv else clean.text(item.get("url")),
        pdf=clean.text(pdf.get("url")),
        abstract=clean.plain(item.get("abstract")),
        citations=clean.count(item.get("citationCount")),
    )
