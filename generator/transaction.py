"""Changes to output/ that are all undone when any one of them fails.

Each step (make a folder, put a file, remove a file or an empty folder) is
journaled with what it takes to undo it: the old bytes, mode and times of a
replaced or removed file are kept in memory until the build commits. On an
error `rollback()` undoes the steps in reverse order, so output/ is left as it
was. Each file is put by writing a temporary name beside it and renaming it
over the old one, so even a killed process leaves every file whole.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass

# Paths are plain strings here: the writer handles thousands of files, and pathlib's
# per-call overhead was a large part of its time.
StrPath = str


def temporary_name(target: StrPath) -> StrPath:
    folder, _, name = target.rpartition("/")
    return f"{folder}/.{name}.{os.getpid()}.tmp"


TEMPORARY_EXTRA = len("..tmp") + 7  # what temporary_name adds to a name, for a pid of up to 7 digits


@dataclass(frozen=True, slots=True)
class OldFile:
    """A file as it was before the build touched it."""

    data: bytes
    mode: int
    times_ns: tuple[int, int]

    @classmethod
    def read(cls, path: StrPath) -> OldFile:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            data = handle.read()
        return cls(data, stat.st_mode & 0o7777, (stat.st_atime_ns, stat.st_mtime_ns))


def put_bytes(target: StrPath, data: bytes, *, sync: bool = False) -> None:
    """Write `data` to a temporary file beside `target`, then rename it over `target`."""
    temporary = temporary_name(target)
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):  # named after the file meant, not its temporary name
            raise OSError(error.errno, error.strerror, target) from None
        raise


def _restore(target: StrPath, old: OldFile) -> None:
    put_bytes(target, old.data)
    os.chmod(target, old.mode)
    os.utime(target, ns=old.times_ns)


class Transaction:
    """A journal of file-system changes; `rollback()` undoes them, `commit()` forgets them."""

    def __init__(self) -> None:
        self._undo: list[tuple[StrPath, Callable[[], None]]] = []
        self.failed: list[StrPath] = []  # what rollback() could not put back

    def makedirs(self, folder: StrPath) -> None:
        """Create `folder` and any missing parents."""
        missing = []
        probe = folder.rstrip("/") or "/"
        while probe and not os.path.lexists(probe):  # "" is the end of a relative path
            missing.append(probe)
            parent = os.path.dirname(probe)
            if parent == probe:
                break
            probe = parent
        for path in reversed(missing):
            os.mkdir(path)
            self._undo.append((path, functools.partial(os.rmdir, path)))

    def put(self, target: StrPath, data: bytes, old: OldFile | None, *, sync: bool = False) -> None:
        """Write `target` (new when `old` is None, else replacing the file `old` describes)."""
        put_bytes(target, data, sync=sync)
        undo = (lambda: os.unlink(target)) if old is None else (lambda: _restore(target, old))
        self._undo.append((target, undo))

    def remove(self, target: StrPath, old: OldFile) -> None:
        os.unlink(target)
        self._undo.append((target, lambda: _restore(target, old)))

    def remove_folder(self, folder: StrPath) -> bool:
        """Remove `folder` if it is empty (True); keep it if not (False)."""
        try:
            os.rmdir(folder)
        except OSError as error:
            if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
                return False
            raise
        self._undo.append((folder, functools.partial(os.mkdir, folder)))
        return True

    def rollback(self) -> None:
        """Undo every step, newest first; what cannot be put back is listed in `failed`."""
        while self._undo:
            path, undo = self._undo.pop()
            try:
                undo()
            except OSError:
                self.failed.append(path)

    def commit(self) -> None:
        self._undo.clear()

    @property
    def changes(self) -> int:
        return len(self._undo)
