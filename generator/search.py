"""Site search: a Pagefind index of the paper pages, made by the Pagefind binary from PyPI.

The paper pages are copied into a temporary folder with their search facts
(title, year, type, categories) added as Pagefind attributes, the binary
indexes that copy, and its bundle comes back as RenderedFiles under
pagefind/, so the writer manages it like every other output file (the
manifest, atomic writes, removal when it is no longer produced). The pages
that are published stay free of indexing markup, whatever the theme.

The bundle holds only the search engine (pagefind.js, its worker and WebAssembly)
and the index; the theme's own small search.js draws the dialog, and loads
pagefind.js only when a visitor opens it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from markupsafe import escape

from . import urls
from .outputs import RenderedFile
from .records import PaperPage
from .searchbundle import reproducible

if TYPE_CHECKING:
    from .model import Paper
    from .records import PageSpec
    from .report import Report

# Pagefind's own ready-made interfaces; our themes draw their own accessible dialog.
UNUSED_BUNDLE_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# The Cite block repeats the title and authors in BibTeX; the paper page says all of it in prose.
# Author marks and their legend are symbols beside the names, not words of the paper.
EXCLUDED = "pre, .cite, .author-mark, .marks-legend"
KIND_LABELS = {"journal": "Journal article", "conference": "Conference paper"}
PREPRINT = "Preprint"
TIMEOUT_SECONDS = 600


def paper_type(paper: Paper) -> str:
    """What the type filter calls a paper."""
    return KIND_LABELS.get(paper.venue_kind, PREPRINT)


def search_pages(specs: Iterable[PageSpec]) -> dict[str, Paper]:
    """The pages to index (output file → its paper): one per paper."""
    return {urls.output_file(spec.path): spec.paper for spec in specs if isinstance(spec, PaperPage)}


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What a search index was made from: each indexed copy's digest and file, and the bundle it gave.

    `key` covers the Pagefind binary, its options and every indexed copy, so an equal key
    means Pagefind would write the same bundle again."""

    key: str
    pages: Mapping[str, tuple[str, int, int]]  # output file → digest, size and mtime of its indexed copy
    bundle: tuple[str, ...]  # the bundle's output files, under pagefind/


class SearchStore(Protocol):
    """What the build cache keeps for search between builds."""

    @property
    def search_folder(self) -> Path:
        """Where the indexed copies are kept, so an edit rewrites only the copies that changed."""
        ...

    def previous_search(self) -> SearchRecord | None:
        """The record of the previous build's index."""
        ...

    def bundle_kept(self, record: SearchRecord) -> bool:
        """Every file of that bundle is in output/ as the previous build left it."""
        ...

    def keep_search(self, record: SearchRecord) -> None:
        """Remember the record of this build's index, saved with the rest of the cache."""
        ...


def search_index(
    pages: Mapping[str, Paper],
    files: Sequence[RenderedFile],
    report: Report,
    *,
    output: Path | None = None,
    store: SearchStore | None = None,
) -> list[RenderedFile]:
    """The Pagefind bundle for `pages`, as files under pagefind/ (`start_index`, then its end)."""
    return start_index(pages, files, report, output=output, store=store).finish()


def start_index(
    pages: Mapping[str, Paper],
    files: Sequence[RenderedFile],
    report: Report,
    *,
    output: Path | None = None,
    store: SearchStore | None = None,
) -> PendingIndex:
    """Start making the Pagefind bundle for `pages`: Pagefind runs in its own process while
    the caller goes on, and `finish()` waits for it.

    A page the build cache left as it is (`data` None) is read from `output`.
    No binary, or a binary that fails, is a warning and a site without search.

    Pagefind cannot update an index: each run reads every page and writes a whole new
    bundle. With a `store`, a build keeps what scales with the pages: when no indexed copy
    changed, the previous bundle in output/ is kept and Pagefind does not run; otherwise
    only the copies that changed are written again before Pagefind reads them all.
    """
    if not pages:
        return PendingIndex.ready([])
    executable = _executable()
    if executable is None:
        report.warn(None, "search index not built: the Pagefind binary is missing (pip install pagefind-bin)")
        return PendingIndex.ready([])
    previous = store.previous_search() if store is not None else None
    # mkdtemp, not TemporaryDirectory: the preview indexes in a thread, and an exit during that
    # must not trip TemporaryDirectory's exit-time cleanup.
    scratch = Path(tempfile.mkdtemp(prefix="scholarsite-search-"))
    try:
        site, bundle = (store.search_folder if store is not None else scratch / "site"), scratch / "bundle"
        copies = _indexed_copies(pages, files, output, previous, site)
        key = _key(executable, copies)
        if store is not None and previous is not None and previous.key == key and store.bundle_kept(previous):
            store.keep_search(previous)
            shutil.rmtree(scratch, ignore_errors=True)  # empty: no thread for it (the caller may fork)
            return PendingIndex.ready([RenderedFile(path, None) for path in previous.bundle])  # output/ holds it
        stats = _write_copies(site, copies, previous)
        if site != scratch / "site":
            # Pagefind's index depends on the order the file system lists its input in, and that
            # differs between file systems: it reads a fresh copy made in the temporary folder in
            # sorted order, as a build without the cache gives it, so both make the same bytes.
            _copy_in_order(site, copies, scratch / "site")
            site = scratch / "site"
        run = _start_pagefind(executable, site, bundle, scratch / "pagefind.log", report)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return PendingIndex(run, scratch, bundle, report, store, key, MappingProxyType(stats))


