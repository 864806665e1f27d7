"""`scholarsite import orcid` against recorded ORCID v3.0 answers (tests/data/importers/orcid/).

No bulk answer (/works/{put-codes}) was recorded. The bulk envelope {"bulk": [...]} is built
here from recorded bodies: the recorded full work 77226586, and for put-codes whose full work was
not recorded, the recorded ORCID error body — which is what ORCID puts in a bulk answer for a
work it cannot give. The works list of 0000-0002-0734-2199 (one group) is likewise built from
the recorded full work's own fields. Both are marked SYNTHETIC ENVELOPE.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import tree_hashes
from tests.importers.conftest import load_seed, papers_by_id
from tests.importers.server import DATA, RecordedApi, Reply, recorded

SCOTT = "0000-0003-1444-9135"
KREUTZER = "0000-0002-0734-2199"


def recorded_json(relative: str) -> dict:  # type: ignore[type-arg]
    return json.loads((DATA / relative).read_text(encoding="utf-8"))


def serve_scott(api: RecordedApi) -> list[int]:
    api.add(f"/v3.0/{SCOTT}/person", recorded(f"orcid/{SCOTT}-person.json"))
    api.add(f"/v3.0/{SCOTT}/works", recorded(f"orcid/{SCOTT}-works.json"))
    works = recorded_json(f"orcid/{SCOTT}-works.json")
    codes = [group["work-summary"][0]["put-code"] for group in works["group"]]
    error = recorded_json("orcid/adfafadf-person.404.json")
    for start in range(0, len(codes), 100):  # SYNTHETIC ENVELOPE around the recorded error body
        chunk = codes[start : start + 100]
        api.add(
            f"/v3.0/{SCOTT}/works/{','.join(map(str, chunk))}",
            Reply(200, json.dumps({"bulk": [{"error": error} for _ in chunk]}).encode()),
        )
    return codes


def serve_kreutzer(api: RecordedApi, work: dict | None = None) -> None:  # type: ignore[type-arg]
    work = work or recorded_json(f"orcid/{KREUTZER}-work-77226586.json")
    api.add(
        f"/v3.0/{KREUTZER}/person",
        Reply(
            200,
            json.dumps(  # SYNTHETIC: the person was not recorded
                {"name": {"given-names": {"value": "Sebastian"}, "family-name": {"value": "Kreutzer"}}}
            ).encode(),
        ),
    )
    summary = {
        key: work[key]
        for key in ("put-code", "title", "external-ids", "url", "type", "publication-date", "journal-title", "path")
    }
    api.add(
        f"/v3.0/{KREUTZER}/works",
        Reply(
            200,
            json.dumps(  # SYNTHETIC ENVELOPE from the recorded work
                {"group": [{"external-ids": work["external-ids"], "work-summary": [summary]}]}
            ).encode(),
        ),
    )
    api.add(f"/v3.0/{KREUTZER}/works/77226586", Reply(200, json.dumps({"bulk": [{"work": work}]}).encode()))


@pytest.fixture
def scott(api: RecordedApi, import_site: Path, run_import) -> dict[str, dict]:  # type: ignore[type-arg]
    serve_scott(api)
    code, _, stderr = run_import(import_site, "orcid", SCOTT)
    assert code == 0, stderr
    return papers_by_id(import_site, "orcid")


def test_summaries_then_full_works_in_bulk_of_at_most_100(api: RecordedApi, scott: dict) -> None:
    paths = [request.path for request in api.requests]
    assert paths[:2] == [f"/v3.0/{SCOTT}/person", f"/v3.0/{SCOTT}/works"]
    bulks = [path.rsplit("/", 1)[-1].split(",") for path in paths[2:]]
    assert [len(codes) for codes in bulks] == [100, 11]
    assert all(request.headers["Accept"] == "application/json" for request in api.requests)


def test_a_group_of_summaries_of_one_work_is_one_record(scott: dict) -> None:
    assert len(scott) == 111  # 114 summaries in 111 groups
    assert (
        len(
            {
                paper["title"]
                for paper in scott.values()
                if paper["title"] == "taxize: taxonomic search and retrieval in R"
            }
        )
        == 1
    )


def test_summaries_without_contributors_keep_the_owner_as_the_only_known_author(scott: dict, import_site: Path) -> None:
    assert all(
        paper["authors"] == ["Scott Chamberlain"] and paper["authors_complete"] is False for paper in scott.values()
    )
    assert load_seed(import_site, "orcid")["person"] == {"name": "Scott Chamberlain", "id": SCOTT}


def test_wrapped_values_and_null_dates(scott: dict) -> None:
    paper = scott["44924450"]
    assert paper["title"] == "Phylogeny Based Biodiversity Data Queries"
    assert paper["date"] == "2018-05-21" and paper["venue"] == "Biodiversity Information Science and Standards"
    works = recorded_json(f"orcid/{SCOTT}-works.json")["group"]
    undated = [
        group["work-summary"][0]["put-code"] for group in works if not group["work-summary"][0]["publication-date"]
    ]
    month_less = [
        group["work-summary"][0]["put-code"]
        for group in works
        if (group["work-summary"][0]["publication-date"] or {}).get("month") is None
        and group["work-summary"][0]["publication-date"]
    ]
    assert undated and all("date" not in scott[str(code)] for code in undated)
    # the epoch-millisecond timestamps (created-date, last-modified-date) are never taken for dates
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", paper.get("date", "2000")) for paper in scott.values())
    assert month_less and all(len(scott[str(code)]["date"]) == 4 for code in month_less)


def test_empty_or_non_doi_external_ids_give_no_doi(scott: dict) -> None:
    works = recorded_json(f"orcid/{SCOTT}-works.json")["group"]
    without = [group["work-summary"][0]["put-code"] for group in works if not group["external-ids"]["external-id"]]
    assert without and all("doi" not in scott[str(code)] for code in without)


def test_the_full_work_gives_contributors_in_order_and_plain_text(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    serve_kreutzer(api)
    assert run_import(import_site, "orcid", KREUTZER).code == 0
    paper = papers_by_id(import_site, "orcid")["77226586"]
    assert paper["authors"] == ["Sebastian Kreutzer", "Chantal Tribolo", "Loïc Martin", "Norbert Mercier"]
    assert paper["authors_complete"] is True
    assert paper["title"] == "Dose-Rate Estimation using α-Al2O3:C Chips: Aftermath"
    assert "<sub>" not in paper["abstract"] and "α-Al2O3:C chips" in paper["abstract"]
    assert "@article" not in json.dumps(paper) and "title     =" not in paper["abstract"]  # not the BibTeX citation
    assert "doi" not in paper and paper["url"].startswith("https://pure.aber.ac.uk/")  # only a source-work-id
    assert paper["venue"] == "Ancient TL"
    # from the BibTeX citation the work carries (quoted values, non-ASCII, LaTeX: Lo{\"i}c)
    assert (paper["volume"], paper["issue"], paper["pages"]) == ("38", "1", "1-10")
    assert paper["publisher"] == "East Carolina University"


def test_without_contributors_the_authors_come_from_the_attached_bibtex(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    work = recorded_json(f"orcid/{KREUTZER}-work-77226586.json")
    work["contributors"] = {"contributor": []}  # CHANGED RECORDING: as works from some sources come
    serve_kreutzer(api, work)
    assert run_import(import_site, "orcid", KREUTZER).code == 0
    paper = papers_by_id(import_site, "orcid")["77226586"]
    assert paper["authors"] == ["Sebastian Kreutzer", "Chantal Tribolo", "Loïc Martin", "Norbert Mercier"]
    assert paper["authors_complete"] is True


def test_an_unknown_orcid_is_the_servers_message_in_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    api.add("/v3.0/0000-0002-1825-0097/person", recorded("orcid/adfafadf-person.404.json", status=404))
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "orcid", "0000-0002-1825-0097")
    assert code == 1 and stderr.count("\n") == 1
    assert "ORCID has no public record 0000-0002-1825-0097 (HTTP 404: 404 Not Found" in stderr
    assert tree_hashes(import_site) == before


def test_an_id_with_a_wrong_check_digit_is_refused_before_any_request(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    code, _, stderr = run_import(import_site, "orcid", "adfafadf")
    assert code == 1 and "is not an ORCID iD" in stderr and api.requests == []
    code, _, stderr = run_import(import_site, "orcid", "0000-0002-1825-0098")
    assert code == 1 and "check digit" in stderr and api.requests == []


def test_xml_where_json_was_asked_for_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    """ORCID's XML uses prefixed namespaces (activities:, work:); we ask for JSON and say so if XML comes."""
    api.add(f"/v3.0/{SCOTT}/person", recorded("orcid/sample-works-3.0.xml"))
    code, _, stderr = run_import(import_site, "orcid", SCOTT)
    assert code == 1 and stderr.count("\n") == 1 and "is not JSON" in stderr


def test_the_builds_reader_accepts_the_file(scott: dict, import_site: Path) -> None:
    imports = pytest.importorskip("scholarsite.read.imports")
    text = (import_site / "seeds/orcid.yaml").read_text(encoding="utf-8")
    records = imports.parse_import(text, "seeds/orcid.yaml").records
    assert len(records) == 111 and not any(record.authors_complete for record in records)
