"""Front-matter schemas of every kind of content file (checked when the file is read)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Links from content may be web, mail, site-root or relative; never javascript: or data:
# (checked by weblinks.safe_url, as a browser would read the URL).
_URL = {"type": "string", "format": "safe-url", "description": "an http(s)://, mailto: or site path URL"}
_TEXT = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a date like 2024-05-01"}
_LIST = {"type": "array", "items": _TEXT}
_TEXT_OR_NUMBER = {"type": ["string", "integer"]}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


PAPER_LINKS = {
    "pdf": "PDF",
    "code": "Code",
    "slides": "Slides",
    "video": "Video",
    "project": "Project page",
    "url": "Publisher",
}
SCHEMAS: Mapping[str, dict[str, Any]] = {
    "about": _object({"title": _TEXT, "photo": _TEXT}),
    "page": _object(
        {
            "title": _TEXT,
            "slug": _TEXT,
            "description": _TEXT,
            "nav_order": {"type": "integer"},
            "nav": {"type": "boolean"},
        },
        required=("title",),
    ),
    "news": _object({"title": _TEXT, "date": _DATE}, required=("title", "date")),
    "paper": _object(
        {
            "authors": _LIST,
            "venue": _TEXT,
            "venue_kind": {"enum": ["journal", "conference"]},
            "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/\S+$", "description": "a DOI like 10.1000/xyz123"},
            "arxiv": {
                "type": "string",
                "pattern": r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$",
                "description": "an arXiv id like 2301.01234",
            },
            **{key: _URL for key in PAPER_LINKS},
            "tags": _LIST,
            "selected": {"type": "boolean"},
            "date": {
                "type": ["string", "integer"],
                "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                "description": 'a date "2023", "2023-05" or "2023-05-14" (as precise as known)',
            },
            "volume": _TEXT_OR_NUMBER,
            "issue": _TEXT_OR_NUMBER,
            "pages": _TEXT_OR_NUMBER,
            "publisher": _TEXT,
            "venue_short": _TEXT,
            "award": _TEXT,
            "equal_contribution": _LIST,
            "corresponding": _LIST,
        }
    ),
    "author": _object(
        {
            "name": _TEXT,
            "homepage": _URL,
            "affiliation": _TEXT,
            "orcid": {
                "type": "string",
                "pattern": r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$",
                "description": "an ORCID iD like 0000-0002-1825-0097",
            },
            "photo": _TEXT,
            "aliases": _LIST,
        }
    ),
}
COLLECTION_SCHEMAS: Mapping[str, dict[str, Any]] = {
    "talk": _object(
        {
            "title": _TEXT,
            "date": _DATE,
            "event": _TEXT,
            "location": _TEXT,
            "slides": _URL,
            "video": _URL,
            "url": _URL,
            "paper": _TEXT,
            "summary": _TEXT,
        },
        required=("title", "date"),
    ),
    "course": _object(
        {
            "course": _TEXT,
            "term": _TEXT,
            "role": _TEXT,
            "institution": _TEXT,
            "date": _DATE,
            "url": _URL,
            "summary": _TEXT,
        },
        required=("course",),
    ),
    "project": _object(
        {
            "title": _TEXT,
            "summary": _TEXT,
            "image": _TEXT,
            "image_alt": _TEXT,
            "links": {"type": "object", "additionalProperties": _URL},
            "papers": _LIST,
            "order": {"type": "integer"},
            "date": _DATE,
        },
        required=("title",),
    ),
    "post": _object(
        {"title": _TEXT, "date": _DATE, "tags": _LIST, "summary": _TEXT, "draft": {"type": "boolean"}},
        required=("title", "date"),
    ),
}

ALL_SCHEMAS: Mapping[str, dict[str, Any]] = {**SCHEMAS, **COLLECTION_SCHEMAS}
