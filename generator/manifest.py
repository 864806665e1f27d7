"""output/.scholarsite-manifest.json: every file scholarsite wrote, with its size and SHA-256.

A file counts as scholarsite's own only while its bytes on disk still match
what the manifest recorded, so an edited or merged manifest cannot make a
build replace or delete a file someone else wrote. While a build writes, the
manifest also lists what it is about to write ("pending"), so that the next
build still recognises the files of a build that was killed half-way.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".scholarsite-manifest.json"
FORMAT = 2

Fingerprint = tuple[int, str]  # (size in bytes, SHA-256 in hex)


def fingerprint(data: bytes) -> Fingerprint:
    return len(data), hashlib.sha256(data).hexdigest()


@dataclass(frozen=True, slots=True)
class Manifest:
    """What the previous build recorded. `files` values are None for entries of an old manifest
    that listed paths without hashes (trusted for replacing, never for deleting)."""

    files: Mapping[str, Fingerprint | None] = field(default_factory=dict)
    pending: Mapping[str, Fingerprint] = field(default_factory=dict)
    base_url: str | None = None

    def listed(self) -> set[str]:
        return set(self.files) | set(self.pending)

    def owns(self, path: str, current: bytes, *, replacing: bool) -> bool:
        """Whether the file at `path`, holding `current`, is one scholarsite wrote."""
        if path in self.files and self.files[path] is None:
            return replacing
        known = {self.files.get(path), self.pending.get(path)} - {None}
        return bool(known) and fingerprint(current) in known


def is_safe_entry(path: object) -> bool:
    """A manifest path that stays inside output/ and is not inside a .git folder."""
    if not isinstance(path, str) or not path or "\x00" in path or path.startswith("/"):
        return False
    normal = posixpath.normpath(path)
    return normal == path and not normal.startswith("..") and ".git" not in normal.split("/")


def _fingerprint_of(value: object) -> Fingerprint | None:
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and value[0] >= 0
        and isinstance(value[1], str)
        and len(value[1]) == 64
    ):
        return value[0], value[1]
    return None


def read_manifest(output: Path) -> Manifest:
    """The previous build's manifest; an unreadable or malformed one means "none" (delete nothing)."""
    try:
        raw = json.loads((output / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return Manifest()
    if isinstance(raw, list):  # the first format: paths only
        return Manifest(files={path: None for path in raw if is_safe_entry(path)})
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return Manifest()
    sections: list[dict[str, Fingerprint]] = []
    for key in ("files", "pending"):
        entries = raw.get(key)
        section: dict[str, Fingerprint] = {}
        for path, value in entries.items() if isinstance(entries, dict) else ():
            entry = _fingerprint_of(value)
            if entry is not None and is_safe_entry(path):
                section[path] = entry
        sections.append(section)
    base_url = raw.get("base_url")
    return Manifest(sections[0], sections[1], base_url if isinstance(base_url, str) else None)


def encode_manifest(
    files: Mapping[str, Fingerprint | None],
    *,
    pending: Mapping[str, Fingerprint] | None = None,
    base_url: str | None = None,
) -> bytes:
    """The manifest as JSON with one file per line (readable, and diffs well in a gh-pages history)."""

    def section(entries: Mapping[str, Fingerprint | None]) -> str:
        lines = [
            f'{json.dumps(path)}: [{value[0]}, "{value[1]}"]' if value else f"{json.dumps(path)}: null"
            for path, value in sorted(entries.items())
        ]
        return "{\n" + ",\n".join(lines) + ("\n" if lines else "") + "}"

    parts = [f'"format": {FORMAT}', f'"base_url": {json.dumps(base_url)}', f'"files": {section(files)}']
    if pending:
        parts.append(f'"pending": {section(pending)}')
    return ("{" + ",\n".join(parts) + "}\n").encode()
