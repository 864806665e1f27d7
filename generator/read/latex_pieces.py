"""LaTeX → text in time linear in the length of the text.

pylatexenc (which bibtexparser uses to decode BibTeX fields) gathers each run
of plain characters by appending to a string attribute, which copies the run
so far on every character: a 2 MB abstract took half a minute. Decoding the
text in pieces of a few thousand characters gives the same result, as long as
the text is cut only where a cut cannot change its meaning: at a space outside
any brace group, math, comment or macro argument. Words without any LaTeX in
them are kept as they are, which pylatexenc would do too, only more slowly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text

# pylatexenc is slow even when linear (some 10 µs a character): a field with more LaTeX than this
# is refused rather than decoded for minutes; plain text has no limit.
MAX_LATEX = 100_000
TOO_MUCH_LATEX = f"more than {MAX_LATEX:,} characters of LaTeX markup in one field"
MAX_GROUP_DEPTH = 4  # brace groups opened to cut their inside; deeper ones count as LaTeX
PIECE = 4000  # characters: short enough that pylatexenc's copying costs little, long enough to be few calls
# macros, escaped characters, braces, math and comment marks, and runs of white space
_TOKEN = re.compile(r"\\(?:[A-Za-z@]+|.)|\$\$|[{}$%]|\s+", re.DOTALL)
# what pylatexenc changes: markup characters, and the ligatures '' `` -- !` ?`
_SPECIAL = re.compile(r"[\\{}$%~&#^_]|''|``|--|[!?]`")
_MATH_CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}  # how each kind of math ends


def pieces(latex: str, size: int = PIECE) -> Iterator[str]:
    """`latex` cut into pieces of about `size` characters (or more, when no safe cut comes sooner)."""
    depth, comment, after_macro = 0, False, False
    math_end = ""  # the delimiter that closes the math we are in, if any
    start = 0
    for token in _TOKEN.finditer(latex):
        text = token.group()
        if comment:
            comment = "\n" not in text  # a comment runs to the end of its line
            after_macro = False
            continue
        if text.isspace():
            at = token.start()
            if at - start >= size and depth == 0 and not math_end and not after_macro:
                yield latex[start:at]
                start = at
            after_macro = False
        elif math_end:
            math_end = "" if text == math_end else math_end
        elif text in _MATH_CLOSING:
            math_end = _MATH_CLOSING[text]
        elif text.startswith("\\"):
            after_macro = text[1:2].isalpha()  # "\c c": the argument may follow after a space
        elif text == "{":
            depth += 1
        elif text == "}":
            depth = max(0, depth - 1)
        elif text == "%":
            comment = True
    yield latex[start:]


class LinearDecoder(LatexNodes2Text):  # type: ignore[misc]
    """pylatexenc's LaTeX decoder, fed long text in pieces (bibtexparser wants this very class)."""

    def latex_to_text(self, latex: str, **flags: Any) -> str:
        return self._decode(latex, flags, 0)

    def _decode(self, latex: str, flags: dict[str, Any], depth: int) -> str:
        if len(latex) <= PIECE:
            return str(super().latex_to_text(latex, **flags))
        group = _group_inside(latex) if depth < MAX_GROUP_DEPTH else None
        if group is not None:  # "{…}" as a whole ("title = {{…}}"): the braces only group, so the inside
            before, inside, after = group  # decodes the same, and the inside can be cut
            return before + self._decode(inside, flags, depth + 1) + after
        decoded: list[str] = []
        batch: list[str] = []  # consecutive words with LaTeX in them, decoded together
        size = total = 0
        for word in pieces(latex, size=0):  # every safe cut
            plain = _SPECIAL.search(word) is None  # plain text decodes to itself: pylatexenc is not needed
            big_group = not plain and len(word) > PIECE and depth < MAX_GROUP_DEPTH and _group_inside(word)
            if (plain or big_group) and batch:
                decoded.append(str(super().latex_to_text("".join(batch), **flags)))
                batch, size = [], 0
            if plain:
                decoded.append(word)
            elif big_group:
                decoded.append(self._decode(word, flags, depth + 1))
            else:
                batch.append(word)
                size += len(word)
                total += len(word)
                if total > MAX_LATEX:
                    raise ValueError(TOO_MUCH_LATEX)  # bibtexparser then reports the entry as failed
                if size >= PIECE:
                    decoded.append(str(super().latex_to_text("".join(batch), **flags)))
                    batch, size = [], 0
        if batch:
            decoded.append(str(super().latex_to_text("".join(batch), **flags)))
        return "".join(decoded)


def _group_inside(piece: str) -> tuple[str, str, str] | None:
    """(space before, inside, space after) when `piece` is one brace group with space around it."""
    body = piece.strip()
    if not (body.startswith("{") and body.endswith("}")):
        return None
    depth, comment = 0, False
    for token in _TOKEN.finditer(body):
        text = token.group()
        if comment:
            comment = "\n" not in text
        elif text == "%":
            comment = True
        elif text == "{":
            depth += 1
        elif text == "}":
            depth -= 1
            if depth == 0:
                if token.end() != len(body):
                    return None
                lead = piece[: len(piece) - len(piece.lstrip())]
                return lead, body[1:-1], piece[len(lead) + len(body) :]
    return None
