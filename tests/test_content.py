"""content/ (issue 4, parts 2 and 3): bio, pages, news, paper and author overrides, static files,
front-matter errors, Markdown links, name aliases, owner highlighting and likely duplicates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from scholarsite.errors import SiteError
from tests.conftest import (
    RunCli,
    broken_links,
    build_site,
    copy_sample_site,
    html_files,
    main_text,
    make_site,
    paper_block,
    profile_text,
    read_html,
    resolve_link,
)

OWNER = "Qihua Zhou"
FEDFOA = "feature-correlation-guided-knowledge-transfer-for-federated-self-supervised"
CADM = "cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming"
FULL_FEDFOA_AUTHORS = ["Yi Liu", "Song Guo", "Jie Zhang", OWNER, "Ada Newcomer"]


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


PNG = _png()  # a real image: the home page's photo is resized
PDF = b"%PDF-1.4\n% sample\n"

RICH_FILES: dict[str, str | bytes] = {
    "site.yaml": 'author_aliases:\n  "Ruibing Li": "Ruibin Li"\n',
    "content/about.md": (
        "---\ntitle: About\nphoto: img/me.png\n---\n"
        "*Sample text.* I study **edge learning**. See [my CV](/cv/), [the PDF](/cv.pdf)\n"
        "and [all papers](/papers/).\n\n![A diagram](/img/diagram.png)\n"
    ),
    "content/pages/cv.md": (
        "---\ntitle: CV\nnav_order: 2\ndescription: Curriculum vitae of the sample owner.\n---\n"
        "# Education\n\nDownload the [PDF](/cv.pdf) or go [home](/).\n\n## Positions\n\nSample.\n"
    ),
    "content/pages/teaching.md": "---\ntitle: Teaching\nnav_order: 1\n---\nCourses, see [news](/news/).\n",
    "content/pages/colophon.md": "---\ntitle: Colophon\nnav: false\n---\nNot in the menu.\n",
    **{
        f"content/news/2024-0{n}-item.md": f"---\ntitle: News number {n}\ndate: 2024-0{n}-1{n}\n---\nBody of item {n}, "
        f"see [the CV](/cv/).\n"
        for n in range(1, 5)
    },
    f"content/papers/{FEDFOA}.md": (
        "---\n"
        f"authors: [{', '.join(FULL_FEDFOA_AUTHORS)}]\n"
        "venue: Sample Journal of Federated Things\nvenue_kind: journal\n"
        "doi: 10.1234/sample.5678\narxiv: '2211.07364'\n"
        "pdf: https://example.org/fedfoa.pdf\ncode: https://github.com/example/fedfoa\n"
        "slides: https://example.org/fedfoa-slides.pdf\n"
        "tags: [federated learning]\nselected: true\n"
        "---\n*Sample note* on this paper; see [the CV](/cv/).\n"
    ),
    "content/authors/song-guo.md": (
        "---\naffiliation: Sample University\nhomepage: https://songguo.example.org/\n"
        "orcid: 0000-0002-1825-0097\nphoto: img/song.png\n---\nA *sample* bio; see [papers](/papers/).\n"
    ),
    "content/static/cv.pdf": PDF,
    "content/static/img/me.png": PNG,
    "content/static/img/song.png": PNG,
    "content/static/img/diagram.png": PNG,
    "content/static/.hidden-notes.txt": "not published",
}


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The sample profile with every kind of content file; (output, warnings)."""
    site = copy_sample_site(tmp_path_factory.mktemp("rich") / "site")
    for relative, data in RICH_FILES.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = build_site(site)
    return result.output, result.warnings


@pytest.fixture(scope="module")
def out(rich: tuple[Path, list[str]]) -> Path:
    return rich[0]


def page(output: Path, site_path: str) -> BeautifulSoup:
    return read_html(output / site_path / "index.html")


