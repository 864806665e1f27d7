"""Which pages need rendering: fingerprints of each page's inputs.

A page's fingerprint hashes everything its template can see (its record, the
site info) together with every template file of the theme and the generator
version. Equal fingerprints mean equal output, so the page is not rendered again.

Two stores share the idea: `MemoryCache` keeps the bytes (the preview server
serves from memory); a `PageStore` (the build cache, `generator.buildcache`)
knows which page files in output/ are still as a build with that fingerprint
left them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .. import __version__
from ..citation_styles import KeptCitations
from ..model.entities import Counted
from ..records import page_fields

if TYPE_CHECKING:
    from ..records import PageSpec, SiteInfo
    from .environment import Sandbox
    from .themes import Theme

CACHE_FORMAT = 1


class PageStore(Protocol):
    """Page files a previous build left in output/, as the build cache knows them."""

    def lookup(self, path: str, print_: str, output_file: str) -> bool:
        """The page file of `path` is in output/ as a build with fingerprint `print_` left it."""
        ...

    @property
    def entries(self) -> KeptEntries:
        """The list entries the previous build rendered, by what they show."""
        ...

    fingerprinter: Fingerprinter | None  # this build's (`Fingerprinter.serves`), shared by its batches


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
        self._theme, self._site = theme, site
        self._base = theme.encode() + self.digest(site)

    def serves(self, theme: str, site: SiteInfo) -> bool:
        """Made for this theme and this very plan: a build renders in batches (the paper pages
        first, then the rest), and the records both share are digested once."""
        return self._theme == theme and self._site is site

    @classmethod
    def shared(cls, store: PageStore | MemoryCache, theme: str, site: SiteInfo) -> Fingerprinter:
        """The store's fingerprinter for this plan, made when the plan is new. The store keeps
        only the last one, so a preview's rebuilds do not keep old records alive."""
        kept = store.fingerprinter
        if kept is None or not kept.serves(theme, site):
            kept = store.fingerprinter = cls(theme, site)
        return kept

    def page(self, spec: PageSpec) -> str:
        # spec.head is left out: it is made from the record's fields and the site info, which are both in.
        parts = [
            self._base,
            self.digest((spec.path, spec.template, spec.kind, spec.title, spec.description, spec.section)),
        ]
        parts.extend(name.encode() + self.digest(getattr(spec, name)) for name in page_fields(type(spec)))
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
            return b"{" + b"\x1e".join(
                self._part(k) + b"\x1d" + self._part(v) for k, v in sorted(value.items(), key=str)
            )
        return pickle.dumps(value, protocol=5)  # anything else a theme could see

    def _part(self, value: object) -> bytes:
        if value is None or isinstance(value, (str, int, float, bool, dt.date)):
            return f"{type(value).__name__[0]}{value}".encode()
        if isinstance(value, (tuple, list, Counted)):
            # Each is seen once: a tuple belongs to one page, a co-author count to one author's
            # list (29,337 of them at 1,000 papers). Hashing each on its own costs more than it
            # saves, so it is serialised into its holder, framed by its length.
            inner = self._serialise(value)
            return len(inner).to_bytes(4, "little") + inner
        return self.digest(value)


class MemoryCache:
    """Fingerprint and bytes of every page of the previous build (for the preview server)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.environment: tuple[str, Sandbox] | None = None  # (theme digest, Jinja environment)
        self.fragments: dict[Any, Any] = {}  # list entries by content digest, kept across rebuilds
        self.citations = KeptCitations()  # formatted citations, kept across rebuilds
        self.fingerprinter: Fingerprinter | None = None  # the last rebuild's

    def lookup(self, path: str, print_: str) -> bytes | None:
        hit = self.pages.get(path)
        return hit[1] if hit is not None and hit[0] == print_ else None

    def store(self, path: str, print_: str, data: bytes | None) -> None:
        if data is not None:
            self.pages[path] = (print_, data)

    def prune(self, live: set[str]) -> None:
        for path in set(self.pages) - live:
            del self.pages[path]


class KeptEntries:
    """The list entries of a build by what they show, as the preview keeps them in memory
    (`MemoryCache.fragments`), saved for the next build: an edit of one paper then renders
    that paper's entry again, not the thousands of others on the lists it is on.

    A key holds the template's name, the entry's `Fingerprinter.item_key` (the theme, the site
    settings and the item), and the entry's options; only entries shared by every depth are
    kept, as their pieces. A build that renders some pages again shows only some entries, so
    an entry is dropped only once `MAX_AGE` builds in a row did not show it (the old versions
    of edited papers). A file from other generator code or libraries is ignored."""

    MAX_AGE = 16

    def __init__(self) -> None:
        self.entries: dict[Any, Any] = {}  # FragmentCache entries: key → (item, pieces)
        self.used: set[Any] = set()  # the keys this build showed
        self._ages: dict[Any, int] = {}  # kept keys → builds since one showed it

    def load(self, file: Path) -> None:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict) or data.get("code") != _code_digest():
            return
        if not isinstance(data.get("entries"), dict):
            return
        for name, value in data["entries"].items():
            parts = name.split("\x00")
            if len(parts) != 4 or not isinstance(value, list) or len(value) < 2 or not isinstance(value[0], int):
                continue
            pieces = value[1:]
            if not all(isinstance(piece, str) for piece in pieces):
                continue
            template, key, extra, focus = parts
            try:
                entry = (template, bytes.fromhex(key), extra, focus)
            except ValueError:
                continue
            self.entries[entry] = (None, tuple(pieces))
            self._ages[entry] = value[0]

    def save(self, file: Path) -> None:
        kept = {}
        for key in sorted(self.used | self._ages.keys(), key=repr):
            age = 0 if key in self.used else self._ages[key] + 1
            template, item_key, extra, focus = key
            hit = self.entries.get(key)
            if age <= self.MAX_AGE and isinstance(item_key, bytes) and hit is not None and hit[1] is not None:
                kept["\x00".join((template, item_key.hex(), extra, focus))] = [age, *hit[1]]
        temporary = file.with_name(f".{file.name}.{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps({"code": _code_digest(), "entries": kept}, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        os.replace(temporary, file)


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """The generator's code and the libraries that shape an entry's HTML: a kept entry is
    never reused by other code, even without a version change."""
    from importlib.metadata import version

    digest = hashlib.blake2b(f"{__version__}:{CACHE_FORMAT}".encode(), digest_size=16)
    for library in ("jinja2", "markupsafe", "markdown", "pygments", "latex2mathml"):
        digest.update(f"{library}={version(library)}\0".encode())
    package = Path(__file__).resolve().parents[1]
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()
