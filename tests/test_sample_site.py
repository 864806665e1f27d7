"""End to end: the sample profile built into a site, checked through parsed HTML."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from scholarsite.model import Site
from tests.conftest import (
    RunCli,
    broken_links,
    build_site,
    copy_sample_site,
    html_files,
    main_text,
    one_paper_profile,
    paper_block,
    profile_text,
    read_html,
    resolve_link,
    seed_site,
)

FOCUSABLE = ("a", "button", "input", "select", "textarea", "summary", "iframe", "area")
SUMMARY = re.compile(r"^Built 42 pages \(10 papers, 18 authors, 4 categories, 4 years\) in \d+\.\d\d s → output/$")


def page_of(output: Path, site_path: str) -> BeautifulSoup:
    return read_html(output / site_path / "index.html")


def main_of(soup: BeautifulSoup) -> Tag:
    main = soup.find("main")
    assert isinstance(main, Tag)
    return main


def linked_paths(output: Path, page: Path, scope: Tag, prefix: str) -> list[str]:
    """Site paths of the pages (e.g. "authors/x/") linked inside `scope` under `prefix`; files such as
    an entry's cite.bib are not pages."""
    found = []
    for anchor in scope.find_all("a", href=True):
        resolved = resolve_link(output, page, anchor["href"])
        if resolved is None:
            continue
        target = resolved[0].relative_to(output).as_posix().removesuffix("index.html")
        if target.startswith(prefix) and target != prefix and target.endswith("/"):
            found.append(target)
    return found


def is_focusable(tag: Tag) -> bool:
    if tag.name == "a":
        return tag.has_attr("href")
    if tag.name in FOCUSABLE:
        return not (tag.name == "input" and tag.get("type") == "hidden") and not tag.has_attr("disabled")
    tabindex = tag.get("tabindex")
    return tabindex is not None and tabindex.lstrip("-").isdigit() and int(tabindex) >= 0


# --------------------------------------------------------------------------- pages and counts


def test_exactly_42_html_pages_of_the_right_kinds(sample_output: Path) -> None:
    pages = [page.relative_to(sample_output).as_posix() for page in html_files(sample_output)]
    assert len(pages) == 42
    kinds = Counter(page.split("/")[0] if page.count("/") == 2 else page for page in pages)
    assert kinds == {
        "papers": 10,
        "authors": 18,
        "categories": 4,
        "years": 4,
        "index.html": 1,
        "papers/index.html": 1,
        "authors/index.html": 1,
        "categories/index.html": 1,
        "years/index.html": 1,
        "404.html": 1,
    }


def test_category_and_year_page_folders(sample_output: Path) -> None:
    assert sorted(p.name for p in (sample_output / "categories").iterdir() if p.is_dir()) == [
        "cs-cv",
        "cs-dc",
        "cs-lg",
        "eess-iv",
    ]
    assert sorted(p.name for p in (sample_output / "years").iterdir() if p.is_dir()) == ["2022", "2023", "2024", "2025"]


def test_nojekyll_file_for_github_pages(sample_output: Path) -> None:
    assert (sample_output / ".nojekyll").is_file()
    assert (sample_output / ".nojekyll").read_bytes() == b""


