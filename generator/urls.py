"""The one module that knows the URL layout.

Paths are site-relative with no leading slash: "" is the home page,
"papers/<slug>/" a paper. Pages are directories holding index.html, so the
site works at a domain root, under a GitHub Pages project path ("/repo/") and
from any static file server. Links between pages are relative; absolute URLs
exist only where a standard needs them (canonical, feeds, sitemap).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from types import MappingProxyType
from typing import Any, Protocol
from urllib.parse import quote, urlsplit


class Slugged(Protocol):
    """A model record with a URL of its own (a paper, an author, a talk, …)."""

    @property
    def slug(self) -> str: ...


HOME = ""
PAPERS = "papers/"
AUTHORS = "authors/"
CATEGORIES = "categories/"
YEARS = "years/"
NEWS = "news/"
NOT_FOUND = "404.html"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ALL_BIBTEX = "publications.bib"
ALL_CSL = "publications.json"
STATIC = "static/"
EXTRA_CSS = "extra.css"  # content/static/extra.css: a site's additions to its theme's style
SEARCH = "pagefind/"  # the search index (Pagefind's bundle) and its loader


def paper(item: Slugged) -> str:
    return f"{PAPERS}{item.slug}/"


def paper_bibtex(item: Slugged) -> str:
    return f"{PAPERS}{item.slug}/cite.bib"


def category_feed(item: Slugged) -> str:
    return f"{CATEGORIES}{item.slug}/feed.xml"


def author(item: Slugged) -> str:
    return f"{AUTHORS}{item.slug}/"


def category(item: Slugged) -> str:
    return f"{CATEGORIES}{item.slug}/"


def year(item: Slugged) -> str:
    return f"{YEARS}{item.slug}/"


def page(item: Slugged) -> str:
    return f"{item.slug}/"


def list_page(first_page: str, number: int) -> str:
    """Page `number` (2, 3, …) of a long list whose first page is at `first_page`."""
    return f"{first_page}page/{number}/"


def static(name: str) -> str:
    return f"{STATIC}{name}"


def photo(name: str, size: int) -> str:
    """A square copy, `size` pixels wide, of the photo content/static/`name`."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"{STATIC}photo-{stem}-{size}.jpg"


ARXIV_ABSTRACT = "https://arxiv.org/abs/{}"
ARXIV_PDF = "https://arxiv.org/pdf/{}"
DOI = "https://doi.org/{}"


def arxiv_abstract(arxiv_id: str) -> str:
    """The abstract page of an arXiv paper ("2012.08405", "hep-ex/0406020")."""
    return ARXIV_ABSTRACT.format(quote(arxiv_id, safe="/.-"))


def arxiv_pdf(arxiv_id: str) -> str:
    return ARXIV_PDF.format(quote(arxiv_id, safe="/.-"))


def doi(value: str) -> str:
    """The resolver URL of a DOI; characters a URL cannot hold are percent-encoded."""
    return DOI.format(quote(value, safe="/.-_;():"))


ORCID = "https://orcid.org/{}"


def orcid(value: str) -> str:
    """The page of an ORCID iD ("0000-0002-1825-0097"; the reader checks its form)."""
    return ORCID.format(value)


TALKS = "talks/"
TEACHING = "teaching/"
PROJECTS = "projects/"
POSTS = "posts/"
POST_TAGS = "posts/tags/"
POSTS_FEED = "posts/feed.xml"
NEWS_FEED = "news/feed.xml"
CV = "cv/"
CV_PDF = "cv.pdf"


def folder(path: str) -> str:
    """The top-level folder of a site path: "papers/x/" → "papers"."""
    return path.split("/", 1)[0]


# Top-level folders the site itself always uses; a page of one's own cannot take their names.
# The collections' folders (talks/, cv/, …) are taken only when the site has them.
RESERVED_SLUGS = frozenset(folder(path) for path in (PAPERS, AUTHORS, CATEGORIES, YEARS, NEWS, STATIC, SEARCH))


def talk(item: Slugged) -> str:
    return f"{TALKS}{item.slug}/"


def course(item: Slugged) -> str:
    return f"{TEACHING}{item.slug}/"


def project(item: Slugged) -> str:
    return f"{PROJECTS}{item.slug}/"


def post(item: Slugged) -> str:
    return f"{POSTS}{item.slug}/"


def post_tag(item: Slugged) -> str:
    return f"{POST_TAGS}{item.slug}/"


