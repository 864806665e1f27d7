"""Run the scholarsite CLI in a subprocess, with optional test hooks (env vars).

Used by the robustness tests instead of `python -m scholarsite` when they need
to perturb the environment in ways the OS cannot do for them:

ROBUSTNESS_SHUFFLE_LISTING=SEED
    os.scandir / os.listdir return entries in a shuffled order (seeded), so
    any dependence on the file system's listing order shows up.
ROBUSTNESS_CLOCK_OFFSET=SECONDS
    time.time(), time.time_ns(), datetime.date.today(), datetime.datetime.now()
    and friends run SECONDS ahead of the real clock (a different "today").
ROBUSTNESS_KILL_AT_REPLACE=N[:PATTERN]
    SIGKILL this process at the Nth os.replace() whose destination (as an
    absolute path) contains PATTERN (default: every call counts), right
    before the rename: a kill at the worst moment, with a complete temporary
    file on disk.
ROBUSTNESS_KILL_MID_WRITE=N[:PATTERN]
    SIGKILL this process while writing the Nth temporary file (".NAME.tmp",
    opened with open(..., "wb")) whose absolute path contains PATTERN, after
    half of its bytes: a truncated temporary file is left behind.
ROBUSTNESS_TRACE=PATH
    On exit, write to PATH (JSON) the time.monotonic() of the start and the
    destination and time.monotonic() of every os.replace(): where the write
    phase of a build lies in time, and how many renames it makes.

ROBUSTNESS_OSERROR=OPERATION:N[:ERRNO[:PATTERN]]
    The Nth call of one OS operation (mkdir, open, write, fsync, replace,
    unlink, rmdir) on a path containing PATTERN raises OSError(ERRNO): a disk
    that fills up, a folder that turns read-only (see faults.py).
ROBUSTNESS_PAUSE_AT_REPLACE=N:PATTERN:MARKER
    At the Nth os.replace() whose destination contains PATTERN, create the
    file MARKER and wait until it is deleted: a build held in the middle of
    writing, for as long as a test needs another process to run.

Without any of them this is exactly `python -m scholarsite ARGS`.
"""

from __future__ import annotations

import os
import random
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def _shuffle_listing(seed: int) -> None:
    rng = random.Random(seed)
    real_scandir, real_listdir = os.scandir, os.listdir

    class _Shuffled:
        def __init__(self, entries: list[os.DirEntry[str]]) -> None:
            self._entries = iter(entries)

        def __iter__(self):
            return self

        def __next__(self):
            return next(self._entries)

        def __enter__(self) -> _Shuffled:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def close(self) -> None:
            return None

    def scandir(path=".") -> _Shuffled:
        with real_scandir(path) as iterator:
            entries = list(iterator)
        rng.shuffle(entries)
        entries.reverse()
        return _Shuffled(entries)

    def listdir(path=".") -> list[str]:
        names = real_listdir(path)
        rng.shuffle(names)
        return names

    os.scandir = scandir  # type: ignore[assignment]
    os.listdir = listdir  # type: ignore[assignment]


def _shift_clock(offset: float) -> None:
    import datetime as dt
    import time

    real_time, real_time_ns = time.time, time.time_ns
    time.time = lambda: real_time() + offset  # type: ignore[assignment]
    time.time_ns = lambda: real_time_ns() + int(offset * 1e9)  # type: ignore[assignment]
    real_localtime, real_gmtime, real_ctime = time.localtime, time.gmtime, time.ctime
    time.localtime = lambda secs=None: real_localtime(time.time() if secs is None else secs)  # type: ignore
    time.gmtime = lambda secs=None: real_gmtime(time.time() if secs is None else secs)  # type: ignore
    time.ctime = lambda secs=None: real_ctime(time.time() if secs is None else secs)  # type: ignore

    class FakeDate(dt.date):
        @classmethod
        def today(cls):
            return dt.date.fromtimestamp(time.time())

    class FakeDateTime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.fromtimestamp(time.time(), tz)

        @classmethod
        def utcnow(cls):
            return dt.datetime.fromtimestamp(time.time(), dt.UTC).replace(tzinfo=None)

        @classmethod
        def today(cls):
            return cls.now()

    dt.date = FakeDate  # type: ignore[misc]
    dt.datetime = FakeDateTime  # type: ignore[misc]


def _kill_at_replace(spec: str) -> None:
    count_text, _, pattern = spec.partition(":")
    target = int(count_text)
    real_replace = os.replace
    seen = 0

    def replace(src, dst, *args, **kwargs):
        nonlocal seen
        if pattern in os.path.abspath(dst):
            seen += 1
            if seen == target:
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace  # type: ignore[assignment]


def _kill_mid_write(spec: str) -> None:
    import builtins
    import io

    count_text, _, pattern = spec.partition(":")
    target = int(count_text)
    real_open = builtins.open
    seen = 0

    class HalfWriter(io.FileIO):
        def write(self, data):
            half = max(1, len(data) // 2)
            super().write(data[:half])
            self.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    def fake_open(file, mode="r", *args, **kwargs):
        nonlocal seen
        name = os.path.basename(os.fspath(file)) if isinstance(file, (str, bytes, os.PathLike)) else ""
        if (
            "w" in mode
            and "b" in mode
            and name.startswith(".")
            and name.endswith(".tmp")
            and pattern in os.path.abspath(file)
        ):
            seen += 1
            if seen == target:
                return HalfWriter(file, "w")
        return real_open(file, mode, *args, **kwargs)

    builtins.open = fake_open  # type: ignore[assignment]


def _trace(path: str) -> None:
    import atexit
    import json
    import time

    stamps: list[tuple[str, float]] = []
    started = time.monotonic()
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        stamps.append((os.path.abspath(dst), time.monotonic()))
        return real_replace(src, dst, *args, **kwargs)

    def save() -> None:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"start": started, "replaces": stamps}, handle)

    os.replace = replace  # type: ignore[assignment]
    atexit.register(save)


def _pause_at_replace(spec: str) -> None:
    import time

    count_text, pattern, marker = spec.split(":", 2)
    target = int(count_text)
    real_replace = os.replace
    seen = 0

    def replace(src, dst, *args, **kwargs):
        nonlocal seen
        if pattern in os.path.abspath(dst):
            seen += 1
            if seen == target:
                Path(marker).write_text("paused\n")
                while os.path.exists(marker):
                    time.sleep(0.02)
        return real_replace(src, dst, *args, **kwargs)

    os.replace = replace  # type: ignore[assignment]


def main() -> int:
    if path := os.environ.get("ROBUSTNESS_TRACE"):
        _trace(path)
    if seed := os.environ.get("ROBUSTNESS_SHUFFLE_LISTING"):
        _shuffle_listing(int(seed))
    if offset := os.environ.get("ROBUSTNESS_CLOCK_OFFSET"):
        _shift_clock(float(offset))
    if spec := os.environ.get("ROBUSTNESS_KILL_AT_REPLACE"):
        _kill_at_replace(spec)
    if spec := os.environ.get("ROBUSTNESS_KILL_MID_WRITE"):
        _kill_mid_write(spec)
    if spec := os.environ.get("ROBUSTNESS_PAUSE_AT_REPLACE"):
        _pause_at_replace(spec)
    if spec := os.environ.get("ROBUSTNESS_OSERROR"):
        from tests.robustness.faults import from_spec, install

        install(from_spec(spec))
    from scholarsite.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
