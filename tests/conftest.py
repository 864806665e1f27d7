"""Helpers and fixtures for the core tests: tiny inline sites, builds, the CLI, parsed HTML.

Test modules import the plain helpers with `from tests.conftest import …`
(tests/ is a package, see tests/__init__.py); fixtures are found by pytest.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings as hypothesis_settings

# Temporary folders go to memory when it has room, unless TMPDIR says otherwise: a run makes and
# removes tens of thousands of small files, which cost about 0.3 ms each on a busy disk and a few µs
# on tmpfs. Set here, before any temporary folder is made, so subprocesses (the preview, Pagefind)
# and pytest's own folders follow. A small /dev/shm (containers give 64 MB) keeps the default.
_MEMORY = Path("/dev/shm")
if (
    "TMPDIR" not in os.environ
    and _MEMORY.is_dir()
    and os.access(_MEMORY, os.W_OK)
    and shutil.disk_usage(_MEMORY).free > 4 << 30
):
    os.environ["TMPDIR"] = str(_MEMORY)
    tempfile.tempdir = None  # look again
# Nothing a test run does is written into the checkout: no example database, and Hypothesis's
# other files (the constants it collects from the source, Unicode tables) go to a temporary folder.
# Hypothesis reads the variable when it first stores something, which is after this import.
if "HYPOTHESIS_STORAGE_DIRECTORY" not in os.environ:
    _hypothesis_storage = tempfile.mkdtemp(prefix="scholarsite-hypothesis-")
    os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = _hypothesis_storage
    atexit.register(shutil.rmtree, _hypothesis_storage, ignore_errors=True)
# Nor into the user's home: compiled templates go to a cache folder of this run (shared by its
# builds, as a user's builds share theirs), unless a test gives its own.
_user_cache = tempfile.mkdtemp(prefix="scholarsite-user-cache-")
os.environ["XDG_CACHE_HOME"] = _user_cache
atexit.register(shutil.rmtree, _user_cache, ignore_errors=True)
hypothesis_settings.register_profile("no-database", database=None)
hypothesis_settings.load_profile("no-database")

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # tests import each other as tests.conftest, tests.quality.profiles
    sys.path.insert(0, str(REPO_ROOT))

from scholarsite.build import build  # noqa: E402
from scholarsite.config import load_config  # noqa: E402
from scholarsite.model import Site  # noqa: E402
from scholarsite.model.assemble import assemble  # noqa: E402
from scholarsite.read import read_sources  # noqa: E402
from scholarsite.read.seeds import RawProfile, parse_profile  # noqa: E402
from scholarsite.report import BuildSummary, Report  # noqa: E402
from scholarsite.urls import INDEX, output_file  # noqa: E402

SAMPLE_SEED = REPO_ROOT / "seeds" / "000_e37131867a2e8315.txt"
SEED_PATH = "seeds/x.txt"  # where the one-profile test sites keep their profile


# --------------------------------------------------------------------------- sites on disk


def make_site(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write a site folder `tmp_path/site` holding `files` (relative path → text or bytes).

    Text is written as UTF-8 exactly as given (no newline translation), so
    tests control BOMs, CRLF and final newlines byte for byte.
    """
    site = tmp_path / "site"
    site.mkdir(parents=True, exist_ok=True)
    for relative, content in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return site


def paper_block(header: str, title: str, authors: str, *abstract: str) -> str:
    """One paper in the seed format; blank lines between its parts, as the sample has."""
    parts = [header, title, "", authors]
    if abstract:
        parts += ["", *abstract]
    return "\n".join(parts) + "\n\n"


def profile_text(owner: str, *papers: str, declared: int | None = None, preamble: Iterable[str] = ()) -> str:
    """A whole profile: owner line, optional link/metric lines, "N Papers", then the paper blocks."""
    count = len(papers) if declared is None else declared
    extra = list(preamble)
    head = [owner, "", *extra, *([""] if extra else []), f"{count} Papers", ""]  # "N Papers" on line 3 without preamble
    return "\n".join(head) + "\n" + "".join(papers)


def one_paper_profile(
    title: str = "A Study of Things", authors: str = "Ada Owner, Bob Brown et al.", header: str = "LGNov 14, 2022"
) -> str:
    """A minimal valid profile owned by "Ada Owner" with a single paper."""
    return profile_text("Ada Owner", paper_block(header, title, authors, "We study things."))


