"""Writing output/ (`generator/write.py`): no needless rewrites, no stray deletes, refused folders."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from scholarsite.errors import SiteError
from scholarsite.outputs import RenderedFile
from scholarsite.write import MANIFEST, safe_relative, write_output
from tests.conftest import SEED_PATH, build_site, paper_block, profile_text, seed_site, tree_hashes

OLD_TIME_NS = 1_000_000_000 * 10**9  # 2001-09-09: any rewrite would move the mtime forward

TWO_PAPERS = profile_text(
    "Ada Owner",
    paper_block("LGNov 14, 2022", "Kept Paper", "Ada Owner, Bob Brown et al.", "Stays."),
    paper_block("CVJan 3, 2021", "Removed Paper", "Ada Owner, Carl Cole", "Goes away."),
)
ONE_PAPER = profile_text(
    "Ada Owner", paper_block("LGNov 14, 2022", "Kept Paper", "Ada Owner, Bob Brown et al.", "Stays.")
)


def age_every_file(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_TIME_NS, OLD_TIME_NS))


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    age_every_file(output)
    inodes = {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()}

    second = build_site(site)

    assert second.summary.written == 0
    assert set(mtimes(output).values()) == {OLD_TIME_NS}
    assert {p: p.stat().st_ino for p in output.rglob("*") if p.is_file()} == inodes


def test_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    age_every_file(output)
    (site / SEED_PATH).write_text(TWO_PAPERS.replace("Goes away.", "A new abstract."), encoding="utf-8")

    build_site(site)

    changed = {path for path, mtime in mtimes(output).items() if mtime != OLD_TIME_NS}
    assert "papers/removed-paper/index.html" in changed
    assert "papers/kept-paper/index.html" not in changed
    assert "static/style.css" not in changed


def test_files_no_longer_produced_are_removed(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    assert (output / "papers" / "removed-paper" / "index.html").is_file()
    assert (output / "authors" / "carl-cole" / "index.html").is_file()
    assert (output / "years" / "2021" / "index.html").is_file()

    (site / SEED_PATH).write_text(ONE_PAPER, encoding="utf-8")
    build_site(site)

    assert not (output / "papers" / "removed-paper").exists()  # the emptied folder goes too
    assert not (output / "authors" / "carl-cole").exists()
    assert not (output / "categories" / "cs-cv").exists()
    assert not (output / "years" / "2021").exists()
    assert (output / "papers" / "kept-paper" / "index.html").is_file()


@pytest.mark.slow
def test_rebuilt_output_equals_a_fresh_build(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    (site / SEED_PATH).write_text(ONE_PAPER, encoding="utf-8")
    build_site(site)
    fresh = build_site(site, tmp_path / "fresh").output
    assert tree_hashes(output) == tree_hashes(fresh)


def test_hand_added_files_in_output_survive_rebuilds(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    hand_made = {
        "CNAME": b"www.example.org\n",
        ".git/HEAD": b"ref: refs/heads/gh-pages\n",
        ".git/objects/ab/cdef": b"\x78\x9c\x00binary",
        "papers/removed-paper/notes.txt": b"mine, not the generator's\n",
        "googleabc123.html": b"google-site-verification: googleabc123.html\n",
    }
    for relative, data in hand_made.items():
        (output / relative).parent.mkdir(parents=True, exist_ok=True)
        (output / relative).write_bytes(data)

    build_site(site)
    (site / SEED_PATH).write_text(ONE_PAPER, encoding="utf-8")
    build_site(site)

    for relative, data in hand_made.items():
        assert (output / relative).read_bytes() == data, relative
    assert not (output / "papers" / "removed-paper" / "index.html").exists()


def test_hand_added_output_folder_without_manifest_is_never_emptied(tmp_path: Path) -> None:
    output = tmp_path / "existing"
    (output / "old").mkdir(parents=True)
    (output / "old" / "page.html").write_text("someone else's page")
    build_site(seed_site(tmp_path, ONE_PAPER), output)
    assert (output / "old" / "page.html").read_text() == "someone else's page"


def test_unreadable_manifest_deletes_nothing(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    output = build_site(site).output
    (output / MANIFEST).write_text("{not json")
    (site / SEED_PATH).write_text(ONE_PAPER, encoding="utf-8")
    with contextlib.suppress(SiteError):  # may also refuse outright: it can no longer tell which files are its own
        build_site(site)
    assert (output / "papers" / "removed-paper" / "index.html").is_file()


def test_manifest_entries_outside_output_are_ignored(tmp_path: Path) -> None:
    site = seed_site(tmp_path, ONE_PAPER)
    output = build_site(site).output
    victim = tmp_path / "victim.txt"
    victim.write_text("do not delete")
    (output / MANIFEST).write_text('["../victim.txt", "/etc/hostname", "index.html"]')
    build_site(site)
    assert victim.read_text() == "do not delete"


def test_two_builds_give_identical_bytes(tmp_path: Path) -> None:
    site = seed_site(tmp_path, TWO_PAPERS)
    first = build_site(site, tmp_path / "one").output
    second = build_site(site, tmp_path / "two").output
    assert tree_hashes(first) == tree_hashes(second)


def test_sample_builds_are_reproducible(sample_site_dir: Path, sample_output: Path, tmp_path: Path) -> None:
    again = build_site(sample_site_dir, tmp_path / "again").output
    assert tree_hashes(again) == tree_hashes(sample_output)


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    output = build_site(seed_site(tmp_path, TWO_PAPERS)).output
    assert [p for p in output.rglob("*") if p.name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- refused output folders


@pytest.mark.parametrize(
    "output_of",
    [
        pytest.param(lambda site: site, id="the-site-folder"),
        pytest.param(lambda site: site.parent, id="its-parent"),
        pytest.param(lambda site: site / "seeds", id="seeds"),
        pytest.param(lambda site: site / "content", id="content"),
        pytest.param(lambda site: site / "themes", id="themes"),
        pytest.param(lambda site: site / "seeds" / "out", id="inside-seeds"),
        pytest.param(lambda site: site / "content" / "static", id="inside-content"),
        pytest.param(lambda site: site / "." / "seeds" / ".." / "seeds", id="seeds-spelled-oddly"),
    ],
)
def test_refuses_output_that_could_overwrite_the_users_files(tmp_path: Path, output_of: Callable[[Path], Path]) -> None:
    site = seed_site(tmp_path, ONE_PAPER, **{"content/about.md": "About me.\n", "themes/.keep": ""})
    before = tree_hashes(tmp_path)
    with pytest.raises(SiteError, match="refusing"):
        build_site(site, output_of(site))
    assert tree_hashes(tmp_path) == before


def test_refuses_a_symlink_to_the_seeds_folder(tmp_path: Path) -> None:
    site = seed_site(tmp_path, ONE_PAPER)
    link = tmp_path / "sneaky"
    link.symlink_to(site / "seeds", target_is_directory=True)
    with pytest.raises(SiteError, match="refusing"):
        build_site(site, link)


def test_output_beside_the_site_is_fine(tmp_path: Path) -> None:
    site = seed_site(tmp_path, ONE_PAPER)
    assert (build_site(site, tmp_path / "public").output / "index.html").is_file()


# --------------------------------------------------------------------------- write_output itself


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b", "", "a\x00b", "a//b", "./a"])
def test_unsafe_output_paths_are_rejected(path: str) -> None:
    with pytest.raises(SiteError):
        safe_relative(path)


def test_two_files_for_one_path_are_rejected_before_writing(tmp_path: Path) -> None:
    output = tmp_path / "out"
    with pytest.raises(SiteError, match="two outputs for one path"):
        write_output([RenderedFile("a.html", b"1"), RenderedFile("a.html", b"2")], output)
    assert not output.exists()


def test_write_output_reports_written_unchanged_removed(tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = write_output([RenderedFile("a.html", b"a"), RenderedFile("b/index.html", b"b")], output)
    assert (first.written, first.unchanged, first.removed) == (2, 0, 0)
    second = write_output([RenderedFile("a.html", b"a2")], output)
    assert (second.written, second.unchanged, second.removed) == (1, 0, 1)
    assert not (output / "b").exists()
    third = write_output([RenderedFile("a.html", b"a2")], output)
    assert (third.written, third.unchanged, third.removed) == (0, 1, 0)
