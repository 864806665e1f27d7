"""Command line: `scholarsite build`; bad input → one `path:line:` message and exit 1."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from . import __version__
from .errors import SiteError

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2
# A build makes millions of small objects that live until it ends and form almost no cycles.
# With Python's default thresholds the cycle collector scans them again and again: a quarter of
# the time spent reading, assembling and planning 10,000 papers, growing faster than the site.
# mypy uses these thresholds for the same reason.
GC_THRESHOLDS = (200_000, 30, 30)


@contextlib.contextmanager
def collector_thresholds(thresholds: tuple[int, int, int]) -> Iterator[None]:
    """The cycle collector's thresholds while a command runs, the caller's again afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(*thresholds)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="scholarsite", description="Build a fast, accessible homepage from a research profile."
    )
    main_parser.add_argument("--version", action="version", version=f"scholarsite {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/")
    build.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder (site.yaml, seeds/, content/, themes/); default: current folder",
    )
    build.add_argument("--output", type=Path, metavar="DIR", help="where to write the site; default: DIR/output")
    build.add_argument("--theme", metavar="NAME", help="theme to use (overrides site.yaml)")
    build.add_argument(
        "--base-url",
        metavar="URL",
        help="public URL of the site, for absolute links (default: $SCHOLARSITE_BASE_URL, then site.yaml)",
    )

    build.add_argument(
        "--no-cache", action="store_true", help="ignore and do not update the build cache in .scholarsite-cache/"
    )

    init = commands.add_parser("init", help="create a new site folder, ready for GitHub Pages")
    init.add_argument(
        "directory",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder to create the site in (default: current folder)",
    )
    init.add_argument("--profile", type=Path, metavar="PATH", help="your profile file (default: a sample profile)")
    init.add_argument("--force", action="store_true", help="replace existing files")

    check = commands.add_parser("check", help="validate the inputs and check the links of the built site")
    check.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")
    check.add_argument("--output", type=Path, metavar="DIR", help="the built site to crawl (default: DIR/output)")
    check.add_argument("--base-url", metavar="URL", help="the URL the site was built for (default: as for build)")

    serve = commands.add_parser("serve", help="preview the site with live reload")
    serve.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")
    serve.add_argument(
        "--port", type=port_number, default=8000, help="port to listen on (default: 8000; the next free one if taken)"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--open", action="store_true", help="open the preview in a web browser")
    serve.add_argument("--theme", metavar="NAME", help="theme to use (overrides site.yaml)")
    serve.add_argument("--base-url", metavar="URL", help="public URL of the site, for absolute links")

    importing = commands.add_parser(
        "import",
        help="fetch your papers from arXiv, Semantic Scholar, DBLP, ORCID, OpenAlex or Crossref",
        description="Write the records of SOURCE into seeds/SOURCE.yaml (the only command that uses the network).",
    )
    importing.add_argument(
        "source",
        choices=("arxiv", "s2", "dblp", "orcid", "openalex", "crossref"),
        metavar="SOURCE",
        help="arxiv, s2, dblp, orcid, openalex or crossref",
    )
    importing.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="ids at the source (default: the ones imported last time; crossref: every DOI the site knows)",
    )
    importing.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")
    importing.add_argument("--dry-run", action="store_true", help="show what would change and write nothing")

    themes = commands.add_parser("themes", help="list the available themes")
    themes.add_argument("--site", type=Path, default=Path("."), metavar="DIR", help="the site folder (default: .)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with collector_thresholds(GC_THRESHOLDS):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "init":
            return _init(args)
        if args.command == "check":
            return _check(args)
        if args.command == "themes":
            return _themes(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "import":
            return _import(args)
    except SiteError as error:
        print(error.message, file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as error:  # reading, writing, init, serve: the path and what to do, no traceback
        from .oserrors import os_error

        print(os_error(error).message, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _build(args: argparse.Namespace) -> int:
    from .build import build
    from .report import Report

    site_dir = args.site
    if not site_dir.is_dir():
        print(f"scholarsite: error: --site {site_dir}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    report = Report()
    base_url = base_url_option(args)
    try:
        summary = build(
            site_dir,
            output_dir=args.output,
            theme=args.theme,
            base_url=base_url,
            report=report,
            use_cache=not args.no_cache,
        )
    finally:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    print(summary.line())
    return EXIT_OK


def port_number(text: str) -> int:
    """--port: a TCP port, 1–65535 (argparse turns the error into a usage message, exit 2)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number; expected 1 to 65535")
    return int(text)


def base_url_option(args: argparse.Namespace) -> str | None:
    """--base-url, else a non-empty SCHOLARSITE_BASE_URL, else None (site.yaml decides)."""
    if getattr(args, "base_url", None) is not None:
        return str(args.base_url)
    return os.environ.get("SCHOLARSITE_BASE_URL") or None


def _init(args: argparse.Namespace) -> int:
    from .newsite import init_site

    made = init_site(args.directory, profile=args.profile, force=args.force)
    for name in made.files:
        print(f"  {args.directory / name}")
    for note in made.notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"Created a site in {args.directory}/. Next: cd {args.directory} && scholarsite build")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from . import urls
    from .build import validate
    from .check import built_for, crawl
    from .errors import SourceLocation
    from .model.identity import likely_duplicates
    from .report import Report
    from .words import counted

    output = args.output if args.output is not None else args.site / "output"
    recorded = built_for(output)  # the base URL the pages in output/ were made for
    given = base_url_option(args)
    if recorded and given is not None and urls.normalise_base_url(given) != recorded:
        raise SiteError(
            SourceLocation("--base-url" if args.base_url is not None else "SCHOLARSITE_BASE_URL"),
            f"{output}/ was built for {recorded}, not {given}",
            "the base URL of the build, or build again with this one",
        )
    report = Report()
    try:
        site, config = validate(args.site, report=report, base_url=given if given is not None else recorded)
    finally:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    print(f"Inputs are valid: {counted(len(site.papers), 'paper')}, {counted(len(site.authors), 'author')}.")
    for first, second, reason in likely_duplicates(site.authors):
        print(
            f'possible duplicate: "{first.name}" and "{second.name}" ({reason}); '
            f"merge them with author_aliases in site.yaml if they are one person"
        )
    from .model.completeness import cut_author_lists

    for line in cut_author_lists(site):  # advice, not a failure: a profile often knows only the first authors
        print(line)
    if not output.is_dir():
        print(f"No built site in {output}/ to crawl; run `scholarsite build` first.")
        return EXIT_OK
    broken = crawl(output, recorded or config.base_url)
    for problem in broken:
        print(f"broken link: {problem}", file=sys.stderr)
    if broken:
        print(f"{counted(len(broken), 'broken link')} in {output}/", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"All internal links in {output}/ work.")
    return EXIT_OK


def _themes(args: argparse.Namespace) -> int:
    from .render.themes import available_themes, theme_description

    for name, layer in sorted(available_themes(args.site).items()):
        print(f"{name:<12} {layer.origin:<9} {theme_description(layer.root)}  ({layer.root})")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if not args.site.is_dir():
        print(f"scholarsite: error: --site {args.site}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        return serve(
            args.site,
            host=args.host,
            port=args.port,
            open_browser=args.open,
            theme=args.theme,
            base_url=base_url_option(args),
        )
    except OSError as error:
        from .errors import SourceLocation
        from .oserrors import os_error

        if error.filename is not None:  # a file, not the address: main() names it
            raise
        problem = os_error(error).problem
        print(
            SiteError(
                SourceLocation(f"{args.host}:{args.port}"),
                f"cannot listen ({problem})",
                "a free port (--port) on an address of this machine (--host)",
            ).message,
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _import(args: argparse.Namespace) -> int:
    from .importers.run import import_records

    if not args.site.is_dir():
        print(f"scholarsite: error: --site {args.site}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    import_records(args.site, args.source, args.ids, dry_run=args.dry_run)
    return EXIT_OK
