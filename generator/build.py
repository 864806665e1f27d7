"""build(): read → model → plan → render → write. The only place that knows the order."""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from . import citation_styles, citations, collection_feeds, cvpdf, feeds, photos, search, urls
from .buildcache import BuildCache, PreviousBuild, user_bytecode_dir
from .cname import custom_domain
from .config import SiteConfig, load_config
from .contentlinks import broken_content_links
from .errors import SiteError, SourceLocation
from .model import Site
from .model.assemble import assemble
from .oserrors import shown_path
from .outputs import RenderedFile
from .pages import plan, site_info
from .photos import Portrait
from .read import Sources, read_sources
from .read.lines import STATIC_LIMIT, read_input
from .read.owner import with_owner_profile
from .records import PageSpec, PaperPage, SiteInfo
from .render import render_all
from .render.cache import MemoryCache
from .render.render import PARALLEL_MIN_PAGES, RenderedPages, default_workers
from .render.themes import Theme, check_theme_name, resolve_theme
from .report import BuildSummary, Report
from .write import MANIFEST, check_output_dir, write_output


@dataclass(frozen=True, slots=True)
class Settings:
    """site.yaml with the command line on top, and the theme it names, resolved once per build."""

    config: SiteConfig
    theme: Theme


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """A whole site, rendered in memory and not yet written."""

    site: Site
    config: SiteConfig
    pages: tuple[PageSpec, ...]
    files: tuple[RenderedFile, ...]
    fingerprints: Mapping[str, str]  # page path → fingerprint of its inputs, for the caches
    rendered: int  # pages rendered now
    reused: int  # pages a cache vouched for


def settings(
    site_dir: Path, *, theme: str | None = None, base_url: str | None = None, report: Report | None = None
) -> Settings:
    """The configuration and theme of a build; SiteError on a bad site.yaml, option or theme."""
    config = _config(site_dir, theme, base_url, report)
    return Settings(config, resolve_theme(config.theme, site_dir))


@dataclass(frozen=True, slots=True)
class PlannedSite:
    """A site read, assembled and planned: every page's record, nothing rendered yet."""

    site_dir: Path
    chosen: Settings
    sources: Sources
    site: Site
    cited: citations.Citations
    pages: tuple[PageSpec, ...]
    info: SiteInfo
    photo_files: Mapping[str, bytes]  # the home page's photo in its sizes


def plan_site(
    site_dir: Path,
    chosen: Settings,
    *,
    report: Report,
    memory: MemoryCache | None = None,
    cache: BuildCache | None = None,
) -> PlannedSite:
    """read → model → cite → plan. SiteError on bad input."""
    config = chosen.config
    sources = with_owner_profile(read_sources(site_dir, report), config)
    site = assemble(sources, config, report)
    cited = citations.cite(site, config.base_url)
    # formatting is slow: a build reuses the last build's (build cache), the preview its last rebuild's
    kept = cache.citations if cache is not None else memory.citations if memory is not None else None
    if memory is not None:
        memory.citations.next_build()
    formatted = citation_styles.for_site(site.papers, cited.keys, config.base_url, kept)
    portrait, photo_files = _portrait(site_dir, site.photo)
    pages = plan(
        site,
        config.base_url,
        cited,
        per_page=config.paginate,
        group_by=config.group_by,
        portrait=portrait,
        cv_pdf=cvpdf.has_pdf(site),
        formatted=formatted,
    )
    info = site_info(
        site, config, portrait=portrait, extra_css=urls.EXTRA_CSS in sources.static_files, formatted=formatted
    )
    return PlannedSite(site_dir, chosen, sources, site, cited, pages, info, photo_files)


