"""Reproducible builds (issue 10, part 3): the same inputs give byte-identical output/.

Two builds run in subprocesses that differ in everything that should not
matter: PYTHONHASHSEED, TZ, the locale (LC_ALL/LANG), the order the file
system lists the input files in (the files are created in a different order
and, through _runner.py, os.scandir/os.listdir return them shuffled), the
absolute path of the site folder, and the current date (the clock of the
second build runs years ahead, see _runner.py: the generator does not read
SOURCE_DATE_EPOCH, so nothing may depend on the clock at all). Their output
trees are compared file by file, `diff -r` style, hidden files included.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, SAMPLE_SEED, build_site
from tests.robustness.helpers import big_profile, run_build, snapshot, tree_diff, write_files

BASE_URL = "https://example.org/scholar/"
TEN_YEARS = 10 * 365.25 * 86400


def _available_locales() -> set[str]:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return set()
    return {name.lower().replace("utf-8", "utf8") for name in listed}


def other_locale() -> str:
    """A locale unlike C.UTF-8 (other month names, case rules, collation) when installed; else POSIX."""
    available = _available_locales()
    for wanted in ("tr_TR.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", "en_US.UTF-8"):
        if wanted.lower().replace("utf-8", "utf8") in available:
            return wanted
    return "POSIX"


def site_inputs() -> dict[str, str | bytes]:
    """A site using every kind of input: two profiles, a .bib file, site.yaml, every content kind,
    static files in folders, Unicode names (sorting and case folding differ between locales)."""
    repo_content = {
        p.relative_to(REPO_ROOT).as_posix(): p.read_bytes()
        for p in sorted((REPO_ROOT / "content").rglob("*"))
        if p.is_file()
    }
    return {
        "seeds/000_sample.txt": SAMPLE_SEED.read_bytes(),
        "seeds/010_member.txt": big_profile(60, owner="Ïlse Øster"),
        "seeds/020_refs.bib": (
            "@article{zed2021,\n  title = {{\\\"U}ber Zebras and \\'Eclairs},\n  author = {Zed, \\AA{}sa and "
            "Owner, Ada},\n  journal = {Journal of Things},\n  year = {2021},\n  month = mar,\n"
            "  doi = {10.1000/zebra},\n  keywords = {zebras, éclairs, Ärger}\n}\n"
        ),
        "site.yaml": (
            "title: Zürich Lab\ndescription: Reproducible things.\nhome: group\nowner: Qihua Zhou\n"
            "links:\n  github: example\n  email: lab@example.org\n"
            "nav:\n  - title: Blog\n    url: https://example.org/blog/\n"
            'author_aliases:\n  "Ruibing Li": "Ruibin Li"\nselected: []\n'
        ),
        **repo_content,
        "content/pages/zeta.md": "---\ntitle: Zeta\nnav_order: 2\n---\nZ page.\n",
        "content/pages/alpha.md": "---\ntitle: Ålpha\nnav_order: 2\n---\nA page.\n",
        "content/pages/istanbul.md": "---\ntitle: İstanbul ıi\nnav_order: 2\n---\nI page.\n",
        "content/news/2024-03-b.md": "---\ntitle: Second on the day\ndate: 2024-03-01\n---\nB.\n",
        "content/news/2024-03-a.md": "---\ntitle: First on the day\ndate: 2024-03-01\n---\nA.\n",
        "content/static/files/b.txt": "b\n",
        "content/static/files/a.txt": "a\n",
        "content/static/Ärger.txt": "umlaut\n",
    }


def _write_site(root: Path, reverse: bool) -> Path:
    files = site_inputs()
    order = sorted(files, reverse=reverse)
    return write_files(root, files, order=order)


# SOURCE_DATE_EPOCH is the same in both (were the generator to date anything, that is what it should use).
ENVIRONMENTS: dict[str, dict[str, str | None]] = {
    "first": {
        "PYTHONHASHSEED": "0",
        "TZ": "UTC",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
        "SOURCE_DATE_EPOCH": "1700000000",
    },
    "second": {
        "PYTHONHASHSEED": "4242",
        "TZ": "Pacific/Kiritimati",
        "LC_ALL": other_locale(),
        "LANG": other_locale(),
        "SOURCE_DATE_EPOCH": "1700000000",
        "ROBUSTNESS_SHUFFLE_LISTING": "99",
        "ROBUSTNESS_CLOCK_OFFSET": str(3.6 * 365.25 * 86400),
    },
}


def _build(tmp_path: Path, name: str, env: dict[str, str | None], reverse: bool) -> Path:
    site = _write_site(tmp_path / f"{name}-site-folder", reverse)
    output = tmp_path / f"{name}-out"
    result = run_build("--base-url", BASE_URL, "--output", str(output), cwd=site, env=env)
    assert result.returncode == 0, result.stderr
    return output


def assert_identical_trees(first: Path, second: Path) -> None:
    left, right = snapshot(first), snapshot(second)
    assert left == right, f"{first} and {second} differ:\n" + tree_diff(left, right, limit=20)
    if shutil.which("diff"):
        done = subprocess.run(["diff", "-r", str(first), str(second)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout[:2000]


def test_builds_in_different_environments_are_byte_identical(tmp_path: Path) -> None:
    first = _build(tmp_path, "first", ENVIRONMENTS["first"], reverse=False)
    second = _build(tmp_path, "second", ENVIRONMENTS["second"], reverse=True)
    tree = snapshot(first)
    assert len(tree) > 200 and "feed.xml" in tree and "sitemap.xml" in tree and "publications.bib" in tree
    assert_identical_trees(first, second)


def _date_spellings(day: dt.date) -> set[str]:
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return {
        day.isoformat(),
        day.strftime("%Y/%m/%d"),
        f"{months[day.month - 1]} {day.day}, {day.year}",
        f"{day.day} {day.strftime('%B')} {day.year}",
        day.strftime("%d.%m.%Y"),
    }


def test_nothing_depends_on_the_clock(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH unset in both builds, the second one's clock ten years ahead: the same bytes, and
    neither today's date nor the faked one appears anywhere (no "generated on", no build-time lastmod)."""
    env: dict[str, str | None] = {"PYTHONHASHSEED": "1", "TZ": "UTC", "SOURCE_DATE_EPOCH": None}
    now = _build(tmp_path, "now", env, reverse=False)
    later = _build(tmp_path, "later", {**env, "ROBUSTNESS_CLOCK_OFFSET": str(TEN_YEARS)}, reverse=False)
    assert_identical_trees(now, later)
    today = dt.date.today()
    spellings = {
        text
        for day in (
            today,
            today - dt.timedelta(days=1),
            today + dt.timedelta(days=1),
            today + dt.timedelta(days=round(TEN_YEARS / 86400)),
        )
        for text in _date_spellings(day)
    }
    for path, data in snapshot(later).items():
        text = data.decode("utf-8", errors="replace")
        found = sorted(spelling for spelling in spellings if spelling in text)
        assert not found, f"{path} holds the build date {found}"


