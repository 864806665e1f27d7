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
import re
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from generator.errors import SiteError, SourceLocation
from generator.render import RenderedFile

MANIFEST = ".scholarsite-manifest.json"
TEMPORARY = re.compile(r"^\..+\.\d+\.tmp$")  # what _replace names its temporary files


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
    """Make output/ hold exactly `files` among the files the generator owns.

    A file with `data` None is vouched for by the build cache and left as it is.
    """
    wanted: dict[str, bytes | None] = {}
    for file in files:
        path = safe_relative(file.path)
        if path in wanted or path == MANIFEST:
            raise SiteError(SourceLocation(path), "two outputs for one path", "one page or file per path")
        wanted[path] = file.data

    output.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(output)
    existing_files, existing_dirs = _scan(output)
    _refuse_foreign_files(wanted, previous, existing_files, existing_dirs, output)
    for leftover in sorted(path for path in existing_files if TEMPORARY.match(path.rpartition("/")[2])):
        (output / leftover).unlink(missing_ok=True)  # from a build that was killed mid-write
    # Claim the new files before writing any: if this build is killed, the next one still
    # knows them as its own (to replace or remove), never as someone else's files.
    _write_manifest(output, previous | wanted.keys())
    written = unchanged = 0
    made_dirs = set(existing_dirs)
    for path, data in wanted.items():
        if data is None or (path in existing_files and _same_bytes(output / path, data)):
            unchanged += 1
            continue
        parent = path.rpartition("/")[0]
        if parent and parent not in made_dirs:
            (output / parent).mkdir(parents=True, exist_ok=True)
            made_dirs.update(_ancestors(parent))
        _replace(output / path, data)
        written += 1

    removed = 0
    for path in sorted(previous - wanted.keys()):
        target = output / path
        if path in existing_files and not target.is_symlink():
            target.unlink()
            removed += 1
            _prune_empty_parents(target.parent, output)
    _write_manifest(output, wanted.keys())
    return WriteResult(written, unchanged, removed)


def _write_manifest(output: Path, paths: Iterable[str]) -> None:
    manifest = ("[\n" + ",\n".join(json.dumps(path) for path in sorted(paths)) + "\n]\n").encode()
    if not _same_bytes(output / MANIFEST, manifest):
        _replace(output / MANIFEST, manifest)


def _scan(output: Path) -> tuple[set[str], set[str]]:
    """Every file and folder under output/ (relative, "/"-separated), in one walk."""
    files: set[str] = set()
    folders: set[str] = set()
    for root, dirs, names in os.walk(output):
        base = os.path.relpath(root, output).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        folders.update(prefix + name for name in dirs)
        files.update(prefix + name for name in names)
    return files, folders


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def _refuse_foreign_files(wanted: dict[str, bytes | None], previous: set[str], existing_files: set[str],
                          existing_dirs: set[str], output: Path) -> None:
    """Never replace a file the generator did not write (unless it already holds the same bytes)."""
    foreign = []
    for path, data in wanted.items():
        if path in previous or data is None:  # None: the build cache recorded that we wrote it
            continue
        if path in existing_dirs:
            foreign.append(f"{path} (a folder)")
        elif path in existing_files:
            target = output / path
            if target.is_symlink() or not _same_bytes(target, data):
                foreign.append(path)
        for parent in _ancestors(path.rpartition("/")[0]) if "/" in path else ():
            if parent in existing_files:
                foreign.append(f"{parent} (a file where a folder is needed)")
    if foreign:
        unique = sorted(set(foreign))
        shown = ", ".join(unique[:5]) + (" …" if len(unique) > 5 else "")
        raise SiteError(SourceLocation(str(output)), f"would replace files that scholarsite did not write: {shown}",
                        "an empty output folder, or remove these files")


def _same_bytes(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _replace(target: Path, data: bytes) -> None:
    """Write to a temporary name beside `target`, then rename: readers see old or new, never half."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
    os.replace(temporary, target)


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