def seed_site(tmp_path: Path, seed: str | bytes, **extra: str | bytes) -> Path:
    """A site whose only input is the profile `seeds/x.txt`."""
    return make_site(tmp_path, {SEED_PATH: seed, **extra})


# --------------------------------------------------------------------------- running the generator


@dataclass(frozen=True)
class BuildResult:
    output: Path
    summary: BuildSummary
    warnings: list[str]


def build_site(site_dir: Path, output_dir: Path | None = None, **kwargs: object) -> BuildResult:
    """Build in-process with `scholarsite.build.build`; warnings are collected, not printed."""
    report = Report()
    summary = build(site_dir, output_dir=output_dir, report=report, **kwargs)  # type: ignore[arg-type]
    output = output_dir if output_dir is not None else site_dir / "output"
    return BuildResult(output, summary, list(report.warnings))


class CliResult(NamedTuple):
    code: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> RunCli:
    """`scholarsite ARGS` run in-process from `cwd` (same code as the console script, no start-up),
    with SCHOLARSITE_BASE_URL unset unless `env` sets it; argparse usage errors give code 2."""
    from scholarsite.cli import main

    def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> CliResult:
        monkeypatch.chdir(cwd)
        monkeypatch.delenv("SCHOLARSITE_BASE_URL", raising=False)
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exited:
            code = exited.code if isinstance(exited.code, int) else 1
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


def run_cli(
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    program: Iterable[str] | None = None,
) -> CliResult:
    """Run `python -m scholarsite ARGS` (or `program ARGS`) in a subprocess from `cwd`."""
    environment = {key: value for key, value in os.environ.items() if key != "SCHOLARSITE_BASE_URL"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), environment.get("PYTHONPATH")]))
    environment["PYTHONIOENCODING"] = "utf-8"
    environment.update(env or {})
    command = [*(program or [sys.executable, "-m", "scholarsite"]), *args]
    done = subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


# --------------------------------------------------------------------------- reading inputs in-process


def parse_seed(text: str, path: str = SEED_PATH) -> tuple[RawProfile, list[str]]:
    """Parse one profile text; returns the raw profile and the warnings it raised."""
    warnings: list[str] = []
    profile = parse_profile(text, path, lambda location, problem: warnings.append(f"{location}: {problem}"))
    return profile, warnings


def load_model(site_dir: Path) -> tuple[Site, list[str]]:
    """The content model of a site folder (read + assemble, nothing written)."""
    report = Report()
    site = assemble(read_sources(site_dir, report), load_config(site_dir), report)
    return site, list(report.warnings)


def sample_profile_text() -> str:
    """The repository's sample profile, exactly as committed."""
    return SAMPLE_SEED.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- looking at output


@lru_cache(maxsize=512)
def _parse_cached(path: str, mtime_ns: int, size: int, parser: str) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_bytes(), parser)


def parse_html(path: Path) -> BeautifulSoup:
    """The page at `path` parsed as a browser would (html5lib); cached while the file is unchanged.

    For what a browser makes of markup: safety tests, hostile input, the quality gates.
    Callers must not modify the returned tree.
    """
    stat = path.stat()
    return _parse_cached(str(path), stat.st_mtime_ns, stat.st_size, "html5lib")


def read_html(path: Path) -> BeautifulSoup:
    """The page at `path` parsed with lxml, several times faster than html5lib; cached while unchanged.

    For tests that read what a generated page says (text, links, attributes): the quality gates
    check that every page is valid HTML, and on valid HTML both parsers give the same elements.
    Callers must not modify the returned tree.
    """
    stat = path.stat()
    return _parse_cached(str(path), stat.st_mtime_ns, stat.st_size, "lxml")


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def page_path(output: Path, url_path: str) -> Path:
    """The file serving a site path such as "papers/x/" (directories serve index.html)."""
    return output / output_file(url_path)


EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "//")


