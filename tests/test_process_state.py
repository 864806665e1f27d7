"""A build leaves the process as it found it: no XML namespace prefix registered for the
whole process, no library logger left at another level, no Markdown converter shared
between template environments. Each of these once leaked from one build into the next
(or into the application that embeds scholarsite)."""

from __future__ import annotations

import gc
import logging
import xml.etree.ElementTree as ET
from pathlib import Path

from scholarsite.cli import GC_THRESHOLDS, collector_thresholds
from scholarsite.read.bibtex import parse_bibtex
from scholarsite.render.markdown import MarkdownRenderer
from tests.conftest import RunCli, build_site, make_site, one_paper_profile

MATH_POST = """---
title: Errors
date: 2024-05-01
---
The bound $\\|x - \\hat{x}\\| \\le \\epsilon$ holds.
"""


def test_a_build_with_math_and_feeds_registers_no_namespace_prefix(tmp_path: Path) -> None:
    before = dict(ET._namespace_map)  # type: ignore[attr-defined]
    site = make_site(
        tmp_path / "site",
        {
            "seeds/profile.txt": one_paper_profile(title="On $\\mathbf{x}^2$ bounds"),
            "content/posts/errors.md": MATH_POST,
        },
    )
    output = build_site(site, tmp_path / "out", base_url="https://example.org/").output
    assert (output / "feed.xml").is_file() and (output / "sitemap.xml").is_file()
    assert dict(ET._namespace_map) == before  # type: ignore[attr-defined]
    # and so XML made afterwards by anyone else keeps the usual ns0 prefix
    assert ET.tostring(ET.Element("{urn:x}a"), encoding="unicode") == '<ns0:a xmlns:ns0="urn:x" />'


def test_the_atom_feed_and_the_sitemap_use_their_namespace_as_the_default(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"seeds/profile.txt": one_paper_profile()})
    output = build_site(site, tmp_path / "out", base_url="https://example.org/").output
    for name, namespace in (
        ("feed.xml", "http://www.w3.org/2005/Atom"),
        ("sitemap.xml", "http://www.sitemaps.org/schemas/sitemap/0.9"),
    ):
        text = (output / name).read_text(encoding="utf-8")
        assert f'xmlns="{namespace}"' in text and "ns0:" not in text, name
        assert ET.fromstring(text.encode()).tag.startswith(f"{{{namespace}}}")


def test_parsing_bibtex_leaves_the_bibtexparser_logger_as_it_was() -> None:
    logger = logging.getLogger("bibtexparser")
    logger.setLevel(logging.INFO)
    warnings: list[str] = []
    parse_bibtex("@article{broken, title = {no closing brace}\n", "refs.bib", lambda where, text: warnings.append(text))
    assert warnings, "the malformed entry is reported by us"
    assert logger.level == logging.INFO
    logger.setLevel(logging.NOTSET)


def test_markdown_renderers_do_not_share_converters() -> None:
    first, second = MarkdownRenderer(), MarkdownRenderer()
    assert first.render("[cv](/cv.pdf)", "papers/x/", 2) == '<p><a href="../../cv.pdf">cv</a></p>'
    assert second.render("[cv](/cv.pdf)", "", 2) == '<p><a href="cv.pdf">cv</a></p>'
    # the first renderer's converter was not re-pointed at the second page
    assert first.render("[home](/)", "papers/x/", 2) == '<p><a href="../../">home</a></p>'


def test_templates_cannot_see_the_fragment_cache(tmp_path: Path) -> None:
    from scholarsite.render.environment import make_environment
    from scholarsite.render.themes import resolve_theme

    env = make_environment(resolve_theme("default", tmp_path))
    assert not any(name.startswith("_") for name in env.globals)
    assert env.from_string("{{ _fragments is defined }}").render() == "False"


def test_a_command_runs_with_the_build_collector_thresholds_and_gives_back_the_callers(
    tmp_path: Path, cli: RunCli
) -> None:
    original = gc.get_threshold()
    gc.set_threshold(1234, 5, 6)
    try:
        with collector_thresholds(GC_THRESHOLDS):
            assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_threshold() == (1234, 5, 6)
        site = make_site(tmp_path / "site", {"seeds/profile.txt": one_paper_profile()})
        assert cli(site, "build", "--no-cache").code == 0
        assert gc.get_threshold() == (1234, 5, 6)
        broken = make_site(tmp_path / "broken", {"site.yaml": "paginate: many\n"})
        assert cli(broken, "build").code == 1  # a failing command gives them back too
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*original)
