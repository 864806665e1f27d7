"""Short author lines for list entries, so output grows linearly with long author lists.

A collaboration paper can have thousands of authors, and each of them gets an
author page that lists the paper: printing every name in every entry made one
4,000-author paper 457 MB of output. Lists show the first names, then the
profile owners and the author whose page it is (wherever they are in the list),
then how many more there are, linking to the paper's page, which keeps the
full list (as do every export and the metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..words import noun

if TYPE_CHECKING:
    from .entities import Author, Paper

SHOWN_AUTHORS = 10


@dataclass(frozen=True, slots=True)
class Byline:
    """`head` the first authors; `kept` owners and the page's author further down, in list order;
    `more` how many authors are left out."""

    head: tuple[Author, ...]
    kept: tuple[Author, ...] = ()
    more: int = 0

    @property
    def more_text(self) -> str:
        """ "3,990 more authors" ("1 more author")."""
        return f"{self.more:,} {noun(self.more, 'more author')}"


def is_cut(paper: Paper) -> bool:
    """Whether list entries of `paper` leave authors out (cutting a single name would save nothing)."""
    return len(paper.authors) > SHOWN_AUTHORS + 1


@lru_cache(maxsize=64)
def _tail(paper: Paper) -> tuple[tuple[Author, ...], dict[str, int]]:
    """The owners after the head, and each author's position: worked out once per paper,
    not once for each of its thousands of author pages."""
    tail = paper.authors[SHOWN_AUTHORS:]
    owners = tuple(author for author in tail if author.is_owner)
    return owners, {author.slug: index for index, author in enumerate(paper.authors)}


def byline(paper: Paper, focus: str = "") -> Byline:
    """The author line of a list entry of `paper` on the page of the author with slug `focus` (if any)."""
    if not is_cut(paper):
        return Byline(paper.authors)
    owners, positions = _tail(paper)
    kept = owners
    if positions.get(focus, 0) >= SHOWN_AUTHORS and not paper.authors[positions[focus]].is_owner:
        kept = tuple(sorted((*owners, paper.authors[positions[focus]]), key=lambda author: positions[author.slug]))
    return Byline(paper.authors[:SHOWN_AUTHORS], kept, len(paper.authors) - SHOWN_AUTHORS - len(kept))
