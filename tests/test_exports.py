"""Exports (issue 5, parts 4-7): BibTeX per paper and for the site, CSL-JSON, Atom feeds, sitemap.xml, robots.txt.

Every file is read back with the library a reader would use: bibtexparser (with
LaTeX decoding), jsonschema against the CSL-JSON schema, feedparser, and lxml
against the sitemaps.org XSD.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.robotparser
from pathlib import Path
from typing import Any

import bibtexparser
import feedparser
import pytest
from bibtexparser import middlewares as mw
from pylatexenc.latex2text import LatexNodes2Text

from tests.conftest import (
    REPO_ROOT,
    build_site,
    copy_sample_site,
    html_files,
    make_site,
    paper_block,
    parse_seed,
    profile_text,
    read_html,
    resolve_link,
    sample_profile_text,
)

BASE = "https://example.org/repo/"
SCHEMAS = REPO_ROOT / "tests" / "data" / "schemas"
CADM = "cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming"
D2MOE = "d2moe-dual-routing-and-dynamic-scheduling-for-efficient-on-device-moe-based-llm"
FEDFOA = "feature-correlation-guided-knowledge-transfer-for-federated-self-supervised"
KEY = re.compile(r"^[a-z]+\d{4}[a-z0-9]+$")

TRICKY = [
    # (title, authors line) — escaping, math, non-ASCII, truncation
    ("Fast & Furious: 100% Coverage of $O(n^2)$ Graphs_with Underscores", "Jürgen Müller, Zoë Østergaard et al."),
    ("Costs in $ and # Signs, {Braces} and ~Tildes", "Ada Owner, François Dupré"),
    ("Łódź Meets Ørsted: Ünïcödé Títles and CJK 中文 Words", "Ada Owner, 王小明"),
    ("SMTrack and CaDM: Protected $\\mathbf{(AR)^{2}}$ Acronyms", "Ada Owner, Bob Brown et al."),
]


def decoded(text: str):  # -> bibtexparser.Library
    decoder = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
    return bibtexparser.parse_string(
        text,
        append_middleware=[
            mw.LatexDecodingMiddleware(decoder=decoder),
            mw.SeparateCoAuthors(),
            mw.SplitNameParts(),
            mw.MergeNameParts(style="first"),
        ],
    )


def raw(text: str):  # -> bibtexparser.Library, field values exactly as written
    return bibtexparser.parse_string(text)


def fields(entry: Any) -> dict[str, Any]:
    return {key: value.value for key, value in entry.fields_dict.items()}


def one_entry(path: Path, reader=decoded) -> Any:
    library = reader(path.read_text(encoding="utf-8"))
    assert library.failed_blocks == [], path
    assert len(library.entries) == 1, path
    return library.entries[0]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_sample_site(tmp_path_factory.mktemp("exports-sample") / "site")
    (site / "content" / "papers").mkdir(parents=True)
    (site / "content" / "papers" / f"{FEDFOA}.md").write_text(
        "---\narxiv: '2211.07364'\ndoi: 10.1234/sample.1\nvenue: Sample Journal\nvenue_kind: journal\n"
        "tags: [federated learning, SSL]\n---\n",
        encoding="utf-8",
    )
    (site / "content" / "news").mkdir()
    (site / "content" / "news" / "n.md").write_text("---\ntitle: N\ndate: 2025-09-01\n---\nHi\n", encoding="utf-8")
    return build_site(site, base_url=BASE).output


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    papers = [
        paper_block(f"LGNov {day}, 2022", title, authors, "Abstract.")
        for day, (title, authors) in enumerate(TRICKY, start=1)
    ]
    site = make_site(tmp_path_factory.mktemp("exports-tricky"), {"seeds/x.txt": profile_text("Ada Owner", *papers)})
    return build_site(site, base_url=BASE).output


def seed_papers() -> dict[str, Any]:
    profile, _ = parse_seed(sample_profile_text())
    return {paper.title: paper for paper in profile.papers}


def schema_or_skip(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        pytest.skip(
            f"tests/data/schemas/{name} is not in the repository yet (the official schema file is added "
            "by the test-data owner); this check runs once it is there"
        )
    return path


# --------------------------------------------------------------------------- BibTeX per paper


def test_every_cite_bib_round_trips_to_the_profiles_fields(sample: Path) -> None:
    seeds = seed_papers()
    files = sorted((sample / "papers").glob("*/cite.bib"))
    assert len(files) == 10
    for file in files:
        entry = one_entry(file)
        values = fields(entry)
        source = seeds[values["title"]]  # the decoded title is the profile's title, LaTeX math included
        assert values["author"] == [*source.authors, "others"], file  # every sample list is cut ("et al.")
        assert values["year"] == str(source.date.year)
        assert values["month"] == str(source.date.month)
        assert values["url"] == f"{BASE}papers/{file.parent.name}/"
        assert KEY.match(entry.key), entry.key


def test_sample_math_title_keeps_latex_and_protects_acronyms_in_bibtex(sample: Path) -> None:
    title = fields(one_entry(sample / "papers" / D2MOE / "cite.bib", raw))["title"]
    assert title.startswith("D$^{2}$")
    assert "{MoE}" in title and "{LLM}" in title
    cadm = fields(one_entry(sample / "papers" / CADM / "cite.bib", raw))["title"]
    assert cadm.startswith("{CaDM}:")


@pytest.mark.slow
def test_stable_readable_keys(sample: Path, tmp_path: Path) -> None:
    keys = {file.parent.name: one_entry(file).key for file in (sample / "papers").glob("*/cite.bib")}
    assert keys[CADM] == "zhou2022cadm"
    assert keys[D2MOE] == "wang2025d2moe"
    assert keys[FEDFOA] == "liu2022feature"
    assert len(set(keys.values())) == len(keys)
    again = build_site(copy_sample_site(tmp_path / "again"), base_url=BASE).output
    assert {f.parent.name: one_entry(f).key for f in (again / "papers").glob("*/cite.bib")}.items() >= {
        k: v for k, v in keys.items() if k != FEDFOA
    }.items()


def test_colliding_keys_get_letter_suffixes_oldest_first(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGMar 1, 2022", "Graphs at Scale", "Ada Owner, Bob Brown", "A."),
        paper_block("LGJan 1, 2022", "Graphs for Everyone", "Ada Owner, Carl Cole", "B."),
        paper_block("LGJun 1, 2022", "Graphs Again", "Ada Owner", "C."),
    )
    output = build_site(make_site(tmp_path, {"seeds/x.txt": seed})).output
    keys = {f.parent.name: one_entry(f).key for f in (output / "papers").glob("*/cite.bib")}
    assert keys == {
        "graphs-for-everyone": "owner2022graphs",
        "graphs-at-scale": "owner2022graphsa",
        "graphs-again": "owner2022graphsb",
    }


def test_arxiv_fields_when_the_id_is_known(sample: Path) -> None:
    entry = one_entry(sample / "papers" / FEDFOA / "cite.bib")
    assert entry.entry_type == "article"
    values = fields(entry)
    assert (values["eprint"], values["archivePrefix"], values["primaryClass"]) == ("2211.07364", "arXiv", "cs.LG")
    assert values["doi"] == "10.1234/sample.1"
    assert values["journal"] == "Sample Journal"
    assert values["keywords"] == "federated learning, SSL"
    plain = fields(one_entry(sample / "papers" / CADM / "cite.bib"))
    assert "eprint" not in plain and "archivePrefix" not in plain


@pytest.mark.parametrize(("title", "authors"), TRICKY)
def test_special_characters_and_non_ascii_names_round_trip(tricky: Path, title: str, authors: str) -> None:
    entries = {fields(e)["title"]: e for e in decoded((tricky / "publications.bib").read_text("utf-8")).entries}
    assert title in entries, sorted(entries)
    names = [name.strip() for name in authors.removesuffix(" et al.").split(",")]
    if authors.endswith("et al.") or "Ada Owner" not in names:
        names.append("others")
    assert fields(entries[title])["author"] == names


def test_special_characters_are_escaped_not_left_raw(tricky: Path) -> None:
    titles = [fields(e)["title"] for e in raw((tricky / "publications.bib").read_text("utf-8")).entries]
    fast = next(t for t in titles if t.startswith("Fast"))
    assert r"\&" in fast and r"100\%" in fast and r"Graphs\_with" in fast and "$O(n^2)$" in fast
    costs = next(t for t in titles if t.startswith("Costs"))
    assert r"\$" in costs and r"\#" in costs and r"\{Braces\}" in costs
    protected = next(t for t in titles if t.startswith("{SMTrack}"))
    assert "{CaDM}" in protected and r"$\mathbf{(AR)^{2}}$" in protected


# --------------------------------------------------------------------------- publications.bib and the Cite block


def test_publications_bib_holds_every_paper_with_the_same_fields_as_its_cite_bib(sample: Path) -> None:
    library = decoded((sample / "publications.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    combined = {entry.key: fields(entry) for entry in library.entries}
    singles = {}
    for file in (sample / "papers").glob("*/cite.bib"):
        entry = one_entry(file)
        singles[entry.key] = fields(entry)
    assert combined == singles
    assert len(library.entries) == 10


def test_paper_page_shows_the_bibtex_without_javascript_and_offers_the_download(sample: Path) -> None:
    page_file = sample / "papers" / CADM / "index.html"
    soup = read_html(page_file)
    block = soup.find("pre", id="bibtex")
    assert block is not None
    assert block.get_text() == (sample / "papers" / CADM / "cite.bib").read_text(encoding="utf-8")
    download = soup.find("a", string="Download BibTeX")
    assert download is not None and download.has_attr("download")
    target = resolve_link(sample, page_file, download["href"])
    assert target is not None and target[0] == sample / "papers" / CADM / "cite.bib"
    button = soup.find("button", class_="copy-button")
    assert button is not None and button.has_attr("hidden")  # shown by the script only: an enhancement


# --------------------------------------------------------------------------- CSL-JSON


def test_publications_json_validates_against_the_csl_json_schema(sample: Path, tricky: Path) -> None:
    import jsonschema

    schema = json.loads(schema_or_skip("csl-data.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for output in (sample, tricky):
        data = json.loads((output / "publications.json").read_text(encoding="utf-8"))
        problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert problems == [], output
    broken = [{"id": "x", "title": "No type", "issued": {"date-parts": [["2020"]]}}]
    assert list(validator.iter_errors(broken)), "the schema check must be able to fail"


def test_publications_json_matches_the_bibtex(sample: Path) -> None:
    items = json.loads((sample / "publications.json").read_text(encoding="utf-8"))
    bib = {entry.key: fields(entry) for entry in decoded((sample / "publications.bib").read_text("utf-8")).entries}
    assert sorted(item["id"] for item in items) == sorted(bib)
    for item in items:
        assert item["issued"]["date-parts"][0][:2] == [int(bib[item["id"]]["year"]), int(bib[item["id"]]["month"])]
        assert item["URL"] == bib[item["id"]]["url"]
        assert item["type"] in ("article", "article-journal", "paper-conference")
        assert "$" not in item["title"] and "<" not in item["title"]
    fedfoa = next(item for item in items if item["id"] == "liu2022feature")
    assert fedfoa["type"] == "article-journal" and fedfoa["container-title"] == "Sample Journal"
    assert fedfoa["DOI"] == "10.1234/sample.1"
    # a cut list is one literal name that citeproc prints as the page does; the owner's place is unknown
    assert fedfoa["author"] == [{"literal": "Yi Liu, Song Guo, Jie Zhang et al."}]
    assert "Author list incomplete" in fedfoa["note"]


# --------------------------------------------------------------------------- Atom feeds


def feed(path: Path) -> Any:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return parsed


def test_main_feed_parses_newest_first_with_authors_categories_and_abstracts(sample: Path) -> None:
    parsed = feed(sample / "feed.xml")
    assert parsed.version == "atom10"
    entries = parsed.entries
    assert len(entries) == 10
    published = [entry.published_parsed for entry in entries]
    assert published == sorted(published, reverse=True)
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": f"{BASE}feed.xml", "alternate": BASE}
    for entry in entries:
        slug = entry.link.removeprefix(f"{BASE}papers/").rstrip("/")
        page = read_html(sample / "papers" / slug / "index.html")
        assert entry.id == entry.link == f"{BASE}papers/{slug}/"
        assert [a.name for a in entry.authors] == [
            a.get_text(strip=True) for a in page.find("p", class_="authors").find_all("a")
        ]
        assert [t.term for t in entry.tags] == [
            m.rsplit("(", 1)[1].rstrip(")").split(",")[0]
            for m in (li.get_text(" ", strip=True) for li in page.select("dl.facts ul.inline-list li"))
        ]
        assert entry.summary.strip()
    assert entries[0].title.startswith("SMTrack")


def test_one_feed_per_category_listing_its_papers(sample: Path) -> None:
    categories = sorted(p.parent.name for p in (sample / "categories").glob("*/index.html"))
    assert categories == ["cs-cv", "cs-dc", "cs-lg", "eess-iv"]
    for slug in categories:
        parsed = feed(sample / "categories" / slug / "feed.xml")
        page = read_html(sample / "categories" / slug / "index.html")
        listed = [
            resolve_link(sample, sample / "categories" / slug / "index.html", a["href"])[0].parent.name
            for a in page.select("main a.paper-title")
        ]
        assert [e.link.removeprefix(f"{BASE}papers/").rstrip("/") for e in parsed.entries] == listed, slug


# --------------------------------------------------------------------------- sitemap.xml and robots.txt


def sitemap_entries(output: Path) -> list[tuple[str, str | None]]:
    from lxml import etree

    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = etree.parse(str(output / "sitemap.xml")).getroot()
    return [
        (url.findtext("s:loc", namespaces=namespace), url.findtext("s:lastmod", namespaces=namespace))
        for url in root.findall("s:url", namespace)
    ]


def test_sitemap_validates_against_the_sitemaps_org_xsd(sample: Path) -> None:
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(schema_or_skip("sitemap.xsd"))))
    document = etree.parse(str(sample / "sitemap.xml"))
    assert schema.validate(document), schema.error_log


def test_sitemap_lists_every_page_but_404(sample: Path) -> None:
    locs = [loc for loc, _ in sitemap_entries(sample)]
    expected = sorted(
        BASE + p.relative_to(sample).as_posix().removesuffix("index.html")
        for p in html_files(sample)
        if p.name != "404.html"
    )
    assert sorted(locs) == expected
    assert len(locs) == len(set(locs))


def test_sitemap_dates_come_from_content_never_from_the_clock(sample: Path) -> None:
    content_dates = {
        dt.date(*map(int, m["content"].split("/"))).isoformat()
        for p in (sample / "papers").glob("*/index.html")
        for m in read_html(p).find_all("meta", attrs={"name": "citation_publication_date"})
    }
    content_dates.add("2025-09-01")  # the news item
    lastmods = {loc: lastmod for loc, lastmod in sitemap_entries(sample)}
    assert set(filter(None, lastmods.values())) <= content_dates
    assert lastmods[BASE] == "2025-09-01" and lastmods[f"{BASE}news/"] == "2025-09-01"
    assert lastmods[f"{BASE}papers/{CADM}/"] == "2022-11-15"
    assert dt.date.today().isoformat() not in set(lastmods.values()) - content_dates


@pytest.mark.slow
def test_feeds_and_sitemap_are_byte_identical_on_a_second_build(tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path / "site")
    first = build_site(site, tmp_path / "one", base_url=BASE).output
    second = build_site(site, tmp_path / "two", base_url=BASE).output
    for name in (
        "feed.xml",
        "categories/cs-cv/feed.xml",
        "sitemap.xml",
        "publications.bib",
        "publications.json",
        "robots.txt",
    ):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_robots_txt_points_to_the_sitemap(sample: Path) -> None:
    parser = urllib.robotparser.RobotFileParser()
    parser.parse((sample / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert parser.site_maps() == [f"{BASE}sitemap.xml"]
    assert parser.can_fetch("*", f"{BASE}papers/")
