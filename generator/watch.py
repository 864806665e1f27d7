"""Watching a site's inputs for the preview: file-system events (watchfiles), not polling.

The watch is armed before the preview's first build reads anything, and it reports events,
never a comparison of modification times, so no save goes unseen: neither one made while the
first build runs (a snapshot of times taken after that build would count it as old) nor one
made within the same tick of the file system's clock as the snapshot (its time is no newer).

Two watchers run, each in a thread of its own: one on the site folder alone, not recursive
(site.yaml, and the input folders appearing or going away), and one recursive on the input
folders there are (seeds/, content/, themes/, and the built-in themes of an editable
install). output/ is never watched, so a big output/ costs nothing. When an input folder
appears or goes, the recursive watcher is re-armed on the new set before the change is
reported, so the rebuild it causes cannot miss a file saved into the new folder.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import watchfiles

INPUT_FOLDERS = ("seeds", "content", "themes")
TOP_FILES = ("site.yaml",)
STEP_MS = 30  # quiet time that ends a burst of events (an editor's save is a few writes within a millisecond)
DEBOUNCE_MS = 400  # a longer burst (a checkout, a copy of many files) is reported in pieces this long at most
ARMED_TIMEOUT_MS = 50  # how soon the first (empty) report says a watcher is armed
IGNORED_DIRS = (".scholarsite-cache", "__pycache__", "node_modules", ".git", ".hg", ".svn")
EDITOR_TEMP_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".kate-swp")

OnChange = Callable[[list[str]], None]


def is_editor_temp_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.endswith(EDITOR_TEMP_SUFFIXES) or name.startswith(".#") or name == "4913"


class _InputFilter(watchfiles.DefaultFilter):
    """Every input file but editor temp files and the folders no build reads."""

    def __init__(self) -> None:
        super().__init__(ignore_dirs=IGNORED_DIRS, ignore_entity_patterns=())

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return not is_editor_temp_file(path) and super().__call__(change, path)


class _Watch:
    """One watchfiles watch in a thread; `armed` is set once the watches are in place."""

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        recursive: bool,
        keep: Callable[[watchfiles.Change, str], bool],
        report: Callable[[list[str]], None],
    ) -> None:
        self.paths = tuple(paths)
        self.armed = threading.Event()
        self.stopped = threading.Event()
        self._recursive, self._keep, self._report = recursive, keep, report
        self._thread = threading.Thread(target=self._run, name="scholarsite-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.armed.wait()

    def stop(self) -> None:
        self.stopped.set()
        self._thread.join()

    def _run(self) -> None:
        if not self.paths:
            self.armed.set()
            return
        try:
            # The first report comes when the watches are in place: a change or, within
            # ARMED_TIMEOUT_MS, an empty set (yield_on_timeout); either way the watch is armed.
            for changes in watchfiles.watch(
                *self.paths,
                watch_filter=self._keep,
                step=STEP_MS,
                debounce=DEBOUNCE_MS,
                rust_timeout=ARMED_TIMEOUT_MS,
                yield_on_timeout=True,
                stop_event=self.stopped,
                recursive=self._recursive,
                raise_interrupt=False,
                ignore_permission_denied=True,
            ):
                self.armed.set()
                if changes:
                    self._report(sorted({path for _, path in changes}))
        finally:
            self.armed.set()  # also when the watch failed (a folder gone meanwhile): never block the caller


class InputWatcher:
    """Calls `on_change(paths)`, from a watcher thread, after each burst of saves to the inputs."""

    def __init__(self, site_dir: Path, on_change: OnChange, extra_folders: Iterable[Path] = ()) -> None:
        self.site_dir = site_dir
        self.on_change = on_change
        self.extra = tuple(extra_folders)
        self._lock = threading.Lock()
        self._top = _Watch([site_dir], recursive=False, keep=self._top_level, report=self._top_changed)
        self._inputs = self._input_watch()

    def start(self) -> None:
        """Returns once every input is watched: a save from now on is reported."""
        self._top.start()
        self._inputs.start()

    def stop(self) -> None:
        self._top.stop()
        with self._lock:
            self._inputs.stop()

    def _input_watch(self) -> _Watch:
        folders = [self.site_dir / name for name in INPUT_FOLDERS if (self.site_dir / name).is_dir()]
        return _Watch(
            [*folders, *(folder for folder in self.extra if folder.is_dir())],
            recursive=True,
            keep=_InputFilter(),
            report=self.on_change,
        )

    def _top_level(self, change: watchfiles.Change, path: str) -> bool:
        name = os.path.basename(path)
        return os.path.dirname(path) == str(self.site_dir) and (name in TOP_FILES or name in INPUT_FOLDERS)

    def _top_changed(self, paths: list[str]) -> None:
        with self._lock:
            wanted = self._input_watch()
            if wanted.paths != self._inputs.paths:  # an input folder appeared or went: watch the new set
                self._inputs.stop()
                self._inputs = wanted
                self._inputs.start()
        self.on_change(paths)
