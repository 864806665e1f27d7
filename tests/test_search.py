"""The search index: made by build, managed by the writer, reproducible, invisible in the pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from scholarsite.searchbundle import SIGNATURE, _encode, reproducible
from tests.conftest import (
    RunCli,
    build_site,
    html_files,
    one_paper_profile,
    paper_block,
    profile_text,
    read_html,
    seed_site,
    tree_hashes,
)

MANIFEST = ".scholarsite-manifest.json"


def _manifest(output: Path) -> set[str]:
    recorded = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    return set(recorded["files"] if isinstance(recorded, dict) else recorded)  # a list, or {files: {path: …}}


def _bundle(output: Path) -> set[str]:
    return {path.relative_to(output).as_posix() for path in (output / "pagefind").rglob("*") if path.is_file()}


def test_build_writes_the_index_and_lists_it_in_the_manifest(sample_output: Path) -> None:
    bundle = _bundle(sample_output)
    assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/pagefind-entry.json"} <= bundle
    assert any(path.startswith("pagefind/fragment/") for path in bundle)
    assert sum(path.startswith("pagefind/filter/") for path in bundle) == 3  # year, type, category
    assert bundle <= _manifest(sample_output)
    entry = json.loads((sample_output / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 10  # one record per paper, nothing else


def test_no_ready_made_pagefind_interface_and_no_indexing_markup_in_the_pages(sample_output: Path) -> None:
    assert not any("-ui." in path for path in _bundle(sample_output))
    for page in html_files(sample_output):
        assert b"data-pagefind" not in page.read_bytes(), page
        assert b"pagefind.js" not in page.read_bytes(), page  # loaded by search.js only when search is opened


@pytest.mark.slow
def test_the_same_inputs_give_the_same_index(tmp_path: Path, sample_site_dir: Path, sample_output: Path) -> None:
    again = build_site(sample_site_dir, output_dir=tmp_path / "again", use_cache=False).output
    assert {k: v for k, v in tree_hashes(again).items() if k.startswith("pagefind/")} == {
        k: v for k, v in tree_hashes(sample_output).items() if k.startswith("pagefind/")
    }


def test_an_index_file_no_longer_made_is_removed(tmp_path: Path) -> None:
    two = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "Quantum Widgets", "Ada Owner", "About zebrafish."),
        paper_block("CVMay 2, 2021", "Classical Gadgets", "Ada Owner", "About axolotls."),
    )
    site = seed_site(tmp_path, two)
    output = build_site(site).output
    before = _bundle(output)
    (site / "seeds/x.txt").write_text(one_paper_profile(), encoding="utf-8")
    build_site(site)
    after = _bundle(output)
    assert before - after, "the index of two papers should differ from the index of one"
    assert after <= _manifest(output) and not (before - after) & _manifest(output)
    assert not any(path in after for path in before - after)


def test_a_site_without_papers_has_no_index(tmp_path: Path) -> None:
    site = seed_site(tmp_path, profile_text("Ada Owner"))
    result = build_site(site)
    assert not (result.output / "pagefind").exists()
    assert not [warning for warning in result.warnings if "search" in warning]


def _filter_file(name: str, values: list[tuple[str, list[int]]]) -> bytes:
    return gzip.compress(SIGNATURE + _encode([name, [[value, pages] for value, pages in values]]))


def _meta(filters: list[tuple[str, str]]) -> bytes:
    return gzip.compress(
        SIGNATURE + _encode(["1.5.2", [["en_1234567", 10]], [], [list(f) for f in filters], [], ["title"]])
    )


def test_filter_values_in_any_order_give_the_same_files() -> None:
    one = {
        "filter/en_aaaaaaa.pf_filter": _filter_file("year", [("2022", [0, 2]), ("2021", [1])]),
        "filter/en_bbbbbbb.pf_filter": _filter_file("type", [("Preprint", [0, 1, 2])]),
        "pagefind.en_cccccccccc.pf_meta": _meta([("year", "en_aaaaaaa"), ("type", "en_bbbbbbb")]),
        "pagefind-entry.json": b'{"languages":{"en":{"hash":"en_cccccccccc"}}}',
    }
    other = {
        "filter/en_ddddddd.pf_filter": _filter_file("year", [("2021", [1]), ("2022", [0, 2])]),
        "filter/en_bbbbbbb.pf_filter": _filter_file("type", [("Preprint", [0, 1, 2])]),
        "pagefind.en_eeeeeeeeee.pf_meta": _meta([("type", "en_bbbbbbb"), ("year", "en_ddddddd")]),
        "pagefind-entry.json": b'{"languages":{"en":{"hash":"en_eeeeeeeeee"}}}',
    }
    made = reproducible(one)
    assert made == reproducible(other)
    meta_name = next(path for path in made if path.endswith(".pf_meta"))
    assert meta_name.removeprefix("pagefind.").removesuffix(".pf_meta") in made["pagefind-entry.json"].decode()
    meta = gzip.decompress(made[meta_name])
    for path in made:
        if path.startswith("filter/"):
            assert path.removeprefix("filter/").removesuffix(".pf_filter").encode() in meta


def test_search_turned_off_gives_no_button_no_script_and_no_index(tmp_path: Path) -> None:
    site = seed_site(tmp_path, one_paper_profile())
    output = build_site(site).output
    assert _bundle(output)
    (site / "site.yaml").write_text("search: false\n", encoding="utf-8")
    result = build_site(site)
    assert not (output / "pagefind").exists(), "the index the last build made is removed"
    assert not any(path.startswith("pagefind/") for path in _manifest(output))
    assert not [warning for warning in result.warnings if "search" in warning.lower()]
    for page in html_files(output):
        parsed = read_html(page)
        assert parsed.select(".search-button") == [], page
        assert not [s for s in parsed.find_all("script") if "search.js" in s.get("src", "")], page
    home = read_html(output / "index.html")
    assert home.select(".scheme-toggle"), "the rest of the header is still there"

    (site / "site.yaml").write_text("search: true\n", encoding="utf-8")
    build_site(site)
    assert _bundle(output) and read_html(output / "index.html").select(".search-button")


def test_search_must_be_true_or_false(tmp_path: Path, cli: RunCli) -> None:
    site = seed_site(tmp_path, one_paper_profile(), **{"site.yaml": "title: T\nsearch: no thanks\n"})
    result = cli(site, "build")
    assert result.code == 1
    assert 'site.yaml:2: "search" has the wrong type; expected true or false' in result.stderr


def test_the_preview_drops_the_index_when_search_is_turned_off(tmp_path: Path) -> None:
    import asyncio
    import threading

    from bs4 import BeautifulSoup
    from tornado import ioloop

    from scholarsite.serve import Preview

    def index_made() -> None:  # the index thread ends, then hands its files over on the server's loop
        for thread in threading.enumerate():
            if thread.name == "search-index":
                thread.join(timeout=30)
        ioloop.IOLoop.current().run_sync(lambda: None)

    def preview_session() -> None:
        site = seed_site(tmp_path, one_paper_profile())
        preview = Preview(site, None, None)
        assert preview.rebuild()
        index_made()
        assert [path for path in preview.snapshot if path.startswith("pagefind/")]

        (site / "site.yaml").write_text("search: false\n", encoding="utf-8")
        assert preview.rebuild()
        assert not [thread for thread in threading.enumerate() if thread.name == "search-index"], "no index made"
        assert not [path for path in preview.snapshot if path.startswith("pagefind/")]
        home = BeautifulSoup(preview.snapshot["index.html"], "lxml")
        assert home.select(".search-button") == [] and home.select(".scheme-toggle")

    # The preview runs on an event loop of its own, as in `scholarsite serve`: this thread's may be
    # another test's (Playwright's), which must not be run from here.
    failures: list[BaseException] = []

    def in_own_loop() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            preview_session()
        except BaseException as failure:
            failures.append(failure)
        finally:
            asyncio.get_event_loop().close()

    session = threading.Thread(target=in_own_loop)
    session.start()
    session.join(timeout=120)
    if failures:
        raise failures[0]
    assert not session.is_alive()


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder `tempfile` makes temporary folders in, for this test only."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_pagefind_reads_links_to_the_kept_copies_and_a_build_leaves_no_temporary_folder(
    tmp_path: Path, temporary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from scholarsite import search

    linked: list[tuple[str, str]] = []
    link = os.link

    def seen(source: object, target: object) -> None:
        linked.append((os.fspath(source), os.fspath(target)))  # type: ignore[arg-type]
        link(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(search.os, "link", seen)
    site = seed_site(tmp_path / "site", one_paper_profile())
    output = build_site(site).output
    assert _bundle(output)
    assert [Path(source).relative_to(site).parts[0] for source, _ in linked] == [".scholarsite-cache"]
    assert list(temporary.iterdir()) == [], "the scratch folder is removed by the end of the build"

    def refused(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(search.os, "link", refused)
    again = build_site(site, tmp_path / "again").output  # a new output folder: the index is made again
    assert {k: v for k, v in tree_hashes(again).items() if k.startswith("pagefind/")} == {
        k: v for k, v in tree_hashes(output).items() if k.startswith("pagefind/")
    }, "copies where links fail give the same index"
    assert list(temporary.iterdir()) == []


def test_a_template_error_while_pagefind_runs_stops_it_and_leaves_no_temporary_folder(
    tmp_path: Path, temporary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    from scholarsite import search
    from scholarsite.errors import SiteError

    runs: list[subprocess.Popen[bytes]] = []
    start = search._start_pagefind

    def kept(*args: object) -> object:
        run = start(*args)  # type: ignore[arg-type]
        assert run is not None
        runs.append(run)
        return run

    monkeypatch.setattr(search, "_start_pagefind", kept)
    site = seed_site(
        tmp_path / "site",
        one_paper_profile(),
        **{"themes/default/templates/author.html": "{% extends 'base.html' %}{% block main %}{{ x.y }}{% endblock %}"},
    )
    with pytest.raises(SiteError) as caught:
        build_site(site)
    assert "author.html" in str(caught.value.location)
    assert len(runs) == 1 and runs[0].returncode is not None, "Pagefind was started with the paper pages and ended"
    assert list(temporary.iterdir()) == []
    assert not (site / "output").exists()
