"""Inputs that used to take time quadratic in their size: long BibTeX fields, nested Markdown brackets.

The big cases run under a generous `signal.alarm` guard instead of a timed
assertion: before the fix they took minutes, so they would trip it; after it
they take seconds on a busy machine.
"""

from __future__ import annotations

import random
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from pylatexenc.latex2text import LatexNodes2Text

from scholarsite.read.latex_pieces import MAX_LATEX, LinearDecoder, pieces
from tests.conftest import RunCli, build_site, make_site, one_paper_profile, page_path, parse_html

pytestmark = pytest.mark.slow  # megabyte inputs, timed against a guard
GUARD_SECONDS = 120
TWO_MB = 2_000_000
LATEX_WORDS = [
    "word",
    'M{\\"u}ller',
    "\\'e",
    "\\c c",
    "\\c{c}",
    "$x^2 + y$",
    "\\(a b\\)",
    "\\[ c d \\]",
    "{A B}",
    "{\\bf bold text}",
    "--",
    "---",
    "``q''",
    "~",
    "\\&",
    "\\$",
    "% a comment\n",
    "\\textbf{x y}",
    "\\emph {z}",
    "\\\\",
    "\\ ",
    "\n",
    "\n\n",
    "  ",
    "é",
    "{{Nested {deep} g}}",
    "\\url{http://x y}",
    "\\LaTeX{}",
    "\\v s",
    "$$ a b $$",
    "\\ss",
    "\\o{}",
    "state-of-the-art",
    "don't",
    "(1)",
]


@pytest.fixture
def alarm() -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {GUARD_SECONDS} s: quadratic again?")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(GUARD_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("seed", range(2))
def test_decoding_in_pieces_gives_what_decoding_whole_gives(seed: int) -> None:
    whole = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
    chooser = random.Random(seed)
    for _ in range(60):
        text = " ".join(chooser.choice(LATEX_WORDS) for _ in range(chooser.randint(1, 40)))
        expected = whole.latex_to_text(text)
        for size in (1, 7, 30):
            cut = list(pieces(text, size))
            assert "".join(cut) == text
            assert "".join(whole.latex_to_text(piece) for piece in cut) == expected, (text, size)


def test_long_fields_decode_as_short_ones_do() -> None:
    text = " ".join(random.Random(7).choice(LATEX_WORDS) for _ in range(4000))
    reference = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False).latex_to_text(text)
    decoder = LinearDecoder(math_mode="verbatim", keep_braced_groups=False)
    assert decoder.latex_to_text(text) == reference
    assert decoder.latex_to_text("{" + text + "}") == reference  # title = {{…}}: one group around it all


def _bib_site(tmp_path: Path, abstract: str) -> Path:
    entry = (
        f"@article{{big, title = {{A Very Long Abstract}}, year = {{2021}}, author = {{Ada Owner}},\n"
        f"  abstract = {{{abstract}}}}}\n"
    )
    return make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "seeds/refs.bib": entry})


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["plain", "braced", "accents"])
def test_two_megabyte_field_builds(tmp_path: Path, alarm: None, shape: str) -> None:
    # "accents": one LaTeX word in every 30 or so, well under MAX_LATEX for the whole field
    words = {"plain": "word ", "braced": "word ", "accents": 'M{\\"u}ller and ' + "plain words here " * 20}[shape]
    abstract = words * (TWO_MB // len(words))
    if shape == "braced":
        abstract = "{" + abstract + "}"
    result = build_site(_bib_site(tmp_path, abstract))
    paper = parse_html(page_path(result.output, "papers/a-very-long-abstract/"))
    text = paper.get_text()
    assert ("Müller and plain words here" if shape == "accents" else "word word word") in text


@pytest.mark.slow
def test_field_with_too_much_latex_is_a_located_warning(tmp_path: Path, cli: RunCli, alarm: None) -> None:
    abstract = "$x$ \\'e " * (TWO_MB // 8)
    site = _bib_site(tmp_path, abstract)
    result = cli(site, "build")
    assert result.code == 0, result.stderr
    assert (
        f"warning: seeds/refs.bib:1: skipped a BibTeX entry with more than {MAX_LATEX:,} characters of "
        "LaTeX markup in one field (expected fields of ordinary length)"
    ) in result.stderr
    assert not (site / "output/papers/a-very-long-abstract").exists()


BRACKETS = {
    "nested": "[" * 20_000 + "x" + "]" * 20_000,
    "unclosed": "[" * 20_000,
    "images": "![" * 20_000,
    "addresses": "[a](" * 20_000,
}


@pytest.mark.parametrize("shape", sorted(BRACKETS))
def test_markdown_bracket_bomb_is_a_located_error(tmp_path: Path, cli: RunCli, alarm: None, shape: str) -> None:
    page = "---\ntitle: Talks\n---\n\nAn ordinary first paragraph.\n\n" + BRACKETS[shape] + "\n"
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "content/pages/talks.md": page})
    result = cli(site, "build")
    assert result.code == 1
    assert result.stderr == (
        "content/pages/talks.md:7: too many nested or unclosed brackets for Markdown to read "
        "in reasonable time; expected brackets that close near where they open, or literal "
        "ones written as \\[ and \\]\n"
    )
    assert not (site / "output").exists()


def test_many_links_and_literal_brackets_still_build(tmp_path: Path, alarm: None) -> None:
    links = " ".join(f"[talk {n}](https://example.org/{n})" for n in range(3000))
    literal = "\\[" * 20_000
    page = f"---\ntitle: Talks\n---\n\n{links}\n\n{literal}\n"
    site = make_site(tmp_path, {"seeds/x.txt": one_paper_profile(), "content/pages/talks.md": page})
    soup = parse_html(page_path(build_site(site).output, "talks/"))
    assert len(soup.select('main a[href^="https://example.org/"]')) == 3000
    assert "[" * 100 in soup.get_text()
