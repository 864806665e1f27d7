"""The content model: small frozen records, built once by `assemble()`.

Relations (an author's papers, a category's papers, co-authors) live on
`Site` as read-only mappings keyed by slug, so records stay plain values with
no cycles between them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import SourceLocation
from .mathtext import Text

if TYPE_CHECKING:
    from ..read.imports import DatePrecision
    from .bylines import Byline
    from .collections import Collections


@dataclass(frozen=True, slots=True)
class Metric:
    """A profile metric as the source printed it ("h-index" 18, "Novelty" 63 %)."""

    label: str
    value: str
    unit: str
    source: str = ""  # for imported metrics: where the figure comes from ("Semantic Scholar")
    as_of: str = ""  # and the date it was fetched (ISO)

    @property
    def number(self) -> float:
        return float(self.value.replace(",", ""))


# Authors, categories and papers are each made once by assemble(); identity is
# equality for them, which keeps hashing (Counters, dict keys) cheap.
@dataclass(frozen=True, slots=True, eq=False)
class Category:
    """An arXiv subject class; `known` is False for codes missing from the taxonomy."""

    id: str
    code: str
    name: str
    slug: str
    known: bool


@dataclass(frozen=True, slots=True)
class Markdown:
    """The owner's own Markdown (may hold HTML); the theme renders it for the page it is on."""

    source: str
    location: SourceLocation


@dataclass(frozen=True, slots=True)
class Link:
    """An external link with a visible label ("PDF", "GitHub") and, for profile links, an icon name."""

    label: str
    url: str
    icon: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Author:
    """A person. `photo` is a site path ("me.jpg" from content/static/)."""

    name: str
    slug: str
    is_owner: bool
    affiliation: str = ""
    homepage: str = ""
    orcid: str = ""
    photo: str = ""
    bio: Markdown | None = None


@dataclass(frozen=True, slots=True)
class Year:
    value: int
    slug: str


