"""Markdown for research writing: math, highlighted code, figures, tables, anchors, footnotes.

`$…$` and `$$…$$` become MathML at build time through the same converter as
titles and abstracts, before Markdown's backslash escapes run, so `\\|` and
`\\mathbf` reach LaTeX intact. Fenced code with a language is highlighted by
Pygments (imported only when a text has such a block), coloured by
`static/highlight.css` (see `highlight.py`).
Every id the Markdown makes (headings, footnotes) gets a prefix naming its
document, so two documents on one page, or a heading called "News" on the home
page, never give two elements the same id.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import Any

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from ..model.mathtext import math_html

# $$…$$ may span lines; $…$ may not, must not start or end with a space, and is
# not followed by a digit ("$5 and $10" stays money).
DISPLAY_MATH = r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
INLINE_MATH = r"(?<![\\$])\$(?![\s$])(?P<inline>(?:[^$\\\n]|\\.)+?)(?<![\s\\])\$(?!\d)"
# After code spans (190), before backslash escapes (180).
MATH_PRIORITY = 185
CODE_BLOCK = re.compile(
    r'<pre><code(?: class="language-(?P<language>[\w+#.-]+)")?>(?P<code>.*?)</code></pre>', re.DOTALL
)
EXTENSIONS = ["extra", "sane_lists", "toc"]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {
        "permalink": "#",
        "permalink_class": "heading-anchor",
        "permalink_title": "",
        "slugify": lambda value, separator: _slug(value, separator),
        "toc_depth": "1-6",
    },
}


def _slug(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify_unicode

    return slugify_unicode(value, separator) or "section"


class MathProcessor(InlineProcessor):
    """One `$…$` or `$$…$$`; LaTeX the converter rejects is left as written."""

    # InlineProcessor itself changes the signature of Pattern.handleMatch (and types-Markdown ignores that there too).
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[str | None, int | None, int | None]:
        display = "display" in m.groupdict()
        tex = m.group("display") if display else m.group("inline")
        html = math_html(tex.strip(), display=display)
        if html is None:
            return None, None, None
        return self.md.htmlStash.store(str(html)), m.start(0), m.end(0)


class ResearchTree(Treeprocessor):
    """Figures from lone titled images, scrollable tables, labelled heading anchors, prefixed ids."""

    id_prefix = ""

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            if element.tag == "p":
                _figure(element)
            elif element.tag == "table" and element in parents:
                _wrap_table(element, parents[element])
            elif element.tag == "a" and element.get("class") == "heading-anchor":
                heading = parents.get(element)
                label = "".join(heading.itertext()).removesuffix("#").strip() if heading is not None else ""
                element.set("aria-label", f"Link to the section {label}" if label else "Link to this section")
                element.attrib.pop("title", None)
                element.text = ""  # the theme draws the mark (CSS ::after): heading text stays the title
        if self.id_prefix:
            _prefix_ids(root, self.id_prefix)


def _figure(paragraph: ET.Element) -> None:
    """A paragraph holding only `![alt](src "Caption")` becomes a figure with that caption."""
    children = list(paragraph)
    if len(children) != 1 or children[0].tag != "img" or (paragraph.text or "").strip():
        return
    image = children[0]
    caption = image.get("title", "")
    if not caption or (image.tail or "").strip():
        return
    del image.attrib["title"]
    paragraph.tag = "figure"
    figcaption = ET.SubElement(paragraph, "figcaption")
    figcaption.text = caption


def _wrap_table(table: ET.Element, parent: ET.Element) -> None:
    """Wide tables scroll inside a focusable region instead of widening a phone layout."""
    index = list(parent).index(table)
    wrapper = ET.Element("div", {"class": "table-wrap", "tabindex": "0", "role": "region", "aria-label": "Table"})
    wrapper.tail, table.tail = table.tail, None
    parent.remove(table)
    wrapper.append(table)
    parent.insert(index, wrapper)


def _prefix_ids(root: ET.Element, prefix: str) -> None:
    ids = {}
    for element in root.iter():
        own = element.get("id")
        if own:
            ids[own] = f"{prefix}-{own.replace(':', '-')}"
            element.set("id", ids[own])
    if not ids:
        return
    for element in root.iter("a"):
        target = element.get("href", "")
        if target.startswith("#") and target[1:] in ids:
            element.set("href", "#" + ids[target[1:]])


class HighlightedCode(Postprocessor):
    """Code blocks: coloured by Pygments when their language is known, and reachable by keyboard,
    since they scroll sideways on a phone."""

    def run(self, text: str) -> str:
        return CODE_BLOCK.sub(_code_block, text)


def _code_block(match: re.Match[str]) -> str:
    code = match["code"]
    if match["language"]:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(match["language"])
        except ClassNotFound:
            lexer = None
        if lexer is not None:
            code = highlight(html.unescape(code), lexer, HtmlFormatter(nowrap=True)).rstrip("\n") + "\n"
    return f'<div class="highlight"><pre tabindex="0"><code>{code}</code></pre></div>'


class ResearchExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")
        md.inlinePatterns.register(MathProcessor(DISPLAY_MATH, md), "display_math", MATH_PRIORITY + 1)
        md.inlinePatterns.register(MathProcessor(INLINE_MATH, md), "inline_math", MATH_PRIORITY)
        tree = ResearchTree(md)
        md.treeprocessors.register(tree, "research", 2)
        md.postprocessors.register(HighlightedCode(md), "highlighted_code", 5)
        md.research = tree  # type: ignore[attr-defined]


def set_id_prefix(md: Markdown, prefix: str) -> None:
    md.research.id_prefix = prefix  # type: ignore[attr-defined]


def id_prefix_for(source_path: str) -> str:
    """ "content/news/2025-01-talk.md" → "news-2025-01-talk"; "content/about.md" → "about"."""
    parts = source_path.removesuffix(".md").split("/")
    stem = "-".join(parts[1:] if parts[0] == "content" else parts) or "text"
    return re.sub(r"[^\w-]+", "-", stem).strip("-") or "text"