def render_site(
    site_dir: Path,
    chosen: Settings,
    *,
    report: Report,
    memory: MemoryCache | None = None,
    cache: BuildCache | None = None,
    workers: int = 1,
    compiled_templates: Path | None = None,
) -> RenderedSite:
    """read → model → cite → plan → render: every output file in memory. SiteError on bad input."""
    planned = plan_site(site_dir, chosen, report=report, memory=memory, cache=cache)
    return render_planned(
        planned, report=report, memory=memory, cache=cache, workers=workers, compiled_templates=compiled_templates
    )


def render_first(
    planned: PlannedSite, paths: Collection[str], *, memory: MemoryCache, compiled_templates: Path | None = None
) -> RenderedPages | None:
    """The pages at `paths` (output files such as "papers/x/index.html") rendered ahead of the rest,
    into the preview's memory, where `render_planned` then finds them; None when no page is there."""
    wanted = tuple(page for page in planned.pages if urls.output_file(page.path) in paths)
    if not wanted:
        return None
    return render_all(
        wanted, planned.info, planned.chosen.theme, memory=memory, prune=False, compiled_templates=compiled_templates
    )


def render_planned(
    planned: PlannedSite,
    *,
    report: Report,
    memory: MemoryCache | None = None,
    cache: BuildCache | None = None,
    workers: int = 1,
    compiled_templates: Path | None = None,
    ahead: RenderedPages | None = None,
) -> RenderedSite:
    """Every output file of a planned site, in memory. SiteError on a template error.
    `compiled_templates` keeps compiled templates between processes (`buildcache.bytecode_dir`);
    `ahead` are pages rendered already (`render_ahead`)."""
    site_dir, config, theme = planned.site_dir, planned.chosen.config, planned.chosen.theme
    sources, site, cited, pages = planned.sources, planned.site, planned.cited, planned.pages
    # The PDF CV is typeset while pages render, unless rendering may fork workers (never fork with a thread running).
    pdf_cache = cache.folder if cache is not None else None  # keeps cv.pdf for the next build
    pdf = (
        cvpdf.start(site, sources.static_files, config.language, report, pdf_cache)
        if len(pages) < PARALLEL_MIN_PAGES
        else None
    )
    done = ahead.fingerprints if ahead is not None else {}
    rest = render_all(
        tuple(page for page in pages if page.path not in done),
        planned.info,
        theme,
        memory=memory,
        disk=cache,
        workers=workers,
        compiled_templates=compiled_templates,
    )
    rendered = rest if ahead is None else _in_page_order(pages, ahead, rest)
    files = [*rendered.files, *citations.citation_files(cited, site, config.base_url)]
    if config.base_url:
        files += feeds.feeds(site, config.base_url) + collection_feeds.feeds(site, config.base_url)
        files += [feeds.sitemap(pages, site, config.base_url), feeds.robots(config.base_url)]
    else:
        report.warn(
            None,
            "no base_url: canonical links, feeds and the sitemap are left out, and 404.html links "
            "from the domain root, so it works only for a site at a domain root "
            "(set base_url in site.yaml, --base-url or SCHOLARSITE_BASE_URL)",
        )
    files += static_files(theme)
    files += (pdf or cvpdf.start(site, sources.static_files, config.language, report, pdf_cache))()
    photo_files = planned.photo_files
    files += [file for file in content_static_files(site_dir, sources.static_files) if file.path not in photo_files]
    files += [RenderedFile(path, data) for path, data in photo_files.items()]
    files.append(RenderedFile(".nojekyll", b""))
    if config.cname:
        files.append(RenderedFile("CNAME", (config.cname + "\n").encode()))
    for location, problem in broken_content_links(sources.documents, config, (file.path for file in files)):
        report.warn(location, problem)
    return RenderedSite(site, config, pages, tuple(files), rendered.fingerprints, rendered.rendered, rendered.reused)


def render_ahead(
    planned: PlannedSite,
    *,
    cache: BuildCache | None,
    workers: int,
    compiled_templates: Path | None,
) -> RenderedPages:
    """The paper pages, rendered before the rest so the search index can be made from them
    while the rest renders."""
    papers = tuple(page for page in planned.pages if isinstance(page, PaperPage))
    return render_all(
        papers,
        planned.info,
        planned.chosen.theme,
        disk=cache,
        workers=workers,
        compiled_templates=compiled_templates,
        prune=False,
    )


