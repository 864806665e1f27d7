"""The theme contract (docs/themes.md), lookup and overrides, and the light/dark toggle."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scholarsite.build import render_site, settings
from scholarsite.records import PAGE_KINDS, page_fields
from scholarsite.render.themes import available_themes, resolve_theme
from scholarsite.report import Report
from tests.conftest import RunCli, build_site, make_site, read_html, sample_profile_text

REPO = Path(__file__).resolve().parents[1]
CONTRACT_ROW = re.compile(r"^\| (?P<kind>[\w-]+) \| `(?P<template>[\w.]+)` \| [^|]+ \| (?P<context>[^|]*) \|$")


def documented_kinds() -> dict[str, tuple[str, set[str]]]:
    rows = {}
    for line in (REPO / "docs/themes.md").read_text(encoding="utf-8").splitlines():
        match = CONTRACT_ROW.match(line)
        if match and match["kind"] != "kind":
            names = set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", match["context"])))
            rows[match["kind"]] = (match["template"], names)
    return rows


def full_site(tmp_path: Path) -> Path:
    """Every page kind: the sample profile with each collection, news and a CV from cv.yaml."""
    from tests.quality.profiles import WHOLE_SITE_FILES

    return make_site(
        tmp_path / "site",
        {
            "seeds/profile.txt": sample_profile_text(),
            **WHOLE_SITE_FILES,
            "content/about.md": "Bio.",
            "content/pages/notes.md": "---\ntitle: Notes\n---\nText.",
            "content/news/one.md": "---\ntitle: One\ndate: 2024-01-02\n---\nNews.",
        },
    )


@pytest.mark.slow
def test_every_page_kind_gets_exactly_the_documented_context(tmp_path: Path) -> None:
    documented = documented_kinds()
    assert len(documented) == 23
    site = full_site(tmp_path)
    made = render_site(site, settings(site), report=Report())
    seen: dict[str, tuple[str, set[str]]] = {}
    for spec in made.pages:
        seen.setdefault(spec.kind, (spec.template, set(page_fields(type(spec)))))
    assert seen == documented


def test_the_docs_list_exactly_the_fields_of_each_page_record() -> None:
    records = {record.kind: (record.template, set(page_fields(record))) for record in PAGE_KINDS}
    assert records == documented_kinds()
    assert len(records) == len(PAGE_KINDS)  # one record type per kind


@pytest.mark.parametrize("theme", ["default", pytest.param("classic", marks=pytest.mark.slow)])
def test_every_documented_template_renders_in_every_built_in_theme(tmp_path: Path, theme: str) -> None:
    output = build_site(full_site(tmp_path), tmp_path / "out", theme=theme).output
    for _kind, (_template, _) in documented_kinds().items():
        assert theme in available_themes()
    for page in [
        "index.html",
        "papers/index.html",
        "authors/index.html",
        "categories/index.html",
        "years/index.html",
        "notes/index.html",
        "news/index.html",
        "404.html",
        "cv/index.html",
        "news/one/index.html",
        "talks/index.html",
        "talks/moe-seminar/index.html",
        "teaching/index.html",
        "teaching/machine-learning/index.html",
        "projects/index.html",
        "projects/moe/index.html",
        "posts/index.html",
        "posts/2025-02-notes/index.html",
        "posts/tags/writing/index.html",
    ]:
        document = read_html(output / page)
        assert document.find("main", id="main") is not None, page
    stylesheet = (output / "static/style.css").read_text(encoding="utf-8")
    expected = (REPO / "themes" / theme / "static/style.css").read_text(encoding="utf-8")
    assert stylesheet == expected


def test_a_site_template_overrides_only_that_template(tmp_path: Path) -> None:
    site = full_site(tmp_path)
    override = site / "themes/default/templates/paper.html"
    override.parent.mkdir(parents=True)
    override.write_text(
        '{% extends "base.html" %}{% block main %}<h1 class="custom">{{ paper.title.html }}</h1>{% endblock %}',
        encoding="utf-8",
    )
    output = build_site(site, tmp_path / "out").output
    paper_page = next((output / "papers").glob("*/index.html"))
    assert read_html(paper_page).find("h1", class_="custom") is not None
    home = read_html(output / "index.html")
    assert home.find("h1", class_="custom") is None and home.find("h1") is not None


@pytest.mark.slow
def test_a_site_stylesheet_override_applies_to_every_page(tmp_path: Path) -> None:
    site = full_site(tmp_path)
    css = site / "themes/default/static/style.css"
    css.parent.mkdir(parents=True)
    css.write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    output = build_site(site, tmp_path / "out").output
    assert (output / "static/style.css").read_text(encoding="utf-8") == "body { color: rebeccapurple; }\n"
    for page in output.rglob("index.html"):
        links = read_html(page).find_all("link", rel="stylesheet")
        targets = {(page.parent / link["href"]).resolve() for link in links}
        assert (output / "static/style.css").resolve() in targets, page


@pytest.mark.slow
def test_a_theme_of_your_own_extends_another(tmp_path: Path) -> None:
    site = full_site(tmp_path)
    (site / "themes/mine/templates").mkdir(parents=True)
    (site / "themes/mine/theme.yaml").write_text("description: Mine.\nextends: classic\n", encoding="utf-8")
    (site / "themes/mine/templates/404.html").write_text(
        '{% extends "base.html" %}{% block main %}<h1>Lost</h1>{% endblock %}', encoding="utf-8"
    )
    theme = resolve_theme("mine", site)
    assert [(layer.name, layer.origin) for layer in theme.layers] == [
        ("mine", "site"),
        ("classic", "built-in"),
        ("default", "built-in"),
    ]
    output = build_site(site, tmp_path / "out", theme="mine").output
    assert read_html(output / "404.html").find("h1").get_text() == "Lost"
    classic_css = (REPO / "themes/classic/static/style.css").read_text(encoding="utf-8")
    assert (output / "static/style.css").read_text(encoding="utf-8") == classic_css


def test_a_template_error_names_the_template_and_line(tmp_path: Path, cli: RunCli) -> None:
    site = full_site(tmp_path)
    broken = site / "themes/default/templates/paper.html"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ paper.no_such_field }}\n{% endblock %}\n', encoding="utf-8"
    )
    result = cli(tmp_path, "build", "--site", str(site))
    assert result.code == 1
    assert "themes/default/templates/paper.html:3: template error" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_theme_is_a_clear_error(tmp_path: Path, cli: RunCli) -> None:
    result = cli(tmp_path, "build", "--site", str(full_site(tmp_path)), "--theme", "nope")
    assert result.code == 1
    assert 'unknown theme "nope"' in result.stderr and "classic" in result.stderr


def test_themes_command_lists_built_in_and_site_themes(tmp_path: Path, cli: RunCli) -> None:
    site = full_site(tmp_path)
    (site / "themes/mine").mkdir(parents=True)
    (site / "themes/mine/theme.yaml").write_text("description: My own look.\n", encoding="utf-8")
    result = cli(tmp_path, "themes", "--site", str(site))
    assert result.code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "built-in" in lines["default"] and "built-in" in lines["classic"]
    assert "site" in lines["mine"] and "My own look." in lines["mine"]


# ------------------------------------------------------------------ light/dark toggle, in Chromium
# Records the scheme the page had when <body> first appeared, i.e. before anything was painted.
FIRST_PAINT_PROBE = """
new MutationObserver((changes, observer) => {
  if (document.body) {
    window.__schemeAtBody = document.documentElement.dataset.scheme || "system";
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def served_site(tmp_path_factory: pytest.TempPathFactory, chromium_browser):  # type: ignore[no-untyped-def]
    import functools
    import http.server
    import threading

    root = tmp_path_factory.mktemp("toggle")
    output = build_site(full_site(root), root / "out").output
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(output))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield chromium_browser, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _background(page) -> str:  # type: ignore[no-untyped-def]
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.parametrize("system", ["light", "dark"])
def test_toggle_cycles_light_dark_system_survives_reload_and_never_flashes(served_site, system: str) -> None:  # type: ignore[no-untyped-def]
    browser, url = served_site
    context = browser.new_context(color_scheme=system)
    context.add_init_script(FIRST_PAINT_PROBE)
    page = context.new_page()
    page.goto(url)
    backgrounds = {"system": _background(page)}
    toggle = page.locator(".scheme-toggle")
    assert toggle.get_attribute("aria-label") == "System colour scheme; switch to light"
    # keyboard: Tab to the toggle, press Space; each press names the new choice and the next one
    toggle.focus()
    expected = [
        ("light", "Light colour scheme; switch to dark"),
        ("dark", "Dark colour scheme; switch to the system's"),
        ("system", "System colour scheme; switch to light"),
    ]
    for scheme, label in expected:
        page.keyboard.press("Space")
        assert page.evaluate("document.documentElement.dataset.scheme || 'system'") == scheme
        assert toggle.get_attribute("aria-label") == label
        assert toggle.inner_text().strip() == scheme.capitalize()
        stored = page.evaluate("localStorage.getItem('scholarsite-scheme')")
        assert stored == (None if scheme == "system" else scheme)
        backgrounds.setdefault(scheme, _background(page))
        if scheme != "system":
            page.reload()  # the choice holds, applied before the first paint
            assert page.evaluate("window.__schemeAtBody") == scheme and _background(page) == backgrounds[scheme]
            assert page.locator(".scheme-toggle").get_attribute("aria-label") == label
            page.locator(".scheme-toggle").focus()
    assert backgrounds["light"] != backgrounds["dark"]
    assert backgrounds["system"] == backgrounds[system]  # back to the system's scheme
    page.reload()
    assert page.evaluate("window.__schemeAtBody") == "system" and _background(page) == backgrounds[system]
    context.close()


def test_without_a_stored_choice_the_system_scheme_applies_without_script(served_site) -> None:  # type: ignore[no-untyped-def]
    browser, url = served_site
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, java_script_enabled=False)
        page = context.new_page()
        page.goto(url)
        backgrounds[scheme] = _background(page)
        assert not page.locator(".scheme-toggle").is_visible()  # hidden: it needs script
        context.close()
    assert backgrounds["light"] != backgrounds["dark"]