def section(soup: BeautifulSoup, label: str) -> Tag:
    found = soup.find("section", attrs={"aria-labelledby": label})
    assert isinstance(found, Tag), f"no section {label!r}"
    return found


def nav_titles(soup: BeautifulSoup) -> list[str]:
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert isinstance(nav, Tag)
    return [anchor.get_text(strip=True) for anchor in nav.find_all("a")]


def resolves(output: Path, page_file: Path, href: str) -> Path:
    resolved = resolve_link(output, page_file, href)
    assert resolved is not None, f"{href} is external"
    assert resolved[0].is_file(), f"{href} on {page_file} leads to no file"
    return resolved[0]


def model_error(site: Path, tmp_path: Path) -> str:
    with pytest.raises(SiteError) as caught:
        build_site(site, tmp_path / "out")
    return caught.value.message


SMALL_SEED = profile_text(
    "Ada Owner",
    paper_block("LGNov 14, 2022", "A Study of Things", "Bob Brown, Carl Cole et al.", "About things."),
    paper_block("CVJan 3, 2023", "Another Study", "Ada Owner, Bob Brown", "About more things."),
)


def small_site(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return make_site(tmp_path, {"seeds/x.txt": SMALL_SEED, **(files or {})})


# --------------------------------------------------------------------------- the rich sample builds cleanly


@pytest.mark.slow
def test_rich_sample_builds_without_warnings_or_broken_links(rich: tuple[Path, list[str]]) -> None:
    output, warnings = rich
    assert [w for w in warnings if "base_url" not in w] == []
    assert broken_links(output) == []


# --------------------------------------------------------------------------- about.md


def test_about_is_the_bio_on_the_home_page(out: Path) -> None:
    about = section(page(out, ""), "about")
    text = " ".join(about.get_text(" ").split())
    assert "I study edge learning" in text
    assert about.find("strong") is not None and about.find("strong").get_text() == "edge learning"


def test_about_photo_is_shown_and_copied(out: Path) -> None:
    from PIL import Image

    photo = page(out, "").find("img", class_="photo")
    assert isinstance(photo, Tag)
    assert photo["alt"] == f"Photo of {OWNER}"
    shown = Image.open(resolves(out, out / "index.html", photo["src"]))
    assert (shown.format, shown.size) == ("JPEG", (48, 48))  # a square no larger than the original
    assert (out / "img" / "me.png").read_bytes() == PNG  # the original, which had no metadata, as it was


# --------------------------------------------------------------------------- pages


def test_pages_are_served_at_their_slug(out: Path) -> None:
    cv = page(out, "cv/")
    assert cv.title is not None and cv.title.get_text() == f"CV · {OWNER}"
    assert cv.find("h1").get_text(strip=True) == "CV"
    assert [h.get_text(strip=True) for h in cv.select("main h2")] == ["Education"]
    assert [h.get_text(strip=True) for h in cv.select("main h3")] == ["Positions"]
    description = cv.find("meta", attrs={"name": "description"})
    assert description["content"] == "Curriculum vitae of the sample owner."
    assert page(out, "teaching/").find("h1").get_text(strip=True) == "Teaching"


def test_pages_are_in_the_nav_in_nav_order_and_nav_false_hides_one(out: Path) -> None:
    titles = nav_titles(page(out, "papers/"))
    assert titles == ["Home", "Papers", "Teaching", "CV", "News"]  # Authors, Categories, Years: off by default
    colophon = page(out, "colophon/")
    assert "Not in the menu." in main_text(colophon)
    assert "Colophon" not in nav_titles(colophon)


def test_the_current_page_is_marked_in_the_nav(out: Path) -> None:
    nav = page(out, "cv/").find("nav", attrs={"aria-label": "Main"})
    current = [a.get_text(strip=True) for a in nav.find_all("a", attrs={"aria-current": True})]
    assert current == ["CV"]


def test_page_slug_used_by_the_site_is_an_error(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/pages/papers.md": "---\ntitle: My papers\n---\nHi\n"})
    message = model_error(site, tmp_path)
    assert message.startswith('content/pages/papers.md:1: page slug "papers" is used by the site itself')


# --------------------------------------------------------------------------- news


def test_latest_news_on_home_newest_first_with_a_link_to_all(out: Path) -> None:
    home = page(out, "")
    news = section(home, "news")
    links = [item.find("a") for item in news.find_all("li")]
    assert [link.get_text() for link in links] == ["News number 4", "News number 3", "News number 2"]
    for link in links:  # each item has a page of its own
        assert resolves(out, out / "index.html", link["href"]).parent.parent == out / "news"
    assert [t["datetime"] for t in news.find_all("time")] == ["2024-04-14", "2024-03-13", "2024-02-12"]
    more = news.find("a", string="All news")
    assert isinstance(more, Tag)
    assert resolves(out, out / "index.html", more["href"]) == out / "news" / "index.html"


def test_news_page_lists_every_item_with_its_body(out: Path) -> None:
    news = page(out, "news/")
    items = news.find_all("article", class_="news-item")
    assert [a.find("h2").get_text(strip=True) for a in items] == [f"News number {n}" for n in (4, 3, 2, 1)]
    assert "Body of item 1" in main_text(news)


def test_news_with_an_impossible_date_names_its_line(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/news/x.md": "---\ntitle: Leap\ndate: 2023-02-29\n---\nHi\n"})
    message = model_error(site, tmp_path)
    assert message.startswith("content/news/x.md:3: ") and "\n" not in message


# --------------------------------------------------------------------------- paper overrides


def paper_authors(soup: BeautifulSoup) -> list[Tag]:
    byline = soup.find("p", class_="authors")
    assert isinstance(byline, Tag)
    return byline.find_all("a")


def test_full_author_list_every_author_listed_and_linked_to_their_page(out: Path) -> None:
    paper_file = out / "papers" / FEDFOA / "index.html"
    anchors = paper_authors(read_html(paper_file))
    assert [a.get_text(strip=True) for a in anchors] == FULL_FEDFOA_AUTHORS
    for anchor in anchors:
        target = resolves(out, paper_file, anchor["href"])
        assert read_html(target).find("h1").get_text(" ", strip=True).startswith(anchor.get_text(strip=True))


def test_full_author_list_shows_the_owner_at_the_real_position(out: Path) -> None:
    soup = read_html(out / "papers" / FEDFOA / "index.html")
    byline = soup.find("p", class_="authors")
    names = [a.get_text(strip=True) for a in byline.find_all("a")]
    assert names.index(OWNER) == 3
    assert "et al." not in byline.get_text() and "other authors not listed" not in byline.get_text()
    owner_anchor = byline.find_all("a")[3]
    assert owner_anchor.find_parent("strong", class_="owner") is not None
    citation = [m["content"] for m in soup.find_all("meta", attrs={"name": "citation_author"})]
    assert citation == FULL_FEDFOA_AUTHORS


def test_new_author_from_an_override_has_a_page_listing_the_paper(out: Path) -> None:
    newcomer = page(out, "authors/ada-newcomer/")
    titles = [a.get_text(strip=True) for a in newcomer.select("main a.paper-title")]
    assert titles == ["Feature Correlation-guided Knowledge Transfer for Federated Self-supervised Learning"]


def test_override_facts_links_body_tags_and_selected(out: Path) -> None:
    soup = read_html(out / "papers" / FEDFOA / "index.html")
    facts = {dt.get_text(strip=True): dt.find_next_sibling("dd") for dt in soup.select("dl.facts dt")}
    assert facts["Journal"].get_text(strip=True) == "Sample Journal of Federated Things"
    assert facts["DOI"].find("a")["href"] == "https://doi.org/10.1234/sample.5678"
    assert facts["arXiv"].find("a")["href"] == "https://arxiv.org/abs/2211.07364"
    assert facts["Tags"].get_text(strip=True) == "federated learning"
    links = {a.get_text(strip=True): a["href"] for a in soup.select("ul.paper-links a")}
    # the owner's links first, then what the identifiers give (arXiv abstract and PDF, the DOI)
    assert links == {
        "PDF": "https://example.org/fedfoa.pdf",
        "Code": "https://github.com/example/fedfoa",
        "Slides": "https://example.org/fedfoa-slides.pdf",
        "arXiv": "https://arxiv.org/abs/2211.07364",
        "arXiv PDF": "https://arxiv.org/pdf/2211.07364",
        "DOI": "https://doi.org/10.1234/sample.5678",
    }
    notes = section(soup, "notes")
    assert notes.find("em").get_text() == "Sample note"
    selected = section(page(out, ""), "selected")
    assert [a.get_text(strip=True) for a in selected.select("a.paper-title")] == [
        "Feature Correlation-guided Knowledge Transfer for Federated Self-supervised Learning"
    ]


def test_author_list_that_does_not_start_with_the_profiles_authors_warns(tmp_path: Path) -> None:
    site = small_site(
        tmp_path,
        {"content/papers/a-study-of-things.md": "---\nvenue: X\nauthors: [Carl Cole, Bob Brown, Ada Owner]\n---\n"},
    )
    result = build_site(site)
    assert [w for w in result.warnings if "first authors" in w] == [
        "content/papers/a-study-of-things.md:3: the profile's first authors (Bob Brown, Carl Cole) "
        "are not the start of this author list"
    ]
    byline = read_html(result.output / "papers/a-study-of-things/index.html").find("p", class_="authors")
    assert [a.get_text(strip=True) for a in byline.find_all("a")] == ["Carl Cole", "Bob Brown", "Ada Owner"]


def test_author_list_that_starts_with_the_profiles_authors_does_not_warn(tmp_path: Path) -> None:
    site = small_site(
        tmp_path,
        {"content/papers/a-study-of-things.md": "---\nauthors: [Bob Brown, Carl Cole, Dan Dye, Ada Owner]\n---\n"},
    )
    assert [w for w in build_site(site).warnings if "first authors" in w] == []


def test_prefix_check_respects_author_aliases(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "A Study of Things", "Bobby Brown, Ada Owner et al.", "About things."),
    )
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": seed,
            "site.yaml": 'author_aliases:\n  "Bobby Brown": "Bob Brown"\n',
            "content/papers/a-study-of-things.md": "---\nauthors: [Bob Brown, Ada Owner, Carl Cole]\n---\n",
        },
    )
    assert [w for w in build_site(site).warnings if "first authors" in w] == []


