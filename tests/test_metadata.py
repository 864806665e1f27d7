"""Scholarly metadata in <head> (issue 5, parts 1-3, 8 and 9): Google Scholar `citation_*` tags,
schema.org JSON-LD (read back with the `extruct` extractor), OpenGraph/Twitter/canonical/description,
plain-text titles, and what happens without a base URL.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import (
    build_site,
    copy_sample_site,
    html_files,
    make_site,
    paper_block,
    profile_text,
    read_html,
    resolve_link,
)

BASE = "https://example.org/repo/"
OWNER = "Qihua Zhou"
FEDFOA = "feature-correlation-guided-knowledge-transfer-for-federated-self-supervised"
CADM = "cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming"
D2MOE = "d2moe-dual-routing-and-dynamic-scheduling-for-efficient-on-device-moe-based-llm"
D2MOE_TITLE = "D²MoE: Dual Routing and Dynamic Scheduling for Efficient On-Device MoE-based LLM Serving"
# The sample's paper dates, as its profile prints them.
SAMPLE_DATES = {
    FEDFOA: "2022/11/14",
    CADM: "2022/11/15",
    D2MOE: "2025/04/17",
    "dissecting-arbitrary-scale-super-resolution-capability-from-pre-trained": "2023/06/01",
    "freepih-training-free-painterly-image-harmonization-with-diffusion-model": "2023/11/25",
    "attribute-aware-representation-rectification-for-generalized-zero-shot-learning": "2023/11/23",
    "mjolnir-breaking-the-shield-of-perturbation-protected-gradients-via-adaptive": "2024/07/07",
    "coherent-video-inpainting-using-optical-flow-guided-efficient-diffusion": "2024/12/01",
    "parsnets-a-parsimonious-orthogonal-and-low-rank-linear-networks-for-zero-shot": "2023/12/15",
    "smtrack-end-to-end-trained-spiking-neural-networks-for-multi-object-tracking-in": "2025/08/20",
}
INDEX_PAGES = ("papers/", "authors/", "categories/", "years/", "categories/cs-cv/", "years/2023/")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample profile alone, built with a project-site base URL."""
    site = copy_sample_site(tmp_path_factory.mktemp("meta-sample") / "site")
    return build_site(site, base_url=BASE).output


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with profile links and two paper overrides (a journal and a conference paper)."""
    site = copy_sample_site(tmp_path_factory.mktemp("meta-enriched") / "site")
    files = {
        "site.yaml": "links:\n  github: qzhou-sample\n  orcid: 0000-0002-1825-0097\n  email: q@example.org\n",
        f"content/papers/{FEDFOA}.md": (
            "---\nauthors: [Yi Liu, Song Guo, Jie Zhang, Qihua Zhou]\nvenue: Sample Transactions on Learning\n"
            "venue_kind: journal\ndoi: 10.1234/sample.1\narxiv: '2211.07364'\npdf: https://example.org/fedfoa.pdf\n---\n"
        ),
        f"content/papers/{CADM}.md": "---\nvenue: Sample Multimedia Conference\npdf: /cadm.pdf\n---\n",
        "content/static/cadm.pdf": "%PDF-1.4\n",
    }
    for relative, text in files.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(text, encoding="utf-8")
    return build_site(site, base_url=BASE).output


@pytest.fixture(scope="module")
def no_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The sample profile built without any base URL: (output, warnings)."""
    result = build_site(copy_sample_site(tmp_path_factory.mktemp("meta-no-base") / "site"))
    return result.output, result.warnings


def metas(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"name": name})]


def prop(soup: BeautifulSoup, name: str) -> list[str]:
    return [m["content"] for m in soup.find_all("meta", attrs={"property": name})]


def canonical(soup: BeautifulSoup) -> list[str]:
    return [link["href"] for link in soup.find_all("link", rel="canonical")]


def jsonld(path: Path) -> list[dict[str, Any]]:
    """Every JSON-LD node of a page as `extruct` reads it, @graph flattened."""
    data = extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]
    nodes: list[dict[str, Any]] = []
    for item in data:
        nodes.extend(item.get("@graph", [item]))
    return nodes


