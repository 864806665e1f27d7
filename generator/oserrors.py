"""Operating-system errors as one located line: the path, what the system said, what would fix it.

Any OSError that reaches the command line (reading inputs, writing output/,
`init`, `serve`) is shown through `os_error()`, never as a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from .errors import SiteError, SourceLocation

_WRITABLE = "a file or folder this user may read and write (check its owner and permissions)"
PROBLEMS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", _WRITABLE),
    errno.EPERM: (
        "operation not permitted (an immutable or append-only file?)",
        "a file you may change (lsattr shows the i or a flag; chattr -i removes it)",
    ),
    errno.EROFS: ("read-only file system", "a writable place, such as another --output folder"),
    errno.ENOSPC: ("no space left on the device", "free disk space, or an output folder on another disk"),
    errno.EDQUOT: ("disk quota exceeded", "free space within your quota"),
    errno.ENAMETOOLONG: ("file name too long", "names of at most 255 bytes and paths of at most 4096"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "a path whose parents are folders"),
    errno.EISDIR: ("is a folder", "a file"),
    errno.ENOENT: ("no such file or folder", "an existing path"),
    errno.EEXIST: ("already exists", "a free name"),
    errno.ELOOP: ("too many levels of symbolic links", "a path without a link loop"),
    errno.EIO: ("input/output error", "a working disk (check the system log)"),
    errno.EMFILE: ("too many open files", "a higher limit (ulimit -n)"),
    errno.ENFILE: ("too many open files in the system", "fewer open files"),
    errno.EBUSY: ("device or resource busy", "a file no other program holds"),
    errno.ETXTBSY: ("file busy", "a file no other program holds"),
    errno.EXDEV: ("cannot move between file systems", "a folder on one file system"),
    errno.ENOTEMPTY: ("folder not empty", "an empty folder"),
    errno.EADDRINUSE: ("address already in use", "a free port (--port)"),
    errno.EADDRNOTAVAIL: ("no such address on this machine", "127.0.0.1, localhost or an address of this machine"),
}


def shown_path(path: str | os.PathLike[str] | bytes) -> str:
    """`path` as the user would type it: relative to the current folder when inside it."""
    text = os.fsdecode(path)
    try:
        relative = os.path.relpath(text)
    except ValueError:  # another drive on Windows
        return text
    return text if relative.startswith("..") else relative


def os_error(error: OSError, path: str | os.PathLike[str] | None = None) -> SiteError:
    """A SiteError naming `path` (default: the path the error names) and what to do about it."""
    where = path if path is not None else error.filename
    location = SourceLocation(shown_path(where) if where is not None else "scholarsite")
    problem, expected = PROBLEMS.get(error.errno or 0, ("", ""))
    if not problem:
        problem = (error.strerror or str(error) or type(error).__name__).lower()
        expected = "a path this user can read and write"
    if error.filename2 is not None and path is None:
        problem += f" (with {shown_path(error.filename2)})"
    return SiteError(location, problem, expected)


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system holding `folder` accepts."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return int(os.pathconf(probe, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return 255
