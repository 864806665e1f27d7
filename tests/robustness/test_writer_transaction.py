"""The writer as a transaction (issue 13): a failure at any step leaves output/ exactly as it was.

A real site is built (old inputs), hand-added files are put beside it, then the
inputs change so that the next write makes folders, writes new files, replaces
changed ones, removes pages no longer produced and prunes their folders. That
write is run again and again with one OS operation failing (mkdir, open, write,
fsync, rename, unlink, rmdir), at every call it makes in turn, and after each
failure the whole tree (bytes, links, modes, file times, folders) must equal
the tree before. Only the OS layer is patched (tests/robustness/faults.py).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from scholarsite.build import build, render_site, settings
from scholarsite.errors import SiteError
from scholarsite.outputs import RenderedFile
from scholarsite.report import Report
from scholarsite.write import write_output
from tests.robustness.faults import OPERATIONS, Fault, install
from tests.robustness.helpers import Paper, cli_env, profile, run_build, runner_command, snapshot, write_files

BASE_URL = "https://example.org/"
SEED = "seeds/x.txt"
USER_FILES = {
    "CNAME": b"www.example.org\n",
    ".git/HEAD": b"ref: refs/heads/gh-pages\n",
    "papers/notes.txt": b"the owner's own note\n",
}
ONE_LINE = re.compile(r"^[^\n:]+(:\d+)?: [^\n]+; expected [^\n]+$")
MOST_CALLS = 60  # per operation; more calls than this are sampled evenly, first and last included


def papers(titles: list[str]) -> str:
    return profile(
        "Ada Owner",
        [
            Paper(f"LGJan {i + 1}, 2020", title, f"Ada Owner, Co Author{chr(97 + i)}", ("An abstract.",))
            for i, title in enumerate(titles)
        ],
    )


OLD_SITE = {
    SEED: papers(["Kept Paper", "Changed Paper", "Removed Paper", "Also Removed"]),
    "content/static/cv.pdf": b"%PDF-1.4 old cv\n",
    "content/static/old/slides.pdf": b"old slides\n",
}
NEW_SITE = {
    SEED: papers(["Kept Paper", "Changed Paper Revised", "Brand New Paper", "Another New One"]),
    "content/static/cv.pdf": b"%PDF-1.4 new cv\n",
    "content/static/new/poster.pdf": b"a poster\n",
}


def state(folder: Path) -> dict[str, tuple[object, ...]]:
    """Everything a user could notice in `folder`: each file's bytes, mode and modification time,
    each link's target, each folder's mode."""
    found: dict[str, tuple[object, ...]] = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root, name)
            info = path.lstat()
            key = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISDIR(info.st_mode):
                found[key] = ("dir", stat.S_IMODE(info.st_mode))
            else:
                found[key] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_mtime_ns)
    return found


@dataclass
class Edit:
    output: Path
    new_files: list[RenderedFile]
    before: dict[str, tuple[object, ...]]
    outside: Path


@pytest.fixture
def edit(tmp_path: Path) -> Edit:
    site = write_files(tmp_path / "site", OLD_SITE)
    output = tmp_path / "output"
    build(site, output_dir=output, base_url=BASE_URL, use_cache=False)
    write_files(output, USER_FILES)
    (output / "papers" / "kept-paper" / "index.html").chmod(0o640)  # a mode the rollback must bring back
    outside = write_files(tmp_path / "outside", {"keep.txt": "not in output/\n"})
    (output / "link-out").symlink_to(outside, target_is_directory=True)
    new_site = write_files(tmp_path / "new-site", NEW_SITE)
    files = list(render_site(new_site, settings(new_site, base_url=BASE_URL), report=Report()).files)
    return Edit(output, files, state(output), outside)


def _calls(edit: Edit, operation: str, tmp_path: Path) -> int:
    """How many `operation` calls the write makes (in a copy of output/, which is then thrown away)."""
    copy = tmp_path / "count" / "output"
    shutil.copytree(edit.output, copy, symlinks=True)
    fault = Fault(operation, 0, pattern=str(copy))
    with pytest.MonkeyPatch.context() as patch:
        install(fault, patch.setattr)
        write_output(edit.new_files, copy, report=Report(), base_url=BASE_URL)
    shutil.rmtree(copy.parent)
    return fault.seen


def _sample(count: int) -> list[int]:
    if count <= MOST_CALLS:
        return list(range(1, count + 1))
    return sorted({1 + round(i * (count - 1) / (MOST_CALLS - 1)) for i in range(MOST_CALLS)})


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_failure_at_any_step_leaves_output_exactly_as_it_was(edit: Edit, operation: str, tmp_path: Path) -> None:
    count = _calls(edit, operation, tmp_path)
    assert count > 0, f"the write makes no {operation} call: the test would prove nothing"
    for nth in _sample(count):
        fault = Fault(operation, nth, pattern=str(edit.output))
        with pytest.MonkeyPatch.context() as patch:
            install(fault, patch.setattr)
            with pytest.raises(SiteError) as raised:
                write_output(edit.new_files, edit.output, report=Report(), base_url=BASE_URL)
        assert fault.fired
        message = raised.value.message
        assert ONE_LINE.match(message), f"{operation} #{nth}: {message!r}"
        after = state(edit.output)
        changed = sorted(key for key in before_and(after, edit.before) if after.get(key) != edit.before.get(key))
        assert not changed, f"{operation} #{nth} of {count} changed output/: {changed[:8]}"
    assert (edit.outside / "keep.txt").read_text() == "not in output/\n"
    # and without a fault the same write goes through: the failures above were real ones, mid-write
    result = write_output(edit.new_files, edit.output, report=Report(), base_url=BASE_URL)
    assert result.written and result.removed
    assert (edit.output / "papers" / "brand-new-paper" / "index.html").is_file()
    assert not (edit.output / "papers" / "removed-paper").exists()
    assert all((edit.output / path).read_bytes() == data for path, data in USER_FILES.items())


def before_and(after: dict[str, object], before: dict[str, object]) -> set[str]:
    return set(after) | set(before)


def test_a_failed_write_into_a_new_folder_leaves_no_folder(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", OLD_SITE)
    files = list(render_site(site, settings(site, base_url=BASE_URL), report=Report()).files)
    output = tmp_path / "deep" / "er" / "output"
    fault = Fault("replace", 5, pattern=str(tmp_path / "deep"))
    with pytest.MonkeyPatch.context() as patch:
        install(fault, patch.setattr)
        with pytest.raises(SiteError):
            write_output(files, output)
    assert not (tmp_path / "deep").exists()


# --------------------------------------------------------------------------- through the command line


@pytest.mark.parametrize(
    ("operation", "code", "words"),
    [
        ("mkdir", "EACCES", "permission denied"),
        ("open", "EROFS", "read-only file system"),
        ("write", "ENOSPC", "no space left"),
        ("fsync", "EIO", "input/output error"),
        ("replace", "ENAMETOOLONG", "file name too long"),
        ("unlink", "EPERM", "operation not permitted"),
        ("rmdir", "EBUSY", "busy"),
    ],
)
def test_an_os_error_while_writing_is_one_line_and_changes_nothing(
    tmp_path: Path, operation: str, code: str, words: str
) -> None:
    site = write_files(tmp_path / "site", OLD_SITE)
    assert run_build("--base-url", BASE_URL, cwd=site).returncode == 0
    output = site / "output"
    write_files(output, USER_FILES)
    before = snapshot(output)
    write_files(site, NEW_SITE)
    nth = 1 if operation in ("fsync", "rmdir") else 3
    result = run_build(
        "--base-url", BASE_URL, cwd=site, env={"ROBUSTNESS_OSERROR": f"{operation}:{nth}:{code}:{output}"}
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1 and ONE_LINE.match(errors[0]), result.stderr
    assert errors[0].startswith("output"), errors[0]
    assert words in errors[0], errors[0]
    assert snapshot(output) == before


# --------------------------------------------------------------------------- two builds, one output/


def test_a_second_build_into_the_same_folder_waits_then_fails_with_one_line(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", OLD_SITE)
    assert run_build("--base-url", BASE_URL, cwd=site).returncode == 0
    write_files(site, NEW_SITE)
    output = site / "output"
    marker = tmp_path / "paused"
    first = subprocess.Popen(
        runner_command("build", "--base-url", BASE_URL),
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env({"ROBUSTNESS_PAUSE_AT_REPLACE": f"3:{output}/:{marker}"}),
    )
    try:
        while not marker.exists():  # the first build is now in the middle of writing
            assert first.poll() is None, first.communicate()
            time.sleep(0.02)
        during = snapshot(output)
        second = run_build("--base-url", BASE_URL, cwd=site, env={"SCHOLARSITE_LOCK_WAIT": "0.3"})
        assert second.returncode == 1, second.stdout + second.stderr
        assert "Traceback" not in second.stderr
        assert second.stderr.strip() == (
            "output: another scholarsite build is writing into this folder; "
            "expected one build at a time: wait for it to finish, or build into "
            "another --output"
        ), second.stderr
        assert snapshot(output) == during, "the second build touched output/"
    finally:
        marker.unlink(missing_ok=True)
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert (output / "papers" / "brand-new-paper" / "index.html").is_file()
    third = run_build("--base-url", BASE_URL, cwd=site)  # the lock went with the first process
    assert third.returncode == 0, third.stderr
