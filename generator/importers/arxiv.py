"""arXiv: `arxiv 1605.08386 hep-ex/0406020v1 'au:"Ada Lovelace"'` through the Atom API.

Ids are fetched with `id_list`, anything of the form `field:words` with
`search_query`; both are paged with `start`/`max_results` up to `totalResults`.
arXiv asks for a pause of three seconds between calls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.etree import ElementTree

from ..errors import SiteError
from . import records as clean
from .http import Client, Response, fail, read_xml
from .records import Fetched, Record

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
PAGE_SIZE = 100
MAX_RESULTS = 2000  # a search matching more is not one person's list of papers
PAUSE = 3.0  # seconds between calls, times the client's backoff setting
_SEARCH = re.compile(r"^(?:ti|au|abs|co|jr|cat|rn|id|all):\S")
_CATEGORY = re.compile(r"^[a-z-]+(?:\.[A-Za-z-]+)?$")
EXPECTED = 'an arXiv id such as 1605.08386 or hep-ex/0406020v1, or a search such as au:"Ada Lovelace"'


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not clean.arxiv_id(query) and not _SEARCH.match(query):
            raise SiteError(client.location(), f'"{query}" is neither an arXiv id nor a search', EXPECTED)


def fetch(client: Client, queries: Sequence[str]) -> Fetched:
    check_queries(client, queries)
    ids = [clean.arxiv_id(query) for query in queries if clean.arxiv_id(query)]
    searches = [query for query in queries if not clean.arxiv_id(query)]
    found: dict[str, Record] = {}
    for start in range(0, len(ids), PAGE_SIZE):
        chunk = ids[start : start + PAGE_SIZE]
        for record in _paged(client, "", ",".join(chunk), len(chunk)):
            found[record.id] = record
        missing = [arxiv for arxiv in chunk if arxiv not in found]
        if missing:
            raise SiteError(
                client.location(),
                f"arXiv has no paper {', '.join(missing)}",
                f"{EXPECTED}, as shown on its arxiv.org/abs/ page",
            )
    for search in searches:
        matched = _paged(client, search, "", MAX_RESULTS)
        if not matched:
            raise SiteError(client.location(), f"no arXiv paper matches {search}", EXPECTED)
        found.update((record.id, record) for record in matched)
    return Fetched(tuple(found[key] for key in sorted(found)))


def _paged(client: Client, search: str, id_list: str, limit: int) -> list[Record]:
    results: list[Record] = []
    start = 0
    while start < limit:  # bounded: `start` grows by a page each round
        if start:
            client.sleep(PAUSE * client.backoff)
        query = [
            ("search_query", search),
            ("id_list", id_list),
            ("start", str(start)),
            ("max_results", str(min(PAGE_SIZE, limit - start))),
        ]
        response = client.get("/api/query", query, accept="application/atom+xml")
        if response.status != 200:
            raise fail(client, response, f"arXiv refused {search or id_list}", EXPECTED, reason=_feed_error(response))
        feed = read_xml(client, response)
        if feed.tag != f"{ATOM}feed":
            raise SiteError(
                client.location(),
                f"{response.url} answered with XML that is not an Atom feed",
                "the arXiv API's Atom feed",
            )
        entries = [entry for entry in feed.findall(f"{ATOM}entry") if _entry_id(entry)]
        results.extend(_record(entry) for entry in entries)
        total = _int(feed.findtext(f"{OPENSEARCH}totalResults"))
        start += len(entries)  # arXiv may send fewer than asked for; the next page starts after them
        if not entries or total is None or start >= total:
            break
    return results


def _feed_error(response: Response) -> str | None:
    """The explanation arXiv puts in the one entry, titled "Error", of an error feed."""
    try:
        entry = ElementTree.fromstring(response.body).find(f"{ATOM}entry")
    except ElementTree.ParseError:
        return None
    if entry is not None and clean.text(entry.findtext(f"{ATOM}title")) == "Error":
        return clean.text(entry.findtext(f"{ATOM}summary"))
    return None


def _entry_id(entry: ElementTree.Element) -> str:
    return clean.arxiv_id(clean.text(entry.findtext(f"{ATOM}id")))


def _record(entry: ElementTree.Element) -> Record:
    arxiv = _entry_id(entry)
    published = clean.iso_date(entry.findtext(f"{ATOM}published"))
    doi = clean.doi(entry.findtext(f"{ARXIV}doi"))
    if not doi:
        link = next((link for link in entry.findall(f"{ATOM}link") if link.get("title") == "doi"), None)
        doi = clean.doi(link.get("href", "")) if link is not None else ""
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [
        term for category in entry.findall(f"{ATOM}category") if _CATEGORY.match(term := category.get("term", ""))
    ]
    return Record(
        id=arxiv,
        title=clean.title(entry.findtext(f"{ATOM}title")),
        authors=tuple(clean.name(author.findtext(f"{ATOM}name")) for author in entry.findall(f"{ATOM}author")),
        type="preprint",
        date=published,
        arxiv_date=published,
        doi=doi,
        arxiv=arxiv,
        arxiv_primary=primary.get("term", "") if primary is not None else "",
        arxiv_categories=tuple(dict.fromkeys(categories)),
        abstract=clean.text(entry.findtext(f"{ATOM}summary")),
    )


def _int(value: str | None) -> int | None:
    try:
        return int(clean.text(value))
    except ValueError:
        return None
