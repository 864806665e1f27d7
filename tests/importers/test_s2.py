"""`scholarsite import s2` against recorded Semantic Scholar Graph API answers (tests/data/importers/semanticscholar/).

The author endpoint of 1723755 was not recorded with the fields we ask for; its answer here is
written in the test (marked SYNTHETIC). Everything else is served byte for byte as recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scholarsite.importers.s2 import AUTHOR_FIELDS, PAPER_FIELDS
from tests.conftest import tree_hashes
from tests.importers.conftest import import_once, load_seed, papers_by_id
from tests.importers.server import DATA, RecordedApi, Reply, recorded

PAGE = {"fields": PAPER_FIELDS, "limit": "100"}
SYNTHETIC_AUTHOR = {
    "authorId": "1723755",
    "name": "Lewis C. Cantley",
    "paperCount": 880,
    "citationCount": 200000,
    "hIndex": 200,
}


def serve_author(api: RecordedApi) -> None:
    api.add(
        "/graph/v1/author/1723755", Reply(200, json.dumps(SYNTHETIC_AUTHOR).encode()), query={"fields": AUTHOR_FIELDS}
    )
    api.add(
        "/graph/v1/author/1723755/papers",
        recorded("semanticscholar/author-1723755-papers-offset0.json"),
        query={**PAGE, "offset": "0"},
    )
    # the recorded first page says "next": 100; the recorded last page (offset 800) has no "next"
    api.add(
        "/graph/v1/author/1723755/papers",
        recorded("semanticscholar/author-1723755-papers-offset800.json"),
        query={**PAGE, "offset": "100"},
    )


@pytest.fixture(scope="module")
def s2_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RecordedApi, list[str]]:
    return import_once(tmp_path_factory, "s2", "1723755", serve_author)


@pytest.fixture(scope="module")
def s2_papers(s2_import: tuple[Path, RecordedApi, list[str]]) -> dict[str, dict]:  # type: ignore[type-arg]
    return papers_by_id(s2_import[0], "s2")


def test_paging_follows_next_and_stops_on_the_page_without_it(
    s2_import: tuple[Path, RecordedApi, list[str]], s2_papers: dict
) -> None:
    api = s2_import[1]
    assert [request.path for request in api.requests] == ["/graph/v1/author/1723755"] + [
        "/graph/v1/author/1723755/papers"
    ] * 2
    assert [request.query.get("offset") for request in api.requests[1:]] == [["0"], ["100"]]
    assert api.requests[1].query["fields"] == [PAPER_FIELDS] and api.requests[1].query["limit"] == ["100"]
    assert len(s2_papers) == 120


@pytest.mark.slow
def test_the_person_and_metrics_come_from_the_author_endpoint(s2_import: tuple[Path, RecordedApi, list[str]]) -> None:
    person = load_seed(s2_import[0], "s2")["person"]
    assert person == {
        "name": "Lewis C. Cantley",
        "id": "1723755",
        "metrics": {"citations": 200000, "h_index": 200, "papers": 880},
    }


def test_only_requested_fields_come_back_and_missing_ones_are_left_out(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    """fields=name gives two keys: the person has no metrics, and nothing breaks."""
    api.add("/graph/v1/author/2262347", recorded("semanticscholar/author-2262347-fields_name.json"))
    papers = json.loads((DATA / "semanticscholar/author-2262347.json").read_text(encoding="utf-8"))["papers"]
    api.add("/graph/v1/author/2262347/papers", Reply(200, json.dumps({"offset": 0, "data": papers}).encode()))
    assert run_import(import_site, "s2", "2262347").code == 0
    seed = load_seed(import_site, "s2")
    assert seed["person"] == {"name": "A. Turing", "id": "2262347"}
    by_id = {paper["id"]: paper for paper in seed["papers"]}
    empty_journal = by_id["b23bc17aa26e4fd9e707698bdfa26d2754a6c6e7"]  # journal {"volume": "", "name": ""}
    assert "volume" not in empty_journal
    no_year = by_id["0875d9bdd710fe886d7f4543e17dfd581893f538"]  # year and publicationDate null
    assert "date" not in no_year


def test_null_abstracts_dates_venues_and_journals_are_left_out(s2_papers: dict) -> None:
    assert "abstract" not in s2_papers["03df05f4f245084b72a3099c105801f4d63d6e1d"]
    bare = s2_papers["420e719f6076d2aae02650579b06ee4b49e9ec90"]  # publicationDate, journal, venue all empty
    assert bare["date"] == "1988" and "venue" not in bare and "pages" not in bare


def test_journal_pages_lose_spaces_and_newlines(s2_papers: dict) -> None:
    assert s2_papers["08d38971193f866694eb9bdbc4ca6e2f37857d8d"]["pages"] == "1125-1136"
    assert s2_papers["4b2372d2b2dbcc75577235a212eb00d2136f0fc3"]["pages"] == "797-798"
    assert s2_papers["f729e5d864f78dea013afec3f59a96429d888034"]["pages"] == "eabm0808"


def test_a_volume_run_together_with_its_issue_is_split(s2_papers: dict) -> None:
    paper = s2_papers["d1a62b401c71f5790a08f31c2dea535b9914b527"]  # volume "948 3", pages "\n  327-44\n"
    assert (paper["volume"], paper["issue"], paper["pages"]) == ("948", "3", "327-44")
    assert paper["venue"] == "Biochimica et biophysica acta"


def test_titles_lose_the_period_some_end_with(s2_papers: dict) -> None:
    assert s2_papers["09187a09993357927084c39a4dddf9d0fa8c4bca"]["title"] == "A Decade of Cancer Discovery"


def test_names_in_odd_case_are_mended_and_non_ascii_letters_kept(s2_papers: dict) -> None:
    names = {name for paper in s2_papers.values() for name in paper["authors"]}
    assert "André L Queiroz" in names and "AndrÉ L Queiroz" not in names
    assert "D. Fenyö" in names


def test_long_author_lists_are_kept_whole(s2_papers: dict) -> None:
    paper = s2_papers["a14ce1e6d63b64da4e59c9c6dfb3e04e4412ded8"]
    assert len(paper["authors"]) == 130 and paper["authors_complete"] is True


def test_external_ids_that_vary_give_lower_case_dois_or_none(s2_papers: dict) -> None:
    assert "doi" not in s2_papers["33f573f8e3b629702c0e2135226aea851582e317"]
    assert s2_papers["01063e45d9fc9635d29d8d78aa24ed8de351f36a"]["doi"] == "10.1128/mbio.01007-23"
    assert all(paper.get("doi", "") == paper.get("doi", "").lower() for paper in s2_papers.values())


def test_an_unknown_author_is_the_servers_error_in_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/graph/v1/author/0", recorded("semanticscholar/author-0.404.json", status=404))
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "s2", "0")
    assert code == 1 and stderr.count("\n") == 1
    assert stderr.startswith("import s2: Semantic Scholar has no author 0 (HTTP 404: Author with id 0 not found;")
    assert tree_hashes(import_site) == before


@pytest.mark.slow
def test_the_builds_reader_accepts_the_file(s2_import: tuple[Path, RecordedApi, list[str]]) -> None:
    imports = pytest.importorskip("scholarsite.read.imports")
    text = (s2_import[0] / "seeds/s2.yaml").read_text(encoding="utf-8")
    assert len(imports.parse_import(text, "seeds/s2.yaml").records) == 120
