"""The quality gates on a site whose papers come from imports: valid HTML, working links, no axe
violation on the pages that show the new facts (venue, volume, pages, dates, links, metric sources)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.imported_site import HIDDEN_SLUG, MBDL_SLUG, OLD_SLUG, imported_site

import gates

BASE_URL = "https://example.org/repo/"
PAGES = ["", f"papers/{MBDL_SLUG}/", f"papers/{HIDDEN_SLUG}/", f"papers/{OLD_SLUG}/", "years/2009/", "papers/"]


@pytest.fixture(scope="module", params=["default", "classic"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = imported_site(tmp_path_factory.mktemp(f"imported-{request.param}"))
    output = build_site(site, base_url=BASE_URL, theme=request.param).output
    with contextlib.ExitStack() as stack:
        yield output, stack.enter_context(gates.serve_under_subpath(output))


def test_imported_site_html_is_valid(served: tuple[Path, str]) -> None:
    gates.require("vnu.jar")
    assert gates.vnu_errors(served[0]) == []


def test_imported_site_has_no_broken_links(served: tuple[Path, str]) -> None:
    gates.require("linkinator")
    assert gates.broken_links(served[1]) == []


def test_imported_site_pages_pass_axe(served: tuple[Path, str], tabs: dict[tuple[str, str], gates.PageWatch]) -> None:
    problems = []
    for scheme in ("light", "dark"):
        tab = tabs[("desktop", scheme)]
        for path in PAGES:
            tab.visit(served[1] + path)
            problems += gates.axe_violations(tab.page)
    assert problems == []
