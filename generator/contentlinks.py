"""Links into the site from the owner's text that point at nothing: located warnings for `build`.

`[CV](/cv/)`, `![me](/me.jpg)`, `<a href="/x/">` in Markdown, `pdf: /paper.pdf`
in front matter and `nav` entries in site.yaml are site paths; each is looked
up among the files the build makes, so a typo is reported at its line while
the page that carries it still builds (`check` then fails on the built site).
Links relative to a page and links to other hosts are left to `check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from . import urls
from .errors import SourceLocation

if TYPE_CHECKING:
    from .config import SiteConfig
    from .read.content import RawDocument

INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")  # [text](/x/ "title") and ![alt](/x.png)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")  # [id]: /x/
HTML_URL = re.compile(r"""\b(?:href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
CODE_SPAN = re.compile(r"(`+).*?\1")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
LINK_FIELDS = ("pdf", "code", "slides", "video", "project", "url", "homepage")


def markdown_links(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, target) of every link and image in Markdown text, outside code."""
    fence = ""
    for number, line in enumerate(body.split("\n"), start=first_line):
        marker = FENCE.match(line)
        if marker:
            fence = "" if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence or line.startswith(("    ", "\t")):
            continue
        text = CODE_SPAN.sub("", line)
        for pattern in (INLINE, REFERENCE, HTML_URL):
            for match in pattern.finditer(text):
                yield number, match.group(1)


def site_path(target: str) -> str | None:
    """The site path a link names ("/cv/#x" → "cv/"), or None when it is not rooted in the site."""
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target.split("#", 1)[0].split("?", 1)[0].lstrip("/")


def _found(path: str, outputs: frozenset[str]) -> bool:
    if path in outputs or urls.output_file(path) in outputs:
        return True
    return not path.endswith("/") and f"{path}/index.html" in outputs  # "/cv" is the folder cv/


def broken_content_links(
    documents: Iterable[RawDocument], config: SiteConfig, outputs: Iterable[str]
) -> list[tuple[SourceLocation, str]]:
    """(where, problem) for each site path in content or site.yaml that no output file serves."""
    made = frozenset(outputs)
    found: list[tuple[SourceLocation, str]] = []

    def look(location: SourceLocation, target: str) -> None:
        path = site_path(target)
        if path is not None and not _found(path, made):
            found.append(
                (
                    location,
                    f'broken link "{target}": the site has no such page or file '
                    "(files for the site root go in content/static/)",
                )
            )

    for document in documents:
        for key in LINK_FIELDS:
            value = document.meta.get(key)
            if isinstance(value, str):
                look(document.location(key), value.strip())
        for line, target in markdown_links(document.body, document.body_line):
            look(SourceLocation(document.path, line), target)
    for item in config.nav:
        look(SourceLocation("site.yaml", config.lines.get("nav", 0)), item.url.strip())
    return found
