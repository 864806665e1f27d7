"""content/**/*.md → RawDocument: YAML front matter (with its lines) and a Markdown body.

Layout:
    content/about.md            the bio on the home page
    content/pages/*.md          one page each, /<slug>/
    content/news/*.md           dated news items
    content/papers/<slug>.md    additions to one paper
    content/authors/<slug>.md   additions to one author
    content/static/**           copied verbatim (not read here)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import SiteError, SourceLocation
from .lines import read_text

FENCE = "---"
KINDS = {
    "pages": "page",
    "news": "news",
    "papers": "paper",
    "authors": "author",
    "talks": "talk",
    "teaching": "course",
    "projects": "project",
    "posts": "post",
}


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One content file. `meta_lines` maps each top-level front-matter key to its line."""

    path: str
    kind: str
    name: str
    meta: Mapping[str, Any]
    body: str
    body_line: int
    meta_lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def location(self, key: str | None = None) -> SourceLocation:
        return SourceLocation(self.path, self.meta_lines.get(key, 1) if key else 1)


def split_front_matter(text: str, shown: str) -> tuple[str | None, int, str, int]:
    """(front-matter text or None, its first line, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, 0, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1 :]), index + 2
    raise SiteError(SourceLocation(shown, 1), "front matter is not closed", 'a line "---" after the front matter')


EXAMPLE_VALUES = {"title": "Your title", "date": "2024-05-01"}


def expected_header(required: list[str]) -> str:
    """'"---", "title: Your title", "---"': the smallest front matter a kind accepts, as one line."""
    keys = [f'"{key}: {EXAMPLE_VALUES.get(key, "…")}"' for key in required]
    return ", ".join(['"---"', *keys, '"---"'])


def parse_document(text: str, shown: str, kind: str, name: str, schema_for_kind: dict[str, Any]) -> RawDocument:
    """Parse and validate one content file against its kind's front-matter schema."""
    from .. import schema

    front, front_line, body, body_line = split_front_matter(text, shown)
    meta: dict[str, Any] = {}
    lines: dict[str, int] = {}
    data, root = schema.load_yaml(front, shown, first_line=front_line) if front and front.strip() else (None, None)
    if data is None and schema_for_kind.get("required"):
        raise SiteError(
            SourceLocation(shown, 1),
            "no front matter" if front is None else "empty front matter",
            f"the file to start with the lines {expected_header(schema_for_kind['required'])}",
        )
    if data is not None:
        schema.validate(data, root, schema_for_kind, shown, first_line=front_line)
        meta = data
        lines = {key: schema.key_line(root, key, front_line) for key in data}
    return RawDocument(shown, kind, name, MappingProxyType(meta), body, body_line, MappingProxyType(lines))


def content_files(site_dir: Path) -> list[tuple[Path, str, str]]:
    """(file, kind, name) for every content document, in a stable order."""
    root = site_dir / "content"
    found: list[tuple[Path, str, str]] = []
    about = root / "about.md"
    if about.exists() or about.is_symlink():  # anything but a regular file is refused when read
        found.append((about, "about", "about"))
    for folder, kind in KINDS.items():
        directory = root / folder
        if directory.is_dir():
            found.extend((file, kind, file.stem) for file in sorted(directory.glob("*.md")) if not file.is_dir())
    return found


def read_documents(site_dir: Path, schemas: Mapping[str, dict[str, Any]]) -> tuple[RawDocument, ...]:
    documents = []
    for file, kind, name in content_files(site_dir):
        shown = file.relative_to(site_dir).as_posix()
        documents.append(parse_document(read_text(file, shown), shown, kind, name, schemas[kind]))
    return tuple(documents)