def test_summary_line_of_the_sample_build(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    code, stdout, stderr = cli(site, "build")
    assert code == 0, stderr
    assert SUMMARY.match(stdout.strip()), stdout
    assert stdout.count("\n") == 1
    assert all(line.startswith("warning: ") for line in stderr.splitlines()), stderr


def test_in_process_summary_counts(sample_site_dir: Path, tmp_path: Path) -> None:
    summary = build_site(sample_site_dir, tmp_path / "output").summary
    assert (summary.pages, summary.papers, summary.authors, summary.categories, summary.years) == (42, 10, 18, 4, 4)


# --------------------------------------------------------------------------- links


@pytest.mark.slow
def test_every_internal_link_resolves_to_a_file(sample_output: Path) -> None:
    assert broken_links(sample_output) == []


def test_internal_links_are_relative_except_on_404(sample_output: Path) -> None:
    for page in html_files(sample_output):
        if page.name == "404.html":
            continue
        for anchor in read_html(page).find_all(["a", "link"], href=True):
            assert not anchor["href"].startswith("/"), f"{page}: {anchor['href']}"


def test_the_repository_root_site_builds_with_no_broken_links(repo_output: Path) -> None:
    assert (repo_output / "index.html").is_file()
    assert broken_links(repo_output) == []


# --------------------------------------------------------------------------- paper pages


def test_each_paper_page_links_every_known_author(sample_output: Path, sample_model: Site) -> None:
    for paper in sample_model.papers:
        page = sample_output / "papers" / paper.slug / "index.html"
        main = main_of(read_html(page))
        linked = linked_paths(sample_output, page, main, "authors/")
        assert set(linked) == {f"authors/{author.slug}/" for author in paper.all_authors}, paper.slug
        names = {a.get_text(" ", strip=True) for a in main.find_all("a", href=re.compile(r"authors/"))}
        assert names == {author.name for author in paper.all_authors}


def test_hidden_owner_is_shown_after_the_listed_authors(sample_output: Path, sample_model: Site) -> None:
    owner = sample_model.profile.owner
    hidden = [paper for paper in sample_model.papers if paper.owner_hidden]
    assert len(hidden) == 5
    for paper in hidden:
        page = sample_output / "papers" / paper.slug / "index.html"
        main = main_of(read_html(page))
        owner_link = main.find("a", href=re.compile(rf"authors/{owner.slug}/$"))
        assert owner_link is not None, paper.slug
        byline = owner_link.find_parent("p")
        order = [a.get_text(strip=True) for a in byline.find_all("a")]
        assert order == [*(author.name for author in paper.authors), owner.name]
        text = byline.get_text(" ", strip=True)
        assert "…" in text.split(owner.name)[0], "the gap before the hidden owner should be shown"


def test_visible_owner_is_linked_once_in_place(sample_output: Path, sample_model: Site) -> None:
    owner = sample_model.profile.owner
    for paper in (p for p in sample_model.papers if not p.owner_hidden):
        page = sample_output / "papers" / paper.slug / "index.html"
        main = main_of(read_html(page))
        byline = main.find("a", href=re.compile(rf"authors/{owner.slug}/$")).find_parent("p")
        assert [a.get_text(strip=True) for a in byline.find_all("a")] == [a.name for a in paper.authors]
        assert "et al." in byline.get_text(" ", strip=True)


def code_badges(soup: BeautifulSoup) -> list[Tag]:
    return [tag for tag in main_of(soup).find_all(class_="badge") if tag.get_text(strip=True) == "Code"]


def test_code_badge_on_exactly_one_paper_page(sample_output: Path, sample_model: Site) -> None:
    with_badge = [
        paper.slug for paper in sample_model.papers if code_badges(page_of(sample_output, f"papers/{paper.slug}"))
    ]
    assert with_badge == ["coherent-video-inpainting-using-optical-flow-guided-efficient-diffusion"]


def test_paper_page_shows_date_category_and_abstract(sample_output: Path) -> None:
    soup = page_of(sample_output, "papers/cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming")
    main = main_of(soup)
    assert main.find("h1").get_text(" ", strip=True) == (
        "CaDM: Codec-aware Diffusion Modeling for Neural-enhanced Video Streaming"
    )
    assert main.find("time", datetime="2022-11-15") is not None
    category_link = main.find("a", href="../../categories/eess-iv/")
    assert category_link is not None
    assert "Image and Video Processing" in main_text(soup)
    assert "Recent years have witnessed the dramatic growth of Internet video traffic" in main_text(soup)


def test_d2moe_title_is_plain_text_and_heading_has_mathml(sample_output: Path, sample_model: Site) -> None:
    paper = next(p for p in sample_model.papers if p.slug.startswith("d2moe"))
    soup = page_of(sample_output, f"papers/{paper.slug}")
    title = soup.title.get_text()
    assert title.startswith("D²MoE: Dual Routing and Dynamic Scheduling")
    assert "$" not in title and "<" not in title
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("D²MoE") and "$" not in description
    heading = main_of(soup).find("h1")
    assert heading.find("math") is not None
    assert "$" not in heading.get_text()


def test_no_raw_latex_in_titles_headings_or_links(sample_output: Path) -> None:
    # (a BibTeX export on a page may keep the LaTeX source on purpose; titles and links may not)
    for page in html_files(sample_output):
        soup = read_html(page)
        for tag in soup.find_all(["title", "h1", "h2", "a"]):
            assert "$" not in tag.get_text(), f"{page}: {tag}"


# --------------------------------------------------------------------------- index pages


def counted_entries(output: Path, site_path: str, prefix: str) -> dict[str, tuple[str, int]]:
    """On an index page: linked site path → (link text, count) for each list entry."""
    page = output / site_path / "index.html"
    entries = {}
    for item in main_of(read_html(page)).find_all("li"):
        links = linked_paths(output, page, item, prefix)
        count = re.search(r"(\d+)\s+(?:papers?|shared papers?)\s*$", item.get_text(" ", strip=True))
        if len(links) == 1 and count:
            entries[links[0]] = (item.find("a").get_text(" ", strip=True), int(count.group(1)))
    return entries


def test_categories_page_lists_full_names_with_counts(sample_output: Path) -> None:
    assert counted_entries(sample_output, "categories", "categories/") == {
        "categories/cs-cv/": ("Computer Vision and Pattern Recognition cs.CV", 6),
        "categories/cs-lg/": ("Machine Learning cs.LG", 2),
        "categories/eess-iv/": ("Image and Video Processing eess.IV", 1),
        "categories/cs-dc/": ("Distributed, Parallel, and Cluster Computing cs.DC", 1),
    }


def test_years_page_lists_years_with_counts(sample_output: Path) -> None:
    entries = counted_entries(sample_output, "years", "years/")
    assert {path: count for path, (_, count) in entries.items()} == {
        "years/2025/": 2,
        "years/2024/": 2,
        "years/2023/": 4,
        "years/2022/": 2,
    }


def test_authors_page_lists_all_eighteen_with_counts(sample_output: Path) -> None:
    entries = counted_entries(sample_output, "authors", "authors/")
    assert len(entries) == 18
    by_name = {name: count for name, count in entries.values()}
    assert by_name["Qihua Zhou"] == 10
    assert by_name["Song Guo"] == 5
    assert by_name["Ruibin Li"] == 3 and by_name["Ruibing Li"] == 1


def test_year_page_groups_papers_by_month_newest_first(sample_output: Path, sample_model: Site) -> None:
    page = sample_output / "years" / "2023" / "index.html"
    main = main_of(read_html(page))
    slug_of_title = {paper.slug: paper.title.plain.split(":")[0] for paper in sample_model.papers}
    groups = {}
    for heading in main.find_all("h2"):
        section = heading.find_parent("section")
        groups[heading.get_text(strip=True)] = [
            slug_of_title[path.split("/")[1]] for path in linked_paths(sample_output, page, section, "papers/")
        ]
    assert list(groups) == ["December 2023", "November 2023", "June 2023"]
    assert groups == {
        "December 2023": ["ParsNets"],
        "November 2023": ["FreePIH", "Attribute-Aware Representation Rectification for Generalized Zero-Shot Learning"],
        "June 2023": [
            "Dissecting Arbitrary-scale Super-resolution Capability from Pre-trained Diffusion Generative Models"
        ],
    }


def test_papers_index_groups_by_year_newest_first(sample_output: Path) -> None:
    page = sample_output / "papers" / "index.html"
    headings = [h.get_text(strip=True) for h in main_of(read_html(page)).find_all("h2")]
    assert headings == ["2025", "2024", "2023", "2022"]
    assert len(set(linked_paths(sample_output, page, main_of(read_html(page)), "papers/"))) == 10


def test_home_page_shows_owner_metrics_papers_and_areas(sample_output: Path) -> None:
    page = sample_output / "index.html"
    soup = read_html(page)
    main = main_of(soup)
    assert main.find("h1").get_text(strip=True) == "Qihua Zhou"
    metrics = {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True) for dt in main.find_all("dt")}
    assert metrics == {"h-index": "18", "papers": "10", "citations": "91", "Novelty": "63%", "AI Score": "39"}
    assert len(set(linked_paths(sample_output, page, main, "papers/"))) == 10  # all papers when few
    assert set(linked_paths(sample_output, page, main, "categories/")) == {
        "categories/cs-cv/",
        "categories/cs-lg/",
        "categories/eess-iv/",
        "categories/cs-dc/",
    }
    assert "authors/song-guo/" in linked_paths(sample_output, page, main, "authors/")


