"""How `scholarsite import` behaves on the network and in the site, whatever the source.

Retries, Retry-After, every failure as one line with the site unchanged, --dry-run,
re-imports (unchanged, keep: true), deterministic files, the file read back by the build's reader.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from scholarsite import __version__
from scholarsite.importers.http import Client, retry_after
from tests.conftest import make_site, one_paper_profile, tree_hashes
from tests.importers.server import RecordedApi, Reply, recorded

ID_QUERY = {"search_query": "", "id_list": "1605.08386", "start": "0", "max_results": "1"}
ARXIV_OK = recorded("arxiv/query-id_list-1605.08386.xml")
CROSSREF = "/works/10.1073/pnas.1414271111"


def one_line_failure(result, site: Path, before: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    code, _, stderr = result
    assert code == 1 and stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    assert tree_hashes(site) == before
    return str(stderr)


# --------------------------------------------------------------------------- retries


def test_429_with_retry_after_is_waited_out_then_the_answer_used(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    api.add("/api/query", Reply(429, b"Rate exceeded.", "text/plain", {"Retry-After": "3"}), ARXIV_OK, query=ID_QUERY)
    code, _, stderr = run_import(import_site, "arxiv", "1605.08386")
    assert code == 0, stderr
    assert len(api.requests) == 2 and "1605.08386" in (import_site / "seeds/arxiv.yaml").read_text()


@pytest.mark.parametrize("status", [429, 503])
def test_the_client_sleeps_what_retry_after_asks_within_its_bound(api: RecordedApi, status: int) -> None:
    api.add(
        "/x",
        Reply(status, b"", "text/plain", {"Retry-After": "7"}),
        Reply(status, b"", "text/plain", {"Retry-After": "600"}),
        Reply(200, b"{}"),
    )
    sleeps: list[float] = []
    client = Client("s2", "ada@example.org", environ={"SCHOLARSITE_API_S2": api.url}, sleep=sleeps.append)
    assert client.get("/x").status == 200
    assert sleeps == [7.0, 60.0]  # the second wait is bounded by max_wait


def test_without_retry_after_the_pauses_double(api: RecordedApi) -> None:
    api.add("/x", Reply(502, b""), Reply(502, b""), Reply(502, b""), Reply(200, b"{}"))
    sleeps: list[float] = []
    client = Client("s2", environ={"SCHOLARSITE_API_S2": api.url}, backoff=0.5, sleep=sleeps.append)
    assert client.get("/x").status == 200 and sleeps == [0.5, 1.0, 2.0]


def test_retry_after_as_an_http_date() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert retry_after("") is None and retry_after("soon") is None and retry_after("12") == 12.0


def test_too_many_retries_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add(CROSSREF, Reply(503, b"<html>busy</html>", "text/html"))
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "crossref", "10.1073/pnas.1414271111"), import_site, before)
    assert "HTTP 503 (gave up after 4 attempts" in stderr and len(api.requests) == 4


# --------------------------------------------------------------------------- failures: one line, site unchanged


def test_an_html_page_where_json_was_expected(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add(CROSSREF, Reply(200, b"<!DOCTYPE html><html><body>Sign in</body></html>", "text/html"))
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "crossref", "10.1073/pnas.1414271111"), import_site, before)
    assert "answered with an HTML page instead of JSON" in stderr


def test_a_404_html_error_page(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add(CROSSREF, Reply(404, b"<html><h1>Not Found</h1></html>", "text/html"))
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "crossref", "10.1073/pnas.1414271111"), import_site, before)
    assert "Crossref has no DOI 10.1073/pnas.1414271111 (HTTP 404: an HTML page;" in stderr


def test_a_400(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add(
        "/graph/v1/author/1723755", Reply(400, json.dumps({"error": "Unrecognized or unsupported fields"}).encode())
    )
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "s2", "1723755"), import_site, before)
    assert "(HTTP 400: Unrecognized or unsupported fields;" in stderr


def test_a_malformed_json_body(api: RecordedApi, import_site: Path, run_import) -> None:
    body = (Path(__file__).parents[1] / "data/importers/crossref/work-10.1073_pnas.1414271111.json").read_bytes()
    api.add(CROSSREF, Reply(200, body[: len(body) // 2]))
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "crossref", "10.1073/pnas.1414271111"), import_site, before)
    assert "is not JSON" in stderr


def test_json_of_an_unexpected_shape(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/graph/v1/author/1723755", Reply(200, b'{"name": "X"}'))
    api.add(
        "/graph/v1/author/1723755/papers",
        Reply(200, b'{"data": [{"paperId": "p", "title": "T", "authors": [{"name": "A B"}], "publicationTypes": 5}]}'),
    )
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "s2", "1723755"), import_site, before)
    assert stderr.startswith("import s2: ") and "answered in a shape scholarsite does not know" in stderr


def test_an_unreachable_service(api: RecordedApi, import_site: Path, run_import) -> None:
    with socket.socket() as probe:  # a port nothing listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    before = tree_hashes(import_site)
    result = run_import(import_site, "arxiv", "1605.08386", env={"SCHOLARSITE_API_ARXIV": f"http://127.0.0.1:{closed}"})
    stderr = one_line_failure(result, import_site, before)
    assert f"http://127.0.0.1:{closed} cannot connect" in stderr and "gave up after 4 attempts" in stderr


@pytest.mark.slow
def test_a_service_that_does_not_answer_in_time(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", Reply(hold=True))
    before = tree_hashes(import_site)
    result = run_import(import_site, "arxiv", "1605.08386", env={"SCHOLARSITE_HTTP_TIMEOUT": "0.2"})
    assert "timed out" in one_line_failure(result, import_site, before)


def test_a_base_url_that_is_not_one(import_site: Path, run_import) -> None:
    before = tree_hashes(import_site)
    result = run_import(import_site, "arxiv", "1605.08386", env={"SCHOLARSITE_API_ARXIV": "export.arxiv.org"})
    assert one_line_failure(result, import_site, before).startswith(
        'SCHOLARSITE_API_ARXIV: "export.arxiv.org" is not a web address'
    )


def test_nothing_to_import(import_site: Path, run_import) -> None:
    before = tree_hashes(import_site)
    assert "nothing to import" in one_line_failure(run_import(import_site, "s2"), import_site, before)


# --------------------------------------------------------------------------- the file in the site


def test_dry_run_shows_the_diff_and_writes_nothing(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    before = tree_hashes(import_site)
    code, stdout, stderr = run_import(import_site, "arxiv", "1605.08386", "--dry-run")
    assert code == 0, stderr
    assert "  + 1605.08386  Heat-bath random walks with Markov bases" in stdout
    assert stdout.splitlines()[-1] == "seeds/arxiv.yaml: 1 added, 0 updated, 0 unchanged; dry run, nothing written"
    assert tree_hashes(import_site) == before and not (import_site / "seeds/arxiv.yaml").exists()


def test_a_reimport_reports_unchanged_and_leaves_the_file_alone(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    assert run_import(import_site, "arxiv", "1605.08386").code == 0
    before = tree_hashes(import_site)
    code, stdout, _ = run_import(import_site, "arxiv", env={"SOURCE_DATE_EPOCH": "1798761600"})  # a month later
    assert code == 0
    assert stdout.splitlines()[-1] == "seeds/arxiv.yaml: 0 added, 0 updated, 1 unchanged; nothing to write"
    assert tree_hashes(import_site) == before
    assert api.requests[-1].query["id_list"] == ["1605.08386"]  # the queries of the last import, repeated


def test_keep_true_records_survive_and_edited_ones_are_updated(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add(
        "/api/query",
        recorded("arxiv/query-au_del_maestro-start0-max10.2016.xml"),
        query={"search_query": "au:del_maestro", "id_list": "", "start": "0", "max_results": "100"},
    )
    api.add(
        "/api/query",
        recorded("arxiv/query-id_list-0000.0000.empty.xml"),
        query={"search_query": "au:del_maestro", "id_list": "", "start": "10", "max_results": "100"},
    )
    assert run_import(import_site, "arxiv", "au:del_maestro").code == 0
    path = import_site / "seeds/arxiv.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        '    title: "Local Superfluidity at the Nanoscale"\n',
        '    title: "Local superfluidity, my own title"\n    keep: true\n',
    )
    text = text.replace(
        'title: "Interacting bosons in one dimension and Luttinger liquid theory"', 'title: "Edited without keep"'
    )
    path.write_text(text, encoding="utf-8")
    code, stdout, _ = run_import(import_site, "arxiv", env={"SOURCE_DATE_EPOCH": "1798761600"})
    assert code == 0
    assert "  ~ 1005.5383  Interacting bosons in one dimension and Luttinger liquid theory (title)" in stdout
    assert stdout.splitlines()[-1] == (
        "seeds/arxiv.yaml: 0 added, 1 updated, 8 unchanged, 1 kept (keep: true); written"
    )
    import yaml

    papers = {paper["id"]: paper for paper in yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]}
    assert papers["1303.6954"]["title"] == "Local superfluidity, my own title" and papers["1303.6954"]["keep"]
    assert papers["1005.5383"]["fetched"] == "2027-01-01" and papers["1201.4869"]["fetched"] == "2026-12-01"
    assert not [name for name in path.parent.iterdir() if name.name.startswith(".")]  # no temporary file left


def test_the_file_is_the_same_byte_for_byte_from_the_same_answers(api: RecordedApi, tmp_path: Path, run_import) -> None:
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    sites = [make_site(tmp_path / name, {"seeds/x.txt": one_paper_profile()}) for name in ("a", "b")]
    for site in sites:
        assert run_import(site, "arxiv", "1605.08386").code == 0
    first, second = ((site / "seeds/arxiv.yaml").read_bytes() for site in sites)
    assert first == second
    lines = first.decode().splitlines()
    assert lines[2:5] == ["source: arxiv", 'fetched: "2026-12-01"', 'queries: ["1605.08386"]']


def test_the_user_agent_names_the_contact_or_links_email(api: RecordedApi, tmp_path: Path, run_import) -> None:
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    with_email = make_site(
        tmp_path / "a", {"seeds/x.txt": one_paper_profile(), "site.yaml": "links:\n  email: ada@uni.example\n"}
    )
    bare = make_site(tmp_path / "b", {"seeds/x.txt": one_paper_profile()})
    assert run_import(with_email, "arxiv", "1605.08386").code == 0
    assert run_import(bare, "arxiv", "1605.08386").code == 0
    agents = [request.headers["User-Agent"] for request in api.requests]
    assert agents == [f"scholarsite/{__version__} (mailto:ada@uni.example)", f"scholarsite/{__version__}"]


def test_the_builds_reader_accepts_every_file_written(api: RecordedApi, import_site: Path, run_import) -> None:
    imports = pytest.importorskip("scholarsite.read.imports")
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    api.add(CROSSREF, recorded("crossref/work-10.1073_pnas.1414271111.json"))
    assert run_import(import_site, "arxiv", "1605.08386").code == 0
    assert run_import(import_site, "crossref", "10.1073/pnas.1414271111").code == 0
    for source in ("arxiv", "crossref"):
        shown = f"seeds/{source}.yaml"
        parsed = imports.parse_import((import_site / shown).read_text(encoding="utf-8"), shown)
        assert parsed.source == source and len(parsed.records) == 1
        assert parsed.records[0].authors and parsed.records[0].authors_complete


def test_names_are_given_then_family() -> None:
    from scholarsite.importers.records import name

    assert name("Kreutzer,  Sebastian") == "Sebastian Kreutzer"
    assert name("Martin Luther King, Jr.") == "Martin Luther King, Jr."
    assert name("AndrÉ L Queiroz") == "André L Queiroz" and name("McDonald DeWitt") == "McDonald DeWitt"


def test_a_broken_last_import_is_one_line_naming_its_line(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/api/query", ARXIV_OK, query=ID_QUERY)
    (import_site / "seeds").mkdir(exist_ok=True)
    (import_site / "seeds/arxiv.yaml").write_text(
        'source: arxiv\npapers:\n  - id: "x"\n   title: [\n', encoding="utf-8"
    )
    before = tree_hashes(import_site)
    stderr = one_line_failure(run_import(import_site, "arxiv", "1605.08386"), import_site, before)
    assert stderr.startswith("seeds/arxiv.yaml:4: cannot read the last import") and api.requests == []


def test_xml_that_declares_entities_is_refused(api: RecordedApi, import_site: Path, run_import) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>'
    )
    api.add("/api/query", Reply(200, laughs, "application/atom+xml"))
    before = tree_hashes(import_site)
    assert "XML that declares entities" in one_line_failure(
        run_import(import_site, "arxiv", "1605.08386"), import_site, before
    )
