"""Failures injected at the operating-system layer: the Nth call of one OS operation raises OSError.

Only calls on paths that contain `pattern` count (fsync has no path: every call
counts), so a test can fail, say, the 7th rename into output/ and nothing else.
Used in-process (with monkeypatch) and by _runner.py (ROBUSTNESS_OSERROR) for
command-line runs. Our own code is never patched, only `os` and `builtins.open`.
"""

from __future__ import annotations

import builtins
import errno
import os
from collections.abc import Callable
from typing import Any, Self

OPERATIONS = ("mkdir", "open", "write", "fsync", "replace", "unlink", "rmdir")
DEFAULT_ERRNO = {
    "mkdir": errno.EACCES,
    "open": errno.EACCES,
    "write": errno.ENOSPC,
    "fsync": errno.EIO,
    "replace": errno.EROFS,
    "unlink": errno.EPERM,
    "rmdir": errno.EBUSY,
}


class Fault:
    """Counts the calls of `operation` on matching paths; the `nth` one (1-based, 0 = never) fails."""

    def __init__(self, operation: str, nth: int, code: int | None = None, pattern: str = "") -> None:
        assert operation in OPERATIONS, operation
        self.operation, self.nth, self.pattern = operation, nth, pattern
        self.code = code if code is not None else DEFAULT_ERRNO[operation]
        self.seen = 0
        self.fired = False

    def check(self, path: Any = None) -> None:
        if path is not None:
            try:
                text = os.path.abspath(os.fsdecode(path))
            except TypeError:  # a file descriptor
                return
            if self.pattern not in text:
                return
        self.seen += 1
        if self.seen == self.nth:
            self.fired = True
            raise OSError(self.code, os.strerror(self.code), None if path is None else os.fsdecode(path))


class _FailingWriter:
    """A file object whose write() consults the fault first."""

    def __init__(self, handle: Any, fault: Fault, path: Any) -> None:
        self._handle, self._fault, self._path = handle, fault, path

    def write(self, data: Any) -> Any:
        self._fault.check(self._path)
        return self._handle.write(data)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def install(fault: Fault, setattr_: Callable[[Any, str, Any], None] = setattr) -> None:
    """Patch the OS function behind `fault.operation` (use monkeypatch.setattr in tests)."""
    operation = fault.operation
    if operation in ("mkdir", "unlink", "rmdir", "fsync"):
        real = getattr(os, operation)

        def wrapper(path: Any, *args: Any, **kwargs: Any) -> Any:
            fault.check(None if operation == "fsync" else path)
            return real(path, *args, **kwargs)

        setattr_(os, operation, wrapper)
    elif operation == "replace":
        real_replace = os.replace

        def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
            fault.check(dst)
            return real_replace(src, dst, *args, **kwargs)

        setattr_(os, "replace", replace)
    elif operation == "open":
        real_open, real_os_open = builtins.open, os.open

        def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
            fault.check(file)
            return real_open(file, *args, **kwargs)

        def fake_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
            fault.check(path)
            return real_os_open(path, *args, **kwargs)

        setattr_(builtins, "open", fake_open)
        setattr_(os, "open", fake_os_open)
    else:  # write
        real_open = builtins.open

        def writing_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            handle = real_open(file, mode, *args, **kwargs)
            if any(flag in mode for flag in "wax+") and isinstance(file, (str, bytes, os.PathLike)):
                return _FailingWriter(handle, fault, file)
            return handle

        setattr_(builtins, "open", writing_open)


def from_spec(spec: str) -> Fault:
    """ "OPERATION:N[:ERRNO[:PATTERN]]", e.g. "replace:3:30:/out/" (ERRNO may be a name like EROFS)."""
    operation, nth, *rest = spec.split(":", 3)
    code = None
    if rest and rest[0]:
        code = int(rest[0]) if rest[0].isdigit() else getattr(errno, rest[0])
    return Fault(operation, int(nth), code, rest[1] if len(rest) > 1 else "")
