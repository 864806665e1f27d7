"""Rich text for formatted citations: field values parsed as citeproc-js reads them, and the
one renderer that writes an entry both as plain text and as escaped HTML.

A field may hold the inline markup CSL-JSON allows (`<i>`, `<b>`, `<sup>`, `<sub>`, `<sc>`,
`<span class="nocase">`, `<span style="font-variant:small-caps;">`). As citeproc-js does, a
matched pair is markup, not text: the plain text leaves the tags out. Unlike citeproc-js, the
HTML does not turn it into elements either, since the site shows seed text as text on every
page; the formatting a style itself asks for (italic titles, "et al.") is written as <i>.
Every other `<`, `>` or `&` stays text, escaped in HTML. Straight and curly quotes
around words become quoted spans, printed as “…” or, inside another quotation, ‘…’; an
apostrophe becomes ’. Punctuation is joined as citeproc-js joins it: a period or comma after a
closing quote moves inside it, and a period after `.`, `?` or `!` is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import escape

FORMATS = {
    "<i>": "i",
    "<b>": "b",
    "<sup>": "sup",
    "<sub>": "sub",
    "<sc>": "sc",
    '<span class="nocase">': "nocase",
    '<span style="font-variant:small-caps;">': "sc",
}
CLOSERS = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": ("</sc>", "</span>"), "nocase": "</span>"}
TOKEN = re.compile(
    r'<(?:/?(?:i|b|sup|sub|sc)|/span|span class="nocase"|span style="font-variant:\s*small-caps;?")>'
    r"|[\"“”‘’']"
)
WORD_CHAR = re.compile(r"\w")
OPENING_CONTEXT = re.compile(r"(?:^|[\s(\[\-–—/])$")


@dataclass(frozen=True, slots=True)
class Span:
    """Formatted children: `kind` is "i" (the style's italics), "quote" or "markup" (a field's own tags)."""

    kind: str
    children: tuple[Node, ...]


Node = str | Span


def field(value: str) -> tuple[Node, ...]:
    """A CSL-JSON field value as rich text (see the module docstring)."""
    stack: list[tuple[str, str, list[Node]]] = [("", "", [])]  # (kind, token as written, children)
    position = 0
    for match in TOKEN.finditer(value):
        stack[-1][2].append(value[position : match.start()])
        position = match.end()
        token = match.group(0)
        before, after = value[: match.start()], value[match.end() :]
        if token.startswith("<"):
            normal = re.sub(r"font-variant:\s*small-caps;?", "font-variant:small-caps;", token)
            if normal in FORMATS:
                stack.append((FORMATS[normal], token, []))
            elif len(stack) > 1 and token in _closers(stack[-1][0]):
                _, _, children = stack.pop()
                stack[-1][2].append(Span("markup", tuple(children)))
            else:
                stack[-1][2].append(token)
            continue
        single = token in "‘’'"
        apostrophe = (
            single and token != "‘" and bool(WORD_CHAR.search(before[-1:])) and bool(WORD_CHAR.match(after[:1]))
        )
        opening = token in "“‘" or (token in "\"'" and bool(OPENING_CONTEXT.search(before)) and not apostrophe)
        kind = "single" if single else "double"
        if apostrophe:
            stack[-1][2].append("’")
        elif opening:
            stack.append((f"quote-{kind}", token, []))
        elif stack[-1][0] == f"quote-{kind}":
            _, _, children = stack.pop()
            stack[-1][2].append(Span("quote", tuple(children)))
        else:
            stack[-1][2].append("’" if single else token)
    stack[-1][2].append(value[position:])
    while len(stack) > 1:  # an opening that was never closed is text
        kind, token, children = stack.pop()
        stack[-1][2].extend([token.replace("'", "’"), *children])
    return tuple(node for node in stack[0][2] if node != "")


def _closers(kind: str) -> tuple[str, ...]:
    closer = CLOSERS.get(kind, ())
    return closer if isinstance(closer, tuple) else (closer,)


def span(kind: str, *children: Node | tuple[Node, ...]) -> tuple[Node, ...]:
    flat = _flatten(children)
    return (Span(kind, flat),) if flat else ()


def _flatten(parts: tuple[Node | tuple[Node, ...], ...]) -> tuple[Node, ...]:
    out: list[Node] = []
    for part in parts:
        if isinstance(part, tuple):
            out.extend(part)
        elif part:
            out.append(part)
    return tuple(out)


def group(delimiter: str, *parts: tuple[Node, ...], prefix: str = "", suffix: str = "") -> tuple[Node, ...]:
    """The non-empty parts joined by `delimiter`, with the affixes; nothing when all are empty."""
    present = [part for part in parts if part]
    if not present:
        return ()
    joined: list[Node] = [prefix] if prefix else []
    for index, part in enumerate(present):
        if index:
            joined.append(delimiter)
        joined.extend(part)
    if suffix:
        joined.append(suffix)
    return tuple(joined)


def labelled(label: str, *value: Node | tuple[Node, ...], prefix: str = "") -> tuple[Node, ...]:
    """ "vol. 12": the label and the value, or nothing without a value (a CSL group of a term and a variable)."""
    flat = _flatten(value)
    return group(" ", (label,), flat, prefix=prefix) if flat else ()


def text(value: str) -> tuple[Node, ...]:
    return (value,) if value else ()


@dataclass(frozen=True, slots=True)
class _Atom:
    text: str
    formats: frozenset[str]
    closes_quote: bool = False


QUOTES = (("“", "”"), ("‘", "’"))
SUPERSCRIPTS = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")


def _atoms(nodes: tuple[Node, ...], formats: frozenset[str], quotes: int, out: list[_Atom]) -> None:
    for node in nodes:
        if isinstance(node, str):
            _append(out, _Atom(node, formats))
        elif node.kind == "quote":
            opener, closer = QUOTES[quotes % 2]
            _append(out, _Atom(opener, formats))
            _atoms(node.children, formats, quotes + 1, out)
            _append(out, _Atom(closer, formats, closes_quote=True))
        elif node.kind == "markup":  # a field's own markup: read, never made into elements
            _atoms(node.children, formats, quotes, out)
        else:  # italic inside italic is upright again, as citeproc-js flips it
            _atoms(node.children, formats ^ {node.kind}, quotes, out)


def _append(out: list[_Atom], atom: _Atom) -> None:
    """Adds `atom`, joining its leading punctuation with what precedes it as citeproc-js does."""
    value = atom.text
    if not value:
        return
    if value[0] in ".,;:!?":
        quotes = 0
        while quotes < len(out) and out[-1 - quotes].closes_quote:
            quotes += 1
        last = _last_char(out[: len(out) - quotes])
        mark, rest = value[0], value[1:]
        if (mark == "." and last in ".?!") or (mark == "," and last == ",") or (mark in ";:" and last == mark):
            value = rest
        elif quotes and mark in ".,":
            index = len(out) - quotes
            before = out[index - 1] if index else None
            if before is not None and before.text and before.text[-1] in "?!" and mark == ".":
                pass
            else:
                out.insert(index, _Atom(mark, before.formats if before else atom.formats))
            value = rest
        if not value:
            return
    if value.startswith(" ") and _last_char(out) == " ":
        value = value.lstrip(" ")
    if value:
        out.append(_Atom(value, atom.formats, atom.closes_quote))


def _last_char(atoms: list[_Atom]) -> str:
    for atom in reversed(atoms):
        if atom.text:
            return atom.text[-1]
    return ""


@dataclass(frozen=True, slots=True)
class Rendered:
    text: str
    html: str


def render(nodes: tuple[Node, ...]) -> Rendered:
    """The entry as plain text (formatting dropped) and as HTML (text escaped, italics as <i>)."""
    atoms: list[_Atom] = []
    _atoms(nodes, frozenset(), 0, atoms)
    plain = "".join(atom.text for atom in atoms).strip()
    runs: list[tuple[str, frozenset[str]]] = []
    for atom in atoms:
        if runs and runs[-1][1] == atom.formats:
            runs[-1] = (runs[-1][0] + atom.text, atom.formats)
        else:
            runs.append((atom.text, atom.formats))
    html = "".join(f"<i>{escape(value)}</i>" if "i" in formats else str(escape(value)) for value, formats in runs)
    return Rendered(plain, html.strip())
