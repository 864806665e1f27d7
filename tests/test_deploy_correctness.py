"""Deploying as documented (issue 13): check knows the base URL of the build, 404.html without one,
broken links from content, cname, a BibTeX-only site, init's profile, front matter, counted nouns."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from scholarsite.words import counted, noun
from tests.conftest import (
    RunCli,
    build_site,
    copy_sample_site,
    make_site,
    one_paper_profile,
    paper_block,
    profile_text,
    read_html,
    run_cli,
    tree_hashes,
)

PROJECT_URL = "https://x.github.io/repo/"
BIB = """@article{things,
  title = {A Paper About Things},
  author = {Owner, Ada and Brown, Bob},
  journal = {Journal of Things},
  year = {2023},
}
@inproceedings{more,
  title = {Another Paper},
  author = {Brown, Bob and Owner, Ada},
  booktitle = {Proceedings of Things},
  year = {2021},
}
"""


def warnings_of(stderr: str) -> list[str]:
    return [line.removeprefix("warning: ") for line in stderr.splitlines() if line.startswith("warning: ")]


# --------------------------------------------------------------------------- check and the base URL


@pytest.mark.slow
def test_check_after_a_build_for_a_project_site_finds_no_false_broken_link(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    assert cli(site, "build", "--base-url", "https://X.github.io/repo").code == 0
    manifest = json.loads((site / "output/.scholarsite-manifest.json").read_text(encoding="utf-8"))
    assert manifest["base_url"] == PROJECT_URL
    code, stdout, stderr = cli(site, "check")
    assert code == 0, stderr
    assert "broken link" not in stderr
    assert stdout.splitlines()[-1] == "All internal links in output/ work."
    assert cli(site, "check", "--base-url", PROJECT_URL).code == 0  # the same URL, given again


def test_check_with_another_base_url_than_the_build_is_an_error(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    assert cli(site, "build", "--base-url", PROJECT_URL).code == 0
    code, _, stderr = cli(site, "check", "--base-url", "https://x.github.io/other/")
    assert code == 1
    assert stderr.splitlines() == [
        f"--base-url: output/ was built for {PROJECT_URL}, not https://x.github.io/other/; "
        "expected the base URL of the build, or build again with this one"
    ]


def test_without_a_base_url_the_build_warns_and_check_fails_for_404(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile()})
    code, _, stderr = cli(site, "build")
    assert code == 0
    assert any("404.html links from the domain root" in warning for warning in warnings_of(stderr))
    code, _, stderr = cli(site, "check")
    assert code == 1
    broken = [line for line in stderr.splitlines() if line.startswith("broken link: ")]
    assert len(broken) == 1 and broken[0].startswith("broken link: 404.html: ") and "--base-url" in broken[0]
    assert stderr.splitlines()[-1] == "1 broken link in output/"


@pytest.mark.parametrize("base_url", [PROJECT_URL, "https://ada.example.org/"])
def test_404_with_a_base_url_is_styled_and_links_from_the_base_path(tmp_path: Path, base_url: str) -> None:
    output = build_site(make_site(tmp_path, {"seeds/x.txt": one_paper_profile()}), base_url=base_url).output
    soup = read_html(output / "404.html")
    base_path = "/" + base_url.split("/", 3)[3]
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
    assert f"{base_path}static/style.css" in sheets and all(sheet.startswith(base_path) for sheet in sheets)
    assert all((output / sheet[len(base_path) :]).is_file() for sheet in sheets)
    home = soup.find("a", string=lambda text: text and "home" in text.lower()) or soup.select_one("header a")
    assert home["href"].startswith(base_path)


# --------------------------------------------------------------------------- broken links from content


def content_site(tmp_path: Path, **extra: str) -> Path:
    return make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "content/pages/cv.md": (
                "---\ntitle: CV\n---\nSee [nowhere](/nope/) and [papers](/papers/).\n\n"
                "![me](/me.jpg) [pdf](/cv.pdf) [cv](/cv)\n\n```\n[in code](/nope-code/)\n```\n"
                "`[span](/nope-span/)` and [ref][r].\n\n[r]: /nope-ref/\n"
            ),
            "content/papers/a-study-of-things.md": "---\npdf: /missing.pdf\nslides: /cv.pdf\n---\n",
            "content/static/cv.pdf": "%PDF-1.4\n",
            **extra,
        },
    )


@pytest.mark.slow
def test_broken_links_from_content_are_located_warnings(tmp_path: Path, cli: RunCli) -> None:
    site = content_site(tmp_path, **{"site.yaml": "nav:\n  - {title: Blog, url: /blog/}\n"})
    code, _, stderr = cli(site, "build", "--base-url", PROJECT_URL)
    assert code == 0, stderr
    located = {
        warning.split(": broken link ")[0] + " " + warning.split('"')[1]
        for warning in warnings_of(stderr)
        if "broken link" in warning
    }
    assert located == {
        "content/pages/cv.md:4 /nope/",
        "content/pages/cv.md:6 /me.jpg",
        "content/pages/cv.md:13 /nope-ref/",
        "content/papers/a-study-of-things.md:2 /missing.pdf",
        "site.yaml:1 /blog/",
    }
    code, _, stderr = cli(site, "check")
    assert code == 1
    broken = {line.split(": ")[2] for line in stderr.splitlines() if line.startswith("broken link: ")}
    assert {"../nope/", "../me.jpg", "../../missing.pdf", "../nope-ref/"} <= broken


@pytest.mark.slow  # runs the workflow's steps
def test_the_generated_workflow_stops_before_publishing_on_a_broken_content_link(tmp_path: Path, cli: RunCli) -> None:
    """Run the build and check steps of the workflow `init` writes, as GitHub's runner would."""
    assert cli(tmp_path, "init", "site").code == 0
    site = tmp_path / "site"
    steps = yaml.safe_load((site / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    commands = [step["run"] for step in steps if step.get("run", "").startswith("scholarsite ")]
    assert [command.split()[1] for command in commands] == ["build", "check"]

    def run_steps() -> list[int]:
        codes = []
        for command in commands:
            words = shlex.split(command.replace("${{ steps.pages.outputs.base_url }}", "https://ada.github.io/site"))
            codes.append(run_cli(*words[1:], cwd=site).code)
        return codes

    assert run_steps() == [0, 0]
    (site / "content/about.md").write_text("My [thesis](/thesis.pdf), which I forgot to add.\n", encoding="utf-8")
    assert run_steps() == [0, 1]


# --------------------------------------------------------------------------- cname


@pytest.mark.slow
def test_a_cname_url_is_normalised_and_gives_the_base_url(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(
        tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "title: Ada\ncname: https://WWW.Example.org/\n"}
    )
    code, _, stderr = cli(site, "build")
    assert code == 0
    assert warnings_of(stderr) == [
        'site.yaml:2: "cname" \'https://WWW.Example.org/\' is not a plain host name; using "www.example.org"'
    ]
    output = site / "output"
    assert (output / "CNAME").read_text(encoding="utf-8") == "www.example.org\n"
    assert read_html(output / "index.html").find("link", rel="canonical")["href"] == "https://www.example.org/"
    assert (output / "sitemap.xml").is_file()
    assert cli(site, "check").code == 0


def test_an_explicit_base_url_wins_over_the_cname(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "cname: www.example.org\n"})
    output = build_site(site, base_url=PROJECT_URL).output
    assert read_html(output / "index.html").find("link", rel="canonical")["href"] == PROJECT_URL
    assert (output / "CNAME").read_text(encoding="utf-8") == "www.example.org\n"


@pytest.mark.parametrize(
    "bad",
    [
        "not a host",
        "https://www.example.org/blog/",
        "localhost",
        "ftp://x.org/",
        "www.example.org:8080",
        "https://user@www.example.org/",
        "-x.example.org",
        "192.168.0.1",
    ],
)
def test_a_cname_that_is_no_host_name_is_refused_with_its_line(tmp_path: Path, cli: RunCli, bad: str) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "title: Ada\ncname: www.ada.org\n"})
    assert cli(site, "build").code == 0  # a good build, then the bad cname
    before = tree_hashes(site / "output")
    (site / "site.yaml").write_text(f"title: Ada\ncname: '{bad}'\n", encoding="utf-8")
    code, _, stderr = cli(site, "build")
    assert code == 1
    assert stderr.splitlines()[0].startswith(f'site.yaml:2: "cname" {bad!r} is not a host name')
    assert "expected a host name" in stderr
    assert tree_hashes(site / "output") == before


