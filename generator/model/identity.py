"""Likely duplicate authors the site did not merge, for `scholarsite check`.

Nothing here changes the model: merging is the owner's decision (author_aliases).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from itertools import combinations

from .entities import Author


def fold(text: str) -> str:
    """Case- and accent-free form: "Søren Müller" → "soren muller"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ø", "o").replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _given_compatible(left: list[str], right: list[str]) -> bool:
    if not left or not right:
        return False
    for a, b in zip(left, right, strict=False):
        a, b = a.rstrip("."), b.rstrip(".")
        if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            continue
        return False
    return True


def duplicate_reason(a: Author, b: Author) -> str | None:
    """Why two differently written names may be one person, or None."""
    left, right = fold(a.name).split(), fold(b.name).split()
    if left == right:
        return "same name apart from accents or case"
    if not left or not right or left[-1] != right[-1]:
        return None
    if _given_compatible(left[:-1], right[:-1]):
        return "same surname, compatible initials"
    if difflib.SequenceMatcher(None, " ".join(left[:-1]), " ".join(right[:-1])).ratio() >= 0.85:
        return "same surname, given names differ by a letter or two"
    return None


def likely_duplicates(authors: Iterable[Author]) -> list[tuple[Author, Author, str]]:
    by_surname: dict[str, list[Author]] = {}
    for author in authors:
        words = fold(author.name).split()
        if words:
            by_surname.setdefault(words[-1], []).append(author)
    found = []
    for group in by_surname.values():
        for a, b in combinations(sorted(group, key=lambda x: x.name), 2):
            reason = duplicate_reason(a, b)
            if reason:
                found.append((a, b, reason))
    return sorted(found, key=lambda item: (item[0].name, item[1].name))
