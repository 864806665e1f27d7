"""Which pages need rendering: fingerprints of each page's inputs.

A page's fingerprint hashes everything its template can see (its spec, its
context objects, the site info) together with every template file of the
theme and the generator version. Equal fingerprints mean equal output, so the
page is not rendered again.

Two stores share the idea: `MemoryCache` keeps the bytes (the preview server
serves from memory), `DiskCache` remembers what was written into output/ in
`<site>/.scholarsite-cache/pages.json` for the next `scholarsite build`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import stat
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import __version__
from generator.read.lines import STATIC_LIMIT

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.pages import PageSpec, SiteInfo
    from generator.render.themes import Theme

CACHE_DIR = ".scholarsite-cache"
CACHE_FORMAT = 1


def inputs_digest(site_dir: Path, theme: Theme, options: tuple[str, ...]) -> str:
    """Everything a build reads: site.yaml, seeds/, content/, the theme chain, the options, the version."""
    import sys

    import jinja2

    # Library versions too: an upgrade may change the output of the same inputs.
    stamp = f"{__version__}:{CACHE_FORMAT}:{sys.version}:{jinja2.__version__}:"
    digest = hashlib.blake2b(stamp.encode() + "\0".join(options).encode(), digest_size=16)
    roots = [site_dir / "site.yaml", site_dir / "seeds", site_dir / "content", *(layer.root for layer in theme.layers)]
    for root in roots:
        # Pipes, devices and oversized files count by their name only: the build refuses them,
        # and reading one here could block forever or fill the memory.
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for file in files:
            try:
                info = file.stat()
                if stat.S_ISDIR(info.st_mode):  # only its name: a folder named like an input is refused
                    digest.update(str(file).encode() + b"\0folder\0")
                    continue
                regular = stat.S_ISREG(info.st_mode) and info.st_size <= STATIC_LIMIT
                data = file.read_bytes() if regular else b"\0not a regular file of a sane size"
            except OSError:
                data = b"\0unreadable"
            digest.update(str(file).encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def theme_digest(theme: Theme) -> str:
    """Changes whenever any template of the theme chain (or the generator) changes."""
    digest = hashlib.blake2b(f"{__version__}:{CACHE_FORMAT}".encode(), digest_size=16)
    for folder in theme.template_dirs:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest.update(str(file.relative_to(folder)).encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


class Fingerprinter:
    """Hashes page inputs. Model records are immutable, so each one is digested
    once per build and pages that share it (a paper on ten lists) reuse that."""

    def __init__(self, theme: str, site: SiteInfo) -> None:
        self._memo: dict[int, tuple[object, bytes]] = {}
        self._fields: dict[type, tuple[str, ...]] = {}
        self._base = theme.encode() + self.digest(site)

    def page(self, spec: PageSpec) -> str:
        # spec.head is left out: it is made from the context and the site info, which are both in.
        parts = [self._base, self.digest((spec.path, spec.template, spec.kind, spec.title, spec.description,
                                          spec.section))]
        parts.extend(key.encode() + self.digest(spec.context[key]) for key in sorted(spec.context))
        return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()

    def item_key(self, value: object) -> bytes:
        """Key of a reusable list entry: what it shows, and the site settings it is shown with."""
        return self._base + self.digest(value)

    def digest(self, value: object) -> bytes:
        """A digest of a composite value; its plain parts are only serialised, not hashed one by one."""
        if isinstance(value, (tuple, list)):  # per-page containers: not worth remembering
            return hashlib.blake2b(self._serialise(value), digest_size=12).digest()
        hit = self._memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        result = hashlib.blake2b(self._serialise(value), digest_size=12).digest()
        self._memo[id(value)] = (value, result)
        return result

    def _serialise(self, value: object) -> bytes:
        names = self._fields.get(type(value))
        if names is None and is_dataclass(value):
            names = self._fields[type(value)] = tuple(f.name for f in fields(value))
        if names is not None:
            return type(value).__name__.encode() + b"\x1e".join(self._part(getattr(value, n)) for n in names)
        if isinstance(value, (tuple, list)):
            return b"(" + b"\x1e".join(self._part(item) for item in value)
        if isinstance(value, Mapping):
            return b"{" + b"\x1e".join(self._part(k) + b"\x1d" + self._part(v)
                                        for k, v in sorted(value.items(), key=str))
        return pickle.dumps(value, protocol=5)  # anything else a theme could see

    def _part(self, value: object) -> bytes:
        if value is None or isinstance(value, (str, int, float, bool, dt.date)):
            return f"{type(value).__name__[0]}{value}".encode()
        return self.digest(value)


class MemoryCache:
    """Fingerprint and bytes of every page of the previous build (for the preview server)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.environment: tuple[str, Environment] | None = None  # (theme digest, Jinja environment)
        self.fragments: dict[Any, Any] = {}  # list entries by content digest, kept across rebuilds

    def lookup(self, path: str, print_: str) -> bytes | None:
        hit = self.pages.get(path)
        return hit[1] if hit is not None and hit[0] == print_ else None

    def store(self, path: str, print_: str, data: bytes | None) -> None:
        if data is not None:
            self.pages[path] = (print_, data)

    def prune(self, live: set[str]) -> None:
        for path in set(self.pages) - live:
            del self.pages[path]


