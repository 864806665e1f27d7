"""YAML documents checked against a JSON Schema, every problem reported with its line.

Used for site.yaml and for the front matter of content files. PyYAML keeps a
line for every node; jsonschema (a well-kept validator that reports all
errors, not just the first) says what is wrong and where in the data.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker

from .errors import SiteError, SiteErrors, SourceLocation


class _Loader(yaml.SafeLoader):
    """Safe YAML where numbers with a fraction stay text: arXiv ids like 2301.01230
    and versions like 1.10 must keep every digit. No setting here is a fraction."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _float_as_text)

# Aliases (*name) share nodes, so a few hundred bytes can stand for billions of values
# ("billion laughs"); every later walk of the data would expand them. Settings and
# front matter never need more than this many values once aliases are expanded.
MAX_EXPANDED_NODES = 100_000


class _AliasMarks:
    """Remembers where the first alias is, to point at when the expansion is too big."""

    first_alias: Any = None  # its yaml.Mark

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.first_alias is None and self.check_event(yaml.AliasEvent):  # type: ignore[attr-defined]
            self.first_alias = self.peek_event().start_mark  # type: ignore[attr-defined]
        return super().compose_node(parent, index)  # type: ignore[misc]


class _CountingLoader(_AliasMarks, _Loader):
    pass


class _CountingSafeLoader(_AliasMarks, yaml.SafeLoader):
    pass


