"""Render page specs with the theme; template errors become `template:line` errors.

Pages whose fingerprint matches the cache are not rendered again. Large
batches are split across processes (forked, so the model is shared without
copying); small ones stay in this process, where that does not pay.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound, TemplateSyntaxError

from .. import urls
from ..errors import SiteError, SourceLocation
from ..oserrors import os_error
from ..outputs import RenderedFile
from .cache import Fingerprinter, theme_digest
from .environment import FragmentCache, Sandbox, make_environment

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..records import PageSpec, SiteInfo
    from .cache import MemoryCache, PageStore
    from .themes import Theme

PARALLEL_MIN_PAGES = 400
CHUNK = 48
PRIMING_KINDS = frozenset({"papers", "authors"})  # page kinds whose lists hold every paper and every author


@dataclass(frozen=True, slots=True)
class RenderedPages:
    """The page files of a build, and each page's fingerprint (for the caches)."""

    files: tuple[RenderedFile, ...]
    fingerprints: Mapping[str, str]  # page path → fingerprint of everything its template sees
    rendered: int  # pages rendered now
    reused: int  # pages a cache vouched for


def render_all(
    specs: tuple[PageSpec, ...],
    site: SiteInfo,
    theme: Theme,
    *,
    memory: MemoryCache | None = None,
    disk: PageStore | None = None,
    workers: int = 1,
    prune: bool = True,
    compiled_templates: Path | None = None,
) -> RenderedPages:
    """Rendered files for `specs`, reusing what the caches vouch for. With `prune`, `specs` are the
    whole site, and the memory cache forgets every other page. `compiled_templates` is the folder
    that keeps compiled templates between processes; None compiles them here."""
    digest = theme_digest(theme)
    store = memory if memory is not None else disk
    fingerprinter = Fingerprinter.shared(store, digest, site) if store is not None else None
    prints = {spec.path: fingerprinter.page(spec) for spec in specs} if fingerprinter is not None else {}
    results: list[RenderedFile | None] = [None] * len(specs)
    todo: list[int] = []
    for index, spec in enumerate(specs):
        output_file = urls.output_file(spec.path)
        if memory is not None and (data := memory.lookup(spec.path, prints[spec.path])) is not None:
            results[index] = RenderedFile(output_file, data)
        elif disk is not None and disk.lookup(spec.path, prints[spec.path], output_file):
            results[index] = RenderedFile(output_file, None)
        else:
            todo.append(index)

    env = _environment(theme, digest, memory, compiled_templates, fingerprinter, disk)
    if workers > 1 and len(todo) >= PARALLEL_MIN_PAGES:
        rendered = _render_parallel(env, specs, todo, site, theme, workers)
    else:
        rendered = [(index, render_page(env, specs[index], site, theme).data) for index in todo]
    for index, data in rendered:
        results[index] = RenderedFile(urls.output_file(specs[index].path), data)
        if memory is not None:
            memory.store(specs[index].path, prints[specs[index].path], data)
    if memory is not None and prune:
        memory.prune(set(prints))
    return RenderedPages(
        tuple(result for result in results if result is not None),
        MappingProxyType(prints),
        rendered=len(todo),
        reused=len(specs) - len(todo),
    )


def _environment(
    theme: Theme,
    digest: str,
    memory: MemoryCache | None,
    compiled_templates: Path | None,
    fingerprinter: Fingerprinter | None,
    disk: PageStore | None = None,
) -> Sandbox:
    """A Jinja environment with compiled templates reused when the theme is unchanged:
    kept in memory by the preview server, as bytecode on disk between processes.
    List entries are reused the same way: the preview's from its last rebuild, a build's
    from the last build (the build cache)."""
    if memory is not None and memory.environment is not None and memory.environment[0] == digest:
        env = memory.environment[1]
    else:
        env = make_environment(theme, compiled_templates)
        if memory is not None:
            memory.environment = (digest, env)
            memory.fragments = {}
    if memory is not None and fingerprinter is not None:
        # The preview keeps list entries across rebuilds, keyed by what they show.
        env.fragments = FragmentCache(memory.fragments, fingerprinter.item_key)
    elif disk is not None and fingerprinter is not None:
        kept = disk.entries
        env.fragments = FragmentCache(kept.entries, fingerprinter.item_key, kept.used)
    else:
        env.fragments = FragmentCache()
    return env


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


_JOB: tuple[Any, ...] = ()  # what forked workers inherit: set just before the fork


def _render_chunk(indices: list[int]) -> list[tuple[int, bytes | None]]:
    env, specs, site, theme = _JOB
    return [(index, render_page(env, specs[index], site, theme).data) for index in indices]


def _render_parallel(
    env: Environment, specs: tuple[PageSpec, ...], todo: list[int], site: SiteInfo, theme: Theme, workers: int
) -> list[tuple[int, bytes | None]]:
    global _JOB
    for name in {spec.template for spec in specs}:  # compile once, before the fork
        env.get_template(name)
    # The lists of every paper and every author are rendered here first: the list entries they
    # render are then shared by all workers instead of being rendered again in each one.
    primers = [index for index in todo if specs[index].kind in PRIMING_KINDS]
    primed = [(index, render_page(env, specs[index], site, theme).data) for index in primers]
    rest = [index for index in todo if specs[index].kind not in PRIMING_KINDS]
    _JOB = (env, specs, site, theme)
    chunks = [rest[start : start + CHUNK] for start in range(0, len(rest), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return primed + [item for chunk in pool.imap_unordered(_render_chunk, chunks) for item in chunk]
    finally:
        _JOB = ()


def render_page(env: Environment, spec: PageSpec, site: SiteInfo, theme: Theme) -> RenderedFile:
    try:
        template = env.get_template(spec.template)
        html = template.render(site=site, page=spec, **spec.template_values())
    except TemplateNotFound as exc:
        raise SiteError(
            SourceLocation(f"themes/{theme.name}/templates/{exc.name}"),
            "template not found",
            "the template in the theme (or one it extends)",
        ) from None
    except TemplateSyntaxError as exc:
        raise SiteError(
            SourceLocation(_shown(exc.filename, theme), exc.lineno), f"template error: {exc.message}"
        ) from None
    except SiteError:
        raise
    except OSError as exc:  # an unreadable template: the file and what to do about it
        raise os_error(exc) from None
    except Exception as exc:  # a theme's template can fail in any way; report where
        raise SiteError(_template_location(exc, theme), f"template error: {type(exc).__name__}: {exc}") from None
    return RenderedFile(urls.output_file(spec.path), html.encode("utf-8"))


def _template_location(exc: Exception, theme: Theme) -> SourceLocation:
    """The innermost template frame of a runtime error (Jinja rewrites tracebacks to point at templates)."""
    roots = [str(folder) for folder in theme.template_dirs]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(frame.filename.startswith(root) for root in roots):
            return SourceLocation(_shown(frame.filename, theme), frame.lineno or 0)
    return SourceLocation(f"themes/{theme.name}/templates")


def _shown(filename: str | None, theme: Theme) -> str:
    if not filename:
        return f"themes/{theme.name}/templates"
    path = Path(filename)
    for layer in theme.layers:
        try:
            relative = path.relative_to(layer.root)
        except ValueError:
            continue
        prefix = "themes" if layer.origin == "site" else "built-in theme"
        return f"{prefix}/{layer.name}/{relative.as_posix()}"
    return filename
