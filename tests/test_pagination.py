"""Long lists are split into pages with working previous/next links; paginate: 0 keeps one page."""

from __future__ import annotations

from pathlib import Path

from scholarsite.build import build
from tests.conftest import make_site, read_html


def profile(papers: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    blocks = []
    for number in range(papers):
        coauthor = f"{letters[number % 26]}{letters[number // 26 % 26].lower()}na Quist"
        blocks.append(
            f"LGMar {number % 28 + 1}, {2020 + number % 3}\nStudy {number}\nAda Owner, {coauthor}\nAbstract.\n"
        )
    return "Ada Owner\n\n" + "\n".join(blocks)


def links(page: Path, selector: str) -> list[Path]:
    """Targets of the links matched by `selector`, as files in the output."""
    found = []
    for anchor in read_html(page).select(selector):
        target = (page.parent / anchor["href"]).resolve()
        found.append(target / "index.html" if anchor["href"].endswith("/") else target)
    return found


def test_long_lists_are_split_and_linked(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"seeds/p.txt": profile(25), "site.yaml": "paginate: 10\n"})
    output = tmp_path / "out"
    build(site, output_dir=output)
    first, second, third = (
        output / "papers/index.html",
        output / "papers/page/2/index.html",
        output / "papers/page/3/index.html",
    )
    assert third.is_file() and not (output / "papers/page/4").exists()
    counts = [len(read_html(page).select("li.paper")) for page in (first, second, third)]
    assert counts == [10, 10, 5]
    assert links(first, 'a[rel="next"]') == [second.resolve()] and links(first, 'a[rel="prev"]') == []
    assert links(second, 'a[rel="prev"]') == [first.resolve()] and links(second, 'a[rel="next"]') == [third.resolve()]
    assert links(third, 'a[rel="next"]') == []
    assert "page 3 of 3" in read_html(third).title.get_text()
    current = read_html(second).select('.pagination a[aria-current="page"]')
    assert [" ".join(anchor.get_text().split()) for anchor in current] == ["Page 2"]
    every_title = set()
    for page in (first, second, third):
        every_title.update(a.get_text() for a in read_html(page).select("a.paper-title"))
    assert every_title == {f"Study {number}" for number in range(25)}
    # authors (26 names) and the year and category lists are split the same way
    assert (output / "authors/page/3/index.html").is_file()
    assert (output / "categories/cs-lg/page/3/index.html").is_file()
    assert len(read_html(output / "categories/cs-lg/page/3/index.html").select("li.paper")) == 5


def test_paginate_zero_keeps_every_list_on_one_page(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"seeds/p.txt": profile(25), "site.yaml": "paginate: 0\n"})
    output = tmp_path / "out"
    build(site, output_dir=output)
    assert not (output / "papers/page").exists()
    assert len(read_html(output / "papers/index.html").select("li.paper")) == 25
    assert read_html(output / "papers/index.html").select(".pagination") == []
