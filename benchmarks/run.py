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
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as own_corpus
from harness.bench import Bench, SizeResult
from harness.common import HERE, REPO, SHARED_SEED, log, shown_path
from harness.machine import cli_has_no_cache, filesystem, load, machine, our_versions
from harness.peers import setup_peers
from harness.report import dump, load_dump, report
from harness.sites import Quiet, prepare_sites


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["1000", "10000"],
        metavar="N",
        help="corpus sizes, space- or comma-separated (default: 1000 10000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="timed runs per cell (default 3)")
    parser.add_argument(
        "--peers",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="build the same corpus with Hugo and Pelican (default: if they can be set up)",
    )
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared" / "bench",
        help="the shared bench folder with make_corpus.py and the peer sites (default: ../shared/bench)",
    )
    parser.add_argument(
        "--corpus",
        choices=("auto", "own", "shared"),
        default="auto",
        help="which corpus our generator builds: auto = the shared one when peers run, else ours",
    )
    parser.add_argument("--seed", type=int, default=None, help="corpus seed (default: each corpus maker's own)")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm (incremental) builds")
    parser.add_argument(
        "--cold-no-cache",
        action="store_true",
        help="pass --no-cache to the cold builds (default: a plain first build of a fresh site copy, "
        "which may write a cache)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=HERE / ".work",
        help="work folder: venv, corpora, build outputs (default: benchmarks/.work)",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=HERE / "results" / "latest.md",
        help="where to write the Markdown report (default: benchmarks/results/latest.md); "
        "the raw samples go beside it with .json",
    )
    parser.add_argument("--keep", action="store_true", help="keep the build outputs in WORK/runs/ afterwards")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="build nothing: re-render the report from the raw samples saved beside it (RESULTS with .json)",
    )
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
        corpus_note = (
            f"`{shown_path(shared / 'make_corpus.py')}` (seed {args.seed or SHARED_SEED}): the peers build its "
            "Hugo and Pelican content, scholarsite builds its seed output `seed/seeds/corpus.txt`, "
            "so all three get the same papers, authors, categories and years"
        )
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
            f"unchanged ({sources_at_start})"
            if not bench.source_changes
            else "**changed mid-run, so the cells mix versions**: " + "; ".join(bench.source_changes)
        ),
        "Corpus": corpus_note,
        "Peers": "built in the same run" if peers else f"not run: {why}",
        "Method": (
            f"{args.runs} timed run(s) per cell after one untimed reference build per tool; whole process, "
            "wall clock; cold = a fresh copy of the site (no cache) into a new output folder, "
            "nothing deleted during the series; warm = a new process on a primed site and output "
            "after one edit; files written = files whose inode or mtime changed; "
            + (
                "cold builds pass `--no-cache`."
                if args.cold_no_cache
                else f"cold builds run without flags (the CLI {'has' if cli_has_no_cache() else 'has no'} "
                "`--no-cache`; `--cold-no-cache` passes it)."
            )
        ),
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
