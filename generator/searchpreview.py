"""Search in the live preview: the index is rebuilt in the background after each rebuild.

A save must show up in the browser as fast as the pages can be rendered, so the
preview swaps in the new pages first, keeping the previous index, and a thread
then runs Pagefind over the new pages in a temporary folder. The new index is
installed on the server's event loop, and only if no newer rebuild has started
in the meantime (its own index is on the way). output/ is never touched.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tornado import ioloop

from . import search, urls
from .outputs import RenderedFile
from .report import Report

if TYPE_CHECKING:
    from .model import Paper
    from .records import PageSpec

Snapshot = dict[str, bytes]


def with_previous_index(new: Snapshot, previous: Mapping[str, bytes]) -> Snapshot:
    """`new` pages with the index of `previous` until their own index is ready."""
    return {**{path: data for path, data in previous.items() if path.startswith(urls.SEARCH)}, **new}


class _MemoryStore:
    """The preview's search store: the last index in memory, the indexed copies in a temporary
    folder kept while the preview runs, so a save that changes no indexed page runs no Pagefind."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.record: search.SearchRecord | None = None
        self.bundle: dict[str, bytes] = {}

    @property
    def search_folder(self) -> Path:
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="scholarsite-preview-search-"))
            atexit.register(shutil.rmtree, self.folder, ignore_errors=True)
        return self.folder

    def previous_search(self) -> search.SearchRecord | None:
        return self.record

    def bundle_kept(self, record: search.SearchRecord) -> bool:
        return set(record.bundle) == set(self.bundle)

    def keep_search(self, record: search.SearchRecord) -> None:
        self.record = record

    def filled(self, files: list[RenderedFile]) -> dict[str, bytes]:
        """The index files with their bytes: kept ones from memory, and the new ones remembered."""
        index = {file.path: file.data if file.data is not None else self.bundle[file.path] for file in files}
        self.bundle = index
        return index


class PreviewIndexer:
    """Builds the search index of the latest rebuild off the event loop, then hands it to `install`."""

    def __init__(self, install: Callable[[Snapshot], None]) -> None:
        self.install = install
        self.generation = 0
        self.lock = threading.Lock()
        self.store = _MemoryStore()
        self.indexing = threading.Lock()  # one Pagefind run at a time: they share the store's folder

    def refresh(self, specs: Sequence[PageSpec], files: Sequence[RenderedFile]) -> None:
        """Start indexing the pages of this rebuild; an older run still going is discarded."""
        with self.lock:
            self.generation += 1
            generation = self.generation
        loop = ioloop.IOLoop.current()
        pages = search.search_pages(specs)
        # Not a daemon: stopping the preview waits for a running index to finish and clean up.
        worker = threading.Thread(target=self._index, args=(generation, pages, list(files), loop), name="search-index")
        worker.start()

    def cancel(self) -> None:
        """The index being made, if any, is not installed (the site has search turned off)."""
        with self.lock:
            self.generation += 1

    def _index(
        self, generation: int, pages: Mapping[str, Paper], files: list[RenderedFile], loop: ioloop.IOLoop
    ) -> None:
        report = Report()
        with self.indexing:
            made = search.search_index(pages, files, report, store=self.store)
            index = self.store.filled(made)
            search.finish_removals()
        for warning in report.warnings:
            print(f"warning: {warning}", flush=True)
        with contextlib.suppress(RuntimeError):  # the preview stopped meanwhile
            loop.add_callback(self._install_if_current, generation, index)

    def _install_if_current(self, generation: int, index: Snapshot) -> None:
        with self.lock:
            current = generation == self.generation
        if current:
            self.install(index)


def replace_index(snapshot: Mapping[str, bytes], index: Snapshot) -> Snapshot:
    """`snapshot` with its search files replaced by `index`."""
    return {**{path: data for path, data in snapshot.items() if not path.startswith(urls.SEARCH)}, **index}
