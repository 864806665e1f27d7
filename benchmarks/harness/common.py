"""Paths, constants and small helpers shared by the harness modules."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]  # benchmarks/
REPO = HERE.parent


def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the repository, so reports name no machine's folders."""
    return os.path.relpath(path, REPO)


PEER_PINS = {"hugo": "0.168.0", "pelican": "4.12.0", "markdown": "3.11.3"}
SHARED_SEED = 20240601  # make_corpus.py's default, the one BASELINE.md used
DELETE_QUIET_SECONDS = 45  # ext4 trap: no timed file creation this soon after a mass delete
BUILD_TIMEOUT = 3600
SAMPLE_EVERY = 0.1  # seconds between memory samples of the process tree
HEADER = re.compile(r"^(?:[A-Z]{2})+ ?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}")

# Targets from issue 9 per N: ratios are scholarsite / peer (or / floor), memory in MiB.
TARGETS = {
    1000: {"hugo": 1.0, "pelican": 0.2, "floor": 3.0, "warm_paper_vs_hugo": 0.25},
    10000: {"hugo": 0.25, "pelican": 0.2, "floor": 3.0, "warm_paper_vs_hugo": 0.05, "rss_mib": 200},
}
SCENARIOS = (
    ("touch", "warm: seed file touched (mtime only)"),
    ("paper", "warm: one paper's abstract edited in the seed"),
    ("override", "warm: author override edited (content/authors/)"),
    ("css", "warm: theme CSS edited (site themes/default/static/style.css)"),
    ("none", "warm: no change"),
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def capture(cmd: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()
