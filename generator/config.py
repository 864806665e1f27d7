"""site.yaml → SiteConfig: one declarative schema, every problem reported at once.

The schema is JSON Schema (checked by the `jsonschema` library); YAML nodes keep
their line numbers so each problem points at its line in site.yaml.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import SiteError, SiteErrors, SourceLocation

# A theme's name is also the name of its folder (in themes/ or the built-in ones).
THEME_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
THEME_NAME_EXPECTED = 'a theme name: lower-case letters, digits, "-" and "_" (such as "classic")'

LINK_KEYS = (
    "email",
    "website",
    "github",
    "google_scholar",
    "orcid",
    "dblp",
    "semantic_scholar",
    "researchgate",
    "openreview",
    "arxiv",
    "linkedin",
    "youtube",
    "mastodon",
    "bluesky",
    "x",
    "twitter",  # read as "x", with a warning
)
# Built-in sections of the menu, in menu order; Home is always there.
MENU_SECTIONS = ("papers", "talks", "teaching", "projects", "posts", "cv", "news", "authors", "categories", "years")
# Off by default on a personal homepage (a lab site shows them): the pages exist, linked from entries.
PERSONAL_MENU_OFF = frozenset({"authors", "categories", "years"})
CITATION_STYLES = ("apa", "ieee", "chicago", "mla")  # the formatted citation styles (generator/citation_styles)
_STRING = {"type": "string"}
_STRING_MAP = {"type": "object", "additionalProperties": _STRING}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": _STRING,
        "description": _STRING,
        "base_url": _STRING,
        "language": _STRING,
        "theme": {"type": "string", "pattern": THEME_NAME_PATTERN, "description": THEME_NAME_EXPECTED},
        "owner": _STRING,
        "role": _STRING,  # the home page's tagline: "Assistant Professor of Computer Science"
        "affiliation": _STRING,  # and where: "University of Somewhere"
        "home": {"enum": ["profile", "group"]},
        "links": {"type": "object", "additionalProperties": False, "properties": {key: _STRING for key in LINK_KEYS}},
        "nav": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "url"],
                "properties": {
                    "title": _STRING,
                    "url": {
                        "type": "string",
                        "format": "safe-url",  # see links.safe_url
                        "description": "an http(s):// URL or a path inside the site",
                    },
                },
            },
        },
        # built-in menu sections on (true) or off (false); the pages exist either way
        "menu": {
            "type": "object",
            "additionalProperties": False,
            "properties": {key: {"type": "boolean"} for key in MENU_SECTIONS},
        },
        "group_by": {"enum": ["year", "type"]},  # how the papers list is divided
        "footer": _STRING,
        "author_aliases": _STRING_MAP,
        "categories": _STRING_MAP,
        "selected": {"type": "array", "items": _STRING},
        "highlight_owner": {"type": "boolean"},
        "search": {"type": "boolean"},  # false: no search button, no index, no script for it
        "citation_style": {"enum": list(CITATION_STYLES)},  # list entries show this citation
        "cname": _STRING,
        "paginate": {"type": "integer", "minimum": 0},
        "contact": _STRING,  # e-mail address `scholarsite import` gives the APIs (never shown on the site)
        # which metrics the home page shows, in order: a profile label, or "s2.citations" and the like
        "metrics": {
            "type": "array",
            "items": {
                "anyOf": [
                    _STRING,
                    {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["metric"],
                        "properties": {"metric": _STRING, "label": _STRING},
                    },
                ]
            },
        },
        "metrics_style": {"enum": ["cards", "inline"]},  # figures in boxes, or one line of text
    },
}


@dataclass(frozen=True, slots=True)
class NavLink:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The site's settings; every field has a default so site.yaml is optional."""

    title: str = ""
    description: str = ""
    base_url: str = ""
    language: str = "en"
    theme: str = "default"
    owner: str = ""
    role: str = ""
    affiliation: str = ""
    home: str = "profile"
    links: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    nav: tuple[NavLink, ...] = ()
    footer: str = ""
    author_aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    category_overrides: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    selected: tuple[str, ...] = ()
    highlight_owner: bool = True
    search: bool = True  # the search dialog and its Pagefind index
    citation_style: str = ""  # "apa", "ieee", "chicago" or "mla": list entries show the paper's citation
    cname: str = ""
    paginate: int = 200  # entries per page of a long list; 0 keeps every list on one page
    contact: str = ""  # for the User-Agent of `scholarsite import`; links.email when empty
    metrics: tuple[tuple[str, str], ...] | None = None  # (metric, label or ""); None shows every metric
    menu: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))  # as given; see in_menu
    group_by: str = "year"
    metrics_style: str = "cards"
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}), compare=False)

    def in_menu(self, section: str) -> bool:
        """Whether the built-in `section` ("authors", "news", …) has a menu entry."""
        return self.menu.get(section, not (self.home == "profile" and section in PERSONAL_MENU_OFF))

    def with_overrides(self, **changes: str | None) -> SiteConfig:
        """Command-line values win over site.yaml; None means "not given"."""
        given: dict[str, Any] = {key: value for key, value in changes.items() if value is not None}
        return replace(self, **given)


