"""seeds/<source>.yaml: read the last import, merge a new one into it, write it back atomically.

The file is written by hand-rolled YAML so that its layout is fixed: keys in one
order, papers sorted by id, strings double-quoted, one blank line between papers.
A re-import adds new records, updates changed ones (a record's `fetched` date
moves only when its data changed), keeps every record the source no longer
returns, and never touches one marked `keep: true`. Comments in the file other
than its header are not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SiteError, SourceLocation
from .records import Fetched, Person, Record

SOURCE_NAMES = {
    "arxiv": "arXiv",
    "s2": "Semantic Scholar",
    "dblp": "DBLP",
    "orcid": "ORCID",
    "openalex": "OpenAlex",
    "crossref": "Crossref",
}
PAPER_KEYS = (
    "id",
    "fetched",
    "title",
    "authors",
    "authors_complete",
    "type",
    "date",
    "arxiv_date",
    "venue",
    "venue_short",
    "volume",
    "issue",
    "pages",
    "publisher",
    "doi",
    "arxiv",
    "arxiv_primary",
    "arxiv_categories",
    "dblp",
    "url",
    "pdf",
    "abstract",
    "citations",
    "keep",
)
IGNORED_IN_COMPARISON = ("fetched", "keep")
FLOW_WIDTH = 100  # a list longer than this is written one item per line
# characters YAML does not allow raw, or reads as line breaks (NEL, U+2028, U+2029): written as \\uXXXX
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def today() -> str:
    """UTC date of the import; SOURCE_DATE_EPOCH (seconds) fixes it for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return moment.date().isoformat()


@dataclass(frozen=True, slots=True)
class Stored:
    """What seeds/<source>.yaml held before this import (empty when there was no file)."""

    queries: tuple[str, ...] = ()
    person: Mapping[str, Any] | None = None
    papers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    text: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # "added", "updated", "unchanged", "kept" (keep: true), "left" (not returned this time)
    id: str
    title: str
    keys: tuple[str, ...] = ()  # for "updated": the keys whose values changed


@dataclass(frozen=True, slots=True)
class Plan:
    path: Path
    text: str
    changes: tuple[Change, ...]
    rewrite: bool  # False when the file would come out as it is

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)


def load(path: Path, shown: str) -> Stored:
    """The previous import; a file that cannot be read is an error naming its line."""
    if not path.is_file():
        return Stored()
    import yaml

    from ..read.lines import read_text
    from ..schema import safe_load_bounded

    text = read_text(path, shown)  # regular, of a sane size, UTF-8
    try:
        data = safe_load_bounded(text, shown)  # aliases bounded: no "billion laughs"
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise SiteError(
            SourceLocation(shown, line),
            f"cannot read the last import ({getattr(error, 'problem', error)})",
            "valid YAML; fix the file or delete it to import afresh",
        ) from None
    if data is None:
        return Stored(text=text)
    papers = data.get("papers") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(papers or [], list):
        raise SiteError(
            SourceLocation(shown, 1),
            "not an import file",
            '"source:", "queries:" and a list of "papers:"; fix the file or delete it',
        )
    stored: dict[str, Mapping[str, Any]] = {}
    for paper in papers or []:
        if isinstance(paper, dict) and paper.get("id") is not None:
            stored[str(paper["id"])] = paper
    person = data.get("person") if isinstance(data.get("person"), dict) else None
    return Stored(tuple(str(query) for query in data.get("queries") or []), person, stored, text)


def plan(path: Path, source: str, stored: Stored, fetched: Fetched, queries: Sequence[str], date: str) -> Plan:
    """The new file and what changed, record by record; nothing is written here."""
    papers: dict[str, Mapping[str, Any]] = {}
    changes = []
    for record in fetched.records:
        new = record_mapping(record, date)
        old = stored.papers.get(record.id)
        if old is None:
            papers[record.id] = new
            changes.append(Change("added", record.id, record.title))
        elif old.get("keep") is True:
            papers[record.id] = old
            changes.append(Change("kept", record.id, str(old.get("title", ""))))
        else:
            differing = _differences(old, new)
            if differing:
                papers[record.id] = {**new, **({"keep": old["keep"]} if "keep" in old else {})}
                changes.append(Change("updated", record.id, record.title, differing))
            else:
                papers[record.id] = old
                changes.append(Change("unchanged", record.id, record.title))
    for key, old in stored.papers.items():
        if key not in papers:
            papers[key] = old
            changes.append(Change("kept" if old.get("keep") is True else "left", key, str(old.get("title", ""))))
    person = person_mapping(fetched.person) if fetched.person is not None else stored.person
    content_changed = (
        any(change.kind in ("added", "updated") for change in changes)
        or (tuple(queries) != stored.queries)
        or _comparable(person) != _comparable(stored.person)
    )
    text = render(
        source,
        date if content_changed or not stored.text else _stored_date(stored, date),
        queries,
        person,
        [papers[key] for key in sorted(papers)],
    )
    # unchanged content leaves the file alone, hand-made layout and comments included
    return Plan(path, text, tuple(changes), (content_changed or not stored.text) and text != stored.text)


