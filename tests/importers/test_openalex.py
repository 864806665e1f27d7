"""`scholarsite import openalex` against recorded OpenAlex answers (tests/data/importers/openalex/).

No author query (/works?filter=author.id:…, /authors/{id}) was recorded. The list pages here are
the recorded list envelope {meta, results, group_by} (works-filter-title.search-…json), and a first
page made from it holding the two recorded single works plus a next_cursor (SYNTHETIC ENVELOPE);
the /authors answer is written in the test (SYNTHETIC).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import tree_hashes
from tests.importers.conftest import load_seed, papers_by_id
from tests.importers.server import DATA, RecordedApi, Reply, recorded

AUTHOR = "A5023888391"
AUTHOR_BODY = {
    "id": f"https://openalex.org/{AUTHOR}",
    "display_name": "Michael Skarlinski",
    "works_count": 3,
    "cited_by_count": 150,
    "summary_stats": {"h_index": 3},
}


def recorded_json(relative: str) -> dict:  # type: ignore[type-arg]
    return json.loads((DATA / relative).read_text(encoding="utf-8"))


def serve(
    api: RecordedApi,
    filter_: str = f"author.id:{AUTHOR}",
    author_path: str = f"/authors/{AUTHOR}",
    extra: dict[str, str] | None = None,
) -> None:
    listing = recorded_json("openalex/works-filter-title.search-effect_of_native_oxide_layers.json")
    first = {
        "meta": {**listing["meta"], "next_cursor": "IlsxNjA5"},
        "group_by": [],
        "results": [
            recorded_json("openalex/work-doi-10.1073_pnas.1414271111.json"),
            recorded_json("openalex/work-doi-10.1016_j.xgen.2025.100814.json"),
        ],
    }
    query = {"filter": filter_, "per_page": "200", **(extra or {})}
    api.add(author_path, Reply(200, json.dumps(AUTHOR_BODY).encode()))
    api.add("/works", Reply(200, json.dumps(first).encode()), query={**query, "cursor": "*"})
    api.add(
        "/works",
        recorded("openalex/works-filter-title.search-effect_of_native_oxide_layers.json"),
        query={**query, "cursor": "IlsxNjA5"},
    )


@pytest.fixture
def works(api: RecordedApi, import_site: Path, run_import) -> dict[str, dict]:  # type: ignore[type-arg]
    serve(api)
    code, _, stderr = run_import(import_site, "openalex", AUTHOR)
    assert code == 0, stderr
    return papers_by_id(import_site, "openalex")


def test_pages_follow_the_cursor_until_there_is_none(api: RecordedApi, works: dict) -> None:
    assert [request.path for request in api.requests] == [f"/authors/{AUTHOR}", "/works", "/works"]
    assert [request.query["cursor"] for request in api.requests[1:]] == [["*"], ["IlsxNjA5"]]
    assert "api_key" not in api.requests[1].query
    assert sorted(works) == ["W2109415576", "W2277923667", "W4408732759"]


def test_the_api_key_is_sent_when_set(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api, extra={"api_key": "secret-key"})
    code, _, stderr = run_import(import_site, "openalex", AUTHOR, env={"OPENALEX_API_KEY": "secret-key"})
    assert code == 0, stderr
    assert all(request.query["api_key"] == ["secret-key"] for request in api.requests)


def test_an_orcid_is_asked_for_as_author_orcid(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api, "author.orcid:0000-0002-1825-0097", "/authors/orcid:0000-0002-1825-0097")
    assert run_import(import_site, "openalex", "https://orcid.org/0000-0002-1825-0097").code == 0
    assert load_seed(import_site, "openalex")["person"]["id"] == AUTHOR


def test_the_abstract_is_rebuilt_from_the_inverted_index_and_null_gives_none(works: dict) -> None:
    assert works["W2109415576"]["abstract"].startswith(
        "Significance The inadequate mechanical properties of engineered tissues"
    )
    assert "abstract" not in works["W4408732759"]


def test_full_url_ids_become_short_ids_and_plain_dois(works: dict) -> None:
    paper = works["W2109415576"]
    assert paper["doi"] == "10.1073/pnas.1414271111" and paper["id"] == "W2109415576"


def test_display_names_are_used_not_the_raw_names(works: dict) -> None:
    assert works["W2109415576"]["authors"][0] == "Eleftherios Makris"  # raw: "Eleftherios A. Makris"
    assert works["W2277923667"]["authors"] == ["Michael Skarlinski", "David J. Quesnel"]


def test_null_biblio_fields_are_left_out_and_an_article_number_is_one_page(works: dict) -> None:
    assert "pages" not in works["W2109415576"]
    genomics = works["W4408732759"]
    assert genomics["pages"] == "100814" and "volume" not in genomics and "issue" not in genomics


def test_person_and_metrics(works: dict, import_site: Path) -> None:
    assert load_seed(import_site, "openalex")["person"] == {
        "name": "Michael Skarlinski",
        "id": AUTHOR,
        "metrics": {"citations": 150, "h_index": 3, "papers": 3},
    }


def test_an_unknown_author_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "openalex", "A1")
    assert code == 1 and stderr.count("\n") == 1 and "OpenAlex has no author A1 (HTTP 404" in stderr
    assert tree_hashes(import_site) == before


def test_the_builds_reader_accepts_the_file(works: dict, import_site: Path) -> None:
    imports = pytest.importorskip("scholarsite.read.imports")
    parsed = imports.parse_import(
        (import_site / "seeds/openalex.yaml").read_text(encoding="utf-8"), "seeds/openalex.yaml"
    )
    assert len(parsed.records) == 3 and dict(parsed.metrics) == {"citations": 150, "h_index": 3, "papers": 3}
