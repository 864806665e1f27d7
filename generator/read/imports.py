"""seeds/<source>.yaml → RawImport records: what `scholarsite import` fetched, read offline.

The files are plain YAML meant to be edited by hand, so they are checked like
site.yaml: one JSON Schema, unknown keys rejected with the closest valid key,
every problem reported at once with its line. A date keeps its precision
("2009", "2009-05", "2009-05-14").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import SiteError, SiteErrors, SourceLocation

SOURCES = ("arxiv", "s2", "dblp", "orcid", "openalex", "crossref")
SOURCE_NAMES = {
    "arxiv": "arXiv",
    "s2": "Semantic Scholar",
    "dblp": "DBLP",
    "orcid": "ORCID",
    "openalex": "OpenAlex",
    "crossref": "Crossref",
}
RECORD_TYPES = ("article", "inproceedings", "preprint", "book", "chapter", "thesis", "report", "misc")
METRIC_KEYS = ("citations", "h_index", "papers")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_TEXT = {"type": "string"}
_TEXT_OR_NUMBER = {"type": ["string", "integer"]}
_DATE = {
    "type": ["string", "integer"],
    "pattern": DATE.pattern,
    "description": 'a date "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
}
_COUNT = {"type": "integer", "minimum": 0}
_LIST = {"type": "array", "items": _TEXT}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


RECORD_SCHEMA = _object(
    {
        "id": _TEXT_OR_NUMBER,
        "fetched": _DATE,
        "title": _TEXT,
        "authors": _LIST,
        "authors_complete": {"type": "boolean"},
        "type": {"enum": list(RECORD_TYPES)},
        "date": _DATE,
        "arxiv_date": _DATE,
        "venue": _TEXT,
        "venue_short": _TEXT,
        "volume": _TEXT_OR_NUMBER,
        "issue": _TEXT_OR_NUMBER,
        "pages": _TEXT_OR_NUMBER,
        "publisher": _TEXT,
        "doi": _TEXT,
        "arxiv": _TEXT,
        "arxiv_primary": _TEXT,
        "arxiv_categories": _LIST,
        "dblp": _TEXT,
        "url": _TEXT,
        "pdf": _TEXT,
        "abstract": _TEXT,
        "citations": _COUNT,
        "keep": {"type": "boolean"},
    },
    required=("id", "title", "authors"),
)
SCHEMA: dict[str, Any] = _object(
    {
        "source": {"enum": list(SOURCES)},
        "fetched": _DATE,
        "queries": {"type": "array", "items": _TEXT_OR_NUMBER},
        "person": _object(
            {"name": _TEXT, "id": _TEXT_OR_NUMBER, "metrics": _object({key: _COUNT for key in METRIC_KEYS})}
        ),
        "papers": {"type": "array", "items": RECORD_SCHEMA},
    },
    required=("source",),
)


# How much of a date a source gives: BibTeX often has no day, an import may have only the year.
DatePrecision = Literal["year", "month", "day"]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to "year", "month" or "day"; `value` fills the unknown parts with 1."""

    value: dt.date
    precision: DatePrecision


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One imported paper; text fields are "" and `citations` None when the source did not say."""

    path: str
    line: int
    source: str
    id: str
    fetched: str
    title: str
    authors: tuple[str, ...]
    authors_complete: bool
    type: str
    date: PartialDate | None
    arxiv_date: PartialDate | None
    venue: str
    venue_short: str
    volume: str
    issue: str
    pages: str
    publisher: str
    doi: str
    arxiv: str
    arxiv_primary: str
    arxiv_categories: tuple[str, ...]
    dblp: str
    url: str
    pdf: str
    abstract: str
    citations: int | None


@dataclass(frozen=True, slots=True)
class RawImport:
    """One seeds/<source>.yaml file. `metrics` are (key, value) pairs, e.g. ("h_index", 18)."""

    path: str
    source: str
    fetched: str
    person_name: str
    person_id: str
    metrics: tuple[tuple[str, int], ...]
    records: tuple[RawRecord, ...]


def parse_date(value: object) -> PartialDate | None:
    """ "2009" → year precision, "2009-05" → month, "2009-05-14" → day; None when not a real date."""
    match = DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return PartialDate(
            dt.date(int(year), int(month or 1), int(day or 1)), "day" if day else "month" if month else "year"
        )
    except ValueError:
        return None


def parse_import(text: str, shown: str) -> RawImport:
    """Parse and check one import file; SiteErrors lists every problem with its line."""
    from .. import schema

    data, root = schema.load_yaml(text, shown)
    if data is None:
        raise SiteError(SourceLocation(shown, 1), "empty import file", 'a "source:" line and a list of "papers:"')
    if not isinstance(data, dict):
        raise SiteError(SourceLocation(shown, 1), "not an import file", 'keys such as "source:" and "papers:"')
    problems: list[SiteError] = []
    try:
        schema.validate(data, root, SCHEMA, shown)
    except SiteErrors as errors:
        problems.extend(errors.errors)
    records: list[RawRecord] = []
    papers = data.get("papers")
    for index, paper in enumerate(papers if isinstance(papers, list) else []):
        if isinstance(paper, dict):
            node = schema.node_at(root, ["papers", index])
            line = node.start_mark.line + 1 if node is not None else 1
            record = _record(paper, str(data.get("source", "")), shown, line, root, index, problems)
            if record is not None:
                records.append(record)
    fetched = str(data.get("fetched", ""))
    if fetched and parse_date(fetched) is None and (isinstance(data.get("fetched"), int) or DATE.match(fetched)):
        problems.append(_bad_date(root, ["fetched"], fetched, shown))
    if problems:
        unique = {error.message: error for error in problems}.values()
        raise SiteErrors(sorted(unique, key=lambda error: error.location.line))
    person = data.get("person") or {}
    metrics = person.get("metrics") or {}
    return RawImport(
        shown,
        str(data["source"]),
        fetched,
        str(person.get("name", "")),
        str(person.get("id", "")),
        tuple((key, int(metrics[key])) for key in METRIC_KEYS if key in metrics),
        tuple(records),
    )


def _bad_date(root: Any, path: list[Any], value: object, shown: str) -> SiteError:
    from .. import schema

    node = schema.node_at(root, path)
    line = node.start_mark.line + 1 if node is not None else 1
    return SiteError(
        SourceLocation(shown, line),
        f'"{".".join(map(str, path))}" has the value {str(value)!r}',
        'a real date "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
    )


def _record(
    paper: dict[str, Any], source: str, shown: str, line: int, root: Any, index: int, problems: list[SiteError]
) -> RawRecord | None:
    dates: dict[str, PartialDate | None] = {}
    for key in ("date", "arxiv_date", "fetched"):
        value = paper.get(key)
        dates[key] = parse_date(value) if value not in (None, "") else None
        if value not in (None, "") and dates[key] is None and (isinstance(value, int) or DATE.match(str(value))):
            problems.append(_bad_date(root, ["papers", index, key], value, shown))
    if not isinstance(paper.get("title"), str) or not isinstance(paper.get("authors"), list):
        return None  # the schema has reported it

    def text(key: str) -> str:
        value = paper.get(key)
        return " ".join(str(value).split()) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""

    citations, categories = paper.get("citations"), paper.get("arxiv_categories")
    return RawRecord(
        path=shown,
        line=line,
        source=source,
        id=text("id"),
        fetched=text("fetched"),
        title=text("title"),
        authors=tuple(" ".join(name.split()) for name in paper["authors"] if isinstance(name, str) and name.strip()),
        authors_complete=paper.get("authors_complete", True) is not False,
        type=text("type"),
        date=dates["date"],
        arxiv_date=dates["arxiv_date"],
        venue=text("venue"),
        venue_short=text("venue_short"),
        volume=text("volume"),
        issue=text("issue"),
        pages=normalise_pages(text("pages")),
        publisher=text("publisher"),
        doi=normalise_doi(text("doi")),
        arxiv=strip_version(text("arxiv")),
        arxiv_primary=text("arxiv_primary"),
        arxiv_categories=tuple(c for c in categories if isinstance(c, str)) if isinstance(categories, list) else (),
        dblp=text("dblp"),
        url=text("url"),
        pdf=text("pdf"),
        abstract=str(paper.get("abstract") or "").strip(),
        citations=citations if isinstance(citations, int) and not isinstance(citations, bool) else None,
    )


DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
ARXIV_VERSION = re.compile(r"v\d+$")


def normalise_doi(doi: str) -> str:
    """ "https://doi.org/10.1109/JPROC.1" → "10.1109/JPROC.1" (DOIs are case-insensitive: compare casefolded)."""
    return DOI_PREFIX.sub("", doi.strip())


def normalise_pages(pages: str) -> str:
    """ "465–499", "465--499" and "465 - 499" → "465-499"."""
    return re.sub(r"\s*[-–—]+\s*", "-", pages.strip())


def strip_version(arxiv_id: str) -> str:
    """ "1605.08386v2" → "1605.08386" (also "arXiv:" prefixes)."""
    return ARXIV_VERSION.sub("", arxiv_id.strip().removeprefix("arXiv:").removeprefix("arxiv:"))
