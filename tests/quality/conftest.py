"""Session fixtures for the quality gates: one browser, built sites, local servers."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import gates
import profiles

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

# 404.html links from the site's base path, so every site is built for a
# GitHub Pages project site and served under /repo/ like one.
BASE_URL = "https://example.org/repo/"


@dataclass
class Build:
    """Result of one ``python -m scholarsite build`` run."""

    output: Path
    returncode: int
    log: str


class BuiltSites:
    """Builds each site on first use, serves it under /repo/, and remembers both.

    Building lazily keeps a run of only the self tests free of generator work;
    remembering failures means a broken build is reported once per test with
    the generator's own output instead of being rebuilt again and again.
    """

    def __init__(self, workdir: Path, stack: contextlib.ExitStack) -> None:
        self._workdir = workdir
        self._stack = stack
        self._builds: dict[str, Build] = {}
        self._urls: dict[str, str] = {}

    def _build(self, name: str) -> Build:
        if name == "sample":
            site = gates.REPO_ROOT
        else:
            site = profiles.write_site(profiles.PROFILES[name], self._workdir / name / "site")
        output = self._workdir / name / "output"
        # The checkout is the sample site: --no-cache keeps the build cache out of it.
        keep_out = ["--no-cache"] if site == gates.REPO_ROOT else []
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "scholarsite",
                "build",
                "--site",
                str(site),
                "--output",
                str(output),
                "--base-url",
                BASE_URL,
                *keep_out,
            ],
            cwd=gates.REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        return Build(output, run.returncode, (run.stdout + run.stderr).strip())

    def output(self, name: str) -> Path:
        """The built output directory; fails the calling test if the build failed."""
        if name not in self._builds:
            self._builds[name] = self._build(name)
        build = self._builds[name]
        if build.returncode != 0 or not (build.output / "index.html").is_file():
            pytest.fail(f"building site {name!r} failed (exit {build.returncode}):\n{build.log[-4000:]}", pytrace=False)
        return build.output

    def url(self, name: str) -> str:
        """Base URL (``http://127.0.0.1:PORT/repo/``) of the served site."""
        if name not in self._urls:
            self._urls[name] = self._stack.enter_context(gates.serve_under_subpath(self.output(name)))
        return self._urls[name]


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSites]:
    with contextlib.ExitStack() as stack:
        yield BuiltSites(tmp_path_factory.mktemp("sites"), stack)


@pytest.fixture(scope="session")
def browser(chromium_browser: Browser) -> Browser:
    """The session's one headless Chromium (tests/conftest.py); contexts isolate the tests."""
    gates.require("chromium")
    return chromium_browser


@pytest.fixture(scope="session")
def contexts(browser: Browser) -> Iterator[dict[tuple[str, str], BrowserContext]]:
    """Reusable contexts keyed by (``"phone"``/``"desktop"``, colour scheme)."""
    sizes = {"phone": gates.PHONE, "desktop": gates.DESKTOP}
    made = {
        (size, scheme): gates.new_context(browser, viewport, scheme)
        for size, viewport in sizes.items()
        for scheme in ("light", "dark")
    }
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def tabs(contexts: dict[tuple[str, str], BrowserContext]) -> dict[tuple[str, str], gates.PageWatch]:
    """One watched page per context, reused across sites: opening pages is the slow part."""
    return {key: gates.watch(context.new_page()) for key, context in contexts.items()}
