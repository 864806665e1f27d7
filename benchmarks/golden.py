"""Golden tree hashes: build a fixed set of sites and record the sha256 of every output file.

    python benchmarks/golden.py record golden.json            # before a refactor
    python benchmarks/golden.py compare golden.json           # after it: same bytes everywhere?
    python benchmarks/golden.py record golden.json --papers 0 # without the 1,000-paper corpus

The sites: the repository's own (with and without a base URL), the site `scholarsite init`
writes, the whole sample site of the tests (CV, collections, both themes), the stress profiles
of the quality gates, the imported-records site, and a synthetic corpus made by the shared
corpus maker (as benchmarks/run.py uses). Each site is built twice, the second time from the
build cache, and the two trees must be identical. Only the command line is used
(`python -m generator build`), so the hashes of two versions of the code are comparable;
`--root` picks the checkout whose code builds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASE = "https://example.org/repo/"


def tree_hashes(folder: Path) -> dict[str, str]:
    """relative path → sha256 of every file under `folder` (symlinks are not followed)."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def run(root: Path, *args: str, cwd: Path | None = None) -> None:
    env = {name: value for name, value in os.environ.items() if name != "SCHOLARSITE_BASE_URL"}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")


def sites(work: Path, root: Path, papers: int, shared: Path) -> dict[str, tuple[Path, str | None]]:
    """name → (site folder, base URL) for every site of the golden set, written under `work`."""
    sys.path.insert(0, str(REPO))
    from tests.imported_site import imported_site
    from tests.quality.profiles import PROFILES, write_site

    found: dict[str, tuple[Path, str | None]] = {}
    repo_site = work / "repo"
    repo_site.mkdir()
    # not themes/: in this repository it holds the built-in themes, which each checkout's code brings
    for name in ("site.yaml", "seeds", "content"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, repo_site / name)
        elif source.is_file():
            shutil.copy2(source, repo_site / name)
    found["repo"] = (repo_site, None)
    found["repo-base-url"] = (repo_site, BASE)
    run(root, "init", str(work / "init"))
    found["init"] = (work / "init", BASE)
    for name, profile in PROFILES.items():
        found[name] = (write_site(profile, work / name), BASE)
    found["imported"] = (imported_site(work / "imported"), BASE)
    if papers:
        maker = [sys.executable, str(shared / "make_corpus.py"), str(papers), str(work / "corpus")]
        subprocess.run([*maker, "--formats", "seed"], check=True, capture_output=True)
        found[f"corpus-{papers}"] = (work / "corpus" / "seed", BASE)
    return found


def golden(root: Path, papers: int, shared: Path) -> dict[str, dict[str, str]]:
    """site name → tree hashes of its build; the cached rebuild must give the same tree."""
    result: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        for name, (site, base_url) in sites(work, root, papers, shared).items():
            extra = ["--base-url", base_url] if base_url else []
            cold, warm = work / "out" / name / "cold", work / "out" / name / "warm"
            shutil.rmtree(site / ".scholarsite-cache", ignore_errors=True)
            run(root, "build", "--site", str(site), "--output", str(cold), *extra)
            run(root, "build", "--site", str(site), "--output", str(warm), *extra)
            result[name] = tree_hashes(cold)
            if tree_hashes(warm) != result[name]:
                raise SystemExit(f"{name}: the cached rebuild differs from the first build")
            print(f"{name}: {len(result[name])} files", file=sys.stderr)
    return result


def compare(before: dict[str, dict[str, str]], after: dict[str, dict[str, str]]) -> list[str]:
    """One line per difference: a site or file only on one side, or a file whose bytes changed."""
    problems: list[str] = []
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            problems.append(f"{name}: only {'after' if old is None else 'before'}")
            continue
        for path in sorted(old.keys() | new.keys()):
            if old.get(path) != new.get(path):
                state = "added" if path not in old else "removed" if path not in new else "changed"
                problems.append(f"{name}/{path}: {state}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("file", type=Path, help="the JSON file of hashes to write or compare with")
    parser.add_argument("--papers", type=int, default=1000, help="size of the synthetic corpus (0: none)")
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared" / "bench",
        help="the shared bench folder with make_corpus.py (default: ../shared/bench)",
    )
    parser.add_argument("--root", type=Path, default=REPO, help="the checkout whose code builds")
    args = parser.parse_args(argv)
    hashes = golden(args.root.resolve(), args.papers, args.shared)
    if args.action == "record":
        args.file.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{sum(map(len, hashes.values()))} files in {len(hashes)} sites → {args.file}")
        return 0
    problems = compare(json.loads(args.file.read_text(encoding="utf-8")), hashes)
    for line in problems:
        print(line)
    print(
        f"{sum(map(len, hashes.values()))} files in {len(hashes)} sites: "
        + ("same bytes" if not problems else f"{len(problems)} differences")
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
