"""Strict decoding of text inputs into numbered lines.

Every reader starts here, so every reader tolerates the same things (a UTF-8
byte-order mark, CRLF or CR line endings, trailing spaces, a missing final
newline) and rejects the same things (bytes that are not UTF-8, NUL bytes).
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import SiteError, SourceLocation

BOM = "\ufeff"


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


def read_text(path: Path, shown_as: str) -> str:
    """Read and decode one input file; `shown_as` is the path used in messages."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SiteError(SourceLocation(shown_as), f"cannot read file ({exc.strerror})", "a readable file") from None
    return decode(data, shown_as)