def test_an_international_cname_is_written_as_dns_has_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "cname: bücher.example.org\n"})
    output = build_site(site).output
    assert (output / "CNAME").read_text(encoding="utf-8") == "xn--bcher-kva.example.org\n"


# --------------------------------------------------------------------------- a BibTeX-only site


@pytest.mark.slow
def test_a_bibtex_only_site_builds_with_the_owner_from_site_yaml(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(tmp_path, {"seeds/refs.bib": BIB, "site.yaml": "owner: Ada Owner\n"})
    code, stdout, stderr = cli(site, "build", "--base-url", PROJECT_URL)
    assert code == 0, stderr
    assert stdout.startswith("Built ") and "(2 papers, 2 authors," in stdout
    home = read_html(site / "output/index.html")
    assert home.find("h1").get_text(strip=True) == "Ada Owner"
    titles = {a.get_text(strip=True) for a in home.select("main a.paper-title")}
    assert titles == {"A Paper About Things", "Another Paper"}
    assert cli(site, "check").code == 0


@pytest.mark.parametrize("site_yaml", [None, "title: Ada\n"])
def test_a_bibtex_only_site_without_an_owner_is_a_located_error(
    tmp_path: Path, cli: RunCli, site_yaml: str | None
) -> None:
    site = make_site(tmp_path, {"seeds/refs.bib": BIB, **({"site.yaml": site_yaml} if site_yaml else {})})
    code, _, stderr = cli(site, "build")
    assert code == 1
    line = stderr.splitlines()
    assert (
        len(line) == 1 and "seeds/refs.bib" in line[0] and 'expected a line "owner: Your Name" in site.yaml' in line[0]
    )
    assert line[0].startswith("site.yaml")
    assert not (site / "output").exists()


def test_import_finds_the_dois_of_a_bibtex_only_site(tmp_path: Path) -> None:
    from scholarsite.importers.run import known_dois

    bib = BIB.replace("journal = {Journal of Things},", "journal = {Journal of Things},\n  doi = {10.1000/THINGS.1},")
    site = make_site(tmp_path, {"seeds/refs.bib": bib, "site.yaml": "owner: Ada Owner\n"})
    assert known_dois(site) == ["10.1000/things.1"]


def test_a_site_with_nothing_in_seeds_still_says_no_profile_found(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(tmp_path, {"seeds/notes.md": "nothing\n", "site.yaml": "owner: Ada Owner\n"})
    code, _, stderr = cli(site, "build")
    assert code == 1
    assert stderr.startswith(
        "seeds/: no profile found; expected a seeds/*.txt profile, or your papers in "
        "seeds/*.bib with owner: in site.yaml"
    )


# --------------------------------------------------------------------------- init and the profile


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", ":1: empty profile"),
        ("LGNov 14, 2022\nA title\n\nA. Author\n", ":1: profile starts with a paper header"),
        ("Ada Owner\n\n1 Papers\n\nLGNov 31, 2022\nT\n\nAda Owner\n", ':5: invalid date "Nov 31, 2022"'),
    ],
)
def test_init_with_a_bad_profile_is_a_located_error_and_writes_nothing(
    tmp_path: Path, cli: RunCli, text: str, problem: str
) -> None:
    profile = tmp_path / "me.txt"
    profile.write_text(text, encoding="utf-8")
    code, _stdout, stderr = cli(tmp_path, "init", "site", "--profile", str(profile))
    assert code == 1
    assert len(stderr.splitlines()) == 1 and stderr.startswith(f"{profile}{problem}"), stderr
    assert not (tmp_path / "site").exists()


