"""Paper drafts: one per distinct paper, merged from profiles, .bib files and overrides.

A paper found in two profiles (a lab site) or in a profile and a .bib file is
one paper: they are matched by normalised title. Precedence when fields
disagree: profile < BibTeX < content/papers/<slug>.md (the owner's explicit word).
Drafts are mutable while merging and become frozen Papers in assemble().
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from generator.errors import SiteError, SourceLocation
from generator.model.documents import paper_links
from generator.model.entities import Link, Markdown
from generator.model.links import WEB_SCHEMES, safe_url
from generator.model.mathtext import text
from generator.model.slugs import SlugRegistry

if TYPE_CHECKING:
    from generator.read.bibtex import RawBibEntry
    from generator.read.content import RawDocument
    from generator.read.seeds import RawProfile

Warn = Callable[[SourceLocation, str], None]


def title_key(title: str) -> str:
    """Titles that differ only in case, accents, spacing or punctuation are one paper."""
    folded = unicodedata.normalize("NFKD", text(title).plain.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


@dataclass
class Draft:
    title: str
    date: dt.date
    source: SourceLocation
    order: int
    names: list[str]
    truncated: bool
    date_precision: str = "day"
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


def from_profiles(profiles: tuple[RawProfile, ...]) -> tuple[list[Draft], dict[str, Draft]]:
    drafts: list[Draft] = []
    by_title: dict[str, Draft] = {}
    for profile in profiles:
        for raw in profile.papers:
            key = title_key(raw.title)
            existing = by_title.get(key)
            if existing is not None and existing.source.path != profile.path and key:
                # The same paper in another member's profile: one paper, both owners.
                # Within one profile, equal titles are different papers (they get -2 slugs).
                if profile.owner not in existing.owners:
                    existing.owners.append(profile.owner)
                continue
            draft = Draft(
                title=raw.title, date=raw.date, source=SourceLocation(profile.path, raw.line), order=len(drafts),
                names=list(raw.authors), truncated=raw.authors_truncated, codes=list(raw.codes),
                badges=raw.badges, owners=[profile.owner], authors_line=raw.authors_line,
                abstract=list(raw.abstract),
            )
            drafts.append(draft)
            by_title.setdefault(key, draft)
    return drafts, by_title


def merge_bibtex(entries: tuple[RawBibEntry, ...], drafts: list[Draft], by_title: dict[str, Draft]) -> None:
    for entry in entries:
        key = title_key(entry.title)
        draft = by_title.get(key) if key else None
        if draft is None:
            draft = Draft(title=entry.title, date=entry.date, source=SourceLocation(entry.path, entry.line),
                          order=len(drafts), names=list(entry.authors), truncated=entry.authors_truncated,
                          date_precision=entry.date_precision, authors_line=entry.line)
            drafts.append(draft)
            by_title[key] = draft
        elif entry.authors and (draft.truncated or not draft.names) and len(entry.authors) >= len(draft.names):
            draft.names, draft.truncated = list(entry.authors), entry.authors_truncated
        draft.entry_type = draft.entry_type or entry.entry_type
        draft.note = draft.note or entry.note
        if entry.journal and not draft.venue:
            draft.venue, draft.venue_kind = entry.journal, "journal"
        elif entry.booktitle and not draft.venue:
            draft.venue, draft.venue_kind = entry.booktitle, "conference"
        draft.doi = draft.doi or entry.doi
        draft.arxiv_id = draft.arxiv_id or entry.arxiv_id
        if entry.primary_class and not draft.codes and entry.primary_class not in draft.category_ids:
            draft.category_ids.append(entry.primary_class)
        web_url = safe_url(entry.url, schemes=WEB_SCHEMES, relative=False)  # never javascript:, data: or file:
        if web_url and not any(link.url == web_url for link in draft.links):
            draft.links.append(Link("Publisher", web_url))
        draft.tags.extend(tag for tag in entry.keywords if tag not in draft.tags)
        if entry.abstract and not draft.abstract:
            draft.abstract = [entry.abstract]


def assign_slugs(drafts: list[Draft]) -> dict[str, Draft]:
    """Oldest first, so a newly added paper with an existing title gets the suffix
    and the URLs already published stay where they were."""
    registry = SlugRegistry()
    for draft in sorted(drafts, key=lambda d: (d.date, d.order)):
        draft.slug = registry.claim(text(draft.title).plain, fallback="paper")
    return {draft.slug: draft for draft in drafts}


def apply_overrides(documents: tuple[RawDocument, ...], by_slug: dict[str, Draft], warn: Warn,
                    canonical: Callable[[str], str] = str) -> None:
    """content/papers/<slug>.md onto the drafts; `canonical` folds aliases when comparing author lists."""
    from generator.model.documents import body

    for document in documents:
        if document.kind != "paper":
            continue
        draft = by_slug.get(document.name)
        if draft is None:
            close = difflib.get_close_matches(document.name, list(by_slug), n=3, cutoff=0.4)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise SiteError(document.location(), f'no paper has the slug "{document.name}"{hint}',
                            "a file named after a paper's slug (see the paper's URL)")
        meta = document.meta
        if "authors" in meta:
            full = [str(name) for name in meta["authors"]]
            if [canonical(n) for n in full[: len(draft.names)]] != [canonical(n) for n in draft.names]:
                warn(document.location("authors"),
                     f"the profile's first authors ({', '.join(draft.names)}) are not the start of this author list")
            draft.names, draft.truncated = full, False
        if "venue" in meta:
            draft.venue = str(meta["venue"])
            draft.venue_kind = str(meta.get("venue_kind", draft.venue_kind or "conference"))
        draft.doi = str(meta.get("doi", draft.doi))
        draft.arxiv_id = str(meta.get("arxiv", draft.arxiv_id))
        for link in paper_links(meta):
            draft.links = [existing for existing in draft.links if existing.label != link.label] + [link]
        draft.tags = list(dict.fromkeys([*draft.tags, *map(str, meta.get("tags", []))]))
        draft.selected = bool(meta.get("selected", draft.selected))
        if document.body.strip():
            draft.notes = body(document)
