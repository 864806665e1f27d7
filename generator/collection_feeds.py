"""Atom feeds of the blog (posts/feed.xml) and of the news (news/feed.xml).

Like the paper feeds they need absolute URLs, so they exist only with a base
URL, and their dates come from the content, never from the clock.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import urls, xmltext
from .feeds import ATOM, EPOCH, FEED_ENTRIES, _text, _timestamp
from .outputs import RenderedFile

if TYPE_CHECKING:
    import datetime as dt

    from .model import Site


@dataclass(frozen=True, slots=True)
class FeedEntry:
    title: str
    path: str
    date: dt.date
    summary: str
    tags: tuple[str, ...] = ()


def atom(title: str, feed_path: str, page_path: str, author: str, entries: list[FeedEntry], base_url: str) -> bytes:
    """An Atom 1.0 feed of `entries` (newest first), written by `author`."""
    entries = entries[:FEED_ENTRIES]
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    _text(feed, "id", urls.absolute(base_url, feed_path))
    _text(feed, "updated", _timestamp(max((e.date for e in entries), default=EPOCH)))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urls.absolute(base_url, feed_path),
                  type="application/atom+xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=urls.absolute(base_url, page_path), type="text/html")
    person = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(person, "name", author)
    _text(feed, "generator", "scholarsite")
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        page_url = urls.absolute(base_url, item.path)
        _text(entry, "title", item.title)
        _text(entry, "id", page_url)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=page_url, type="text/html")
        _text(entry, "published", _timestamp(item.date))
        _text(entry, "updated", _timestamp(item.date))
        for tag in item.tags:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=tag)
        _text(entry, "summary", item.summary or item.title)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xmltext.tostring(feed, ATOM) + b"\n"


def feeds(site: Site, base_url: str) -> list[RenderedFile]:
    """posts/feed.xml when there are posts, news/feed.xml when there is news."""
    owner = site.profile.owner.name
    files = []
    posts = site.collections.posts if site.collections is not None else ()
    if posts:
        entries = [FeedEntry(p.title, urls.post(p), p.date, p.summary, tuple(t.name for t in p.tags)) for p in posts]
        files.append(RenderedFile(urls.POSTS_FEED, atom(f"{site.title}: blog", urls.POSTS_FEED, urls.POSTS, owner,
                                                        entries, base_url)))
    if site.news:
        entries = [FeedEntry(n.title, urls.news_item(n), n.date, "") for n in site.news]
        files.append(RenderedFile(urls.NEWS_FEED, atom(f"{site.title}: news", urls.NEWS_FEED, urls.NEWS, owner,
                                                       entries, base_url)))
    return files
