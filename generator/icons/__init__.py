"""Icons as inline SVG, from the files vendored beside this module.

Brand icons come from Simple Icons (CC0-1.0), the LinkedIn mark from Tabler Icons
(MIT), generic ones (mail, globe, sun, moon, menu…) from Lucide (ISC); each licence
is in this folder. Inline SVG needs no request and takes the text colour
(`currentColor`). An icon is always decorative here: the link or button it sits
in carries the words, so every icon is `aria-hidden`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from importlib import resources

from markupsafe import Markup

SVG = "{http://www.w3.org/2000/svg}"
# Presentation attributes kept from each file: filled brand marks and stroked outlines differ only here.
KEPT = ("fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin")


def names() -> frozenset[str]:
    """The icons shipped, by file name without ".svg"."""
    folder = resources.files(__package__)
    return frozenset(entry.name.removesuffix(".svg") for entry in folder.iterdir() if entry.name.endswith(".svg"))


@cache
def icon(name: str) -> Markup:
    """`name`'s icon as one `<svg>` element, or "" when there is no such icon."""
    if name not in names():
        return Markup("")
    root = ET.fromstring(resources.files(__package__).joinpath(f"{name}.svg").read_text(encoding="utf-8"))
    attributes = {key: root.get(key) for key in KEPT if root.get(key) is not None}
    if "fill" not in attributes and "stroke" not in attributes:
        attributes["fill"] = "currentColor"  # Simple Icons leave the fill to the page
    shapes = [
        child
        for child in root
        if child.tag != f"{SVG}title" and not (child.get("d") == "M0 0h24v24H0z" and child.get("fill") == "none")
    ]  # Tabler's padding box
    for shape in shapes:
        shape.tail = None  # the files' indentation
    inner = "".join(ET.tostring(shape, encoding="unicode", short_empty_elements=True) for shape in shapes)
    inner = inner.replace(f' xmlns:ns0="{SVG[1:-1]}"', "").replace("ns0:", "")
    shown = "".join(f' {key}="{value}"' for key, value in attributes.items())
    return Markup(
        f'<svg class="icon icon-{name}" viewBox="{root.get("viewBox", "0 0 24 24")}" width="24" height="24"'
        f'{shown} aria-hidden="true" focusable="false">{inner}</svg>'
    )