@dataclass(frozen=True, slots=True, eq=False)
class Paper:
    """One paper.

    `authors` are the names the source shows, in order. When the list is cut
    ("et al.") and a profile owner is not among them, that owner is in
    `hidden_owners`: an author at an unknown position.
    `date_precision` is "day", "month" or "year" (BibTeX often has no day).
    """

    slug: str
    title: Text
    date: dt.date
    categories: tuple[Category, ...]
    badges: tuple[str, ...]
    authors: tuple[Author, ...]
    authors_truncated: bool
    hidden_owners: tuple[Author, ...]
    abstract: tuple[Text, ...]
    source: SourceLocation
    order: int = field(compare=False)
    date_precision: DatePrecision = "day"
    venue: str = ""
    venue_kind: str = ""  # "journal", "conference" or ""
    doi: str = ""
    arxiv_id: str = ""
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    selected: bool = False
    notes: Markdown | None = None
    entry_type: str = ""  # the BibTeX type when the paper came from a .bib file
    note: str = ""  # BibTeX's note field
    venue_short: str = ""  # an abbreviation of the venue ("Proc. IEEE")
    volume: str = ""
    issue: str = ""
    pages: str = ""  # "465-499" (a hyphen; pages show an en dash)
    publisher: str = ""
    arxiv_date: dt.date | None = None  # the first arXiv version, when known
    arxiv_date_precision: DatePrecision = "day"
    dblp_key: str = ""
    citation_counts: tuple[CitationCount, ...] = ()
    award: str = ""  # "Best Paper Award", shown as a badge
    # author slug → "*" (equal contribution), "†" (corresponding) or "*†"; see model/marks.py
    marks: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # the buttons of a list entry, in a fixed order: PDF, arXiv, DOI, Code, Slides, Video, Project,
    # BibTeX; a url is a web URL or a site path
    buttons: tuple[Link, ...] = ()
    # the abstract as a list entry shows it: all of it, or its start when it is long (model/excerpt.py)
    list_abstract: tuple[Text, ...] = ()
    list_abstract_cut: bool = False

    @property
    def has_equal_contribution(self) -> bool:
        return any("*" in marks for marks in self.marks.values())

    @property
    def has_corresponding(self) -> bool:
        return any("†" in marks for marks in self.marks.values())

    @property
    def code_url(self) -> str:
        return next((link.url for link in self.links if link.label == "Code"), "")

    @property
    def owner_hidden(self) -> bool:
        return bool(self.hidden_owners)

    @property
    def primary_category(self) -> Category | None:
        return self.categories[0] if self.categories else None

    @property
    def has_code(self) -> bool:
        """The profile's "Code" badge without a code link to go with it (a link is a button)."""
        return "Code" in self.badges and not self.code_url

    @property
    def all_authors(self) -> tuple[Author, ...]:
        """Every known author: the listed ones, then the owner when hidden."""
        return self.authors + self.hidden_owners

    @property
    def byline_cut(self) -> bool:
        """Whether list entries show only some of the authors (see `byline`)."""
        from .bylines import is_cut

        return is_cut(self)

    def byline(self, focus: str = "") -> Byline:
        """The author line of a list entry on the page of author `focus` (a slug): the first names,
        the owners and that author, and a count of the rest. The paper's own page shows `authors`."""
        from .bylines import byline

        return byline(self, focus)

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def authors_cut(self) -> bool:
        """True when the full author list is unknown (cut by "et al.", or an owner not placed)."""
        return self.authors_truncated or bool(self.hidden_owners)

    @property
    def pdf_url(self) -> str:
        """The paper's PDF: one given by a source or the owner, else arXiv's."""
        given = next((link.url for link in self.links if link.label == "PDF"), "")
        return given or next((link.url for link in self.links if link.label == "arXiv PDF"), "")

    @property
    def volume_issue(self) -> str:
        """ "111(5)", "111", "(5)" or ""."""
        return self.volume + (f"({self.issue})" if self.issue else "")

    @property
    def pages_shown(self) -> str:
        """Pages as printed: "465–499" with an en dash."""
        return self.pages.replace("-", "–")

    @property
    def date_iso(self) -> str:
        """The date as precise as it is known: "2009", "2009-05" or "2009-05-14" (for <time>)."""
        return partial_iso(self.date, self.date_precision)

    @property
    def arxiv_date_iso(self) -> str:
        return partial_iso(self.arxiv_date, self.arxiv_date_precision) if self.arxiv_date else ""

    @property
    def show_arxiv_date(self) -> bool:
        """The arXiv date is worth its own line when it is not the publication date."""
        return self.arxiv_date is not None and (self.arxiv_date, self.arxiv_date_precision) != (
            self.date,
            self.date_precision,
        )


def partial_iso(date: dt.date, precision: DatePrecision) -> str:
    return date.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]


@dataclass(frozen=True, slots=True)
class CitationCount:
    """How often a paper is cited according to one source, as of the date it was fetched."""

    count: int
    source: str
    as_of: str


@dataclass(frozen=True, slots=True)
class Profile:
    owner: Author
    links: tuple[str, ...]
    metrics: tuple[Metric, ...]
    papers: tuple[Paper, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Page:
    """A Markdown page of the site's own (content/pages/*.md), at /<slug>/."""

    slug: str
    title: str
    description: str
    nav_order: int
    in_nav: bool
    body: Markdown


@dataclass(frozen=True, slots=True)
class NewsItem:
    date: dt.date
    title: str
    slug: str
    body: Markdown


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
    description: str = ""
    about: Markdown | None = None
    photo: str = ""
    links: tuple[Link, ...] = ()
    pages: tuple[Page, ...] = ()
    news: tuple[NewsItem, ...] = ()
    selected: tuple[Paper, ...] = ()
    group_home: bool = False
    collections: Collections | None = None  # talks, teaching, projects, posts and the CV
