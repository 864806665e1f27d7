"""The command line: exit codes, options, error output, and an untouched output/ on bad input."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from scholarsite import __version__
from scholarsite.cli import main
from tests.conftest import (
    SEED_PATH,
    RunCli,
    build_site,
    one_paper_profile,
    paper_block,
    profile_text,
    read_html,
    run_cli,
    seed_site,
    tree_hashes,
)

GOOD_SEED = profile_text(
    "Ada Owner",
    paper_block("LGNov 14, 2022", "First Paper", "Ada Owner, Bob Brown et al.", "About the first."),
    paper_block("CVJan 3, 2023", "Second Paper", "Bob Brown, Carl Cole et al.", "About the second."),
)
# Line numbers in GOOD_SEED: 5 header, 6 title, 8 authors, 10 abstract; 12 header, 13 title, 15 authors, 17 abstract.
MALFORMED = {
    "impossible-date": (GOOD_SEED.replace("CVJan 3, 2023", "CVNov 31, 2023"), 12, 'invalid date "Nov 31, 2023"'),
    "missing-author-line": (
        GOOD_SEED.replace("Bob Brown, Carl Cole et al.", "We propose a method that works well."),
        15,
        "not an author line",
    ),
    "binary-file": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 3, "NUL byte"),
    "cut-inside-header": (
        GOOD_SEED[: GOOD_SEED.index("CVJan 3, 2023") + len("CVJan 3")],
        12,
        'incomplete paper header "CVJan 3"',
    ),
}
ERROR_LINE = re.compile(rf"^{re.escape(SEED_PATH)}:(\d+): \S")


def non_warning_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("warning: ")]


# --------------------------------------------------------------------------- exit codes


def test_successful_build_exits_0_and_prints_one_summary_line(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, stdout, stderr = cli(tmp_path, "build", "--site", str(site), "--output", str(tmp_path / "out"))
    assert code == 0, stderr
    assert re.fullmatch(
        r"Built \d+ pages \(2 papers, 3 authors, 2 categories, 2 years\) in \d+\.\d\d s → .*out/\n", stdout
    )
    assert non_warning_lines(stderr) == []
    assert (tmp_path / "out" / "index.html").is_file()


@pytest.mark.parametrize("case", list(MALFORMED))
def test_bad_input_exits_1_with_one_located_line_and_leaves_output_untouched(
    tmp_path: Path, case: str, cli: RunCli
) -> None:
    seed, line, problem = MALFORMED[case]
    site = seed_site(tmp_path, GOOD_SEED)
    output = build_site(site).output  # the default site/output
    (output / "CNAME").write_text("example.org\n")
    before = tree_hashes(output)

    (site / SEED_PATH).write_bytes(seed if isinstance(seed, bytes) else seed.encode())
    code, stdout, stderr = cli(site, "build")

    assert code == 1
    assert stdout == ""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    located = ERROR_LINE.match(lines[0])
    assert located and int(located.group(1)) == line, lines[0]
    assert problem in lines[0]
    assert tree_hashes(output) == before


def test_bad_input_message_says_what_was_expected(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, MALFORMED["impossible-date"][0])
    code, _, stderr = cli(site, "build")
    assert code == 1
    assert stderr.strip() == (
        f'{SEED_PATH}:12: invalid date "Nov 31, 2023"; expected a real calendar date like "Nov 14, 2022"'
    )


def test_bad_input_without_previous_output_creates_no_output(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, MALFORMED["cut-inside-header"][0])
    code, _, _ = cli(site, "build")
    assert code == 1
    assert not (site / "output").exists()


def test_missing_seeds_folder_is_bad_input(tmp_path: Path, cli: RunCli) -> None:
    site = tmp_path / "empty-site"
    site.mkdir()
    code, _, stderr = cli(site, "build")
    assert code == 1
    assert stderr.startswith("seeds/: no profile found")


def test_unknown_theme_is_bad_input(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, _, stderr = cli(site, "build", "--theme", "no-such-theme")
    assert code == 1
    assert 'unknown theme "no-such-theme"' in stderr and "Traceback" not in stderr


def test_output_inside_the_site_folder_itself_is_refused(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, _, stderr = cli(site, "build", "--output", ".")
    assert code == 1
    assert "refusing" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(
    "args",
    [[], ["frobnicate"], ["build", "--no-such-option"], ["build", "extra-argument"], ["build", "--output"]],
    ids=["no-command", "unknown-command", "unknown-option", "extra-argument", "option-without-value"],
)
def test_bad_usage_exits_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(args)
    assert exited.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_bad_usage_exits_2_in_a_subprocess(tmp_path: Path) -> None:
    code, _stdout, stderr = run_cli("build", "--no-such-option", cwd=tmp_path)
    assert code == 2
    assert "usage:" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_site_that_is_not_a_folder_is_bad_usage(tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "not-a-site"
    if kind == "file":
        site.write_text("x")
    assert main(["build", "--site", str(site)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_version(tmp_path: Path) -> None:
    code, stdout, _ = run_cli("--version", cwd=tmp_path)
    assert code == 0
    assert stdout.strip() == f"scholarsite {__version__}"


# --------------------------------------------------------------------------- options


def test_site_defaults_to_the_current_folder_and_output_to_site_output(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, stdout, _ = cli(site, "build")
    assert code == 0
    assert stdout.rstrip().endswith("→ output/")
    assert (site / "output" / "index.html").is_file()


def test_site_option_from_another_folder(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, _, stderr = cli(elsewhere, "build", "--site", str(site))
    assert code == 0, stderr
    assert (site / "output" / "index.html").is_file()
    assert not (elsewhere / "output").exists()


def test_relative_output_option_is_relative_to_the_current_folder(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, stdout, stderr = cli(tmp_path, "build", "--site", "site", "--output", "public")
    assert code == 0, stderr
    assert (tmp_path / "public" / "index.html").is_file()
    assert not (site / "output").exists()
    assert stdout.rstrip().endswith("→ public/")


def rooted_404_links(output: Path) -> set[str]:
    """The site-internal links of 404.html (absolute http(s) URLs such as canonical ones left out)."""
    soup = read_html(output / "404.html")
    return {
        tag["href"]
        for tag in soup.find_all(["a", "link"], href=True)
        if not tag["href"].startswith(("http:", "https:", "mailto:", "#"))
    }


def test_base_url_option_roots_the_404_page(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, _, stderr = cli(site, "build", "--base-url", "https://someone.github.io/repo")
    assert code == 0, stderr
    links = rooted_404_links(site / "output")
    assert "/repo/" in links and "/repo/static/style.css" in links
    assert all(link.startswith("/repo/") for link in links)


def test_base_url_from_the_environment(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, _, stderr = cli(site, "build", env={"SCHOLARSITE_BASE_URL": "https://someone.github.io/proj/"})
    assert code == 0, stderr
    assert "/proj/" in rooted_404_links(site / "output")


def test_base_url_option_wins_over_the_environment(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, GOOD_SEED)
    code, _, _ = cli(
        site, "build", "--base-url", "https://a.example/one/", env={"SCHOLARSITE_BASE_URL": "https://b.example/two/"}
    )
    assert code == 0
    assert "/one/" in rooted_404_links(site / "output")


def test_warnings_go_to_stderr_and_the_build_still_succeeds(tmp_path: Path, cli: RunCli) -> None:
    seed = profile_text("Ada Owner", paper_block("LGJan 1, 2020", "One", "Ada Owner", "x"), declared=4)
    site = seed_site(tmp_path, seed)
    code, stdout, stderr = cli(site, "build")
    assert code == 0
    assert stdout.startswith("Built ")
    assert f"warning: {SEED_PATH}:3: profile declares 4 papers but 1 was found" in stderr.splitlines()
    assert non_warning_lines(stderr) == []


# --------------------------------------------------------------------------- entry points
# Most tests run the command in-process (the `cli` fixture: the same main(), without an interpreter's start-up);
# these two, the usage error and --version run real processes, as a shell would.


@pytest.mark.slow
def test_python_dash_m_scholarsite_builds(tmp_path: Path) -> None:
    site = seed_site(tmp_path, one_paper_profile())
    assert run_cli("build", cwd=site).code == 0
    assert (site / "output" / "papers" / "a-study-of-things" / "index.html").is_file()


@pytest.mark.slow
def test_console_script_builds(tmp_path: Path) -> None:
    script = shutil.which("scholarsite")
    if script is None:
        pytest.skip("the scholarsite console script is not installed on PATH (pip install -e .)")
    site = seed_site(tmp_path, one_paper_profile())
    code, stdout, stderr = run_cli("build", cwd=site, program=[script])
    assert code == 0, stderr
    assert stdout.startswith("Built ")
    assert (site / "output" / "index.html").is_file()
