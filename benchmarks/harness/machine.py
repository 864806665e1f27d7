"""What the report says about the machine, its load and the code under test."""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import sys
from pathlib import Path

from harness.common import REPO, capture


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("SCHOLARSITE_BASE_URL", None)  # no feeds or sitemap: the peers build none either
    return env


def machine() -> dict[str, str]:
    model = ""
    with contextlib.suppress(OSError):
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    memory = ""
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
        memory = f"{kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return {
        "cores": str(os.cpu_count()),
        "cpu": model or platform.processor() or "unknown CPU",
        "os": f"{platform.system()} {platform.release()}",
        "memory": memory,
    }


def filesystem(path: Path) -> str:
    try:
        mounts = [line.split()[:3] for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "unknown file system"
    real = str(path.resolve())
    best = max(
        (m for m in mounts if real == m[1] or real.startswith(m[1].rstrip("/") + "/")),
        key=lambda m: len(m[1]),
        default=None,
    )
    return f"{best[2]} ({best[1]})" if best else "unknown file system"


def load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def our_versions() -> str:
    version = capture([sys.executable, "-m", "generator", "--version"], cwd=REPO).replace("scholarsite ", "")
    head = capture(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = capture(["git", "--no-optional-locks", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"])
    git = f", git {head}{' + uncommitted changes' if dirty else ''}" if head else ""
    return f"scholarsite {version or '?'}{git}, Python {platform.python_version()}"


def source_state() -> str:
    """git commit and a digest of the generator's sources and themes (only the digest is compared)."""
    h = hashlib.sha256()
    for folder in (REPO / "generator", REPO / "themes"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    head = capture(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "no git"
    return f"{head}, sources {h.hexdigest()[:8]}"


def cli_has_no_cache() -> bool:
    return "--no-cache" in capture([sys.executable, "-m", "generator", "build", "--help"], cwd=REPO)
