"""content/cv.yaml → a RawDocument of kind "cv": the CV's own facts, checked against one schema,
every problem at once.

Publications, talks and teaching need not be listed here: they come from the
papers and the content/talks/ and content/teaching/ collections.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import SiteError, SourceLocation
from .content import RawDocument

CV_FILE = "content/cv.yaml"
_TEXT = {"type": "string"}
_TEXT_OR_YEAR = {"type": ["string", "integer"]}
ENTRY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["title"],
    "properties": {
        "title": _TEXT,
        "where": _TEXT,
        "when": _TEXT_OR_YEAR,
        "location": _TEXT,
        "details": _TEXT,
        "url": {"type": "string", "pattern": r"^(?:https?://|/)", "description": "an http(s):// URL or a site path"},
    },
}
ENTRIES = {"type": "array", "items": ENTRY}
# The fixed sections, in the order the CV shows them (publications after positions and awards).
SECTIONS = {
    "education": "Education",
    "positions": "Positions",
    "awards": "Awards",
    "grants": "Grants",
    "service": "Service",
    "teaching": "Teaching",
    "talks": "Talks",
}
PROFILE_KEYS = ("name", "role", "affiliation", "email", "website", "phone", "location", "orcid", "summary")
SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["profile"],
    "properties": {
        "profile": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name"],
            "properties": {key: _TEXT for key in PROFILE_KEYS},
        },
        **{key: ENTRIES for key in SECTIONS},
        "publications": {"enum": ["all", "selected", "none"]},
        "skills": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["label", "items"],
                "properties": {"label": _TEXT, "items": {"type": "array", "items": _TEXT}},
            },
        },
        "sections": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "entries"],
                "properties": {"title": _TEXT, "entries": ENTRIES},
            },
        },
    },
}


def read_cv(site_dir: Path) -> tuple[RawDocument, ...]:
    """content/cv.yaml as one document (its data as `meta`), or none. SiteErrors lists every problem at its line."""
    path = site_dir / CV_FILE
    if not path.exists() and not path.is_symlink():
        return ()
    from .. import schema
    from .lines import read_text

    data, root = schema.load_yaml(read_text(path, CV_FILE), CV_FILE)
    if not isinstance(data, dict):
        raise SiteError(
            SourceLocation(CV_FILE, 1),
            "cv.yaml is not a mapping of sections",
            'a "profile:" with your name, then sections such as "education:"',
        )
    schema.validate(data, root, SCHEMA, CV_FILE)
    lines = {key: schema.key_line(root, key) for key in data}
    return (RawDocument(CV_FILE, "cv", "cv", MappingProxyType(data), "", 0, MappingProxyType(lines)),)
