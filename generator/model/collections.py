"""Collections: talks, teaching, projects and blog posts, each a folder of Markdown files.

Front matter is checked against the schemas here (like the other content
files), every item gets a slug from its file name, and the relations the pages
need (a paper's talks and projects, a tag's posts) are computed once.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .. import urls
from ..errors import SiteError
from .documents import body
from .entities import Link, Markdown, Paper
from .slugs import SlugRegistry, slug_of

if TYPE_CHECKING:
    from ..read.content import RawDocument
    from .cv import CV

FOLDERS = {"talks": "talk", "teaching": "course", "projects": "project", "posts": "post"}


@dataclass(frozen=True, slots=True)
class Talk:
    slug: str
    title: str
    date: dt.date
    event: str
    location: str
    links: tuple[Link, ...]
    paper: Paper | None
    summary: str
    body: Markdown | None


@dataclass(frozen=True, slots=True)
class Course:
    """A course taught: `title` is its name; `date` (optional) orders the list."""

    slug: str
    title: str
    term: str
    role: str
    institution: str
    date: dt.date | None
    url: str
    summary: str
    body: Markdown | None


@dataclass(frozen=True, slots=True)
class Project:
    """`image` is a site path (a file in content/static/)."""

    slug: str
    title: str
    summary: str
    image: str
    image_alt: str
    links: tuple[Link, ...]
    papers: tuple[Paper, ...]
    date: dt.date | None
    body: Markdown | None


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Post:
    slug: str
    title: str
    date: dt.date
    tags: tuple[Tag, ...]
    summary: str
    body: Markdown | None


@dataclass(frozen=True, slots=True)
class Collections:
    """Every collection in display order (talks and posts newest first), with their relations."""

    talks: tuple[Talk, ...] = ()
    courses: tuple[Course, ...] = ()
    projects: tuple[Project, ...] = ()
    posts: tuple[Post, ...] = ()
    tags: tuple[Tag, ...] = ()
    posts_by_tag: Mapping[str, tuple[Post, ...]] = field(default_factory=lambda: MappingProxyType({}))
    talks_by_paper: Mapping[str, tuple[Talk, ...]] = field(default_factory=lambda: MappingProxyType({}))
    projects_by_paper: Mapping[str, tuple[Project, ...]] = field(default_factory=lambda: MappingProxyType({}))
    cv: CV | None = None
    own_cv_pdf: bool = False  # content/static/cv.pdf exists: it is the CV's PDF, not typeset

    @property
    def sections(self) -> frozenset[str]:
        """The top-level URL folders in use, which pages of one's own cannot take."""
        used = {
            urls.TALKS: self.talks,
            urls.TEACHING: self.courses,
            urls.PROJECTS: self.projects,
            urls.POSTS: self.posts,
            urls.CV: self.cv,
        }
        return frozenset(urls.folder(path) for path, items in used.items() if items)


def _date(document: RawDocument, key: str = "date") -> dt.date | None:
    if key not in document.meta:
        return None
    try:
        return dt.date.fromisoformat(str(document.meta[key]))
    except ValueError:
        raise SiteError(
            document.location(key), f'invalid date "{document.meta[key]}"', "a real calendar date like 2024-05-01"
        ) from None


def _body(document: RawDocument) -> Markdown | None:
    return body(document) if document.body.strip() else None


class _Papers:
    """Looks papers up by slug for `paper:` and `papers:`; an unknown slug is an error with the closest ones."""

    def __init__(self, papers: tuple[Paper, ...]) -> None:
        self.by_slug = {paper.slug: paper for paper in papers}

    def get(self, document: RawDocument, key: str, slug: str) -> Paper:
        found = self.by_slug.get(slug.strip())
        if found is None:
            close = difflib.get_close_matches(slug, list(self.by_slug), n=3, cutoff=0.4)
            hint = f"; closest: {', '.join(close)}" if close else ""
            raise SiteError(
                document.location(key),
                f'"{key}" names an unknown paper "{slug}"{hint}',
                "the slug of a paper (the last part of its URL)",
            )
        return found


def _links(meta: Mapping[str, Any], labels: Mapping[str, str]) -> tuple[Link, ...]:
    return tuple(Link(label, str(meta[key])) for key, label in labels.items() if meta.get(key))


def _of_kind(documents: tuple[RawDocument, ...], kind: str) -> list[RawDocument]:
    return sorted((d for d in documents if d.kind == kind), key=lambda d: d.path)


