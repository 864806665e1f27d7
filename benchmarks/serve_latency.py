#!/usr/bin/env python3
"""Save-to-screen latency of `scholarsite serve`, measured in headless Chromium.

For each site: start the preview, open the home page, then repeatedly change the
title of the newest paper in the seed file and time how long it takes until the
open page shows the new title (file save → watcher → rebuild → reload → paint).

Usage: python benchmarks/serve_latency.py [--edits 15] [--sizes sample,1000]
Sizes other than "sample" use the corpus generator in benchmarks/corpus.py.
Needs Playwright and Debian's /usr/bin/chromium (scripts/install-tools).
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
HEADER = re.compile(r"^(?:[A-Z]{2})+ ?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}")


def make_site(size: str, root: Path) -> Path:
    site = root / f"site-{size}"
    (site / "seeds").mkdir(parents=True)
    if size == "sample":
        shutil.copy(REPO / "seeds" / "000_e37131867a2e8315.txt", site / "seeds" / "profile.txt")
    else:
        import corpus  # benchmarks/corpus.py

        corpus.write_site(int(size), site)
        shutil.move(str(site / "seeds" / "corpus.txt"), site / "seeds" / "profile.txt")
    return site


def newest_title_line(lines: list[str]) -> int:
    """Index of the title line of the paper with the latest date (it is on the home page)."""
    import datetime as dt

    best, best_date = -1, dt.date.min
    for index, line in enumerate(lines):
        match = HEADER.match(line)
        if match:
            date = dt.datetime.strptime(re.search(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", line).group(0), "%b %d, %Y").date()
            title = next(i for i in range(index + 1, len(lines)) if lines[i].strip())
            if date > best_date:
                best, best_date = title, date
    return best


def measure(site: Path, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = ""
        while "Serving" not in line:
            line = server.stdout.readline()
            if not line and server.poll() is not None:
                raise SystemExit("the preview server stopped")
        port = int(re.search(r":(\d+)/", line).group(1))  # it may have moved to a free port
        seed = site / "seeds" / "profile.txt"
        lines = seed.read_text(encoding="utf-8").split("\n")
        target = newest_title_line(lines)
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROME_FLAGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector", timeout=30_000)
            time.sleep(0.5)
            for attempt in range(edits):
                marker = f"Latency probe {attempt} {time.time_ns()}"
                lines[target] = marker
                started = time.perf_counter()
                seed.write_text("\n".join(lines), encoding="utf-8")
                # a locator (unlike wait_for_function) keeps waiting across the reload
                page.get_by_text(marker).first.wait_for(timeout=60_000)
                timings.append(time.perf_counter() - started)
                time.sleep(0.4)
            browser.close()
        return timings
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--sizes", default="sample,1000")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="serve-latency-") as work:
        print("| site | edits | median | p90 | min | max |\n|---|---|---|---|---|---|")
        for size in args.sizes.split(","):
            timings = sorted(measure(make_site(size, Path(work)), args.edits))
            p90 = timings[min(len(timings) - 1, int(0.9 * len(timings)))]
            print(
                f"| {size} | {len(timings)} | {statistics.median(timings) * 1000:.0f} ms | {p90 * 1000:.0f} ms | "
                f"{timings[0] * 1000:.0f} ms | {timings[-1] * 1000:.0f} ms |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
