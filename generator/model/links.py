"""Profile links from site.yaml: handles become URLs, unsafe schemes are refused."""

from __future__ import annotations

from typing import Mapping

from generator.model.entities import Link

LABELS = {
    "email": "Email", "website": "Website", "github": "GitHub", "google_scholar": "Google Scholar",
    "orcid": "ORCID", "dblp": "DBLP", "semantic_scholar": "Semantic Scholar", "linkedin": "LinkedIn",
    "mastodon": "Mastodon", "bluesky": "Bluesky", "x": "X",
}
HANDLE_URLS = {
    "github": "https://github.com/{}",
    "google_scholar": "https://scholar.google.com/citations?user={}",
    "orcid": "https://orcid.org/{}",
    "semantic_scholar": "https://www.semanticscholar.org/author/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "bluesky": "https://bsky.app/profile/{}",
    "x": "https://x.com/{}",
}


def link_url(kind: str, value: str) -> str | None:
    """The URL for a site.yaml link value; None when it cannot be made safe."""
    value = value.strip()
    if value.startswith(("https://", "http://")):
        return value
    if kind == "email":
        address = value.removeprefix("mailto:")
        return f"mailto:{address}" if "@" in address and ":" not in address else None
    if ":" in value or "/" in value or not value:
        return None
    if kind == "mastodon":  # "@user@host" → https://host/@user
        user, _, host = value.lstrip("@").partition("@")
        return f"https://{host}/@{user}" if user and host else None
    template = HANDLE_URLS.get(kind)
    return template.format(value.lstrip("@")) if template else None


def profile_links(config_links: Mapping[str, str]) -> tuple[Link, ...]:
    return tuple(
        Link(LABELS[kind], url)
        for kind in LABELS
        if kind in config_links and (url := link_url(kind, config_links[kind])) is not None
    )
