"""Third-party judges of the exports: citeproc-js renders publications.json in APA, citation-js reads
publications.bib, and biber validates it against biblatex's data model. Each must agree with our own
pages on authors, dates and venues. They run node and biber, so they are marked slow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, build_site, copy_sample_site, parse_html
from tests.imported_site import imported_site
from tests.test_bibtex_import import BIB as SAMPLE_BIB
from tests.test_published_facts import hostile_site

pytestmark = pytest.mark.slow
NODE_MODULES = REPO_ROOT / "tools" / "node_modules"
JUDGES = Path(__file__).parent / "judges"


def require(tool: str, path: Path | None = None) -> str:
    """The tool's path, or a skip (locally) / failure (in CI) naming scripts/install-tools."""
    found = shutil.which(tool)
    if found and (path is None or path.exists()):
        return found
    message = f"{tool} missing; run scripts/install-tools"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
    raise AssertionError("unreachable")


def node(script: str, file: Path) -> object:
    executable = require("node", NODE_MODULES / "citeproc")
    done = subprocess.run(
        [executable, str(JUDGES / script), str(file)],
        capture_output=True,
        text=True,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = copy_sample_site(tmp_path_factory.mktemp("judged-sample") / "site")
    (sample / "seeds" / "scholar.bib").write_text(SAMPLE_BIB, encoding="utf-8")
    return {
        "imported": build_site(imported_site(tmp_path_factory.mktemp("judged"))).output,
        "sample": build_site(sample, base_url="https://example.org/repo/").output,
    }


class PageFacts:
    """What a paper page says: the byline, whether it is cut, the date shown and the venue."""

    def __init__(self, output: Path, url: str) -> None:
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        soup = parse_html(output / "papers" / slug / "index.html")
        authors = soup.find("p", class_="authors")
        self.names = [a.get_text(strip=True) for a in authors.find_all("a")]
        self.hidden_owner = authors.find(string="…") is not None
        self.cut = self.hidden_owner or authors.get_text().rstrip().endswith("et al.")
        self.listed = self.names[:-1] if self.hidden_owner else self.names
        self.date = [int(part) for part in soup.find("dt", string="Published").find_next("time")["datetime"].split("-")]
        venue = soup.find("dt", string=re.compile("^(Journal|Venue)$"))
        self.venue = venue.find_next_sibling("dd").get_text(strip=True) if venue else ""


def test_citeproc_renders_publications_json_as_the_pages_say(sites: dict[str, Path]) -> None:
    for output in sites.values():
        items = {item["id"]: item for item in json.loads((output / "publications.json").read_text("utf-8"))}
        rendered = node("citeproc_apa.js", output / "publications.json")
        assert set(rendered) == set(items)
        for key, text in rendered.items():
            page = PageFacts(output, items[key]["URL"])
            head, _, _ = text.partition(f"({page.date[0]}")  # APA: authors, then (year)
            assert head, (key, text)
            if page.cut:
                assert head.rstrip().endswith("et al."), (key, text)
                assert "&" not in head
            else:
                assert "et al." not in head and "others" not in head, (key, text)
            surnames = [name.split()[-1] for name in page.listed]
            positions = [head.find(surname) for surname in surnames]
            assert -1 not in positions and positions == sorted(positions), (key, text, surnames)
            if page.hidden_owner:
                assert page.names[-1] not in head  # the owner's place is unknown: not put anywhere
            if page.venue:
                assert items[key]["container-title"] in text and page.venue.startswith(items[key]["container-title"])


def as_written(name: dict[str, str]) -> str:
    """A CSL name object as the page writes the name: given, particle, family, suffix."""
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return " ".join(name[part] for part in parts if name.get(part)) or name.get("literal", "")


def test_citation_js_reads_publications_bib_as_the_pages_say(sites: dict[str, Path]) -> None:
    for output in sites.values():
        items = node("citationjs_bib.js", output / "publications.bib")
        assert len(items) == (output / "publications.bib").read_text("utf-8").count("\n@") + 1
        for item in items:
            page = PageFacts(output, item["URL"])
            names = [as_written(n) for n in item["author"]]
            if page.cut:
                assert names[-1] == "others" and names[:-1] == page.listed, item["id"]
            else:
                assert names == page.names, item["id"]
            # BibTeX has a year and a month, never a day: the page's date to that precision
            assert item["issued"]["date-parts"][0] == page.date[:2], item["id"]
            if page.venue:
                assert page.venue.startswith(item["container-title"]), item["id"]


def test_citation_js_reads_hostile_values_without_forged_entries(tmp_path: Path) -> None:
    output = build_site(hostile_site(tmp_path)).output
    items = node("citationjs_bib.js", output / "publications.bib")
    assert len(items) == 7 and not any("evil" in item["id"] or "forged" in item["id"] for item in items)
    assert all(
        set(item) - {"_graph"}
        <= {
            "id",
            "citation-key",
            "type",
            "title",
            "author",
            "issued",
            "container-title",
            "volume",
            "issue",
            "page",
            "publisher",
            "note",
            "DOI",
            "URL",
            "number",
            "keyword",
            "archive",
            "archive_location",
            "publisher-place",
        }
        for item in items
    )


def biber_warnings(bib: Path) -> list[str]:
    """biber exits 0 on warnings, so its count is read from what it prints."""
    executable = require("biber")
    done = subprocess.run(
        [executable, "--tool", "--validate-datamodel", "--output-file", "checked.bib", bib.name],
        capture_output=True,
        text=True,
        cwd=bib.parent,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    summary = re.search(r"WARNINGS: (\d+)", done.stdout)
    warnings = [line for line in done.stdout.splitlines() if line.startswith(("WARN", "ERROR"))]
    assert (int(summary.group(1)) if summary else 0) == len(warnings), done.stdout
    return warnings


def test_biber_validates_publications_bib_with_no_warnings(sites: dict[str, Path], tmp_path: Path) -> None:
    for name, output in sites.items():
        bib = tmp_path / f"{name}.bib"  # biber writes its log beside the input: keep it out of output/
        bib.write_bytes((output / "publications.bib").read_bytes())
        assert biber_warnings(bib) == [], name


def test_biber_warnings_are_counted_although_it_exits_0(tmp_path: Path) -> None:
    output = build_site(hostile_site(tmp_path / "site")).output
    bib = tmp_path / "hostile.bib"
    bib.write_bytes((output / "publications.bib").read_bytes())
    warnings = biber_warnings(bib)  # "1}, note={Forged" is no volume number
    assert len(warnings) == 1 and "'volume' must be datatype 'integer'" in warnings[0]
