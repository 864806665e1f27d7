"""Dates, page ranges and links as each style writes them."""

from __future__ import annotations

import re
from typing import Any

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SHORT_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")
MLA_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
RANGE = re.compile(r"^\s*(\d+)\s*[-–—]+\s*(\d+)\s*$")


def date_parts(item: dict[str, Any]) -> list[int]:
    parts = item.get("issued", {}).get("date-parts", [[]])
    return [int(part) for part in parts[0]] if parts and parts[0] else []


def year(item: dict[str, Any]) -> str:
    parts = date_parts(item)
    return str(parts[0]) if parts else ""


def month(item: dict[str, Any], names: tuple[str, ...] = MONTHS) -> str:
    parts = date_parts(item)
    return names[parts[1] - 1] if len(parts) > 1 else ""


def ieee_date(item: dict[str, Any]) -> str:
    """ "Aug. 20, 2025" (the day with two digits, as the IEEE locale's text form has it), "Mar. 2020"
    (journals, reports, conference papers: never a day) or "2021" (books, chapters, theses)."""
    parts = date_parts(item)
    kind = item.get("type", "")
    if kind in ("book", "chapter", "thesis"):
        return year(item)
    if len(parts) > 2 and kind not in ("article-journal", "report", "paper-conference"):
        return f"{SHORT_MONTHS[parts[1] - 1]} {parts[2]:02d}, {parts[0]}"
    if len(parts) > 1:
        return f"{SHORT_MONTHS[parts[1] - 1]} {parts[0]}"
    return year(item)


def mla_date(item: dict[str, Any], with_day: bool = True) -> str:
    """ "20 Aug. 2025", "Sept. 2015", "2021"."""
    parts = date_parts(item)
    pieces = (
        ([str(parts[2])] if with_day and len(parts) > 2 else [])
        + ([MLA_MONTHS[parts[1] - 1]] if len(parts) > 1 else [])
        + ([str(parts[0])] if parts else [])
    )
    return " ".join(pieces)


def page_range(pages: str, form: str) -> str:
    """A page range with an en dash: as written (""), "expanded" (100–115), "chicago" (CMOS 15: 1021–34, 100–115,
    12000–12) or "minimal-two" (MLA: 100–15, 9000–08)."""
    match = RANGE.match(pages)
    if not match:
        return pages.replace("--", "–").replace("-", "–")
    begin, end = match.group(1), match.group(2)
    if not form:  # a style without page-range-format: the range as written, with an en dash
        return f"{begin}–{end}"
    if len(end) < len(begin):  # "321-28" means 321–328
        end = begin[: len(begin) - len(end)] + end
    first, last = int(begin), int(end)
    if form == "chicago":
        if first > 100 and first % 100 and first // 100 == last // 100:
            end = str(last % 100)
        elif first >= 10000:
            end = str(last % 1000)
    elif form == "minimal-two" and len(begin) == len(end):
        keep = len(end)
        for a, b in zip(begin, end, strict=False):
            if a == b and keep > 2:
                keep -= 1
            else:
                break
        end = end[len(end) - keep :]
    return f"{begin}–{end}"


def is_range(pages: str) -> bool:
    return bool(re.search(r"[-–—,&]", pages))


def doi_url(item: dict[str, Any]) -> str:
    return f"https://doi.org/{item['DOI']}" if item.get("DOI") else ""


def link(item: dict[str, Any]) -> str:
    """The DOI as a URL, else the item's URL."""
    return doi_url(item) or str(item.get("URL", ""))
