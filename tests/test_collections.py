"""Talks, teaching, projects, posts and news pages: built from content folders, linked, in feeds and JSON-LD."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import extruct
import feedparser
import pytest

from tests.conftest import REPO_ROOT, SAMPLE_SEED, RunCli, build_site, make_site, read_html
from tests.quality.profiles import OTHER_PAPER, SAMPLE_PAPER, WHOLE_SITE_FILES, write_whole_site

BASE = "https://example.org/repo/"


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("whole")
    site = write_whole_site(root / "site", SAMPLE_SEED)
    return build_site(site, root / "out", base_url=BASE).output


def nav_titles(output: Path, page: str) -> list[str]:
    return [a.get_text() for a in read_html(output / page).select('nav[aria-label="Main"] a')]


def test_each_collection_has_an_index_and_a_page_per_item_and_a_menu_entry(whole: Path) -> None:
    for folder, items in {
        "talks": ["federated-keynote", "moe-seminar"],
        "teaching": ["distributed-systems", "machine-learning"],
        "projects": ["federated", "moe"],
        "posts": ["2025-01-sparse", "2025-02-notes"],
        "news": ["2025-01-award", "2025-03-talk"],
    }.items():
        index = read_html(whole / folder / "index.html")
        links = {a["href"] for a in index.select("main a")}
        for item in items:
            assert (whole / folder / item / "index.html").is_file(), (folder, item)
            assert f"../{folder}/{item}/" in links, (folder, item)
    assert {"Talks", "Teaching", "Projects", "Blog", "CV", "News"} <= set(nav_titles(whole, "index.html"))


def test_drafts_are_left_out(whole: Path) -> None:
    assert not (whole / "posts/2025-03-draft").exists()
    assert "Unfinished" not in (whole / "posts/index.html").read_text(encoding="utf-8")


def test_a_paper_page_lists_the_talks_and_projects_that_cite_it(whole: Path) -> None:
    section = read_html(whole / "papers" / SAMPLE_PAPER / "index.html").find(
        "section", attrs={"aria-labelledby": "cited-by"}
    )
    assert section is not None
    assert {a["href"] for a in section.find_all("a")} == {"../../talks/federated-keynote/", "../../projects/federated/"}
    talk = read_html(whole / "talks/federated-keynote/index.html")
    assert talk.find("a", href=f"../../papers/{SAMPLE_PAPER}/") is not None
    project = read_html(whole / "projects/moe/index.html")
    assert project.find("a", href=f"../../papers/{OTHER_PAPER}/") is not None


def test_posts_read_newest_first_with_previous_next_and_tag_pages(whole: Path) -> None:
    titles = [a.get_text() for a in read_html(whole / "posts/index.html").select("main .entry-title")]
    assert titles == ["Notes on writing (sample)", "Sparse recovery in one page (sample)"]
    newest = read_html(whole / "posts/2025-02-notes/index.html")
    assert (
        newest.find("a", rel="next")["href"] == "../../posts/2025-01-sparse/" and newest.find("a", rel="prev") is None
    )
    older = read_html(whole / "posts/2025-01-sparse/index.html")
    assert older.find("a", rel="prev")["href"] == "../../posts/2025-02-notes/"
    tagged = read_html(whole / "posts/tags/math/index.html")
    assert [a.get_text() for a in tagged.select("main .entry-title")] == ["Sparse recovery in one page (sample)"]


def test_home_links_each_news_item_to_its_page(whole: Path) -> None:
    news = read_html(whole / "index.html").find("section", attrs={"aria-labelledby": "news"})
    assert [a["href"] for a in news.select("li a")] == ["news/2025-03-talk/", "news/2025-01-award/"]


def test_feeds_of_posts_and_news_parse(whole: Path) -> None:
    for feed, count in (("posts/feed.xml", 2), ("news/feed.xml", 2)):
        parsed = feedparser.parse((whole / feed).read_bytes())
        assert parsed.bozo == 0, (feed, parsed.get("bozo_exception"))
        assert len(parsed.entries) == count
        assert all(entry.link.startswith(BASE) for entry in parsed.entries)
    links = read_html(whole / "posts/index.html").find_all("link", rel="alternate")
    assert f"{BASE}posts/feed.xml" in {link["href"] for link in links}


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("talks/federated-keynote/", "Event"),
        ("teaching/distributed-systems/", "Course"),
        ("projects/federated/", "CreativeWork"),
        ("posts/2025-01-sparse/", "BlogPosting"),
        ("news/2025-01-award/", "NewsArticle"),
        ("cv/", "ProfilePage"),
        ("talks/", "CollectionPage"),
        ("posts/tags/math/", "CollectionPage"),
    ],
)
def test_json_ld_types(whole: Path, page: str, kind: str) -> None:
    data = extruct.extract((whole / page / "index.html").read_text(encoding="utf-8"), syntaxes=["json-ld"])
    assert [item["@type"] for item in data["json-ld"]] == [kind]


@pytest.mark.slow
def test_a_site_without_collections_has_no_such_pages_or_menu_entries(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": SAMPLE_SEED.read_text(encoding="utf-8")})
    output = build_site(site, tmp_path / "out").output
    assert not any((output / folder).exists() for folder in ("talks", "teaching", "projects", "posts", "cv"))
    assert not {"Talks", "Teaching", "Projects", "Blog", "CV"} & set(nav_titles(output, "index.html"))


@pytest.mark.slow
def test_a_page_of_ones_own_may_use_a_collection_name_only_while_that_collection_is_empty(
    tmp_path: Path, cli: RunCli
) -> None:
    files = {
        "seeds/x.txt": SAMPLE_SEED.read_text(encoding="utf-8"),
        "content/pages/talks.md": "---\ntitle: Talks\n---\n",
    }
    assert (build_site(make_site(tmp_path / "a", files), tmp_path / "a-out").output / "talks/index.html").is_file()
    files["content/talks/one.md"] = "---\ntitle: One\ndate: 2024-01-01\n---\n"
    result = cli(tmp_path, "build", "--site", str(make_site(tmp_path / "b", files)))
    assert result.code == 1
    assert result.stderr.startswith('content/pages/talks.md:1: page slug "talks" is used by the site itself')


def _tree(output: Path) -> dict[str, str]:
    return {
        p.relative_to(output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built_whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The whole site built once as `scholarsite build` builds it; each test breaks a copy of it and its output."""
    root = tmp_path_factory.mktemp("built-whole")
    site = write_whole_site(root / "site", SAMPLE_SEED)
    return site, build_site(site, root / "out").output


