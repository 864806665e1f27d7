"""The gates must catch real breakage, and must pass a page that is right.

Each test writes a tiny hand-made site (no generator involved), runs one gate
and checks that the report names both the page and the problem.  The good
site passing every gate proves the checks are not failing for everything.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import gates

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

STYLE = """
body { font: 1rem/1.5 sans-serif; color: #1b1b1b; background: #fff; margin: 0 1rem; }
a { color: #0b4fbf; }
a:focus-visible, button:focus-visible { outline: 3px solid #0b4fbf; outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #111; }
  a { color: #8ab4ff; }
  a:focus-visible, button:focus-visible { outline-color: #8ab4ff; }
  .skip-link:focus { background: #111; }
}
"""


def page(title: str, body: str, root: str = "", head: str = "") -> str:
    """A complete, valid page following the theme contract (skip link, main#main).

    ``root`` is the way back to the site root: "" at the top, "../" one level
    down, "/repo/" for 404.html, which is served from any depth.
    """
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{root}style.css">{head}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header><nav aria-label="Site"><a href="{root or "./"}">Home</a></nav></header>
<main id="main" tabindex="-1">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"""


def write(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` (relative path -> text) under ``root`` plus the stylesheet."""
    for name, text in {"style.css": STYLE, **files}.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def good_site(tmp_path: Path) -> Path:
    return write(
        tmp_path / "good",
        {
            "index.html": page(
                "Home", '<p>See <a href="papers/">papers</a>.</p><button type="button">Copy citation</button>'
            ),
            "papers/index.html": page("Papers", '<p><a href="../">Back home</a></p>', root="../"),
            "404.html": page("Not found", '<p><a href="/repo/">Home</a></p>', root="/repo/"),
        },
    )


@pytest.fixture
def desktop(contexts: dict[tuple[str, str], BrowserContext]) -> BrowserContext:
    return contexts[("desktop", "light")]


def test_good_site_passes_every_gate(good_site: Path, tabs: dict[tuple[str, str], gates.PageWatch]) -> None:
    assert gates.vnu_errors(good_site) == []
    with gates.serve_under_subpath(good_site) as base:
        assert gates.broken_links(base) == []
        for (size, _), tab in tabs.items():
            for path in ("", "no/such/page/"):
                tab.visit(base + path)
                if path != "no/such/page/":  # Chrome logs the 404 status of that one
                    assert tab.problems() == []
                assert gates.axe_violations(tab.page) == []
                assert gates.reflow_problems(tab.page) == []
                if size == "desktop":
                    assert gates.skip_link_problems(tab.page) == []
                    assert gates.focus_ring_problems(tab.page) == []


def test_server_answers_like_github_pages(good_site: Path) -> None:
    not_found = (good_site / "404.html").read_bytes()
    with gates.serve_under_subpath(good_site) as base:
        origin = base.removesuffix("repo/")
        with urllib.request.urlopen(base + "papers/") as response:
            assert response.status == 200
        for missing in (base + "x", base + "a/b/c/", origin + "elsewhere"):
            with pytest.raises(urllib.error.HTTPError) as error:
                urllib.request.urlopen(missing)
            assert error.value.code == 404
            assert error.value.read() == not_found
        with urllib.request.urlopen(origin + "repo") as response:  # follows the redirect
            assert response.url == base


def test_vnu_reports_div_inside_span(tmp_path: Path) -> None:
    site = write(
        tmp_path, {"ok.html": page("Fine", "<p>ok</p>"), "deep/bad.html": page("Bad", "<span><div>x</div></span>")}
    )
    errors = gates.vnu_errors(site)
    assert errors, "vnu found nothing wrong with a div inside a span"
    assert all(e.startswith("deep/bad.html:") for e in errors), errors
    assert any("div" in e and "span" in e for e in errors), errors


def test_linkinator_reports_missing_page(tmp_path: Path) -> None:
    site = write(tmp_path, {"index.html": page("Home", '<a href="gone/">gone</a>')})
    with gates.serve_under_subpath(site) as base:
        broken = gates.broken_links(base)
    assert broken == [f"{base}gone/ (404) <- {base}"]


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', "image-alt"),
        ('<button type="button"></button>', "button-name"),
    ],
)
def test_axe_reports_violation(tmp_path: Path, desktop: BrowserContext, body: str, rule: str) -> None:
    site = write(tmp_path, {"bad/index.html": page("Bad", body, root="../")})
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(desktop, base + "bad/")
        try:
            violations = gates.axe_violations(page_)
        finally:
            page_.close()
    assert len(violations) == 1, violations
    assert violations[0].startswith(f"{base}bad/: {rule}: "), violations


def test_external_font_is_reported(tmp_path: Path, desktop: BrowserContext) -> None:
    cdn = '\n<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'
    site = write(tmp_path, {"index.html": page("Home", "<p>hi</p>", head=cdn)})
    with gates.serve_under_subpath(site) as base:
        page_, watch = gates.open_watched(desktop, base)
        page_.close()
    assert watch.external_requests == ["https://fonts.googleapis.com/css2?family=Inter"]
    assert any("fonts.googleapis.com" in p for p in watch.problems())


def test_script_errors_and_dialogs_are_reported(tmp_path: Path, desktop: BrowserContext) -> None:
    script = "<script>alert('xss'); undefinedFunction();</script>"
    site = write(tmp_path, {"index.html": page("Home", script)})
    with gates.serve_under_subpath(site) as base:
        page_, watch = gates.open_watched(desktop, base)
        page_.close()
    assert watch.dialogs == ["xss"]
    assert any("undefinedFunction" in e for e in watch.console_errors), watch.console_errors


def test_missing_focus_ring_is_reported(tmp_path: Path, desktop: BrowserContext) -> None:
    css = STYLE + "\n.plain:focus, .plain:focus-visible { outline: none; }\n"
    body = '<p><a href="./">fine</a> <a class="plain" href="./">no ring</a></p>'
    site = write(tmp_path, {"index.html": page("Home", body), "style.css": css})
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(desktop, base)
        try:
            problems = gates.focus_ring_problems(page_)
        finally:
            page_.close()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{base}: Tab stop 4: a.plain"), problems
    assert "no visible focus indicator" in problems[0]


def test_radio_group_is_one_tab_stop(tmp_path: Path, desktop: BrowserContext) -> None:
    """Tab reaches a radio group once, at its checked button, as browsers do; a missing
    ring on the control after the group is still found at the right stop."""
    css = STYLE + "\ninput:focus-visible { outline: 3px solid #0b4fbf; }\n.plain:focus-visible { outline: none; }\n"
    radios = "".join(
        f'<label><input type="radio" name="style" value="{v}"{" checked" if v == "b" else ""}> {v}</label>'
        for v in "abc"
    )
    body = f'<fieldset><legend>Style</legend>{radios}</fieldset><button class="plain" type="button">Copy</button>'
    site = write(tmp_path, {"index.html": page("Home", body), "style.css": css})
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(desktop, base)
        try:
            problems = gates.focus_ring_problems(page_)
        finally:
            page_.close()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{base}: Tab stop 4: button.plain"), problems
    assert "no visible focus indicator" in problems[0]


def test_long_page_is_checked_at_both_ends(tmp_path: Path, desktop: BrowserContext) -> None:
    css = STYLE + "\n.plain:focus, .plain:focus-visible { outline: none; }\n"
    links = "".join(f'<li><a href="./">item {i}</a></li>' for i in range(400))
    site = write(
        tmp_path,
        {
            "good.html": page("Good", f"<ul>{links}</ul>"),
            "bad.html": page("Bad", f'<ul>{links}</ul><p><a class="plain" href="./">last</a></p>'),
            "style.css": css,
        },
    )
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(desktop, base + "good.html")
        try:
            assert gates.focus_ring_problems(page_) == []
            page_.goto(base + "bad.html")
            problems = gates.focus_ring_problems(page_)
        finally:
            page_.close()
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{base}bad.html: Tab stop 403: a.plain"), problems


def test_sideways_scrolling_is_reported(tmp_path: Path, contexts: dict[tuple[str, str], BrowserContext]) -> None:
    body = '<p class="wide">' + "Unbreakable" * 40 + "</p>"
    site = write(tmp_path, {"index.html": page("Home", body)})
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(contexts[("phone", "light")], base)
        try:
            problems = gates.reflow_problems(page_)
        finally:
            page_.close()
    assert len(problems) == 1 and problems[0].startswith(f"{base}: scrolls sideways"), problems
    assert 'likely cause: p.wide "Unbreakable' in problems[0], problems


def test_missing_skip_link_is_reported(tmp_path: Path, desktop: BrowserContext) -> None:
    html = page("Home", "<p>x</p>").replace('<a class="skip-link" href="#main">Skip to content</a>', "")
    site = write(tmp_path, {"index.html": html})
    with gates.serve_under_subpath(site) as base:
        page_, _ = gates.open_watched(desktop, base)
        try:
            problems = gates.skip_link_problems(page_)
        finally:
            page_.close()
    assert len(problems) == 1 and problems[0].startswith(f"{base}: first Tab"), problems


def test_missing_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(gates._TOOL_PATHS, "vnu.jar", tmp_path / "absent.jar")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"vnu\.jar missing; run scripts/install-tools"):
        gates.require("vnu.jar")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"vnu\.jar missing"):
        gates.require("vnu.jar")
