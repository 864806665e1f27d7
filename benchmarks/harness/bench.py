"""The benchmark proper: reference, cold and warm series, interleaved across tools."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from harness.common import HEADER, HERE, PEER_PINS, REPO, SCENARIOS, log
from harness.machine import build_env, source_state
from harness.measure import Sample, run_timed
from harness.peers import Peers
from harness.sites import (
    Quiet,
    copy_site,
    count_output,
    default_theme_css,
    edit_css,
    edit_seed_paper,
    pick_author_slug,
    snapshot,
    write_author_override,
    write_manifest,
)


@dataclass
class Cell:
    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def good(self) -> list[Sample]:
        return [s for s in self.samples if s.ok]

    def median(self) -> float | None:
        return statistics.median(s.wall for s in self.good) if self.good else None


@dataclass
class SizeResult:
    n: int
    pages: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # tool → (html, files, bytes)
    cold: dict[str, Cell] = field(default_factory=dict)  # tool → cell
    warm: dict[str, Cell] = field(default_factory=dict)  # scenario → cell
    notes: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, args: argparse.Namespace, peers: Peers | None, shared: Path | None) -> None:
        self.args, self.peers, self.shared = args, peers, shared
        self.work: Path = args.work
        self.runs = self.work / "runs"
        self.env = build_env()
        self.quiet = Quiet(self.work)
        self.counter = 0
        self.dropped: set[str] = set()  # peers whose reference build failed
        self.sources = source_state()
        self.source_changes: list[str] = []
        self.floor_script = (
            (shared / "write_floor.py") if shared and (shared / "write_floor.py").is_file() else HERE / "floor.py"
        )

    def check_sources(self, phase: str) -> None:
        """The generator is under active development: note it if its code changes mid-run."""
        now = source_state()
        if now.split("sources ")[-1] != self.sources.split("sources ")[-1]:
            self.source_changes.append(f"before {phase}: {self.sources} → {now}")
            log(f"the generator's sources changed ({self.sources} → {now}); noted in the report")
            self.sources = now

    def fresh(self, name: str) -> Path:
        """A folder path under runs/ that does not exist yet (never reused, never emptied)."""
        self.counter += 1
        return self.runs / f"{self.counter:04d}-{name}"

    def ours_cmd(self, site: Path, out: Path, *extra: str) -> list[str]:
        return [sys.executable, "-m", "generator", "build", "--site", str(site), "--output", str(out), *extra]

    def time(self, cmd: list[str], cwd: Path, name: str) -> Sample:
        return run_timed(cmd, cwd=cwd, env=self.env, log=self.runs / f"{self.counter:04d}-{name}.log")

    def tools(self, n: int, sites: Path) -> dict[str, tuple]:
        """tool → (label, function(out) -> (cmd, cwd))."""
        seed_site = sites / "seed"
        tools: dict[str, tuple] = {}

        def ours(out: Path):
            site = copy_site(seed_site, self.fresh(f"site-n{n}"))  # fresh site: no cache to reuse
            return self.ours_cmd(site, out, *(["--no-cache"] if self.args.cold_no_cache else [])), REPO

        tools["ours"] = ("scholarsite", ours)
        if self.peers:
            p = self.peers
            tools["hugo"] = (
                f"Hugo {PEER_PINS['hugo']}",
                lambda out: ([str(p.hugo), "--quiet", "-s", str(sites / "hugo"), "-d", str(out)], sites),
            )
            tools["pelican"] = (
                f"Pelican {PEER_PINS['pelican']}",
                lambda out: (
                    [str(p.pelican), "content", "-q", "-s", "pelicanconf.py", "-o", str(out)],
                    sites / "pelican",
                ),
            )
        return {tool: spec for tool, spec in tools.items() if tool not in self.dropped}

    def reference(self, n: int, sites: Path, result: SizeResult) -> dict[str, Path]:
        """One untimed build per tool (also the warm-up: caches, .pyc files), page counts, floor manifests."""
        refs = {}
        for tool, (label, make) in self.tools(n, sites).items():
            out = self.fresh(f"ref-{tool}-n{n}")
            cmd, cwd = make(out)
            log(f"N={n}: reference build, {label}")
            sample = self.time(cmd, cwd, f"ref-{tool}")
            if not sample.ok and tool == "ours":
                raise SystemExit(f"run.py: {label} failed on the N={n} corpus: {sample.error}")
            if not sample.ok:
                self.dropped.add(tool)
                result.notes.append(f"N={n}: {label} failed, left out from here on ({sample.error})")
                log(f"N={n}: {label} failed: {sample.error}")
                continue
            refs[tool] = out
            result.pages[tool] = count_output(out)
        for tool in ("ours", "hugo"):
            if tool in refs:
                write_manifest(refs[tool], self.runs / f"manifest-{tool}-n{n}.json")
        return refs

    def cold(self, n: int, sites: Path, result: SizeResult) -> None:
        self.check_sources(f"the N={n} cold series")
        tools = self.tools(n, sites)
        cells = {tool: Cell(label) for tool, (label, _) in tools.items()}
        floors = {
            f"floor-{t}": f"floor: write {'our' if t == 'ours' else 'Hugo’s'} files"
            for t in ("ours", "hugo")
            if (self.runs / f"manifest-{t}-n{n}.json").exists()
        }
        cells.update({key: Cell(label) for key, label in floors.items()})
        for run in range(1, self.args.runs + 1):
            # Interleaved: one run of every tool per round, so load drift hits all of them alike.
            for key, cell in cells.items():
                out = self.fresh(f"cold-{key}-n{n}")
                if key.startswith("floor-"):
                    manifest = self.runs / f"manifest-{key[6:]}-n{n}.json"
                    cmd, cwd = [sys.executable, str(self.floor_script), "write", str(manifest), str(out)], REPO
                else:
                    cmd, cwd = tools[key][1](out)
                sample = self.time(cmd, cwd, f"cold-{key}")
                if sample.ok:
                    sample.files = count_output(out)[1]
                cell.samples.append(sample)
                log(
                    f"N={n} cold {cell.label} run {run}/{self.args.runs}: "
                    + (
                        f"{sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU, {sample.rss_kib / 1024:.0f} MiB"
                        if sample.ok
                        else f"FAILED {sample.error}"
                    )
                )
        result.cold = cells

    def warm(self, n: int, sites: Path, refs: dict[str, Path], result: SizeResult) -> None:
        self.check_sources(f"the N={n} warm series")
        site = copy_site(sites / "seed", self.fresh(f"warm-site-n{n}"))
        out = self.fresh(f"warm-out-n{n}")
        try:
            seed = next((site / "seeds").glob("*.txt"))
            css = site / "themes" / "default" / "static" / "style.css"
            css.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(default_theme_css(refs["ours"]), css)
            slug = pick_author_slug(refs["ours"])
            override = site / "content" / "authors" / f"{slug}.md"
            write_author_override(override, 0)
            papers = sum(1 for line in seed.read_text(encoding="utf-8").split("\n") if HEADER.match(line))
        except (OSError, StopIteration, LookupError) as error:
            result.notes.append(f"N={n}: could not set up the warm site ({error!r}); warm rows skipped")
            return
        result.notes.append(
            f"N={n} warm edits: paper block {papers // 2 + 1} of {papers} in the seed, "
            f"content/authors/{slug}.md, themes/default/static/style.css"
        )
        log(f"N={n}: priming the warm site (one full build, then one no-change build, untimed)")
        for step in ("prime", "settle"):
            sample = self.time(self.ours_cmd(site, out), REPO, f"warm-{step}")
            if not sample.ok:
                result.notes.append(f"N={n}: the warm site did not build ({sample.error}); warm rows skipped")
                log(f"N={n}: warm site failed to build: {sample.error}")
                return
        cells = {key: Cell(label) for key, label in SCENARIOS}
        for run in range(1, self.args.runs + 1):
            for key, cell in cells.items():
                edit = run
                if key == "touch":
                    os.utime(seed)
                elif key == "paper":
                    edit_seed_paper(seed, papers // 2, f"Revision {edit} by the benchmark.")
                elif key == "override":
                    write_author_override(override, edit)
                elif key == "css":
                    edit_css(css, edit)
                before = snapshot(out)
                sample = self.time(self.ours_cmd(site, out), REPO, f"warm-{key}")
                after = snapshot(out)
                sample.files = sum(1 for path, stat in after.items() if before.get(path) != stat)
                sample.removed = len(before.keys() - after.keys())
                cell.samples.append(sample)
                log(
                    f"N={n} {cell.label} run {run}/{self.args.runs}: "
                    + (f"{sample.wall:.2f} s, {sample.files} files written" if sample.ok else f"FAILED {sample.error}")
                )
        result.warm = cells
