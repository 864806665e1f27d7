"""What every importer returns: cleaned records in the shape of seeds/<source>.yaml.

The cleaning rules live here so that every source applies them the same way:
ids without versions, DOIs lower-case without prefix, whitespace collapsed,
markup stripped from abstracts, page ranges with "-", names as "Given Family".
"""

from __future__ import annotations

import contextlib
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

PAPER_TYPES = ("article", "inproceedings", "preprint", "book", "chapter", "thesis", "report", "misc")


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as one source knows it; field order is the order written to the file."""

    id: str
    title: str
    authors: tuple[str, ...]
    authors_complete: bool = True
    type: str = ""
    date: str = ""  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": the source's precision
    arxiv_date: str = ""
    venue: str = ""
    venue_short: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    doi: str = ""
    arxiv: str = ""
    arxiv_primary: str = ""
    arxiv_categories: tuple[str, ...] = ()
    dblp: str = ""
    url: str = ""
    pdf: str = ""
    abstract: str = ""
    citations: int | None = None

    def fields_in_order(self) -> list[tuple[str, Any]]:
        """(key, value) pairs worth writing: empty strings, lists and unknown counts left out."""
        pairs = []
        for item in fields(self):
            value = getattr(self, item.name)
            if value is None or value == "" or value == ():
                continue
            pairs.append((item.name, value))
        return pairs


@dataclass(frozen=True, slots=True)
class Metrics:
    citations: int | None = None
    h_index: int | None = None
    papers: int | None = None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id: str
    metrics: Metrics | None = None


@dataclass(frozen=True, slots=True)
class Fetched:
    """An importer's answer: the person (when the source has one), records, and notes for the user."""

    records: tuple[Record, ...]
    person: Person | None = None
    notes: tuple[str, ...] = ()


# --------------------------------------------------------------------------- cleaning

_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z-]+(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|div|br|sec|li|ul|ol|list|list-item|h\d)\b[^>]{0,400}>", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^>]{0,400})?/?>")


_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def text(value: object) -> str:
    """A string with all runs of whitespace (line breaks too) collapsed to one space.

    UTF-8 that was once decoded as Latin-1 ("JosÃ© RaÃºl" for "José Raúl", as some
    mirrors and recordings serve it) is repaired when it decodes cleanly.
    """
    if value is None:
        return ""
    result = " ".join(str(value).split())
    if _MOJIBAKE.search(result):
        with contextlib.suppress(UnicodeError):  # real Latin-1 text, or mixed: left as it is
            result = result.encode("latin-1").decode("utf-8")
    return result


def arxiv_id(value: str) -> str:
    """ "arXiv:1605.08386v2", "http://arxiv.org/abs/cond-mat/0412498v1" → the id without version; "" if none."""
    value = value.strip()
    value = re.sub(r"^(?:https?://(?:export\.)?arxiv\.org/(?:abs|pdf)/|arxiv:)", "", value, flags=re.IGNORECASE)
    value = value.removesuffix(".pdf")
    for pattern in (_ARXIV_NEW, _ARXIV_OLD):
        match = pattern.match(value)
        if match:
            return match.group(1)
    return ""


def doi(value: str | None) -> str:
    """A DOI in lower case without a resolver prefix; "" when the value is not one."""
    value = text(value)
    value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.IGNORECASE)
    value = value.lower()
    return value if _DOI.match(value) else ""


def plain(value: str | None) -> str:
    """Plain text from an abstract that may hold JATS or HTML markup and entities."""
    if not value:
        return ""
    value = re.sub(r"<(?:jats:)?title>.*?</(?:jats:)?title>", " ", value, flags=re.DOTALL)  # "Abstract" headings
    # block elements separate words; inline ones (<sub>, <i>) sit inside words: α-Al<sub>2</sub>O → α-Al2O
    result = text(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", value))))
    return re.sub(r"^abstract\b[\s:.]*(?=\S)", "", result, flags=re.IGNORECASE)  # the heading, not the text


def title(value: str | None, *, drop_period: bool = False) -> str:
    """A title with whitespace collapsed; `drop_period` removes the period some sources append."""
    result = plain(value) if value and "<" in value else text(value)
    if drop_period and result.endswith(".") and not result.endswith("..."):
        last_word = result.rsplit(" ", 1)[-1]
        if len(last_word) > 3 and "." not in last_word[:-1]:  # keep "et al." and "U.S."
            result = result[:-1]
    return result


def pages(value: str | None) -> str:
    """ "1125 - 1136", "\\n  327-44\\n", "465–499" → "1125-1136", "327-44", "465-499"."""
    value = text(value).replace("\u2013", "-").replace("\u2014", "-").replace("--", "-")
    value = re.sub(r"\s*-\s*", "-", value)
    first, dash, last = value.partition("-")
    return first if dash and first == last else value  # "eabm0808 - eabm0808": one article number


_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv)\.?$", re.IGNORECASE)


def name(value: str | None) -> str:
    """One author name as "Given Family": "Family, Given" turned round ("King, Jr." is left as it is),
    whitespace collapsed, a wrongly upper-cased accent fixed (AndrÉ → André)."""
    collapsed = text(value)
    family, comma, given = collapsed.partition(", ")
    if comma and given and "," not in given and not _SUFFIX.match(given):
        collapsed = f"{given} {family}"
    words = []
    for word in collapsed.split(" "):
        tail = word[1:]
        if (
            any(ch.isupper() and not ch.isascii() for ch in tail)
            and sum(ch.isupper() for ch in tail) == 1
            and any(ch.islower() for ch in tail)
        ):
            word = word[0] + tail.lower()
        words.append(word)
    return " ".join(words)


def given_family(given: str | None, family: str | None) -> str:
    return name(f"{text(given)} {text(family)}")


def date(year: object, month: object = None, day: object = None) -> str:
    """ "YYYY", "YYYY-MM" or "YYYY-MM-DD" from parts that may be missing, strings or numbers."""
    try:
        parts = [int(str(part)) for part in (year, month, day) if part not in (None, "")]
    except ValueError:
        return ""
    if not parts or not 1000 <= parts[0] <= 9999:
        return ""
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        parts = parts[:1]
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        parts = parts[:2]
    return "-".join([f"{parts[0]:04d}", *(f"{part:02d}" for part in parts[1:])])


def iso_date(value: str | None) -> str:
    """The date part of "2016-05-26T19:59:39Z" or "2016-05-26"; "" when absent."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text(value))
    return date(*match.groups()) if match else ""


def title_key(value: str) -> str:
    """A title for matching: casefolded, accents and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    kept = "".join(ch for ch in decomposed if ch.isalnum() or ch.isspace())
    return " ".join(kept.split())


def mapping(value: object) -> Mapping[str, Any]:
    """`value` when the JSON held an object there, else an empty one (null, a list, a string)."""
    return value if isinstance(value, dict) else {}


def count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