def _in_page_order(pages: tuple[PageSpec, ...], *parts: RenderedPages) -> RenderedPages:
    by_file = {file.path: file for part in parts for file in part.files}
    return RenderedPages(
        tuple(by_file[urls.output_file(page.path)] for page in pages),
        MappingProxyType({path: print_ for part in parts for path, print_ in part.fingerprints.items()}),
        rendered=sum(part.rendered for part in parts),
        reused=sum(part.reused for part in parts),
    )


def build(
    site_dir: Path,
    *,
    output_dir: Path | None = None,
    theme: str | None = None,
    base_url: str | None = None,
    report: Report | None = None,
    use_cache: bool = True,
    workers: int | None = None,
) -> BuildSummary:
    """Build the site in `site_dir` into `output_dir` (default `site_dir/output`).

    Raises SiteError on bad input before anything in output/ changes.
    """
    started = time.perf_counter()
    report = report if report is not None else Report()
    output = output_dir if output_dir is not None else site_dir / "output"
    check_output_dir(output, site_dir)
    chosen = settings(site_dir, theme=theme, base_url=base_url, report=report)
    cache = BuildCache.open(site_dir, output, chosen.theme, chosen.config, report) if use_cache else None
    if cache is not None and (previous := cache.unchanged()) is not None:
        # same inputs, output as we left it: nothing to read, render or write
        for warning in previous.warnings:
            report.warn(None, warning)
        return _summary(previous.counts, started, output, written=0, report=report)
    if cache is not None and (previous := cache.restyled()) is not None:
        return _restyle(cache, previous, chosen, output, started, report)
    workers = workers or default_workers()
    compiled = cache.bytecode_dir if cache is not None else None  # --no-cache compiles them
    planned = plan_site(site_dir, chosen, report=report, cache=cache)
    if chosen.config.search:
        # Pagefind indexes the paper pages in its own process while the rest renders. (`check`
        # needs no index, and `serve` makes its own after the swap.)
        ahead = render_ahead(planned, cache=cache, workers=workers, compiled_templates=compiled)
        found = Report()  # its own, so its warnings come after the pages' as they always did
        pending = search.start_index(search.search_pages(planned.pages), ahead.files, found, output=output, store=cache)
        try:
            made = render_planned(
                planned, report=report, cache=cache, workers=workers, compiled_templates=compiled, ahead=ahead
            )
            index = pending.finish()
        except BaseException:
            pending.abandon()
            raise
        for warning in found.warnings:
            report.warn(None, warning)
    else:
        made = render_planned(planned, report=report, cache=cache, workers=workers, compiled_templates=compiled)
        index = []
    files = made.files + tuple(index)
    try:
        result = write_output(files, output, report=report, base_url=made.config.base_url or None)
    finally:
        search.finish_removals()  # its temporary folder went while the site was written
    site = made.site
    counts = {
        "pages": len(made.pages),
        "papers": len(site.papers),
        "authors": len(site.authors),
        "categories": len(site.categories),
        "years": len(site.years),
    }
    if cache is not None:
        cache.save(
            made.fingerprints,
            {page.path: urls.output_file(page.path) for page in made.pages},
            written=[file.path for file in files] + [MANIFEST],
            counts=counts,
            warnings=list(report.warnings),
            static_files=[file.path for file in static_files(chosen.theme)],
        )
    return _summary(counts, started, output, written=result.written, report=report)


