"""Every OSError is one `path: problem; expected …` line and exit status 1, never a traceback (issue 13).

Real failures where the machine allows them even to root (a read-only mount,
an immutable file, a path through a regular file, a name too long), injected
ones (tests/robustness/faults.py) where it does not: permission denied on an
input, a static file or a template.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.robustness.helpers import Paper, cli_env, profile, run_build, runner_command, snapshot, write_files

SEED = "seeds/x.txt"
LOCATED = re.compile(r"^(?P<path>[^\n:]+)(:\d+)?: (?P<problem>[^\n;]+); expected [^\n]+$")
SITE = {
    SEED: profile("Ada Owner", [Paper("LGJan 5, 2021", "A Paper", "Ada Owner, Bob Brown", ("Abstract.",))]),
    "content/static/cv.pdf": b"%PDF-1.4\n",
}
EDIT = {SEED: profile("Ada Owner", [Paper("LGJan 5, 2021", "A Paper Revised", "Ada Owner, Bob Brown", ("New.",))])}


def one_error(stderr: str) -> re.Match[str]:
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1, stderr
    match = LOCATED.match(errors[0])
    assert match, errors[0]
    return match


# --------------------------------------------------------------------------- writing output/, for real


@pytest.fixture
def mount_point(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "mnt"
    folder.mkdir()
    if (
        shutil.which("mount") is None
        or subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True, check=False).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_output_folder_is_one_line_and_unchanged(tmp_path: Path, mount_point: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    output = mount_point / "output"
    assert run_cli("build", "--output", str(output), cwd=site).code == 0
    before = snapshot(output)
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    write_files(site, EDIT)

    result = run_cli("build", "--output", str(output), cwd=site)

    assert result.code == 1
    error = one_error(result.stderr)
    assert error["path"].startswith(str(output)) and error["problem"] == "read-only file system", error[0]
    assert snapshot(output) == before


def test_an_immutable_file_in_output_is_one_line_and_nothing_changes(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    assert run_cli("build", cwd=site).code == 0
    output = site / "output"
    page = output / "papers" / "a-paper" / "index.html"
    if (
        shutil.which("chattr") is None
        or subprocess.run(["chattr", "+i", str(page)], capture_output=True, check=False).returncode != 0
    ):
        pytest.skip("chattr +i is not available on this file system")
    try:
        before = snapshot(output)
        write_files(site, EDIT)
        result = run_cli("build", cwd=site)
        assert result.code == 1
        error = one_error(result.stderr)
        assert error["path"] == "output/papers/a-paper/index.html", error[0]
        assert error["problem"].startswith("operation not permitted"), error[0]
        assert snapshot(output) == before
    finally:
        subprocess.run(["chattr", "-i", str(page)], check=False)


@pytest.mark.parametrize(
    ("output_of", "problem"),
    [
        (lambda root: root / "a-file" / "output", "a part of the path is a file, not a folder"),
        (lambda root: root / "a-file", "a part of the path is a file, not a folder"),
        (lambda root: root / ("n" * 300) / "output", "file name too long"),
    ],
)
def test_an_output_path_that_cannot_exist_is_one_line(tmp_path: Path, output_of, problem: str) -> None:
    site = write_files(tmp_path / "site", SITE)
    (tmp_path / "a-file").write_text("a regular file\n")
    before = snapshot(tmp_path)
    result = run_cli("build", "--output", str(output_of(tmp_path)), "--no-cache", cwd=site)
    assert result.code == 1
    assert one_error(result.stderr)["problem"] == problem, result.stderr
    assert snapshot(tmp_path) == before


# --------------------------------------------------------------------------- reading inputs (injected)


@pytest.mark.parametrize("where", [SEED, "content/static/cv.pdf", "themes/default/templates/paper.html"])
def test_an_unreadable_input_is_one_line_naming_it(tmp_path: Path, where: str) -> None:
    site = write_files(tmp_path / "site", SITE)
    assert run_build(cwd=site).returncode == 0
    if where.startswith("themes/"):  # a site copy of the built-in template, to be unreadable
        from scholarsite.render.themes import builtin_themes_dir

        write_files(site, {where: (builtin_themes_dir() / "default/templates/paper.html").read_bytes()})
    before = snapshot(site / "output")
    result = run_build("--no-cache", cwd=site, env={"ROBUSTNESS_OSERROR": f"open:1:EACCES:{site / where}"})
    assert result.returncode == 1, result.stdout + result.stderr
    error = one_error(result.stderr)
    assert error["path"] == where and error["problem"] == "permission denied", error[0]
    assert snapshot(site / "output") == before


# --------------------------------------------------------------------------- init and serve


@pytest.mark.parametrize(("target", "words"), [("a-file/site", "a part of the path is a file"), ("a-file", "a-file")])
def test_init_into_an_impossible_place_is_one_line(tmp_path: Path, target: str, words: str) -> None:
    (tmp_path / "a-file").write_text("a regular file\n")
    result = run_cli("init", target, cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert words in one_error(result.stderr)[0], result.stderr
    assert (tmp_path / "a-file").read_text() == "a regular file\n"


def test_init_into_a_read_only_place_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        runner_command("init", "new-site"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=cli_env({"ROBUSTNESS_OSERROR": f"mkdir:1:EROFS:{tmp_path}"}),
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    error = one_error(done.stderr)
    assert error["path"].startswith("new-site") and error["problem"] == "read-only file system", error[0]


def test_serve_on_an_address_it_cannot_bind_is_one_line(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", SITE)
    # 192.0.2.1 (TEST-NET-1) is never an address of this machine
    result = run_cli("serve", "--host", "192.0.2.1", "--port", "8765", cwd=site)
    assert result.code == 1, result.stdout + result.stderr
    error = one_error(result.stderr)
    assert error["path"] == "192.0.2.1" and error[0].startswith("192.0.2.1:8765: cannot listen"), error[0]


def test_init_with_a_pipe_as_profile_is_one_line_not_a_hang(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "profile.txt")
    result = run_cli("init", "new-site", "--profile", "profile.txt", cwd=tmp_path)
    assert result.code == 1, result.stdout + result.stderr
    assert one_error(result.stderr)[0].startswith("profile.txt: is a named pipe (FIFO)"), result.stderr
    assert not (tmp_path / "new-site").exists()
