"""Helpers for the robustness tests: generated profiles, subprocess builds, tree snapshots.

Everything here is deterministic: generated profiles depend only on their
arguments, so two calls give byte-identical files.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO_ROOT

RUNNER = Path(__file__).with_name("_runner.py")

# Two-letter subject codes the taxonomy resolves (cs.LG, cs.CV, ...).
CODES = ("LG", "CV", "CL", "AI", "IR", "DC", "NE", "RO", "CR", "DS")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SYLLABLES = ("ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za", "do", "fe", "gu", "ha", "ji", "po")
_FIRST = (
    "Ada",
    "Bob",
    "Carl",
    "Dana",
    "Eve",
    "Fay",
    "Gus",
    "Hal",
    "Ida",
    "Jon",
    "Kim",
    "Lea",
    "Max",
    "Ned",
    "Ola",
    "Pia",
    "Rex",
    "Sue",
    "Tim",
    "Uma",
    "Vic",
    "Wes",
    "Xia",
    "Yan",
    "Zoe",
)


def letters(number: int, syllables: Sequence[str] = _SYLLABLES) -> str:
    """A pronounceable, digit-free word that is unique for each `number` (base-16 in syllables)."""
    word = ""
    while True:
        number, digit = divmod(number, len(syllables))
        word += syllables[digit]
        if number == 0:
            return word


def person(number: int) -> str:
    """A valid author name ("Kim Bakelo") for `number`; no digits, capitalised words."""
    return f"{_FIRST[number % len(_FIRST)]} {letters(number // len(_FIRST)).capitalize()}"


def header(number: int, codes: str | None = None) -> str:
    """A paper header such as "LGCVMar 14, 2019" (valid calendar dates only)."""
    rng = random.Random(number)
    codes = codes if codes is not None else "".join(rng.sample(CODES, rng.choice((1, 1, 2, 3))))
    return f"{codes}{MONTHS[rng.randrange(12)]} {rng.randint(1, 28)}, {rng.randint(1995, 2025)}"


@dataclass(frozen=True)
class Paper:
    header: str
    title: str
    authors: str
    abstract: tuple[str, ...] = ()

    def block(self) -> str:
        parts = [self.header, self.title, "", self.authors]
        if self.abstract:
            parts += ["", *self.abstract]
        return "\n".join(parts) + "\n\n"


def profile(owner: str, papers: Iterable[Paper], preamble: Sequence[str] = ("CV", "h-index12")) -> str:
    papers = list(papers)
    head = [owner, "", *preamble, "", f"{len(papers)} Papers", ""]
    return "\n".join(head) + "\n" + "".join(paper.block() for paper in papers)


def generated_papers(
    count: int, *, owner: str = "Ada Owner", title: Callable[[int], str] | None = None, pool: int = 400
) -> list[Paper]:
    """`count` distinct papers with 2-6 authors from a pool of `pool` people, the owner on each."""
    title = title or (lambda i: f"Study {letters(i).capitalize()} of Scalable Systems")
    papers = []
    for index in range(count):
        rng = random.Random(index * 7919)
        names = [person(rng.randrange(pool)) for _ in range(rng.randint(1, 5))]
        names.insert(rng.randrange(len(names) + 1), owner)
        names = list(dict.fromkeys(names))
        truncated = " et al." if index % 3 == 0 else ""
        abstract = (
            f"We study problem {letters(index)} and report what we found.",
            "A second paragraph with <b>markup</b> & symbols that must be escaped.",
        )
        papers.append(Paper(header(index), title(index), ", ".join(names) + truncated, abstract))
    return papers


def big_profile(count: int, *, title: Callable[[int], str] | None = None, owner: str = "Ada Owner") -> str:
    return profile(owner, generated_papers(count, owner=owner, title=title))


# --------------------------------------------------------------------------- sites and trees


def write_files(root: Path, files: Mapping[str, str | bytes], order: Iterable[str] | None = None) -> Path:
    """Write `files` (relative path → text/bytes) under `root`, in `order` if given."""
    for relative in order if order is not None else files:
        content = files[relative]
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too, symlinks as "->target"), by relative path."""
    found: dict[str, bytes] = {}
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            key = path.relative_to(folder).as_posix()
            found[key] = b"->" + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
    return found


def digests(folder: Path) -> dict[str, str]:
    return {path: hashlib.sha256(data).hexdigest() for path, data in snapshot(folder).items()}


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def tree_diff(left: Mapping[str, bytes], right: Mapping[str, bytes], limit: int = 10) -> str:
    """`diff -r` style summary: files only on one side, files that differ."""
    lines = [f"only in first: {p}" for p in sorted(left.keys() - right.keys())]
    lines += [f"only in second: {p}" for p in sorted(right.keys() - left.keys())]
    lines += [f"differ: {p}" for p in sorted(left.keys() & right.keys()) if left[p] != right[p]]
    return "\n".join(lines[:limit]) + (f"\n… {len(lines) - limit} more" if len(lines) > limit else "")


# --------------------------------------------------------------------------- subprocess builds


def cli_env(extra: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The test process's environment for a CLI run, with `extra` on top (None removes a variable)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "SCHOLARSITE_BASE_URL" and not key.startswith("ROBUSTNESS_")
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    for key, value in (extra or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def runner_command(*args: str) -> list[str]:
    """`python _runner.py ARGS`: the CLI, with the test hooks of _runner.py available through env vars."""
    return [sys.executable, str(RUNNER), *args]


def run_build(
    *args: str,
    cwd: Path,
    env: Mapping[str, str | None] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        runner_command("build", *args),
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
