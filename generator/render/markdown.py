"""The owner's Markdown → HTML for the page it is shown on.

Links written from the site root ("/cv.pdf", "/teaching/") become relative to
the page, so the site still works under a GitHub Pages project path. Headings
are shifted to sit under the heading of the section that holds the text.
"""

from __future__ import annotations

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
                        element.set(
                            attribute,
                            urls.rooted(self.rooted_base, target)
                            if self.rooted_base
                            else urls.relative(self.page_path, target),
                        )
            return

    from .research import EXTENSION_CONFIGS, EXTENSIONS, ResearchExtension

    converter = markdown_lib.Markdown(
        extensions=[*EXTENSIONS, ResearchExtension()], extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    processor = SiteLinks(converter)
    converter.treeprocessors.register(processor, "site_links", 1)
    converter.site_links = processor  # type: ignore[attr-defined]
    return converter


class MarkdownRenderer:
    """Converts the owner's Markdown for one Jinja environment.

    A Markdown converter is mutable (it is reset and pointed at the page before
    each conversion), so each environment owns its converters, one per heading
    level, rather than sharing module-level ones. Results are remembered by
    their inputs: the preview keeps the environment, so an unchanged text is
    not converted again on the next rebuild.
    """

    MEMO_SIZE = 4096

    def __init__(self) -> None:
        self._converters: dict[int, markdown_lib.Markdown] = {}
        self._memo: dict[tuple[str, str, int, str, str], Markup] = {}

    def render(
        self, source: str, page_path: str, base_level: int, rooted_base: str = "", id_prefix: str = ""
    ) -> Markup:
        """HTML of `source` as shown on the page at `page_path`, top heading at `base_level`;
        the ids it makes start with `id_prefix`."""
        key = (source, page_path, base_level, rooted_base, id_prefix)
        html = self._memo.get(key)
        if html is None:
            html = self._convert(*key)
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()  # a bound, not an eviction policy: a site's texts fit many times over
            self._memo[key] = html
        return html

    def _convert(self, source: str, page_path: str, base_level: int, rooted_base: str, id_prefix: str) -> Markup:
        from .research import set_id_prefix

        converter = self._converters.get(base_level)
        if converter is None:
            converter = self._converters[base_level] = _make_converter(base_level)
        set_id_prefix(converter, id_prefix)
        converter.site_links.page_path = page_path  # type: ignore[attr-defined]
        converter.site_links.rooted_base = rooted_base  # type: ignore[attr-defined]
        return Markup(converter.reset().convert(source))
