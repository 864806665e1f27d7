"""Strict decoding of text inputs into numbered lines.

Every reader starts here, so every reader tolerates the same things (a UTF-8
byte-order mark, CRLF or CR line endings, trailing spaces, a missing final
newline) and rejects the same things (bytes that are not UTF-8, NUL bytes).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import SiteError, SourceLocation
from ..oserrors import os_error

BOM = "\ufeff"
MIB = 1 << 20
# Far above any real input, low enough that a mistaken file (a video, a disk image) is
# refused at once instead of read into memory. Documented in README "Inputs". A publication
# list takes about 1.4 KiB per paper with its abstract: 200 MiB holds well over 100,000 papers.
SIZE_LIMITS = {"site.yaml": 1 * MIB, "theme.yaml": 1 * MIB, ".md": 5 * MIB, ".txt": 200 * MIB, ".bib": 200 * MIB}
STATIC_LIMIT = 100 * MIB  # a static file (content/static/, a theme's static/): GitHub Pages' own limit
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with the BOM removed and line endings normalised to "\\n"."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = _line_at(data, nul)
        raise SiteError(SourceLocation(path, line), "NUL byte in text (binary file?)", "UTF-8 text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_at(data, exc.start)
        raise SiteError(
            SourceLocation(path, line), f"invalid UTF-8 byte 0x{data[exc.start]:02x}", "UTF-8 text"
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_at(data: bytes, offset: int) -> int:
    """1-based line of a byte offset, counting CRLF, LF and lone CR as line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def numbered_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text without trailing whitespace) for every line, numbered from 1."""
    return [(number, line.rstrip()) for number, line in enumerate(text.split("\n"), start=1)]


def size_limit(path: Path) -> int:
    return SIZE_LIMITS.get(path.name, SIZE_LIMITS.get(path.suffix, 50 * MIB))


def _refuse_unless_regular(mode: int, size: int, shown_as: str, limit: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise SiteError(SourceLocation(shown_as), f"is {kind}, not a regular file", "a regular file")
    if size > limit:
        raise SiteError(
            SourceLocation(shown_as),
            f"the file is too large ({size / MIB:.1f} MiB)",
            f"at most {limit // MIB} MiB for this kind of file",
        )


def read_input(path: Path, shown_as: str, limit: int) -> bytes:
    """The bytes of one input file, which must be a regular file of at most `limit` bytes.

    A named pipe or a device is refused before it is opened (reading one could block
    forever); O_NONBLOCK covers one swapped in between the check and the open.
    """
    try:
        info = os.stat(path)
        _refuse_unless_regular(info.st_mode, info.st_size, shown_as, limit)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(descriptor)
            _refuse_unless_regular(info.st_mode, info.st_size, shown_as, limit)
            chunks, total = [], 0
            while chunk := os.read(descriptor, min(limit + 1 - total, 1 << 24) or 1):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:  # grew while we read
                    _refuse_unless_regular(info.st_mode, total, shown_as, limit)
        finally:
            os.close(descriptor)
    except OSError as exc:
        raise os_error(exc, shown_as) from None
    return b"".join(chunks)


def read_text(path: Path, shown_as: str, limit: int | None = None) -> str:
    """Read and decode one input file; `shown_as` is the path used in messages."""
    return decode(read_input(path, shown_as, limit if limit is not None else size_limit(path)), shown_as)
