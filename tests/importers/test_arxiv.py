"""`scholarsite import arxiv` against recorded arXiv API answers (tests/data/importers/arxiv/).

One test per trap listed for arXiv in tests/data/importers/README.md, plus paging.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import tree_hashes
from tests.importers.conftest import papers_by_id
from tests.importers.server import RecordedApi, recorded

ID_QUERY = {"search_query": "", "id_list": "1605.08386", "start": "0", "max_results": "1"}
MAESTRO = {"search_query": "au:del_maestro", "id_list": "", "start": "0", "max_results": "100"}
MAESTRO_NEXT = {**MAESTRO, "start": "10", "max_results": "100"}


def serve_maestro(api: RecordedApi) -> None:
    api.add("/api/query", recorded("arxiv/query-au_del_maestro-start0-max10.2016.xml"), query=MAESTRO)
    api.add("/api/query", recorded("arxiv/query-id_list-0000.0000.empty.xml"), query=MAESTRO_NEXT)


def test_an_id_is_asked_for_with_the_real_path_and_query(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", recorded("arxiv/query-id_list-1605.08386.xml"), query=ID_QUERY)
    code, stdout, stderr = run_import(import_site, "arxiv", "1605.08386")
    assert code == 0, stderr
    [request] = api.requests
    assert request.path == "/api/query" and {k: v[0] for k, v in request.query.items()} == ID_QUERY
    assert request.headers["User-Agent"] == "scholarsite/0.1.0 (mailto:ada@example.org)"
    paper = papers_by_id(import_site, "arxiv")["1605.08386"]
    assert paper["title"] == "Heat-bath random walks with Markov bases"
    assert paper["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert paper["arxiv_primary"] == "math.CO" and paper["arxiv_categories"] == ["math.CO", "math.ST"]
    assert paper["date"] == paper["arxiv_date"] == "2016-05-26" and paper["type"] == "preprint"
    assert "seeds/arxiv.yaml: 1 added, 0 updated, 0 unchanged; written" in stdout


def test_ids_lose_their_versions_and_old_style_ids_keep_their_archive(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    api.add("/api/query", recorded("arxiv/query-id_list-1605.08386.xml"), query=ID_QUERY)
    serve_maestro(api)
    code, _, stderr = run_import(import_site, "arxiv", "1605.08386v1", "au:del_maestro")
    assert code == 0, stderr
    papers = papers_by_id(import_site, "arxiv")
    assert "1605.08386" in papers and "1605.08386v1" not in papers
    assert papers["cond-mat/0412498"]["arxiv"] == "cond-mat/0412498"
    assert sum(key.startswith("cond-mat/") for key in papers) == 4
    assert not any("v" in key.rsplit("/", 1)[-1] for key in papers)


def test_the_2016_and_2026_serialisations_read_alike(api: RecordedApi, import_site: Path, run_import) -> None:
    """2016: namespaces on every element, http:// links, primary_category with scheme; 2026: on <feed>."""
    api.add("/api/query", recorded("arxiv/query-id_list-1605.08386.xml"), query=ID_QUERY)
    serve_maestro(api)
    assert run_import(import_site, "arxiv", "1605.08386", "au:del_maestro").code == 0
    papers = papers_by_id(import_site, "arxiv")
    old, new = papers["cond-mat/0412498"], papers["1605.08386"]
    assert old["arxiv_primary"] == "cond-mat.str-el" and new["arxiv_primary"] == "math.CO"
    assert old["arxiv_categories"] == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert set(new) - {"doi"} <= set(old) | {"doi"}
    assert len(papers) == 11


def test_summaries_and_titles_lose_leading_spaces_and_hard_line_breaks(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    api.add(
        "/api/query",
        recorded("arxiv/query-au_del_maestro-AND-ti_checkerboard.2016.xml"),
        query={**MAESTRO, "search_query": "au:del_maestro AND ti:checkerboard"},
    )
    assert run_import(import_site, "arxiv", "au:del_maestro AND ti:checkerboard").code == 0
    paper = papers_by_id(import_site, "arxiv")["cond-mat/0603029"]
    assert "\n" not in paper["title"] and "  " not in paper["title"]
    assert paper["title"].startswith("From stripe to checkerboard order on the square lattice in the presence")
    assert paper["abstract"] == paper["abstract"].strip() and "\n" not in paper["abstract"]


@pytest.mark.slow
def test_tex_in_titles_is_kept_for_the_math_renderer_and_names_keep_their_letters(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    query = {**MAESTRO, "search_query": "all:testing"}
    api.add("/api/query", recorded("arxiv/query-all_testing-start0-max100.xml"), query=query)
    api.add("/api/query", recorded("arxiv/query-id_list-0000.0000.empty.xml"), query={**query, "start": "100"})
    assert run_import(import_site, "arxiv", "all:testing").code == 0
    papers = papers_by_id(import_site, "arxiv").values()
    assert len(papers) == 100
    assert any(paper["title"].startswith("$") for paper in papers)
    # this recording holds its names as UTF-8 once misread as Latin-1 ("JosÃ© RaÃºl"): repaired on import
    names = {name for paper in papers for name in paper["authors"]}
    assert {"Aurora Ramírez", "José Raúl Romero", "Clément L. Canonne"} <= names


def test_the_doi_given_twice_is_one_lower_case_doi_without_prefix(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    serve_maestro(api)
    assert run_import(import_site, "arxiv", "au:del_maestro").code == 0
    dois = [paper["doi"] for paper in papers_by_id(import_site, "arxiv").values()]
    assert len(dois) == 10 and all(doi == doi.lower() and doi.startswith("10.") for doi in dois)
    assert papers_by_id(import_site, "arxiv")["1005.5383"]["doi"] == "10.1103/physrevb.82.060515"


def test_a_bare_word_is_neither_an_id_nor_a_search_and_nothing_is_asked(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    """arXiv would echo search_query=testing as all:testing; we ask the user to say which field."""
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "arxiv", "testing")
    assert code == 1 and stderr.count("\n") == 1 and "Traceback" not in stderr
    assert stderr.startswith('import arxiv: "testing" is neither an arXiv id nor a search')
    assert api.requests == [] and tree_hashes(import_site) == before


def test_a_bad_id_answered_400_with_an_error_feed_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", recorded("arxiv/query-id_list-abc.error400.xml", status=400))
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "arxiv", "1605.08386")
    assert code == 1 and stderr.count("\n") == 1
    assert "HTTP 400: incorrect id format for abc" in stderr
    assert tree_hashes(import_site) == before


def test_an_unknown_id_answered_200_with_no_entry_is_an_error(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", recorded("arxiv/query-id_list-0000.0000.empty.xml"))
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "arxiv", "0000.0000")
    assert code == 1 and stderr.strip() == (
        "import arxiv: arXiv has no paper 0000.0000; expected an arXiv id "
        "such as 1605.08386 or hep-ex/0406020v1, or a search such as "
        'au:"Ada Lovelace", as shown on its arxiv.org/abs/ page'
    )
    assert tree_hashes(import_site) == before


def test_pages_follow_total_results_until_an_empty_page(api: RecordedApi, import_site: Path, run_import) -> None:
    serve_maestro(api)
    assert run_import(import_site, "arxiv", "au:del_maestro").code == 0
    assert [request.query["start"] for request in api.requests] == [["0"], ["10"]]
    assert len(papers_by_id(import_site, "arxiv")) == 10
