"""Paper drafts: one per distinct paper, merged from profiles, .bib files and overrides.

A paper found in two profiles (a lab site), in a profile and a .bib file or an
import is one paper: matched by DOI, then arXiv id, then DBLP key, then
normalised title (see merge.py). Precedence when facts disagree: profile <
imports < BibTeX < content/papers/<slug>.md (the owner's explicit word); every
fact remembers the rank of the source that set it, so the order in which
sources are merged does not matter. Drafts are mutable while merging and become
frozen Papers in assemble().
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import SiteError, SourceLocation
from ..read.frontmatter import PAPER_LINKS
from ..read.imports import DatePrecision, normalise_doi, normalise_pages, parse_date, strip_version
from ..read.weblinks import WEB_SCHEMES, safe_url
from .documents import paper_links
from .entities import Link, Markdown
from .marks import Explicit, split_marks
from .mathtext import math_text
from .slugs import SlugRegistry

if TYPE_CHECKING:
    from ..read.bibtex import RawBibEntry
    from ..read.content import RawDocument
    from ..read.seeds import RawProfile
    from .merge import PaperIndex

Warn = Callable[[SourceLocation, str], None]
PROFILE_RANK = 0
BIBTEX_RANK = 20  # imports rank between the profile and BibTeX (merge.IMPORT_RANKS)
FILE_RANK = 30
EMPTY: tuple[object, ...] = ("", None, (), [])


def title_key(title: str) -> str:
    """Titles that differ only in case, accents, spacing or punctuation are one paper."""
    folded = unicodedata.normalize("NFKD", math_text(title).plain.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass
class Draft:
    title: str
    date: dt.date
    source: SourceLocation
    order: int
    names: list[str]
    truncated: bool
    date_precision: DatePrecision = "day"
    codes: list[str] = field(default_factory=list)
    category_ids: list[str] = field(default_factory=list)
    badges: tuple[str, ...] = ()
    owners: list[str] = field(default_factory=list)
    authors_line: int = 0
    abstract: list[str] = field(default_factory=list)
    venue: str = ""
    venue_kind: str = ""
    doi: str = ""
    arxiv_id: str = ""
    links: list[Link] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    selected: bool = False
    notes: Markdown | None = None
    entry_type: str = ""
    note: str = ""
    slug: str = ""
    venue_short: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    arxiv_date: dt.date | None = None
    arxiv_date_precision: DatePrecision = "day"
    dblp: str = ""
    pdf: str = ""
    url: str = ""
    citation_counts: list[tuple[int, str, str]] = field(default_factory=list)  # (count, source, as of)
    award: str = ""
    name_marks: dict[str, str] = field(default_factory=dict)  # name → marks found on it in any author list
    explicit_marks: dict[str, Explicit] = field(default_factory=dict)  # "corresponding" → (names, where, strict)
    ranks: dict[str, int] = field(default_factory=dict)
    author_key: tuple[int, int, int] = (0, 0, -1)

    def offer(self, name: str, value: object, rank: int) -> None:
        """Set a fact unless a source of higher precedence (or an equal one, earlier) has set it."""
        if value in EMPTY:
            return
        if rank > self.ranks.get(name, -1):
            setattr(self, name, value)
            self.ranks[name] = rank

    def offer_date(self, date: dt.date, precision: DatePrecision, rank: int, arxiv: bool = False) -> None:
        """The publication date (or, with `arxiv`, the first arXiv version's), with its precision."""
        name = "arxiv_date" if arxiv else "date"
        if rank > self.ranks.get(name, -1):
            setattr(self, name, date)
            setattr(self, f"{name}_precision", precision)
            self.ranks[name] = rank

    def offer_authors(self, names: list[str] | tuple[str, ...], complete: bool, rank: int) -> None:
        """The most complete list wins: a complete one over a cut one (then by precedence);
        among cut lists the longest, so a list cut later completes one cut earlier."""
        if not names:
            return
        names = self.take_marks(names)
        key = (1, rank, rank) if complete else (0, len(names), rank)
        if key > self.author_key:
            self.names, self.truncated, self.author_key = list(names), not complete, key

    def take_marks(self, names: list[str] | tuple[str, ...]) -> list[str]:
        """`names` without their marks; the marks are remembered, from every source."""
        clean = []
        for name in names:
            bare, marks = split_marks(name)
            if marks:
                known = self.name_marks.get(bare, "")
                self.name_marks[bare] = known + "".join(mark for mark in marks if mark not in known)
            clean.append(bare or name)
        return clean

    def offer_marks(self, kind: str, names: list[str], location: SourceLocation, strict: bool, rank: int) -> None:
        """An explicit `equal_contribution` or `corresponding` list; an empty list says "nobody"."""
        if rank > self.ranks.get(kind, -1):
            self.explicit_marks[kind] = (names, location, strict)
            self.ranks[kind] = rank


def from_profiles(profiles: tuple[RawProfile, ...]) -> tuple[list[Draft], PaperIndex]:
    from .merge import PaperIndex

    drafts: list[Draft] = []
    index = PaperIndex()
    for profile in profiles:
        for raw in profile.papers:
            existing = index.find("", "", "", raw.title)
            if existing is not None and existing.source.path != profile.path and title_key(raw.title):
                # The same paper in another member's profile: one paper, both owners.
                # Within one profile, equal titles are different papers (they get -2 slugs).
                if profile.owner not in existing.owners:
                    existing.owners.append(profile.owner)
                continue
            draft = Draft(
                title=raw.title,
                date=raw.date,
                source=SourceLocation(profile.path, raw.line),
                order=len(drafts),
                names=[],
                truncated=False,
                codes=list(raw.codes),
                badges=raw.badges,
                owners=[profile.owner],
                authors_line=raw.authors_line,
                abstract=list(raw.abstract),
            )
            # A profile lists arXiv papers: its date is the arXiv date, the publication date until a
            # source that knows the published version says otherwise.
            draft.offer_date(raw.date, "day", PROFILE_RANK)
            draft.offer_date(raw.date, "day", PROFILE_RANK, arxiv=True)
            draft.offer_authors(raw.authors, not raw.authors_truncated, PROFILE_RANK)
            draft.ranks["abstract"] = PROFILE_RANK if raw.abstract else -1
            drafts.append(draft)
            index.add(draft, "", "", "", raw.title)
    return drafts, index


def merge_bibtex(entries: tuple[RawBibEntry, ...], drafts: list[Draft], index: PaperIndex, warn: Warn) -> None:
    for entry in entries:
        draft = index.find(entry.doi, entry.arxiv_id, "", entry.title)
        if draft is None:
            draft = Draft(
                title=entry.title,
                date=entry.date,
                source=SourceLocation(entry.path, entry.line),
                order=len(drafts),
                names=[],
                truncated=entry.authors_truncated,
                date_precision=entry.date_precision,
                authors_line=entry.line,
            )
            drafts.append(draft)
        index.add(draft, entry.doi, entry.arxiv_id, "", entry.title)
        rank = BIBTEX_RANK
        draft.offer_authors(entry.authors, not entry.authors_truncated, rank)
        draft.offer_date(entry.date, entry.date_precision, rank)
        draft.offer("entry_type", entry.entry_type, rank)
        draft.offer("note", entry.note, rank)
        if entry.journal:
            draft.offer("venue", entry.journal, rank)
            draft.offer("venue_kind", "journal", rank)
        elif entry.booktitle:
            draft.offer("venue", entry.booktitle, rank)
            draft.offer("venue_kind", "conference", rank)
        for name in ("volume", "pages", "publisher"):
            draft.offer(name, getattr(entry, name), rank)
        draft.offer("issue", entry.number, rank)
        draft.offer("doi", normalise_doi(entry.doi), rank)
        draft.offer("arxiv_id", strip_version(entry.arxiv_id), rank)
        if entry.primary_class and not draft.codes and entry.primary_class not in draft.category_ids:
            draft.category_ids.append(entry.primary_class)
        web_url = safe_url(entry.url, schemes=WEB_SCHEMES, relative=False)  # never javascript:, data: or file:
        if web_url and not any(link.url == web_url for link in draft.links):
            draft.links.append(Link("Publisher", web_url))
        draft.tags.extend(tag for tag in entry.keywords if tag not in draft.tags)
        draft.offer("abstract", [entry.abstract] if entry.abstract else [], rank)
        _bibtex_extras(entry, draft, warn)


def _bibtex_extras(entry: RawBibEntry, draft: Draft, warn: Warn) -> None:
    """The homepage fields of an entry: links, award, venue abbreviation, author marks."""
    location = SourceLocation(entry.path, entry.line)
    for key, value in entry.links:
        url = safe_url(value)
        if url is None:
            warn(
                location,
                f'ignored the "{key}" link {value[:80]!r} of "{entry.key}" '
                "(expected an http(s):// URL or a path inside the site)",
            )
        elif key == "pdf":
            draft.offer("pdf", url, BIBTEX_RANK)
        elif not any(link.label == PAPER_LINKS[key] for link in draft.links):
            draft.links.append(Link(PAPER_LINKS[key], url))
    draft.offer("award", entry.award, BIBTEX_RANK)
    draft.offer("venue_short", entry.venue_short, BIBTEX_RANK)
    for kind in ("equal_contribution", "corresponding"):
        names = getattr(entry, kind)
        if names is not None:
            draft.offer_marks(kind, list(names), location, False, BIBTEX_RANK)


def assign_slugs(drafts: list[Draft]) -> dict[str, Draft]:
    """Oldest first, so a newly added paper with an existing title gets the suffix
    and the URLs already published stay where they were."""
    registry = SlugRegistry()
    for draft in sorted(drafts, key=lambda d: (d.date, d.order)):
        draft.slug = registry.claim(math_text(draft.title).plain, fallback="paper")
    return {draft.slug: draft for draft in drafts}


def apply_overrides(
    documents: tuple[RawDocument, ...], by_slug: dict[str, Draft], warn: Warn, canonical: Callable[[str], str] = str
) -> None:
    """content/papers/<slug>.md onto the drafts; `canonical` folds aliases when comparing author lists."""
    from .documents import body

    for document in documents:
        if document.kind != "paper":
            continue
        draft = by_slug.get(document.name)
        if draft is None:
            close = difflib.get_close_matches(document.name, list(by_slug), n=3, cutoff=0.4)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise SiteError(
                document.location(),
                f'no paper has the slug "{document.name}"{hint}',
                "a file named after a paper's slug (see the paper's URL)",
            )
        meta = document.meta
        if "authors" in meta:
            full = draft.take_marks([str(name) for name in meta["authors"]])
            if [canonical(n) for n in full[: len(draft.names)]] != [canonical(n) for n in draft.names]:
                warn(
                    document.location("authors"),
                    f"the profile's first authors ({', '.join(draft.names)}) are not the start of this author list",
                )
            draft.offer_authors(full, True, FILE_RANK)
        if "venue" in meta:
            draft.offer("venue", str(meta["venue"]), FILE_RANK)
            draft.offer("venue_kind", str(meta.get("venue_kind", draft.venue_kind or "conference")), FILE_RANK)
        elif "venue_kind" in meta:
            draft.offer("venue_kind", str(meta["venue_kind"]), FILE_RANK)
        if "date" in meta:
            date = parse_date(meta["date"])
            if date is None:
                raise SiteError(
                    document.location("date"),
                    f'invalid date "{meta["date"]}"',
                    'a real date "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
                )
            draft.offer_date(date.value, date.precision, FILE_RANK)
        for kind in ("equal_contribution", "corresponding"):
            if kind in meta:
                draft.offer_marks(kind, [str(name) for name in meta[kind]], document.location(kind), True, FILE_RANK)
        for key in ("volume", "issue", "pages", "publisher", "venue_short", "award"):
            if key in meta:
                draft.offer(key, normalise_pages(str(meta[key])) if key == "pages" else str(meta[key]), FILE_RANK)
        if "doi" in meta:
            draft.offer("doi", normalise_doi(str(meta["doi"])), FILE_RANK)
        if "arxiv" in meta:
            draft.offer("arxiv_id", strip_version(str(meta["arxiv"])), FILE_RANK)
        for link in paper_links(meta):
            draft.links = [existing for existing in draft.links if existing.label != link.label] + [link]
        draft.tags = list(dict.fromkeys([*draft.tags, *map(str, meta.get("tags", []))]))
        draft.selected = bool(meta.get("selected", draft.selected))
        if document.body.strip():
            draft.notes = body(document)
