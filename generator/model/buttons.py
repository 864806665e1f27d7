"""The buttons of a publication list entry: what the paper's data has, in one fixed order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import urls
from .entities import Link

if TYPE_CHECKING:
    from .entities import Paper

# (button label, the labels of Paper.links it shows, first found wins)
ORDER = (
    ("PDF", ("PDF", "arXiv PDF")),
    ("arXiv", ("arXiv",)),
    ("DOI", ("DOI",)),
    ("Code", ("Code",)),
    ("Slides", ("Slides",)),
    ("Video", ("Video",)),
    ("Project", ("Project page",)),
)


def entry_buttons(paper: Paper) -> tuple[Link, ...]:
    """PDF, arXiv, DOI (or the publisher's page when there is no DOI), Code, Slides, Video,
    Project, and always the paper's BibTeX file."""
    by_label = {link.label: link.url for link in reversed(paper.links)}  # the first of a label wins
    found = []
    for label, sources in ORDER:
        url = next((by_label[source] for source in sources if source in by_label), "")
        if not url and label == "DOI":
            label, url = "Publisher", by_label.get("Publisher", "")
        if url:
            found.append(Link(label, url))
    return (*found, Link("BibTeX", urls.paper_bibtex(paper)))
