"""The Markdown report and the raw samples saved beside it."""

from __future__ import annotations

import statistics

from harness.bench import Cell, SizeResult
from harness.common import PEER_PINS, TARGETS
from harness.measure import Sample


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
    out += [
        "## Cold builds (median of runs, min–max, peak RSS)",
        "",
        "| " + " | ".join(cols) + " |",
        "|" + "---|" * len(cols),
    ]
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
    out += [
        "## All runs",
        "",
        "| N | build | wall median s (min–max) | CPU median s | peak RSS MiB "
        "| files written (median, min–max) | pages/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        rows = [
            (c.label if k.startswith("floor") else c.label + " (cold)", c, k, k in r.pages) for k, c in r.cold.items()
        ]
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
            out.append(
                f"| {fmt_n(r.n)} | {label} | {secs(cell).replace(' s', '')} | "
                f"{statistics.median(s.cpu for s in good):.2f} | {memory(cell)} | {written} | {rate} |"
            )
    out.append("")

    # Ratios against the targets of issue 9.
    out += [
        "## Ratios and targets (issue 9; wall-clock medians from this run; < 1× means scholarsite is faster)",
        "",
        "| N | measure | value | target | met |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        t = TARGETS.get(r.n, {})
        ours = r.cold["ours"].median()
        rows = []

        def add(measure: str, value: float | None, limit: float | None, unit: str = "×") -> None:
            shown = "—" if value is None else (f"{value:.2f}{unit}" if unit == "×" else f"{value:,.0f}{unit}")
            target = "—" if limit is None else (f"≤ {limit:g}{unit}" if limit else f"0{unit}")
            met = "—" if value is None or limit is None else ("yes" if value <= limit else "**no**")
            rows.append(f"| {fmt_n(r.n)} | {measure} | {shown} | {target} | {met} |")  # noqa: B023  (called in this turn only)

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
            add(
                "cold: scholarsite / floor (writing our files)",
                ratio(ours, r.cold["floor-ours"].median()),
                t.get("floor"),
            )
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
                add(
                    f"{kind}: peak memory (largest process, or the process tree if several)",
                    peak,
                    t.get("rss_mib"),
                    unit=" MiB",
                )
        out += rows
    out.append("")
    notes = [note for r in results for note in r.notes]
    if notes:
        out += ["Notes:", ""] + [f"- {note}" for note in notes] + [""]
    return "\n".join(out)


def dump(header: dict[str, str], results: list[SizeResult]) -> dict:
    """Everything the report is made from: saved beside the report, read back by --report-only."""

    def cells(group: dict[str, Cell]) -> dict[str, dict]:
        return {k: {"label": c.label, "samples": [vars(s) for s in c.samples]} for k, c in group.items()}

    return {
        "header": header,
        "results": [
            {"n": r.n, "pages": r.pages, "cold": cells(r.cold), "warm": cells(r.warm), "notes": r.notes}
            for r in results
        ],
    }


def load_dump(data: dict) -> tuple[dict[str, str], list[SizeResult]]:
    def cells(group: dict[str, dict]) -> dict[str, Cell]:
        return {k: Cell(c["label"], [Sample(**s) for s in c["samples"]]) for k, c in group.items()}

    return data["header"], [
        SizeResult(r["n"], {k: tuple(v) for k, v in r["pages"].items()}, cells(r["cold"]), cells(r["warm"]), r["notes"])
        for r in data["results"]
    ]
