"""The part of an abstract a list entry carries.

Lists show a paper's abstract in place, and a paper is on several lists (home, papers,
each author, each category, its year). Nothing bounds the length of an abstract in the
inputs, so each list carries at most `LIST_ABSTRACT_CHARS` characters of it; the paper's
own page always has all of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .mathtext import INLINE_MATH

LIST_ABSTRACT_CHARS = 2_000  # a long real abstract is about 1,900 characters


def list_excerpt(paragraphs: Sequence[str], limit: int = LIST_ABSTRACT_CHARS) -> tuple[tuple[str, ...], bool]:
    """The paragraphs a list shows (the source text) and whether the abstract was cut.

    The last paragraph shown is cut at a word and ends in "…"; a cut never falls inside `$…$` math.
    """
    kept: list[str] = []
    budget = limit
    for paragraph in paragraphs:
        if len(paragraph) <= budget:
            kept.append(paragraph)
            budget -= len(paragraph)
            continue
        head = _cut(paragraph, budget)
        if head:
            kept.append(f"{head} …")
        return tuple(kept), True
    return tuple(kept), False


def _cut(paragraph: str, limit: int) -> str:
    end = limit
    for match in INLINE_MATH.finditer(paragraph, 0, limit + 2_000):
        if match.start() < end < match.end():  # the cut would split a formula: end before it
            end = match.start()
            break
    space = paragraph.rfind(" ", 0, end + 1)
    if space > end // 2:  # at a word, unless one word fills most of the budget
        end = space
    return paragraph[:end].rstrip()
