"""Measuring one process: wall clock, CPU time and peak memory of its whole process tree."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from harness.common import BUILD_TIMEOUT, SAMPLE_EVERY


@dataclass
class Sample:
    wall: float
    cpu: float
    rss_kib: int  # ru_maxrss: the largest single process (what /usr/bin/time reports)
    tree_kib: int = 0  # sampled peak of the summed PSS of the whole process tree
    procs: int = 1  # most processes seen at once in the tree
    ok: bool = True
    error: str = ""
    files: int | None = None  # files written (cold: all files in the output; warm: mtime/inode changed)
    removed: int = 0


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:
        pass
    return found


def _memory_kib(pid: int) -> int:
    """PSS of one process (shared pages split between the sharers), RSS if PSS is unreadable."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


class TreeSampler(threading.Thread):
    """Polls the summed memory of a process and its descendants (Linux /proc; no-op elsewhere)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.procs = pid, 0, 1
        self.stop = threading.Event()

    def run(self) -> None:
        if not os.path.isdir("/proc/self/task"):
            return
        wait = SAMPLE_EVERY
        while not self.stop.wait(wait):
            started = time.perf_counter()
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            self.peak_kib = max(self.peak_kib, sum(_memory_kib(pid) for pid in tree))
            self.procs = max(self.procs, len(tree))
            # The kernel walks every page of a process to give its PSS: tens of milliseconds for a
            # few GiB. Sampling at most a fifth of the time keeps the sampler off the build's cores.
            wait = max(SAMPLE_EVERY, 4 * (time.perf_counter() - started))


def run_timed(cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Sample:
    """Run `cmd` as a fresh child; wall clock, CPU and peak memory of that child only."""
    with open(log, "wb") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        sampler = TreeSampler(child.pid)
        sampler.start()
        timer = threading.Timer(BUILD_TIMEOUT, child.kill)
        timer.start()
        # wait4 gives this child's own rusage (as GNU time does), not that of every child so far
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        timer.cancel()
        sampler.stop.set()
        sampler.join()
    child.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, max(sampler.peak_kib, usage.ru_maxrss), sampler.procs
    )
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        sample.ok, sample.error = False, f"exit {child.returncode}: " + " | ".join(tail)
    return sample
