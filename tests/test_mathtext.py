"""Math as MathML Core draws it: styled letters as code points, accents that show, spaced functions."""

from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup

from scholarsite.model.mathstyle import styled_text, unstyled
from scholarsite.model.mathtext import math_text

MATH_ALPHANUMERICS = range(0x1D400, 0x1D800)


def mathml(source: str) -> BeautifulSoup:
    soup = BeautifulSoup(str(math_text(source).html), "html5lib")
    assert soup.find("math") is not None, f"no MathML for {source!r}"
    return soup


def test_mathbf_gives_bold_code_points_for_letters_and_digits_and_keeps_parentheses() -> None:
    soup = mathml(r"$\mathbf{(AR)^{2}}$")
    letters = [node.get_text() for node in soup.find_all(["mi", "mn"])]
    assert letters == ["\U0001d400", "\U0001d411", "\U0001d7d0"]  # 𝐀 𝐑 𝟐
    assert all(ord(char) in MATH_ALPHANUMERICS for char in "".join(letters))
    assert all(unicodedata.name(char).startswith("MATHEMATICAL BOLD") for char in "".join(letters))
    assert [node.get_text() for node in soup.find_all("mo")] == ["(", ")"]
    assert soup.find(attrs={"mathvariant": True}) is None  # ignored by MathML Core: never relied on


@pytest.mark.parametrize(
    ("source", "name"),
    [
        (r"$\boldsymbol{\alpha}$", "MATHEMATICAL BOLD ITALIC SMALL ALPHA"),
        (r"$\bm{x}$", "MATHEMATICAL BOLD ITALIC SMALL X"),
        (r"$\mathbb{R}$", "DOUBLE-STRUCK CAPITAL R"),
        (r"$\mathbb{E}$", "MATHEMATICAL DOUBLE-STRUCK CAPITAL E"),
        (r"$\mathcal{L}$", "SCRIPT CAPITAL L"),
        (r"$\mathcal{A}$", "MATHEMATICAL SCRIPT CAPITAL A"),
        (r"$\mathfrak{g}$", "MATHEMATICAL FRAKTUR SMALL G"),
        (r"$\mathsf{A}$", "MATHEMATICAL SANS-SERIF CAPITAL A"),
        (r"$\mathtt{x}$", "MATHEMATICAL MONOSPACE SMALL X"),
        (r"$\mathit{ab}$", "MATHEMATICAL ITALIC SMALL A"),
        (r"$\mathbf{\mathcal{A}}$", "MATHEMATICAL BOLD SCRIPT CAPITAL A"),
    ],
)
def test_every_alphabet_command_uses_unicode_letters(source: str, name: str) -> None:
    first = mathml(source).find("mi").get_text()[0]
    assert unicodedata.name(first) == name


def test_letterlike_holes_are_filled_from_the_letterlike_block() -> None:
    assert styled_text("h", "italic") == "\u210e"  # U+1D455 is reserved
    assert styled_text("BC", "script") == "\u212c\U0001d49e"
    assert unstyled(styled_text("Hello2", "bold")) == "Hello2"


def test_hat_uses_a_spacing_circumflex_that_is_not_stretched() -> None:
    mover = mathml(r"$\hat{\mathbf{x}}$").find("mover")
    assert mover["accent"] == "true"
    accent = mover.find_all(recursive=False)[1]
    assert accent.name == "mo" and accent.get_text() == "\u02c6" and accent["stretchy"] == "false"


@pytest.mark.parametrize(
    ("source", "mark"),
    [
        (r"$\tilde{x}$", "\u02dc"),
        (r"$\bar{x}$", "\u00af"),
        (r"$\vec{v}$", "\u2192"),
        (r"$\dot{z}$", "\u02d9"),
    ],
)
def test_every_accent_is_marked_as_an_accent(source: str, mark: str) -> None:
    mover = mathml(source).find("mover")
    assert mover["accent"] == "true"
    assert mover.find_all(recursive=False)[1].get_text() == mark


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        (r"$\|\mathbf{x}-\hat{\mathbf{x}}\|$", "‖𝐱−𝐱̂‖"),
        (r"$\tilde{x}$", "x̃"),
        (r"$\bar{y}$", "ȳ"),
        (r"$\vec{v}$", "v⃗"),
        (r"$\dot{z}$", "ż"),
        (r"$\overline{AB}$", "A̅B̅"),
        (r"$\mathbf{(AR)^{2}}$", "(𝐀𝐑)²"),
        (r"$n \log n$", "n log n"),
        (r"$n \log_2 n$", "n log₂ n"),
    ],
)
def test_plain_text_keeps_accents_and_styles(source: str, plain: str) -> None:
    assert math_text(source).plain == plain


def test_function_names_get_a_thin_space_either_side_but_not_before_a_parenthesis() -> None:
    row = mathml(r"$n \log n + \log(x)$").find("mrow")
    shapes = [(child.name, child.get("width")) for child in row.find_all(recursive=False)]
    assert shapes[:5] == [("mi", None), ("mspace", "0.1667em"), ("mi", None), ("mspace", "0.1667em"), ("mi", None)]
    log_paren = [name for name, _ in shapes[5:]]
    assert log_paren[:3] == ["mo", "mi", "mo"]  # "+ log (": no space is added between log and "("


def test_indexed_function_name_is_spaced_as_a_whole() -> None:
    row = mathml(r"$\log_2 n$").find("mrow")
    assert [child.name for child in row.find_all(recursive=False)] == ["msub", "mspace", "mi"]
