"""One build at a time per output folder: an advisory lock on the folder itself.

The lock is flock(2) on the output folder, so no lock file is ever added to
output/, and the kernel releases it when the process ends, however it ends.
A second build waits a little (SCHOLARSITE_LOCK_WAIT seconds, default 5) and
then gives up with one clear line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import SiteError, SourceLocation
from .oserrors import shown_path

DEFAULT_WAIT_SECONDS = 5.0


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("SCHOLARSITE_LOCK_WAIT", DEFAULT_WAIT_SECONDS)))
    except ValueError:
        return DEFAULT_WAIT_SECONDS


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock on the existing folder `output` for the duration of the block."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds are not kept apart there
        yield
        return
    descriptor = os.open(output, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        deadline = time.monotonic() + _wait_seconds()
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    break  # a file system without locks (some network mounts): go on unlocked
                if time.monotonic() >= deadline:
                    raise SiteError(
                        SourceLocation(shown_path(output)),
                        "another scholarsite build is writing into this folder",
                        "one build at a time: wait for it to finish, or build into another --output",
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)
