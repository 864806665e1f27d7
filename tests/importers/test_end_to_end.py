"""Import from the recorded answers over loopback HTTP, then build: the pages show what the sources say."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_site, make_site, paper_block, parse_html, profile_text
from tests.importers.conftest import SITE_YAML
from tests.importers.server import RecordedApi, recorded

TITLE = "Heat-bath random walks with Markov bases"
PNAS = "Developing functional musculoskeletal tissues through hypoxia and lysyl oxidase-induced collagen cross-linking"


def paper_page(output: Path, title: str):  # -> BeautifulSoup
    listing = parse_html(output / "papers" / "index.html")
    [link] = [a for a in listing.select("main a.paper-title") if a.get_text(strip=True) == title]
    return parse_html((output / "papers" / "index.html").parent / link["href"] / "index.html")


def byline(soup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.find("p", class_="authors").find_all("a")]


def test_a_cut_profile_paper_gets_its_full_author_list_from_an_import(api: RecordedApi, tmp_path: Path,
                                                                      run_import) -> None:
    profile = profile_text("Tobias Windisch", paper_block("COMay 26, 2016", TITLE, "Caprice Stanley et al.",
                                                          "Graphs on lattice points are studied."))
    site = make_site(tmp_path, {"seeds/x.txt": profile, "site.yaml": SITE_YAML})
    api.add("/api/query", recorded("arxiv/query-id_list-1605.08386.xml"),
            query={"search_query": "", "id_list": "1605.08386", "start": "0", "max_results": "1"})
    api.add("/works/10.1073/pnas.1414271111", recorded("crossref/work-10.1073_pnas.1414271111.json"))
    assert run_import(site, "arxiv", "1605.08386").code == 0
    assert run_import(site, "crossref", "10.1073/pnas.1414271111").code == 0

    output = build_site(site).output
    soup = paper_page(output, TITLE)
    assert byline(soup) == ["Caprice Stanley", "Tobias Windisch"]
    assert "et al." not in soup.find("p", class_="authors").get_text()
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "https://arxiv.org/abs/1605.08386" in hrefs

    imported = paper_page(output, PNAS)  # a paper only the import knows
    assert byline(imported)[:5] == ["Eleftherios A. Makris", "Donald J. Responte", "Nikolaos K. Paschos",
                                    "Jerry C. Hu", "Kyriacos A. Athanasiou"]
    assert "https://doi.org/10.1073/pnas.1414271111" in {a["href"] for a in imported.find_all("a", href=True)}
