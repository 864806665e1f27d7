"""A site without a profile (`seeds/*.txt`): its papers come from BibTeX or imports, its owner from site.yaml."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import SiteError, SourceLocation
from .seeds import RawProfile

if TYPE_CHECKING:
    from ..config import SiteConfig
    from . import Sources


def with_owner_profile(sources: Sources, config: SiteConfig) -> Sources:
    """`sources` as they are when they hold a profile; otherwise an empty profile of site.yaml's owner.

    The owner is never guessed (for example as the most frequent author): on a
    site built from a co-author's BibTeX the guess would be someone else.
    """
    if sources.profiles:
        return sources
    if not config.owner.strip():
        papers_from = sorted({entry.path for entry in sources.bib_entries} | {item.path for item in sources.imports})
        shown = ", ".join(papers_from) or "seeds/"
        location = SourceLocation("site.yaml", 1) if config.lines else SourceLocation("site.yaml")
        raise SiteError(
            location,
            f"no profile (seeds/*.txt) says whose papers {shown} holds",
            'a line "owner: Your Name" in site.yaml, your name as your papers spell it',
        )
    line = config.lines.get("owner", 0)
    owner = RawProfile(
        path="site.yaml",
        owner=" ".join(config.owner.split()),
        links=(),
        metrics=(),
        declared_count=None,
        declared_line=line,
        papers=(),
    )
    return replace(sources, profiles=(owner,))
