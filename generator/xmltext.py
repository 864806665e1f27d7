"""XML serialised with one namespace as the default (`<feed xmlns="…">`, no prefixes).

`ET.register_namespace` would do this by changing a table shared by the whole
process, so every later serialisation (ours or the embedding application's)
would change too; `tostring(default_namespace=…)` refuses the unqualified
attribute names every one of our documents has. So the namespace is taken off
the tags and written once on the root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal, overload


@overload
def tostring(root: ET.Element, namespace: str, encoding: Literal["unicode"]) -> str: ...
@overload
def tostring(root: ET.Element, namespace: str, encoding: Literal["utf-8"] = "utf-8") -> bytes: ...
def tostring(root: ET.Element, namespace: str, encoding: str = "utf-8") -> str | bytes:
    """`root` (whose tags are in `namespace` or in none) as XML with `namespace` as the default.
    The tree is changed in place: its tags lose the namespace."""
    qualified = f"{{{namespace}}}"
    for element in root.iter():
        if isinstance(element.tag, str):
            element.tag = element.tag.removeprefix(qualified)
    attributes = dict(root.attrib)
    root.attrib.clear()
    root.set("xmlns", namespace)  # first, where ElementTree writes namespace declarations
    root.attrib.update(attributes)
    # short_empty_elements is the default (True): "<mspace />", as before
    text: str | bytes = ET.tostring(root, encoding=encoding)
    return text
