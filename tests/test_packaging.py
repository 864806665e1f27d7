"""The package as PyPI would get it: python -m build makes an sdist and a wheel that pass
twine check, hold every module, theme and data file, and install into a fresh venv where
`scholarsite init` and `build` work.

The source is copied out of the checkout first (building writes build/ and *.egg-info),
and built offline with the installed setuptools (--no-isolation).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow
SOURCE_PARTS = ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in", "generator", "themes")


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done


def package_files(root: Path, *, under: str) -> set[str]:
    """Files a distribution must hold: every module and data file, without caches."""
    return {
        f"{under}{path.relative_to(root).as_posix()}"
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")
    }


@pytest.fixture(scope="module")
def distributions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for part in SOURCE_PARTS:
        origin = REPO_ROOT / part
        if origin.is_dir():
            shutil.copytree(origin, source / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / part)
    dist = work / "dist"
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source, cwd=work)
    return dist


def only(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    assert len(found) == 1, found
    return found[0]


def test_sdist_and_wheel_pass_twine_check(distributions: Path) -> None:
    files = [only(distributions, "*.tar.gz"), only(distributions, "*.whl")]
    done = run(sys.executable, "-m", "twine", "check", "--strict", *files, cwd=distributions)
    assert done.stdout.count("PASSED") == 2


def test_the_wheel_holds_every_module_theme_and_data_file(distributions: Path) -> None:
    with zipfile.ZipFile(only(distributions, "*.whl")) as wheel:
        names = set(wheel.namelist())
    wanted = package_files(REPO_ROOT / "generator", under="scholarsite/") | package_files(
        REPO_ROOT / "themes", under="scholarsite/_themes/"
    )
    assert wanted - names == set()
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)
    metadata = next(name for name in names if name.endswith(".dist-info/METADATA"))
    licence = next(name for name in names if name.endswith("licenses/LICENSE"))
    with zipfile.ZipFile(only(distributions, "*.whl")) as wheel:
        text = wheel.read(metadata).decode()
        assert "License-Expression: MIT" in text and wheel.read(licence).startswith(b"MIT License")


def test_the_sdist_holds_the_source_the_wheel_is_built_from(distributions: Path) -> None:
    sdist = only(distributions, "*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = (
        package_files(REPO_ROOT / "generator", under="generator/")
        | package_files(REPO_ROOT / "themes", under="themes/")
        | {"pyproject.toml", "README.md", "LICENSE"}
    )
    assert wanted - names == set()
    assert not any(name.startswith("tests/") for name in names)


def test_the_wheel_installs_into_a_fresh_venv_where_init_and_build_work(distributions: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # The dependencies come from this environment (no downloads); scholarsite itself only from the wheel.
    run(sys.executable, "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SCHOLARSITE_BASE_URL")}
    run(
        python,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-index",
        "--force-reinstall",
        "--quiet",
        only(distributions, "*.whl"),
        cwd=tmp_path,
        env=env,
    )
    where = run(python, "-c", "import scholarsite; print(scholarsite.__file__)", cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    scholarsite = venv / "bin" / "scholarsite"
    init = run(scholarsite, "init", "site", cwd=tmp_path, env=env)
    assert "note: seeds/sample-profile.txt is a sample profile" in init.stderr
    assert "note: .github/workflows/pages.yml:" in init.stderr  # installed from a local wheel file
    site = tmp_path / "site"
    built = run(scholarsite, "build", "--base-url", "https://ada.github.io/site/", cwd=site, env=env)
    assert built.stdout.startswith("Built ")
    home = BeautifulSoup((site / "output/index.html").read_bytes(), "html5lib")
    assert home.find("h1").get_text(strip=True) == "Ada Sample"
    assert (site / "output/static/style.css").is_file()
    checked = run(scholarsite, "check", cwd=site, env=env)
    assert checked.stdout.splitlines()[-1] == "All internal links in output/ work."
