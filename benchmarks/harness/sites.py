"""Corpus folders, output snapshots and the edits the warm builds make."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import corpus as own_corpus  # benchmarks/corpus.py
from harness.common import DELETE_QUIET_SECONDS, HEADER, HERE, REPO, SHARED_SEED, log


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
    entries = sorted(
        [os.path.relpath(os.path.join(folder, name), root), os.path.getsize(os.path.join(folder, name))]
        for folder, _dirs, names in os.walk(root)
        for name in names
    )
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
    path.write_text(
        f'---\naffiliation: "Institute of Benchmarking, edit {edit}"\n---\n'
        f"A biography written by the benchmark (edit {edit}).\n",
        encoding="utf-8",
    )


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
            subprocess.run(
                [sys.executable, str(shared / "make_corpus.py"), str(n), str(folder), "--seed", str(seed)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
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
