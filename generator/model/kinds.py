"""What kind of publication a paper is, for the papers list grouped by type.

From the facts the sources give: the BibTeX entry type (from a .bib file or an
import) first, then the venue kind; a paper with neither is a preprint (a
profile lists arXiv papers). The groups come in a fixed order, the order a CV
lists them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .entities import Paper

PublicationKind = Literal["journal", "conference", "book", "thesis", "report", "preprint", "other"]
# (slug, heading) in the order the groups are shown
KINDS: tuple[tuple[PublicationKind, str], ...] = (
    ("journal", "Journal articles"),
    ("conference", "Conference papers"),
    ("book", "Books and chapters"),
    ("thesis", "Theses"),
    ("report", "Reports"),
    ("preprint", "Preprints"),
    ("other", "Other publications"),
)
HEADINGS = dict(KINDS)
ORDER = {slug: index for index, (slug, _) in enumerate(KINDS)}
ENTRY_TYPES: dict[str, PublicationKind] = {
    "article": "journal",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "book": "book",
    "inbook": "book",
    "incollection": "book",
    "booklet": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "preprint",
    "preprint": "preprint",
}


def kind(paper: Paper) -> PublicationKind:
    """The slug of the paper's group: "journal", "conference", …, "preprint" or "other"."""
    found = ENTRY_TYPES.get(paper.entry_type)
    if found is not None:
        if found == "journal" and not paper.venue:  # @article without a journal: an arXiv-only entry
            return "preprint"
        return found
    if paper.venue_kind == "journal":
        return "journal"
    if paper.venue_kind == "conference":
        return "conference"
    if paper.entry_type == "misc" and paper.venue:
        return "other"
    return "preprint"
