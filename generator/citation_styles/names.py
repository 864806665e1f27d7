"""Author names as the four styles print them, from CSL-JSON name objects.

A name is {"family", "given"} or {"literal"}. As citeproc-js does, lowercase words at the end of
the given name ("Jan van der") are a dropping particle: APA prints it after the initials
("Berg, J. van der"), IEEE before the family name ("J. van der Berg"), Chicago and MLA after the
given name when inverted ("Berg, Jan van der"). A literal name (a cut list, "A, B, C et al.")
is printed as it is. Names never lose letters: only APA and IEEE use initials, and then only of
the given name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.citation_styles.rich import Node, field, group, span, text

APA_ET_AL_MIN, APA_FIRST = 21, 19
IEEE_ET_AL_MIN = 7
CHICAGO_ET_AL_MIN, CHICAGO_FIRST = 11, 7
MLA_ET_AL_MIN = 3
PARTICLE = re.compile(r"^[^\W\d_A-Z]+(?:['’][^\W\d_A-Z]*)?$")  # all lowercase: "van", "der", "d'"


@dataclass(frozen=True, slots=True)
class Name:
    family: str
    given: str
    particle: str  # the dropping particle, "van der"
    literal: str


def names(item: dict[str, Any]) -> tuple[Name, ...]:
    return tuple(_name(entry) for entry in item.get("author", ()))


def _name(entry: dict[str, str]) -> Name:
    if "literal" in entry or not entry.get("family"):
        return Name("", "", "", entry.get("literal") or entry.get("family") or entry.get("given", ""))
    words = entry.get("given", "").split()
    cut = len(words)
    while cut > 1 and PARTICLE.match(words[cut - 1]):
        cut -= 1
    return Name(entry["family"], " ".join(words[:cut]), " ".join(words[cut:]), "")


def initials(given: str) -> str:
    """ "Jean-Pierre" → "J.-P.", "Mary Ann" → "M. A."; a word already an initial stays one."""
    words = []
    for word in given.split():
        parts = [part for part in word.split("-") if part]
        words.append("-".join(part[0].upper() + "." for part in parts))
    return " ".join(words)


def _rich(value: str) -> tuple[Node, ...]:
    return field(value)


def inverted(name: Name, given: str) -> tuple[Node, ...]:
    """ "Family, Given particle" (the sort order of APA, Chicago's and MLA's first name)."""
    if name.literal:
        return _rich(name.literal)
    return group(", ", _rich(name.family), group(" ", text(given), text(name.particle)))


def natural(name: Name, given: str) -> tuple[Node, ...]:
    """ "Given particle Family"."""
    if name.literal:
        return _rich(name.literal)
    return group(" ", text(given), text(name.particle), _rich(name.family))


def _series(parts: list[tuple[Node, ...]], conjunction: str, comma_before_last: bool) -> tuple[Node, ...]:
    if len(parts) == 1:
        return parts[0]
    last = (", " if comma_before_last else " ") + conjunction + " "
    out: list[Node] = []
    for index, part in enumerate(parts):
        if index:
            out.append(last if index == len(parts) - 1 else ", ")
        out.extend(part)
    return tuple(out)


def apa(people: tuple[Name, ...]) -> tuple[Node, ...]:
    """ "Zhou, Q., Li, R., & Guo, S."; 21 or more: the first 19, "…", the last."""
    parts = [inverted(name, initials(name.given)) for name in people]
    if len(parts) >= APA_ET_AL_MIN:
        return group(", ", *parts[:APA_FIRST]) + (", … ",) + parts[-1]
    return _series(parts, "&", comma_before_last=True)


def ieee(people: tuple[Name, ...]) -> tuple[Node, ...]:
    """ "Q. Zhou, R. Li, and S. Guo", "Q. Zhou and R. Li"; 7 or more: "Q. Zhou et al." """
    parts = [natural(name, initials(name.given)) for name in people]
    if len(parts) >= IEEE_ET_AL_MIN:
        return parts[0] + (" ",) + span("i", "et al.")
    return _series(parts, "and", comma_before_last=len(parts) > 2)


def chicago(people: tuple[Name, ...]) -> tuple[Node, ...]:
    """ "Zhou, Qihua, Ruibin Li, and Song Guo"; 11 or more: the first 7, "et al." """
    parts = [inverted(people[0], people[0].given)] + [natural(name, name.given) for name in people[1:]]
    if len(parts) >= CHICAGO_ET_AL_MIN:
        return (*group(", ", *parts[:CHICAGO_FIRST]), ", et al.")
    return _series(parts, "and", comma_before_last=True)


def mla(people: tuple[Name, ...]) -> tuple[Node, ...]:
    """ "Zhou, Qihua", "Zhou, Qihua, and Ruibin Li"; 3 or more: "Zhou, Qihua, et al." """
    parts = [inverted(people[0], people[0].given)] + [natural(name, name.given) for name in people[1:]]
    if len(parts) >= MLA_ET_AL_MIN:
        return parts[0] + (", et al.",)
    return _series(parts, "and", comma_before_last=True)