def _restyle(
    cache: BuildCache, previous: PreviousBuild, chosen: Settings, output: Path, started: float, report: Report
) -> BuildSummary:
    """Only the theme's static files changed, which no page sees: copy them, keep the rest."""
    for warning in previous.warnings:
        report.warn(None, warning)
    styles = static_files(chosen.theme)
    files = [*(RenderedFile(path, None) for path in cache.kept_files()), *styles]
    result = write_output(files, output, report=report, base_url=chosen.config.base_url or None)
    cache.made_search = cache.previous_search()
    cache.save(
        {path: entry[0] for path, entry in cache.pages.items()},
        {path: urls.output_file(path) for path in cache.pages},
        written=[file.path for file in files] + [MANIFEST],
        counts=previous.counts,
        warnings=list(previous.warnings),
        static_files=[file.path for file in styles],
        citations=False,
    )
    return _summary(previous.counts, started, output, written=result.written, report=report)


def _summary(counts: Mapping[str, int], started: float, output: Path, *, written: int, report: Report) -> BuildSummary:
    return BuildSummary(
        **counts,
        seconds=time.perf_counter() - started,
        output=str(output).rstrip("/") + "/",
        written=written,
        warnings=len(report.warnings),
    )


def validate(site_dir: Path, *, report: Report, base_url: str | None = None) -> tuple[Site, SiteConfig]:
    """Read, assemble, plan and render everything without writing; SiteError on any problem."""
    made = render_site(
        site_dir,
        settings(site_dir, base_url=base_url, report=report),
        report=report,
        workers=default_workers(),
        compiled_templates=user_bytecode_dir(),  # so a check compiles only templates that changed
    )
    return made.site, made.config


def _config(site_dir: Path, theme: str | None, base_url: str | None, report: Report | None = None) -> SiteConfig:
    """site.yaml with command-line values on top, the base URL normalised and the custom domain checked."""
    config = load_config(site_dir).with_overrides(theme=theme, base_url=base_url)
    if theme is not None:
        check_theme_name(theme, SourceLocation("--theme"))
    normalised = urls.normalise_base_url(config.base_url)
    if normalised is None:
        origin = (
            SourceLocation("--base-url")
            if base_url is not None
            else SourceLocation("site.yaml", config.lines.get("base_url", 0))
        )
        raise SiteError(
            origin,
            f'base_url "{config.base_url}" is not a web address',
            'an http(s) URL such as "https://user.github.io/repo/"',
        )
    domain = custom_domain(config.cname, config.lines.get("cname", 0))
    if domain is None:
        return config.with_overrides(base_url=normalised)
    if domain.normalised_from and report is not None:
        report.warn(
            SourceLocation("site.yaml", config.lines.get("cname", 0)),
            f'"cname" {domain.normalised_from!r} is not a plain host name; using "{domain.host}"',
        )
    return config.with_overrides(base_url=normalised or domain.base_url, cname=domain.host)


def _portrait(site_dir: Path, name: str) -> tuple[Portrait | None, dict[str, bytes]]:
    """The home page's photo in its sizes, and the original without its EXIF data."""
    if not name:
        return None, {}
    data = read_input(site_dir / "content" / "static" / name, f"content/static/{name}", STATIC_LIMIT)
    return photos.portrait(name, data)


def static_files(theme: Theme) -> list[RenderedFile]:
    """The theme's static/ files, the most specific layer winning for each name."""
    chosen: dict[str, Path] = {}
    for folder in theme.static_dirs:
        for file in sorted(folder.rglob("*")):
            if not file.is_symlink() and not file.is_dir():  # a pipe or device is refused by read_input
                chosen.setdefault(file.relative_to(folder).as_posix(), file)
    return [
        RenderedFile(urls.static(name), read_input(path, shown_path(path), STATIC_LIMIT))
        for name, path in sorted(chosen.items())
    ]


def content_static_files(site_dir: Path, names: frozenset[str]) -> list[RenderedFile]:
    """content/static/** is copied verbatim to the root of the site ("cv.pdf" → /cv.pdf)."""
    root = site_dir / "content" / "static"
    return [
        RenderedFile(name, read_input(root / name, f"content/static/{name}", STATIC_LIMIT)) for name in sorted(names)
    ]
