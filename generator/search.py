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

import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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


def search_index(pages: Mapping[str, Paper], files: Sequence[RenderedFile], report: Report, *,
                 output: Path | None = None) -> list[RenderedFile]:
    """The Pagefind bundle for `pages`, as files under pagefind/.

    A page the build cache left as it is (`data` None) is read from `output`.
    No binary, or a binary that fails, is a warning and a site without search.
    """
    if not pages:
        return []
    executable = _executable()
    if executable is None:
        report.warn(None, "search index not built: the Pagefind binary is missing (pip install pagefind-bin)")
        return []
    rendered = {file.path: file.data for file in files if file.path in pages}
    # mkdtemp, not TemporaryDirectory: the preview indexes in a thread, and an exit during that
    # must not trip TemporaryDirectory's exit-time cleanup.
    scratch = Path(tempfile.mkdtemp(prefix="scholarsite-search-"))
    try:
        site, bundle = scratch / "site", scratch / "bundle"
        for path, paper in sorted(pages.items()):
            data = rendered.get(path)
            if data is None:
                if output is None or not (output / path).is_file():
                    continue
                data = (output / path).read_bytes()
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(with_search_facts(data, paper))
        command = [str(executable), "--site", str(site), "--output-path", str(bundle), "--root-selector", "main",
                   "--exclude-selectors", EXCLUDED, "--silent"]
        try:
            finished = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            report.warn(None, f"search index not built: {error}")
            return []
        if finished.returncode != 0 or not (bundle / "pagefind.js").is_file():
            detail = (finished.stderr or finished.stdout).strip().splitlines()
            report.warn(None, "search index not built: Pagefind failed" + (f" ({detail[-1]})" if detail else ""))
            return []
        made = {file.relative_to(bundle).as_posix(): file.read_bytes() for file in sorted(bundle.rglob("*"))
                if file.is_file() and not file.name.startswith(UNUSED_BUNDLE_FILES)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    try:
        made = reproducible(made)
    except (ValueError, KeyError, IndexError, OSError) as error:  # a Pagefind whose files we do not know
        report.warn(None, f"search index left as Pagefind wrote it (not reproducible): {error}")
    return [RenderedFile(urls.SEARCH + path, data) for path, data in sorted(made.items())]


def with_search_facts(page: bytes, paper: Paper) -> bytes:
    """`page` with its title and filter values for Pagefind right after the opening <main> tag.

    data-pagefind-ignore keeps them out of the indexed words while Pagefind still reads
    the metadata and filters inside.
    """
    facts = [("meta", "title", paper.title.plain), ("filter", "year", str(paper.date.year)),
             ("filter", "type", paper_type(paper))]
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
