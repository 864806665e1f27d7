"""The plan's types: one frozen record per page kind, and the small records pages share.

Planning (`pages.py`, `collection_pages.py`) makes them; rendering, the sitemap,
the search index and the caches read them. Nothing here computes. A template
receives the fields of its page's record (those beyond `PageSpec`'s) as variables
under the same names, and the record itself as `page`; docs/themes.md lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, ClassVar, Literal

from .citation_styles import Citations, FormattedCitation
from .metadata import Head
from .model import Author, Category, Counted, Link, Markdown, NewsItem, Page, Paper, Profile, Year
from .model.collections import Course, Post, Project, Tag, Talk
from .model.cv import CV
from .photos import Portrait, ShareImage

PageKind = Literal[
    "home",
    "papers",
    "paper",
    "authors",
    "author",
    "categories",
    "category",
    "years",
    "year",
    "page",
    "news",
    "news_item",
    "talks",
    "talk",
    "teaching",
    "course",
    "projects",
    "project",
    "posts",
    "post",
    "tag",
    "cv",
    "404",
]


@dataclass(frozen=True, slots=True)
class NavItem:
    """A main-menu entry; `path` is a site path, or a full URL for links from site.yaml."""

    title: str
    path: str
    section: str


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: Year
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class TypeGroup:
    """Papers of one kind (model/kinds.py): `slug` "journal", `heading` "Journal articles"."""

    slug: str
    heading: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class MonthGroup:
    label: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True, slots=True)
class CategoryEntry:
    """A paper as listed on a category page: primary there, or cross-listed."""

    paper: Paper
    primary: bool


@dataclass(frozen=True, slots=True)
class PageLink:
    number: int
    path: str


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where a page of a long list is: `previous`/`next` are paths, "" at the ends."""

    number: int
    total: int
    previous: str
    next: str
    pages: tuple[PageLink, ...]


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What every page may show about the site as a whole."""

    title: str
    language: str
    base_url: str
    owner_name: str
    nav: tuple[NavItem, ...]
    footer: str
    highlight_owner: bool
    role: str = ""  # the owner's tagline, from site.yaml
    affiliation: str = ""
    metrics_style: str = "cards"
    share_image: ShareImage | None = None  # og:image of every page; None without a photo or a base_url
    extra_css: str = ""  # the site's own stylesheet (content/static/extra.css), loaded after the theme's
    # by paper slug, the citation in the style site.yaml's citation_style names (list entries); empty when unset
    list_citations: Mapping[str, FormattedCitation] = field(default_factory=lambda: MappingProxyType({}))
    search: bool = True  # pages offer the search dialog (site.yaml `search: false` turns it off)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A link in reading order: `title` and the site `path` of the post."""

    title: str
    path: str


# ------------------------------------------------------------------------------------------------ the pages


@dataclass(frozen=True, slots=True, kw_only=True)
class PageSpec:
    """What every page has: where it goes, its template, and its <head>.

    `title` and `description` are plain text (for <title> and meta tags);
    `section` names the nav entry the page belongs to. Each page kind is a
    subclass that adds what its template shows.
    """

    kind: ClassVar[PageKind]
    template: ClassVar[str]

    path: str
    title: str
    description: str
    section: str
    head: Head | None = None

    def template_values(self) -> dict[str, Any]:
        """The kind's own fields by name: the variables its template receives besides `site` and `page`."""
        return {name: getattr(self, name) for name in page_fields(type(self))}


def page_fields(kind: type[PageSpec]) -> tuple[str, ...]:
    """The names of the fields a page kind adds to `PageSpec`'s, in declaration order."""
    found = _FIELDS.get(kind)
    if found is None:
        common = {field.name for field in fields(PageSpec)}
        found = _FIELDS[kind] = tuple(field.name for field in fields(kind) if field.name not in common)
    return found


_FIELDS: dict[type[PageSpec], tuple[str, ...]] = {}  # the same for every build: types do not change


