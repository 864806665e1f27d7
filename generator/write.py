"""The only stage that touches output/: checked paths, atomic files, no stray deletes.

Every file is written to a temporary name beside its target and renamed over
it, so a killed build leaves each file either old or new, never truncated.
Files whose bytes did not change are not rewritten (they keep their mtime).
A manifest lists what the generator wrote; only those files are ever removed
when they are no longer produced, so a hand-added CNAME or a .git/ folder in
output/ is never touched.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from generator.errors import SiteError, SourceLocation
from generator.render import RenderedFile

MANIFEST = ".scholarsite-manifest.json"


@dataclass(frozen=True, slots=True)
class WriteResult:
    written: int
    unchanged: int
    removed: int


def check_output_dir(output: Path, site_dir: Path, inputs: Iterable[str] = ("seeds", "content", "themes")) -> None:
    """Refuse output folders whose cleanup could hit the user's own files."""
    out, site = output.resolve(), site_dir.resolve()
    shown = str(output)
    if out == site or out in site.parents:
        raise SiteError(SourceLocation(shown), "refusing to write the site into the site folder or one of its parents",
                        "a separate folder such as output/")
    if out == Path.home().resolve():
        raise SiteError(SourceLocation(shown), "refusing to write the site into the home folder", "a separate folder such as output/")
    for name in inputs:
        folder = (site / name).resolve()
        if out == folder or folder in out.parents:
            raise SiteError(SourceLocation(shown), f"refusing to write the site into the input folder {name}/",
                            "a separate folder such as output/")


def safe_relative(path: str) -> str:
    """`path` if it stays inside output/; raises otherwise."""
    normal = posixpath.normpath(path)
    if not path or path.startswith("/") or "\x00" in path or normal.startswith("..") or normal != path.rstrip("/"):
        raise SiteError(SourceLocation(path or "<empty>"), "output path escapes the output folder", "a path inside output/")
    return normal


def write_output(files: Iterable[RenderedFile], output: Path) -> WriteResult:
    """Make output/ hold exactly `files` among the files the generator owns."""
    wanted: dict[str, bytes] = {}
    for file in files:
        path = safe_relative(file.path)
        if path in wanted or path == MANIFEST:
            raise SiteError(SourceLocation(path), "two outputs for one path", "one page or file per path")
        wanted[path] = file.data

    output.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(output)
    _refuse_foreign_files(wanted, previous, output)
    written = unchanged = 0
    for path, data in wanted.items():
        if _write_if_changed(output / path, data):
            written += 1
        else:
            unchanged += 1

    removed = 0
    for path in sorted(previous - wanted.keys()):
        target = output / path
        if target.is_file() and not target.is_symlink():
            target.unlink()
            removed += 1
            _prune_empty_parents(target.parent, output)
    _write_if_changed(output / MANIFEST, (json.dumps(sorted(wanted), indent=0) + "\n").encode())
    return WriteResult(written, unchanged, removed)


def _refuse_foreign_files(wanted: dict[str, bytes], previous: set[str], output: Path) -> None:
    """Never replace a file the generator did not write (unless it already holds the same bytes)."""
    foreign = []
    for path, data in wanted.items():
        target = output / path
        if path in previous:
            continue
        if target.is_dir() and not target.is_symlink():
            foreign.append(f"{path} (a folder)")
        elif target.exists() or target.is_symlink():
            if target.is_symlink() or not target.is_file() or target.read_bytes() != data:
                foreign.append(path)
        for parent in Path(path).parents:
            if str(parent) != "." and (output / parent).is_file():
                foreign.append(f"{parent.as_posix()} (a file where a folder is needed)")
    if foreign:
        shown = ", ".join(sorted(set(foreign))[:5]) + (" …" if len(set(foreign)) > 5 else "")
        raise SiteError(SourceLocation(str(output)), f"would replace files that scholarsite did not write: {shown}",
                        "an empty output folder, or remove these files")


def _write_if_changed(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)
    return True


def _read_manifest(output: Path) -> set[str]:
    """Paths written by the previous build; an unreadable manifest means "none" (delete nothing)."""
    try:
        entries = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(entries, list):
        return set()
    safe = set()
    for entry in entries:
        try:
            safe.add(safe_relative(entry))
        except (SiteError, TypeError, AttributeError):
            continue  # a hand-edited manifest never makes us delete outside output/
    return safe


def _prune_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and output in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
