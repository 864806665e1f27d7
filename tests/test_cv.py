"""The CV from content/cv.yaml: schema errors with lines, the /cv/ page, and /cv.pdf read back with pdftotext."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from scholarsite.read.cv import PROFILE_KEYS
from tests.conftest import REPO_ROOT, SAMPLE_SEED, RunCli, build_site, load_model, read_html, run_cli
from tests.quality.profiles import CV_YAML, write_whole_site

pytest.importorskip("typst", reason="the PDF extra is not installed: pip install '.[pdf]'")
SECTIONS = [
    "Education",
    "Positions",
    "Awards",
    "Grants",
    "Publications",
    "Service",
    "Teaching",
    "Talks",
    "Students",
    "Skills",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cv")
    site = write_whole_site(root / "site", SAMPLE_SEED)
    return site, build_site(site, root / "out").output


def pdf_text(pdf: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: bash scripts/install-tools")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def test_the_pdf_has_every_paper_title_and_section_and_the_cjk_name(built: tuple[Path, Path]) -> None:
    site, output = built
    text = pdf_text(output / "cv.pdf")
    model, _ = load_model(site)
    for paper in model.profile.papers:
        assert paper.title.plain in text, paper.title.plain
    for title in SECTIONS:
        assert title in text, title
    assert "周启华 (Qihua Zhou)" in text
    for talk in ("Feature correlation in federated learning (sample)", "On-device mixture of experts (sample)"):
        assert talk in text
    assert "Distributed Systems (sample)" in text


@pytest.mark.slow
def test_the_pdf_is_pdf_a_2b_and_the_same_bytes_on_every_build(built: tuple[Path, Path], tmp_path: Path) -> None:
    site, output = built
    again = build_site(site, tmp_path / "again", use_cache=False).output
    assert (again / "cv.pdf").read_bytes() == (output / "cv.pdf").read_bytes()
    data = (output / "cv.pdf").read_bytes()
    assert data.startswith(b"%PDF-") and b"pdfaid:part" in data and b"pdfaid:conformance" in data


def test_the_html_cv_shows_the_same_sections_and_links_the_pdf(built: tuple[Path, Path]) -> None:
    _, output = built
    page = read_html(output / "cv/index.html")
    assert [h.get_text() for h in page.select("main h2")] == SECTIONS
    assert page.find("a", href="../cv.pdf") is not None
    owner = page.select("main .paper-list .owner")
    assert owner, "the owner is highlighted in the publications as on every paper list"
    talks = page.find("section", attrs={"aria-labelledby": "cv-7"})
    assert talks.find("a", href="../talks/federated-keynote/") is not None


def test_a_glyph_no_font_has_is_a_located_error(tmp_path: Path, cli: RunCli) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    (site / "content/cv.yaml").write_text(CV_YAML.replace("周启华 (Qihua Zhou)", "Qihua 🦄 Zhou"), encoding="utf-8")
    result = cli(REPO_ROOT, "build", "--site", str(site))
    assert result.code == 1 and "Traceback" not in result.stderr
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("content/cv.yaml:1: cannot typeset cv.pdf:") and "🦄" in error and "Noto Sans" in error
    assert not (site / "output").exists()


BROKEN_CV = """\
profile:
  name: Ada Owner
  rank: Professor
education:
  - {where: Somewhere}
awards: A prize
publications: some
"""


@pytest.mark.slow
def test_every_problem_of_a_malformed_cv_yaml_is_reported_at_its_line(tmp_path: Path, cli: RunCli) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    output = tmp_path / "out"
    assert cli(REPO_ROOT, "build", "--site", str(site), "--output", str(output)).code == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (site / "content/cv.yaml").write_text(BROKEN_CV, encoding="utf-8")
    result = cli(REPO_ROOT, "build", "--site", str(site), "--output", str(output))
    assert result.code == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        'content/cv.yaml:3: unknown key "rank"; expected one of: ' + ", ".join(PROFILE_KEYS),
        "content/cv.yaml:5: \"education.0\" is missing a required key: 'title'",
        'content/cv.yaml:6: "awards" has the wrong type; expected a list',
        "content/cv.yaml:7: \"publications\" has the value 'some'; expected one of: all, selected, none",
    ]
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_invalid_yaml_is_one_located_error(tmp_path: Path, cli: RunCli) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    (site / "content/cv.yaml").write_text("profile:\n  name: [unclosed\n", encoding="utf-8")
    result = cli(REPO_ROOT, "build", "--site", str(site))
    assert result.code == 1 and result.stderr.startswith("content/cv.yaml:") and "invalid YAML" in result.stderr


@pytest.mark.slow
def test_without_typst_the_html_cv_is_built_and_a_warning_says_how_to_get_the_pdf(tmp_path: Path) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    hidden = tmp_path / "no-typst"
    hidden.mkdir()
    (hidden / "typst.py").write_text('raise ImportError("typst is hidden for this test")\n', encoding="utf-8")
    result = run_cli("build", "--site", str(site), cwd=REPO_ROOT, env={"PYTHONPATH": f"{hidden}:{REPO_ROOT}"})
    assert result.code == 0, result.stderr
    assert (
        "content/cv.yaml: cv.pdf is not made: Typst is not installed; install the PDF extra: "
        "pip install 'scholarsite[pdf]'" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert (site / "output/cv/index.html").is_file() and not (site / "output/cv.pdf").exists()
    assert read_html(site / "output/cv/index.html").find("a", href="../cv.pdf") is None


@pytest.mark.slow
def test_a_pdf_of_ones_own_in_content_static_is_kept(tmp_path: Path) -> None:
    site = write_whole_site(tmp_path / "site", SAMPLE_SEED)
    (site / "content/static/cv.pdf").write_bytes(b"%PDF-1.4 my own\n")
    output = build_site(site, tmp_path / "out").output
    assert hashlib.sha256((output / "cv.pdf").read_bytes()).digest() == hashlib.sha256(b"%PDF-1.4 my own\n").digest()