@dataclass(frozen=True, slots=True, kw_only=True)
class HomePage(PageSpec):
    kind: ClassVar[PageKind] = "home"
    template: ClassVar[str] = "home.html"
    profile: Profile
    recent_papers: tuple[Paper, ...]
    more_papers: bool
    paper_count: int
    about: Markdown | None
    photo: str
    portrait: Portrait | None  # the owner's photo, resized, with its size (None without one)
    links: tuple[Link, ...]
    page_links: tuple[tuple[str, str], ...]  # (profile link label, site path of the page it names)
    news: tuple[NewsItem, ...]
    more_news: bool
    selected: tuple[Paper, ...]
    group: bool
    members: tuple[Counted, ...]
    categories: tuple[Counted, ...]
    coauthors: tuple[Counted, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PapersPage(PageSpec):
    kind: ClassVar[PageKind] = "papers"
    template: ClassVar[str] = "papers.html"
    groups: tuple[YearGroup | TypeGroup, ...]
    group_by: str
    paper_count: int
    pagination: Pagination | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PaperPage(PageSpec):
    kind: ClassVar[PageKind] = "paper"
    template: ClassVar[str] = "paper.html"
    paper: Paper
    bibtex: str
    bibtex_path: str
    citations: Citations  # the paper in APA, IEEE, Chicago and MLA
    talks: tuple[Talk, ...]
    projects: tuple[Project, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorsPage(PageSpec):
    kind: ClassVar[PageKind] = "authors"
    template: ClassVar[str] = "authors.html"
    authors: tuple[Counted, ...]
    author_count: int
    pagination: Pagination | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorPage(PageSpec):
    kind: ClassVar[PageKind] = "author"
    template: ClassVar[str] = "author.html"
    author: Author
    papers: tuple[Paper, ...]
    coauthors: tuple[Counted, ...]
    coauthor_count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoriesPage(PageSpec):
    kind: ClassVar[PageKind] = "categories"
    template: ClassVar[str] = "categories.html"
    categories: tuple[Counted, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryPage(PageSpec):
    kind: ClassVar[PageKind] = "category"
    template: ClassVar[str] = "category.html"
    category: Category
    entries: tuple[CategoryEntry, ...]
    paper_count: int
    pagination: Pagination | None


@dataclass(frozen=True, slots=True, kw_only=True)
class YearsPage(PageSpec):
    kind: ClassVar[PageKind] = "years"
    template: ClassVar[str] = "years.html"
    years: tuple[Counted, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class YearPage(PageSpec):
    kind: ClassVar[PageKind] = "year"
    template: ClassVar[str] = "year.html"
    year: Year
    months: tuple[MonthGroup, ...]
    paper_count: int
    pagination: Pagination | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentPage(PageSpec):
    """A page of one's own, content/pages/<slug>.md."""

    kind: ClassVar[PageKind] = "page"
    template: ClassVar[str] = "page.html"
    content: Page


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsPage(PageSpec):
    kind: ClassVar[PageKind] = "news"
    template: ClassVar[str] = "news.html"
    items: tuple[NewsItem, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class NewsItemPage(PageSpec):
    kind: ClassVar[PageKind] = "news_item"
    template: ClassVar[str] = "news_item.html"
    item: NewsItem
    newer: Neighbour | None
    older: Neighbour | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TalksPage(PageSpec):
    kind: ClassVar[PageKind] = "talks"
    template: ClassVar[str] = "talks.html"
    talks: tuple[Talk, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TalkPage(PageSpec):
    kind: ClassVar[PageKind] = "talk"
    template: ClassVar[str] = "talk.html"
    talk: Talk


@dataclass(frozen=True, slots=True, kw_only=True)
class TeachingPage(PageSpec):
    kind: ClassVar[PageKind] = "teaching"
    template: ClassVar[str] = "teaching.html"
    courses: tuple[Course, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CoursePage(PageSpec):
    kind: ClassVar[PageKind] = "course"
    template: ClassVar[str] = "course.html"
    course: Course


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectsPage(PageSpec):
    kind: ClassVar[PageKind] = "projects"
    template: ClassVar[str] = "projects.html"
    projects: tuple[Project, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectPage(PageSpec):
    kind: ClassVar[PageKind] = "project"
    template: ClassVar[str] = "project.html"
    project: Project


@dataclass(frozen=True, slots=True, kw_only=True)
class PostsPage(PageSpec):
    kind: ClassVar[PageKind] = "posts"
    template: ClassVar[str] = "posts.html"
    posts: tuple[Post, ...]
    tags: tuple[Tag, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PostPage(PageSpec):
    kind: ClassVar[PageKind] = "post"
    template: ClassVar[str] = "post.html"
    post: Post
    newer: Neighbour | None
    older: Neighbour | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TagPage(PageSpec):
    kind: ClassVar[PageKind] = "tag"
    template: ClassVar[str] = "tag.html"
    tag: Tag
    posts: tuple[Post, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CvPage(PageSpec):
    kind: ClassVar[PageKind] = "cv"
    template: ClassVar[str] = "cv.html"
    cv: CV
    pdf_path: str  # "cv.pdf", or "" when the site has no PDF of the CV


@dataclass(frozen=True, slots=True, kw_only=True)
class NotFoundPage(PageSpec):
    kind: ClassVar[PageKind] = "404"
    template: ClassVar[str] = "404.html"


PAGE_KINDS: tuple[type[PageSpec], ...] = (
    HomePage,
    PapersPage,
    PaperPage,
    AuthorsPage,
    AuthorPage,
    CategoriesPage,
    CategoryPage,
    YearsPage,
    YearPage,
    ContentPage,
    NewsPage,
    NewsItemPage,
    TalksPage,
    TalkPage,
    TeachingPage,
    CoursePage,
    ProjectsPage,
    ProjectPage,
    PostsPage,
    PostPage,
    TagPage,
    CvPage,
    NotFoundPage,
)
