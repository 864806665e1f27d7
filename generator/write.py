"""The only stage that touches output/: checked names, one transaction, only our own files.

Before the first change every output path is checked (inside output/, no NUL,
no reserved name, short enough with the temporary suffix, no file-versus-
folder clash) and every file that would be replaced or removed is checked
against the manifest and against what is on disk: a file counts as written by
scholarsite only while its bytes still match the size and SHA-256 the
manifest recorded. Folders, symbolic links, `.git/` and files changed by hand
are never replaced or removed. Then the changes run as one transaction
(generator/transaction.py): any failure undoes them all, so output/ is left
exactly as it was; the manifest is written last. Each file is renamed into
place, so a killed build leaves every file old or new, never half. A lock on
the folder keeps a second build out while one writes.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError, SourceLocation
from .manifest import MANIFEST, Fingerprint, Manifest, encode_manifest, fingerprint, read_manifest
from .oserrors import name_max, os_error, shown_path
from .outputlock import output_lock
from .outputs import RenderedFile
from .report import Report
from .transaction import TEMPORARY_EXTRA, OldFile, Transaction

__all__ = ["MANIFEST", "WriteResult", "check_output_dir", "safe_relative", "write_output"]

TEMPORARY = re.compile(r"^\.(?P<name>.+)\.\d+\.tmp$")  # what transaction.temporary_name makes
PATH_MAX = 4096
RESERVED = (".git",)


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
        raise SiteError(
            SourceLocation(shown),
            "refusing to write the site into the site folder or one of its parents",
            "a separate folder such as output/",
        )
    if out == Path.home().resolve():
        raise SiteError(
            SourceLocation(shown),
            "refusing to write the site into the home folder",
            "a separate folder such as output/",
        )
    for name in inputs:
        folder = (site / name).resolve()
        if out == folder or folder in out.parents:
            raise SiteError(
                SourceLocation(shown),
                f"refusing to write the site into the input folder {name}/",
                "a separate folder such as output/",
            )


def safe_relative(path: str) -> str:
    """`path` if it stays inside output/; raises otherwise."""
    normal = posixpath.normpath(path)
    if not path or path.startswith("/") or "\x00" in path or normal.startswith("..") or normal != path.rstrip("/"):
        raise SiteError(
            SourceLocation(path or "<empty>"), "output path escapes the output folder", "a path inside output/"
        )
    return normal


def write_output(
    files: Iterable[RenderedFile], output: Path, *, report: Report | None = None, base_url: str | None = None
) -> WriteResult:
    """Make output/ hold exactly `files` among the files the generator owns; all or nothing.

    A file with `data` None is vouched for by the build cache and left as it is.
    `base_url` is recorded in the manifest: the address the output was built for.
    """
    wanted: dict[str, bytes | None] = {}
    for file in files:
        path = safe_relative(file.path)
        if path in wanted or path == MANIFEST:
            raise SiteError(SourceLocation(path), "two outputs for one path", "one page or file per path")
        wanted[path] = file.data
    check_names(wanted, output)
    transaction = Transaction()
    try:
        transaction.makedirs(os.fspath(output))
        with output_lock(output):
            try:
                result = _apply(wanted, output, transaction, report or Report(), base_url)
                transaction.commit()
            finally:
                transaction.rollback()  # nothing left to undo after commit()
    except BaseException as error:
        transaction.rollback()
        if isinstance(error, OSError):
            where = error.filename if error.filename is not None else output
            raise _undo_failed(os_error(error, where), transaction.failed) from None
        if isinstance(error, SiteError) and transaction.failed:
            raise _undo_failed(error, transaction.failed) from None
        raise
    return result


def check_names(wanted: Iterable[str], output: Path) -> None:
    """Every output path valid on this file system, checked before anything is written."""
    longest_name = name_max(output) - TEMPORARY_EXTRA
    room = PATH_MAX - 1 - len(os.fsencode(os.path.abspath(output))) - 1 - TEMPORARY_EXTRA
    paths = set(wanted)
    folders = {parent for path in paths for parent in _ancestors(path.rpartition("/")[0]) if "/" in path}
    for path in sorted(paths):
        parts = path.split("/")
        try:
            sizes = [len(os.fsencode(part)) for part in parts]
        except UnicodeError:
            problem, expected = "the name is not valid text", "names in UTF-8"
        else:
            problem, expected = _name_problem(path, parts, sizes, folders, longest_name, room)
        if problem:
            raise SiteError(SourceLocation(f"{shown_path(output)}/{path}"), problem, expected)


def _name_problem(
    path: str, parts: list[str], sizes: list[int], folders: set[str], longest_name: int, room: int
) -> tuple[str, str]:
    if any(part in RESERVED for part in parts) or TEMPORARY.match(parts[-1]):
        return "the name is reserved (git's folder, or how scholarsite names temporary files)", "another file name"
    if max(sizes) > longest_name:
        return (
            f"a name of {max(sizes)} bytes is too long for this file system",
            f"names of at most {longest_name} bytes (the limit less the temporary suffix)",
        )
    if sum(sizes) + len(parts) - 1 > room:
        return "the path is too long for this file system", f"paths of at most {room} bytes here"
    if path in folders:
        return "the path is both a file and a folder", "one of the two"
    return "", ""


def _undo_failed(error: SiteError, failed: list[str]) -> SiteError:
    if not failed:
        return error
    shown = ", ".join(shown_path(path) for path in failed[:3]) + (" …" if len(failed) > 3 else "")
    return SiteError(
        error.location, f"{error.problem}; {len(failed)} changes could not be undone ({shown})", error.expected
    )


def _apply(
    wanted: dict[str, bytes | None], output: Path, transaction: Transaction, report: Report, base_url: str | None
) -> WriteResult:
    kinds = _scan(output)
    manifest = read_manifest(output)
    listed = manifest.listed()
    out = os.fspath(output)
    removals = _removals(wanted, kinds, manifest, output, report)
    writes: list[tuple[str, bytes, OldFile | None]] = []
    final: dict[str, Fingerprint] = {}
    foreign: list[str] = []
    for path, data in wanted.items():
        foreign += [
            f"{parent} ({_WHAT[kinds[parent]]} where a folder is needed)"
            for parent in _ancestors(path.rpartition("/")[0])
            if "/" in path and kinds.get(parent, "dir") != "dir" and parent not in removals
        ]
        kind = kinds.get(path)
        if data is None:  # the build cache checked that the file is as we left it
            final[path] = (
                manifest.files.get(path)
                or manifest.pending.get(path)
                or fingerprint(OldFile.read(f"{out}/{path}").data)
            )
            continue
        final[path] = fingerprint(data)  # also what the claim below lists as pending
        if kind is None:
            writes.append((path, data, None))
        elif kind != "file":
            foreign.append(f"{path} ({_WHAT[kind]})")
        else:
            old = OldFile.read(f"{out}/{path}")
            if old.data == data:
                continue
            if path not in listed:
                foreign.append(path)
                continue
            writes.append((path, data, old))
            if not manifest.owns(path, old.data, replacing=True):  # its name is ours: a page edited by hand
                report.warn(
                    _at(output, path), "replaced a hand edit: output/ is rewritten from the inputs, edit those instead"
                )
    if kinds.get(MANIFEST, "file") != "file":
        foreign.append(f"{MANIFEST} ({_WHAT[kinds[MANIFEST]]})")
    if foreign:
        unique = sorted(set(foreign))
        shown = ", ".join(unique[:5]) + (" …" if len(unique) > 5 else "")
        raise SiteError(
            SourceLocation(shown_path(output)),
            f"would replace files that scholarsite did not write (or that changed since): {shown}",
            "an empty output folder, or remove these files",
        )
    stale = sum(1 for path in removals if not TEMPORARY.match(path.rpartition("/")[2]))
    new_manifest = encode_manifest(final, base_url=base_url)
    target = f"{out}/{MANIFEST}"
    current: OldFile | None = OldFile.read(target) if kinds.get(MANIFEST) == "file" else None
    if not writes and not removals and current is not None and current.data == new_manifest:
        return WriteResult(0, len(wanted), 0)
    if writes:  # claim the new files first: after a kill, the next build still knows them as its own
        claim = encode_manifest(
            manifest.files,
            pending={**manifest.pending, **{path: final[path] for path, _, _ in writes}},
            base_url=manifest.base_url,
        )
        transaction.put(target, claim, current)
        current = OldFile.read(target)
    emptied: set[str] = set()
    for path in sorted(removals, reverse=True):
        transaction.remove(f"{out}/{path}", removals[path])
        emptied.update(_ancestors(path.rpartition("/")[0]) if "/" in path else ())
    present = {path for path, kind in kinds.items() if kind == "dir"}
    for folder in sorted(emptied, key=lambda folder: folder.count("/"), reverse=True):  # deepest first
        if transaction.remove_folder(f"{out}/{folder}"):
            present.discard(folder)
    for path, data, previous in sorted(writes, key=lambda write: write[0]):
        parent = path.rpartition("/")[0]
        if parent and parent not in present:
            transaction.makedirs(f"{out}/{parent}")
            present.update(_ancestors(parent))
        transaction.put(f"{out}/{path}", data, previous)
    transaction.put(target, new_manifest, current, sync=True)
    return WriteResult(len(writes), len(wanted) - len(writes), stale)


_WHAT = {"dir": "a folder", "link": "a symbolic link", "other": "not a regular file", "file": "a file"}


def _removals(
    wanted: dict[str, bytes | None], kinds: dict[str, str], manifest: Manifest, output: Path, report: Report
) -> dict[str, OldFile]:
    """Files to remove: stale files that are still as scholarsite wrote them, and temporary files
    of a killed build. Everything else listed is left in place, with a warning."""
    removals: dict[str, OldFile] = {}
    listed = manifest.listed()
    out = os.fspath(output)
    for path in sorted(listed - wanted.keys()):
        kind = kinds.get(path)
        if kind is None:
            continue
        if kind != "file":
            report.warn(_at(output, path), f"left in place: listed in the manifest, but {_WHAT[kind]}")
            continue
        old = OldFile.read(f"{out}/{path}")
        if manifest.owns(path, old.data, replacing=False):
            removals[path] = old
        elif manifest.files.get(path, ()) is None:
            report.warn(
                _at(output, path),
                "left in place: no longer produced (an older manifest without checksums "
                "lists it); delete it by hand if it is not yours",
            )
        else:
            report.warn(_at(output, path), "left in place: no longer produced, but changed since scholarsite wrote it")
    for path, kind in kinds.items():
        parent, _, name = path.rpartition("/")
        match = TEMPORARY.match(name)
        if kind == "file" and match:
            target = f"{parent}/{match['name']}" if parent else match["name"]
            if target in listed or target == MANIFEST:
                removals[path] = OldFile.read(f"{out}/{path}")
    return removals


def _scan(output: Path) -> dict[str, str]:
    """The kind ("file", "dir", "link", "other") of everything under output/, links not followed;
    the inside of .git/ folders is not looked at."""
    kinds: dict[str, str] = {}
    pending = [("", str(output))]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = prefix + entry.name
                if entry.is_symlink():
                    kinds[path] = "link"
                elif entry.is_dir(follow_symlinks=False):
                    kinds[path] = "dir"
                    if entry.name not in RESERVED:
                        pending.append((path + "/", entry.path))
                else:
                    kinds[path] = "file" if entry.is_file(follow_symlinks=False) else "other"
    return kinds


def _at(output: Path, path: str) -> SourceLocation:
    return SourceLocation(f"{shown_path(output)}/{path}")


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]