@pytest.mark.parametrize(
    ("path", "text", "message"),
    [
        (
            "content/talks/federated-keynote.md",
            "---\ntitle: T\ndate: 2024-06-12\nvenue: X\n---\n",
            'content/talks/federated-keynote.md:4: unknown key "venue"',
        ),
        (
            "content/talks/federated-keynote.md",
            "---\ntitle: T\ndate: 2024-06-12\npaper: no-such-paper\n---\n",
            'content/talks/federated-keynote.md:4: "paper" names an unknown paper "no-such-paper"',
        ),
        (
            "content/teaching/machine-learning.md",
            "---\nterm: Fall\n---\n",
            "content/teaching/machine-learning.md:2: the document is missing a required key: 'course'",
        ),
        (
            "content/projects/moe.md",
            "---\ntitle: P\nimage: nope.png\n---\n",
            'content/projects/moe.md:3: "nope.png" is not in content/static/',
        ),
        (
            "content/posts/2025-02-notes.md",
            "---\ntitle: P\ndate: 2025-02-30\n---\n",
            "content/posts/2025-02-notes.md:3: invalid YAML value: day is out of range for month",
        ),
        (
            "content/posts/2025-02-notes.md",
            "---\ntitle: P\ndate: 2025-02-01\ntags: writing\n---\n",
            'content/posts/2025-02-notes.md:4: "tags" has the wrong type; expected a list',
        ),
    ],
)
def test_malformed_front_matter_is_one_located_error_and_output_is_unchanged(
    tmp_path: Path, built_whole: tuple[Path, Path], path: str, text: str, message: str, cli: RunCli
) -> None:
    site = shutil.copytree(built_whole[0], tmp_path / "site")
    output = shutil.copytree(built_whole[1], tmp_path / "out")
    before = _tree(output)
    (site / path).write_text(text, encoding="utf-8")
    result = cli(REPO_ROOT, "build", "--site", str(site), "--output", str(output))
    assert result.code == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert _tree(output) == before


def test_whole_site_files_are_sample_text() -> None:
    """The example content says it is sample text, so nobody mistakes it for facts."""
    for path, text in WHOLE_SITE_FILES.items():
        if path.endswith((".md", ".yaml")):
            assert "sample" in text.lower(), path


@pytest.mark.slow
def test_init_writes_a_sample_of_each_kind_that_builds(tmp_path: Path, cli: RunCli) -> None:
    assert cli(tmp_path, "init", "mysite").code == 0
    site = tmp_path / "mysite"
    for path in (
        "content/cv.yaml",
        "content/talks/sample-talk.md",
        "content/teaching/sample-course.md",
        "content/projects/sample-project.md",
        "content/posts/sample-post.md",
        "content/news/sample-news.md",
    ):
        assert "sample" in (site / path).read_text(encoding="utf-8").lower(), path
    result = cli(site, "build", "--base-url", "https://ada.github.io/mysite/")
    assert result.code == 0, result.stderr
    output = site / "output"
    for page in (
        "cv/",
        "talks/sample-talk/",
        "teaching/sample-course/",
        "projects/sample-project/",
        "posts/sample-post/",
        "posts/tags/writing/",
        "news/sample-news/",
    ):
        assert (output / page / "index.html").is_file(), page
    post = read_html(output / "posts/sample-post/index.html")
    assert post.find("math", attrs={"display": "block"}) and post.find("div", class_="highlight")
    assert post.find("div", class_="footnote") and post.find("div", class_="table-wrap")
