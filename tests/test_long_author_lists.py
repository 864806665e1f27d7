"""Long author lists are cut in lists and whole on the paper page and in the exports.

A collaboration paper with thousands of authors gives each of them a page
that lists it; printing every name in every entry made output grow with the
square of the list. List entries show the first names, the profile owner and
the author whose page it is, then a count that links to the paper's page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scholarsite.model.bylines import SHOWN_AUTHORS
from tests.conftest import build_site, make_site, page_path, paper_block, profile_text, read_html

PAPER = "a-big-collaboration"


def _names(count: int, owner_at: int) -> list[str]:
    names = ["Bob Brown", "Cy Dee"] + [f"Member{n} Person{n}" for n in range(3, count + 1)]
    names.insert(owner_at, "Ada Owner")
    return names[:count]


def _site(tmp_path: Path, names: list[str], theme: str = "default") -> Path:
    profile = profile_text(
        "Ada Owner", paper_block("LGNov 14, 2022", "A Big Collaboration", "Bob Brown, Cy Dee et al.", "We collaborate.")
    )
    authors = "".join(f"  - {name}\n" for name in names)
    return make_site(
        tmp_path,
        {
            "seeds/x.txt": profile,
            "site.yaml": f"title: T\ntheme: {theme}\n",
            f"content/papers/{PAPER}.md": f"---\nauthors:\n{authors}---\n",
        },
    )


def _entry(output: Path, page: str):  # type: ignore[no-untyped-def]
    soup = read_html(page_path(output, page))
    entries = [
        li for li in soup.select("li.paper") if li.select_one("a.paper-title").get_text() == "A Big Collaboration"
    ]
    assert len(entries) == 1, page
    return entries[0]


def _shown(entry) -> list[str]:  # type: ignore[no-untyped-def]
    line = entry if "byline" in entry.get("class", []) else entry.select_one(".byline")
    text = line.get_text("", strip=False)
    text = text.replace(" (profile owner)", "")
    return re.findall(r"(Ada Owner|Bob Brown|Cy Dee|Member\d+ Person\d+)", text)


@pytest.fixture(scope="module", params=["default", "classic"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    names = _names(60, owner_at=30)
    output = build_site(_site(tmp_path_factory.mktemp(request.param), names, request.param)).output
    return output, names


def test_list_entry_shows_the_first_authors_the_owner_and_a_count(built: tuple[Path, list[str]]) -> None:
    output, names = built
    for page in ("papers/", "years/2022/", "authors/bob-brown/", ""):
        entry = _entry(output, page)
        assert _shown(entry) == [*names[:SHOWN_AUTHORS], "Ada Owner"], page
        more = entry.select_one("a.more-authors")
        assert more.get_text() == f"{60 - SHOWN_AUTHORS - 1} more authors"
        href = more["href"]
        assert (page_path(output, page).parent / href / "index.html").resolve() == page_path(
            output, f"papers/{PAPER}/"
        ).resolve()


def test_the_page_author_is_shown_wherever_they_are_in_the_list(built: tuple[Path, list[str]]) -> None:
    output, names = built
    far = names[45]
    slug = far.lower().replace(" ", "-")
    entry = _entry(output, f"authors/{slug}/")
    assert _shown(entry) == [*names[:SHOWN_AUTHORS], "Ada Owner", far]  # in list order
    assert entry.select_one("a.more-authors").get_text() == f"{60 - SHOWN_AUTHORS - 2} more authors"
    other = _entry(output, "authors/member50-person50/")
    assert far not in _shown(other)


def test_paper_page_and_exports_keep_every_author(built: tuple[Path, list[str]]) -> None:
    output, names = built
    byline = read_html(page_path(output, f"papers/{PAPER}/")).select_one(".byline.authors")
    assert _shown(byline) == names
    assert not byline.select_one("a.more-authors")
    records = json.loads((output / "publications.json").read_text(encoding="utf-8"))
    record = next(item for item in records if item["title"] == "A Big Collaboration")
    assert len(record["author"]) == 60
    bibtex = (output / "publications.bib").read_text(encoding="utf-8")
    assert bibtex.count(" and ") >= 59
    tags = read_html(page_path(output, f"papers/{PAPER}/")).find_all("meta", attrs={"name": "citation_author"})
    assert len(tags) == 60


def test_a_list_one_name_longer_than_the_cut_is_shown_whole(tmp_path: Path) -> None:
    names = _names(SHOWN_AUTHORS + 1, owner_at=5)
    output = build_site(_site(tmp_path, names)).output
    entry = _entry(output, "papers/")
    assert _shown(entry) == names
    assert not entry.select_one("a.more-authors")


@pytest.mark.slow
def test_output_grows_linearly_with_a_collaboration_paper(tmp_path: Path) -> None:
    def size(count: int) -> tuple[int, int]:
        output = build_site(_site(tmp_path / str(count), _names(count, owner_at=count // 2))).output
        pages = [p for p in (output / "authors").glob("*/index.html")]
        return sum(f.stat().st_size for f in output.rglob("*") if f.is_file()), max(p.stat().st_size for p in pages)

    small_total, small_page = size(200)
    big_total, big_page = size(800)
    assert big_page < small_page * 1.2 + 2000  # an author page does not grow with the author list
    assert big_total < small_total * 4 * 1.2  # four times the authors, about four times the output
