"""cv.pdf is typeset again only when what Typst reads changed: kept in .scholarsite-cache/ between
builds and in memory for the preview, always the bytes a build without any cache makes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scholarsite import cvpdf
from tests.conftest import SAMPLE_SEED, build_site
from tests.quality.profiles import write_whole_site

pytest.importorskip("typst", reason="the PDF extra is not installed: pip install '.[pdf]'")


@pytest.fixture
def typesettings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Counts the times Typst really runs; the in-memory copy is dropped before and after each test."""
    calls: list[str] = []
    compile_ = cvpdf._compile

    def counted(data: str, source: str) -> bytes:
        calls.append(source)
        return compile_(data, source)

    monkeypatch.setattr(cvpdf, "_compile", counted)
    cvpdf._pdf.cache_clear()
    yield calls
    cvpdf._pdf.cache_clear()


@pytest.mark.slow
def test_a_build_that_leaves_the_cv_as_it_was_does_not_typeset_it_again(
    tmp_path: Path, typesettings: list[str]
) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    first = (build_site(site, tmp_path / "out").output / "cv.pdf").read_bytes()
    assert len(typesettings) == 1
    kept = list((site / ".scholarsite-cache").glob("cv-*.pdf"))
    assert len(kept) == 1 and kept[0].read_bytes() == first

    cvpdf._pdf.cache_clear()  # a new process: only the disk copy is left
    about = site / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    second = (build_site(site, tmp_path / "out").output / "cv.pdf").read_bytes()
    assert len(typesettings) == 1, "the about page is not in the CV"
    assert second == first

    cv_yaml = site / "content/cv.yaml"
    cv_yaml.write_text(cv_yaml.read_text(encoding="utf-8").replace("Qihua Zhou", "Qihua Q. Zhou", 1), encoding="utf-8")
    third = (build_site(site, tmp_path / "out").output / "cv.pdf").read_bytes()
    assert len(typesettings) == 2 and third != first
    assert [path.name for path in (site / ".scholarsite-cache").glob("cv-*.pdf")] != [kept[0].name], (
        "only the newest CV is kept"
    )
    assert len(list((site / ".scholarsite-cache").glob("cv-*.pdf"))) == 1

    cvpdf._pdf.cache_clear()
    fresh = (build_site(site, tmp_path / "fresh", use_cache=False).output / "cv.pdf").read_bytes()
    assert len(typesettings) == 3 and fresh == third, "the kept PDF is the bytes of a build without cache"


def test_a_damaged_kept_pdf_is_typeset_again(tmp_path: Path, typesettings: list[str]) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    good = (build_site(site, tmp_path / "out").output / "cv.pdf").read_bytes()
    (kept,) = (site / ".scholarsite-cache").glob("cv-*.pdf")
    kept.write_bytes(good[: len(good) // 2])  # cut short, as by a full disk
    cvpdf._pdf.cache_clear()
    about = site / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nAnother sentence.\n", encoding="utf-8")
    assert (build_site(site, tmp_path / "out").output / "cv.pdf").read_bytes() == good
    assert len(typesettings) == 2
    assert kept.read_bytes() == good


@pytest.mark.slow
def test_the_preview_typesets_only_when_the_cv_changed(tmp_path: Path, typesettings: list[str]) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    for _ in range(2):  # no build cache, as in `serve`: the copy in memory is used
        build_site(site, tmp_path / "out", use_cache=False)
    assert len(typesettings) == 1
    assert not (site / ".scholarsite-cache").exists()
