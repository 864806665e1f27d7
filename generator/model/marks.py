"""Author marks: `*` equal contribution, `†` corresponding author.

Marks are said in two ways. Explicitly, by the keys `equal_contribution` and
`corresponding` (lists of author names) in content/papers/<slug>.md or in a
BibTeX entry; or by a trailing `*` or `†` on a name in any author list (a
profile, BibTeX, an import, front matter), as papers print them. LaTeX forms
(`$^*$`, `$^\\dagger$`) count too. A mark is taken off the name as soon as the
name is read, so names, identities (aliases, the owner) and every export stay
free of marks; an explicit key replaces the marks the lists gave for its kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import SiteError, SourceLocation

if TYPE_CHECKING:
    from .entities import Author

EQUAL = "*"
CORRESPONDING = "†"
KINDS = (("equal_contribution", EQUAL), ("corresponding", CORRESPONDING))
# one mark at the end of a word: the character, or its LaTeX math form left by the BibTeX decoder
_MARK = re.compile(r"(\*|†|\$\^\{?(?:\*|\\dagger|\\dag)\}?\$)$")
_SYMBOL = {"*": EQUAL, "†": CORRESPONDING}


def split_marks(name: str) -> tuple[str, str]:
    """("Ada Owner", "*") from "Ada Owner*"; marks may sit on any word ("Ada* Owner" from the
    BibTeX "Owner, Ada*"). Marks come back in the order "*†"."""
    words = []
    found: set[str] = set()
    for word in name.split():
        while match := _MARK.search(word):
            found.add(_SYMBOL.get(match.group(1), EQUAL if "*" in match.group(1) else CORRESPONDING))
            word = word[: match.start()]
        if word:
            words.append(word)
    return " ".join(words), "".join(symbol for _, symbol in KINDS if symbol in found)


Canonical = Callable[[str], str]
Warn = Callable[[SourceLocation, str], None]
# an explicit list: the names, where it was given, and whether an unknown name is an error (front matter)
# or a warning (BibTeX, where one bad entry never stops a build)
Explicit = tuple[list[str], SourceLocation, bool]


def author_marks(
    authors: tuple[Author, ...],
    from_names: Mapping[str, str],
    explicit: Mapping[str, Explicit],
    canonical: Canonical,
    warn: Warn,
) -> Mapping[str, str]:
    """Author slug → marks ("*", "†" or "*†") for one paper.

    `from_names` holds the marks found on names (name → marks), `explicit` the
    lists given by key; names are compared after `canonical` (aliases folded).
    """
    if not from_names and not explicit:  # most papers
        return NO_MARKS
    by_name = {author.name: author for author in authors}
    marked: dict[str, set[str]] = {}
    for kind, symbol in KINDS:
        given = explicit.get(kind)
        if given is None:
            names = [name for name, marks in from_names.items() if symbol in marks]
        else:
            names, location, strict = given
            for name in names:
                if canonical(split_marks(name)[0]) not in by_name:
                    problem = f'"{kind}" names "{name}", who is not an author of this paper'
                    expected = "names from its author list: " + ", ".join(by_name)[:200]
                    if strict:
                        raise SiteError(location, problem, expected)
                    warn(location, f"{problem}; ignored (expected {expected})")
        for name in names:
            author = by_name.get(canonical(split_marks(name)[0]))
            if author is not None:
                marked.setdefault(author.slug, set()).add(symbol)
    if not marked:
        return NO_MARKS
    return MappingProxyType({slug: "".join(s for _, s in KINDS if s in symbols) for slug, symbols in marked.items()})


NO_MARKS: Mapping[str, str] = MappingProxyType({})
