"""Import from the recorded answers over loopback HTTP, then build: the pages show what the sources say."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import build_site, make_site, paper_block, parse_html, profile_text
from tests.importers.conftest import SITE_YAML
from tests.importers.server import RecordedApi, recorded

TITLE = "Heat-bath random walks with Markov bases"
BASE = "https://ada.example.org/"
PNAS = "Developing functional musculoskeletal tissues through hypoxia and lysyl oxidase-induced collagen cross-linking"


def paper_page(output: Path, title: str):  # -> BeautifulSoup
    listing = parse_html(output / "papers" / "index.html")
    [link] = [a for a in listing.select("main a.paper-title") if a.get_text(strip=True) == title]
    return parse_html((output / "papers" / "index.html").parent / link["href"] / "index.html")


def byline(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.find("p", class_="authors").find_all("a")]


@pytest.mark.slow
def test_a_cut_profile_paper_gets_its_full_author_list_from_an_import(
    api: RecordedApi, tmp_path: Path, run_import, cli
) -> None:
    profile = profile_text(
        "Tobias Windisch",
        paper_block("COMay 26, 2016", TITLE, "Caprice Stanley et al.", "Graphs on lattice points are studied."),
    )
    site = make_site(tmp_path, {"seeds/x.txt": profile, "site.yaml": SITE_YAML})
    api.add(
        "/api/query",
        recorded("arxiv/query-id_list-1605.08386.xml"),
        query={"search_query": "", "id_list": "1605.08386", "start": "0", "max_results": "1"},
    )
    api.add("/works/10.1073/pnas.1414271111", recorded("crossref/work-10.1073_pnas.1414271111.json"))
    assert run_import(site, "arxiv", "1605.08386").code == 0
    assert run_import(site, "crossref", "10.1073/pnas.1414271111").code == 0

    output = build_site(site, base_url=BASE).output
    soup = paper_page(output, TITLE)
    assert byline(soup) == ["Caprice Stanley", "Tobias Windisch"]
    assert "et al." not in soup.find("p", class_="authors").get_text()
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "https://arxiv.org/abs/1605.08386" in hrefs

    imported = paper_page(output, PNAS)  # a paper only the import knows
    assert byline(imported)[:5] == [
        "Eleftherios A. Makris",
        "Donald J. Responte",
        "Nikolaos K. Paschos",
        "Jerry C. Hu",
        "Kyriacos A. Athanasiou",
    ]
    assert "https://doi.org/10.1073/pnas.1414271111" in {a["href"] for a in imported.find_all("a", href=True)}

    code, stdout, stderr = cli(site, "check", "--base-url", BASE)
    assert code == 0, stderr
    assert stdout.splitlines()[-1] == "All internal links in output/ work."


@pytest.mark.browser
@pytest.mark.slow
def test_a_site_built_from_all_six_imports_is_valid_html(api: RecordedApi, tmp_path: Path, run_import, cli) -> None:
    """Every source imported from its recorded answers, then built: the Nu checker finds no error."""
    from tests.importers.test_dblp import LIMAYE
    from tests.importers.test_openalex import AUTHOR
    from tests.importers.test_openalex import serve as serve_openalex
    from tests.importers.test_orcid import SCOTT, serve_scott
    from tests.importers.test_s2 import serve_author

    sys.path.insert(0, str(Path(__file__).parents[1] / "quality"))  # gates imports its neighbours by name
    from gates import vnu_errors

    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": profile_text(
                "Tobias Windisch",
                paper_block("COMay 26, 2016", TITLE, "Caprice Stanley et al.", "Graphs on lattice points are studied."),
            ),
            "site.yaml": SITE_YAML,
        },
    )
    api.add("/api/query", recorded("arxiv/query-id_list-1605.08386.xml"))
    api.add("/works/10.1073/pnas.1414271111", recorded("crossref/work-10.1073_pnas.1414271111.json"))
    api.add(f"/pid/{LIMAYE}.bib", recorded("dblp/person-NutanLimaye.standard.bib"))
    serve_author(api)
    serve_scott(api)
    serve_openalex(api)
    for source, query in (
        ("arxiv", "1605.08386"),
        ("s2", "1723755"),
        ("dblp", LIMAYE),
        ("orcid", SCOTT),
        ("openalex", AUTHOR),
        ("crossref", "10.1073/pnas.1414271111"),
    ):
        code, _, stderr = run_import(site, source, query)
        assert code == 0, stderr
    result = build_site(site, base_url=BASE)
    assert result.summary.papers > 200  # 315 records, some of them one paper
    assert vnu_errors(result.output) == []
    code, _, stderr = cli(site, "check", "--base-url", BASE)
    assert code == 0, stderr
