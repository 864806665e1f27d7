"""Only files scholarsite wrote are replaced or removed, checked on disk (issue 13).

The manifest records the size and SHA-256 of every file written; a listed
path is removed only while its bytes still match. An edited, merged or
old-format manifest, a folder, a symbolic link, `.git/` or a hand-written
CNAME under a listed name are left alone (with a warning), and every output
name is checked before the first write.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scholarsite.errors import SiteError
from scholarsite.manifest import MANIFEST
from scholarsite.outputs import RenderedFile
from scholarsite.report import Report
from scholarsite.write import write_output
from tests.conftest import build_site, run_cli
from tests.robustness.helpers import Paper, profile, snapshot, write_files

SEED = "seeds/x.txt"
BASE_URL = "https://example.org/"


def site_with(titles: list[str], root: Path, **extra: str | bytes) -> Path:
    seed = profile(
        "Ada Owner",
        [Paper(f"LGJan {i + 1}, 2020", t, "Ada Owner, Bea Coauthor", ("Abstract.",)) for i, t in enumerate(titles)],
    )
    return write_files(root, {SEED: seed, **extra})


def _edited_manifest(output: Path, extra: dict[str, object]) -> None:
    manifest = json.loads((output / MANIFEST).read_bytes())
    manifest["files"].update(extra)
    (output / MANIFEST).write_text(json.dumps(manifest))


def test_an_edited_manifest_cannot_delete_foreign_files(tmp_path: Path) -> None:
    site = site_with(["Kept Paper"], tmp_path / "site")
    output = build_site(site, base_url=BASE_URL).output
    foreign = {
        "CNAME": b"www.example.org\n",
        ".git/HEAD": b"ref: refs/heads/gh-pages\n",
        ".git/config": b"[core]\n",
        "mine/notes.txt": b"my notes\n",
    }
    write_files(output, foreign)
    (output / "a-folder").mkdir()
    (output / "a-link").symlink_to(tmp_path / "site" / SEED)
    # as a hand edit or a git merge would leave it: foreign paths listed, with made-up checksums
    fake = [12, "0" * 64]
    _edited_manifest(output, {path: fake for path in [*foreign, "a-folder", "a-link", "mine"]})
    before = {path: data for path, data in snapshot(output).items() if path != MANIFEST}

    result = build_site(site, base_url=BASE_URL)

    after = snapshot(output)
    for path, data in before.items():
        assert after.get(path) == data, f"{path} was touched"
    assert (output / "a-folder").is_dir() and (output / "a-link").is_symlink()
    assert any("a-folder" in warning and "left in place" in warning for warning in result.warnings)
    assert any("CNAME" in warning and "changed since" in warning for warning in result.warnings)
    assert not any(".git" in warning for warning in result.warnings), "a .git path is never even considered"


def test_an_old_format_manifest_never_deletes(tmp_path: Path) -> None:
    """The first manifest format listed paths without checksums: trusted to replace, never to delete."""
    site = site_with(["Kept Paper", "Old Paper"], tmp_path / "site")
    output = build_site(site).output
    write_files(output, {"CNAME": "hand.example.org\n"})
    (output / MANIFEST).write_text(json.dumps(sorted(p for p in snapshot(output) if p != MANIFEST)))
    site_with(["Kept Paper"], site)

    result = build_site(site)

    assert (output / "CNAME").read_text() == "hand.example.org\n"
    assert (output / "papers" / "old-paper" / "index.html").is_file()
    assert any("older manifest" in warning for warning in result.warnings)
    assert json.loads((output / MANIFEST).read_bytes())["format"] == 2
    again = build_site(site, use_cache=False)  # the new manifest no longer lists the old paper: it stays, unmentioned
    assert not any("old-paper" in warning for warning in again.warnings)


def test_a_generated_file_changed_by_hand_is_not_deleted_when_no_longer_produced(tmp_path: Path) -> None:
    site = site_with(["Kept Paper", "Dropped Paper"], tmp_path / "site")
    output = build_site(site).output
    page = output / "papers" / "dropped-paper" / "index.html"
    page.write_text("I edited this page by hand\n")
    site_with(["Kept Paper"], site)

    result = build_site(site)

    assert page.read_text() == "I edited this page by hand\n"
    assert any("dropped-paper/index.html" in w and "changed since" in w for w in result.warnings)
    assert not (output / "papers" / "dropped-paper" / "cite.bib").exists(), "its unchanged siblings go"


def test_a_manifest_entry_that_became_a_folder_or_link_is_left_alone(tmp_path: Path) -> None:
    site = site_with(["Kept Paper", "Dropped Paper"], tmp_path / "site")
    output = build_site(site).output
    victim = write_files(tmp_path / "victim", {"precious.txt": "keep me\n"})
    bib = output / "papers" / "dropped-paper" / "cite.bib"
    bib.unlink()
    bib.symlink_to(victim / "precious.txt")
    site_with(["Kept Paper"], site)

    build_site(site)

    assert bib.is_symlink() and (victim / "precious.txt").read_text() == "keep me\n"


def test_a_symbolic_link_where_a_folder_is_needed_is_refused_before_writing(tmp_path: Path) -> None:
    site = site_with(["Kept Paper"], tmp_path / "site")
    output = tmp_path / "out"
    outside = write_files(tmp_path / "elsewhere", {"keep.txt": "outside\n"})
    output.mkdir()
    (output / "papers").symlink_to(outside, target_is_directory=True)
    before = snapshot(output), snapshot(outside)

    result = run_cli("build", "--output", str(output), cwd=site)

    assert result.code == 1 and "Traceback" not in result.stderr
    assert "papers (a symbolic link where a folder is needed)" in result.stderr, result.stderr
    assert (snapshot(output), snapshot(outside)) == before


# --------------------------------------------------------------------------- names checked before writing


def test_a_static_name_too_long_with_the_temporary_suffix_is_refused_before_the_first_write(tmp_path: Path) -> None:
    """The issue's case: a content/static name that fits the file system alone but not with the suffix
    of the temporary file; formerly output/ was left half old, half new, the manifest already rewritten."""
    site = site_with(["Kept Paper"], tmp_path / "site")
    assert run_cli("build", cwd=site).code == 0
    output = site / "output"
    before = snapshot(output)
    site_with(["Kept Paper Revised"], site, **{f"content/static/{'n' * 245}.pdf": b"%PDF"})

    result = run_cli("build", cwd=site)

    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"output/{'n' * 245}.pdf: a name of 249 bytes is too long"), result.stderr
    assert snapshot(output) == before


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"a.html": b"1", "a.html/index.html": b"2"}, "both a file and a folder"),
        ({".git/config": b"x"}, "reserved"),
        ({"papers/.index.html.123.tmp": b"x"}, "reserved"),
        ({"deep/" + "d" * 250 + "/x.html": b"x"}, "too long"),
        ({"/".join(["segment" * 30] * 20) + "/x.html": b"x"}, "too long"),
    ],
)
def test_invalid_output_names_are_refused_before_anything_is_written(
    tmp_path: Path, files: dict[str, bytes], words: str
) -> None:
    output = tmp_path / "out"
    write_output([RenderedFile("index.html", b"old")], output)
    before = snapshot(output)
    with pytest.raises(SiteError, match=words):
        write_output(
            [RenderedFile("index.html", b"new"), *(RenderedFile(p, d) for p, d in files.items())],
            output,
            report=Report(),
        )
    assert snapshot(output) == before


def test_a_file_where_a_folder_is_needed_on_disk_is_refused(tmp_path: Path) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "papers").write_text("someone's file named papers\n")
    with pytest.raises(SiteError, match=r"papers \(a file where a folder is needed\)"):
        write_output([RenderedFile("papers/x/index.html", b"page")], output)
    assert (output / "papers").read_text() == "someone's file named papers\n"
    assert sorted(p.name for p in output.iterdir()) == ["papers"]
