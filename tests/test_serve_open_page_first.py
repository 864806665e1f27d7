"""The preview renders the pages open in browsers first, then the rest of the site.

These tests drive `Preview` in-process: its rebuild swaps the open pages in and
returns, while the rest renders in a thread and is installed on the server's loop,
which here runs only when a test lets it (`_wait_for_rest`, as the next rebuild does).
The browser side (a save shows on the open page) is in tests/test_serve.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scholarsite import urls
from scholarsite.serve import Preview
from tests.conftest import make_site, sample_profile_text

PAPERS = "papers/index.html"


def _site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"seeds/profile.txt": sample_profile_text(), "site.yaml": "title: One\n"})


def _paper_file(preview: Preview) -> str:
    return next(
        path
        for path in sorted(preview.snapshot)
        if path.startswith("papers/") and path.endswith("/index.html") and path != PAPERS
    )


def _title(data: bytes) -> str:
    return BeautifulSoup(data, "html.parser").find("h1").get_text(" ", strip=True)


def _listed(data: bytes) -> str:
    return BeautifulSoup(data, "html.parser").get_text(" ", strip=True)


def _retitle(site: Path, paper_title: str, new: str) -> None:
    seed = site / "seeds/profile.txt"
    text = seed.read_text(encoding="utf-8")
    assert text.count(paper_title) >= 1
    seed.write_text(text.replace(paper_title, new), encoding="utf-8")


def _pages(snapshot: dict[str, bytes]) -> dict[str, bytes]:
    """Everything but the search index, which the preview makes in the background."""
    return {path: data for path, data in snapshot.items() if not path.startswith(urls.SEARCH)}


def test_the_open_page_is_swapped_in_before_the_rest_and_the_rest_equals_a_full_rebuild(tmp_path: Path) -> None:
    site = _site(tmp_path / "a")
    preview = Preview(site, None, None)
    assert preview.rebuild()
    paper = _paper_file(preview)
    title = _title(preview.snapshot[paper])
    home = preview.snapshot["index.html"]
    _retitle(site, title, "A Retitled Paper")  # a new title, so a new slug: its page moves

    assert preview.rebuild({PAPERS})
    listed = _listed(preview.snapshot[PAPERS])
    assert "A Retitled Paper" in listed and title not in listed  # the open page, at once
    assert preview.snapshot["index.html"] == home  # the rest is still the last build's
    assert paper in preview.snapshot
    assert preview.shown_first == {PAPERS}

    preview._wait_for_rest()
    assert paper not in preview.snapshot
    fresh = Preview(site, None, None)
    assert fresh.rebuild()
    assert _pages(preview.snapshot) == _pages(fresh.snapshot)


def test_a_page_that_is_gone_is_not_rendered_first_and_the_rebuild_is_whole(tmp_path: Path) -> None:
    site = _site(tmp_path / "a")
    preview = Preview(site, None, None)
    assert preview.rebuild()
    assert preview.rebuild({"papers/no-such-paper/index.html"})
    assert preview.shown_first == frozenset()
    assert preview._rest is None  # nothing went first, so nothing follows in a thread


def test_an_error_in_the_rest_brings_back_the_last_good_site_and_the_error(tmp_path: Path) -> None:
    site = _site(tmp_path / "a")
    preview = Preview(site, None, None)
    assert preview.rebuild()
    good = dict(preview.snapshot)
    broken = site / "themes/default/templates/paper.html"
    broken.parent.mkdir(parents=True)
    broken.write_text('{% extends "base.html" %}\n{% block main %}\n{{ paper.no_such_field }}\n{% endblock %}\n')
    (site / "site.yaml").write_text("title: Two\n")

    assert preview.rebuild({"index.html"})  # the home page renders; the paper pages do not
    assert preview.snapshot["index.html"] != good["index.html"]  # the home page went first
    preview._wait_for_rest()
    assert preview.snapshot == good
    assert preview.error.startswith("themes/default/templates/paper.html:3: template error")

    broken.unlink()
    (site / "site.yaml").write_text("title: One\n")
    assert preview.rebuild({"index.html"})
    preview._wait_for_rest()
    assert preview.error == ""
    assert _pages(preview.snapshot) == _pages(good)


def test_the_file_a_request_is_answered_with() -> None:
    preview = Preview(Path("."), None, None)
    preview.snapshot = {"index.html": b"", "papers/index.html": b"", "cv.pdf": b"", "404.html": b""}
    assert preview.page_file("/") == "index.html"
    assert preview.page_file("/papers/") == "papers/index.html"
    assert preview.page_file("/papers") == "papers/index.html"
    assert preview.page_file("/cv.pdf") == "cv.pdf"
    assert preview.page_file("/gone/") == "404.html"


@pytest.mark.parametrize("open_page", [PAPERS, "404.html"])  # one the edit changes, one it leaves alone
def test_a_rebuild_counts_the_pages_it_rendered_as_one_without_a_first_pass_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], open_page: str
) -> None:
    counts = []
    for name, shown in (("first", {open_page}), ("plain", set())):
        site = _site(tmp_path / name)
        preview = Preview(site, None, None)
        assert preview.rebuild()
        _retitle(site, _title(preview.snapshot[_paper_file(preview)]), "A Retitled Paper")
        capsys.readouterr()
        assert preview.rebuild(shown)
        preview._wait_for_rest()
        built = capsys.readouterr().out
        counts.append(re.search(r"\((\d+) rendered, (\d+) unchanged", built).groups())  # type: ignore[union-attr]
    assert counts[0] == counts[1]
