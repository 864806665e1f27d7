"""The home page's identity (tagline, icon links, metrics, photo, og:image) and the look
(phone menu without script, DOIs that keep their numbers whole, extra.css), in both themes."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from PIL import Image

from scholarsite.icons import names as icon_names
from scholarsite.model.links import ICONS, LABELS
from tests.conftest import build_site, make_site, page_path, read_html, sample_profile_text
from tests.quality.profiles import LONG_DOI, OTHER_PAPER, SAMPLE_PAPER, WHOLE_SITE_FILES

BASE = "https://example.org/repo/"
THEMES = ["default", "classic"]


def whole_site(tmp_path: Path, theme: str, extra: dict[str, str | bytes] | None = None) -> Path:
    yaml = WHOLE_SITE_FILES["site.yaml"]
    assert isinstance(yaml, str)
    return make_site(
        tmp_path,
        {
            "seeds/profile.txt": sample_profile_text(),
            **WHOLE_SITE_FILES,
            "site.yaml": f"theme: {theme}\n{yaml}",
            **(extra or {}),
        },
    )


@pytest.fixture(scope="module", params=THEMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp(f"look-{request.param}")
    return request.param, build_site(whole_site(root, request.param), root / "out", base_url=BASE).output


def home(output: Path) -> BeautifulSoup:
    return read_html(output / "index.html")


# ------------------------------------------------------------------ identity


def test_tagline_and_every_link_with_its_icon(built: tuple[str, Path]) -> None:
    _, output = built
    soup = home(output)
    tagline = soup.select_one(".tagline")
    assert isinstance(tagline, Tag)
    assert " ".join(tagline.get_text().split()) == (
        "Associate Professor (sample), Example University, Department of Computing"
    )
    links = {a.get_text(" ", strip=True): a for a in soup.select(".profile-links a[rel=me]")}
    assert set(links) == {
        "Email",
        "Google Scholar",
        "ORCID",
        "ResearchGate",
        "OpenReview",
        "GitHub",
        "LinkedIn",
        "YouTube",
        "Mastodon",
        "Bluesky",
        "X",
    }
    assert links["OpenReview"]["href"] == "https://openreview.net/profile?id=~Sample_Person1"
    assert links["YouTube"]["href"] == "https://www.youtube.com/@samplechannel"
    assert links["ResearchGate"]["href"] == "https://www.researchgate.net/profile/Sample-Person"
    for label, anchor in links.items():
        svg = anchor.find("svg")
        assert isinstance(svg, Tag), label
        assert svg["aria-hidden"] == "true" and svg.find(["path", "circle", "rect"]) is not None
        assert anchor.find("title") is None  # the link's words name it, once


def test_every_service_has_a_shipped_icon_and_each_icon_its_licence() -> None:
    assert set(ICONS) == set(LABELS)
    assert set(ICONS.values()) <= icon_names()
    folder = Path(__file__).resolve().parents[1] / "generator" / "icons"
    assert {path.name for path in folder.glob("LICENSE-*")} == {
        "LICENSE-simple-icons.md",
        "LICENSE-lucide.txt",
        "LICENSE-tabler.txt",
    }


def test_twitter_is_read_as_x_with_a_warning_on_its_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"seeds/p.txt": sample_profile_text(), "site.yaml": "title: T\nlinks:\n  github: me\n  twitter: bird\n"},
    )
    result = build_site(site, tmp_path / "out")
    assert any(w.startswith('site.yaml:4: "links.twitter" is read as "links.x"') for w in result.warnings)
    anchors = read_html(result.output / "index.html").select(".profile-links a[rel=me]")
    assert [(a.get_text(strip=True), a["href"]) for a in anchors] == [
        ("GitHub", "https://github.com/me"),
        ("X", "https://x.com/bird"),
    ]


@pytest.mark.slow
def test_metrics_style_and_hiding_the_scraped_metrics(tmp_path: Path) -> None:
    inline = make_site(tmp_path / "a", {"seeds/p.txt": sample_profile_text(), "site.yaml": "metrics_style: inline\n"})
    metrics = read_html(build_site(inline, tmp_path / "a-out").output / "index.html").select_one("dl.metrics")
    assert isinstance(metrics, Tag) and "metrics-inline" in metrics["class"]
    hidden = make_site(tmp_path / "b", {"seeds/p.txt": sample_profile_text(), "site.yaml": "metrics: []\n"})
    assert read_html(build_site(hidden, tmp_path / "b-out").output / "index.html").select("dl.metrics") == []


def test_a_bad_identity_setting_is_one_located_line(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        tmp_path,
        {
            "seeds/p.txt": sample_profile_text(),
            "site.yaml": "role: Professor\nmetrics_style: boxes\nlinks:\n  youtub: me\n",
        },
    )
    result = cli(site, "build")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "site.yaml:2: \"metrics_style\" has the value 'boxes'; expected one of: cards, inline",
        'site.yaml:4: unknown key "youtub" (did you mean "youtube"?)',
    ]
    assert not (site / "output").exists()


def test_photo_sizes_exist_without_exif_and_match_srcset_and_size(built: tuple[str, Path]) -> None:
    theme, output = built
    img = home(output).select_one("img.photo")
    assert isinstance(img, Tag)
    shown = 160 if theme == "default" else 120
    assert (img["width"], img["height"], img["sizes"]) == (str(shown), str(shown), f"{shown}px")
    candidates = [entry.strip().split(" ") for entry in str(img["srcset"]).split(",")]
    assert [width for _, width in candidates] == ["120w", "160w", "240w", "320w", "480w", "640w"]
    for url, width in [*candidates, [str(img["src"]), "160w"]]:
        image = Image.open(output / url)
        assert image.size == (int(width[:-1]),) * 2 and image.format == "JPEG"
        assert not image.getexif() and "exif" not in image.info
    original = Image.open(output / "portrait.jpg")  # the file itself is published without its EXIF, upright
    assert original.size == (700, 900) and not original.getexif()


def test_og_image_is_the_photo_on_every_page(built: tuple[str, Path]) -> None:
    _, output = built
    for path in ["", "papers/", f"papers/{SAMPLE_PAPER}/", "cv/"]:
        soup = read_html(page_path(output, path))
        meta = {tag["property"]: tag["content"] for tag in soup.select('meta[property^="og:image"]')}
        assert meta == {
            "og:image": f"{BASE}static/photo-portrait-640.jpg",
            "og:image:width": "640",
            "og:image:height": "640",
            "og:image:alt": "Photo of Qihua Zhou",
        }, path
    assert Image.open(output / "static" / "photo-portrait-640.jpg").size == (640, 640)


def test_a_photo_that_is_not_an_image_is_a_located_error(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        tmp_path,
        {
            "seeds/p.txt": sample_profile_text(),
            "content/about.md": "---\nphoto: me.jpg\n---\nHi.\n",
            "content/static/me.jpg": b"not a picture",
        },
    )
    result = cli(site, "build")
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("content/static/me.jpg: the photo cannot be read as an image")


@pytest.mark.slow
def test_extra_css_loads_after_the_theme_when_the_site_has_one(tmp_path: Path) -> None:
    extra = {"content/static/extra.css": ":root{--accent:#0b6e4f}"}
    with_css = build_site(whole_site(tmp_path / "a", "classic", extra), tmp_path / "a-out").output
    sheets = [link["href"] for link in read_html(with_css / "papers" / "index.html").select('link[rel="stylesheet"]')]
    assert sheets == ["../static/components.css", "../static/style.css", "../static/highlight.css", "../extra.css"]
    without = build_site(whole_site(tmp_path / "b", "default"), tmp_path / "b-out").output
    assert all("extra.css" not in str(link["href"]) for link in read_html(without / "index.html").select("link"))


# ------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def served(built: tuple[str, Path], chromium_browser) -> Iterator[tuple[str, object, str, Path]]:  # type: ignore[no-untyped-def]
    theme, output = built
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield theme, chromium_browser, f"http://127.0.0.1:{server.server_address[1]}/", output
    server.shutdown()


def test_phone_menu_opens_and_closes_by_keyboard_without_script(served) -> None:  # type: ignore[no-untyped-def]
    _, browser, url, _ = served
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "papers/")
    papers = page.locator('nav[aria-label="Main"] a', has_text="Talks")
    assert not papers.is_visible()
    summary = page.locator("summary.menu-button")
    for _ in range(6):  # Tab from the top: skip link, site title, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('summary.menu-button')"):
            break
    assert page.evaluate("document.activeElement.matches('summary.menu-button')")
    assert summary.get_attribute("aria-expanded") in (None, "false")
    page.keyboard.press("Enter")
    assert papers.is_visible()
    page.keyboard.press("Tab")  # the first entry of the open menu is next
    assert page.evaluate("document.activeElement.closest('nav') !== null")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert not papers.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_desktop_shows_the_menu_without_a_button(served) -> None:  # type: ignore[no-untyped-def]
    _, browser, url, _ = served
    context = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    assert page.locator('nav[aria-label="Main"] a', has_text="Talks").is_visible()
    assert not page.locator("summary.menu-button").is_visible()
    context.close()


def test_a_doi_never_breaks_inside_its_numbers(served) -> None:  # type: ignore[no-untyped-def]
    _, browser, url, _ = served
    for width in (360, 1366):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(f"{url}papers/{OTHER_PAPER}/")
        doi = page.locator(f'.facts a[href$="{LONG_DOI.split("/")[1]}"]')
        assert doi.inner_text() == LONG_DOI
        # Each line box of the link, with the text on it: a break may only follow the "/".
        lines = page.evaluate(
            """(link) => {
            const text = link.firstChild, range = document.createRange(), tops = new Map();
            for (let i = 0; i < text.length; i++) {
                range.setStart(text, i); range.setEnd(text, i + 1);
                const top = Math.round(range.getClientRects()[0].top);
                tops.set(top, (tops.get(top) || "") + text.data[i]);
            }
            return [...tops.values()];
        }""",
            doi.element_handle(),
        )
        assert len(lines) <= 2 and (len(lines) == 1 or lines[0].endswith("/")), (width, lines)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()


PAGE_KINDS = [
    "",
    "papers/",
    f"papers/{SAMPLE_PAPER}/",
    "authors/",
    "categories/",
    "years/",
    "cv/",
    "talks/",
    "teaching/",
    "projects/",
    "posts/",
    "news/",
    "404.html",
]


def test_no_page_kind_scrolls_sideways_at_360_px(served) -> None:  # type: ignore[no-untyped-def]
    _, browser, url, output = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    extra = [
        str(path.parent.relative_to(output)) + "/"
        for path in (
            next((output / folder).glob("*/index.html")) for folder in ("authors", "talks", "posts", "projects")
        )
    ]
    for path in PAGE_KINDS + extra:
        page.goto(url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()


def test_phone_first_screen_shows_who_and_what(served) -> None:  # type: ignore[no-untyped-def]
    _, browser, url, _ = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url)
    for selector in ["h1", ".tagline", ".profile-links", "#about"]:
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, selector
    context.close()


def test_photo_has_no_metadata_bytes(built: tuple[str, Path]) -> None:
    _, output = built
    for path in (output / "static").glob("photo-*.jpg"):
        data = path.read_bytes()
        assert b"Exif" not in data and b"Sample Camera" not in data, path.name
        assert Image.open(io.BytesIO(data)).mode == "RGB"