def safe_load_bounded(text: str, shown: str) -> Any:
    """`yaml.safe_load(text)` with aliases bounded as in `load_yaml` (SiteError past the bound);
    for YAML files read as plain PyYAML data, such as the files `scholarsite import` keeps."""
    loader = _CountingSafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _refuse_alias_bombs(root, loader.first_alias, shown, 1)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _refuse_alias_bombs(root: Any, first_alias: Any, shown: str, first_line: int) -> None:
    if first_alias is not None and _expanded_size(root, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES:
        raise SiteError(
            SourceLocation(shown, _mark_line(first_alias, first_line)),
            f"YAML aliases (*name) expand to more than {MAX_EXPANDED_NODES:,} values, or an alias contains itself",
            "plain values, or aliases of small parts",
        )


def _expanded_size(root: Any, limit: int) -> int:
    """How many nodes `root` stands for with every alias expanded, counting stops past `limit`;
    a node that contains itself counts as past the limit. Linear in the number of distinct nodes."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            return limit + 1
        active.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            children = [child for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        active.discard(key)
        sizes[key] = min(total, limit + 1)
        return sizes[key]

    return size(root)


def _compose(text: str, shown: str, first_line: int) -> Any:
    loader = _CountingLoader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if root is not None:
        _refuse_alias_bombs(root, loader.first_alias, shown, first_line)
    return root


FORMATS = FormatChecker(formats=())


@FORMATS.checks("safe-url")
def _is_safe_url(value: object) -> bool:
    """`"format": "safe-url"`: a link a browser reads as http(s), mailto or inside the site."""
    from .read.weblinks import safe_url

    return not isinstance(value, str) or safe_url(value) is not None


TYPE_WORDS = {
    "string": "a text value",
    "boolean": "true or false",
    "object": "a mapping of keys to values",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
}


def load_yaml(text: str, shown: str, first_line: int = 1) -> tuple[Any, Any]:
    """(data, root node) of a YAML document; `first_line` is where it starts in the file."""
    try:
        root = _compose(text, shown, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SiteError(
            SourceLocation(shown, _mark_line(mark, first_line)), f"invalid YAML: {exc.problem}", "valid YAML"
        ) from None
    except yaml.YAMLError as exc:  # e.g. a reader error on control characters
        line = first_line + text.count("\n", 0, getattr(exc, "position", 0) or 0)
        raise SiteError(
            SourceLocation(shown, line), f"invalid YAML: {str(exc).splitlines()[0]}", "valid YAML"
        ) from None
    except RecursionError:
        raise SiteError(SourceLocation(shown, first_line), "YAML nested too deeply", "plain settings") from None
    if root is None:
        return None, None
    loader = _Loader("")
    try:
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:  # e.g. a tag such as !!python/object
        mark = exc.problem_mark or exc.context_mark
        raise SiteError(
            SourceLocation(shown, _mark_line(mark, first_line)),
            f"invalid YAML value: {exc.problem}",
            "plain YAML values",
        ) from None
    except RecursionError:  # an alias that contains itself
        raise SiteError(
            SourceLocation(shown, first_line), "YAML refers to itself or is nested too deeply", "plain settings"
        ) from None
    except Exception as exc:  # PyYAML's constructors raise many kinds (the date 2024-13-01, !!timestamp nope)
        line = _first_bad_scalar(root, first_line)
        raise SiteError(SourceLocation(shown, line), f"invalid YAML value: {exc}", "plain YAML values") from None
    finally:
        loader.dispose()
    try:
        return _dates_to_text(data), root
    except RecursionError:  # an alias that contains itself
        raise SiteError(
            SourceLocation(shown, first_line), "YAML refers to itself or is nested too deeply", "plain settings"
        ) from None


def _first_bad_scalar(root: Any, first_line: int) -> int:
    """The line of the first scalar PyYAML cannot construct on its own (dates like 2024-13-01)."""
    loader = yaml.SafeLoader("")
    try:
        stack = [root]
        seen: set[int] = set()
        while stack:
            node = stack.pop(0)
            if id(node) in seen:  # aliases can make the node graph cyclic
                continue
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node, deep=True)
                except Exception:  # the constructor's own error: this is the node
                    return _mark_line(node.start_mark, first_line)
            elif isinstance(node, yaml.MappingNode):
                stack.extend(part for pair in node.value for part in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return first_line


def validate(data: Any, root: Any, schema: dict[str, Any], shown: str, first_line: int = 1) -> None:
    """Raise SiteErrors listing every schema violation and duplicate key, each at its line."""
    try:
        errors = list(_duplicate_keys(root, shown, first_line))
        found = sorted(
            Draft202012Validator(schema, format_checker=FORMATS).iter_errors(data),
            key=lambda e: [str(p) for p in e.absolute_path],
        )
        for error in found:
            errors.extend(_explain(error, root, shown, first_line))
    except RecursionError:
        raise SiteError(SourceLocation(shown, first_line), "YAML nested too deeply", "plain settings") from None
    if errors:
        raise SiteErrors(sorted(errors, key=lambda e: e.location.line))


def _mark_line(mark: Any, first_line: int) -> int:
    """The line of a YAML mark counted as our readers count (PyYAML also breaks at NEL, LS and PS)."""
    if mark is None:
        return first_line
    buffer = getattr(mark, "buffer", None)
    if isinstance(buffer, str) and mark.index is not None:
        return first_line + buffer.count("\n", 0, mark.index)
    return first_line + int(mark.line)


def _line(node: Any, first_line: int) -> int:
    return _mark_line(node.start_mark, first_line) if node is not None else first_line


def _explain(error: Any, root: Any, shown: str, first_line: int) -> Iterator[SiteError]:
    path = list(error.absolute_path)
    node = node_at(root, path)
    location = SourceLocation(shown, _line(node, first_line))
    name = ".".join(str(p) for p in path)
    subject = f'"{name}"' if name else "the document"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed), key=str):
            key_node = next((k for k, _ in getattr(node, "value", []) if k.value == str(key)), None)
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            yield SiteError(
                SourceLocation(shown, _line(key_node, first_line) if key_node else location.line),
                f'unknown key "{key}"{hint}',
                "" if close else "one of: " + ", ".join(allowed),
            )
    elif error.validator == "type":
        want = error.validator_value
        words = " or ".join(TYPE_WORDS.get(str(w), str(w)) for w in (want if isinstance(want, list) else [want]))
        yield SiteError(location, f"{subject} has the wrong type", words)
    elif error.validator == "enum":
        yield SiteError(
            location,
            f"{subject} has the value {error.instance!r}",
            "one of: " + ", ".join(map(str, error.validator_value)),
        )
    elif error.validator == "required":
        yield SiteError(location, f"{subject} is missing a required key: {error.message.split(' ')[0]}")
    elif error.validator in ("pattern", "format") and "description" in error.schema:
        yield SiteError(location, f"{subject} has the value {error.instance!r}", error.schema["description"])
    else:
        yield SiteError(location, f"{subject}: {error.message}")


def node_at(node: Any, path: list[Any]) -> Any:
    """The YAML node at a path of keys and indexes; None when it is not there."""
    for step in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == str(step)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return None
        if node is None:
            return None
    return node


def key_line(root: Any, key: str, first_line: int = 1) -> int:
    """Line of a top-level key (for problems found after validation)."""
    for key_node, _ in getattr(root, "value", []) if isinstance(root, yaml.MappingNode) else []:
        if key_node.value == key:
            return _line(key_node, first_line)
    return first_line


def _duplicate_keys(node: Any, shown: str, first_line: int) -> Iterator[SiteError]:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    yield SiteError(
                        SourceLocation(shown, _line(key, first_line)), f'duplicate key "{key.value}"', "each key once"
                    )
                seen.add(key.value)
            yield from _duplicate_keys(value, shown, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(item, shown, first_line)


def _dates_to_text(data: Any) -> Any:
    """YAML turns 2024-05-01 into a date; schemas and readers see ISO text instead."""
    if isinstance(data, dict):
        return {(_dates_to_text(k) if isinstance(k, dt.date) else k): _dates_to_text(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_dates_to_text(item) for item in data]
    if isinstance(data, dt.datetime):
        return data.date().isoformat()
    if isinstance(data, dt.date):
        return data.isoformat()
    return data
