"""CSL's text-case="title" as citeproc-js computes it for English, so Chicago and MLA entries
match it letter for letter: every word not on the stop-word list gets a capital first letter,
words that already hold a capital are left alone, the first word, a word after `: ? !` and a
last word are capitalised even when they are stop words, text in `<span class="nocase">`,
`<sc>`, `<sub>` and `<sup>` is untouched, and a letter right after an unbalanced quote keeps
its case. The string still holds its inline markup and quotes (they are parsed afterwards)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

STOP_WORDS = [
    "about",
    "above",
    "across",
    "afore",
    "after",
    "against",
    "al",
    "along",
    "alongside",
    "amid",
    "amidst",
    "among",
    "amongst",
    "anenst",
    "apropos",
    "apud",
    "around",
    "as",
    "aside",
    "astride",
    "at",
    "athwart",
    "atop",
    "barring",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "but",
    "by",
    "circa",
    "despite",
    "down",
    "during",
    "et",
    "except",
    "for",
    "forenenst",
    "from",
    "given",
    "in",
    "inside",
    "into",
    "lest",
    "like",
    "modulo",
    "near",
    "next",
    "notwithstanding",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "over",
    "per",
    "plus",
    "pro",
    "qua",
    "sans",
    "since",
    "than",
    "through",
    " thru",
    "throughout",
    "thruout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "up",
    "upon",
    "versus",
    "vs.",
    "v.",
    "vs",
    "v",
    "via",
    "vis-à-vis",
    "with",
    "within",
    "without",
    "according to",
    "ahead of",
    "apart from",
    "as for",
    "as of",
    "as per",
    "as regards",
    "aside from",
    "back to",
    "because of",
    "close to",
    "due to",
    "except for",
    "far from",
    "inside of",
    "instead of",
    "near to",
    "next to",
    "on to",
    "out from",
    "out of",
    "outside of",
    "prior to",
    "pursuant to",
    "rather than",
    "regardless of",
    "such as",
    "that of",
    "up to",
    "where as",
    "or",
    "yet",
    "so",
    "for",
    "and",
    "nor",
    "a",
    "an",
    "the",
    "de",
    "d'",
    "von",
    "van",
    "c",
    "ca",
]
# citeproc-js joins the list unescaped into a JavaScript pattern ("vs." matches "vs" and one more character).
SKIP_WORDS = re.compile(r"(?:(?:[?!:]*\s+|-|^)(?:" + "|".join(STOP_WORDS) + r")(?=[!?:]*\s+|-|$))")
TAGS = re.compile(
    r'(?:‘|’|“|”| "| \'|"|\'|[-–—/.,;?!:]|\[|\]|\(|\)|<span style="font-variant: small-caps;">'
    r'|<span class="no(?:case|decor)">|</span>|</?(?:i|sc|b|sub|sup)>)'
)
SPACES = re.compile("([\u00a0\u0020\u2000-\u200b\u205f\u3000]+)")
PROTECTED = {
    '<span style="font-variant: small-caps;">': "</span>",
    '<span class="nocase">': "</span>",
    '<span class="nodecor">': "</span>",
    "<sc>": "</sc>",
    "<sub>": "</sub>",
    "<sup>": "</sup>",
}
QUOTE_PAIRS = {' "': (" '", '"'), " '": (' "', "'"), "‘": ("‘", "’"), "“": ("“", "”")}
QUOTE_TAG = re.compile(r"(^(?:‘|’|“|”|\"|')|(?: \"| ')$)")


def _capitalise(word: str) -> str:
    match = re.match(r"(\s*)(.)(.*)", word, re.DOTALL)
    if match and not (re.fullmatch("[\u0370-\u03ff]", match.group(2)) and not match.group(3)):
        return match.group(1) + match.group(2).upper() + match.group(3)
    return word


def _skip(word: str) -> bool:
    return SKIP_WORDS.search(word.lower()) is not None


@dataclass
class _State:
    is_first: bool = True
    after_punct: bool = False
    last_word: tuple[int, int] | None = None
    quotes: list[dict[str, object]] = field(default_factory=list)


def _words(text: str, index: int, following: object, state: _State) -> str:
    if not text.strip():
        return text
    pieces = SPACES.split(text)  # words at even positions, the spaces between at odd ones
    words = pieces[0::2]
    for j, word in enumerate(words):
        if not word:
            continue
        lower = word.lower()
        capitalise = (
            (len(word) > 1 and not _skip(word))
            or (j == len(words) - 1 and following == "-")
            or state.is_first
            or state.after_punct
        )
        if capitalise and word == lower:
            words[j] = _capitalise(word)
        state.after_punct = False
        state.is_first = False
        state.last_word = (index, j)
    pieces[0::2] = words
    return "".join(pieces)


def title_case(value: str) -> str:
    """`value` in title case as citeproc-js writes it (see the module docstring)."""
    if not value:
        return ""
    strings = TAGS.split(value)
    tags = TAGS.findall(value)
    original = list(strings)
    state = _State()
    protected: list[str] = []
    if strings[0].strip():
        strings[0] = _words(strings[0], 0, tags[0] if tags else None, state)
    for i, tag in enumerate(tags):
        current = strings[i + 1]
        if tag in PROTECTED:
            protected.append(PROTECTED[tag])
        elif protected and tag == protected[-1]:
            protected.pop()
        if re.search(r"[!?:]$", tag):
            state.after_punct = True
        if not protected:
            # citeproc-js passes its splitter here, not the next tag: the hyphen rule holds for the first string only
            strings[i + 1] = _words(current, i + 1, None, state)
        elif current.strip():
            state.last_word = None
        restore = _quote(tag, i, state)
        if restore is not None:
            strings[restore + 1] = original[restore + 1][:1] + strings[restore + 1][1:]
            state.last_word = None
        if state.is_first and current.strip():
            state.is_first = False
        if state.after_punct and current.strip():
            state.after_punct = False
    for quote in state.quotes:
        position = quote.get("pos")
        if isinstance(position, int):
            strings[position + 1] = original[position + 1][:1] + strings[position + 1][1:]
    if state.last_word is not None:
        index, j = state.last_word
        pieces = SPACES.split(strings[index])
        word = pieces[2 * j]
        if len(word) > 1 and _skip(word):
            pieces[2 * j] = _capitalise(word)
        strings[index] = "".join(pieces)
    out = [strings[0]]
    for tag, string in zip(tags, strings[1:], strict=False):
        out += [tag, string]
    return "".join(out)


def _quote(tag: str, position: int, state: _State) -> int | None:
    """citeproc-js's quote bookkeeping: the position whose first letter gets its case back, if any."""
    match = QUOTE_TAG.search(tag)
    if not match:
        return None
    mark = match.group(1)
    if mark == " '":  # citeproc-js leaves the word after an opening straight single quote as written
        return position
    if mark in ("“", "‘", ' "', " '"):
        opener, closer = QUOTE_PAIRS[mark]
        if not state.quotes or mark == state.quotes[-1]["opener"]:
            state.quotes.append({"opener": opener, "closer": closer, "pos": position})
            return None
        previous = state.quotes.pop()["pos"]
        state.quotes.append({"opener": opener, "closer": closer})
        return previous if isinstance(previous, int) else None
    if state.quotes and mark == state.quotes[-1]["closer"]:
        state.quotes.pop()
        return None
    return position