def _stored_date(stored: Stored, fallback: str) -> str:
    match = re.search(r'^fetched: "?(\d{4}-\d{2}-\d{2})"?$', stored.text, flags=re.MULTILINE)
    return match.group(1) if match else fallback


def _comparable(value: object) -> object:
    return json.loads(json.dumps(value, default=str, sort_keys=True)) if value is not None else None


def _differences(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[str, ...]:
    keys = [key for key in PAPER_KEYS if key not in IGNORED_IN_COMPARISON]
    return tuple(key for key in keys if _comparable(old.get(key)) != _comparable(new.get(key)))


def record_mapping(record: Record, date: str) -> dict[str, Any]:
    pairs = record.fields_in_order()
    return {"id": record.id, "fetched": date, **{key: value for key, value in pairs if key != "id"}}


def person_mapping(person: Person) -> dict[str, Any]:
    data: dict[str, Any] = {"name": person.name, "id": person.id}
    metrics = person.metrics
    if metrics is not None:
        numbers = {
            key: value
            for key, value in (
                ("citations", metrics.citations),
                ("h_index", metrics.h_index),
                ("papers", metrics.papers),
            )
            if value is not None
        }
        if numbers:
            data["metrics"] = numbers
    return {key: value for key, value in data.items() if value not in ("", None)}


# --------------------------------------------------------------------------- writing YAML


def render(
    source: str,
    date: str,
    queries: Sequence[str],
    person: Mapping[str, Any] | None,
    papers: Sequence[Mapping[str, Any]],
) -> str:
    header = (
        f"# Imported by scholarsite from {SOURCE_NAMES[source]}. Edit freely; a record with `keep: true` "
        "is never changed by"
    )
    lines = [
        header,
        "# a re-import. content/papers/<slug>.md always wins over what is here.",
        f"source: {source}",
        f"fetched: {scalar(date)}",
        f"queries: {flow(list(queries))}",
    ]
    if person:
        lines.append("person:")
        lines.extend(f"  {key}: {scalar(person[key])}" for key in ("name", "id") if key in person)
        metrics = person.get("metrics")
        if isinstance(metrics, dict) and metrics:
            lines.append("  metrics:")
            lines.extend(f"    {key}: {scalar(value)}" for key, value in metrics.items())
    lines.append("papers:" if papers else "papers: []")
    for index, paper in enumerate(papers):
        if index:
            lines.append("")
        ordered = [key for key in PAPER_KEYS if key in paper] + [key for key in paper if key not in PAPER_KEYS]
        for position, key in enumerate(ordered):
            value = paper[key]
            if value is None:
                continue
            prefix = "  - " if position == 0 else "    "
            if isinstance(value, (list, tuple)) and len(flow(list(value))) + len(key) + 6 > FLOW_WIDTH:
                lines.append(f"{prefix}{key}:")
                lines.extend(f"      - {scalar(item)}" for item in value)
            else:
                lines.append(
                    f"{prefix}{key}: {flow(list(value)) if isinstance(value, (list, tuple)) else scalar(value)}"
                )
    return "\n".join(lines) + "\n"


def scalar(value: object) -> str:
    """One YAML scalar: booleans and whole numbers bare, everything else a double-quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    quoted = json.dumps(
        _SURROGATE.sub("\ufffd", str(value)), ensure_ascii=False
    )  # a JSON string is a YAML double-quoted scalar
    return _NOT_PRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def flow(items: list[Any]) -> str:
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def write(plan: Plan) -> None:
    """Replace the file in one step: a reader sees the old file or the new one, never half of one."""
    plan.path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{plan.path.name}.", dir=plan.path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(plan.text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, plan.path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
