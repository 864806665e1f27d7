"""URL slugs: lower-case ASCII, stable, never empty, unique within a kind."""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify

MAX_SLUG_LENGTH = 80


@lru_cache(maxsize=65536)  # a name is slugged for each of its papers, and slugify transliterates slowly
def slug_of(text: str, fallback: str) -> str:
    """Transliterated ASCII slug of `text`, or `fallback` when nothing is left."""
    slug = slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True, save_order=True)
    return slug or fallback


class SlugRegistry:
    """Hands out unique slugs in call order: the second "x" becomes "x-2"."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self._taken: set[str] = set(reserved)

    def claim(self, text: str, fallback: str) -> str:
        base = slug_of(text, fallback)
        slug, counter = base, 1
        while slug in self._taken:
            counter += 1
            slug = f"{base}-{counter}"
        self._taken.add(slug)
        return slug