def of_type(nodes: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [node for node in nodes if node.get("@type") == kind]


def paper_pages(output: Path) -> list[Path]:
    return sorted((output / "papers").glob("*/index.html"))


def byline_names(soup: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in soup.find("p", class_="authors").find_all("a")]


def listed_names(soup: BeautifulSoup) -> list[str]:
    """The names an export may state in order: the byline's, without an owner shown after "…"
    (their place in a cut list is unknown)."""
    names = byline_names(soup)
    return names[:-1] if soup.find("p", class_="authors").find(string="…") else names


def site_url(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    return BASE + relative.removesuffix("index.html")


# --------------------------------------------------------------------------- citation_* tags


def test_every_sample_paper_page_has_the_google_scholar_tags(sample: Path) -> None:
    pages = paper_pages(sample)
    assert sorted(p.parent.name for p in pages) == sorted(SAMPLE_DATES)
    for file in pages:
        soup = read_html(file)
        slug = file.parent.name
        title = metas(soup, "citation_title")
        assert len(title) == 1 and title[0] == soup.title.get_text().removesuffix(f" · {OWNER}"), slug
        assert metas(soup, "citation_author") == listed_names(soup), slug
        assert metas(soup, "citation_publication_date") == [SAMPLE_DATES[slug]], slug
        assert metas(soup, "citation_abstract_html_url") == [f"{BASE}papers/{slug}/"], slug
        assert metas(soup, "citation_abstract_html_url") == canonical(soup)


def test_citation_authors_keep_order_and_leave_out_an_owner_whose_place_is_unknown(sample: Path) -> None:
    soup = read_html(sample / "papers" / FEDFOA / "index.html")
    assert metas(soup, "citation_author") == ["Yi Liu", "Song Guo", "Jie Zhang"]
    soup = read_html(sample / "papers" / CADM / "index.html")
    assert metas(soup, "citation_author") == [OWNER, "Ruibin Li", "Song Guo"]


def test_citation_title_is_plain_text(sample: Path) -> None:
    soup = read_html(sample / "papers" / D2MOE / "index.html")
    assert metas(soup, "citation_title") == [D2MOE_TITLE]


def test_tags_known_only_from_an_override(sample: Path, enriched: Path) -> None:
    plain = read_html(sample / "papers" / FEDFOA / "index.html")
    for name in (
        "citation_pdf_url",
        "citation_doi",
        "citation_journal_title",
        "citation_conference_title",
        "citation_arxiv_id",
    ):
        assert metas(plain, name) == [], name
    journal = read_html(enriched / "papers" / FEDFOA / "index.html")
    assert metas(journal, "citation_pdf_url") == ["https://example.org/fedfoa.pdf"]
    assert metas(journal, "citation_doi") == ["10.1234/sample.1"]
    assert metas(journal, "citation_journal_title") == ["Sample Transactions on Learning"]
    assert metas(journal, "citation_conference_title") == []
    assert metas(journal, "citation_arxiv_id") == ["2211.07364"]
    assert metas(journal, "citation_author") == ["Yi Liu", "Song Guo", "Jie Zhang", OWNER]
    conference = read_html(enriched / "papers" / CADM / "index.html")
    assert metas(conference, "citation_conference_title") == ["Sample Multimedia Conference"]
    assert metas(conference, "citation_journal_title") == []
    assert metas(conference, "citation_pdf_url") == [f"{BASE}cadm.pdf"]
    assert (enriched / "cadm.pdf").is_file()


# --------------------------------------------------------------------------- JSON-LD


def test_each_paper_page_has_one_scholarly_article_whose_authors_match_the_page(sample: Path) -> None:
    for file in paper_pages(sample):
        soup = read_html(file)
        articles = of_type(jsonld(file), "ScholarlyArticle")
        assert len(articles) == 1, file
        article = articles[0]
        assert [person["name"] for person in article["author"]] == listed_names(soup), file
        assert all(person["@type"] == "Person" for person in article["author"])
        page_links = [a["href"] for a in soup.find("p", class_="authors").find_all("a")][: len(listed_names(soup))]
        assert [person["url"] for person in article["author"]] == [
            site_url(sample, resolve_link(sample, file, href)[0]) for href in page_links
        ]
        assert article["name"] == metas(soup, "citation_title")[0]
        assert article["url"] == canonical(soup)[0]
        assert article["datePublished"] == metas(soup, "citation_publication_date")[0].replace("/", "-")
        assert article["abstract"]
        assert article["about"] and article["genre"] == article["about"][0]["name"]


def test_scholarly_article_links_arxiv_and_doi_when_known(enriched: Path) -> None:
    article = of_type(jsonld(enriched / "papers" / FEDFOA / "index.html"), "ScholarlyArticle")[0]
    assert article["sameAs"] == ["https://arxiv.org/abs/2211.07364", "https://doi.org/10.1234/sample.1"]
    assert article["isPartOf"] == {"@type": "Periodical", "name": "Sample Transactions on Learning"}
    assert [p["name"] for p in article["author"]] == ["Yi Liu", "Song Guo", "Jie Zhang", OWNER]


def test_home_has_a_person_with_profile_links_and_a_website(enriched: Path) -> None:
    nodes = jsonld(enriched / "index.html")
    people, sites = of_type(nodes, "Person"), of_type(nodes, "WebSite")
    assert len(people) == 1 and len(sites) == 1
    assert people[0]["name"] == OWNER
    # scholarly ids first
    assert people[0]["sameAs"] == ["https://orcid.org/0000-0002-1825-0097", "https://github.com/qzhou-sample"]
    assert sites[0]["url"] == BASE and sites[0]["name"] == OWNER


def test_author_pages_have_a_person(sample: Path) -> None:
    for file in sorted((sample / "authors").glob("*/index.html")):
        people = of_type(jsonld(file), "Person")
        soup = read_html(file)
        assert len(people) == 1, file
        assert people[0]["name"] == soup.find("h1").find(string=True).strip()
        assert people[0]["url"] == canonical(soup)[0]


@pytest.mark.parametrize("site_path", INDEX_PAGES)
def test_index_pages_have_a_collection_page_with_an_item_list(sample: Path, site_path: str) -> None:
    file = sample / site_path / "index.html"
    collections = of_type(jsonld(file), "CollectionPage")
    assert len(collections) == 1
    item_list = collections[0]["mainEntity"]
    assert item_list["@type"] == "ItemList"
    soup = read_html(file)
    listed = soup.select("main a.paper-title") or soup.select("main ul.counted-list li > a")
    assert item_list["numberOfItems"] == len(listed) == len(item_list["itemListElement"])
    urls = [element["url"] for element in item_list["itemListElement"]]
    assert urls == [site_url(sample, resolve_link(sample, file, a["href"])[0]) for a in listed]
    assert [e["position"] for e in item_list["itemListElement"]] == list(range(1, len(listed) + 1))
    assert collections[0]["url"] == canonical(soup)[0]


def test_script_end_tag_in_a_title_still_gives_parseable_json_ld(tmp_path: Path) -> None:
    title = "Breaking </script><script>alert(1)</script> Parsers & <b>Tags</b>"
    seed = profile_text(
        "Ada Owner", paper_block("LGNov 14, 2022", title, "Ada Owner, Bob Brown", "An <i>abstract</i>.")
    )
    output = build_site(make_site(tmp_path, {"seeds/x.txt": seed}), base_url=BASE).output
    files = [p for p in paper_pages(output)]
    assert len(files) == 1
    soup = read_html(files[0])
    data_scripts = soup.find_all("script", type="application/ld+json")
    assert len(data_scripts) == 1
    assert json.loads(data_scripts[0].string)["name"] == title
    other_scripts = [s for s in soup.find_all("script") if s not in data_scripts]
    assert not any("alert" in (s.string or "") for s in other_scripts)  # no script element was injected
    article = of_type(jsonld(files[0]), "ScholarlyArticle")
    assert len(article) == 1 and article[0]["name"] == title and article[0]["abstract"] == "An <i>abstract</i>."
    assert soup.title.get_text() == f"{title} · Ada Owner"
    assert metas(soup, "citation_title") == [title]


# --------------------------------------------------------------------------- canonical, OpenGraph, Twitter, description


def test_every_page_has_canonical_opengraph_twitter_and_description(sample: Path) -> None:
    pages = html_files(sample)
    assert len(pages) == 42
    for file in pages:
        soup = read_html(file)
        description = metas(soup, "description")
        assert len(description) == 1 and description[0].strip(), file
        assert prop(soup, "og:title") == [soup.title.get_text().removesuffix(f" · {OWNER}")], file
        assert prop(soup, "og:description") == description, file
        assert prop(soup, "og:site_name") == [OWNER]
        assert len(prop(soup, "og:type")) == 1
        assert metas(soup, "twitter:card") == ["summary"]
        assert metas(soup, "twitter:title") == prop(soup, "og:title")
        assert metas(soup, "twitter:description") == description
        alternates = [link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]
        assert f"{BASE}feed.xml" in alternates, file
        if file.name == "404.html":
            assert canonical(soup) == [] and prop(soup, "og:url") == []
            continue
        assert canonical(soup) == [site_url(sample, file)], file
        assert prop(soup, "og:url") == canonical(soup), file


def test_og_types_by_page_kind(sample: Path) -> None:
    kinds = {
        site_path: prop(read_html(sample / site_path / "index.html"), "og:type")[0]
        for site_path in ("", f"papers/{CADM}/", "authors/qihua-zhou/", "papers/")
    }
    assert kinds == {
        "": "profile",
        f"papers/{CADM}/": "article",
        "authors/qihua-zhou/": "profile",
        "papers/": "website",
    }


def test_category_pages_link_their_own_feed(sample: Path) -> None:
    soup = read_html(sample / "categories" / "cs-cv" / "index.html")
    alternates = [link["href"] for link in soup.find_all("link", rel="alternate", type="application/atom+xml")]
    assert alternates == [f"{BASE}feed.xml", f"{BASE}categories/cs-cv/feed.xml"]
    assert (sample / "categories" / "cs-cv" / "feed.xml").is_file()


# --------------------------------------------------------------------------- plain-text titles


def test_latex_title_is_plain_text_everywhere_that_is_not_html(sample: Path) -> None:
    file = sample / "papers" / D2MOE / "index.html"
    soup = read_html(file)
    assert soup.title.get_text() == f"{D2MOE_TITLE} · {OWNER}"
    assert prop(soup, "og:title") == [D2MOE_TITLE] and metas(soup, "twitter:title") == [D2MOE_TITLE]
    assert metas(soup, "description")[0].startswith(D2MOE_TITLE + " (2025) by ")
    article = of_type(jsonld(file), "ScholarlyArticle")[0]
    assert article["name"] == article["headline"][: len(article["name"])] == D2MOE_TITLE[: len(article["headline"])]
    assert "D²MoE improves" in article["abstract"]
    feed = feedparser.parse((sample / "feed.xml").read_bytes())
    assert D2MOE_TITLE in [entry.title for entry in feed.entries]
    csl = json.loads((sample / "publications.json").read_text(encoding="utf-8"))
    assert D2MOE_TITLE in [item["title"] for item in csl]
    heading = soup.find("h1")
    assert heading.find("math") is not None  # the page itself shows the math


def test_no_raw_latex_or_markup_in_any_head_text(sample: Path) -> None:
    for file in html_files(sample):
        soup = read_html(file)
        texts = [soup.title.get_text()] + [m["content"] for m in soup.find_all("meta", content=True)]
        for value in texts:
            assert "$" not in value and "<math" not in value and "\\" not in value, (file, value)
        for node in jsonld(file):
            blob = json.dumps(node, ensure_ascii=False)
            assert "<math" not in blob and "$^" not in blob, file


# --------------------------------------------------------------------------- without base_url


@pytest.mark.slow
def test_without_base_url_absolute_features_are_skipped_with_one_warning(
    no_base: tuple[Path, list[str]], sample: Path
) -> None:
    output, warnings = no_base
    about_base = [w for w in warnings if "base_url" in w]
    assert len(about_base) == 1
    assert "--base-url" in about_base[0] and "site.yaml" in about_base[0] and "SCHOLARSITE_BASE_URL" in about_base[0]
    for name in ("feed.xml", "sitemap.xml", "robots.txt"):
        assert not (output / name).exists(), name
    assert list(output.rglob("feed.xml")) == []
    for file in html_files(output):
        soup = read_html(file)
        assert canonical(soup) == [] and prop(soup, "og:url") == [], file
        assert soup.find_all("link", rel="alternate") == [], file
        assert metas(soup, "citation_abstract_html_url") == []
        assert metas(soup, "description") and prop(soup, "og:title")
    # the rest of the site is the same: the same pages, the same visible text
    assert [p.relative_to(output) for p in html_files(output)] == [p.relative_to(sample) for p in html_files(sample)]
    for relative in ("index.html", "papers/index.html", "authors/qihua-zhou/index.html", "categories/cs-cv/index.html"):
        assert read_html(output / relative).find("main") == read_html(sample / relative).find("main"), relative
    paper_without, paper_with = (read_html(root / "papers" / CADM / "index.html") for root in (output, sample))
    assert paper_without.find("h1") == paper_with.find("h1")
    assert paper_without.find("p", class_="authors") == paper_with.find("p", class_="authors")


def test_without_base_url_json_ld_still_describes_each_paper(no_base: tuple[Path, list[str]]) -> None:
    output = no_base[0]
    for file in paper_pages(output):
        articles = of_type(jsonld(file), "ScholarlyArticle")
        assert len(articles) == 1 and "url" not in articles[0]
        assert [p["name"] for p in articles[0]["author"]] == listed_names(read_html(file))


def test_publication_dates_are_real_dates(sample: Path) -> None:
    for file in paper_pages(sample):
        value = metas(read_html(file), "citation_publication_date")[0]
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", value)
        dt.date(*map(int, value.split("/")))
