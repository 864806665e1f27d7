"""The profile reader (`generator/read/seeds.py`, `generator/read/lines.py`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from scholarsite.errors import SiteError
from scholarsite.read import read_sources
from scholarsite.read.seeds import RawProfile, parse_author_line
from scholarsite.report import Report
from tests.conftest import SEED_PATH, parse_seed, sample_profile_text, seed_site

# A small profile with known line numbers; tests replace single lines to break it.
CLEAN_LINES = (
    "Ada Owner",  # 1
    "",  # 2
    "2 Papers",  # 3
    "",  # 4
    "LGNov 14, 2022",  # 5
    "First Title",  # 6
    "Ada Owner, Bob Brown",  # 7
    "Abstract one.",  # 8
    "",  # 9
    "CVNov 30, 2022",  # 10
    "Second Title",  # 11
    "",  # 12
    "Bob Brown et al.",  # 13
    "Abstract two.",  # 14
)


def lines_text(lines: tuple[str, ...] | list[str], final_newline: bool = True) -> str:
    return "\n".join(lines) + ("\n" if final_newline else "")


def with_line(number: int, text: str) -> str:
    """CLEAN_LINES with line `number` (1-based) replaced."""
    lines = list(CLEAN_LINES)
    lines[number - 1] = text
    return lines_text(lines)


def read_site_profile(tmp_path: Path, data: bytes) -> RawProfile:
    """Read `data` as seeds/x.txt through the real reading stage (decoding included)."""
    sources = read_sources(seed_site(tmp_path, data), Report())
    return sources.profiles[0]


def reader_error(tmp_path: Path, data: str | bytes) -> str:
    """The message of the SiteError the reading stage raises for this profile."""
    site = seed_site(tmp_path, data)
    with pytest.raises(SiteError) as raised:
        read_sources(site, Report())
    return raised.value.message


# --------------------------------------------------------------------------- the sample profile


@pytest.fixture(scope="module")
def sample() -> RawProfile:
    profile, _ = parse_seed(sample_profile_text(), "seeds/000_e37131867a2e8315.txt")
    return profile


def test_sample_has_ten_papers_and_declares_ten(sample: RawProfile) -> None:
    assert len(sample.papers) == 10
    assert sample.declared_count == 10
    assert sample.declared_line == 10


def test_sample_parses_without_warnings() -> None:
    _, warnings = parse_seed(sample_profile_text())
    assert warnings == []


def test_sample_owner_and_links(sample: RawProfile) -> None:
    assert sample.owner == "Qihua Zhou"
    assert sample.links == ("CV",)


def test_sample_primary_codes(sample: RawProfile) -> None:
    assert Counter(paper.codes[0] for paper in sample.papers) == {"LG": 2, "CV": 6, "IV": 1, "DC": 1}
    assert all(len(paper.codes) == 1 for paper in sample.papers)


def test_sample_years(sample: RawProfile) -> None:
    assert Counter(paper.date.year for paper in sample.papers) == {2022: 2, 2023: 4, 2024: 2, 2025: 2}


def test_sample_has_exactly_one_code_badge(sample: RawProfile) -> None:
    with_code = [paper for paper in sample.papers if "Code" in paper.badges]
    assert [paper.title for paper in with_code] == [
        "Coherent Video Inpainting Using Optical Flow-Guided Efficient Diffusion"
    ]
    assert with_code[0].date == dt.date(2024, 12, 1)


def test_sample_first_paper_fields_and_lines(sample: RawProfile) -> None:
    first = sample.papers[0]
    assert (first.line, first.title_line, first.authors_line, first.abstract_line) == (12, 13, 15, 17)
    assert first.codes == ("LG",)
    assert first.date == dt.date(2022, 11, 14)
    assert first.title == "Feature Correlation-guided Knowledge Transfer for Federated Self-supervised Learning"
    assert first.authors == ("Yi Liu", "Song Guo", "Jie Zhang")
    assert first.authors_truncated is True
    assert first.abstract[0].startswith("To eliminate the requirement of fully-labeled data")


def test_sample_keeps_latex_in_titles_verbatim(sample: RawProfile) -> None:
    assert any(paper.title.startswith("D$^{2}$MoE:") for paper in sample.papers)


def test_sample_every_author_line_is_truncated(sample: RawProfile) -> None:
    assert all(paper.authors_truncated and len(paper.authors) == 3 for paper in sample.papers)


def test_sample_metrics_in_order_with_label_value_unit(sample: RawProfile) -> None:
    assert [(m.label, m.value, m.unit) for m in sample.metrics] == [
        ("h-index", "18", ""),
        ("papers", "10", ""),
        ("citations", "91", ""),
        ("Novelty", "63", "%"),
        ("AI Score", "39", ""),
    ]
    assert [m.line for m in sample.metrics] == [4, 5, 6, 7, 8]


# --------------------------------------------------------------------------- headers


def test_cross_listed_codes_run_together_primary_first() -> None:
    profile, _ = parse_seed(with_line(5, "LGCVITNEMLMay 26, 2016"))
    paper = profile.papers[0]
    assert paper.codes == ("LG", "CV", "IT", "NE", "ML")
    assert paper.date == dt.date(2016, 5, 26)


def test_space_before_date_is_allowed() -> None:
    profile, _ = parse_seed(with_line(5, "SPLG Mar 31, 2021"))
    assert profile.papers[0].codes == ("SP", "LG")
    assert profile.papers[0].date == dt.date(2021, 3, 31)


@pytest.mark.parametrize("header", ["CVDec 1, 2024Code", "CVDec 1, 2024 Code"])
def test_trailing_badge_words_after_date(header: str) -> None:
    profile, _ = parse_seed(with_line(5, header))
    assert profile.papers[0].badges == ("Code",)
    assert profile.papers[0].date == dt.date(2024, 12, 1)


def test_leap_day_in_leap_year_is_a_real_date() -> None:
    profile, _ = parse_seed(with_line(5, "LGFeb 29, 2024"))
    assert profile.papers[0].date == dt.date(2024, 2, 29)


def test_papers_keep_source_order_in_reader() -> None:
    profile, _ = parse_seed(lines_text(CLEAN_LINES))
    assert [paper.title for paper in profile.papers] == ["First Title", "Second Title"]
    assert [paper.line for paper in profile.papers] == [5, 10]


def test_multi_line_abstract_kept_line_by_line() -> None:
    lines = list(CLEAN_LINES)
    lines[7:8] = ["Abstract one.", "", "Second paragraph."]
    profile, _ = parse_seed(lines_text(lines))
    assert profile.papers[0].abstract == ("Abstract one.", "Second paragraph.")


def test_title_starting_with_two_capitals_and_a_month_word_is_a_title() -> None:
    profile, _ = parse_seed(with_line(6, "AI May Not Be Enough: Limits of Automated Review"))
    assert profile.papers[0].title == "AI May Not Be Enough: Limits of Automated Review"


# --------------------------------------------------------------------------- tolerated variations


def test_bom_crlf_trailing_spaces_and_missing_final_newline_read_like_clean_text(tmp_path: Path) -> None:
    clean = read_site_profile(tmp_path / "clean", lines_text(CLEAN_LINES).encode())
    messy_text = "\ufeff" + "\r\n".join(line + "  " for line in CLEAN_LINES)  # no final newline
    messy = read_site_profile(tmp_path / "messy", messy_text.encode("utf-8"))
    assert messy == clean


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: "\ufeff" + text, id="bom"),
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r"), id="cr"),
        pytest.param(lambda text: text.replace("\n", " \t \n"), id="trailing-spaces"),
        pytest.param(lambda text: text.rstrip("\n"), id="no-final-newline"),
    ],
)
def test_each_tolerated_variation_alone(tmp_path: Path, variant: Callable[[str], str]) -> None:
    clean_text = lines_text(CLEAN_LINES)
    expected = read_site_profile(tmp_path / "clean", clean_text.encode())
    assert read_site_profile(tmp_path / "variant", variant(clean_text).encode()) == expected


def test_sample_with_bom_and_crlf_gives_the_same_papers(tmp_path: Path) -> None:
    text = sample_profile_text()
    plain = read_site_profile(tmp_path / "plain", text.encode())
    windows = read_site_profile(tmp_path / "windows", ("\ufeff" + text.replace("\n", "\r\n")).encode())
    assert windows == plain


# --------------------------------------------------------------------------- author lines


@pytest.mark.parametrize(
    ("line", "names", "truncated"),
    [
        ("Yonina C. Eldar", ("Yonina C. Eldar",), False),
        ("Yonina C. Eldar, Alan V. Oppenheim et al.", ("Yonina C. Eldar", "Alan V. Oppenheim"), True),
        ("J.-P. Serre, A. B. Smith", ("J.-P. Serre", "A. B. Smith"), False),
        ("Jean-Pierre Dupont, Anne-Marie Leclerc-Roy", ("Jean-Pierre Dupont", "Anne-Marie Leclerc-Roy"), False),
        ("Mary O'Neil, D'Arcy Thompson", ("Mary O'Neil", "D'Arcy Thompson"), False),
        ("张伟, 李小龙 et al.", ("张伟", "李小龙"), True),
        ("Иван Петров, Мария Кузнецова", ("Иван Петров", "Мария Кузнецова"), False),
        ("Γιώργος Παπαδόπουλος", ("Γιώργος Παπαδόπουλος",), False),
        ("محمد علي, 佐藤 健, 김민준", ("محمد علي", "佐藤 健", "김민준"), False),
        ("José Álvarez-Núñez, Søren Kierkegård", ("José Álvarez-Núñez", "Søren Kierkegård"), False),
        ("Ludwig van Beethoven, Vincent van Gogh", ("Ludwig van Beethoven", "Vincent van Gogh"), False),
        ("John Smith <john@example.org>, Jane Doe", ("John Smith", "Jane Doe"), False),
        ("Alice Smith and Bob Jones", ("Alice Smith", "Bob Jones"), False),
        ("Alice Smith, Bob Jones and Carol White", ("Alice Smith", "Bob Jones", "Carol White"), False),
        ("Alice Smith, Bob Jones, and Carol White", ("Alice Smith", "Bob Jones", "Carol White"), False),
        ("Alice Smith", ("Alice Smith",), False),
        ("Alice Smith, Bob Jones", ("Alice Smith", "Bob Jones"), False),
        ("Alice Smith, Bob Jones, Carol White", ("Alice Smith", "Bob Jones", "Carol White"), False),
        ("Yi Liu et al.", ("Yi Liu",), True),
        ("Yi Liu, Song Guo, Jie Zhang et al.", ("Yi Liu", "Song Guo", "Jie Zhang"), True),
    ],
)
def test_author_line_accepted(line: str, names: tuple[str, ...], truncated: bool) -> None:
    assert parse_author_line(line) == (names, truncated)


@pytest.mark.parametrize(
    "line",
    [
        "We propose a novel method for federated learning.",
        "In this paper, we study the convergence of stochastic gradient descent",
        "Results show that the method works.",
        "The Method Works Well.",
        "Deep Learning For Everything: A Survey",
        "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve",  # too many words for a name
        "et al.",
        "",
    ],
)
def test_prose_is_not_an_author_line(line: str) -> None:
    assert parse_author_line(line) is None


def test_author_line_with_names_is_kept_in_the_paper() -> None:
    profile, _ = parse_seed(with_line(7, "Yonina C. Eldar, Mary O'Neil and 张伟"))
    paper = profile.papers[0]
    assert paper.authors == ("Yonina C. Eldar", "Mary O'Neil", "张伟")
    assert paper.authors_truncated is False
    assert paper.authors_line == 7


# --------------------------------------------------------------------------- errors: file, line, what


def test_impossible_date_names_file_line_and_date(tmp_path: Path) -> None:
    message = reader_error(tmp_path, with_line(10, "CVNov 31, 2022"))
    assert message.startswith(f'{SEED_PATH}:10: invalid date "Nov 31, 2022"')
    assert "expected" in message


def test_impossible_date_in_a_sample_copy_points_at_its_line(tmp_path: Path) -> None:
    broken = sample_profile_text().replace("LGNov 14, 2022", "LGNov 31, 2022")
    assert 'x.txt:12: invalid date "Nov 31, 2022"' in reader_error(tmp_path, broken)


def test_feb_29_in_a_common_year_is_impossible(tmp_path: Path) -> None:
    assert reader_error(tmp_path, with_line(5, "LGFeb 29, 2023")).startswith(
        f'{SEED_PATH}:5: invalid date "Feb 29, 2023"'
    )


def test_header_with_no_title_before_next_header(tmp_path: Path) -> None:
    lines = list(CLEAN_LINES)
    lines[4:4] = ["IVJan 2, 2023", ""]  # a header at line 5 followed (after a blank) by the old header
    message = reader_error(tmp_path, lines_text(lines))
    assert message.startswith(f"{SEED_PATH}:5: paper header with no title")
    assert "expected a title" in message


def test_header_with_no_title_at_end_of_file(tmp_path: Path) -> None:
    message = reader_error(tmp_path, lines_text([*CLEAN_LINES, "", "DCApr 17, 2025"]))
    assert message.startswith(f"{SEED_PATH}:16: paper header with no title")


def test_prose_where_the_author_line_should_be(tmp_path: Path) -> None:
    message = reader_error(tmp_path, with_line(13, "We propose a novel method for learning."))
    assert message.startswith(f'{SEED_PATH}:13: not an author line: "We propose a novel method')
    assert "expected names" in message


def test_long_line_of_many_words_where_the_author_line_should_be(tmp_path: Path) -> None:
    long_line = " ".join(["Federated"] * 12)
    assert reader_error(tmp_path, with_line(7, long_line)).startswith(f"{SEED_PATH}:7: not an author line")


def test_title_with_no_author_line_at_all(tmp_path: Path) -> None:
    message = reader_error(tmp_path, lines_text(CLEAN_LINES[:11]))  # ends after "Second Title"
    assert message.startswith(f"{SEED_PATH}:11: paper has no author line")


def test_invalid_utf8_names_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    data = lines_text(CLEAN_LINES).encode().replace(b"Second Title", b"Second \xe9t\xe9 Title")
    message = reader_error(tmp_path, data)
    assert message.startswith(f"{SEED_PATH}:11: invalid UTF-8 byte 0xe9")
    assert "expected UTF-8 text" in message


@pytest.mark.parametrize("bad", [b"\xe9", b"\x00"], ids=["invalid-utf8", "nul"])
def test_bad_byte_line_number_with_cr_only_line_endings(tmp_path: Path, bad: bytes) -> None:
    data = lines_text(CLEAN_LINES).replace("\n", "\r").encode().replace(b"Second Title", b"Second " + bad + b" Title")
    assert reader_error(tmp_path, data).startswith(f"{SEED_PATH}:11: ")


def test_latin1_file_is_rejected_not_guessed(tmp_path: Path) -> None:
    data = lines_text(["René Owner", *CLEAN_LINES[1:]]).encode("latin-1")
    assert reader_error(tmp_path, data).startswith(f"{SEED_PATH}:1: invalid UTF-8")


def test_nul_byte_names_its_line(tmp_path: Path) -> None:
    data = lines_text(CLEAN_LINES).encode().replace(b"Abstract two.", b"Abstract\x00two.")
    message = reader_error(tmp_path, data)
    assert message.startswith(f"{SEED_PATH}:14: NUL byte")


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))  # first NUL on line 3
    assert reader_error(tmp_path, data).startswith(f"{SEED_PATH}:3: NUL byte")


def test_header_cut_short_in_the_middle(tmp_path: Path) -> None:
    lines = list(CLEAN_LINES)
    lines[8] = "LGMay 2"  # line 9, between the two papers
    message = reader_error(tmp_path, lines_text(lines))
    assert message.startswith(f'{SEED_PATH}:9: incomplete paper header "LGMay 2"')
    assert "expected" in message


@pytest.mark.parametrize("final_newline", [True, False], ids=["newline", "no-newline"])
@pytest.mark.parametrize("cut", ["LGMay 2", "LGMay", "LGCVMay 26, 20", "SPLG Mar 31,"])
def test_header_cut_short_at_end_of_file(tmp_path: Path, cut: str, final_newline: bool) -> None:
    text = lines_text([*CLEAN_LINES, "", cut], final_newline=final_newline)
    assert reader_error(tmp_path, text).startswith(f'{SEED_PATH}:16: incomplete paper header "{cut}"')


def test_sample_cut_inside_its_last_header(tmp_path: Path) -> None:
    text = sample_profile_text()
    cut_at = text.index("CVAug 20, 2025") + len("CVAug 2")
    line = text.count("\n", 0, cut_at) + 1
    assert reader_error(tmp_path, text[:cut_at]).startswith(f'{SEED_PATH}:{line}: incomplete paper header "CVAug 2"')


def test_empty_profile_is_an_error(tmp_path: Path) -> None:
    assert reader_error(tmp_path, "\n\n  \n").startswith(f"{SEED_PATH}:1: empty profile")


def test_no_profile_at_all_is_an_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    with pytest.raises(SiteError, match="no profile found"):
        read_sources(site, Report())


def test_declared_count_mismatch_is_a_warning_on_its_line() -> None:
    _, warnings = parse_seed(with_line(3, "3 Papers"))
    assert warnings == [f"{SEED_PATH}:3: profile declares 3 papers but 2 were found"]


def test_paper_without_abstract_is_a_warning_not_an_error() -> None:
    profile, warnings = parse_seed(lines_text(CLEAN_LINES[:13]))
    assert profile.papers[1].abstract == ()
    assert warnings == [f"{SEED_PATH}:13: paper has no abstract"]
