"""A theme is a name, never a path, and its templates run in Jinja's sandbox.

A downloaded theme must not read files outside the site's themes/ (and the
built-in themes), and its templates must not reach Python internals: both are
located errors that stop the build before anything is written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import RunCli, make_site, one_paper_profile, page_path, parse_html

NOT_NAMES = ["/etc", "../../..", "a/b", "..", ".hidden", "Default", "x y", "-x", "themes/../default", "a\\b"]
EXPECTED = 'expected a theme name: lower-case letters, digits, "-" and "_" (such as "classic")'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"seeds/x.txt": one_paper_profile()})


@pytest.mark.parametrize("name", NOT_NAMES)
def test_theme_option_that_is_not_a_name_is_refused(site: Path, cli: RunCli, name: str) -> None:
    result = cli(site, "build", f"--theme={name}")
    assert result.code == 1
    assert result.stderr == f"--theme: {name!r} is not a theme name; {EXPECTED}\n"
    assert not (site / "output").exists()


@pytest.mark.parametrize("name", NOT_NAMES)
def test_theme_in_site_yaml_that_is_not_a_name_is_located(site: Path, cli: RunCli, name: str) -> None:
    (site / "site.yaml").write_text(f"title: T\ntheme: '{name}'\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith(f'site.yaml:2: "theme" has the value {name!r}; {EXPECTED}'), result.stderr


@pytest.mark.parametrize("parent", ["/etc", "../../..", "a/b", "../default"])
def test_extends_that_is_not_a_name_is_located_in_theme_yaml(site: Path, cli: RunCli, parent: str) -> None:
    (site / "site.yaml").write_text("theme: mine\n", encoding="utf-8")
    (site / "themes/mine").mkdir(parents=True)
    (site / "themes/mine/theme.yaml").write_text(f"description: Mine\nextends: '{parent}'\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr == f"themes/mine/theme.yaml:2: {parent!r} is not a theme name; {EXPECTED}\n"


def test_theme_folder_linked_from_elsewhere_is_refused(site: Path, tmp_path: Path, cli: RunCli) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "static").mkdir(parents=True)
    (outside / "static" / "secret.txt").write_text("not for publishing", encoding="utf-8")
    (site / "themes").mkdir()
    os.symlink(outside, site / "themes" / "linked")
    (site / "site.yaml").write_text("theme: linked\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith("themes/linked: is a link to a folder outside themes/"), result.stderr
    assert not (site / "output").exists()
    listed = cli(site, "themes")
    assert "linked" not in listed.stdout


def test_site_theme_with_a_name_still_extends_a_built_in(site: Path, cli: RunCli) -> None:
    (site / "site.yaml").write_text("theme: my-theme_2\n", encoding="utf-8")
    (site / "themes/my-theme_2/templates").mkdir(parents=True)
    (site / "themes/my-theme_2/theme.yaml").write_text("extends: classic\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.code == 0, result.stderr
    assert parse_html(page_path(site / "output", "")).find("h1")


ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ page.__class__ }}",
    "{% set found = [] %}{{ found.append(1) }}",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_template_reaching_python_internals_fails_with_its_location(site: Path, cli: RunCli, expression: str) -> None:
    templates = site / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n<p>before</p>\n' + expression + "\n{% endblock %}\n",
        encoding="utf-8",
    )
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith("themes/default/templates/404.html:4: template error: SecurityError: "), (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (site / "output").exists()
