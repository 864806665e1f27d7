"""Front-matter schemas of content files, and the records made from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..errors import SiteError
from ..read.content import RawDocument
from ..read.frontmatter import PAPER_LINKS
from ..read.weblinks import safe_url
from .entities import Link, Markdown, NewsItem, Page
from .slugs import SlugRegistry


def body(document: RawDocument) -> Markdown:
    from ..errors import SourceLocation
    from ..read.markdown_budget import check_markdown

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
            raise SiteError(
                document.location("date"),
                f'invalid date "{document.meta["date"]}"',
                "a real calendar date like 2024-05-01",
            ) from None
        items.append(NewsItem(date, str(document.meta["title"]), registry.claim(document.name, "news"), body(document)))
    return tuple(sorted(items, key=lambda item: (-item.date.toordinal(), item.slug)))


def paper_links(meta: Mapping[str, Any]) -> tuple[Link, ...]:
    # the schema has refused unsafe URLs already; safe_url gives the normalised spelling
    return tuple(Link(label, safe_url(str(meta[key])) or "") for key, label in PAPER_LINKS.items() if meta.get(key))
