"""The profile links of site.yaml as model records, each with its icon (the URLs are read in `read.weblinks`)."""

from __future__ import annotations

from collections.abc import Mapping

from ..read.weblinks import LABELS, RENAMED, link_url
from .entities import Link

# The icon of each link, from generator/icons/ (OpenReview has no published mark: a generic one).
ICONS = {
    "email": "mail",
    "website": "globe",
    "google_scholar": "googlescholar",
    "orcid": "orcid",
    "dblp": "dblp",
    "semantic_scholar": "semanticscholar",
    "researchgate": "researchgate",
    "openreview": "message-square-text",
    "arxiv": "arxiv",
    "github": "github",
    "linkedin": "linkedin",
    "youtube": "youtube",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "x": "x",
}


def profile_links(config_links: Mapping[str, str]) -> tuple[Link, ...]:
    """The site.yaml links in a fixed order, each with its icon; a renamed key counts as its new name."""
    given = {RENAMED.get(kind, kind): value for kind, value in config_links.items() if kind in RENAMED}
    given.update((kind, value) for kind, value in config_links.items() if kind not in RENAMED)
    return tuple(
        Link(LABELS[kind], url, ICONS[kind])
        for kind in LABELS
        if kind in given and (url := link_url(kind, given[kind])) is not None
    )
