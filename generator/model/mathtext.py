"""LaTeX fragments in seed text → safe HTML with MathML, and a readable plain form.

Titles and abstracts from profiles hold inline math such as `D$^{2}$MoE`. HTML
pages get MathML rendered here, on the server, so no script is needed to read
them; `<title>`, meta tags, feeds and JSON-LD get the plain form ("D²MoE").
Everything outside the math is escaped: seed text is never trusted as markup.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from .. import xmltext
from .mathstyle import plain_accent, restyle, unstyled

# $…$ with no unescaped dollar inside; a lone "$" stays text.
INLINE_MATH = re.compile(r"(?<!\\)\$(?P<tex>(?:[^$\\]|\\.)+?)(?<!\\)\$")
MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"
SUPERSCRIPTS = str.maketrans("0123456789+-=()niT", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀ")
SUBSCRIPTS = str.maketrans("0123456789+-=()aeoxijnmt", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓᵢⱼₙₘₜ")
SUPERSCRIPT_CHARS = set("0123456789+-=()niT")
SUBSCRIPT_CHARS = set("0123456789+-=()aeoxijnmt")


@dataclass(frozen=True, slots=True)
class Text:
    """One piece of seed text in the forms each output needs.

    `source` is the text as written (BibTeX keeps it), `html` is escaped HTML
    with MathML for the math, `plain` is readable text for non-HTML places.
    """

    source: str
    html: Markup
    plain: str

    def __str__(self) -> str:
        return self.plain


@lru_cache(maxsize=4096)
def math_text(source: str) -> Text:
    """Split `source` into text and `$…$` math and render both forms."""
    html_parts: list[str] = []
    plain_parts: list[str] = []
    position = 0
    for match in INLINE_MATH.finditer(source):
        before = source[position : match.start()]
        html_parts.append(escape(before))
        plain_parts.append(before)
        rendered = _math(match["tex"])
        if rendered is None:  # not valid LaTeX: show what was written
            html_parts.append(escape(match.group(0)))
            plain_parts.append(match.group(0))
        else:
            html_parts.append(rendered[0])
            plain_parts.append(rendered[1])
        position = match.end()
    html_parts.append(escape(source[position:]))
    plain_parts.append(source[position:])
    return Text(source, Markup("".join(html_parts)), " ".join("".join(plain_parts).split()))


def math_html(tex: str, display: bool = False) -> Markup | None:
    """MathML for one LaTeX fragment (`display` for a block equation); None when it is not valid LaTeX.

    Markdown math goes through here, so it is rendered and made safe like titles and abstracts.
    """
    rendered = _math(tex, "block" if display else "inline")
    return Markup(rendered[0]) if rendered is not None else None


@lru_cache(maxsize=4096)
def _math(tex: str, display: str = "inline") -> tuple[str, str] | None:
    # Imported on first use: the converter takes about 0.2 s to import (it reads its own package
    # metadata), which every build would pay, also the many whose papers hold no LaTeX at all.
    from latex2mathml.converter import convert as latex_to_mathml

    try:
        root = ET.fromstring(latex_to_mathml(tex, display=display))
    except Exception:  # the converter raises many kinds of errors on malformed LaTeX
        return None
    if not _only_mathml(root):
        return None  # e.g. \text{<script>…}: the converter passed markup through; show the source as text
    restyle(root)  # bold code points, drawable accents, spaced function names (MathML Core)
    # Serialise the parsed tree ourselves: the converter copies \text{…} verbatim,
    # so its own output could carry markup from the seed.
    # NFC: "ȳ" rather than "y" + combining macron where a precomposed letter exists.
    plain = unicodedata.normalize("NFC", _plain(root).strip())
    return xmltext.tostring(root, MATHML_NS[1:-1], encoding="unicode"), plain


MATHML_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder munderover mtable mtr "
    "mtd mlabeledtr mstyle mpadded mphantom menclose merror semantics annotation mmultiscripts mprescripts none "
    "maligngroup malignmark".split()
)
UNSAFE_ATTRIBUTES = ("on", "href", "src", "xlink", "style")


def _only_mathml(root: ET.Element) -> bool:
    for element in root.iter():
        if not element.tag.startswith(MATHML_NS) or element.tag[len(MATHML_NS) :] not in MATHML_ELEMENTS:
            return False
        if any(name.lower().startswith(UNSAFE_ATTRIBUTES) or "}" in name for name in element.attrib):
            return False
    return True


def _plain(node: ET.Element) -> str:
    tag = node.tag.removeprefix(MATHML_NS)
    children = list(node)
    if tag in ("msup", "msub", "msubsup") and len(children) >= 2:
        base = _plain(children[0])
        gap = " " if base.endswith(" ") else ""  # "log₂ n": the space of a function name goes after its index
        base = base.rstrip()
        if tag == "msub":
            return base + _script(_plain(children[1]), SUBSCRIPTS, SUBSCRIPT_CHARS, "_") + gap
        if tag == "msup":
            return base + _script(_plain(children[1]), SUPERSCRIPTS, SUPERSCRIPT_CHARS, "^") + gap
        lower = _script(_plain(children[1]), SUBSCRIPTS, SUBSCRIPT_CHARS, "_")
        upper = _script(_plain(children[2]), SUPERSCRIPTS, SUPERSCRIPT_CHARS, "^") if len(children) > 2 else ""
        return base + lower + upper + gap
    if tag == "mfrac" and len(children) == 2:
        return f"{_plain(children[0])}/{_plain(children[1])}"
    if tag == "msqrt":
        return "√(" + "".join(_plain(child) for child in children) + ")"
    if tag in ("mover", "munder") and len(children) == 2:
        accent = (children[1].text or "").strip()
        return plain_accent(_plain(children[0]).strip(), accent, under=tag == "munder")
    if tag == "munderover" and children:
        return _plain(children[0])
    own = (node.text or "").strip()
    if tag == "mi" and len(own) > 1:
        own = f" {own} "  # function names such as "log" read as words
    return own + "".join(_plain(child) for child in children)


def _script(value: str, table: dict[int, int], allowed: set[str], marker: str) -> str:
    if value and set(value) <= allowed:
        return value.translate(table)
    if value and set(unstyled(value)) <= allowed:  # a bold "2" has no superscript form: "²" reads better than "^𝟐"
        return unstyled(value).translate(table)
    return f"{marker}({value})" if len(value) > 1 else f"{marker}{value}"
