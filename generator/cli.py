"""Command line: `scholarsite build`; bad input → one `path:line:` message and exit 1."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import __version__
from generator.errors import SiteError

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="scholarsite", description="Build a fast, accessible homepage from a research profile."
    )
    main_parser.add_argument("--version", action="version", version=f"scholarsite {__version__}")
    commands = main_parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/")
    build.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                       help="the site folder (site.yaml, seeds/, content/, themes/); default: current folder")
    build.add_argument("--output", type=Path, metavar="DIR", help="where to write the site; default: DIR/output")
    build.add_argument("--theme", metavar="NAME", help="theme to use (overrides site.yaml)")
    build.add_argument("--base-url", metavar="URL",
                       help="public URL of the site, for absolute links (default: $SCHOLARSITE_BASE_URL, then site.yaml)")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return _build(args)
    except SiteError as error:
        print(error.message, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _build(args: argparse.Namespace) -> int:
    from generator.build import build
    from generator.report import Report

    site_dir = args.site
    if not site_dir.is_dir():
        print(f"scholarsite: error: --site {site_dir}: not a folder", file=sys.stderr)
        return EXIT_USAGE
    report = Report()
    base_url = args.base_url if args.base_url is not None else os.environ.get("SCHOLARSITE_BASE_URL")
    try:
        summary = build(site_dir, output_dir=args.output, theme=args.theme, base_url=base_url, report=report)
    finally:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    print(summary.line())
    return EXIT_OK