def load_config(site_dir: Path) -> SiteConfig:
    """Read `site_dir/site.yaml`; a missing file gives the defaults."""
    path = site_dir / "site.yaml"
    if not path.exists() and not path.is_symlink():  # a folder or a pipe is refused when read
        return SiteConfig()
    from . import schema  # YAML and jsonschema are paid for only by sites with a site.yaml
    from .read.lines import read_text

    shown = "site.yaml"
    data, root = schema.load_yaml(read_text(path, shown), shown)
    if data is None:
        return SiteConfig()
    if not isinstance(data, dict):
        raise SiteError(
            SourceLocation(shown, 1),
            "site.yaml is not a list of settings",
            'lines of "key: value", such as "title: My homepage"',
        )
    data = {key: value for key, value in data.items() if value is not None}  # "links:" left empty = no links
    problems: list[SiteError] = []
    try:
        schema.validate(data, root, SCHEMA, shown)
    except SiteErrors as errors:
        problems.extend(errors.errors)
    problems.extend(_semantic_errors(data, root, shown))
    if problems:
        raise SiteErrors(sorted(problems, key=lambda error: error.location.line))
    lines = {key: schema.key_line(root, key) for key in data}
    for kind in data.get("links", {}):  # a warning about one link names its own line
        node = schema.node_at(root, ["links", kind])
        lines[f"links.{kind}"] = node.start_mark.line + 1 if node is not None else lines["links"]
    return replace(_to_config(data), lines=MappingProxyType(lines))


def _semantic_errors(data: Mapping[str, Any], root: Any, shown: str) -> Iterator[SiteError]:
    """Checks a schema cannot express: arXiv ids that exist, links that are safe."""
    from . import schema
    from .read.taxonomy import arxiv_classes
    from .read.weblinks import link_url

    categories = data.get("categories", {})
    for code, target in categories.items() if isinstance(categories, dict) else ():
        if isinstance(target, str) and target not in arxiv_classes():
            node = schema.node_at(root, ["categories", code])
            if node is None:  # a key YAML read as a number (0x1): find the entry by its value
                mapping = schema.node_at(root, ["categories"])
                node = next((value for _, value in getattr(mapping, "value", []) if value.value == target), None)
            line = node.start_mark.line + 1 if node is not None else schema.key_line(root, "categories")
            close = difflib.get_close_matches(target, list(arxiv_classes()), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            yield SiteError(
                SourceLocation(shown, line),
                f'"categories.{code}": unknown arXiv category "{target}"{hint}',
                'an arXiv id such as "math.CV"',
            )
    links = data.get("links", {})
    for kind, value in links.items() if isinstance(links, dict) else ():
        if kind in LINK_KEYS and isinstance(value, str) and link_url(kind, value) is None:
            node = schema.node_at(root, ["links", kind])
            line = node.start_mark.line + 1 if node is not None else schema.key_line(root, "links")
            yield SiteError(
                SourceLocation(shown, line),
                f'"links.{kind}": cannot make a safe link from {value!r}',
                "an https:// URL or a plain user name",
            )


def _to_config(data: Mapping[str, Any]) -> SiteConfig:
    from .read.weblinks import safe_url  # validated already: this gives the normalised spelling

    known = {f.name for f in fields(SiteConfig)}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    values["links"] = MappingProxyType(dict(data.get("links", {})))
    values["nav"] = tuple(NavLink(item["title"], safe_url(item["url"]) or "") for item in data.get("nav", []))
    values["author_aliases"] = MappingProxyType(dict(data.get("author_aliases", {})))
    values["category_overrides"] = MappingProxyType(dict(data.get("categories", {})))
    values["selected"] = tuple(data.get("selected", []))
    values["menu"] = MappingProxyType(dict(data.get("menu", {})))
    if "metrics" in data:
        values["metrics"] = tuple(
            (item, "") if isinstance(item, str) else (item["metric"], item.get("label", "")) for item in data["metrics"]
        )
    return SiteConfig(**values)