def link_targets(soup: BeautifulSoup) -> list[str]:
    """Every href/src in the page (links, stylesheets, icons, images, scripts, forms)."""
    found: list[str] = []
    for tag in soup.find_all(True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
    return found


def resolve_link(output: Path, page: Path, link: str, base_path: str = "/") -> tuple[Path, str] | None:
    """The output file and #fragment an internal `link` on `page` leads to; None for external links.

    Relative links resolve from the page's folder, rooted links ("/x/") from
    `base_path`; "x/" means "x/index.html". Raises AssertionError when the link
    leaves the output folder.
    """
    if link.startswith(EXTERNAL_SCHEMES):
        return None
    path, _, fragment = link.partition("#")
    path = path.partition("?")[0]
    if not path:
        return page, fragment
    if path.startswith("/"):
        assert path.startswith(base_path), f"rooted link {link!r} outside the base path {base_path!r}"
        start, relative = output, path[len(base_path) :]
    else:
        start, relative = page.parent, path
    target = Path(os.path.normpath(start / relative))
    assert target == output or output in target.parents, f"{link!r} on {page} leaves the output folder"
    if path.endswith("/") or target.is_dir():
        target = target / INDEX
    return target, fragment


def broken_links(output: Path, base_path: str = "/") -> list[str]:
    """Internal links of every HTML page that lead to no file, or to a missing #id."""
    problems = []
    for page in html_files(output):
        for link in link_targets(parse_html(page)):
            resolved = resolve_link(output, page, link, base_path)
            if resolved is None:
                continue
            target, fragment = resolved
            shown = f"{page.relative_to(output)}: {link}"
            if not target.is_file():
                problems.append(f"{shown} (no file {target.relative_to(output)})")
            elif fragment and target.suffix == ".html" and parse_html(target).find(id=fragment) is None:
                problems.append(f"{shown} (no id {fragment!r})")
    return problems


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (hidden ones included), by relative path."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def main_text(soup: BeautifulSoup) -> str:
    """The visible text of <main>, whitespace collapsed."""
    main = soup.find("main")
    assert main is not None, "page has no <main>"
    return " ".join(main.get_text(" ").split())


# --------------------------------------------------------------------------- fixtures


def copy_sample_site(destination: Path) -> Path:
    """A site folder holding only the repository's sample profile (seeds/), nothing else.

    The repository root also carries site.yaml and content/ (later issues: aliases,
    Markdown pages); the core build is specified on the profile alone.
    """
    seeds = destination / "seeds"
    seeds.mkdir(parents=True)
    shutil.copy2(SAMPLE_SEED, seeds / SAMPLE_SEED.name)
    return destination


@pytest.fixture(scope="session")
def sample_site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample profile as a site of its own (do not modify)."""
    return copy_sample_site(tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="session")
def sample_output(sample_site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample profile's site, built once per session into a temporary folder (do not modify)."""
    output = tmp_path_factory.mktemp("sample-output") / "output"
    build_site(sample_site_dir, output_dir=output)
    return output


@pytest.fixture(scope="session")
def repo_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository root built as it is (sample profile plus whatever site.yaml/content it has)."""
    output = tmp_path_factory.mktemp("repo-output") / "output"
    build_site(REPO_ROOT, output_dir=output, use_cache=False)  # no .scholarsite-cache/ in the checkout
    return output


@pytest.fixture(scope="session")
def sample_model(sample_site_dir: Path) -> Site:
    """The content model of the sample profile alone."""
    site, _ = load_model(sample_site_dir)
    return site


# --------------------------------------------------------------------------- one browser for every test
CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def chromium_browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium driven by Playwright, one for the whole session.

    Playwright's sync API allows one running instance per thread, so every test that
    needs a browser shares this one (and opens its own context or page). Missing
    tools skip locally and fail under CI=true.
    """
    import os

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM_PATH.exists():
        message = "playwright or chromium missing; run scripts/install-tools"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


# --------------------------------------------------------------------------- the run's own cost
def pytest_collection_finish(session: pytest.Session) -> None:
    """Collected tests, imported modules and fixtures live as long as the run: moved out of the cycle
    collector's view, its collections while tests run look only at what the tests make."""
    gc.collect()
    gc.freeze()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the parsed pages before pytest's last cycle collections (five over the whole heap): with
    hundreds of parsed trees kept, those took seconds at the end of every run and every worker."""
    _parse_cached.cache_clear()


# --------------------------------------------------------------------------- markers for the fast loop
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser and slow tests, so `pytest -m "not browser and not slow"` is the fast loop.

    A test is `browser` when it lives in tests/quality/ or uses the shared Chromium;
    tests/robustness/ (fuzzing, kill tests, big inputs) is `slow`. Tests may also
    carry either marker explicitly: `slow` marks, beside external tools, the end-to-end
    builds (about 0.3 s or more) whose behaviour a faster test in the fast loop also exercises.
    """
    for item in items:
        parts = Path(str(item.fspath)).parts
        fixtures = getattr(item, "fixturenames", ())
        if "quality" in parts or "chromium_browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "robustness" in parts:
            item.add_marker(pytest.mark.slow)