class PendingIndex:
    """A Pagefind run under way; `finish()` waits for it and gives the bundle's files."""

    def __init__(
        self,
        run: subprocess.Popen[bytes] | None,
        scratch: Path | None,
        bundle: Path,
        report: Report | None,
        store: SearchStore | None,
        key: str,
        stats: Mapping[str, tuple[str, int, int]],
        result: list[RenderedFile] | None = None,
    ) -> None:
        self._run, self._scratch, self._bundle, self._report = run, scratch, bundle, report
        self._store, self._key, self._stats = store, key, stats
        self._result = result

    @classmethod
    def ready(cls, result: list[RenderedFile]) -> PendingIndex:
        return cls(None, None, Path(), None, None, "", {}, result)

    def finish(self) -> list[RenderedFile]:
        if self._result is not None:
            return self._result
        assert self._report is not None  # only a ready index has none, and it has its result
        try:
            made = _finish_pagefind(self._run, self._bundle, self._report) if self._run is not None else None
        finally:
            if self._scratch is not None:
                _remove_later(self._scratch)
        self._result = []
        if made is None:
            return self._result
        try:
            made = reproducible(made)
        except (ValueError, KeyError, IndexError, OSError) as error:  # a Pagefind whose files we do not know
            self._report.warn(None, f"search index left as Pagefind wrote it (not reproducible): {error}")
        self._result = [RenderedFile(urls.SEARCH + path, data) for path, data in sorted(made.items())]
        if self._store is not None:
            self._store.keep_search(SearchRecord(self._key, self._stats, tuple(file.path for file in self._result)))
        return self._result

    def abandon(self) -> None:
        """Stop the run (the build failed meanwhile) and remove its temporary folder."""
        if self._run is not None and self._run.poll() is None:
            self._run.kill()
            self._run.wait()
        self._result = self._result if self._result is not None else []
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


_REMOVALS: list[threading.Thread] = []


def _remove_later(folder: Path) -> None:
    """Remove `folder` in a thread: a run leaves two thousand files at 1,000 papers, and
    removing them overlaps with writing the site. Not a daemon, so an exit waits for it."""
    removal = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True})
    removal.start()
    _REMOVALS.append(removal)


def finish_removals() -> None:
    """Wait until every temporary folder of the search index is gone (before rendering forks
    workers again, or a caller looks at the temporary folder)."""
    while _REMOVALS:
        _REMOVALS.pop().join()


@dataclass(frozen=True, slots=True)
class _Copy:
    """A page as Pagefind indexes it; `data` None when the kept copy is this very one."""

    digest: str
    data: bytes | None


def _indexed_copies(
    pages: Mapping[str, Paper],
    files: Sequence[RenderedFile],
    output: Path | None,
    previous: SearchRecord | None,
    site: Path,
) -> dict[str, _Copy]:
    rendered = {file.path: file.data for file in files if file.path in pages}
    known = previous.pages if previous is not None else {}
    copies: dict[str, _Copy] = {}
    for path, paper in sorted(pages.items()):
        data = rendered.get(path)
        kept = known.get(path)
        intact = kept is not None and _stat(site / path) == kept[1:]
        if data is None and kept is not None and intact:
            # The build cache vouched for this page: its bytes and its paper (the fingerprint
            # covers both) are the previous build's, so its indexed copy is the kept one.
            copies[path] = _Copy(kept[0], None)
            continue
        if data is None:
            if output is None or not (output / path).is_file():
                continue
            data = (output / path).read_bytes()
        copy = with_search_facts(data, paper)
        digest = hashlib.blake2b(copy, digest_size=16).hexdigest()
        copies[path] = _Copy(digest, None if intact and kept is not None and kept[0] == digest else copy)
    return copies


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else None