def gather(
    documents: tuple[RawDocument, ...],
    papers: tuple[Paper, ...],
    static_files: frozenset[str],
    owner_papers: tuple[Paper, ...] = (),
) -> Collections:
    """All collections from the content documents (papers are looked up by slug), and the CV."""
    lookup = _Papers(papers)
    talks = _talks(_of_kind(documents, "talk"), lookup)
    courses = _courses(_of_kind(documents, "course"))
    projects = _projects(_of_kind(documents, "project"), lookup, static_files)
    posts = _posts(_of_kind(documents, "post"))
    tags: dict[str, Tag] = {}
    by_tag: dict[str, list[Post]] = {}
    for post in posts:
        for tag in post.tags:
            tags.setdefault(tag.slug, tag)
            by_tag.setdefault(tag.slug, []).append(post)
    talks_by_paper: dict[str, list[Talk]] = {}
    for talk in talks:
        if talk.paper is not None:
            talks_by_paper.setdefault(talk.paper.slug, []).append(talk)
    projects_by_paper: dict[str, list[Project]] = {}
    for project in projects:
        for paper in project.papers:
            projects_by_paper.setdefault(paper.slug, []).append(project)
    cv = None
    raw_cv = next((document for document in documents if document.kind == "cv"), None)
    if raw_cv is not None:
        from .cv import compose

        cv = compose(raw_cv, owner_papers, talks, courses)
    return Collections(
        talks,
        courses,
        projects,
        posts,
        tuple(sorted(tags.values(), key=lambda t: t.slug)),
        _freeze(by_tag),
        _freeze(talks_by_paper),
        _freeze(projects_by_paper),
        cv,
        "cv.pdf" in static_files,
    )


def _freeze(mapping: Mapping[str, list[Any]]) -> Mapping[str, tuple[Any, ...]]:
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _talks(documents: list[RawDocument], lookup: _Papers) -> tuple[Talk, ...]:
    registry = SlugRegistry()
    found = []
    for document in documents:
        meta = document.meta
        paper = lookup.get(document, "paper", str(meta["paper"])) if meta.get("paper") else None
        date = _date(document)
        assert date is not None  # required by the schema
        found.append(
            Talk(
                registry.claim(document.name, "talk"),
                str(meta["title"]),
                date,
                str(meta.get("event", "")),
                str(meta.get("location", "")),
                _links(meta, {"slides": "Slides", "video": "Video", "url": "Event page"}),
                paper,
                str(meta.get("summary", "")),
                _body(document),
            )
        )
    return tuple(sorted(found, key=lambda talk: (-talk.date.toordinal(), talk.slug)))


def _courses(documents: list[RawDocument]) -> tuple[Course, ...]:
    registry = SlugRegistry()
    found = []
    for document in documents:
        meta = document.meta
        found.append(
            Course(
                registry.claim(document.name, "course"),
                str(meta["course"]),
                str(meta.get("term", "")),
                str(meta.get("role", "")),
                str(meta.get("institution", "")),
                _date(document),
                str(meta.get("url", "")),
                str(meta.get("summary", "")),
                _body(document),
            )
        )
    return tuple(sorted(found, key=lambda c: (-(c.date.toordinal() if c.date else 0), c.title.casefold(), c.slug)))


def _projects(documents: list[RawDocument], lookup: _Papers, static_files: frozenset[str]) -> tuple[Project, ...]:
    registry = SlugRegistry()
    found = []
    for document in documents:
        meta = document.meta
        image = str(meta.get("image", "")).strip().lstrip("/")
        if image and image not in static_files:
            raise SiteError(
                document.location("image"), f'"{image}" is not in content/static/', "a file under content/static/"
            )
        papers = tuple(dict.fromkeys(lookup.get(document, "papers", str(slug)) for slug in meta.get("papers", [])))
        links = tuple(Link(str(label), str(url)) for label, url in dict(meta.get("links", {})).items())
        project = Project(
            registry.claim(document.name, "project"),
            str(meta["title"]),
            str(meta.get("summary", "")),
            image,
            str(meta.get("image_alt", "")),
            links,
            papers,
            _date(document),
            _body(document),
        )
        found.append((int(meta.get("order", 100)), project))
    found.sort(key=lambda pair: (pair[0], pair[1].title.casefold(), pair[1].slug))
    return tuple(project for _, project in found)


def _posts(documents: list[RawDocument]) -> tuple[Post, ...]:
    """Published posts, newest first; `draft: true` ones are left out of the site."""
    registry = SlugRegistry()
    found = []
    for document in documents:
        meta = document.meta
        if meta.get("draft"):
            continue
        date = _date(document)
        assert date is not None  # required by the schema
        names = dict.fromkeys(str(tag).strip() for tag in meta.get("tags", []) if str(tag).strip())
        tags = tuple(Tag(name, slug_of(name, "tag")) for name in names)
        found.append(
            Post(
                registry.claim(document.name, "post"),
                str(meta["title"]),
                date,
                tags,
                str(meta.get("summary", "")),
                _body(document),
            )
        )
    return tuple(sorted(found, key=lambda post: (-post.date.toordinal(), post.slug)))
