"""Pagefind's bundle made reproducible: the same pages give the same bytes and file names.

Pagefind 1.5 writes the values of each filter in hash-map order, so the filter
files, and through their names the metadata file and pagefind-entry.json,
change from run to run (Pagefind/pagefind#638 fixed this for fragments only).
A filter file is gzip of "pagefind_dcd" and CBOR `[name, [[value, [page, …]], …]]`;
here the values are sorted, the file is named after its content, and the
metadata file (which lists the filters, also in hash-map order) and the entry
file follow.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import TypeAlias

SIGNATURE = b"pagefind_dcd"
Cbor: TypeAlias = "int | str | bytes | list[Cbor]"


def reproducible(files: dict[str, bytes]) -> dict[str, bytes]:
    """`files` (bundle path → bytes) with filter values sorted and content-derived names."""
    renamed: dict[str, str] = {}  # old hash ("en_7a6d95d") → new one of the same length
    out: dict[str, bytes] = {}
    for path, data in sorted(files.items()):
        if not (path.startswith("filter/") and path.endswith(".pf_filter")):
            continue
        old = path.removeprefix("filter/").removesuffix(".pf_filter")
        canonical = SIGNATURE + _encode(_sorted_filter(_decode_all(gzip.decompress(data))))
        new = _renamed(old, canonical)
        renamed[old] = new
        out[f"filter/{new}.pf_filter"] = gzip.compress(canonical, mtime=0)
    metas = [path for path in files if path.endswith(".pf_meta")]
    for path, data in files.items():
        if path in metas or path.startswith("filter/") or path == "pagefind-entry.json":
            continue
        out[path] = data
    entry = files["pagefind-entry.json"].decode()
    for path in metas:
        meta = SIGNATURE + _encode(_sorted_meta(_decode_all(gzip.decompress(files[path])), renamed))
        old_hash = path.removeprefix("pagefind.").removesuffix(".pf_meta")
        new_hash = _renamed(old_hash, meta)
        out[f"pagefind.{new_hash}.pf_meta"] = gzip.compress(meta, mtime=0)
        entry = entry.replace(json.dumps(old_hash), json.dumps(new_hash))
    out["pagefind-entry.json"] = entry.encode()
    return dict(sorted(out.items()))


def _renamed(old: str, content: bytes) -> str:
    language, _, digest = old.rpartition("_")
    return f"{language}_{hashlib.sha256(content).hexdigest()[: len(digest)]}"


def _sorted_meta(value: Cbor, renamed: dict[str, str]) -> Cbor:
    """The metadata `[version, pages, index chunks, filters, sorts, meta fields]` with its
    filters (`[name, file hash]`) in name order and under their new names."""
    if not (isinstance(value, list) and len(value) > 3 and isinstance(value[3], list)):
        raise ValueError("unexpected Pagefind metadata layout")
    filters: list[Cbor] = [
        [entry[0], renamed.get(str(entry[1]), entry[1])] for entry in value[3] if isinstance(entry, list)
    ]
    return [*value[:3], sorted(filters, key=_first), *value[4:]]


def _sorted_filter(value: Cbor) -> Cbor:
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise ValueError("unexpected Pagefind filter layout")
    entries: list[Cbor] = [
        [entry[0], sorted(entry[1], key=str)]
        for entry in value[1]
        if isinstance(entry, list) and isinstance(entry[1], list)
    ]
    return [value[0], sorted(entries, key=_first)]


def _first(entry: Cbor) -> str:
    return str(entry[0]) if isinstance(entry, list) else ""


def _decode_all(data: bytes) -> Cbor:
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind data file")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError("trailing bytes in a Pagefind data file")
    return value


def _decode(data: bytes, at: int) -> tuple[Cbor, int]:
    """The CBOR subset Pagefind's filter files use: unsigned integers, strings, arrays."""
    major, info = data[at] >> 5, data[at] & 0x1F
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError("indefinite CBOR lengths are not expected here")
    if major == 0:
        return number, at
    if major in (2, 3):
        raw = data[at : at + number]
        return (raw.decode() if major == 3 else raw), at + number
    if major == 4:
        items: list[Cbor] = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major} is not expected here")


def _encode(value: Cbor) -> bytes:
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    return _head(4, len(value)) + b"".join(_encode(item) for item in value)


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("number too large for CBOR")