def _key(executable: Path, copies: Mapping[str, _Copy]) -> str:
    binary = _stat(executable)
    digest = hashlib.blake2b(f"{executable}:{binary}\0{EXCLUDED}\0{UNUSED_BUNDLE_FILES}".encode(), digest_size=16)
    for path, copy in copies.items():
        digest.update(f"\0{path}\0{copy.digest}".encode())
    return digest.hexdigest()


def _write_copies(
    site: Path, copies: Mapping[str, _Copy], previous: SearchRecord | None
) -> dict[str, tuple[str, int, int]]:
    """Make `site` hold exactly the indexed copies, writing those that are new or changed;
    each copy's digest, size and mtime, to be trusted by the next build."""
    known = previous.pages if previous is not None else {}
    # Anything else in the folder goes (a copy of a page no longer indexed, or left by a build that failed).
    for folder, names, files in os.walk(site, topdown=False):
        for name in files:
            path = os.path.join(folder, name)
            if os.path.relpath(path, site).replace(os.sep, "/") not in copies:
                os.unlink(path)
        for name in names:
            with contextlib.suppress(OSError):  # not empty: it holds copies
                os.rmdir(os.path.join(folder, name))
    stats: dict[str, tuple[str, int, int]] = {}
    for path, copy in copies.items():
        target = site / path
        if copy.data is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(copy.data)
        info = _stat(target)
        if info is not None and (copy.data is not None or known.get(path, ("",))[1:] == info):
            stats[path] = (copy.digest, *info)
    return stats


def _copy_in_order(source: Path, copies: Mapping[str, _Copy], target: Path) -> None:
    """`target` gets the copies in sorted order: as hard links where the file system allows
    (Pagefind only reads them, and a folder lists a link as it lists a copy), else as copies."""
    link = True
    for path in sorted(copies):
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        if link:
            try:
                os.link(source / path, target / path)
                continue
            except OSError:  # another file system, or one without links
                link = False
        shutil.copyfile(source / path, target / path)


def _start_pagefind(
    executable: Path, site: Path, bundle: Path, log: Path, report: Report
) -> subprocess.Popen[bytes] | None:
    command = [
        str(executable),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--root-selector",
        "main",
        "--exclude-selectors",
        EXCLUDED,
        "--silent",
    ]
    try:
        # Its output goes to a file, not a pipe: nobody reads a pipe while the build goes on.
        with open(log, "wb") as output:
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT)
    except OSError as error:
        report.warn(None, f"search index not built: {error}")
        return None


def _finish_pagefind(run: subprocess.Popen[bytes], bundle: Path, report: Report) -> dict[str, bytes] | None:
    try:
        code = run.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        run.kill()
        run.wait()
        report.warn(None, f"search index not built: {error}")
        return None
    if code != 0 or not (bundle / "pagefind.js").is_file():
        log = bundle.parent / "pagefind.log"
        detail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines() if log.is_file() else []
        report.warn(None, "search index not built: Pagefind failed" + (f" ({detail[-1]})" if detail else ""))
        return None
    return {
        file.relative_to(bundle).as_posix(): file.read_bytes()
        for file in sorted(bundle.rglob("*"))
        if file.is_file() and not file.name.startswith(UNUSED_BUNDLE_FILES)
    }


def with_search_facts(page: bytes, paper: Paper) -> bytes:
    """`page` with its title and filter values for Pagefind right after the opening <main> tag.

    data-pagefind-ignore keeps them out of the indexed words while Pagefind still reads
    the metadata and filters inside.
    """
    facts = [
        ("meta", "title", paper.title.plain),
        ("filter", "year", str(paper.date.year)),
        ("filter", "type", paper_type(paper)),
    ]
    facts += [("filter", "category", category.name) for category in paper.categories]
    spans = "".join(f'<span data-pagefind-{kind}="{name}">{escape(value)}</span>' for kind, name, value in facts)
    block = f"<div data-pagefind-ignore>{spans}</div>".encode()
    start = page.find(b"<main")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + block + page[end:] if end > 0 else page


def _executable() -> Path | None:
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None
