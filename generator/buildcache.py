"""The build cache in `<site>/.scholarsite-cache/`: what the previous `scholarsite build` read and wrote.

Three levels: when every input (`inputs_digest`) and every written file is exactly as
the last build left them, the build has nothing to do; when only the theme's static
files changed, it copies those and nothing else (`BuildCache.restyled`); otherwise each
page whose fingerprint and file are unchanged is not rendered again (`BuildCache.lookup`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import jinja2

from . import __version__
from .citation_styles import KeptCitations
from .cvpdf import available as pdf_available
from .manifest import MANIFEST
from .read.lines import STATIC_LIMIT
from .render.cache import CACHE_FORMAT, Fingerprinter, KeptEntries
from .search import SearchRecord

if TYPE_CHECKING:
    from .config import SiteConfig
    from .render.themes import Theme
    from .report import Report

CACHE_DIR = ".scholarsite-cache"


@dataclass(frozen=True, slots=True)
class InputsDigest:
    """Everything a build reads, in two parts: the theme's static files (copied as they are,
    seen by no page), and all the rest."""

    pages: str  # site.yaml, seeds/, content/, the theme's templates and theme.yaml, the options
    static: str  # the static/ folder of each theme layer


def inputs_digest(site_dir: Path, theme: Theme, options: tuple[str, ...]) -> InputsDigest:
    """Everything a build reads: site.yaml, seeds/, content/, the theme chain, the options, the version."""
    # Library versions too: an upgrade may change the output of the same inputs.
    stamp = f"{__version__}:{CACHE_FORMAT}:{sys.version}:{jinja2.__version__}:"
    digest = hashlib.blake2b(stamp.encode() + "\0".join(options).encode(), digest_size=16)
    static = hashlib.blake2b(digest_size=16)
    static_dirs = tuple(layer.root / "static" for layer in theme.layers)
    roots = [site_dir / "site.yaml", site_dir / "seeds", site_dir / "content", *(layer.root for layer in theme.layers)]
    for root in roots:
        # Pipes, devices and oversized files count by their name only: the build refuses them,
        # and reading one here could block forever or fill the memory.
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for file in files:
            part = static if file in static_dirs or any(folder in file.parents for folder in static_dirs) else digest
            try:
                info = file.stat()
                if stat.S_ISDIR(info.st_mode):  # only its name: a folder named like an input is refused
                    part.update(str(file).encode() + b"\0folder\0")
                    continue
                regular = stat.S_ISREG(info.st_mode) and info.st_size <= STATIC_LIMIT
                data = file.read_bytes() if regular else b"\0not a regular file of a sane size"
            except OSError:
                data = b"\0unreadable"
            part.update(str(file).encode() + b"\0" + len(data).to_bytes(8, "little") + data)
    return InputsDigest(digest.hexdigest(), static.hexdigest())


def bytecode_dir(site_dir: Path) -> Path:
    """Where a build keeps compiled templates: the user's folder (`user_bytecode_dir`), or the
    site's own cache folder when the user's cannot be made."""
    return user_bytecode_dir() or site_dir / CACHE_DIR / "templates"


def user_bytecode_dir() -> Path | None:
    """Where compiled templates are kept per user, as Python keeps .pyc files, so a new site's
    first build does not compile the built-in themes again. Jinja keys each by its file's path
    and checks it against the source, so no site gets another's or a stale template. None when
    the folder cannot be made; `check` and `serve`, which write nothing into the site, then
    compile in memory."""
    try:
        chosen = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(chosen) if os.path.isabs(chosen) else Path.home() / ".cache"
        folder = base / "scholarsite" / f"templates-{sys.implementation.cache_tag}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None
    return folder


@dataclass(frozen=True, slots=True)
class PreviousBuild:
    """What an unchanged previous build reported: its counts and its warnings."""

    counts: Mapping[str, int]
    warnings: tuple[str, ...]


class BuildCache:
    """What the previous build read and wrote: its inputs digest, and the fingerprint,
    size and mtime of each page file.

    A hit needs the file in output/ to be exactly as that build left it, so a
    file edited or deleted by hand is rendered again.
    """

    def __init__(self, site_dir: Path, output: Path, inputs: InputsDigest | None = None) -> None:
        self.file = site_dir / CACHE_DIR / "pages.json"
        self.bytecode_dir = bytecode_dir(site_dir)
        self.output = output
        self.inputs = inputs or InputsDigest("", "")  # digest of everything this build reads
        self.pages: dict[str, list[Any]] = {}
        self.previous: dict[str, Any] = {}  # inputs digest, every written file's stat, summary, warnings
        self.search: dict[str, Any] = {}  # the previous build's search index: its key, copies and bundle
        self.made_search: SearchRecord | None = None  # this build's, saved with the pages
        self.citations = KeptCitations()  # the formatted citations: the last build's, and this one's
        self.entries = KeptEntries()  # the rendered list entries: the last builds', and this one's
        self.fingerprinter: Fingerprinter | None = None  # this build's, for all its batches of pages
        self.warning = ""

    @property
    def folder(self) -> Path:
        """The cache folder, where cv.pdf is kept for the next build too."""
        return self.file.parent

    @property
    def citations_file(self) -> Path:
        """The formatted citations of the last build, by the digest of each paper's CSL-JSON item."""
        return self.file.parent / "citations.json"

    @property
    def entries_file(self) -> Path:
        """The list entries of the last builds, by what each shows."""
        return self.file.parent / "entries.json"

    @property
    def search_folder(self) -> Path:
        """The pages as the search index saw them, kept so an edit rewrites only the changed ones."""
        return self.file.parent / "search"

    def previous_search(self) -> SearchRecord | None:
        data = self.search
        pages, bundle = data.get("pages"), data.get("bundle")
        if not isinstance(data.get("key"), str) or not isinstance(pages, dict) or not isinstance(bundle, list):
            return None
        kept = {
            path: (entry[0], entry[1], entry[2])
            for path, entry in pages.items()
            if isinstance(entry, list) and len(entry) == 3
        }
        return SearchRecord(data["key"], MappingProxyType(kept), tuple(str(path) for path in bundle))

    def bundle_kept(self, record: SearchRecord) -> bool:
        files = self.previous.get("files")
        if not isinstance(files, dict) or not record.bundle:
            return False
        for path in record.bundle:
            try:
                info = os.stat(self.output / path)
            except OSError:
                return False
            if files.get(path) != [info.st_size, info.st_mtime_ns]:
                return False
        return True

    def keep_search(self, record: SearchRecord) -> None:
        self.made_search = record

    @classmethod
    def open(cls, site_dir: Path, output: Path, theme: Theme, config: SiteConfig, report: Report) -> BuildCache:
        """The cache of the build of `site_dir` into `output` with these settings; a bad cache file is a warning."""
        options = (
            config.theme,
            config.base_url,
            str(output.resolve()),
            f"pdf:{pdf_available()}",
        )  # installing the PDF extra makes cv.pdf
        cache = cls(site_dir, output, inputs_digest(site_dir, theme, options))
        cache.load()
        cache.citations.load(cache.citations_file)
        cache.entries.load(cache.entries_file)
        if cache.warning:
            report.warn(None, cache.warning)
        return cache

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
            valid = (
                isinstance(data, dict)
                and data.get("version") == __version__
                and data.get("format") == CACHE_FORMAT
                and isinstance(data.get("pages"), dict)
            )
        except ValueError:
            valid = False
        if not valid:
            self.warning = f"discarded a corrupt or outdated build cache ({self.file.parent.name}/)"
            return
        if data.get("output") == str(self.output.resolve()):
            self.pages = {
                path: entry for path, entry in data["pages"].items() if isinstance(entry, list) and len(entry) == 3
            }
            previous = data.get("previous")
            self.previous = previous if isinstance(previous, dict) else {}
            search = data.get("search")
            self.search = search if isinstance(search, dict) else {}

    def unchanged(self) -> PreviousBuild | None:
        """The previous build's summary when its inputs were exactly these and every file
        it wrote is still as it left it: then there is nothing to do."""
        previous = self.previous
        if previous.get("inputs") != self.inputs.pages or previous.get("static") != self.inputs.static:
            return None
        return self._intact()

    def restyled(self) -> PreviousBuild | None:
        """The previous build's summary when only the theme's static files changed since it and
        every file it wrote is still as it left it: then only those need copying (`kept_files`)."""
        previous = self.previous
        if previous.get("inputs") != self.inputs.pages or not isinstance(previous.get("static_files"), list):
            return None
        return self._intact()

    def kept_files(self) -> list[str]:
        """What the previous build wrote, but for the theme's static files and the manifest."""
        static = set(self.previous.get("static_files", []))
        return [path for path in self.previous.get("files", {}) if path not in static and path != MANIFEST]

    def _intact(self) -> PreviousBuild | None:
        previous = self.previous
        files = previous.get("files")
        if not isinstance(files, dict) or not files:
            return None
        for path, entry in files.items():
            try:
                stat = os.stat(self.output / path)
            except OSError:
                return None
            if [stat.st_size, stat.st_mtime_ns] != entry:
                return None
        return PreviousBuild(previous.get("summary", {}), tuple(previous.get("warnings", [])))

    def lookup(self, path: str, print_: str, output_file: str) -> bool:
        entry = self.pages.get(path)
        if entry is None or entry[0] != print_:
            return False
        try:
            stat = os.stat(self.output / output_file)
        except OSError:
            return False
        return [stat.st_size, stat.st_mtime_ns] == entry[1:]

    def save(
        self,
        fingerprints: Mapping[str, str],
        files: Mapping[str, str],
        *,
        written: list[str] | None = None,
        counts: Mapping[str, int] | None = None,
        warnings: list[str] | None = None,
        static_files: list[str] | None = None,
        citations: bool = True,
    ) -> None:
        """Record the fingerprint and stat of each page's file, and what the whole build saw and made."""
        stats: dict[str, list[int]] = {}
        for path in sorted(set(files.values()) | set(written or ())):
            try:
                stat = os.stat(self.output / path)
            except OSError:
                continue
            stats[path] = [stat.st_size, stat.st_mtime_ns]
        pages = {path: [print_, *stats[files[path]]] for path, print_ in fingerprints.items() if files[path] in stats}
        previous = {
            "inputs": self.inputs.pages,
            "static": self.inputs.static,
            "files": stats if written is not None else {},
            "summary": dict(counts or {}),
            "warnings": warnings or [],
            "static_files": static_files or [],  # the theme's, as written in output/
        }
        data: dict[str, Any] = {
            "version": __version__,
            "format": CACHE_FORMAT,
            "output": str(self.output.resolve()),
            "pages": pages,
            "previous": previous,
        }
        if self.made_search is not None:
            record = self.made_search
            data["search"] = {
                "key": record.key,
                "pages": {path: list(entry) for path, entry in record.pages.items()},
                "bundle": list(record.bundle),
            }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".pages.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.file)
        if citations:  # a build that formatted and rendered none keeps the last build's
            self.citations.save(self.citations_file)
            self.entries.save(self.entries_file)
        gitignore = self.file.parent / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("*\n", encoding="utf-8")
