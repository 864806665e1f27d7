#!/usr/bin/env python3
"""The sample site with every collection against the sample site before the collections existed.

    python benchmarks/sample_site.py                 # 15 interleaved rounds, CPU time of each build
    python benchmarks/sample_site.py --runs 25 --before 00327ad

Issue 16 asks that the build of the sample site with all collections stays within 1.2x of the
build before the collections work. Both sides are timed in the same run, round after round:

* before: the repository at `--before` (default: the commit before the collections landed),
  exported with `git archive`, building its own sample site (site.yaml, seeds/, content/).
* now: this checkout building the same sample site plus one example of every collection, the
  files `scholarsite init` writes (content/cv.yaml, a talk, a course, a project, a post and a
  news item), with the hand-written CV page left out because the CV now comes from cv.yaml.

Every build is a new process on a fresh copy of the site, built into a new output folder, and
reports the CPU time (user + system, every thread and child) that `os.wait4` gives. Three
series are run:

* default: `scholarsite build` as a user runs it the first time in a new site folder.
* no-cache: `--no-cache`, which reads and writes no cache at all.
* empty user cache: as default, but with an empty per-user cache (`XDG_CACHE_HOME`), which is
  the very first build after installing (the `before` side has no per-user cache: same as default).

One untimed build of each side comes first, as in run.py: it warms the page cache, the .pyc
files and the per-user compiled templates. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BEFORE = "00327ad"  # the parent of the commit that added talks, teaching, projects, posts and the CV
SITE_PARTS = ("site.yaml", "seeds", "content")
SERIES = ("default", "no-cache", "empty user cache")


def export(ref: str, folder: Path) -> Path:
    """The repository at `ref` as plain files (no checkout, no worktree)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", ref], check=True, capture_output=True
    ).stdout
    folder.mkdir(parents=True)
    archive_file = folder.with_suffix(".tar")
    archive_file.write_bytes(archive)
    with tarfile.open(archive_file) as tar:
        tar.extractall(folder, filter="data")
    archive_file.unlink()
    compatible(folder)
    return folder


def compatible(source: Path) -> None:
    """The commit before the collections carries an assembler that reads `config.metrics`, a
    setting its config module lost in an overwrite repaired later (0c00b70): without the field
    that tree cannot build at all. The field with its default (show every metric) is added back."""
    config = source / "generator" / "config.py"
    text = config.read_text(encoding="utf-8")
    if "metrics:" not in text and "config.metrics" in (source / "generator/model/assemble.py").read_text("utf-8"):
        anchor = '    cname: str = ""\n'
        config.write_text(
            text.replace(anchor, anchor + "    metrics: tuple[tuple[str, str], ...] | None = None\n"), encoding="utf-8"
        )


def sample_site(source: Path, folder: Path, *, collections: bool) -> Path:
    """The sample site of `source`, with the samples of `scholarsite init` when `collections`."""
    folder.mkdir(parents=True)
    for part in SITE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, folder / part)
        elif (source / part).exists():
            shutil.copy2(source / part, folder / part)
    if collections:
        (folder / "content/pages/cv.md").unlink(missing_ok=True)  # the CV comes from content/cv.yaml
        mapping = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import json; from generator.samples import SAMPLES; print(json.dumps(SAMPLES))",
                ],
                cwd=source,
                env={**os.environ, "PYTHONPATH": str(source)},
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for target, name in mapping.items():
            (folder / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / "generator/scaffold" / name, folder / target)
    return folder


def timed_build(source: Path, site: Path, work: Path, flags: list[str], user_cache: Path) -> float:
    """CPU seconds of one build of a fresh copy of `site`."""
    copy = Path(tempfile.mkdtemp(dir=work, prefix="run-"))
    shutil.copytree(site, copy, dirs_exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(source), "XDG_CACHE_HOME": str(user_cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--site", str(copy), "--output", str(copy / "output"), *flags],
        cwd=source,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"build of {site} with {source} failed:\n{errors.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="timed rounds (default 15)")
    parser.add_argument("--before", default=BEFORE, help=f"the commit to compare with (default {BEFORE})")
    parser.add_argument(
        "--work",
        type=Path,
        default=REPO / "benchmarks" / ".work" / "sample-site",
        help="work folder (default benchmarks/.work/sample-site)",
    )
    args = parser.parse_args(argv)

    # A new folder for this run, deleted only after the timing: on ext4, files made soon after a
    # mass delete are slow to create (see ../shared/bench/BASELINE.md).
    args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=args.work, prefix="sample-site-"))
    before_source = export(args.before, work / "before-source")
    sides = {
        "before": (before_source, sample_site(before_source, work / "before-site", collections=False)),
        "now": (REPO, sample_site(REPO, work / "now-site", collections=True)),
    }
    shared_cache = work / "user-cache"
    runs = work / "runs"
    runs.mkdir()
    for source, site in sides.values():  # untimed: page cache, .pyc files, per-user compiled templates
        timed_build(source, site, runs, [], shared_cache)
    cpu: dict[tuple[str, str], list[float]] = {(side, series): [] for side in sides for series in SERIES}
    for round_ in range(args.runs):
        for series in SERIES:
            for side, (source, site) in sides.items():
                flags = ["--no-cache"] if series == "no-cache" else []
                cache = (
                    Path(tempfile.mkdtemp(dir=work, prefix="empty-cache-"))
                    if series == "empty user cache"
                    else shared_cache
                )
                cpu[side, series].append(timed_build(source, site, runs, flags, cache))
        print(f"round {round_ + 1}/{args.runs} done", file=sys.stderr)
    print(
        f"Sample site: before = {args.before} (no collections), now = this checkout with every collection; "
        f"CPU seconds per cold build, {args.runs} interleaved rounds\n"
    )
    print("| series | before median (min–max) | now median (min–max) | ratio of medians |")
    print("|---|---|---|---|")
    for series in SERIES:
        before, now = cpu["before", series], cpu["now", series]
        print(
            f"| {series} | {statistics.median(before):.3f} ({min(before):.3f}–{max(before):.3f}) "
            f"| {statistics.median(now):.3f} ({min(now):.3f}–{max(now):.3f}) "
            f"| {statistics.median(now) / statistics.median(before):.2f}× |"
        )
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
