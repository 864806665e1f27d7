"""URLs from every input are read as a browser reads them before their scheme is checked.

A browser strips controls and spaces around a URL and drops tabs and newlines
inside it, so " javascript:…" or "java<TAB>script:…" would run script when
clicked. Each bypass is tried in site.yaml (nav and links), in front matter
(paper links, an author's homepage) and in BibTeX, and the built pages are
checked through an HTML parser: no link a browser would follow has a scheme
other than http, https or mailto.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import RunCli, build_site, html_files, make_site, one_paper_profile, page_path, parse_html

BYPASSES = [
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(1)",
    "\u0001javascript:alert(1)",
    "java\u0001script:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    " data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]
IDS = [repr(value) for value in BYPASSES]
PAPER = "a-study-of-things"


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML), so tabs and controls survive."""
    return json.dumps(value)


def browser_scheme(url: str) -> str:
    """The scheme a WHATWG URL parser finds in an attribute value ("" when relative)."""
    url = url.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "").replace("\r", "")
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_only_safe_links(output: Path) -> None:
    for page in html_files(output):
        for tag in parse_html(page).find_all(href=True):
            assert browser_scheme(tag["href"]) in ("", "http", "https", "mailto"), (page, tag["href"])


def _site(tmp_path: Path, **files: str) -> Path:
    return make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), **files})


@pytest.mark.parametrize("url", BYPASSES, ids=IDS)
def test_nav_url_bypass_is_a_located_error(tmp_path: Path, cli: RunCli, url: str) -> None:
    site = _site(tmp_path, **{"site.yaml": f"title: T\nnav:\n  - title: Blog\n    url: {_yaml(url)}\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith('site.yaml:4: "nav.0.url" has the value'), result.stderr
    assert "expected an http(s):// URL or a path inside the site" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site / "output").exists()


@pytest.mark.parametrize("url", BYPASSES, ids=IDS)
def test_profile_link_bypass_is_a_located_error(tmp_path: Path, cli: RunCli, url: str) -> None:
    site = _site(tmp_path, **{"site.yaml": f"title: T\nlinks:\n  website: {_yaml(url)}\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith('site.yaml:3: "links.website": cannot make a safe link'), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("key", ["url", "pdf", "code", "slides", "video", "project"])
@pytest.mark.parametrize("url", BYPASSES, ids=IDS)
def test_paper_front_matter_bypass_is_a_located_error(tmp_path: Path, cli: RunCli, url: str, key: str) -> None:
    site = _site(tmp_path, **{f"content/papers/{PAPER}.md": f"---\nvenue: V\n{key}: {_yaml(url)}\n---\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith(f'content/papers/{PAPER}.md:3: "{key}" has the value'), result.stderr
    assert "expected an http(s)://, mailto: or site path URL" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("url", BYPASSES, ids=IDS)
def test_author_homepage_bypass_is_a_located_error(tmp_path: Path, cli: RunCli, url: str) -> None:
    site = _site(tmp_path, **{"content/authors/bob-brown.md": f"---\nhomepage: {_yaml(url)}\n---\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr.startswith('content/authors/bob-brown.md:2: "homepage" has the value'), result.stderr


@pytest.mark.slow
def test_bibtex_url_bypasses_never_become_links(tmp_path: Path) -> None:
    entries = "".join(
        f"@misc{{k{index}, title = {{Paper number {index}}}, year = {{2021}}, url = {{{url}}}}}\n"
        for index, url in enumerate(BYPASSES)
        if "\n" not in url and "\u0001" not in url and "{" not in url
    )
    site = _site(tmp_path, **{"seeds/refs.bib": entries})
    result = build_site(site)
    assert_only_safe_links(result.output)
    papers = [page for page in html_files(result.output) if "/papers/paper-number-" in page.as_posix()]
    assert papers  # the entries were read; only their links were left out
    for page in papers:
        assert not parse_html(page).find("a", string="Publisher")


@pytest.mark.slow
def test_safe_urls_are_normalised_as_a_browser_reads_them(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        **{
            "site.yaml": 'title: T\nnav:\n  - title: Blog\n    url: " HTTPS://example.org/my blog\\t"\n'
            'links:\n  website: "  https://example.org/me\\n"\n',
            f"content/papers/{PAPER}.md": '---\ncode: "\\thttps://example.org/code "\npdf: /files/x.pdf\n---\n',
        },
    )
    output = build_site(site).output
    home = parse_html(page_path(output, ""))
    assert home.find("a", string="Blog")["href"] == "https://example.org/my%20blog"
    assert [a["href"] for a in home.find_all("a", href="https://example.org/me")]
    paper = parse_html(page_path(output, f"papers/{PAPER}/"))
    assert paper.find("a", string="Code")["href"] == "https://example.org/code"
    assert_only_safe_links(output)
