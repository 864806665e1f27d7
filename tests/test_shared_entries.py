"""A paper's list entry is rendered once per build and shared by every list it is on.

Each check reads the pages a visitor gets: on every list (home, papers and their
later pages, authors, categories, years) the entry's links lead where they should
from that page's depth, whether the build renders in one process or in workers,
and a site's own entry template still changes every list.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from bs4 import Tag

from scholarsite.render import render
from tests.conftest import broken_links, build_site, make_site, paper_block, profile_text, read_html, tree_hashes

PAPERS = [
    paper_block("LGNov 14, 2022", "A Study of Things", "Ada Owner, Dan Dale, Eve Evans", "We study things."),
    paper_block("CVMay 2, 2020", "Plain Paper", "Ada Owner, Frank Fox", "Nothing special."),
    paper_block("LGJan 3, 2021", "Third Thoughts", "Ada Owner, Dan Dale", "More things."),
    paper_block("CVJun 9, 2019", "Old Work", "Ada Owner, Eve Evans", "Early things."),
]
# Lists on pages of every depth: home (0), papers/ (1), authors/x/, categories/x/, years/x/ (2), papers/page/2/ (3)
LISTS = (
    "index.html",
    "papers/index.html",
    "papers/page/2/index.html",
    "authors/ada-owner/index.html",
    "authors/dan-dale/index.html",
    "categories/cs-lg/index.html",
    "years/2021/index.html",
)


def shared_site(tmp_path: Path, **extra: str | bytes) -> Path:
    return make_site(
        tmp_path, {"seeds/x.txt": profile_text("Ada Owner", *PAPERS), "site.yaml": "paginate: 2\n", **extra}
    )


def entries(output: Path, page: str) -> list[Tag]:
    found = read_html(output / page).select("main li.paper")
    assert found, f"no list entries on {page}"
    return found


def without_depth(entry: Tag) -> str:
    """The entry's HTML with each relative link's climb to the site root taken off."""
    return re.sub(r'href="(?:\.\./)+', 'href="', str(entry))


@pytest.fixture(params=[1, 2], ids=["one process", "workers"])
def workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 1)  # a small site in worker processes too
    return int(request.param)


@pytest.mark.slow
def test_an_entry_is_the_same_on_every_list_but_for_how_far_its_links_climb(tmp_path: Path, workers: int) -> None:
    output = build_site(shared_site(tmp_path), tmp_path / "out", workers=workers).output
    assert broken_links(output) == []
    seen: dict[str, set[str]] = {}
    for page in LISTS:
        for entry in entries(output, page):
            title = entry.select_one("a.paper-title")
            assert title is not None
            depth = page.count("/")
            assert str(title["href"]).startswith("../" * depth) and not str(title["href"]).startswith(
                "../" * (depth + 1)
            )
            seen.setdefault(title.get_text(), set()).add(without_depth(entry))
    assert len(seen) == len(PAPERS)
    assert all(len(shapes) == 1 for shapes in seen.values()), seen


@pytest.mark.slow
def test_workers_and_one_process_write_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = shared_site(tmp_path)
    alone = build_site(site, tmp_path / "alone", workers=1).output
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 1)
    forked = build_site(site, tmp_path / "forked", workers=2).output
    assert tree_hashes(alone) == tree_hashes(forked)


def test_each_entry_is_rendered_once_per_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered: list[str] = []
    original = jinja2.Template.render

    def counting(self: jinja2.Template, *args: object, **kwargs: object) -> str:
        rendered.append(self.name or "")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    build_site(shared_site(tmp_path), tmp_path / "out", workers=1)
    assert rendered.count("_paper_item.html") == len(PAPERS)


ENTRY = (
    '<li class="paper site-entry"><a class="paper-title" href="{{ item|url }}">{{ item.title.html }}</a>'
    "{{ more }}</li>\n"
)
HOME_LINK = ' <a class="to-home" href="{{ ""|url }}">Home</a>'
NUL = "<span hidden>\x00</span>"


@pytest.mark.parametrize(
    "more",
    [pytest.param(HOME_LINK, id="a link to the root"), pytest.param(NUL, id="a NUL byte", marks=pytest.mark.slow)],
)
def test_a_site_entry_template_changes_every_list_and_its_links_fit_each_page(
    tmp_path: Path, workers: int, more: str
) -> None:
    # A link to the site root is "./" on the home page and "../" one folder down: more than the depth.
    # A NUL byte is what marks a shared entry's links: the entry's own is kept as it is.
    site = shared_site(tmp_path, **{"themes/default/templates/_paper_item.html": ENTRY.replace("{{ more }}", more)})
    output = build_site(site, tmp_path / "out", workers=workers).output
    for page in LISTS:
        depth = page.count("/")
        for entry in entries(output, page):
            assert "site-entry" in entry["class"]
            title = entry.select_one("a.paper-title")
            assert title is not None and re.fullmatch(rf"(\.\./){{{depth}}}papers/[\w-]+/", str(title["href"]))
            if more == HOME_LINK:
                home = entry.select_one("a.to-home")
                assert home is not None and home["href"] == ("../" * depth or "./"), page
        if more == NUL:
            assert (output / page).read_bytes().count(NUL.encode()) == len(entries(output, page))
    assert broken_links(output) == []
