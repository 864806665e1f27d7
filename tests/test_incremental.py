"""The build cache: after any single edit a warm build equals a cold one, byte for byte,
and a build with nothing changed writes nothing."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from scholarsite.build import build
from tests.conftest import make_site, sample_profile_text

REPO = Path(__file__).resolve().parents[1]


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".scholarsite-manifest.json"
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def starting_site(root: Path) -> Path:
    site = make_site(
        root / "site",
        {
            "seeds/profile.txt": sample_profile_text(),
            "site.yaml": "title: Sample\n",
            "content/about.md": "Bio.",
            "content/papers/cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming.md": (
                "---\nvenue: Sample Conference\n---\nNotes."
            ),
            "content/authors/song-guo.md": "---\naffiliation: Sample University\n---\nBio of Song Guo.",
        },
    )
    css = site / "themes/default/static/style.css"
    css.parent.mkdir(parents=True)
    css.write_text((REPO / "themes/default/static/style.css").read_text(encoding="utf-8"), encoding="utf-8")
    paper = site / "themes/default/templates/paper.html"
    paper.parent.mkdir(parents=True)
    paper.write_text((REPO / "themes/default/templates/paper.html").read_text(encoding="utf-8"), encoding="utf-8")
    return site


def replace_in(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(site: Path) -> None:
        file = site / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


EDITS = {
    "seed paper title": replace_in("seeds/profile.txt", "Coherent Video Inpainting", "Coherent Video Painting"),
    "seed abstract": replace_in("seeds/profile.txt", "Brain-inspired", "Brain-like"),
    "paper override": replace_in(
        "content/papers/cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming.md",
        "Sample Conference",
        "Other Conference",
    ),
    "author override": replace_in("content/authors/song-guo.md", "Sample University", "Other University"),
    "alias in site.yaml": replace_in(
        "site.yaml", "title: Sample\n", "title: Sample\nauthor_aliases:\n  Ruibing Li: Ruibin Li\n"
    ),
    "site.yaml title": replace_in("site.yaml", "title: Sample", "title: Renamed"),
    "theme template": replace_in(
        "themes/default/templates/paper.html", '<h2 id="abstract">Abstract</h2>', '<h2 id="abstract">Summary</h2>'
    ),
    "theme css": replace_in("themes/default/static/style.css", "--accent: #1f4e8c;", "--accent: #1f4e8d;"),
    "new content page": lambda site: (
        (site / "content/pages").mkdir()
        or (site / "content/pages/teaching.md").write_text("---\ntitle: Teaching\n---\nCourses.", encoding="utf-8")
    ),
    "removed paper override": lambda site: (
        site / "content/papers/cadm-codec-aware-diffusion-modeling-for-neural-enhanced-video-streaming.md"
    ).unlink(),
}


# One edit stays in the fast loop; the other kinds of edit are end-to-end runs of the same path (marker slow).
@pytest.mark.parametrize(
    "edit", [pytest.param(e, marks=() if e == "site.yaml title" else pytest.mark.slow) for e in sorted(EDITS)]
)
def test_a_warm_build_after_one_edit_equals_a_cold_build(tmp_path: Path, edit: str) -> None:
    site = starting_site(tmp_path)
    warm = tmp_path / "warm"
    build(site, output_dir=warm)
    EDITS[edit](site)
    build(site, output_dir=warm)
    cold = tmp_path / "cold"
    build(site, output_dir=cold, use_cache=False)
    assert tree(warm) == tree(cold)


def test_a_build_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    before = mtimes(output)
    summary = build(site, output_dir=output)
    assert summary.written == 0
    assert mtimes(output) == before
    os.utime(site / "seeds/profile.txt")  # touched, not changed
    assert build(site, output_dir=output).written == 0
    assert mtimes(output) == before


@pytest.mark.slow
def test_a_file_deleted_from_output_by_hand_comes_back(tmp_path: Path) -> None:
    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    reference = tree(output)
    (output / "publications.bib").unlink()
    (output / "papers/index.html").write_text("edited by hand", encoding="utf-8")
    build(site, output_dir=output)
    assert tree(output) == reference


@pytest.mark.slow
def test_a_corrupt_cache_is_discarded_with_a_warning(tmp_path: Path) -> None:
    from scholarsite.report import Report

    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    reference = tree(output)
    (site / ".scholarsite-cache/pages.json").write_text("{not json", encoding="utf-8")
    report = Report()
    build(site, output_dir=output, report=report)
    assert any("corrupt or outdated build cache" in warning for warning in report.warnings)
    assert tree(output) == reference


def test_the_cache_folder_ignores_itself_in_git(tmp_path: Path) -> None:
    site = starting_site(tmp_path)
    build(site, output_dir=tmp_path / "out")
    assert (site / ".scholarsite-cache/.gitignore").read_text() == "*\n"


@pytest.mark.slow  # forks render workers for a site big enough to use them
def test_parallel_rendering_gives_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    from scholarsite.render.render import PARALLEL_MIN_PAGES

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    name = lambda n: f"{letters[n % 26]}{letters[n // 26 % 26].lower()}mo {letters[n // 676 % 26]}rtiz"  # noqa: E731
    blocks = []
    for number in range(300):
        month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")[number % 6]
        blocks.append(
            f"LGCV{month} {number % 28 + 1}, {2015 + number % 10}\nPaper number {number}\n"
            f"Owner Person, {name(2 * number)}, {name(2 * number + 1)}\nAbstract {number}.\n"
        )
    site = make_site(tmp_path / "big", {"seeds/p.txt": "Owner Person\n\n" + "\n".join(blocks)})
    one = build(site, output_dir=tmp_path / "one", use_cache=False, workers=1)
    assert one.pages >= PARALLEL_MIN_PAGES  # big enough to be split across processes
    build(site, output_dir=tmp_path / "two", use_cache=False, workers=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.slow
def test_an_edit_that_changes_no_indexed_page_runs_no_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scholarsite import search

    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    index = {path: stamp for path, stamp in mtimes(output).items() if path.startswith("pagefind/")}
    assert index
    EDITS["theme css"](site)
    EDITS["author override"](site)

    def no_pagefind(*args: object) -> None:
        raise AssertionError("Pagefind ran although no indexed page changed")

    monkeypatch.setattr(search, "_start_pagefind", no_pagefind)
    build(site, output_dir=output)
    assert {path: stamp for path, stamp in mtimes(output).items() if path.startswith("pagefind/")} == index
    monkeypatch.undo()
    build(site, output_dir=tmp_path / "cold", use_cache=False)
    assert tree(output) == tree(tmp_path / "cold")


@pytest.mark.slow
def test_the_kept_search_copies_are_checked_before_they_are_trusted(tmp_path: Path) -> None:
    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    copies = sorted((site / ".scholarsite-cache/search").rglob("*.html"))
    copies[0].write_text("<main>tampered</main>", encoding="utf-8")  # not as the last build left it
    (copies[1].parent / "stray.html").write_text("<main>stray words</main>", encoding="utf-8")
    EDITS["seed abstract"](site)
    build(site, output_dir=output)
    build(site, output_dir=tmp_path / "cold", use_cache=False)
    assert tree(output) == tree(tmp_path / "cold")


@pytest.mark.slow
def test_only_the_edited_paper_has_its_citations_formatted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarsite import citation_styles

    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    EDITS["seed paper title"](site)
    formatted = []
    real = citation_styles.citations
    monkeypatch.setattr(citation_styles, "citations", lambda item: formatted.append(item) or real(item))
    build(site, output_dir=output)
    assert [item["title"] for item in formatted] == [
        "Coherent Video Painting Using Optical Flow-Guided Efficient Diffusion"
    ]
    (site / ".scholarsite-cache/citations.json").write_text("{not json", encoding="utf-8")
    EDITS["seed abstract"](site)
    build(site, output_dir=output)  # a bad file is only a cache miss
    build(site, output_dir=tmp_path / "cold", use_cache=False)
    assert tree(output) == tree(tmp_path / "cold")


def test_the_preview_formats_again_only_the_edited_papers_citations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarsite import citation_styles
    from scholarsite.build import render_site, settings
    from scholarsite.render.cache import MemoryCache
    from scholarsite.report import Report

    site = starting_site(tmp_path)
    memory = MemoryCache()
    render_site(site, settings(site), report=Report(), memory=memory)
    EDITS["seed paper title"](site)
    formatted = []
    real = citation_styles.citations
    monkeypatch.setattr(citation_styles, "citations", lambda item: formatted.append(item) or real(item))
    render_site(site, settings(site), report=Report(), memory=memory)
    assert [item["title"] for item in formatted] == [
        "Coherent Video Painting Using Optical Flow-Guided Efficient Diffusion"
    ]


@pytest.mark.slow
def test_a_build_keeps_only_its_own_sites_citations(tmp_path: Path) -> None:
    import json

    first = starting_site(tmp_path / "a")
    build(first, output_dir=tmp_path / "a-out")
    second = make_site(
        tmp_path / "b",
        {
            "seeds/profile.txt": sample_profile_text().replace(
                "Dissecting Arbitrary-scale", "Retitled Arbitrary-scale"
            ),
            "site.yaml": "title: Other\n",
        },
    )
    build(second, output_dir=tmp_path / "b-out")
    kept = [
        json.loads((folder / ".scholarsite-cache/citations.json").read_text(encoding="utf-8"))["items"]
        for folder in (first, second)
    ]
    assert len(kept[0]) == len(kept[1]) == 10  # one per paper of each site, none carried over
    assert kept[0].keys() != kept[1].keys()


def test_a_theme_stylesheet_edit_copies_only_the_stylesheets_and_then_a_page_edit_renders_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarsite import build as build_module

    site = starting_site(tmp_path)
    output = tmp_path / "out"
    build(site, output_dir=output)
    citations = (site / ".scholarsite-cache/citations.json").read_bytes()
    before = mtimes(output)
    EDITS["theme css"](site)
    (site / "themes/default/static/extra-theme.js").write_text("// new\n", encoding="utf-8")

    def no_model(*args: object, **kwargs: object) -> None:
        raise AssertionError("the model was read although only the theme's static files changed")

    monkeypatch.setattr(build_module, "plan_site", no_model)
    summary = build(site, output_dir=output)
    monkeypatch.undo()
    changed = {path for path, stamp in mtimes(output).items() if before.get(path) != stamp}
    assert changed == {"static/style.css", "static/extra-theme.js", ".scholarsite-manifest.json"}
    assert summary.written == 2 and summary.pages > 0, "the summary still counts the site's pages"
    assert (site / ".scholarsite-cache/citations.json").read_bytes() == citations, "the formatted citations stay"

    (site / "themes/default/static/extra-theme.js").unlink()
    build(site, output_dir=output)
    assert not (output / "static/extra-theme.js").exists(), "a stylesheet no longer there is removed"
    assert build(site, output_dir=output).written == 0, "and then nothing changed"

    EDITS["seed paper title"](site)
    replace_in("themes/default/static/style.css", "--accent: #1f4e8d;", "--accent: #1f4e8e;")(site)
    build(site, output_dir=output)
    cold = tmp_path / "cold"
    build(site, output_dir=cold, use_cache=False)
    assert tree(output) == tree(cold)


def test_a_warm_build_renders_again_only_the_list_entries_of_the_edited_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarsite.render import environment

    site = starting_site(tmp_path)
    warm = tmp_path / "warm"
    build(site, output_dir=warm)
    assert (site / ".scholarsite-cache/entries.json").is_file()
    rendered: list[object] = []
    shared_pieces = environment._shared_pieces

    def counted(context: object, item: object, template_name: str, *rest: str) -> tuple[str, ...] | None:
        rendered.append(item)
        return shared_pieces(context, item, template_name, *rest)

    monkeypatch.setattr(environment, "_shared_pieces", counted)
    EDITS["seed abstract"](site)
    build(site, output_dir=warm)
    assert len(rendered) == 1, rendered  # the sample's lists show each paper with one template
    assert "Brain-like" in " ".join(str(line) for line in rendered[0].abstract)  # type: ignore[attr-defined]
    rendered.clear()
    EDITS["seed paper title"](site)  # the kept file holds the entries of the build before too
    build(site, output_dir=warm)
    assert [str(item.title).split(" Using")[0] for item in rendered] == ["Coherent Video Painting"]  # type: ignore[attr-defined]
    monkeypatch.undo()
    cold = tmp_path / "cold"
    build(site, output_dir=cold, use_cache=False)
    assert tree(warm) == tree(cold)


def test_kept_list_entries_from_other_code_or_a_damaged_file_are_not_used(tmp_path: Path) -> None:
    from scholarsite.render.cache import KeptEntries

    site = starting_site(tmp_path)
    build(site, output_dir=tmp_path / "out")
    file = site / ".scholarsite-cache/entries.json"
    kept = KeptEntries()
    kept.load(file)
    assert kept.entries and all(value[0] is None and value[1] for value in kept.entries.values())
    import json

    data = json.loads(file.read_text(encoding="utf-8"))
    file.write_text(json.dumps({**data, "code": "other"}), encoding="utf-8")
    other = KeptEntries()
    other.load(file)
    assert other.entries == {}
    file.write_text("{not json", encoding="utf-8")
    damaged = KeptEntries()
    damaged.load(file)
    assert damaged.entries == {}
    EDITS["seed abstract"](site)
    build(site, output_dir=tmp_path / "out")
    build(site, output_dir=tmp_path / "cold", use_cache=False)
    assert tree(tmp_path / "out") == tree(tmp_path / "cold")


def test_a_kept_entry_goes_once_sixteen_builds_in_a_row_did_not_show_it(tmp_path: Path) -> None:
    from scholarsite.render.cache import KeptEntries

    key = ("_paper_item.html", b"\x01\x02", "", "")
    first = KeptEntries()
    first.entries[key] = (None, ('<li><a href="', 'papers/x/">X</a></li>'))
    first.used.add(key)
    file = tmp_path / "entries.json"
    first.save(file)
    for builds in range(1, KeptEntries.MAX_AGE + 2):
        kept = KeptEntries()
        kept.load(file)
        kept.save(file)  # a build that showed other entries only
        again = KeptEntries()
        again.load(file)
        assert (key in again.entries) == (builds <= KeptEntries.MAX_AGE), builds
    assert first.entries[key][1] == ('<li><a href="', 'papers/x/">X</a></li>')


def test_a_build_digests_its_records_once_for_both_batches_of_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scholarsite.render import cache

    made: list[object] = []
    make = cache.Fingerprinter.__init__

    def counted(self: cache.Fingerprinter, theme: str, site: object) -> None:
        made.append(site)
        make(self, theme, site)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.Fingerprinter, "__init__", counted)
    site = starting_site(tmp_path)
    build(site, output_dir=tmp_path / "out")  # the paper pages first (for the search index), then the rest
    assert len(made) == 1
    EDITS["seed abstract"](site)
    build(site, output_dir=tmp_path / "out")
    assert len(made) == 2 and made[0] is not made[1]
