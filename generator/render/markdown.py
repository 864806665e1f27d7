"""The owner's Markdown → HTML for the page it is shown on.

Links written from the site root ("/cv.pdf", "/teaching/") become relative to
the page, so the site still works under a GitHub Pages project path. Headings
are shifted to sit under the heading of the section that holds the text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup

from .. import urls

if TYPE_CHECKING:
    import markdown as markdown_lib

URL_ATTRIBUTES = ("href", "src")
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _make_converter(base_level: int) -> markdown_lib.Markdown:
    import markdown as markdown_lib
    from markdown.treeprocessors import Treeprocessor

    class SiteLinks(Treeprocessor):
        """Rewrites "/path" links relative to `self.page_path` (set before each conversion)
        and moves the document's top heading level to `base_level`, whether the
        author started with "#" or "##"."""

        page_path = ""
        rooted_base = ""

        def run(self, root):  # type: ignore[no-untyped-def]
            headings = [element for element in root.iter() if element.tag in HEADINGS]
            if headings:
                shift = base_level - min(int(element.tag[1]) for element in headings)
                for element in headings:
                    element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
            for element in root.iter():
                for attribute in URL_ATTRIBUTES:
                    value = element.get(attribute)
                    if value and value.startswith("/") and not value.startswith("//"):
                        target = value.lstrip("/")
                        element.set(attribute, urls.rooted(self.rooted_base, target) if self.rooted_base
                                    else urls.relative(self.page_path, target))
            return

    from .research import EXTENSION_CONFIGS, EXTENSIONS, ResearchExtension

    converter = markdown_lib.Markdown(extensions=[*EXTENSIONS, ResearchExtension()],
                                      extension_configs=EXTENSION_CONFIGS, output_format="html")
    processor = SiteLinks(converter)
    converter.treeprocessors.register(processor, "site_links", 1)
    converter.site_links = processor  # type: ignore[attr-defined]
    return converter


@lru_cache(maxsize=8)
def _converter(base_level: int) -> markdown_lib.Markdown:
    return _make_converter(base_level)


@lru_cache(maxsize=1024)
def render_markdown(source: str, page_path: str, base_level: int, rooted_base: str = "", id_prefix: str = "") -> Markup:
    """HTML of `source` as shown on the page at `page_path`, top heading at `base_level`;
    the ids it makes start with `id_prefix`."""
    from .research import set_id_prefix

    converter = _converter(base_level)
    set_id_prefix(converter, id_prefix)
    converter.site_links.page_path = page_path  # type: ignore[attr-defined]
    converter.site_links.rooted_base = rooted_base  # type: ignore[attr-defined]
    html = converter.reset().convert(source)
    return Markup(html)
