"""site.yaml → SiteConfig: one declarative schema, every problem reported at once.

The schema is JSON Schema (checked by the `jsonschema` library); YAML nodes keep
their line numbers so each problem points at its line in site.yaml.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from generator.errors import SiteError, SiteErrors, SourceLocation

LINK_KEYS = (
    "email", "website", "github", "google_scholar", "orcid", "dblp", "semantic_scholar",
    "linkedin", "mastodon", "bluesky", "x",
)
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
        "theme": _STRING,
        "owner": _STRING,
        "home": {"enum": ["profile", "group"]},
        "links": {"type": "object", "additionalProperties": False,
                  "properties": {key: _STRING for key in LINK_KEYS}},
        "nav": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["title", "url"],
            "properties": {"title": _STRING, "url": _STRING}}},
        "footer": _STRING,
        "author_aliases": _STRING_MAP,
        "categories": _STRING_MAP,
        "selected": {"type": "array", "items": _STRING},
        "highlight_owner": {"type": "boolean"},
        "cname": _STRING,
    },
}
TYPE_WORDS = {"string": "a text value", "boolean": "true or false", "object": "a mapping of keys to values",
              "array": "a list"}


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
    home: str = "profile"
    links: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    nav: tuple[NavLink, ...] = ()
    footer: str = ""
    author_aliases: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    category_overrides: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    selected: tuple[str, ...] = ()
    highlight_owner: bool = True
    cname: str = ""

    def with_overrides(self, **changes: str | None) -> SiteConfig:
        """Command-line values win over site.yaml; None means "not given"."""
        return replace(self, **{key: value for key, value in changes.items() if value is not None})


def load_config(site_dir: Path) -> SiteConfig:
    """Read `site_dir/site.yaml`; a missing file gives the defaults."""
    path = site_dir / "site.yaml"
    if not path.is_file():
        return SiteConfig()
    import yaml  # only paid for by sites that have a site.yaml

    from generator.read.lines import read_text

    shown = "site.yaml"
    try:
        root = yaml.compose(read_text(path, shown), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        raise SiteError(SourceLocation(shown, line), f"invalid YAML: {exc.problem}", "valid YAML") from None
    if root is None:
        return SiteConfig()
    duplicate_errors = list(_duplicate_keys(root, shown))
    data = _construct(root)
    errors = duplicate_errors + list(_schema_errors(data, root, shown))
    if errors:
        raise SiteErrors(errors)
    return _to_config(data)


def _construct(root: Any) -> Any:
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _duplicate_keys(node: Any, shown: str):  # -> Iterator[SiteError]
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                yield SiteError(SourceLocation(shown, key.start_mark.line + 1), f'duplicate key "{key.value}"',
                                "each key once")
            seen.add(key.value)
            yield from _duplicate_keys(value, shown)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, shown)


def _schema_errors(data: Any, root: Any, shown: str):  # -> Iterator[SiteError]
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(SCHEMA)
    for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        node = _node_at(root, path)
        line = node.start_mark.line + 1 if node is not None else 0
        name = ".".join(str(p) for p in path) or "site.yaml"
        if error.validator == "additionalProperties":
            schema_keys = list(error.schema.get("properties", {}))
            for key in sorted(set(error.instance) - set(schema_keys)):
                key_node = _key_node(node, key)
                key_line = key_node.start_mark.line + 1 if key_node is not None else line
                close = difflib.get_close_matches(key, schema_keys, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                yield SiteError(SourceLocation(shown, key_line), f'unknown key "{key}"{hint}',
                                "one of: " + ", ".join(schema_keys))
        elif error.validator == "type":
            want = TYPE_WORDS.get(str(error.validator_value), str(error.validator_value))
            yield SiteError(SourceLocation(shown, line), f'"{name}" has the wrong type', want)
        elif error.validator == "enum":
            yield SiteError(SourceLocation(shown, line), f'"{name}" has the value {error.instance!r}',
                            "one of: " + ", ".join(map(str, error.validator_value)))
        else:
            yield SiteError(SourceLocation(shown, line), f'"{name}": {error.message}')


def _node_at(node: Any, path: list[Any]) -> Any:
    import yaml

    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node


def _key_node(node: Any, key: str) -> Any:
    return next((k for k, _ in getattr(node, "value", []) if getattr(k, "value", None) == key), None)


def _to_config(data: Mapping[str, Any]) -> SiteConfig:
    known = {f.name for f in fields(SiteConfig)}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
    values["links"] = MappingProxyType(dict(data.get("links", {})))
    values["nav"] = tuple(NavLink(item["title"], item["url"]) for item in data.get("nav", []))
    values["author_aliases"] = MappingProxyType(dict(data.get("author_aliases", {})))
    values["category_overrides"] = MappingProxyType(dict(data.get("categories", {})))
    values["selected"] = tuple(data.get("selected", []))
    return SiteConfig(**values)
