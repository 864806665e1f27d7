"""The URL layout (`generator/urls.py`): relative links, output files, base paths, 404 links."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from scholarsite import urls
from scholarsite.model import Site
from tests.conftest import build_site, one_paper_profile, parse_html, seed_site

# Site paths of pages at every depth the layout has.
PAGE_PATHS = [
    "",
    "papers/",
    "papers/some-paper/",
    "authors/",
    "authors/ada-owner/",
    "categories/cs-lg/",
    "years/",
    "years/2022/",
]
TARGETS = [*PAGE_PATHS, "static/style.css", "static/favicon.svg"]


def follow(from_path: str, link: str) -> str:
    """Resolve `link` as a browser would from the page at site path `from_path` ("" is the root)."""
    directory = from_path if from_path.endswith("/") or from_path == "" else posixpath.dirname(from_path) + "/"
    resolved = posixpath.normpath(posixpath.join("/" + directory, link))
    if link.endswith(("/", "/.")) or link in ("./", "../"):
        resolved = resolved.rstrip("/") + "/"
    return resolved.lstrip("/")


@pytest.mark.parametrize(
    ("from_path", "to_path", "link"),
    [
        ("", "", "./"),
        ("", "papers/", "papers/"),
        ("", "static/style.css", "static/style.css"),
        ("papers/", "", "../"),
        ("papers/", "papers/x/", "../papers/x/"),
        ("papers/x/", "authors/y/", "../../authors/y/"),
        ("papers/x/", "", "../../"),
        ("papers/x/", "static/style.css", "../../static/style.css"),
        ("years/2022/", "categories/cs-lg/", "../../categories/cs-lg/"),
    ],
)
def test_relative_link_from_each_depth(from_path: str, to_path: str, link: str) -> None:
    assert urls.relative(from_path, to_path) == link


@pytest.mark.parametrize("from_path", PAGE_PATHS)
@pytest.mark.parametrize("to_path", TARGETS)
def test_relative_links_resolve_back_to_their_target(from_path: str, to_path: str) -> None:
    link = urls.relative(from_path, to_path)
    assert not link.startswith("/")
    assert follow(from_path, link) == to_path


def test_relative_link_from_a_nested_file_page() -> None:
    assert urls.relative("feeds/atom.xml", "papers/") == "../papers/"


def test_relative_link_from_a_root_level_file_page() -> None:
    assert urls.relative("404.html", "papers/") == "papers/"


@pytest.mark.parametrize(
    ("path", "file"),
    [
        ("", "index.html"),
        ("papers/", "papers/index.html"),
        ("papers/x/", "papers/x/index.html"),
        ("404.html", "404.html"),
        ("static/style.css", "static/style.css"),
    ],
)
def test_output_file_of_a_path(path: str, file: str) -> None:
    assert urls.output_file(path) == file


@pytest.mark.parametrize(
    ("base_url", "path"),
    [
        ("", "/"),
        ("https://example.org", "/"),
        ("https://example.org/", "/"),
        ("https://x.github.io/repo", "/repo/"),
        ("https://x.github.io/repo/", "/repo/"),
        ("https://x.github.io/a/b", "/a/b/"),
    ],
)
def test_base_path(base_url: str, path: str) -> None:
    assert urls.base_path(base_url) == path


@pytest.mark.parametrize(
    ("given", "normal"),
    [
        ("", ""),
        ("https://x.github.io/repo", "https://x.github.io/repo/"),
        ("https://x.github.io/repo/", "https://x.github.io/repo/"),
        ("  https://example.org  ", "https://example.org/"),
    ],
)
def test_normalise_base_url(given: str, normal: str) -> None:
    assert urls.normalise_base_url(given) == normal


def test_rooted_links_for_the_404_page() -> None:
    assert urls.rooted("", "") == "/"
    assert urls.rooted("", "papers/") == "/papers/"
    assert urls.rooted("https://x.github.io/repo/", "papers/") == "/repo/papers/"
    assert urls.rooted("https://x.github.io/repo/", "static/style.css") == "/repo/static/style.css"


def test_absolute_url() -> None:
    assert urls.absolute("https://x.github.io/repo/", "papers/x/") == "https://x.github.io/repo/papers/x/"


def test_paths_of_model_records(sample_model: Site) -> None:
    paper, author, category, year = (
        sample_model.papers[0],
        sample_model.authors[0],
        sample_model.categories[0],
        sample_model.years[0],
    )
    assert urls.path_of(paper) == f"papers/{paper.slug}/"
    assert urls.path_of(author) == f"authors/{author.slug}/"
    assert urls.path_of(category) == f"categories/{category.slug}/"
    assert urls.path_of(year) == f"years/{year.slug}/"
    assert urls.path_of("papers/") == "papers/"


# --------------------------------------------------------------------------- links in rendered pages


def links_of(page: Path) -> list[str]:
    soup = parse_html(page)
    return [
        tag.get("href") or tag.get("src")
        for tag in soup.find_all(["a", "link", "script", "img"])
        if tag.get("href") or tag.get("src")
    ]


def internal(links: list[str]) -> list[str]:
    return [link for link in links if not link.startswith(("http://", "https://", "mailto:", "#"))]


@pytest.mark.parametrize(
    ("base_url", "root"),
    [(None, "/"), ("https://x.github.io/repo", "/repo/"), ("https://example.org/", "/")],
)
def test_404_page_links_from_the_base_path(tmp_path: Path, base_url: str | None, root: str) -> None:
    built = build_site(seed_site(tmp_path, one_paper_profile()), tmp_path / "out", base_url=base_url)
    links = internal(links_of(built.output / "404.html"))
    assert links, "404.html should link home, to papers and its stylesheet"
    assert all(link.startswith(root) for link in links), links
    assert f"{root}static/style.css" in links
    assert root in links  # home


def test_normal_pages_stay_relative_with_a_base_url(tmp_path: Path) -> None:
    built = build_site(seed_site(tmp_path, one_paper_profile()), tmp_path / "out", base_url="https://x.github.io/repo")
    for page in sorted(built.output.rglob("index.html")):
        for link in internal(links_of(page)):
            assert not link.startswith("/"), f"{page}: {link}"


def test_rendered_links_from_home_and_from_a_paper_page(tmp_path: Path) -> None:
    built = build_site(seed_site(tmp_path, one_paper_profile()), tmp_path / "out")
    home_links = internal(links_of(built.output / "index.html"))
    assert "papers/a-study-of-things/" in home_links
    assert "static/style.css" in home_links
    paper_links = internal(links_of(built.output / "papers" / "a-study-of-things" / "index.html"))
    assert "../../authors/ada-owner/" in paper_links
    assert "../../categories/cs-lg/" in paper_links
    assert "../../static/style.css" in paper_links