def test_paper_file_matching_no_paper_is_an_error_listing_the_closest_slugs(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/papers/a-study-of-thing.md": "---\nvenue: X\n---\n"})
    assert model_error(site, tmp_path) == (
        'content/papers/a-study-of-thing.md:1: no paper has the slug "a-study-of-thing"; closest: a-study-of-things, '
        "another-study; expected a file named after a paper's slug (see the paper's URL)"
    )


def test_unquoted_arxiv_id_is_accepted(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/papers/a-study-of-things.md": "---\narxiv: 2211.07364\n---\n"})
    output = build_site(site).output
    dd = read_html(output / "papers/a-study-of-things/index.html").find("dt", string="arXiv").find_next_sibling("dd")
    assert dd.get_text(strip=True) == "2211.07364"


# --------------------------------------------------------------------------- author files


def test_author_file_adds_affiliation_links_photo_and_bio(out: Path) -> None:
    author_file = out / "authors" / "song-guo" / "index.html"
    soup = read_html(author_file)
    assert soup.find("p", class_="lead").get_text(" ", strip=True).startswith("Sample University ·")
    links = {a.get_text(strip=True): a["href"] for a in soup.select("main ul.inline-list a")}
    assert links == {
        "Homepage": "https://songguo.example.org/",
        "ORCID 0000-0002-1825-0097": "https://orcid.org/0000-0002-1825-0097",
    }
    bio = section(soup, "author-bio")
    assert bio.find("em").get_text() == "sample"
    photo = soup.find("img", class_="photo")
    assert resolves(out, author_file, photo["src"]).read_bytes() == PNG


def test_author_file_aliases_merge_names_everywhere(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "First", "Ada Owner, S. Guo", "A."),
        paper_block("LGNov 15, 2022", "Second", "Song Guo, Ada Owner", "B."),
    )
    site = make_site(tmp_path, {"seeds/x.txt": seed, "content/authors/song-guo.md": "---\naliases: [S. Guo]\n---\n"})
    output = build_site(site).output
    assert sorted(p.name for p in (output / "authors").iterdir() if p.is_dir()) == ["ada-owner", "song-guo"]
    guo = page(output, "authors/song-guo/")
    assert sorted(a.get_text(strip=True) for a in guo.select("main a.paper-title")) == ["First", "Second"]
    first = read_html(output / "papers/first/index.html").find("p", class_="authors")
    assert [a.get_text(strip=True) for a in first.find_all("a")] == ["Ada Owner", "Song Guo"]
    coauthors = section(page(output, ""), "coauthors")
    assert [li.find("a").get_text(strip=True) for li in coauthors.find_all("li")] == ["Song Guo"]


def test_author_file_for_no_author_is_an_error_with_the_closest_slugs(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/authors/bob-browne.md": "---\naffiliation: X\n---\n"})
    message = model_error(site, tmp_path)
    assert message.startswith(
        'content/authors/bob-browne.md:1: no author has the slug "bob-browne"; closest: bob-brown'
    )


def test_author_photo_missing_from_static_is_an_error_on_its_line(tmp_path: Path) -> None:
    site = small_site(tmp_path, {"content/authors/bob-brown.md": "---\naffiliation: X\nphoto: bob.jpg\n---\n"})
    assert model_error(site, tmp_path).startswith('content/authors/bob-brown.md:3: "bob.jpg" is not in content/static/')


# --------------------------------------------------------------------------- static files


def test_static_files_are_copied_verbatim_and_hidden_ones_are_not(out: Path) -> None:
    assert (out / "cv.pdf").read_bytes() == PDF
    assert (out / "img" / "diagram.png").read_bytes() == PNG
    assert not (out / ".hidden-notes.txt").exists()


# --------------------------------------------------------------------------- front-matter errors


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        (
            "content/pages/cv.md",
            "---\ntitle: CV\nnav_order: first\n---\nBody\n",
            'content/pages/cv.md:3: "nav_order" has the wrong type; expected a whole number',
        ),
        (
            "content/pages/cv.md",
            "---\ntitel: CV\n---\nBody\n",
            'content/pages/cv.md:2: unknown key "titel" (did you mean "title"?)\n'
            "content/pages/cv.md:2: the document is missing a required key: 'title'",
        ),
        (
            "content/pages/cv.md",
            "---\nnav_order: 1\n---\nBody\n",
            "content/pages/cv.md:2: the document is missing a required key: 'title'",
        ),
        (
            "content/pages/cv.md",
            "---\ntitle: CV\n\nBody without a closing fence\n",
            'content/pages/cv.md:1: front matter is not closed; expected a line "---" after the front matter',
        ),
        (
            "content/news/a.md",
            "---\ntitle: A\ndate: 15 Jan 2024\n---\nHi\n",
            "content/news/a.md:3: \"date\" has the value '15 Jan 2024'; expected a date like 2024-05-01",
        ),
        (
            "content/papers/another-study.md",
            "---\nvenue: X\ndoi: doi.org/10.1/x\n---\n",
            "content/papers/another-study.md:3: \"doi\" has the value 'doi.org/10.1/x'; "
            "expected a DOI like 10.1000/xyz123",
        ),
        (
            "content/papers/another-study.md",
            "---\ncode: javascript:alert(1)\n---\n",
            "content/papers/another-study.md:2: \"code\" has the value 'javascript:alert(1)'; "
            "expected an http(s)://, mailto: or site path URL",
        ),
        (
            "content/authors/bob-brown.md",
            "---\norcid: 1234\n---\n",
            'content/authors/bob-brown.md:2: "orcid" has the wrong type; expected a text value',
        ),
    ],
)
def test_front_matter_errors_name_file_and_line(tmp_path: Path, relative: str, text: str, expected: str) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": SMALL_SEED, relative: text})
    assert model_error(site, tmp_path) == expected


