"""The profile reader: `seeds/*.txt` → RawProfile.

The format is the text a researcher copies out of a profile page:

    Owner Name                      line 1
    CV                              link labels (short word lines, no digits)
    h-index18 / 91citations         metrics, LABEL NUMBER[%] or NUMBER LABEL, run together
    10 Papers                       the declared paper count
    LGCVNov 14, 2022Code            a paper header: codes, date, optional badges
    Title                           one line
    A. Author, B. Author et al.     the visible first authors
    Abstract …                      until the next header

This module knows the text format and nothing about pages. Every field keeps
the line it came from, so later stages can point at it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..errors import SiteError, SourceLocation
from ..words import counted, noun
from .lines import numbered_lines

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = "|".join(MONTHS)
HEADER = re.compile(
    rf"^(?P<codes>(?:[A-Z]{{2}})+) ?(?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{4}})"
    r"(?P<badges>(?: ?[A-Z][A-Za-z]{0,30}){0,3})$"
)
# Codes followed by a month name: anything that starts like this must be a whole header.
HEADER_START = re.compile(rf"^(?:[A-Z]{{2}})+ ?(?:{_MONTH})(?: \d|,|$)")
DECLARED_COUNT = re.compile(r"^(?P<count>\d[\d,]{0,12}) Papers?$")
METRIC_LABEL_FIRST = re.compile(r"^(?P<label>\D*\D)(?<! )(?P<value>\d+(?:[.,]\d+)*)(?P<unit>%?)$")
METRIC_VALUE_FIRST = re.compile(r"^(?P<value>\d+(?:[.,]\d+)*)(?P<unit>%?)(?P<label>[^\d\s]\D*)$")
LINK_LABEL = re.compile(r"^\D{1,40}$")

ET_AL = re.compile(r",? et al\.?$")
EMAIL = re.compile(r"\s*<[^<>\s@]+@[^<>\s@]+>")
INITIALS = re.compile(r"^(?:\w\.)+(?:-(?:\w\.)+)*$|^(?:Jr|Sr|St|Ste|Dr|Mc)\.$")
NAME_PARTICLES = frozenset(
    "van von der den de del della dei di da das do dos du la le les lo ter ten zu y e bin ibn al el ben af".split()
)
BADGE_SPLIT = re.compile(r"\s+|(?<=[a-z])(?=[A-Z])")
FORBIDDEN_IN_NAME = re.compile(r"[;:!?=()\[\]{}|\d。，、；：？！]")
MAX_NAME_LENGTH = 60
MAX_NAME_WORDS = 8


@dataclass(frozen=True, slots=True)
class RawMetric:
    label: str
    value: str
    unit: str
    line: int


@dataclass(frozen=True, slots=True)
class RawPaper:
    """One paper block; `*_line` fields are 1-based line numbers in the profile file."""

    line: int
    codes: tuple[str, ...]
    date: dt.date
    badges: tuple[str, ...]
    title: str
    title_line: int
    authors: tuple[str, ...]
    authors_line: int
    authors_truncated: bool
    abstract: tuple[str, ...]
    abstract_line: int


@dataclass(frozen=True, slots=True)
class RawProfile:
    path: str
    owner: str
    links: tuple[str, ...]
    metrics: tuple[RawMetric, ...]
    declared_count: int | None
    declared_line: int
    papers: tuple[RawPaper, ...]


def parse_author_line(text: str) -> tuple[tuple[str, ...], bool] | None:
    """The names on an author line and whether it ends in "et al."; None when it is prose."""
    truncated = bool(ET_AL.search(text))
    body = ET_AL.sub("", text).strip() if truncated else text.strip()
    if not body:
        return None
    parts = body.split(", ")
    if " and " in parts[-1]:
        head, _, tail = parts[-1].rpartition(" and ")
        parts[-1:] = [head, tail]
    names = tuple(part.strip().removeprefix("and ").strip() for part in parts)
    if not all(_is_name(name) for name in names):
        return None
    # An address in angle brackets identifies, but is not part of, the name; it is not published.
    return tuple(" ".join(EMAIL.sub("", name).split()) for name in names), truncated


def _is_name(name: str) -> bool:
    bare = EMAIL.sub("", name).strip()
    words = bare.split()
    if not words or len(words) > MAX_NAME_WORDS or len(bare) > MAX_NAME_LENGTH or FORBIDDEN_IN_NAME.search(bare):
        return False
    for word in words:
        if word.endswith(".") and not INITIALS.match(word):
            return False  # a full stop after a word: the end of a sentence, not a name
        if word[0].islower() and word not in NAME_PARTICLES:
            return False  # lower-case words are prose ("we propose a …", "мы предлагаем …")
    return any(word[0].isalpha() for word in words)


def _header_date(match: re.Match[str], location: SourceLocation) -> dt.date:
    month = MONTHS.index(match["month"]) + 1
    try:
        return dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        raw = f"{match['month']} {match['day']}, {match['year']}"
        raise SiteError(location, f'invalid date "{raw}"', 'a real calendar date like "Nov 14, 2022"') from None


def _check_not_cut_header(number: int, line: str, path: str) -> None:
    if HEADER_START.match(line) and not HEADER.match(line):
        raise SiteError(
            SourceLocation(path, number),
            f'incomplete paper header "{line[:60]}"',
            'subject codes, then a date like "Nov 14, 2022" (e.g. "LGNov 14, 2022")',
        )


Warn = Callable[[SourceLocation, str], None]


def parse_profile(text: str, path: str, warn: Warn) -> RawProfile:
    """Parse one profile file; raises SiteError naming the line of the first problem.

    Suspicious but usable lines are passed to `warn` and the parse goes on.
    """
    content = [(n, line) for n, line in numbered_lines(text) if line.strip()]
    if not content:
        raise SiteError(SourceLocation(path, 1), "empty profile", "the owner's name on line 1")
    owner_line, owner = content[0]
    owner = owner.strip()
    _check_not_cut_header(owner_line, owner, path)
    if HEADER.match(owner):
        raise SiteError(
            SourceLocation(path, owner_line), "profile starts with a paper header", "the owner's name on line 1"
        )

    links: list[str] = []
    metrics: list[RawMetric] = []
    declared: int | None = None
    declared_line = 0
    index = 1
    while index < len(content):
        number, line = content[index]
        _check_not_cut_header(number, line, path)
        if HEADER.match(line):
            break
        stripped = line.strip()
        if match := DECLARED_COUNT.match(stripped):
            declared, declared_line = int(match["count"].replace(",", "")), number
        elif match := METRIC_LABEL_FIRST.match(stripped) or METRIC_VALUE_FIRST.match(stripped):
            metrics.append(RawMetric(match["label"].strip(), match["value"], match["unit"], number))
        elif LINK_LABEL.match(stripped) and len(stripped.split()) <= 4:
            links.append(stripped)
        else:
            warn(
                SourceLocation(path, number),
                f'ignored unrecognised profile line "{stripped[:60]}" (expected a link label, '
                'a metric like "h-index18", "N Papers" or a paper header)',
            )
        index += 1

    papers = tuple(_parse_papers(content[index:], path, warn))
    if declared is not None and declared != len(papers):
        warn(
            SourceLocation(path, declared_line),
            f"profile declares {counted(declared, 'paper')} but {len(papers)} {noun(len(papers), 'was')} found",
        )
    return RawProfile(path, owner, tuple(links), tuple(metrics), declared, declared_line, papers)


def _parse_papers(content: list[tuple[int, str]], path: str, warn: Warn) -> Iterator[RawPaper]:
    index = 0
    while index < len(content):
        number, line = content[index]
        header = HEADER.match(line)
        if header is None:  # only reachable for the first block: later ones stop at headers
            raise SiteError(SourceLocation(path, number), f'unexpected line "{line[:60]}"', "a paper header")
        location = SourceLocation(path, number)
        date = _header_date(header, location)
        codes = tuple(header["codes"][i : i + 2] for i in range(0, len(header["codes"]), 2))
        badges = tuple(word for word in BADGE_SPLIT.split(header["badges"]) if word)

        block_end = index + 1
        while block_end < len(content):
            _check_not_cut_header(*content[block_end], path)
            if HEADER.match(content[block_end][1]):
                break
            block_end += 1
        block = content[index + 1 : block_end]
        if not block:
            raise SiteError(location, "paper header with no title", "a title line after the header")
        (title_line, title), rest = block[0], block[1:]
        if not rest:
            raise SiteError(
                SourceLocation(path, title_line),
                "paper has no author line after its title",
                'an author line like "A. Author, B. Author et al."',
            )
        authors_line, author_text = rest[0]
        parsed = parse_author_line(author_text.strip())
        if parsed is None:
            raise SiteError(
                SourceLocation(path, authors_line),
                f'not an author line: "{author_text.strip()[:60]}"',
                'names separated by ", ", optionally ending in " et al."',
            )
        names, truncated = parsed
        abstract = tuple(text.strip() for _, text in rest[1:])
        if not abstract:
            warn(SourceLocation(path, authors_line), "paper has no abstract")
        abstract_line = rest[1][0] if len(rest) > 1 else authors_line
        yield RawPaper(
            number,
            codes,
            date,
            badges,
            title.strip(),
            title_line,
            names,
            authors_line,
            truncated,
            abstract,
            abstract_line,
        )
        index = block_end
