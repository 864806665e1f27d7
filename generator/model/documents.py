"""Front-matter schemas of content files, and the records made from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from generator.errors import SiteError
from generator.model.entities import Link, Markdown, NewsItem, Page
from generator.model.links import safe_url
from generator.model.slugs import SlugRegistry
from generator.read.content import RawDocument

# Links from content may be web, mail, site-root or relative; never javascript: or data:
# (checked by links.safe_url, as a browser would read the URL).
_URL = {"type": "string", "format": "safe-url", "description": "an http(s)://, mailto: or site path URL"}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a date like 2024-05-01"}
_LIST = {"type": "array", "items": _TEXT}
_TEXT_OR_NUMBER = {"type": ["string", "integer"]}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


PAPER_LINKS = {"pdf": "PDF", "code": "Code", "slides": "Slides", "video": "Video", "project": "Project page",
               "url": "Publisher"}
SCHEMAS: Mapping[str, dict[str, Any]] = {
    "about": _object({"title": _TEXT, "photo": _TEXT}),
    "page": _object({"title": _TEXT, "slug": _TEXT, "description": _TEXT, "nav_order": {"type": "integer"},
                     "nav": {"type": "boolean"}}, required=("title",)),
    "news": _object({"title": _TEXT, "date": _DATE}, required=("title", "date")),
    "paper": _object({
        "authors": _LIST, "venue": _TEXT, "venue_kind": {"enum": ["journal", "conference"]},
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/\S+$", "description": "a DOI like 10.1000/xyz123"},
        "arxiv": {"type": "string", "pattern": r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$",
                  "description": "an arXiv id like 2301.01234"},
        **{key: _URL for key in PAPER_LINKS}, "tags": _LIST, "selected": {"type": "boolean"},
        "date": {"type": ["string", "integer"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                 "description": 'a date "2023", "2023-05" or "2023-05-14" (as precise as known)'},
        "volume": _TEXT_OR_NUMBER, "issue": _TEXT_OR_NUMBER, "pages": _TEXT_OR_NUMBER, "publisher": _TEXT,
        "venue_short": _TEXT, "award": _TEXT, "equal_contribution": _LIST, "corresponding": _LIST,
    }),
    "author": _object({"name": _TEXT, "homepage": _URL, "affiliation": _TEXT,
                       "orcid": {"type": "string", "pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
                                 "description": "an ORCID iD like 0000-0002-1825-0097"},
                       "photo": _TEXT, "aliases": _LIST}),
}


def body(document: RawDocument) -> Markdown:
    from generator.errors import SourceLocation
    from generator.read.markdown_budget import check_markdown

    location = SourceLocation(document.path, document.body_line)
    check_markdown(document.body, location)  # before rendering, which could take minutes over it
    return Markdown(document.body, location)


def pages(documents: tuple[RawDocument, ...], reserved: frozenset[str]) -> tuple[Page, ...]:
    """content/pages/*.md in nav order; a slug that clashes with a built-in section is an error."""
    registry = SlugRegistry()
    found = []
    for document in documents:
        if document.kind != "page":
            continue
        wanted = str(document.meta.get("slug") or document.name)
        slug = registry.claim(wanted, fallback="page")
        if slug in reserved:
            raise SiteError(
                document.location("slug" if "slug" in document.meta else None),
                f'page slug "{slug}" is used by the site itself',
                "another slug (set `slug:` in the front matter)",
            )
        found.append(
            Page(
                slug,
                str(document.meta["title"]),
                str(document.meta.get("description", "")),
                int(document.meta.get("nav_order", 100)),
                bool(document.meta.get("nav", True)),
                body(document),
            )
        )
    return tuple(sorted(found, key=lambda page: (page.nav_order, page.title.casefold(), page.slug)))


def news(documents: tuple[RawDocument, ...]) -> tuple[NewsItem, ...]:
    """Dated news items, newest first."""
    items = []
    registry = SlugRegistry()
    for document in sorted((d for d in documents if d.kind == "news"), key=lambda d: d.path):
        try:
            date = dt.date.fromisoformat(str(document.meta["date"]))
        except ValueError:
            raise SiteError(document.location("date"), f'invalid date "{document.meta["date"]}"',
                            "a real calendar date like 2024-05-01") from None
        items.append(NewsItem(date, str(document.meta["title"]), registry.claim(document.name, "news"), body(document)))
    return tuple(sorted(items, key=lambda item: (-item.date.toordinal(), item.slug)))


def paper_links(meta: Mapping[str, Any]) -> tuple[Link, ...]:
    # the schema has refused unsafe URLs already; safe_url gives the normalised spelling
    return tuple(Link(label, safe_url(str(meta[key])) or "") for key, label in PAPER_LINKS.items() if meta.get(key))
