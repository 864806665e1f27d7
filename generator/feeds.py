"""Machine-readable files: Atom feeds, sitemap.xml and robots.txt.

All need absolute URLs, so they exist only when the site has a base_url.
Dates come from content (paper dates), never from the clock, so two builds of
the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import urls, xmltext
from .outputs import RenderedFile
from .records import AuthorPage, CategoryPage, PaperPage, YearPage

if TYPE_CHECKING:
    from .model import Paper, Site
    from .records import PageSpec

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 50
EPOCH = dt.date(1970, 1, 1)
# Characters XML 1.0 cannot carry at all, even escaped; scraped text sometimes has them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class AtomEntry:
    """One entry of an Atom feed: a page of the site and what the feed says about it."""

    title: str
    path: str  # the page's site path
    date: dt.date
    authors: tuple[tuple[str, str], ...] = ()  # (name, site path of their page)
    categories: tuple[tuple[str, str], ...] = ()  # (term, label; "" for none)
    summary: str = ""  # "" leaves the summary out


def atom(
    title: str, feed_path: str, page_path: str, entries: Sequence[AtomEntry], base_url: str, author: str = ""
) -> bytes:
    """An Atom 1.0 feed of the first FEED_ENTRIES `entries` (newest first); `author` is the feed's own."""
    entries = entries[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", urls.absolute(base_url, feed_path))
    _text(feed, "updated", _timestamp(max((entry.date for entry in entries), default=EPOCH)))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="self", href=urls.absolute(base_url, feed_path), type="application/atom+xml"
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=urls.absolute(base_url, page_path), type="text/html")
    if author:
        _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", author)
    _text(feed, "generator", "scholarsite")
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        page_url = urls.absolute(base_url, item.path)
        _text(entry, "title", item.title)
        _text(entry, "id", page_url)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page_url, type="text/html")
        _text(entry, "published", _timestamp(item.date))
        _text(entry, "updated", _timestamp(item.date))
        for name, path in item.authors:
            person = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(person, "name", name)
            _text(person, "uri", urls.absolute(base_url, path))
        for term, label in item.categories:
            category = ET.SubElement(entry, f"{{{ATOM}}}category", term=NOT_XML.sub("", term))
            if label:
                category.set("label", NOT_XML.sub("", label))
        if item.summary:
            _text(entry, "summary", item.summary)
    body: bytes = xmltext.tostring(feed, ATOM)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def atom_feed(title: str, feed_path: str, page_path: str, papers: Iterable[Paper], base_url: str) -> bytes:
    """An Atom 1.0 feed of the newest papers (authors, categories, abstract)."""
    entries = [
        AtomEntry(
            paper.title.plain,
            urls.paper(paper),
            paper.date,
            authors=tuple((author.name, urls.author(author)) for author in paper.all_authors),
            categories=tuple((category.id, category.name) for category in paper.categories),
            summary="\n\n".join(part.plain for part in paper.abstract),
        )
        for paper in list(papers)[:FEED_ENTRIES]
    ]
    return atom(title, feed_path, page_path, entries, base_url)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = NOT_XML.sub("", value)
    return element


def feeds(site: Site, base_url: str) -> list[RenderedFile]:
    files = [RenderedFile(urls.FEED, atom_feed(f"{site.title}: papers", urls.FEED, urls.HOME, site.papers, base_url))]
    for category in site.categories:
        papers = site.papers_by_category.get(category.slug, ())
        title = f"{site.title}: {category.name} ({category.id})"
        files.append(
            RenderedFile(
                urls.category_feed(category),
                atom_feed(title, urls.category_feed(category), urls.category(category), papers, base_url),
            )
        )
    return files


def sitemap(specs: tuple[PageSpec, ...], site: Site, base_url: str) -> RenderedFile:
    """Every page but 404, with lastmod from content dates where the page has one."""
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    newest = site.papers[0].date if site.papers else None
    for spec in specs:
        if spec.kind == "404":
            continue
        entry = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = urls.absolute(base_url, spec.path)
        lastmod = _lastmod(spec, site, newest)
        if lastmod is not None:
            ET.SubElement(entry, f"{{{SITEMAP}}}lastmod").text = lastmod.isoformat()
    data = b'<?xml version="1.0" encoding="utf-8"?>\n' + xmltext.tostring(root, SITEMAP) + b"\n"
    return RenderedFile(urls.SITEMAP, data)


def _lastmod(spec: PageSpec, site: Site, newest: dt.date | None) -> dt.date | None:
    if isinstance(spec, PaperPage):
        return spec.paper.date
    if isinstance(spec, AuthorPage):
        return spec.papers[0].date if spec.papers else None
    if isinstance(spec, CategoryPage):
        return spec.entries[0].paper.date if spec.entries else None
    if isinstance(spec, YearPage):
        return max(p.date for month in spec.months for p in month.papers)
    if spec.kind == "news":
        return site.news[0].date if site.news else None
    if spec.kind in ("home", "papers", "authors", "categories", "years"):
        dates = [d for d in (newest, site.news[0].date if site.news else None) if d is not None]
        return max(dates) if dates else None
    return None


def robots(base_url: str) -> RenderedFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(base_url, urls.SITEMAP)}\n"
    return RenderedFile(urls.ROBOTS, text.encode())