def test_init_with_a_bibtex_file_as_profile_says_where_it_goes(tmp_path: Path, cli: RunCli) -> None:
    profile = tmp_path / "refs.bib"
    profile.write_text(BIB, encoding="utf-8")
    code, _, stderr = cli(tmp_path, "init", "site", "--profile", str(profile))
    assert code == 1 and "a profile must be a .txt file" in stderr and "seeds/" in stderr
    assert not (tmp_path / "site").exists()


def test_init_with_a_good_profile_prints_no_sample_note(tmp_path: Path, cli: RunCli) -> None:
    profile = tmp_path / "ada.txt"
    profile.write_text(one_paper_profile(), encoding="utf-8")
    code, _, stderr = cli(tmp_path, "init", "site", "--profile", str(profile))
    assert code == 0
    assert "sample" not in stderr
    assert sorted(p.name for p in (tmp_path / "site/seeds").iterdir()) == ["ada.txt"]


@pytest.mark.slow
def test_the_sample_profile_is_made_up_and_says_so(tmp_path: Path, cli: RunCli) -> None:
    assert cli(tmp_path, "init", "site").code == 0
    output = build_site(tmp_path / "site").output
    home = read_html(output / "index.html")
    assert home.find("h1").get_text(strip=True) == "Ada Sample"
    first = read_html(output / "papers/a-sample-paper-replace-this-profile-with-your-own/index.html")
    assert "sample-profile.txt" in first.find("main").get_text()


