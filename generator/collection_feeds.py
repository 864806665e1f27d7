"""Atom feeds of the blog (posts/feed.xml) and of the news (news/feed.xml).

Like the paper feeds they need absolute URLs, so they exist only with a base
URL, and their dates come from the content, never from the clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import urls
from .feeds import AtomEntry, atom
from .outputs import RenderedFile

if TYPE_CHECKING:
    from .model import Site


def feeds(site: Site, base_url: str) -> list[RenderedFile]:
    """posts/feed.xml when there are posts, news/feed.xml when there is news."""
    owner = site.profile.owner.name
    files = []
    posts = site.collections.posts if site.collections is not None else ()
    if posts:
        entries = [
            AtomEntry(
                post.title,
                urls.post(post),
                post.date,
                summary=post.summary or post.title,
                categories=tuple((tag.name, "") for tag in post.tags),
            )
            for post in posts
        ]
        files.append(
            RenderedFile(
                urls.POSTS_FEED,
                atom(f"{site.title}: blog", urls.POSTS_FEED, urls.POSTS, entries, base_url, author=owner),
            )
        )
    if site.news:
        entries = [AtomEntry(item.title, urls.news_item(item), item.date, summary=item.title) for item in site.news]
        files.append(
            RenderedFile(
                urls.NEWS_FEED, atom(f"{site.title}: news", urls.NEWS_FEED, urls.NEWS, entries, base_url, author=owner)
            )
        )
    return files
