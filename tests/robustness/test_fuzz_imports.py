"""The import reader (seeds/<source>.yaml) cannot crash: arbitrary text, and mutations of a valid
file (lines deleted or swapped, values replaced by other YAML values, truncation), either parse or
give SiteErrors whose every location names the file and a line inside it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scholarsite.errors import SiteError, SiteErrors
from scholarsite.read.imports import parse_import
from tests.imported_site import CROSSREF, DBLP, OPENALEX
from tests.robustness.conftest import examples

SHOWN = "seeds/openalex.yaml"
VALID = [OPENALEX, CROSSREF, DBLP]
VALUES = [
    "1",
    "-1",
    "x",
    "true",
    "null",
    "[]",
    "{}",
    "[1, a]",
    "{a: 1}",
    "2016",
    "2016-13",
    '"2016-02-30"',
    "2016-05-26",
    "~",
    "!!binary aGk=",
    "&a x",
    "*a",
    '"}{@"',
    "1.5",
    "'  '",
    "[[[]]]",
    "{title: 1}",
]


def check(text: str) -> None:
    lines = text.count("\n") + 1
    try:
        parse_import(text, SHOWN)
    except SiteError as error:
        for problem in error.errors if isinstance(error, SiteErrors) else (error,):
            assert problem.location.path == SHOWN and 1 <= problem.location.line <= lines, problem.message


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(VALID)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "swap", "value", "truncate", "indent"]))
        if action == "delete" and len(lines) > 1:
            del lines[index]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "value" and ":" in lines[index]:
            lines[index] = lines[index].split(":", 1)[0] + ": " + draw(st.sampled_from(VALUES))
        elif action == "truncate":
            lines = lines[: index + 1]
        elif action == "indent":
            lines[index] = "  " + lines[index]
    return "\n".join(lines)


@given(mutated())
@examples(0.5)
def test_mutated_import_files_parse_or_give_located_errors(text: str) -> None:
    check(text)


@given(st.text(max_size=400))
@examples(0.5)
def test_arbitrary_text_parses_or_gives_located_errors(text: str) -> None:
    check(text.replace("\r", "\n"))
