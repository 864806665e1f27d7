"""Counted nouns for every message and page: "1 paper", "2 papers", "1 category", "3 categories"."""

from __future__ import annotations

IRREGULAR = {
    "category": "categories",
    "entry": "entries",
    "person": "people",
    "child": "children",
    "was": "were",
    "is": "are",
    "has": "have",
}


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """`singular` for a count of one, else `plural` (default: the known irregular form, or singular + "s")."""
    if count == 1:
        return singular
    return plural if plural is not None else IRREGULAR.get(singular, singular + "s")


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """ "1 paper", "0 papers", "12 papers": the count and its noun."""
    return f"{count} {noun(count, singular, plural)}"
