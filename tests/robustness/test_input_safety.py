"""Every input is a regular file of a sane size, or one located error (issue 13).

A named pipe or a device where an input belongs must neither hang the build
nor the preview; inputs over the documented size limits are refused before
they are read; a few hundred bytes of nested YAML aliases ("billion laughs")
in site.yaml, front matter, an import file or theme.yaml fail at once.
Each case: exit status 1, one `path[:line]: problem; expected …` line, no
traceback, output/ byte-for-byte unchanged.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from pathlib import Path

import pytest

from scholarsite.read.lines import MIB
from scholarsite.serve import Preview
from tests.conftest import run_cli
from tests.robustness.helpers import Paper, profile, snapshot, write_files

SEED = "seeds/x.txt"
LOCATED = re.compile(r"^(?P<path>[^\n:]+)(:(?P<line>\d+))?: [^\n]+; expected [^\n]+$")
GOOD_SEED = profile("Ada Owner", [Paper("LGJan 5, 2021", "A Paper", "Ada Owner, Bob Brown", ("Abstract.",))])


def nine_by_nine(first_key: str = "a") -> str:
    """The classic alias bomb: nine levels of nine aliases, 9^9 (387 million) strings once expanded."""
    keys = "abcdefghi"
    lines = [f'{first_key}: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, key in itertools.pairwise(keys):
        lines.append(f"{key}{first_key if first_key != 'a' else ''}: &{key} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


def built_site(tmp_path: Path, **files: str | bytes) -> tuple[Path, dict[str, bytes]]:
    site = write_files(tmp_path / "site", {SEED: GOOD_SEED, **files})
    first = run_cli("build", cwd=site)
    assert first.code == 0, first.stderr
    return site, snapshot(site / "output")


def assert_refused(site: Path, before: dict[str, bytes], path: str, words: str) -> str:
    result = run_cli("build", cwd=site)
    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning: ")]
    assert len(errors) == 1, result.stderr
    match = LOCATED.match(errors[0])
    assert match and match["path"] == path, errors[0]
    assert words in errors[0], errors[0]
    assert snapshot(site / "output") == before
    return errors[0]


# --------------------------------------------------------------------------- pipes and devices


@pytest.mark.parametrize(
    "where",
    [
        "seeds/y.txt",
        "seeds/refs.bib",
        "content/about.md",
        "content/pages/cv.md",
        "site.yaml",
        "content/static/cv.pdf",
        "themes/default/static/extra.css",
    ],
)
def test_a_named_pipe_among_the_inputs_is_a_located_error_not_a_hang(tmp_path: Path, where: str) -> None:
    site, before = built_site(tmp_path)
    (site / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site / where)  # nobody ever writes to it: reading it would block forever
    assert_refused(site, before, where, "is a named pipe (FIFO), not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_link_to_a_device_in_seeds_is_a_located_error(tmp_path: Path, device: str) -> None:
    site, before = built_site(tmp_path)
    (site / "seeds" / "y.txt").symlink_to(device)
    assert_refused(site, before, "seeds/y.txt", "is a character device, not a regular file")


def test_a_folder_named_like_a_profile_is_a_located_error(tmp_path: Path) -> None:
    site, before = built_site(tmp_path)
    (site / "seeds" / "y.txt").mkdir()
    assert_refused(site, before, "seeds/y.txt", "is a folder, not a regular file")


def test_the_preview_reports_a_pipe_and_keeps_serving(tmp_path: Path) -> None:
    site = write_files(tmp_path / "site", {SEED: GOOD_SEED})
    preview = Preview(site, None, None)
    assert preview.rebuild()
    os.mkfifo(site / "seeds" / "y.txt")
    assert not preview.rebuild()  # returns: no read blocked
    assert preview.error.startswith("seeds/y.txt: is a named pipe"), preview.error
    assert "index.html" in preview.snapshot, "the last good site is still served"


# --------------------------------------------------------------------------- size limits


@pytest.mark.parametrize(
    ("where", "limit"),
    [
        ("site.yaml", 1),
        ("content/pages/cv.md", 5),
        ("seeds/y.txt", 200),
        ("seeds/refs.bib", 200),
        ("content/static/film.mp4", 100),
    ],
)
def test_an_input_over_its_size_limit_is_refused_before_it_is_read(tmp_path: Path, where: str, limit: int) -> None:
    site, before = built_site(tmp_path)
    target = site / where
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as handle:  # sparse: no disk space, and nothing to read would fit in memory anyway
        handle.truncate(limit * MIB + 1)
    message = assert_refused(site, before, where, "the file is too large")
    assert f"expected at most {limit} MiB" in message, message


# --------------------------------------------------------------------------- YAML alias bombs


@pytest.mark.parametrize(
    ("where", "text", "line"),
    [
        ("site.yaml", nine_by_nine(), 2),
        ("content/pages/cv.md", "---\n" + nine_by_nine("title") + "---\nBody.\n", 3),
        ("seeds/scholar.yaml", nine_by_nine(), 2),
        ("site.yaml", "title: &loop [*loop]\n", 1),
    ],
)
def test_a_yaml_alias_bomb_fails_at_once_with_its_line(tmp_path: Path, where: str, text: str, line: int) -> None:
    site, before = built_site(tmp_path)
    write_files(site, {where: text})
    started = time.perf_counter()
    message = assert_refused(site, before, where, "YAML aliases (*name) expand to more than 100,000 values")
    print(f"{where}: {len(text.encode())} bytes refused in {time.perf_counter() - started:.2f} s")
    assert LOCATED.match(message)["line"] == str(line), message  # type: ignore[index]


def test_a_yaml_alias_bomb_in_theme_yaml_fails_at_once(tmp_path: Path) -> None:
    site, before = built_site(tmp_path, **{"site.yaml": "theme: bomb\n", "themes/bomb/theme.yaml": "description: x\n"})
    write_files(site, {"themes/bomb/theme.yaml": "description: x\n" + nine_by_nine("extends")})
    message = assert_refused(site, before, "themes/bomb/theme.yaml", "YAML aliases")
    assert ":3:" in message, message


def test_small_aliases_are_still_fine(tmp_path: Path) -> None:
    site = write_files(
        tmp_path / "site", {SEED: GOOD_SEED, "content/pages/cv.md": "---\ntitle: &t CV\ndescription: *t\n---\nBody.\n"}
    )
    result = run_cli("build", cwd=site)
    assert result.code == 0, result.stderr


def test_a_yaml_alias_bomb_in_the_last_import_stops_scholarsite_import_at_once(tmp_path: Path) -> None:
    """`scholarsite import` reads its previous seeds/<source>.yaml before any request."""
    from scholarsite.errors import SiteError
    from scholarsite.importers.seedfile import load

    stored = write_files(tmp_path, {"seeds/arxiv.yaml": nine_by_nine()}) / "seeds/arxiv.yaml"
    with pytest.raises(SiteError) as raised:
        load(stored, "seeds/arxiv.yaml")
    assert raised.value.message.startswith("seeds/arxiv.yaml:2: YAML aliases (*name) expand to more than"), (
        raised.value.message
    )
