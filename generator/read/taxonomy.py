"""arXiv subject codes → categories, from the bundled taxonomy table.

Profiles print only the two-letter subject class ("LG", "CV"). Several codes
exist in more than one archive (CV is cs.CV and math.CV), so a code resolves
by ARCHIVE_PREFERENCE; a site can pin a code to another archive.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

# Computing first: the profiles this tool reads come from CS-heavy sources.
ARCHIVE_PREFERENCE = ("cs", "eess", "stat", "math", "q-bio", "q-fin", "econ")


@dataclass(frozen=True, slots=True)
class ArxivClass:
    id: str
    archive: str
    code: str
    name: str
    group: str


@cache
def arxiv_classes() -> Mapping[str, ArxivClass]:
    """Every arXiv category by id ("cs.LG")."""
    table = resources.files(__package__).joinpath("data/arxiv_taxonomy.tsv")
    with table.open(encoding="utf-8") as handle:
        rows = [ArxivClass(**row) for row in csv.DictReader(handle, delimiter="\t")]
    return MappingProxyType({row.id: row for row in rows})


@cache
def classes_by_code() -> Mapping[str, tuple[ArxivClass, ...]]:
    """Two-letter code → candidate classes, most preferred first."""
    rank = {archive: index for index, archive in enumerate(ARCHIVE_PREFERENCE)}
    grouped: dict[str, list[ArxivClass]] = {}
    for entry in arxiv_classes().values():
        if entry.code:
            grouped.setdefault(entry.code, []).append(entry)
    return MappingProxyType(
        {
            code: tuple(sorted(entries, key=lambda e: (rank.get(e.archive, len(rank)), e.archive)))
            for code, entries in grouped.items()
        }
    )


def resolve_code(code: str, overrides: Mapping[str, str] = MappingProxyType({})) -> ArxivClass | None:
    """The class a profile code stands for; None when the code is unknown."""
    if code in overrides:
        return arxiv_classes().get(overrides[code])
    candidates = classes_by_code().get(code)
    return candidates[0] if candidates else None
