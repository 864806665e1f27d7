"""The proof of the build cache: after any sequence of edits, a warm build equals a cold one.

A Hypothesis state machine keeps a small site as data (its papers, content files and
site.yaml keys), applies random edits to it, writes it out, and after every step builds
it three ways: warm into one output folder with the build cache, cold with no cache into
a fresh folder, and as the preview does, with one in-memory cache for the whole run. All
three must give the same files, byte for byte (the search index too), or the same error
when the edit made the site invalid; a failed warm build leaves its output as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from scholarsite.build import build, render_site
from scholarsite.build import settings as build_settings
from scholarsite.errors import SiteError
from scholarsite.model.slugs import slug_of
from scholarsite.render.cache import MemoryCache
from scholarsite.report import Report
from scholarsite.search import search_index, search_pages
from scholarsite.searchpreview import PreviewIndexer
from tests.test_incremental import tree

pytestmark = pytest.mark.slow  # each step builds the site three times and runs Pagefind

OWNER = "Ada Owner"
NAMES = ("Bob Brown", "Chen Li", "Dana Müller", "Émile Zola", "Farah Khan", "Gus Grant")
WORDS = ("Diffusion", "Graphs", "CaDM", "Learning", "$x^2$", "Video", "Robust", "Streaming", "Fields", "the")
CODES = ("LG", "CV", "CL", "IV", "RO", "SY")
MONTHS = ("Jan", "Feb", "Mar", "Jun", "Nov", "Dec")
PAGES = ("teaching", "talks-page", "misc")

titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
author_lists = st.tuples(st.lists(st.sampled_from(NAMES), max_size=3, unique=True), st.booleans())
dates = st.tuples(st.sampled_from(MONTHS), st.integers(1, 28), st.integers(2018, 2024))
texts = st.sampled_from(("Some words.", "Other *words* and `code`.", "# A heading\n\nA paragraph.", ""))
# site.yaml keys and values; the last ones are invalid, and every build must refuse them alike
YAML = {
    "title": ("Sample", "Renamed Site"),
    "citation_style": ("apa", "mla"),
    "group_by": ("year", "type"),
    "paginate": ("2", "0", "lots"),
    "base_url": ('"https://example.org/site/"',),
    "author_aliases": ("\n  Bob Brown: Robert Brown",),
    "nonsense_key": ("1",),
}


class Paper:
    def __init__(self, title: str, authors: tuple[list[str], bool], date: tuple[str, int, int], code: str) -> None:
        self.title, self.authors, self.date, self.code = title, authors, date, code

    def block(self, number: int) -> str:
        month, day, year = self.date
        names, cut = self.authors
        # The owner first, so the profile's papers are theirs; "et al." cuts the list.
        listed = ", ".join([OWNER, *names]) + (" et al." if cut else "")
        return f"{self.code}{month} {day}, {year}\n{self.title}\n\n{listed}\n\nAbstract of paper {number}.\n\n"


class WarmEqualsCold(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="scholarsite-stateful-"))
        self.site = self.root / "site"
        self.warm = self.root / "warm"
        self.papers: list[Paper] = []
        self.content: dict[str, str] = {}  # path under content/ → text
        self.yaml: dict[str, str] = {}
        self.memory = MemoryCache()
        self.indexer = PreviewIndexer(lambda index: None)
        self.builds = 0
        self.last_warm: dict[str, str] | None = None  # the warm output after its last good build

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------ edits
    @initialize(papers=st.lists(st.tuples(titles, author_lists, dates, st.sampled_from(CODES)), min_size=1, max_size=3))
    def start(self, papers: list[tuple[str, tuple[list[str], bool], tuple[str, int, int], str]]) -> None:
        self.papers = [Paper(*paper) for paper in papers]

    @rule(title=titles, authors=author_lists, date=dates, code=st.sampled_from(CODES))
    def add_paper(self, title: str, authors: tuple[list[str], bool], date: tuple[str, int, int], code: str) -> None:
        self.papers.append(Paper(title, authors, date, code))

    @precondition(lambda self: len(self.papers) > 1)
    @rule(data=st.data())
    def remove_paper(self, data: st.DataObject) -> None:
        self.papers.pop(data.draw(st.integers(0, len(self.papers) - 1)))

    @rule(data=st.data(), title=titles)
    def edit_title(self, data: st.DataObject, title: str) -> None:
        self._pick(data).title = title

    @rule(data=st.data(), authors=author_lists)
    def edit_authors(self, data: st.DataObject, authors: tuple[list[str], bool]) -> None:
        self._pick(data).authors = authors

    @rule(data=st.data(), date=dates)
    def edit_date(self, data: st.DataObject, date: tuple[str, int, int]) -> None:
        self._pick(data).date = date

    @rule(data=st.data())
    def impossible_date(self, data: st.DataObject) -> None:
        self._pick(data).date = ("Feb", 30, 2021)  # the seed is refused until the date is edited again

    @rule(data=st.data(), code=st.sampled_from(CODES))
    def edit_category(self, data: st.DataObject, code: str) -> None:
        self._pick(data).code = code

    @rule(name=st.sampled_from(PAGES), text=texts)
    def write_page(self, name: str, text: str) -> None:
        self.content[f"pages/{name}.md"] = f"---\ntitle: {name.title()}\n---\n{text}\n"

    @rule(text=texts)
    def write_about(self, text: str) -> None:
        self.content["about.md"] = text

    @rule(name=st.sampled_from(NAMES), text=texts)
    def write_author(self, name: str, text: str) -> None:
        self.content[f"authors/{slug_of(name, 'author')}.md"] = f"---\naffiliation: {name} Lab\n---\n{text}\n"

    @rule(data=st.data(), venue=st.sampled_from(("Sample Conference", "Journal of Things")))
    def write_paper_override(self, data: st.DataObject, venue: str) -> None:
        self.content[f"papers/{slug_of(self._pick(data).title, 'paper')}.md"] = f"---\nvenue: {venue}\n---\nNotes.\n"

    @precondition(lambda self: bool(self.content))
    @rule(data=st.data())
    def remove_content(self, data: st.DataObject) -> None:
        del self.content[data.draw(st.sampled_from(sorted(self.content)))]

    @rule(key=st.sampled_from(sorted(YAML)), data=st.data())
    def set_yaml(self, key: str, data: st.DataObject) -> None:
        self.yaml[key] = data.draw(st.sampled_from(YAML[key]))

    @precondition(lambda self: bool(self.yaml))
    @rule(data=st.data())
    def remove_yaml(self, data: st.DataObject) -> None:
        del self.yaml[data.draw(st.sampled_from(sorted(self.yaml)))]

    def _pick(self, data: st.DataObject) -> Paper:
        return self.papers[data.draw(st.integers(0, len(self.papers) - 1))]

    # ------------------------------------------------------------ the promise
    @invariant()
    def warm_equals_cold(self) -> None:
        if not self.papers:  # before the first step
            return
        self._write()
        self.builds += 1
        cold = self.root / f"cold-{self.builds}"
        cold_error = _error(lambda: build(self.site, output_dir=cold, use_cache=False, report=Report()))
        warm_error = _error(lambda: build(self.site, output_dir=self.warm, report=Report()))
        assert warm_error == cold_error
        if cold_error:
            if self.last_warm is not None:  # all or nothing: a failed build leaves the output as it was
                assert tree(self.warm) == self.last_warm
        else:
            expected = tree(cold)
            assert tree(self.warm) == expected
            self.last_warm = expected
            self._check_preview(expected)
        self._check_preview_error(cold_error)
        shutil.rmtree(cold, ignore_errors=True)

    def _check_preview(self, expected: dict[str, str]) -> None:
        """The preview's rebuild, with its in-memory caches kept across steps, serves the same files."""
        report = Report()
        made = render_site(self.site, build_settings(self.site, report=report), report=report, memory=self.memory)
        index = self.indexer.store.filled(
            search_index(search_pages(made.pages), made.files, report, store=self.indexer.store)
        )
        served = {file.path: file.data or b"" for file in made.files} | index
        assert {path: hashlib.sha256(data).hexdigest() for path, data in served.items()} == expected

    def _check_preview_error(self, cold_error: str) -> None:
        if not cold_error:
            return
        report = Report()
        error = _error(
            lambda: render_site(self.site, build_settings(self.site, report=report), report=report, memory=self.memory)
        )
        assert error == cold_error

    def _write(self) -> None:
        shutil.rmtree(self.site / "content", ignore_errors=True)
        seeds = self.site / "seeds"
        seeds.mkdir(parents=True, exist_ok=True)
        head = f"{OWNER}\n\n{len(self.papers)} Papers\n\n"
        (seeds / "profile.txt").write_text(
            head + "".join(p.block(n) for n, p in enumerate(self.papers)), encoding="utf-8"
        )
        for path, text in self.content.items():
            target = self.site / "content" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        lines = [f"{key}: {value}" for key, value in sorted(self.yaml.items())]
        (self.site / "site.yaml").write_text("\n".join(lines) + "\n" if lines else "", encoding="utf-8")


def _error(run: Callable[[], object]) -> str:
    """The error a build reports (its message, with path:line), or "" when it succeeds."""
    try:
        run()
    except SiteError as error:
        return str(error.message)
    return ""


WarmEqualsCold.TestCase.settings = settings(
    max_examples=8,
    stateful_step_count=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_warm_equals_cold = WarmEqualsCold.TestCase