# --------------------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        (
            "content/pages/x.md",
            "Just text.\n",
            "content/pages/x.md:1: no front matter; expected the file to start with "
            'the lines "---", "title: Your title", "---"',
        ),
        (
            "content/pages/x.md",
            "---\n---\nText.\n",
            "content/pages/x.md:1: empty front matter; expected the file to "
            'start with the lines "---", "title: Your title", "---"',
        ),
        (
            "content/news/n.md",
            "News.\n",
            "content/news/n.md:1: no front matter; expected the file to start with the "
            'lines "---", "title: Your title", "date: 2024-05-01", "---"',
        ),
    ],
)
def test_a_file_without_front_matter_shows_the_expected_header(
    tmp_path: Path, cli: RunCli, path: str, text: str, expected: str
) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), path: text})
    code, _, stderr = cli(site, "build")
    assert code == 1
    assert stderr.splitlines() == [expected]


def test_files_whose_front_matter_is_optional_need_none(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "content/about.md": "My bio.\n",
            "content/papers/a-study-of-things.md": "Notes on the paper.\n",
        },
    )
    assert build_site(site).summary.papers == 1


# --------------------------------------------------------------------------- counted nouns


def test_counted_nouns() -> None:
    assert [counted(n, "paper") for n in (0, 1, 2)] == ["0 papers", "1 paper", "2 papers"]
    assert counted(1, "category") == "1 category" and counted(3, "category") == "3 categories"
    assert noun(1, "was") == "was" and noun(2, "was") == "were"


@pytest.mark.slow
def test_one_paper_is_one_paper_in_descriptions_headings_and_messages(tmp_path: Path, cli: RunCli) -> None:
    seed = profile_text("Ada Owner", paper_block("CRNov 14, 2022", "A Study", "Ada Owner, Bob Brown", "x"), declared=2)
    site = make_site(tmp_path, {"seeds/x.txt": seed})
    code, stdout, stderr = cli(site, "build")
    assert code == 0
    assert "(1 paper, 2 authors, 1 category, 1 year)" in stdout
    assert "seeds/x.txt:3: profile declares 2 papers but 1 was found" in warnings_of(stderr)
    output = site / "output"
    category = read_html(output / "categories/cs-cr/index.html")
    assert category.find("meta", attrs={"name": "description"})["content"].startswith(
        "1 paper in Cryptography and Security (cs.CR)"
    )
    assert category.select_one("p.lead").get_text(" ", strip=True).startswith("1 paper")
    author = read_html(output / "authors/bob-brown/index.html")
    assert "1 paper on" in author.find("meta", attrs={"name": "description"})["content"]
    assert "1 paper on this site" in author.select_one("p.lead").get_text(" ", strip=True)
    home = read_html(output / "index.html")
    assert home.find("meta", attrs={"name": "description"})["content"] == "Ada Owner: research profile with 1 paper."
    for page in ("papers/index.html", "years/2022/index.html"):
        soup = read_html(output / page)
        assert "1 papers" not in soup.get_text(" ") and "1 papers" not in str(
            soup.find("meta", attrs={"name": "description"})
        )
    code, stdout, _ = cli(site, "check", "--base-url", PROJECT_URL)
    assert stdout.splitlines()[0] == "Inputs are valid: 1 paper, 2 authors."
