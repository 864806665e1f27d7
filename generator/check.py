"""`scholarsite check`: validate the inputs without writing, then crawl a built output/.

The crawl follows every href/src of every page (and url() in CSS) the way a
browser would from a GitHub Pages project path, and reports each link that
points at nothing, leaves the site, or starts at the domain root and so
escapes the base path.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import urls

MANIFEST = ".scholarsite-manifest.json"  # written by generator.write

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True, slots=True)
class BrokenLink:
    page: str
    link: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.problem}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.found.append(value)
            elif name == "srcset" and value:
                self.found.extend(part.strip().split(" ")[0] for part in value.split(",") if part.strip())


def _links(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".css":
        return CSS_URL.findall(text)
    parser = _Links()
    parser.feed(text)
    return parser.found


def _exists(output: Path, path: str) -> bool:
    folder = path if path == "" or path.endswith("/") or not (output / path).is_dir() else path + "/"
    return (output / urls.output_file(folder)).is_file()


def built_for(output: Path) -> str | None:
    """The base URL `output` was built for, as its manifest records it; None when built without one
    (or when there is no readable manifest)."""
    try:
        recorded = json.loads((output / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return None
    value = recorded.get("base_url") if isinstance(recorded, dict) else None
    return urls.normalise_base_url(value) or None if isinstance(value, str) else None


def crawl(output: Path, base_url: str = "") -> list[BrokenLink]:
    """Every broken internal link in `output`, built for `base_url` ("" when it was built without one).

    Without a base URL, 404.html links from the domain root: right for a site at a
    domain root, broken under a project path, and nothing in output/ tells which.
    """
    base = unquote(urls.base_path(base_url))  # links are compared decoded: "/%5Ba/" is "/[a/"
    problems = []
    if not base_url and (output / urls.NOT_FOUND).is_file():
        problems.append(
            BrokenLink(
                urls.NOT_FOUND,
                "/",
                "built without a base URL, its links start at the domain "
                "root and break under a project path such as /repo/; build with --base-url "
                "(the Pages workflow does) or set base_url in site.yaml",
            )
        )
    for file in sorted(output.rglob("*")):
        if file.suffix not in (".html", ".css") or not file.is_file():
            continue
        page = file.relative_to(output).as_posix()
        for link in _links(file):
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#") or not parts.path:
                continue
            path = unquote(parts.path)
            if path.startswith("/"):
                if page != urls.NOT_FOUND:
                    problems.append(
                        BrokenLink(
                            page,
                            link,
                            "starts at the domain root, which escapes a project site's base path; use a relative link",
                        )
                    )
                    continue
                if not path.startswith(base):
                    problems.append(BrokenLink(page, link, f"is outside the site's base path {base}"))
                    continue
                resolved = path[len(base) :]
            else:
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
                if resolved.startswith(".."):
                    problems.append(BrokenLink(page, link, "leaves the site"))
                    continue
                resolved = "" if resolved == "." else resolved + ("/" if path.endswith("/") else "")
            if not _exists(output, resolved):
                problems.append(BrokenLink(page, link, "points at a missing page or file"))
    return problems
