"""Base URLs and ports that Python's URL and socket code cannot take are one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli, make_site, one_paper_profile, page_path, parse_html

UNREADABLE = [
    "https://[a",  # an unclosed IPv6 bracket: urlsplit raises ValueError
    "https://[::1",
    "https://[zz]/",  # brackets around something that is not an IPv6 address
    "https://x:99999/",  # a port out of range
    "https://x:abc/",
    "http://a b/",
    "https://user@x.org/",
    "https://",
]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path, {"seeds/x.txt": one_paper_profile()})


@pytest.mark.parametrize("base_url", UNREADABLE)
@pytest.mark.parametrize("command", ["build", "check"])
def test_unreadable_base_url_option_is_one_line(site: Path, cli: RunCli, base_url: str, command: str) -> None:
    result = cli(site, command, "--base-url", base_url)
    assert result.code == 1
    assert result.stderr == (
        f'--base-url: base_url "{base_url}" is not a web address; expected an http(s) URL '
        'such as "https://user.github.io/repo/"\n'
    )
    assert not (site / "output").exists()


@pytest.mark.parametrize("base_url", UNREADABLE)
def test_unreadable_base_url_in_site_yaml_is_located(site: Path, cli: RunCli, base_url: str) -> None:
    (site / "site.yaml").write_text(f"title: T\nbase_url: '{base_url}'\n", encoding="utf-8")
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith(f'site.yaml:2: base_url "{base_url}" is not a web address'), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_bracket_in_the_path_is_percent_encoded(site: Path, cli: RunCli) -> None:
    result = cli(site, "build", "--base-url", "https://x.org/[a b")
    assert result.code == 0, result.stderr
    canonical = parse_html(page_path(site / "output", "")).find("link", rel="canonical")
    assert canonical["href"] == "https://x.org/%5Ba%20b/"
    checked = cli(site, "check", "--base-url", "https://x.org/[a b")
    assert checked.code == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("port", ["99999", "0", "-1", "http"])
def test_port_out_of_range_is_a_usage_error(site: Path, cli: RunCli, port: str) -> None:
    result = cli(site, "serve", "--port", port)
    assert result.code == 2
    assert f"argument --port: '{port}' is not a port number; expected 1 to 65535" in result.stderr
    assert "Traceback" not in result.stderr
