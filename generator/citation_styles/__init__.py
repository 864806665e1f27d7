"""Formatted citations of a paper in APA (7th), IEEE, Chicago author-date (17th) and MLA (9th).

The input is the paper's CSL-JSON item, exactly as publications.json exports it, so a formatted
citation and the exports never disagree; the output of each style is plain text (for copying)
and escaped HTML (for the page). The text equals what citeproc-js writes with the official CSL
styles for every item type the site exports (tests/judges/citeproc_styles.js checks it).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import styles
from .rich import Node, render

if TYPE_CHECKING:
    from ..model import Paper


@dataclass(frozen=True, slots=True)
class Style:
    key: str  # the site.yaml value: citation_style: apa
    label: str  # shown on the style chooser


STYLES = (Style("apa", "APA"), Style("ieee", "IEEE"), Style("chicago", "Chicago"), Style("mla", "MLA"))
STYLE_KEYS = tuple(style.key for style in STYLES)
FORMATTERS: dict[str, Callable[[dict[str, Any]], tuple[Node, ...]]] = {
    "apa": styles.apa,
    "ieee": styles.ieee,
    "chicago": styles.chicago,
    "mla": styles.mla,
}


@dataclass(frozen=True, slots=True)
class FormattedCitation:
    """One style's citation: `text` to copy, `html` (escaped, with <i> and the like) to show."""

    style: Style
    text: str
    html: Markup


@dataclass(frozen=True, slots=True)
class Citations:
    """A paper's citation in each style, in the order of STYLES."""

    styles: tuple[FormattedCitation, ...]

    def get(self, key: str) -> FormattedCitation:
        return next(citation for citation in self.styles if citation.style.key == key)


def format_item(item: dict[str, Any], key: str) -> FormattedCitation:
    """`item` (CSL-JSON) in the style named `key` ("apa", "ieee", "chicago" or "mla")."""
    rendered = render(FORMATTERS[key](item))
    style = next(style for style in STYLES if style.key == key)
    return FormattedCitation(style, rendered.text, Markup(rendered.html))


def citations(item: dict[str, Any]) -> Citations:
    return Citations(tuple(format_item(item, style.key) for style in STYLES))


def for_paper(paper: Paper, key: str, base_url: str, kept: KeptCitations | None = None) -> Citations:
    """The paper's citations, made from the CSL-JSON item publications.json holds for it
    (the page's own URL when the site has a base URL); `kept` holds those already formatted."""
    from .. import urls
    from ..citations import csl_item

    item = csl_item(paper, key, urls.absolute(base_url, urls.paper(paper)) if base_url else "")
    return kept.citations(item) if kept is not None else citations(item)


def for_site(
    papers: tuple[Paper, ...], keys: Mapping[str, str], base_url: str, kept: KeptCitations | None = None
) -> Mapping[str, Citations]:
    """Every paper's citations, by slug: made once per build, for the paper pages and the lists."""
    return MappingProxyType({paper.slug: for_paper(paper, keys[paper.slug], base_url, kept) for paper in papers})


class KeptCitations:
    """Formatted citations by the digest of their CSL-JSON item: the formatting is a function
    of the item alone, so a build cache can hand the previous build's to the next, and only
    the papers whose item changed are formatted again."""

    def __init__(self) -> None:
        self.known: dict[str, list[list[str]]] = {}  # item digest → [text, html] per style
        self.used: dict[str, list[list[str]]] = {}  # what this build asked for

    def next_build(self) -> None:
        """Another build in the same process (the preview): it may reuse what the last one used."""
        self.known, self.used = {**self.known, **self.used}, {}

    def citations(self, item: dict[str, Any]) -> Citations:
        digest = hashlib.blake2b(
            json.dumps(item, sort_keys=True, ensure_ascii=False).encode(), digest_size=16
        ).hexdigest()
        kept = self.known.get(digest)
        if kept is not None and len(kept) == len(STYLES):
            made = Citations(
                tuple(
                    FormattedCitation(style, text, Markup(html))
                    for style, (text, html) in zip(STYLES, kept, strict=True)
                )
            )
        else:
            made = citations(item)
            kept = [[citation.text, str(citation.html)] for citation in made.styles]
        self.used[digest] = kept
        return made

    def load(self, file: Path) -> None:
        """Citations a previous build saved with the same formatting code; anything else is ignored."""
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get("code") == _code_digest() and isinstance(data.get("items"), dict):
            self.known.update(data["items"])

    def save(self, file: Path) -> None:
        """The citations this build used, for the next build."""
        temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps({"code": _code_digest(), "items": self.used}, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(temporary, file)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The formatting code itself, so a changed style never reuses an old citation."""
    from importlib.metadata import version

    from .. import __version__

    digest = hashlib.blake2b(f"{__version__}:{version('markupsafe')}".encode(), digest_size=16)
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def for_lists(formatted: Mapping[str, Citations], style: str) -> Mapping[str, FormattedCitation]:
    """Each paper's citation in `style` (a site.yaml citation_style), by slug; empty when no style is set."""
    if not style:
        return MappingProxyType({})
    return MappingProxyType({slug: made.get(style) for slug, made in formatted.items()})
