"""Author names as the four styles print them, from CSL-JSON name objects.

A name is {"family", "given", "non-dropping-particle"} or {"literal"}. A non-dropping particle
("van der" Berg, also lowercase words opening the family name, as citeproc-js reads them) leads
the name in APA and MLA ("van der Berg, J."), and follows the given name in Chicago, whose style
demotes it ("Berg, Jan van der"). Lowercase words ending the given name ("Jan van der") are a
dropping particle, after the given name when inverted ("Berg, J. van der"). A literal name (a
cut list, "A, B, C et al.") is printed as it is. Only APA and IEEE shorten names, to initials
of the given name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .rich import Node, field, group, span, text

APA_ET_AL_MIN, APA_FIRST = 21, 19
IEEE_ET_AL_MIN = 7
CHICAGO_ET_AL_MIN, CHICAGO_FIRST = 11, 7
MLA_ET_AL_MIN = 3
PARTICLE = re.compile(r"^[^\W\d_A-Z]+(?:['’][^\W\d_A-Z]*)?$")  # all lowercase: "van", "der", "d'"


@dataclass(frozen=True, slots=True)
class Name:
    family: str
    given: str
    particle: str  # the dropping particle, "van der" of given "Jan van der"
    literal: str
    prefix: str = ""  # the non-dropping particle, "van der" of "van der Berg"


def names(item: dict[str, Any]) -> tuple[Name, ...]:
    return tuple(_name(entry) for entry in item.get("author", ()))


def _name(entry: dict[str, str]) -> Name:
    if "literal" in entry or not entry.get("family"):
        return Name("", "", "", entry.get("literal") or entry.get("family") or entry.get("given", ""))
    words = entry.get("given", "").split()
    cut = len(words)
    while cut > 1 and PARTICLE.match(words[cut - 1]):
        cut -= 1
    family = entry["family"].split()
    lead = 0  # lowercase words that open the family name are its non-dropping particle
    while lead < len(family) - 1 and PARTICLE.match(family[lead]):
        lead += 1
    prefix = " ".join([entry.get("non-dropping-particle", ""), *family[:lead]]).strip()
    dropping = " ".join([*words[cut:], entry.get("dropping-particle", "")]).strip()
    return Name(" ".join(family[lead:]), " ".join(words[:cut]), dropping, "", prefix)


def initials(given: str) -> str:
    """ "Jean-Pierre" → "J.-P.", "Mary Ann" → "M. A."; a word already an initial stays one."""
    words = []
    for word in given.split():
        parts = [part for part in word.split("-") if part]
        words.append("-".join(part[0].upper() + "." for part in parts))
    return " ".join(words)


def _rich(value: str) -> tuple[Node, ...]:
    return field(value)


def inverted(name: Name, given: str, demote: bool = False) -> tuple[Node, ...]:
    """ "van der Berg, Jan" (APA, MLA), or with `demote` "Berg, Jan van der" (Chicago)."""
    if name.literal:
        return _rich(name.literal)
    if demote:
        return group(", ", _rich(name.family), group(" ", text(given), text(name.particle), text(name.prefix)))
    return group(", ", group(" ", text(name.prefix), _rich(name.family)), group(" ", text(given), text(name.particle)))


def natural(name: Name, given: str) -> tuple[Node, ...]:
    """ "Jan van der Berg"."""
    if name.literal:
        return _rich(name.literal)
    return group(" ", text(given), text(name.particle), text(name.prefix), _rich(name.family))


def _series(parts: list[tuple[Node, ...]], conjunction: str, comma_before_last: bool) -> tuple[Node, ...]:
    if not parts:  # a paper with no known author: the styles leave the place empty
        return ()
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
    if not people:
        return ()
    parts = [inverted(people[0], people[0].given, demote=True)] + [natural(name, name.given) for name in people[1:]]
    if len(parts) >= CHICAGO_ET_AL_MIN:
        return (*group(", ", *parts[:CHICAGO_FIRST]), ", et al.")
    return _series(parts, "and", comma_before_last=True)


def mla(people: tuple[Name, ...]) -> tuple[Node, ...]:
    """ "Zhou, Qihua", "Zhou, Qihua, and Ruibin Li"; 3 or more: "Zhou, Qihua, et al." """
    if not people:
        return ()
    parts = [inverted(people[0], people[0].given)] + [natural(name, name.given) for name in people[1:]]
    if len(parts) >= MLA_ET_AL_MIN:
        return parts[0] + (", et al.",)
    return _series(parts, "and", comma_before_last=True)