def test_invalid_front_matter_yaml_names_the_file_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"seeds/x.txt": SMALL_SEED, "content/pages/cv.md": "---\ntitle: CV\ntags: [a, b\nnav_order: 1\n---\nBody\n"},
    )
    message = model_error(site, tmp_path)
    assert re.match(r"^content/pages/cv\.md:[345]: invalid YAML", message), message


def test_front_matter_error_through_the_cli_exits_1_and_leaves_output(tmp_path: Path, cli: RunCli) -> None:
    site = small_site(tmp_path)
    build_site(site)
    before = sorted(p.relative_to(site).as_posix() for p in (site / "output").rglob("*"))
    (site / "content/pages").mkdir(parents=True)
    (site / "content/pages/cv.md").write_text("---\ntitle: [CV]\n---\n", encoding="utf-8")
    code, _stdout, stderr = cli(site, "build")
    assert code == 1
    assert stderr.splitlines() == ['content/pages/cv.md:2: "title" has the wrong type; expected a text value']
    assert sorted(p.relative_to(site).as_posix() for p in (site / "output").rglob("*")) == before


# --------------------------------------------------------------------------- Markdown links


@pytest.mark.parametrize(
    ("site_path", "scope", "expected"),
    [
        ("", "about", {"my CV": "cv/", "the PDF": "cv.pdf", "all papers": "papers/"}),
        ("cv/", None, {"PDF": "../cv.pdf", "home": "../"}),
        ("teaching/", None, {"news": "../news/"}),
        ("news/", None, {"the CV": "../cv/"}),
        (f"papers/{FEDFOA}/", "notes", {"the CV": "../../cv/"}),
        ("authors/song-guo/", "author-bio", {"papers": "../../papers/"}),
    ],
)
def test_markdown_root_links_become_relative_on_every_depth(
    out: Path, site_path: str, scope: str | None, expected: dict[str, str]
) -> None:
    soup = page(out, site_path)
    container = section(soup, scope) if scope else soup.find("article")
    found = {a.get_text(strip=True): a["href"] for a in container.find_all("a") if a.get_text(strip=True) in expected}
    assert found == expected
    for href in found.values():
        resolves(out, out / site_path / "index.html", href)


