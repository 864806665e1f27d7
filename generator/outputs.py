"""The output file: what every producer (pages, exports, feeds, search, static files) makes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """Bytes for one output file; `path` is relative to output/.

    `data` is None for a page the disk cache vouches for: the file in output/
    is already right and is left alone.
    """

    path: str
    data: bytes | None
