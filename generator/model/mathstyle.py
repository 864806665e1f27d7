"""MathML from latex2mathml, reshaped so that browsers implementing MathML Core draw it right.

MathML Core (Chromium) ignores `mathvariant` except "normal" on `<mi>`, so
`\\mathbf{x}` must be written with the bold code point itself (U+1D431 𝐱, from
the Mathematical Alphanumeric Symbols block); accents need spacing characters
that fonts draw as accents (U+005E "^" is drawn as a big hollow caret); and a
function name such as `<mi>log</mi>` gets no space around it unless the markup
asks for one. `restyle()` fixes all three in place, before the tree is
serialised, so the HTML and the plain-text forms agree.
"""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
# Unicode names of the styles, longest first so "BOLD ITALIC" wins over "BOLD".
_NAMED_STYLES = {
    "SANS-SERIF BOLD ITALIC": "sans-serif-bold-italic",
    "SANS-SERIF BOLD": "bold-sans-serif",
    "SANS-SERIF ITALIC": "sans-serif-italic",
    "BOLD ITALIC": "bold-italic",
    "BOLD SCRIPT": "bold-script",
    "BOLD FRAKTUR": "bold-fraktur",
    "DOUBLE-STRUCK": "double-struck",
    "BLACK-LETTER": "fraktur",
    "SANS-SERIF": "sans-serif",
    "MONOSPACE": "monospace",
    "FRAKTUR": "fraktur",
    "SCRIPT": "script",
    "ITALIC": "italic",
    "BOLD": "bold",
}
# \mathbf over a letter that is already styled (\mathbf{\mathcal{A}}) keeps both styles.
_BOLDER = {
    "italic": "bold-italic",
    "script": "bold-script",
    "fraktur": "bold-fraktur",
    "sans-serif": "bold-sans-serif",
    "sans-serif-italic": "sans-serif-bold-italic",
}


def _alphabets() -> tuple[dict[tuple[str, str], str], dict[str, tuple[str, str]]]:
    """(variant, plain character) → styled character, and the reverse, from the Unicode tables."""
    styled: dict[tuple[str, str], str] = {}
    # The Letterlike Symbols block fills the holes of the Mathematical Alphanumeric block
    # (script B is U+212C, not the reserved U+1D49D), so it is read second.
    for code in [*range(0x1D400, 0x1D800), *range(0x2100, 0x2150)]:
        char = chr(code)
        decomposition = unicodedata.decomposition(char)
        if not decomposition.startswith("<font> "):
            continue
        base = chr(int(decomposition.split()[1], 16))
        name = unicodedata.name(char, "").removeprefix("MATHEMATICAL ")
        if name == "PLANCK CONSTANT":
            styled.setdefault(("italic", base), char)
            continue
        for words, variant in _NAMED_STYLES.items():
            rest = name.removeprefix(words + " ")
            if rest != name and not rest.startswith(("ITALIC", "N-ARY")):
                styled.setdefault((variant, base), char)
                break
    return styled, {char: key for key, char in styled.items()}


STYLED, UNSTYLED = _alphabets()
TOKENS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
# Accent characters latex2mathml emits → the spacing character fonts draw well over a base,
# and the combining mark that keeps the accent in plain text ("𝐱̂").
ACCENTS = {
    "^": ("\u02c6", "\u0302"),
    "\u02c6": ("\u02c6", "\u0302"),
    "~": ("\u02dc", "\u0303"),
    "\u02dc": ("\u02dc", "\u0303"),
    "\u00af": ("\u00af", "\u0304"),
    "\u2015": ("\u2015", "\u0305"),
    "\u203e": ("\u203e", "\u0305"),
    "\u2192": ("\u2192", "\u20d7"),
    "\u20d7": ("\u2192", "\u20d7"),
    "\u02d9": ("\u02d9", "\u0307"),
    "\u00a8": ("\u00a8", "\u0308"),
    "\u02c7": ("\u02c7", "\u030c"),
    "\u02d8": ("\u02d8", "\u0306"),
    "\u00b4": ("\u00b4", "\u0301"),
    "`": ("`", "\u0300"),
}
UNDER_ACCENTS = {"\u2015": "\u0332", "_": "\u0332", "\u00af": "\u0331"}
STRETCHED_ACCENTS = frozenset({"\u2015", "\u203e"})  # overline: as wide as the base
# latex2mathml writes these as <mi>; TeX sets them as operators with a thin space either side.
FUNCTION_NAMES = frozenset(
    (
        "arccos",
        "arcsin",
        "arctan",
        "arg",
        "cos",
        "cosh",
        "cot",
        "coth",
        "csc",
        "deg",
        "det",
        "dim",
        "exp",
        "gcd",
        "hom",
        "inf",
        "ker",
        "lg",
        "lim",
        "liminf",
        "limsup",
        "ln",
        "log",
        "max",
        "min",
        "Pr",
        "sec",
        "sin",
        "sinh",
        "sup",
        "tan",
        "tanh",
    )
)
THIN_SPACE = "0.1667em"
OPENING = frozenset("([{⟨|‖⌈⌊")


