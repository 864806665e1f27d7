#!/usr/bin/env python3
"""Fallback write floor, used by run.py only when ../shared/bench/write_floor.py is absent.

    python benchmarks/floor.py write MANIFEST.json OUT_DIR

MANIFEST.json is a JSON list of [relative path, size in bytes]. The script creates OUT_DIR and
writes the same tree with filler bytes: no parsing, no templating, just the file-system work
that any generator producing that output has to do. Time it as a whole process.
"""

import json
import os
import sys


def write(manifest: str, root: str) -> None:
    with open(manifest, encoding="utf-8") as handle:
        files = json.load(handle)
    largest = max((size for _path, size in files), default=0)
    filler = (b"<p>benchmark filler text</p>\n" * (largest // 29 + 1))[:largest]
    folders: set[str] = set()
    for path, size in files:
        target = os.path.join(root, path)
        folder = os.path.dirname(target)
        if folder not in folders:
            os.makedirs(folder, exist_ok=True)
            folders.add(folder)
        with open(target, "wb") as handle:
            handle.write(filler[:size])


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "write":
        sys.exit(__doc__)
    write(sys.argv[2], sys.argv[3])
