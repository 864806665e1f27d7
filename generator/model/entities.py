"""The content model: small frozen records, built once by `assemble()`.

Relations (an author's papers, a category's papers, co-authors) live on
`Site` as read-only mappings keyed by slug, so records stay plain values with
no cycles between them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from generator.errors import SourceLocation
from generator.model.mathtext import Text


@dataclass(frozen=True, slots=True)
class Metric:
    """A profile metric as the source printed it ("h-index" 18, "Novelty" 63 %)."""

    label: str
    value: str
    unit: str

    @property
    def number(self) -> float:
        return float(self.value.replace(",", ""))


@dataclass(frozen=True, slots=True)
class Category:
    """An arXiv subject class; `known` is False for codes missing from the taxonomy."""

    id: str
    code: str
    name: str
    slug: str
    known: bool


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    slug: str
    is_owner: bool


@dataclass(frozen=True, slots=True)
class Year:
    value: int
    slug: str


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper.

    `authors` are the names the source shows, in order. When the list is cut
    ("et al.") and the profile owner is not among them, `owner_hidden` is True:
    the owner is an author, at an unknown position.
    """

    slug: str
    title: Text
    date: dt.date
    categories: tuple[Category, ...]
    badges: tuple[str, ...]
    authors: tuple[Author, ...]
    authors_truncated: bool
    owner: Author
    owner_hidden: bool
    abstract: tuple[Text, ...]
    source: SourceLocation
    order: int = field(compare=False)

    @property
    def primary_category(self) -> Category:
        return self.categories[0]

    @property
    def has_code(self) -> bool:
        return "Code" in self.badges

    @property
    def all_authors(self) -> tuple[Author, ...]:
        """Every known author: the listed ones, then the owner when hidden."""
        return self.authors + (self.owner,) if self.owner_hidden else self.authors

    @property
    def year(self) -> int:
        return self.date.year


@dataclass(frozen=True, slots=True)
class Profile:
    owner: Author
    links: tuple[str, ...]
    metrics: tuple[Metric, ...]
    papers: tuple[Paper, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Counted:
    """An item with how many papers it has (for index pages and co-author lists)."""

    item: Author | Category | Year
    count: int


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the pages are made from. Sequences are in display order."""

    title: str
    profile: Profile
    profiles: tuple[Profile, ...]
    papers: tuple[Paper, ...]
    authors: tuple[Author, ...]
    categories: tuple[Category, ...]
    years: tuple[Year, ...]
    papers_by_author: Mapping[str, tuple[Paper, ...]]
    coauthors: Mapping[str, tuple[Counted, ...]]
    papers_by_category: Mapping[str, tuple[Paper, ...]]
    papers_by_year: Mapping[int, tuple[Paper, ...]]