@pytest.mark.slow
def test_home_page_with_many_papers_shows_the_latest_20_and_links_to_all(tmp_path: Path) -> None:
    blocks = [paper_block(f"LGJan {day}, 2020", f"Paper Number {day}", "Ada Owner", "x") for day in range(1, 22)]
    built = build_site(seed_site(tmp_path, profile_text("Ada Owner", *blocks)), tmp_path / "out")
    page = built.output / "index.html"
    main = main_of(read_html(page))
    listed = list(dict.fromkeys(linked_paths(built.output, page, main, "papers/")))
    assert len(listed) == 20
    assert listed[0] == "papers/paper-number-21/" and "papers/paper-number-1/" not in listed
    assert any(a["href"] == "papers/" for a in main.find_all("a", href=True))


def test_author_page_lists_their_papers_and_co_authors(sample_output: Path) -> None:
    page = sample_output / "authors" / "song-guo" / "index.html"
    main = main_of(read_html(page))
    assert main.find("h1").get_text(strip=True) == "Song Guo"
    assert len(set(linked_paths(sample_output, page, main, "papers/"))) == 5
    assert "authors/qihua-zhou/" in linked_paths(sample_output, page, main, "authors/")


# --------------------------------------------------------------------------- every page


@pytest.fixture(scope="module")
def every_page(sample_output: Path) -> list[tuple[str, BeautifulSoup]]:
    return [(page.relative_to(sample_output).as_posix(), read_html(page)) for page in html_files(sample_output)]