def test_markdown_image_from_the_root_is_relative(out: Path) -> None:
    image = section(page(out, ""), "about").find("img")
    assert image["src"] == "img/diagram.png"
    assert image["alt"] == "A diagram"


# --------------------------------------------------------------------------- aliases on the sample


def test_repository_sample_alias_gives_17_authors_and_ruibin_li_has_4_papers(repo_output: Path) -> None:
    authors = sorted(p.name for p in (repo_output / "authors").iterdir() if p.is_dir())
    assert len(authors) == 17
    assert "ruibing-li" not in authors
    ruibin = page(repo_output, "authors/ruibin-li/")
    papers = section(ruibin, "author-papers").select("a.paper-title")
    assert len(papers) == 4
    assert ruibin.find("p", class_="lead").get_text(" ", strip=True).startswith("4 papers")
    listed = [li.find("a").get_text(strip=True) for li in page(repo_output, "authors/").select("main ul li")]
    assert len(listed) == 17 and "Ruibing Li" not in listed


@pytest.mark.slow
def test_alias_renames_the_author_in_every_byline(repo_output: Path) -> None:
    parsnets = page(
        repo_output, "papers/parsnets-a-parsimonious-orthogonal-and-low-rank-linear-networks-for-zero-shot/"
    )
    assert [a.get_text(strip=True) for a in parsnets.find("p", class_="authors").find_all("a")] == [
        "Jingcai Guo",
        OWNER,
        "Ruibin Li",
    ]
    for file in html_files(repo_output):
        assert "Ruibing Li" not in main_text(read_html(file)), file


