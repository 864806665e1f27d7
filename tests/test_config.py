"""site.yaml (issue 4, part 1): the schema, its error messages, defaults, links, nav and category overrides.

Every test writes a small site into tmp_path, builds it the way a user would
(in-process `build()` or the CLI) and looks at the parsed HTML or the messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from scholarsite.errors import SiteError
from tests.conftest import (
    RunCli,
    build_site,
    copy_sample_site,
    make_site,
    one_paper_profile,
    paper_block,
    profile_text,
    read_html,
    resolve_link,
    tree_hashes,
)

SEED = profile_text(
    "Ada Owner",
    paper_block("CVNov 14, 2022", "Complex Things", "Ada Owner, Bob Brown et al.", "About complex things."),
    paper_block("LGJan 3, 2023", "Learning Things", "Bob Brown, Ada Owner", "About learning things."),
)


def site_with(tmp_path: Path, site_yaml: str | None, seed: str = SEED, **files: str) -> Path:
    contents = {"seeds/x.txt": seed, **files}
    if site_yaml is not None:
        contents["site.yaml"] = site_yaml
    return make_site(tmp_path, contents)


def build_errors(site: Path, tmp_path: Path) -> list[str]:
    """The problem lines of a build that must fail on its input."""
    with pytest.raises(SiteError) as caught:
        build_site(site, tmp_path / "out")
    return caught.value.message.splitlines()


def home(output: Path) -> BeautifulSoup:
    return read_html(output / "index.html")


def profile_links(output: Path) -> dict[str, str]:
    """Label → href of the profile links on the home page."""
    found = home(output).select("ul.profile-links a")
    return {anchor.get_text(strip=True): anchor["href"] for anchor in found}


def nav_entries(soup: BeautifulSoup) -> list[tuple[str, str]]:
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert isinstance(nav, Tag)
    return [(anchor.get_text(strip=True), anchor["href"]) for anchor in nav.find_all("a")]


# --------------------------------------------------------------------------- unknown keys and types


def test_typo_gives_one_located_error_with_suggestion_exit_1_and_output_untouched(tmp_path: Path, cli: RunCli) -> None:
    site = site_with(tmp_path, None)
    build_site(site)
    before = tree_hashes(site / "output")
    (site / "site.yaml").write_text("# my site\nlanguage: en\ntittle: My Homepage\n", encoding="utf-8")

    code, stdout, stderr = cli(site, "build")

    assert code == 1
    assert stdout == ""
    assert stderr.splitlines() == ['site.yaml:3: unknown key "tittle" (did you mean "title"?)']
    assert tree_hashes(site / "output") == before


def test_every_schema_problem_is_reported_in_one_run_in_line_order(tmp_path: Path) -> None:
    site_yaml = "\n".join(
        [
            "title: 42",  # 1 wrong type
            "descripton: A site",  # 2 unknown key, close to "description"
            "highlight_owner: sometimes",  # 3 wrong type
            "home: everyone",  # 4 not one of the allowed values
            "links:",  # 5
            "  githb: someone",  # 6 unknown nested key
            "nav:",  # 7
            "  - title: Blog",  # 8 nav entry without url
            "selected: a-paper",  # 9 a list is expected
            "author_aliases: [Bob Brown]",  # 10 a mapping is expected
            "",
        ]
    )
    lines = build_errors(site_with(tmp_path, site_yaml), tmp_path)
    assert lines == [
        'site.yaml:1: "title" has the wrong type; expected a text value',
        'site.yaml:2: unknown key "descripton" (did you mean "description"?)',
        'site.yaml:3: "highlight_owner" has the wrong type; expected true or false',
        "site.yaml:4: \"home\" has the value 'everyone'; expected one of: profile, group",
        'site.yaml:6: unknown key "githb" (did you mean "github"?)',
        "site.yaml:8: \"nav.0\" is missing a required key: 'url'",
        'site.yaml:9: "selected" has the wrong type; expected a list',
        'site.yaml:10: "author_aliases" has the wrong type; expected a mapping of keys to values',
    ]


def test_all_problems_go_to_stderr_and_exit_1_through_the_cli(tmp_path: Path, cli: RunCli) -> None:
    site = site_with(tmp_path, "tittle: X\nlanguage: [en]\n")
    code, stdout, stderr = cli(site, "build")
    assert code == 1
    assert stdout == ""
    assert stderr.splitlines() == [
        'site.yaml:1: unknown key "tittle" (did you mean "title"?)',
        'site.yaml:2: "language" has the wrong type; expected a text value',
    ]
    assert not (site / "output").exists()


def test_unknown_key_with_no_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "zzzqqq: 1\n"), tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith('site.yaml:1: unknown key "zzzqqq"; expected one of: title, description, base_url')


def test_duplicate_key_is_an_error_on_its_line(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "title: A\nlanguage: en\ntitle: B\n"), tmp_path)
    assert lines == ['site.yaml:3: duplicate key "title"; expected each key once']


def test_invalid_yaml_names_its_line(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "title: A\nlinks:\n  github: [unclosed\n"), tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith("site.yaml:")
    assert "invalid YAML" in lines[0]


def test_schema_and_semantic_problems_are_reported_together(tmp_path: Path) -> None:
    site_yaml = 'tittle: X\ncategories:\n  CV: math.CVV\nlinks:\n  github: "javascript:alert(1)"\n'
    lines = build_errors(site_with(tmp_path, site_yaml), tmp_path)
    assert [line.split(":")[1] for line in lines] == ["1", "3", "5"]


def test_description_is_the_home_page_meta_description(tmp_path: Path) -> None:
    output = build_site(site_with(tmp_path, "description: Ada studies complex and learning things.\n")).output
    meta = home(output).find("meta", attrs={"name": "description"})
    assert isinstance(meta, Tag)
    assert meta["content"] == "Ada studies complex and learning things."


def test_impossible_yaml_date_is_a_located_error_not_a_crash(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "language: en\ntitle: 2023-02-30\n"), tmp_path)
    assert len(lines) == 1 and lines[0].startswith("site.yaml:2: ")


# --------------------------------------------------------------------------- defaults


def test_missing_site_yaml_takes_the_title_from_the_owner(tmp_path: Path) -> None:
    output = build_site(site_with(tmp_path, None)).output
    soup = home(output)
    assert soup.title is not None and soup.title.get_text(strip=True) == "Ada Owner"
    site_title = soup.find("a", class_="site-title")
    assert isinstance(site_title, Tag) and site_title.get_text(strip=True) == "Ada Owner"
    assert soup.find("html")["lang"] == "en"
    paper_page = read_html(output / "papers" / "complex-things" / "index.html")
    assert paper_page.title is not None and paper_page.title.get_text(strip=True) == "Complex Things · Ada Owner"


@pytest.mark.parametrize("site_yaml", ["", "# nothing set yet\n", "links:\n  # github: me\n"])
def test_empty_or_commented_out_site_yaml_means_defaults(tmp_path: Path, site_yaml: str) -> None:
    output = build_site(site_with(tmp_path, site_yaml)).output
    soup = home(output)
    assert soup.title is not None and soup.title.get_text(strip=True) == "Ada Owner"
    assert profile_links(output) == {}


def test_title_language_and_footer_are_used(tmp_path: Path) -> None:
    site_yaml = 'title: "Ada\'s Lab & Notes"\nlanguage: de\nfooter: "Built for the <demo>."\n'
    output = build_site(site_with(tmp_path, site_yaml)).output
    soup = home(output)
    assert soup.title is not None and soup.title.get_text() == "Ada's Lab & Notes"
    assert soup.find("html")["lang"] == "de"
    footer = soup.find("footer")
    assert isinstance(footer, Tag)
    assert "Built for the <demo>." in [p.get_text() for p in footer.find_all("p")]
    paper = read_html(output / "papers" / "learning-things" / "index.html")
    assert paper.title is not None and paper.title.get_text() == "Learning Things · Ada's Lab & Notes"


def test_highlight_owner_false_removes_the_highlight(tmp_path: Path) -> None:
    output = build_site(site_with(tmp_path, "highlight_owner: false\n")).output
    for page in ("index.html", "papers/complex-things/index.html"):
        assert read_html(output / page).select("main .owner") == [], page


# --------------------------------------------------------------------------- category overrides


def test_category_override_pins_an_ambiguous_code(tmp_path: Path) -> None:
    default = build_site(site_with(tmp_path / "a", None)).output
    pinned = build_site(site_with(tmp_path / "b", "categories:\n  CV: math.CV\n")).output
    assert sorted(p.name for p in (default / "categories").iterdir() if p.is_dir()) == ["cs-cv", "cs-lg"]
    assert sorted(p.name for p in (pinned / "categories").iterdir() if p.is_dir()) == ["cs-lg", "math-cv"]
    heading = read_html(pinned / "categories" / "math-cv" / "index.html").find("h1")
    assert isinstance(heading, Tag) and heading.get_text(" ", strip=True) == "Complex Variables math.CV"
    paper = read_html(pinned / "papers" / "complex-things" / "index.html")
    codes = [a.get_text(strip=True) for a in paper.select("main p.meta a")]
    assert codes == ["math.CV"]


def test_bad_category_override_names_the_line_and_the_closest_ids(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "title: X\ncategories:\n  CV: math.CVV\n"), tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith('site.yaml:3: "categories.CV": unknown arXiv category "math.CVV" (did you mean math.CV')


def test_category_override_must_be_a_text_id(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "categories:\n  CV: [math.CV]\n"), tmp_path)
    assert lines == ['site.yaml:2: "categories.CV" has the wrong type; expected a text value']


# --------------------------------------------------------------------------- links


def test_links_become_urls(tmp_path: Path) -> None:
    site_yaml = "\n".join(
        [
            "links:",
            "  email: ada@example.org",
            "  website: https://ada.example.org/",
            "  github: ada-owner",
            "  google_scholar: AbCdEf123",
            '  orcid: "0000-0002-1825-0097"',
            "  dblp: https://dblp.org/pid/00/0000.html",
            "  semantic_scholar: '1234567'",
            "  linkedin: ada",
            '  mastodon: "@ada@sigmoid.social"',
            "  bluesky: ada.bsky.social",
            '  x: "@ada"',
            "",
        ]
    )
    output = build_site(site_with(tmp_path, site_yaml)).output
    assert profile_links(output) == {
        "Email": "mailto:ada@example.org",
        "Website": "https://ada.example.org/",
        "GitHub": "https://github.com/ada-owner",
        "Google Scholar": "https://scholar.google.com/citations?user=AbCdEf123",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "DBLP": "https://dblp.org/pid/00/0000.html",
        "Semantic Scholar": "https://www.semanticscholar.org/author/1234567",
        "LinkedIn": "https://www.linkedin.com/in/ada",
        "Mastodon": "https://sigmoid.social/@ada",
        "Bluesky": "https://bsky.app/profile/ada.bsky.social",
        "X": "https://x.com/ada",
    }
    assert all(a.get("rel") == ["me"] for a in home(output).select("ul.profile-links a"))


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("github", "javascript:alert(1)"),
        ("website", "javascript:alert(document.cookie)"),
        ("website", "data:text/html,<script>alert(1)</script>"),
        ("email", "javascript:alert(1)"),
        ("email", "not-an-address"),
        ("orcid", "vbscript:msgbox"),
    ],
)
def test_unsafe_or_unusable_links_are_refused_on_their_line(tmp_path: Path, kind: str, value: str) -> None:
    site = site_with(tmp_path, f"title: T\nlinks:\n  {kind}: {value!r}\n")
    lines = build_errors(site, tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith(f'site.yaml:3: "links.{kind}": cannot make a safe link from')


def test_no_javascript_url_reaches_any_page(tmp_path: Path) -> None:
    site = site_with(tmp_path, "links:\n  website: 'javascript:alert(1)'\n")
    with pytest.raises(SiteError):
        build_site(site)
    assert not (site / "output").exists()


# --------------------------------------------------------------------------- nav


def test_nav_entries_follow_the_built_in_menu(tmp_path: Path) -> None:
    site_yaml = "\n".join(
        [
            "nav:",
            "  - title: Blog",
            "    url: https://blog.example.org/",
            "  - title: All papers again",
            "    url: /papers/",
            "  - title: Mail me",
            "    url: mailto:ada@example.org",
            "",
        ]
    )
    output = build_site(site_with(tmp_path, site_yaml)).output
    page = output / "papers" / "complex-things" / "index.html"
    entries = nav_entries(read_html(page))
    assert entries == [  # a personal homepage leaves Authors, Categories and Years out of the menu
        ("Home", "../../"),
        ("Papers", "../../papers/"),
        ("Blog", "https://blog.example.org/"),
        ("All papers again", "../../papers/"),
        ("Mail me", "mailto:ada@example.org"),
    ]
    resolved = resolve_link(output, page, "../../papers/")
    assert resolved is not None and resolved[0].is_file()
    assert nav_entries(home(output))[-2] == ("All papers again", "papers/")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,hi", "vbscript:x"])
def test_nav_entry_with_a_script_url_is_refused(tmp_path: Path, url: str) -> None:
    site_yaml = f"nav:\n  - title: Bad\n    url: {url!r}\n"
    lines = build_errors(site_with(tmp_path, site_yaml), tmp_path)
    assert lines == [
        f'site.yaml:3: "nav.0.url" has the value {url!r}; expected an http(s):// URL or a path inside the site'
    ]


def test_selected_papers_from_site_yaml_are_featured_on_home(tmp_path: Path) -> None:
    output = build_site(site_with(tmp_path, "selected: [learning-things]\n")).output
    section = home(output).find("section", attrs={"aria-labelledby": "selected"})
    assert isinstance(section, Tag)
    assert [a.get_text(strip=True) for a in section.select("a.paper-title")] == ["Learning Things"]


def test_selected_unknown_slug_is_an_error_with_the_closest_slugs(tmp_path: Path) -> None:
    lines = build_errors(site_with(tmp_path, "title: T\nselected: [learning-thing]\n"), tmp_path)
    assert len(lines) == 1
    assert lines[0].startswith(
        'site.yaml:2: "selected" names an unknown paper "learning-thing"; closest: learning-things'
    )


def test_the_repository_site_yaml_and_the_init_template_are_valid(tmp_path: Path) -> None:
    from scholarsite.config import load_config
    from tests.conftest import REPO_ROOT

    assert load_config(REPO_ROOT).author_aliases == {"Ruibing Li": "Ruibin Li"}
    scaffold = REPO_ROOT / "generator" / "scaffold" / "site.yaml"
    site = copy_sample_site(tmp_path / "site")
    (site / "site.yaml").write_bytes(scaffold.read_bytes())
    assert load_config(site).language == "en"
    assert build_site(site, tmp_path / "out").summary.papers == 10


def test_one_paper_profile_with_full_config_builds(tmp_path: Path) -> None:
    """Every documented key at once, with valid values, builds cleanly."""
    site_yaml = "\n".join(
        [
            "title: Ada Owner's homepage",
            "description: Research on things.",
            "base_url: https://ada.example.org/",
            "language: en",
            "theme: default",
            "owner: Ada Owner",
            "home: profile",
            "links:",
            "  github: ada",
            "nav:",
            "  - title: Blog",
            "    url: https://blog.example.org/",
            "footer: Thanks for reading.",
            "author_aliases:",
            '  "B. Brown": Bob Brown',
            "categories:",
            "  LG: stat.ML",
            "selected: [a-study-of-things]",
            "highlight_owner: true",
            "cname: ada.example.org",
            "",
        ]
    )
    result = build_site(make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": site_yaml}))
    assert result.warnings == []
    assert (result.output / "categories" / "stat-ml" / "index.html").is_file()
    assert (result.output / "CNAME").read_text() == "ada.example.org\n"
