"""`scholarsite import dblp` against DBLP exports (tests/data/importers/dblp/).

No complete recorded person page exists: the Nutan Limaye files are the person's .bib exports
(standard, condensed, with crossref) and the McCallum file a person-XML excerpt. Each is
served for its own pid; the other format answers 404, which the importer allows (either
format is enough).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import tree_hashes
from tests.importers.conftest import import_once, load_seed, papers_by_id
from tests.importers.server import RecordedApi, recorded

LIMAYE = "l/NutanLimaye"


def import_bib(api: RecordedApi, site: Path, run_import, variant: str = "standard") -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    api.add(f"/pid/{LIMAYE}.bib", recorded(f"dblp/person-NutanLimaye.{variant}.bib"))
    code, _, stderr = run_import(site, "dblp", LIMAYE)
    assert code == 0, stderr
    return papers_by_id(site, "dblp")


@pytest.fixture(scope="module")
def limaye_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RecordedApi, list[str]]:
    return import_once(
        tmp_path_factory,
        "dblp",
        LIMAYE,
        lambda api: api.add(f"/pid/{LIMAYE}.bib", recorded("dblp/person-NutanLimaye.standard.bib")),
    )


@pytest.fixture(scope="module")
def limaye(limaye_import: tuple[Path, RecordedApi, list[str]]) -> dict[str, dict]:  # type: ignore[type-arg]
    return papers_by_id(limaye_import[0], "dblp")


def test_the_person_exports_are_asked_for_at_their_real_paths(
    limaye_import: tuple[Path, RecordedApi, list[str]],
) -> None:
    api = limaye_import[1]
    assert [request.path for request in api.requests] == [f"/pid/{LIMAYE}.xml", f"/pid/{LIMAYE}.bib"]
    assert all(request.query == {} for request in api.requests)
    assert api.requests[0].headers["User-Agent"].endswith("(mailto:ada@example.org)")


def test_latex_escapes_are_decoded(limaye: dict) -> None:
    paper = limaye["conf/stoc/FournierL0T24"]
    assert paper["authors"] == ["Hervé Fournier", "Nutan Limaye", "Srikanth Srinivasan", "Sébastien Tavenas"]
    assert limaye["journals/corr/abs-2408-03465"]["title"] == (
        "On the geometry of k-SAT solutions: what more can PPZ and Schöning's algorithms do?"
    )
    assert paper["publisher"] == "ACM" and "{" not in paper["venue"]


def test_a_homonym_number_in_the_key_is_not_in_the_names(limaye: dict) -> None:
    """FournierL0T24: the 0 stands for a namesake's number; names carry none."""
    paper = limaye["conf/stoc/FournierL0T24"]
    assert paper["dblp"] == "conf/stoc/FournierL0T24" and "Srikanth Srinivasan" in paper["authors"]


def test_upper_case_dois_are_lowered_and_the_url_beside_them_dropped(limaye: dict) -> None:
    paper = limaye["journals/algorithmica/ChauguleL24"]
    assert paper["doi"] == "10.1007/s00453-024-01221-8" and "url" not in paper
    assert (paper["volume"], paper["issue"], paper["pages"]) == ("86", "7", "2130-2151")


def test_the_wider_eprinttype_field_is_read(limaye: dict) -> None:
    assert limaye["journals/corr/abs-2408-03465"]["arxiv"] == "2408.03465"
    assert "doi" not in limaye["journals/corr/abs-2408-03465"]  # arXiv's own DOI says no more than the id


def test_double_braced_eccc_volumes_lose_their_braces(limaye: dict) -> None:
    report = limaye["journals/eccc/ChauguleLP20"]
    assert report["volume"] == "TR20-152" and report["type"] == "report"


def test_conference_corr_and_eccc_copies_of_one_paper_are_one_record(
    limaye_import: tuple[Path, RecordedApi, list[str]], limaye: dict
) -> None:
    assert "conf/stoc/HakoniemiLT24" in limaye
    assert "journals/corr/abs-2412-20114" not in limaye and "journals/eccc/HakoniemiLT24" not in limaye
    assert limaye["conf/stoc/HakoniemiLT24"]["arxiv"] == "2412.20114"
    assert "journals/eccc/ChauguleL24" not in limaye  # "On The Closures…" vs "On the closures…": one paper
    assert len(limaye) == 79
    assert "note: DBLP l/NutanLimaye: 39 CoRR/ECCC copies folded into the published version" in limaye_import[2]


@pytest.mark.slow
def test_the_condensed_export_has_short_venues_and_no_dois(api: RecordedApi, import_site: Path, run_import) -> None:
    papers = import_bib(api, import_site, run_import, "condensed")
    assert papers["conf/stoc/FournierL0T24"]["venue"] == "STOC" and "doi" not in papers["conf/stoc/FournierL0T24"]
    assert len(papers) == 79


@pytest.mark.slow
def test_the_export_with_crossref_skips_the_proceedings_volumes(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    papers = import_bib(api, import_site, run_import, "withcrossref")
    assert len(papers) == 79 and not any(
        paper["id"].startswith("conf/") and "/" not in paper["id"][5:] for paper in papers.values()
    )


def test_xml_titles_lose_their_period_and_the_person_comes_with_its_count(
    api: RecordedApi, import_site: Path, run_import
) -> None:
    api.add("/pid/m/AndrewMcCallum.xml", recorded("dblp/pid-m-AndrewMcCallum.excerpt.xml"))
    assert run_import(import_site, "dblp", "m/AndrewMcCallum").code == 0
    seed = load_seed(import_site, "dblp")
    assert seed["person"] == {"name": "Andrew McCallum", "id": "m/AndrewMcCallum", "metrics": {"papers": 408}}
    [paper] = seed["papers"]
    assert paper["title"] == "Multi-CLS BERT: An Efficient Alternative to Traditional Ensembling"
    assert paper["authors"] == ["Haw-Shiuan Chang", "Ruei-Yao Sun", "Kathryn Ricci", "Andrew McCallum"]
    assert paper["doi"] == "10.18653/v1/2023.acl-long.48"  # from the first <ee type="oa">
    assert (paper["venue"], paper["pages"], paper["date"]) == ("ACL (1)", "821-854", "2023")


def test_a_pid_dblp_does_not_know_is_one_line(api: RecordedApi, import_site: Path, run_import) -> None:
    before = tree_hashes(import_site)
    code, _, stderr = run_import(import_site, "dblp", "00/0000")
    assert code == 1 and stderr.count("\n") == 1 and stderr.startswith("import dblp: DBLP has no person 00/0000")
    assert tree_hashes(import_site) == before


@pytest.mark.slow
def test_the_builds_reader_accepts_the_file(limaye_import: tuple[Path, RecordedApi, list[str]]) -> None:
    imports = pytest.importorskip("scholarsite.read.imports")
    text = (limaye_import[0] / "seeds/dblp.yaml").read_text(encoding="utf-8")
    assert len(imports.parse_import(text, "seeds/dblp.yaml").records) == 79