def test_clock_offset_hook_really_moves_the_clock() -> None:
    """The test above is only worth something if _runner.py's clock really moves."""
    program = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import _runner\n"
        "_runner._shift_clock(float(os.environ['OFFSET']))\n"
        "import datetime, time\n"
        "print(datetime.date.today().year, datetime.datetime.now().year, time.localtime().tm_year,\n"
        "      time.gmtime().tm_year, datetime.datetime.fromtimestamp(time.time()).year)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env={"OFFSET": str(TEN_YEARS)}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert {int(word) for word in done.stdout.split()} == {dt.date.today().year + 10}, done.stdout


def test_listing_order_hook_really_shuffles(tmp_path: Path) -> None:
    """Likewise for the shuffled directory listings (os.listdir, os.scandir and so pathlib's glob)."""
    for number in range(30):
        (tmp_path / f"f{number:02d}.txt").write_text("x")
    program = (
        "import os, sys, pathlib\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "import _runner\n"
        "_runner._shuffle_listing(99)\n"
        f"folder = pathlib.Path({str(tmp_path)!r})\n"
        "print(' '.join(os.listdir(folder)))\n"
        "print(' '.join(p.name for p in folder.glob('*.txt')))\n"
        "print(' '.join(p.name for p in folder.iterdir()))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    expected = sorted(p.name for p in tmp_path.iterdir())
    for line in done.stdout.splitlines():
        names = line.split()
        assert sorted(names) == expected and names != expected, line


def test_an_incremental_build_equals_a_fresh_build(tmp_path: Path) -> None:
    """Build, edit the inputs, build, undo the edit, build again (with the build cache): the result must
    be the same bytes as one fresh build of the final inputs."""
    site = _write_site(tmp_path / "site", reverse=False)
    first = run_build("--base-url", BASE_URL, cwd=site)
    assert first.returncode == 0, first.stderr
    seed = site / "seeds/010_member.txt"
    original = seed.read_bytes()
    seed.write_bytes(original.replace(b"Scalable Systems", b"Scalable and Robust Systems"))
    (site / "content/pages/alpha.md").unlink()
    assert run_build("--base-url", BASE_URL, cwd=site).returncode == 0
    seed.write_bytes(original)
    write_files(site, {"content/pages/alpha.md": site_inputs()["content/pages/alpha.md"]})
    assert run_build("--base-url", BASE_URL, cwd=site).returncode == 0

    fresh = _build(tmp_path, "fresh", {}, reverse=False)
    assert_identical_trees(site / "output", fresh)


@pytest.mark.parametrize("workers", [2, 3])
def test_parallel_rendering_gives_the_same_bytes_as_serial(tmp_path: Path, workers: int) -> None:
    """The number of render processes depends on the machine (os.cpu_count()); the output must not."""
    import inspect

    from scholarsite.build import build

    if "workers" not in inspect.signature(build).parameters:
        pytest.skip("this generator renders in one process")
    site = write_files(tmp_path / "site", {"seeds/x.txt": big_profile(450)})
    serial = build_site(site, tmp_path / "serial", base_url=BASE_URL, workers=1, use_cache=False).output
    parallel = build_site(site, tmp_path / "parallel", base_url=BASE_URL, workers=workers, use_cache=False).output
    assert_identical_trees(serial, parallel)