def news_item(item: Slugged) -> str:
    return f"{NEWS}{item.slug}/"


# The model's records by type name: this module sits below the model (which takes its reserved
# names and identifier URLs from here), so it knows the records only by name and slug.
_PATH_OF: dict[str, Callable[[Any], str]] = {
    "Paper": paper,
    "Author": author,
    "Category": category,
    "Year": year,
    "Page": page,
    "Talk": talk,
    "Course": course,
    "Project": project,
    "Post": post,
    "Tag": post_tag,
    "NewsItem": news_item,
}
EXTERNAL_PREFIXES = ("http://", "https://", "mailto:", "//")


def is_external(target: str) -> bool:
    return target.startswith(EXTERNAL_PREFIXES)


def from_config(url: str) -> str:
    """A URL written in site.yaml or Markdown: "/cv/" is the site path "cv/"; full URLs stay."""
    if is_external(url):
        return url
    return url.lstrip("/")


def path_of(target: object) -> str:
    """The path of a model record, or `target` itself when it is already a path."""
    if isinstance(target, str):
        return from_config(target)
    return _PATH_OF[type(target).__name__](target)


INDEX = "index.html"  # the file a folder serves


def output_file(path: str) -> str:
    """The file that serves `path`: a folder ("", "papers/x/") serves its index.html."""
    return path + INDEX if path == "" or path.endswith("/") else path


def relative(from_path: str, to_path: str) -> str:
    """Link from the page at `from_path` to `to_path`, e.g. "../../authors/x/"."""
    depth = from_path.count("/")  # "papers/x/" and "papers/x/cite.bib" are both two folders deep
    link = "../" * depth + to_path
    return link or "./"


def base_path(base_url: str) -> str:
    """The path part of the site's URL: "/" at a domain root, "/repo/" for a project site."""
    path = urlsplit(base_url).path if base_url else "/"
    return path if path.endswith("/") else path + "/"


def rooted(base_url: str, to_path: str) -> str:
    """A link that works from any depth: for 404.html, which is served at every missing URL."""
    return base_path(base_url) + to_path


_HOST_LABELS = re.compile(r"[^\s/\\?#@\[\]<>\"'`{}|^%]+(?::\d{1,5})?")


def _valid_host(netloc: str) -> bool:
    """A host name or address with an optional port; no user name, no spaces, IPv6 only in brackets."""
    if netloc.startswith("["):
        address, _, port = netloc[1:].partition("]")
        try:
            ipaddress.IPv6Address(address)
        except ValueError:
            return False
        return port == "" or (port.startswith(":") and port[1:].isdigit())
    return bool(_HOST_LABELS.fullmatch(netloc)) and not netloc.startswith((".", ":"))


def normalise_base_url(base_url: str) -> str | None:
    """ "https://X.github.io/repo" → "https://x.github.io/repo/"; "" stays ""; None when it is not a web URL.

    A trailing "index.html", a query or a fragment is dropped: the base URL names a folder.
    """
    base_url = base_url.strip()
    if not base_url:
        return ""
    try:
        parts = urlsplit(base_url)
        _ = parts.port  # a port that is not a number in 0–65535 raises ValueError, as does an unclosed "["
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not _valid_host(parts.netloc):
        return None
    path = quote(parts.path, safe="/%!$&'()*+,;=:@~")  # "[", spaces and the like percent-encoded
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    if not path.endswith("/"):
        path += "/"
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}"


def absolute(base_url: str, path: str) -> str:
    """Absolute URL of `path`; base_url must be set (and normalised)."""
    return base_url + path


# ------------------------------------------------------------------------------------ for templates
# Templates name the site's sections and identifier URLs through these, never by writing a path:
# {{ paths.papers|url }}, {{ 'style.css'|static|url }}, {{ paper.doi|doi_url }}.
SECTION_PATHS = MappingProxyType(
    {
        "home": HOME,
        "papers": PAPERS,
        "authors": AUTHORS,
        "categories": CATEGORIES,
        "years": YEARS,
        "news": NEWS,
        "talks": TALKS,
        "teaching": TEACHING,
        "projects": PROJECTS,
        "posts": POSTS,
        "cv": CV,
        "search": SEARCH,
    }
)
TEMPLATE_FILTERS = MappingProxyType(
    {
        "static": static,
        "doi_url": doi,
        "arxiv_url": arxiv_abstract,
        "arxiv_pdf_url": arxiv_pdf,
        "orcid_url": orcid,
    }
)
