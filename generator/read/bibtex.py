"""seeds/*.bib → RawBibEntry records, read with bibtexparser.

LaTeX accents become Unicode (M{\\"u}ller → Müller) while `$…$` math is kept
for the math renderer. A malformed entry is a warning naming its line; the
rest of the file is still read.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import SourceLocation
from .imports import DatePrecision, normalise_pages

if TYPE_CHECKING:
    from bibtexparser.model import Block, Entry

Warn = Callable[[SourceLocation, str], None]
PRECISIONS: tuple[DatePrecision, ...] = ("year", "month", "day")  # by how many parts a date has
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class RawBibEntry:
    path: str
    line: int
    key: str
    entry_type: str
    title: str
    authors: tuple[str, ...]
    authors_truncated: bool
    date: dt.date
    date_precision: DatePrecision
    journal: str
    booktitle: str
    doi: str
    url: str
    arxiv_id: str
    primary_class: str
    abstract: str
    keywords: tuple[str, ...]
    note: str
    volume: str = ""
    number: str = ""
    pages: str = ""
    publisher: str = ""
    links: tuple[tuple[str, str], ...] = ()  # (key, URL as written) for pdf, code, slides, video, project
    award: str = ""
    venue_short: str = ""
    equal_contribution: tuple[str, ...] | None = None  # None: the entry does not say
    corresponding: tuple[str, ...] | None = None


# Fields beyond standard BibTeX that homepage tools use (al-folio's `abbr` and `website` too).
LINK_FIELDS = {
    "pdf": "pdf",
    "code": "code",
    "slides": "slides",
    "video": "video",
    "project": "project",
    "website": "project",
}
VENUE_SHORT_FIELDS = ("venue_short", "abbr")


@contextmanager
def quiet_bibtexparser() -> Iterator[None]:
    """bibtexparser logs every block it fails on; we report those ourselves, with their lines.
    Its logger is quietened only while it parses, and left as the application had it."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def parse_bibtex(text: str, path: str, warn: Warn) -> tuple[RawBibEntry, ...]:
    from bibtexparser import middlewares as mw
    from bibtexparser.entrypoint import parse_string

    from .latex_pieces import TOO_MUCH_LATEX, LinearDecoder

    # fed in pieces: pylatexenc alone is quadratic in the length of a field
    decoder = LinearDecoder(math_mode="verbatim", keep_braced_groups=False)
    with quiet_bibtexparser():
        library = parse_string(
            text,
            append_middleware=[
                mw.LatexDecodingMiddleware(decoder=decoder),
                mw.SeparateCoAuthors(),
                mw.SplitNameParts(),
                mw.MergeNameParts(style="first"),
            ],
        )
    for block in library.failed_blocks:
        if TOO_MUCH_LATEX in str(getattr(block, "error", "")):
            warn(
                SourceLocation(path, _line(block)),
                f"skipped a BibTeX entry with {TOO_MUCH_LATEX} (expected fields of ordinary length)",
            )
            continue
        warn(
            SourceLocation(path, _line(block)),
            "skipped a malformed BibTeX entry (expected balanced braces and key = value fields)",
        )
    entries = []
    for entry in library.entries:
        parsed = _entry(entry, path, warn)
        if parsed is not None:
            entries.append(parsed)
    return tuple(entries)


def _line(block: Block) -> int:
    """The 1-based line of a parsed block (the parser always records where a block starts)."""
    return (block.start_line or 0) + 1


def _entry(entry: Entry, path: str, warn: Warn) -> RawBibEntry | None:
    fields: dict[str, Any] = {key.lower(): value.value for key, value in entry.fields_dict.items()}
    location = SourceLocation(path, _line(entry))
    title = " ".join(str(fields.get("title", "")).split())
    if not title:
        warn(location, f'skipped BibTeX entry "{entry.key}" without a title')
        return None
    date = _date(fields, location, warn)
    if date is None:
        return None
    names = fields.get("author", [])
    names = [names] if isinstance(names, str) else list(names)
    truncated = bool(names) and names[-1].strip().lower() == "others"
    names = [" ".join(str(name).split()) for name in names if str(name).strip().lower() != "others"]
    arxiv = str(fields.get("eprint", "")) if str(fields.get("archiveprefix", "arXiv")).lower() == "arxiv" else ""
    keywords = tuple(k.strip() for k in str(fields.get("keywords", "")).replace(";", ",").split(",") if k.strip())
    return RawBibEntry(
        path=path,
        line=location.line,
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=title,
        authors=tuple(name for name in names if name),
        authors_truncated=truncated,
        date=date[0],
        date_precision=date[1],
        journal=_text(fields, "journal"),
        booktitle=_text(fields, "booktitle"),
        doi=_text(fields, "doi"),
        url=_text(fields, "url"),
        arxiv_id=arxiv.strip(),
        primary_class=_text(fields, "primaryclass"),
        abstract=_text(fields, "abstract"),
        keywords=keywords,
        note=_text(fields, "note"),
        volume=_text(fields, "volume"),
        number=_text(fields, "number"),
        pages=normalise_pages(_text(fields, "pages")),
        publisher=_text(fields, "publisher") or _text(fields, "school") or _text(fields, "institution"),
        links=tuple((LINK_FIELDS[key], _text(fields, key)) for key in LINK_FIELDS if _text(fields, key)),
        award=_text(fields, "award"),
        venue_short=next((v for k in VENUE_SHORT_FIELDS if (v := _text(fields, k))), ""),
        equal_contribution=_names(fields, "equal_contribution"),
        corresponding=_names(fields, "corresponding"),
    )


def _names(fields: dict[str, Any], key: str) -> tuple[str, ...] | None:
    """A list of names written as BibTeX writes authors ("A. One and Two, B."), each as "First Last"."""
    if key not in fields:
        return None
    names = (part.strip() for part in re.split(r"\s+and\s+", _text(fields, key)))
    return tuple(" ".join(reversed(name.split(", ", 1))) if ", " in name else name for name in names if name)


def _text(fields: dict[str, Any], key: str) -> str:
    return " ".join(str(fields.get(key, "")).split())


def _date(fields: dict[str, Any], location: SourceLocation, warn: Warn) -> tuple[dt.date, DatePrecision] | None:
    raw_date = _text(fields, "date")
    if raw_date:
        parts = raw_date.split("-")
        try:
            numbers = [int(p) for p in parts[:3]]
            return dt.date(numbers[0], *([*numbers[1:], 1, 1])[:2]), PRECISIONS[len(numbers) - 1]
        except (ValueError, TypeError, IndexError):
            warn(location, f'ignored the unreadable date "{raw_date}"')
    year_text = _text(fields, "year")
    try:
        year = int(year_text)
        if not 1000 <= year <= 9999:
            raise ValueError
    except ValueError:
        warn(location, f'skipped a BibTeX entry without a valid year ("{year_text}")')
        return None
    month = _month(fields.get("month"))
    if month is None:
        return dt.date(year, 1, 1), "year"
    return dt.date(year, month, 1), "month"


def _month(value: object) -> int | None:
    if isinstance(value, int):
        return value if 1 <= value <= 12 else None
    text = str(value or "").strip().lower()[:3]
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return MONTH_NAMES.index(text) + 1 if text in MONTH_NAMES else None
