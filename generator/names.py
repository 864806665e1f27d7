"""Personal names split into given name, particle, family name and suffix.

The split is BibTeX's, through bibtexparser: "First von Last", "von Last, First" and
"von Last, Jr, First", where the particle ("van der", "de la", "von") is the run of
lower-case words before the family name. So the CSL-JSON export splits a name exactly as
any BibTeX tool splits the same name in the BibTeX export. Two forms BibTeX does not read
are handled first: a suffix written after the name ("Martin Luther King Jr.", "Henry Ford,
II"), and a name in Chinese, Japanese or Korean script, which is written family name first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# "Jr.", "Sr.", "Jnr", "II" … "IV": a suffix, not a family name, when it ends a name.
SUFFIX = re.compile(r"(?:jr|sr|jnr|snr)\.?|ii|iii|iv", re.IGNORECASE)
# German particles are left out when the name is inverted ("Humboldt, Alexander von");
# the others ("van der", "de la", "di") stay in front of the family name.
DROPPING_PARTICLES = frozenset({"von", "vom", "zu", "zum", "zur"})
CJK_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


@dataclass(frozen=True, slots=True)
class NameParts:
    """A name in parts; `family` is empty when the name cannot be split (one word)."""

    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""
    family_first: bool = False  # written family name first, as names in CJK script are

    @property
    def dropping_particle(self) -> bool:
        """Whether the particle is dropped when the name is inverted (CSL's "dropping-particle")."""
        return bool(self.particle) and self.particle.split()[0].casefold() in DROPPING_PARTICLES


def _is_cjk(text: str) -> bool:
    return all(any(unicodedata.name(ch, "").startswith(script) for script in CJK_SCRIPTS) for ch in text)


def _split_suffix(name: str) -> tuple[str, str]:
    """("Martin Luther King", "Jr.") from "Martin Luther King Jr." or "Martin Luther King, Jr."."""
    head, comma, tail = name.rpartition(",")
    if comma and head.strip() and SUFFIX.fullmatch(tail.strip()) and len(head.split()) > 1 and "," not in head:
        return head.strip(), tail.strip()
    words = name.split()
    if len(words) > 2 and "," not in name and SUFFIX.fullmatch(words[-1]):
        return " ".join(words[:-1]), words[-1]
    return name, ""


@lru_cache(maxsize=65536)
def split_name(name: str) -> NameParts:
    """The parts of one person's name, as written on a page or in a seed."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    name = " ".join(name.split())
    words = name.split(" ")
    if len(words) == 1:
        return NameParts()  # one word (a mononym, or a CJK name written without a space): no split
    if "," not in name and all(_is_cjk(word) for word in words):
        return NameParts(given=" ".join(words[1:]), family=words[0], family_first=True)
    rest, suffix = _split_suffix(name)
    parts = parse_single_name_into_parts(rest, strict=False)
    given, particle, family = " ".join(parts.first), " ".join(parts.von), " ".join(parts.last)
    if not family:
        return NameParts()
    if given and not particle and "," not in rest and given == given.lower() and given != given.upper():
        given, particle = "", given  # "van Gogh": BibTeX reads a lower-case start as the particle
    return NameParts(given=given, particle=particle, family=family, suffix=suffix or " ".join(parts.jr))


def family_name(name: str) -> str:
    """The family name ("Berg" for "Jan van der Berg", "King" for "Martin Luther King Jr."), or the whole name."""
    return split_name(name).family or name


def csl_name(name: str) -> dict[str, str]:
    """A CSL-JSON name object; a name that cannot be split is a "literal"."""
    parts = split_name(name)
    if not parts.family:
        return {"literal": name}
    csl = {"family": parts.family}
    if parts.given:
        csl["given"] = parts.given
    if parts.particle:
        csl["dropping-particle" if parts.dropping_particle else "non-dropping-particle"] = parts.particle
    if parts.suffix:
        csl["suffix"] = parts.suffix
    return csl


def bibtex_name(name: str) -> str:
    """The name as BibTeX reads it right: as written ("First von Last"), unless it ends with a
    suffix, which BibTeX reads only in its comma form "von Last, Jr, First". A name written family
    name first stays as written: BibTeX has no form for it that tools read back in that order."""
    parts = split_name(name)
    if not parts.suffix:
        return name
    family = f"{parts.particle} {parts.family}".strip()
    return ", ".join(part for part in (family, parts.suffix, parts.given) if part)
