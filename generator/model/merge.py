"""One paper from many records: identity across sources, and which source's facts win.

Identity, in this order: DOI (case-insensitive), arXiv id without its version,
DBLP key, normalised title (case, accents, spacing and punctuation ignored).
The first key a record shares with a known paper makes it that paper; all of
its keys then point there, so a DOI learnt from one source matches the next.

Precedence (higher wins, see drafts.py): content/papers/<slug>.md > .bib >
imports > profile. Among imports, for the facts of the published version
(venue, volume, issue, pages, publisher, date, type, DOI): Crossref > DBLP >
OpenAlex > Semantic Scholar > ORCID > arXiv, the order of how close each is to
the publisher's own record. A preprint record (CoRR in DBLP, a preprint type)
ranks lowest for those facts. For the arXiv facts (arXiv id, first-version
date, categories, abstract) arXiv itself ranks first. The profile's arXiv
subject codes always stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import SourceLocation
from ..read.imports import SOURCE_NAMES, normalise_doi, strip_version
from ..read.weblinks import WEB_SCHEMES, safe_url
from .drafts import Draft, title_key

if TYPE_CHECKING:
    from ..read.imports import RawImport, RawRecord

IMPORT_RANKS = {"arxiv": 11, "orcid": 12, "s2": 13, "openalex": 14, "dblp": 15, "crossref": 16}
PREPRINT_RANK = 10  # below every import, above the profile
ARXIV_FACTS_RANK = 19  # arXiv on its own facts, still below BibTeX (20)
PREPRINT_VENUES = frozenset({"corr", "arxiv", "arxiv.org", "arxiv (cornell university)", "biorxiv", "medrxiv"})
BIBTEX_TYPES = {
    "article": "article",
    "inproceedings": "inproceedings",
    "preprint": "misc",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "misc": "misc",
}
VENUE_KINDS = {"article": "journal", "inproceedings": "conference"}


class PaperIndex:
    """Drafts by every identity key they are known under."""

    def __init__(self) -> None:
        self._drafts: dict[tuple[str, str], Draft] = {}

    @staticmethod
    def keys(doi: str, arxiv: str, dblp: str, title: str) -> list[tuple[str, str]]:
        found = [
            ("doi", normalise_doi(doi).casefold()),
            ("arxiv", strip_version(arxiv).lower()),
            ("dblp", dblp.strip()),
            ("title", title_key(title) if title else ""),
        ]
        return [key for key in found if key[1]]

    def find(self, doi: str, arxiv: str, dblp: str, title: str) -> Draft | None:
        for key in self.keys(doi, arxiv, dblp, title):
            found = self._drafts.get(key)
            if found is not None:
                return found
        return None

    def add(self, draft: Draft, doi: str, arxiv: str, dblp: str, title: str) -> None:
        for key in self.keys(doi, arxiv, dblp, title):
            self._drafts.setdefault(key, draft)


def is_preprint(record: RawRecord) -> bool:
    return record.type == "preprint" or record.venue.casefold() in PREPRINT_VENUES


def merge_imports(
    imports: tuple[RawImport, ...],
    drafts: list[Draft],
    index: PaperIndex,
    owner_of: dict[str, str],
    warn: Callable[[SourceLocation, str], None],
) -> None:
    """Every imported record into its paper; records of no known paper become papers.

    `owner_of` maps an import file to the profile owner whose papers it holds: a paper
    found only there is theirs, so it appears on their profile.
    """
    for imported in imports:
        owner = owner_of.get(imported.path)
        for record in imported.records:
            draft = index.find(record.doi, record.arxiv, record.dblp, record.title)
            if draft is None:
                date = record.date or record.arxiv_date
                if date is None:  # the schema allows it; a page needs a date to be filed under
                    warn(
                        SourceLocation(record.path, record.line),
                        f'skipped "{record.title[:60]}": no date, and no paper of the site has its DOI, arXiv id, '
                        "DBLP key or title",
                    )
                    continue
                draft = Draft(
                    title=record.title,
                    date=date.value,
                    date_precision=date.precision,
                    source=SourceLocation(record.path, record.line),
                    order=len(drafts),
                    names=[],
                    truncated=False,
                    authors_line=record.line,
                    owners=[owner] if owner else [],
                )
                drafts.append(draft)
            index.add(draft, record.doi, record.arxiv, record.dblp, record.title)
            merge_record(draft, record, imported.fetched)


def merge_record(draft: Draft, record: RawRecord, fetched: str) -> None:
    rank = IMPORT_RANKS.get(record.source, PREPRINT_RANK)
    published = PREPRINT_RANK if is_preprint(record) else rank
    arxiv_rank = ARXIV_FACTS_RANK if record.source == "arxiv" else rank
    draft.offer_authors(record.authors, record.authors_complete, rank)
    if record.date is not None:
        draft.offer_date(record.date.value, record.date.precision, published)
    if record.arxiv_date is not None:
        draft.offer_date(record.arxiv_date.value, record.arxiv_date.precision, arxiv_rank, arxiv=True)
    if not is_preprint(record):
        draft.offer("venue", record.venue, published)
        draft.offer("venue_short", record.venue_short, published)
        draft.offer("venue_kind", VENUE_KINDS.get(record.type, ""), published)
    draft.offer("entry_type", BIBTEX_TYPES.get(record.type, ""), published)
    for name in ("volume", "issue", "pages", "publisher"):
        draft.offer(name, getattr(record, name), published)
    draft.offer("doi", record.doi, published)
    draft.offer("dblp", record.dblp, rank)
    draft.offer("arxiv_id", record.arxiv, arxiv_rank)
    for key in ("url", "pdf"):  # web links only, read as a browser reads them: never javascript:, data: or file:
        web_url = safe_url(getattr(record, key), schemes=WEB_SCHEMES, relative=False)
        if web_url:
            draft.offer(key, web_url, published)
    draft.offer("abstract", [record.abstract] if record.abstract else [], arxiv_rank)
    if not draft.codes:  # the profile's subject codes stay; otherwise the source's categories
        for category in (record.arxiv_primary, *record.arxiv_categories):
            if category and category not in draft.category_ids:
                draft.category_ids.append(category)
    if record.citations is not None:
        as_of = record.fetched or fetched
        draft.citation_counts.append((record.citations, SOURCE_NAMES.get(record.source, record.source), as_of))
