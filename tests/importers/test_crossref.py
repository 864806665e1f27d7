"""`scholarsite import crossref` against recorded Crossref answers (tests/data/importers/crossref/)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_site, one_paper_profile, tree_hashes
from tests.importers.conftest import SITE_YAML, papers_by_id
from tests.importers.server import RecordedApi, recorded

PNAS, XGEN, PONE = "10.1073/pnas.1414271111", "10.1016/j.xgen.2025.100814", "10.1371/journal.pone.0033693"


def serve(api: RecordedApi) -> None:
    api.add(f"/works/{PNAS}", recorded("crossref/work-10.1073_pnas.1414271111.json"))
    api.add(f"/works/{XGEN}", recorded("crossref/work-10.1016_j.xgen.2025.100814.json"))
    api.add(f"/works/{PONE}", recorded("crossref/work-10.1371_journal.pone.0033693.json"))
    api.add("/works/10.1371/notarealdoi", recorded("crossref/work-10.1371_notarealdoi.404.txt", status=404))


def test_each_doi_is_asked_for_at_works_doi_and_read_from_the_envelope(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    serve(api)
    code, _, stderr = run_import(import_site, "crossref", PONE, f"https://doi.org/{PNAS.upper()}")
    assert code == 0, stderr
    assert [request.path for request in api.requests] == [f"/works/{PONE}", f"/works/{PNAS}"]
    assert all(request.headers["Accept"] == "application/json" and not request.query for request in api.requests)
    paper = papers_by_id(import_site, "crossref")[PONE]
    assert paper["title"] == (
        "Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of Microglia in the Basal Ganglia of Mice"
    )  # ["…"]: the list's one item
    assert paper["venue"] == "PLoS ONE" and paper["authors"][:2] == ["Shankar Sadasivan", "Brooks B. Pond"]
    assert paper["pages"] == "e33693" and paper["date"] == "2012-03-21"


def test_dates_keep_the_precision_of_their_date_parts(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api)
    assert run_import(import_site, "crossref", XGEN).code == 0
    assert papers_by_id(import_site, "crossref")[XGEN]["date"] == "2025-04"  # issued [[2025, 4]]


def test_issued_is_the_date_when_published_print_differs(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api)
    assert run_import(import_site, "crossref", PNAS).code == 0
    paper = papers_by_id(import_site, "crossref")[PNAS]
    assert paper["date"] == "2014-10-27"  # published-print is 2014-11-11
    assert (paper["volume"], paper["issue"], paper["venue_short"]) == ("111", "45", "Proc. Natl. Acad. Sci. U.S.A.")
    assert paper["authors"][0] == "Eleftherios A. Makris" and len(paper["authors"]) == 5


def test_jats_abstracts_become_plain_text(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api)
    assert run_import(import_site, "crossref", PNAS).code == 0
    abstract = papers_by_id(import_site, "crossref")[PNAS]["abstract"]
    assert "<" not in abstract and "jats" not in abstract and abstract.startswith("The inadequate mechanical")


def test_an_unknown_doi_answered_in_plain_text_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    serve(api)
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "crossref", "10.1371/notarealdoi")
    assert code == 1 and stderr.count("\n") == 1
    assert "Crossref has no DOI 10.1371/notarealdoi (HTTP 404: Resource not found.;" in stderr
    assert tree_hashes(import_site) == before


def test_bibtex_where_json_was_asked_for_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    """The transform endpoint's one-line BibTeX (leading space, month=oct) is not what we read."""
    api.add(f"/works/{PNAS}", recorded("crossref/work-10.1073_pnas.1414271111.transform-bibtex.bib"))
    code, _, stderr = run_import(import_site, "crossref", PNAS)
    assert code == 1 and stderr.count("\n") == 1 and "is not JSON" in stderr


def test_a_title_is_not_a_doi_and_no_relevance_search_is_made(api: RecordedApi, import_site: Path, run_import) -> None:
    """/works?query.title= answers 12,808,299 relevance hits: a search is never taken for a match."""
    code, _, stderr = run_import(import_site, "crossref", "Effect of native oxide layers")
    assert code == 1 and "is not a DOI" in stderr and api.requests == []


def test_without_dois_every_doi_the_site_knows_is_asked_for(api: RecordedApi, tmp_path: Path, run_import) -> None:
    serve(api)
    bib = "@article{k, title={Developing}, author={Makris, E.}, year={2014}, doi={10.1073/PNAS.1414271111}}\n"
    other = (
        'source: openalex\npapers:\n  - id: "W1"\n    title: "G"\n    authors: ["A B"]\n'
        f'    doi: "{XGEN}"\n  - id: "W2"\n    title: "H"\n    authors: ["A B"]\n'
        '    doi: "10.1371/notarealdoi"\n'
    )
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "site.yaml": SITE_YAML,
            "seeds/refs.bib": bib,
            "seeds/openalex.yaml": other,
        },
    )
    code, stdout, stderr = run_import(site, "crossref")
    assert code == 0, stderr
    assert sorted(request.path for request in api.requests) == sorted(
        ["/works/10.1016/j.xgen.2025.100814", "/works/10.1073/pnas.1414271111", "/works/10.1371/notarealdoi"]
    )
    assert "note: Crossref does not hold 10.1371/notarealdoi; skipped" in stdout
    assert sorted(papers_by_id(site, "crossref")) == [XGEN, PNAS]