def restyle(root: ET.Element) -> None:
    """Unicode styled letters instead of `mathvariant`, drawable accents, spaced function names."""
    _apply_variants(root, None)
    for node in root.iter():
        tag = _tag(node)
        if tag == "mover" and len(node) == 2:
            _fix_accent(node)
    _space_functions(root)


def styled_text(value: str, variant: str) -> str:
    """`value` in the mathematical alphabet `variant` ("bold", "double-struck", …); unknown
    characters (parentheses, most symbols) stay as they are."""
    out = []
    for char in value:
        wanted = variant
        if char in UNSTYLED:  # already styled: \mathbf{\mathcal{A}} is bold script
            present, char = UNSTYLED[char]
            wanted = _BOLDER.get(present, present) if variant == "bold" else variant
        out.append(STYLED.get((wanted, char), char))
    return "".join(out)


def unstyled(value: str) -> str:
    """`value` with styled mathematical letters and digits back in their plain form."""
    return "".join(UNSTYLED.get(char, ("", char))[1] for char in value)


def plain_accent(base: str, accent: str, *, under: bool = False) -> str:
    """The plain-text form of an accented base: the combining mark after each character
    for lines (overline, underline), after the last one otherwise."""
    mark = UNDER_ACCENTS.get(accent) if under else ACCENTS.get(accent, (None, None))[1]
    if not mark or not base:
        return base
    if mark in ("\u0305", "\u0332", "\u0331") or (len(base) > 1 and mark == "\u0304"):
        return "".join(char + mark for char in base)
    return base + mark


def _tag(node: ET.Element) -> str:
    return node.tag.removeprefix(MATHML_NS)


def _apply_variants(node: ET.Element, inherited: str | None) -> None:
    variant = node.attrib.get("mathvariant", inherited)
    if variant is not None and variant != "normal":
        node.attrib.pop("mathvariant", None)  # ignored by MathML Core; the code points carry the style
        if _tag(node) in TOKENS and node.text:
            node.text = styled_text(node.text, variant)
    for child in node:
        _apply_variants(child, variant)


def _fix_accent(mover: ET.Element) -> None:
    accent = mover[1]
    mark = (accent.text or "").strip()
    if _tag(accent) != "mo" or mark not in ACCENTS:
        return
    accent.text = ACCENTS[mark][0]
    mover.set("accent", "true")
    accent.attrib.pop("accent", None)
    if mark not in STRETCHED_ACCENTS:
        accent.set("stretchy", "false")  # a stretched hat or tilde is drawn as a hollow wedge or a wave


def _space_functions(root: ET.Element) -> None:
    for parent in list(root.iter()):
        children = list(parent)
        if _tag(parent) in ("msub", "msup", "msubsup", "mover", "munder", "munderover", "mfrac", "mroot"):
            continue  # their children are positional: no spaces may be inserted between them
        for index in range(len(children) - 1, -1, -1):
            child = children[index]
            if not _is_function(child):
                continue
            after = children[index + 1] if index + 1 < len(children) else None
            if after is not None and not _opens(after):
                parent.insert(index + 1, _thin_space())
            if index > 0 and _tag(children[index - 1]) != "mo":
                parent.insert(index, _thin_space())


def _is_function(node: ET.Element) -> bool:
    """A function name, or one with limits or an index: \\log, \\log_2."""
    if _tag(node) in ("msub", "msup", "msubsup") and len(node):
        node = node[0]
    return _tag(node) == "mi" and (node.text or "").strip() in FUNCTION_NAMES


def _opens(node: ET.Element) -> bool:
    return _tag(node) == "mo" and (node.text or "").strip() in OPENING


def _thin_space() -> ET.Element:
    return ET.Element(MATHML_NS + "mspace", {"width": THIN_SPACE})