def test_repository_sample_shows_each_content_feature(repo_output: Path) -> None:
    home = page(repo_output, "")
    assert "sample text" in section(home, "about").get_text().lower()
    assert (repo_output / "cv" / "index.html").is_file()
    assert len(section(home, "news").find_all("li")) == 1
    notes = section(page(repo_output, f"papers/{FEDFOA}/"), "notes")
    assert "sample note" in notes.get_text().lower()


# --------------------------------------------------------------------------- owner highlighting


def test_owner_is_highlighted_and_announced_in_every_author_list(out: Path) -> None:
    checked = 0
    for file in html_files(out):
        for byline in read_html(file).select("main p.byline"):
            marks = byline.find_all("strong", class_="owner")
            owner_names = [s for s in byline.find_all(string=True) if s.strip() == OWNER]
            assert len(owner_names) == 1, f"{file}: {byline}"  # the sample owner is on every paper
            assert len(marks) == 1 and owner_names[0].find_parent("strong", class_="owner") is marks[0]
            hidden = marks[0].find(class_="visually-hidden")
            assert hidden is not None and hidden.get_text(strip=True) == "(profile owner)"
            checked += 1
    assert checked > 50


def test_visually_hidden_text_is_hidden_by_the_theme_css(out: Path) -> None:
    css = (out / "static" / "style.css").read_text(encoding="utf-8")
    rule = re.search(r"\.visually-hidden\s*(?:,[^{]*)?\{([^}]*)\}", css)
    assert rule is not None
    assert re.search(r"clip|width:\s*1px|position:\s*absolute", rule.group(1))