def test_every_page_has_a_language(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        assert soup.html.get("lang") == "en", name


def test_every_page_has_exactly_one_h1_and_a_title(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        assert len(soup.find_all("h1")) == 1, name
        assert soup.title is not None and soup.title.get_text(strip=True), name


def test_every_page_has_one_main_with_id_main(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        mains = soup.find_all("main")
        assert len(mains) == 1 and mains[0].get("id") == "main", name
        assert soup.find_all(attrs={"role": "main"}) == [], name


def test_skip_link_is_the_first_focusable_element(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        first = next(tag for tag in soup.body.find_all(True) if is_focusable(tag))
        assert first.name == "a" and first["href"] == "#main", f"{name}: first focusable is {first}"
        assert first.get_text(strip=True), name


def test_headings_do_not_skip_levels(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"{name}: {levels}"


def test_no_request_to_another_host(every_page: list[tuple[str, BeautifulSoup]]) -> None:
    for name, soup in every_page:
        for tag in soup.find_all(["link", "script", "img", "iframe", "source"]):
            url = tag.get("src") or tag.get("href") or ""
            assert not url.startswith(("http:", "https:", "//")), f"{name}: {tag}"


# --------------------------------------------------------------------------- escaping seed text


def assert_only_trusted_scripts(soup: BeautifulSoup, page: Path) -> None:
    """Scripts may be theme files (src=…) or JSON-LD that still parses as JSON; nothing else."""
    for script in soup.find_all("script"):
        if script.has_attr("src"):
            assert not script.get_text(strip=True), f"{page}: {script}"
            continue
        if script.get("type") != "application/ld+json":
            # the only other inline script is the theme's own (the colour-scheme setter), word for word
            theme_source = (Path(__file__).resolve().parents[1] / "themes/default/templates/base.html").read_text()
            code = script.string or ""
            assert len(code) > 20 and code in theme_source, f"{page}: unexpected inline script {script}"
            continue
        json.loads(script.string or "")  # a seed title breaking out of the JSON would make this fail


def test_script_title_in_a_seed_renders_as_text(tmp_path: Path) -> None:
    title = "<script>alert(1)</script>"
    built = build_site(seed_site(tmp_path, one_paper_profile(title=title)), tmp_path / "out")
    for page in html_files(built.output):
        assert_only_trusted_scripts(read_html(page), page)
    paper_pages = [p for p in html_files(built.output) if p.parent.parent.name == "papers"]
    assert len(paper_pages) == 1
    soup = read_html(paper_pages[0])
    assert main_of(soup).find("h1").get_text() == title
    assert soup.title.get_text().startswith(title)
    assert title in main_text(read_html(built.output / "index.html"))


def test_markup_inside_latex_text_in_a_seed_title_renders_as_text(tmp_path: Path) -> None:
    title = r"Evil $\text{<script>alert(1)</script>}$ Title"
    built = build_site(seed_site(tmp_path, one_paper_profile(title=title)), tmp_path / "out")
    for page in html_files(built.output):
        assert_only_trusted_scripts(read_html(page), page)


def test_markup_in_names_and_abstracts_renders_as_text(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block(
            "LGJan 1, 2020",
            "Tom & Jerry <b>bold</b>",
            "Ada Owner, Bob O'Brien et al.",
            '<img src=x onerror="alert(1)"> & <iframe></iframe>',
        ),
    )
    built = build_site(seed_site(tmp_path, seed), tmp_path / "out")
    for page in html_files(built.output):
        soup = read_html(page)
        assert soup.find(["img", "iframe", "b"]) is None, page
    paper_page = next(p for p in html_files(built.output) if p.parent.parent.name == "papers")
    text = main_text(read_html(paper_page))
    assert "Tom & Jerry <b>bold</b>" in text
    assert '<img src=x onerror="alert(1)"> & <iframe></iframe>' in text


# --------------------------------------------------------------------------- cross-lists and unknown codes


def test_cross_listed_paper_appears_on_each_category_page_marked(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGCVITNEMLMay 26, 2016", "Cross Listed", "Ada Owner", "x"),
        paper_block("CVJan 1, 2020", "Vision Only", "Ada Owner", "x"),
    )
    built = build_site(seed_site(tmp_path, seed), tmp_path / "out")
    assert sorted(p.name for p in (built.output / "categories").iterdir() if p.is_dir()) == [
        "cs-cv",
        "cs-it",
        "cs-lg",
        "cs-ne",
        "stat-ml",
    ]
    for category in ("cs-cv", "cs-it", "cs-lg", "cs-ne", "stat-ml"):
        page = built.output / "categories" / category / "index.html"
        items = {
            linked_paths(built.output, page, item, "papers/")[0]: item.get_text(" ", strip=True)
            for item in main_of(read_html(page)).find_all("li")
            if linked_paths(built.output, page, item, "papers/")
        }
        cross = items["papers/cross-listed/"]
        assert ("cross-list" in cross) == (category != "cs-lg"), f"{category}: {cross}"
        if category == "cs-cv":
            assert "cross-list" not in items["papers/vision-only/"]


def test_unknown_code_gets_a_page_shown_by_its_code(tmp_path: Path) -> None:
    built = build_site(seed_site(tmp_path, one_paper_profile(header="ZZJan 1, 2020")), tmp_path / "out")
    assert any('"ZZ"' in warning for warning in built.warnings)
    soup = read_html(built.output / "categories" / "zz" / "index.html")
    assert "ZZ" in main_of(soup).find("h1").get_text()
    assert broken_links(built.output) == []
