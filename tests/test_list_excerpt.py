"""A list entry carries a bounded start of the abstract; the paper page carries all of it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from scholarsite.model.excerpt import LIST_ABSTRACT_CHARS, list_excerpt
from tests.conftest import build_site, paper_block, profile_text, seed_site


def test_short_abstract_is_shown_whole() -> None:
    assert list_excerpt(["One.", "Two."]) == (("One.", "Two."), False)


def test_long_paragraph_is_cut_at_a_word() -> None:
    words = "word " * 1_000
    shown, cut = list_excerpt(["Short first.", words])
    assert cut
    assert shown[0] == "Short first."
    assert shown[1].endswith("word …")
    assert sum(len(p) for p in shown) <= LIST_ABSTRACT_CHARS + 2
    assert list_excerpt(["a" * 50_000], 100) == (("a" * 100 + " …",), True)  # one huge word: cut anyway


def test_cut_never_splits_math() -> None:
    paragraph = "x " * 45 + "$\\sum_{i=1}^{n} x_i$ and more"
    shown, cut = list_excerpt([paragraph], 100)
    assert cut
    assert "$" not in shown[0]
    assert shown[0].endswith("x …")


def test_list_entry_links_to_the_whole_abstract(tmp_path: Path) -> None:
    long_abstract = ("A sentence about things. " * 200).strip()
    profile = profile_text(
        "Ada Owner", paper_block("LGFeb 6, 2022", "A Long Abstract", "Ada Owner, Bob Brown", long_abstract)
    )
    site = seed_site(tmp_path, profile)
    build_site(site)
    papers = BeautifulSoup((site / "output" / "papers" / "index.html").read_text(encoding="utf-8"), "html.parser")
    details = papers.select_one("li.paper details.entry-abstract")
    assert details is not None
    text = " ".join(p.get_text() for p in details.find_all("p"))
    assert len(text) < LIST_ABSTRACT_CHARS + 200
    link = details.find("a")
    assert link is not None and link["href"].rstrip("/").endswith("papers/a-long-abstract")
    page = BeautifulSoup(
        (site / "output" / "papers" / "a-long-abstract" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert long_abstract in page.select_one("main section[aria-labelledby=abstract]").get_text()