def bytecode_dir(site_dir: Path) -> Path:
    """Where compiled templates are kept: per user, as Python keeps .pyc files, so a new site's
    first build does not compile the built-in themes again. Jinja keys each by its file's path
    and checks it against the source, so no site gets another's or a stale template. The site's
    own cache folder when the user's cannot be made."""
    import sys

    try:
        chosen = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(chosen) if os.path.isabs(chosen) else Path.home() / ".cache"
        folder = base / "scholarsite" / f"templates-{sys.implementation.cache_tag}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return site_dir / CACHE_DIR / "templates"
    return folder


class DiskCache:
    """What the previous build wrote: fingerprint, size and mtime of each page file.

    A hit needs the file in output/ to be exactly as that build left it, so a
    file edited or deleted by hand is rendered again.
    """

    def __init__(self, site_dir: Path, output: Path) -> None:
        self.file = site_dir / CACHE_DIR / "pages.json"
        self.bytecode_dir = bytecode_dir(site_dir)
        self.output = output
        self.pages: dict[str, list[Any]] = {}
        self.previous: dict[str, Any] = {}  # inputs digest, every written file's stat, summary, warnings
        self.warning = ""

    def load(self) -> None:
        try:
            raw = self.file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            self.warning = f"ignored an unreadable build cache ({exc.strerror})"
            return
        try:
            data = json.loads(raw)
            valid = (isinstance(data, dict) and data.get("version") == __version__
                     and data.get("format") == CACHE_FORMAT and isinstance(data.get("pages"), dict))
        except ValueError:
            valid = False
        if not valid:
            self.warning = f"discarded a corrupt or outdated build cache ({self.file.parent.name}/)"
            return
        if data.get("output") == str(self.output.resolve()):
            self.pages = {path: entry for path, entry in data["pages"].items()
                          if isinstance(entry, list) and len(entry) == 3}
            previous = data.get("previous")
            self.previous = previous if isinstance(previous, dict) else {}

    def unchanged(self, inputs: str) -> dict[str, Any] | None:
        """The previous build's summary when its inputs were exactly these and every file
        it wrote is still as it left it: then there is nothing to do."""
        previous = self.previous
        files = previous.get("files")
        if previous.get("inputs") != inputs or not isinstance(files, dict) or not files:
            return None
        for path, entry in files.items():
            try:
                stat = os.stat(self.output / path)
            except OSError:
                return None
            if [stat.st_size, stat.st_mtime_ns] != entry:
                return None
        return previous
    def lookup(self, path: str, print_: str, output_file: str) -> bool:
        entry = self.pages.get(path)
        if entry is None or entry[0] != print_:
            return False
        try:
            stat = os.stat(self.output / output_file)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == entry[1:]

    def save(self, prints: dict[str, str], files: dict[str, str], *, inputs: str = "",
             written: list[str] | None = None, summary: dict[str, Any] | None = None,
             warnings: list[str] | None = None) -> None:
        """Record the fingerprint and stat of each page's file, and what the whole build saw and made."""
        stats: dict[str, list[int]] = {}
        for path in sorted(set(files.values()) | set(written or ())):
            try:
                stat = os.stat(self.output / path)
            except OSError:
                continue
            stats[path] = [stat.st_size, stat.st_mtime_ns]
        pages = {path: [print_, *stats[files[path]]] for path, print_ in prints.items() if files[path] in stats}
        previous = {"inputs": inputs, "files": stats if written is not None else {}, "summary": summary or {},
                    "warnings": warnings or []}
        data = {"version": __version__, "format": CACHE_FORMAT, "output": str(self.output.resolve()), "pages": pages,
                "previous": previous}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".pages.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.file)
        gitignore = self.file.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