def test_owner_is_highlighted_on_their_author_page_lists_too(out: Path) -> None:
    song = page(out, "authors/song-guo/")
    assert all(b.find("strong", class_="owner") for b in song.select("main p.byline"))


# --------------------------------------------------------------------------- scholarsite check: duplicates


@pytest.mark.slow
def test_check_lists_ruibin_and_ruibing_li_when_not_aliased(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    code, stdout, _ = cli(site, "check")
    assert code == 0
    duplicates = [line for line in stdout.splitlines() if line.startswith("possible duplicate")]
    assert duplicates == [
        'possible duplicate: "Ruibin Li" and "Ruibing Li" (same surname, given names differ by '
        "a letter or two); merge them with author_aliases in site.yaml if they are one person"
    ]


def test_check_lists_no_duplicate_once_aliased(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    (site / "site.yaml").write_text('author_aliases:\n  "Ruibing Li": "Ruibin Li"\n', encoding="utf-8")
    code, stdout, _ = cli(site, "check")
    assert code == 0
    assert [line for line in stdout.splitlines() if line.startswith("possible duplicate")] == []
    assert "17 authors" in stdout


def test_check_lists_diacritics_and_initials_but_not_different_people(tmp_path: Path, cli: RunCli) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "One", "Ada Owner, José García, J. Smith, Song Guo", "A."),
        paper_block("LGNov 15, 2022", "Two", "Ada Owner, Jose Garcia, John Smith, Jingcai Guo", "B."),
    )
    site = make_site(tmp_path, {"seeds/x.txt": seed})
    code, stdout, _ = cli(site, "check")
    assert code == 0
    duplicates = sorted(line.split(" (")[0] for line in stdout.splitlines() if line.startswith("possible duplicate"))
    assert duplicates == [
        'possible duplicate: "J. Smith" and "John Smith"',
        'possible duplicate: "Jose Garcia" and "José García"',
    ]
