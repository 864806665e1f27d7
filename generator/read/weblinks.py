"""URLs from any input, read as a browser reads them; the URL of each kind of site.yaml link.

Every URL that comes from a user's file (site.yaml links and nav, front matter,
BibTeX, imported records) goes through `safe_url` before it can become a link.
A browser strips C0 controls and spaces around a URL and drops tabs and
newlines inside it (WHATWG URL parser), so " javascript:…" and "java\tscript:…"
are script links to a browser even though they do not start with "javascript:".
`safe_url` reads the URL the same way, and more strictly, before it looks at
the scheme.
"""

from __future__ import annotations

import html
import re

LABELS = {
    "email": "Email",
    "website": "Website",
    "google_scholar": "Google Scholar",
    "orcid": "ORCID",
    "dblp": "DBLP",
    "semantic_scholar": "Semantic Scholar",
    "researchgate": "ResearchGate",
    "openreview": "OpenReview",
    "arxiv": "arXiv",
    "github": "GitHub",
    "linkedin": "LinkedIn",
    "youtube": "YouTube",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "x": "X",
}
RENAMED = {"twitter": "x"}  # accepted with a warning that names the new key
HANDLE_URLS = {
    "github": "https://github.com/{}",
    "google_scholar": "https://scholar.google.com/citations?user={}",
    "orcid": "https://orcid.org/{}",
    "semantic_scholar": "https://www.semanticscholar.org/author/{}",
    "researchgate": "https://www.researchgate.net/profile/{}",
    "openreview": "https://openreview.net/profile?id={}",
    "arxiv": "https://arxiv.org/a/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "youtube": "https://www.youtube.com/@{}",
    "bluesky": "https://bsky.app/profile/{}",
    "x": "https://x.com/{}",
}


SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})
_AROUND = "".join(map(chr, range(0x21)))  # C0 controls and space: stripped from both ends by browsers
_DROPPED = str.maketrans("", "", "\t\n\r")  # removed anywhere in a URL by browsers
_UNPRINTABLE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")


def normalise_url(value: str) -> str:
    """The URL a browser would parse from `value`; other controls and spaces percent-encoded."""
    url = value.strip(_AROUND).translate(_DROPPED)
    return _UNPRINTABLE.sub(lambda match: f"%{ord(match.group()):02X}", url)


def url_scheme(url: str) -> str | None:
    """The scheme of `url` in lower case, "" for a relative URL, None when it is unreadable.

    Read more strictly than a browser: controls and spaces inside the part before
    the first ":" are ignored, so "java\x01script:" counts as javascript, and a
    colon before any "/", "?" or "#" always makes a scheme.
    """
    head, colon, _ = url.partition(":")
    if not colon or any(mark in head for mark in "/?#"):
        return ""
    scheme = _UNPRINTABLE.sub("", head).lower()
    return scheme if _SCHEME.fullmatch(scheme) else None


def safe_url(value: str, *, schemes: frozenset[str] = SAFE_SCHEMES, relative: bool = True) -> str | None:
    """`value` normalised when it is a link of one of `schemes` (or relative, if allowed); else None.

    HTML entities are decoded for the check too ("javascript&#58;…"), in case a
    value ever reaches a page unescaped.
    """
    url = normalise_url(value)
    if not url:
        return None
    for reading in {url, normalise_url(html.unescape(url))}:
        scheme = url_scheme(reading)
        if scheme is None or (scheme == "" and not relative) or (scheme and scheme not in schemes):
            return None
    scheme = url_scheme(url)
    return f"{scheme}{url[len(scheme) :]}" if scheme else url  # "HTTPS://x" → "https://x": one spelling to test


def link_url(kind: str, value: str) -> str | None:
    """The URL for a site.yaml link value; None when it cannot be made safe."""
    kind = RENAMED.get(kind, kind)
    value = normalise_url(value)
    if url_scheme(value) in WEB_SCHEMES:
        return safe_url(value, schemes=WEB_SCHEMES, relative=False)
    if kind == "email":
        address = value[len("mailto:") :] if value.lower().startswith("mailto:") else value
        return safe_url(f"mailto:{address}") if "@" in address and ":" not in address else None
    if ":" in value or "/" in value or not value:
        return None
    if kind == "mastodon":  # "@user@host" → https://host/@user
        user, _, host = value.lstrip("@").partition("@")
        return safe_url(f"https://{host}/@{user}", relative=False) if user and host else None
    template = HANDLE_URLS.get(kind)
    return safe_url(template.format(value.lstrip("@")), relative=False) if template else None
