"""Compiled templates are kept per user (like .pyc files): a new site's first build, a `check`
and a preview's first build compile no built-in template again, a site's own template is never
swapped for another's, and a user cache folder that cannot be made leaves them in the site's
.scholarsite-cache/ for builds, while `check` and the preview then write nothing there."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

from scholarsite.serve import Preview
from tests.conftest import RunCli, build_site, one_paper_profile, read_html, seed_site


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(
        self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object
    ) -> object:
        names.append(name or "")
        return compile_(self, source, name, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    yield names


@pytest.mark.slow
def test_a_new_sites_first_build_compiles_no_built_in_template_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    first = seed_site(tmp_path / "first", one_paper_profile())
    build_site(first)
    assert "base.html" in compiled and "paper.html" in compiled
    assert list((tmp_path / "user-cache/scholarsite").glob("templates-*/sandboxed-*.cache"))
    assert not (first / ".scholarsite-cache/templates").exists()

    compiled.clear()
    second = seed_site(
        tmp_path / "second",
        one_paper_profile(title="Another Study"),
        **{
            "themes/default/templates/paper.html": '{% extends "base.html" %}{% block main %}'
            '<h1 id="own">{{ paper.title.plain }}</h1>{% endblock %}'
        },
    )
    output = build_site(second).output
    assert compiled == ["paper.html"], "only the site's own template, which no build compiled before"
    heading = read_html(next((output / "papers").glob("*/index.html"))).find("h1", id="own")
    assert heading is not None and heading.get_text() == "Another Study"

    compiled.clear()
    third = seed_site(tmp_path / "third", one_paper_profile(title="A Third Study"))
    output = build_site(third).output
    assert compiled == []
    page = read_html(next((output / "papers").glob("*/index.html")))
    assert page.find("h1", id="own") is None, "the second site's paper.html stays the second site's"


def test_an_edited_template_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    template = "themes/default/templates/paper.html"
    site = seed_site(
        tmp_path / "site",
        one_paper_profile(),
        **{template: '{% extends "base.html" %}{% block main %}<h1 id="v">one</h1>{% endblock %}'},
    )
    build_site(site)
    (site / template).write_text(
        '{% extends "base.html" %}{% block main %}<h1 id="v">two</h1>{% endblock %}', encoding="utf-8"
    )
    compiled.clear()
    output = build_site(site, use_cache=True).output
    assert compiled == ["paper.html"]
    heading = read_html(next((output / "papers").glob("*/index.html"))).find("h1", id="v")
    assert heading is not None and heading.get_text() == "two"


@pytest.mark.slow
def test_without_a_user_cache_folder_templates_are_kept_in_the_sites_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    site = seed_site(tmp_path / "site", one_paper_profile())
    build_site(site)
    assert list((site / ".scholarsite-cache/templates").glob("sandboxed-*.cache"))


def test_check_and_the_preview_compile_only_what_no_build_compiled_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str], cli: RunCli
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    template = "themes/default/templates/paper.html"
    site = seed_site(tmp_path / "site", one_paper_profile(), **{"site.yaml": "base_url: https://example.org/\n"})
    build_site(site)
    (site / template).parent.mkdir(parents=True)
    (site / template).write_text('{% extends "base.html" %}{% block main %}<h1>own</h1>{% endblock %}', "utf-8")
    compiled.clear()
    assert cli(site, "check").code == 0
    assert compiled == ["paper.html"], "only the site's own template, which no build compiled before"

    compiled.clear()
    preview = Preview(site, None, None)
    assert preview.rebuild()
    assert compiled == [], "check kept it"
    paper = next(path for path in preview.snapshot if path.startswith("papers/") and path.count("/") == 2)
    heading = BeautifulSoup(preview.snapshot[paper], "lxml").find("h1")
    assert heading is not None and heading.get_text() == "own"


def test_without_a_user_cache_folder_check_and_the_preview_write_nothing_into_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: list[str], cli: RunCli
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    site = seed_site(tmp_path / "site", one_paper_profile(), **{"site.yaml": "base_url: https://example.org/\n"})
    assert cli(site, "check").code == 0
    assert Preview(site, None, None).rebuild()
    assert "base.html" in compiled
    assert not (site / ".scholarsite-cache").exists()
