"""A linear pre-check for Markdown that Python-Markdown would take minutes over.

Python-Markdown looks for the end of a link from each "[" (and for the end of
its address from each "](") by scanning forward, so thousands of nested or
unclosed brackets cost time quadratic in their number: "[" 4,000 times took
eleven seconds. The work those scans do is the distance from each bracket to
the one that closes it (or to the end of its paragraph); that sum is computed
here in one pass, and text over the budget is refused with its line before it
is rendered.
"""

from __future__ import annotations

import re

from ..errors import SiteError, SourceLocation

MAX_SCAN_STEPS = 2_000_000  # about two seconds of Python-Markdown's scanning; real pages need a tiny fraction
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def scan_steps(paragraph: str) -> int:
    """How far Python-Markdown's link scans reach in total, summed over every "[" and every "](".."""
    end = len(paragraph)
    closing: dict[int, int] = {}  # opening index → index of its closing bracket
    scanned: list[int] = []  # where a scan starts: each "[", and each "(" right after "]"
    open_square: list[int] = []
    open_round: list[int] = []
    escaped = False
    for index, char in enumerate(paragraph):
        if escaped:  # "\[" is a literal bracket: no scan starts there
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            open_square.append(index)
            scanned.append(index)
        elif char == "]" and open_square:
            closing[open_square.pop()] = index
        elif char == "(":
            open_round.append(index)
            if index and paragraph[index - 1] == "]":
                scanned.append(index)
        elif char == ")" and open_round:
            closing[open_round.pop()] = index
    return sum(closing.get(index, end) - index for index in scanned)


def check_markdown(source: str, location: SourceLocation) -> None:
    """SiteError at the paragraph where Markdown's bracket scanning passes the budget."""
    if (source.count("[") + source.count("](")) * len(source) <= MAX_SCAN_STEPS:  # no scan can pass the end
        return
    total, line = 0, location.line
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(source), None]:
        stop = match.start() if match else len(source)
        paragraph = source[position:stop]
        if "[" in paragraph:
            total += scan_steps(paragraph)
            if total > MAX_SCAN_STEPS:
                raise SiteError(
                    SourceLocation(location.path, line),
                    "too many nested or unclosed brackets for Markdown to read in reasonable time",
                    "brackets that close near where they open, or literal ones written as \\[ and \\]",
                )
        if match:
            line += source.count("\n", position, match.end())
            position = match.end()
