"""The pages of the collections (talks, teaching, projects, posts), news items and the CV.

Pure like `pages.py`, which calls in here: which pages exist, what each
receives, its JSON-LD and its feeds. A collection with no items has no pages
and no menu entry.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from . import metadata, urls
from .metadata import Alternate
from .model.collections import Collections
from .records import (
    CoursePage,
    CvPage,
    NavItem,
    Neighbour,
    NewsItemPage,
    PageSpec,
    PostPage,
    PostsPage,
    ProjectPage,
    ProjectsPage,
    TagPage,
    TalkPage,
    TalksPage,
    TeachingPage,
)

if TYPE_CHECKING:
    from .model import Site
    from .model.collections import Course, Project, Talk


def _collections(site: Site) -> Collections:
    return site.collections if site.collections is not None else Collections()


def nav(site: Site) -> tuple[NavItem, ...]:
    """Menu entries for the collections that have items, and the CV."""
    found = _collections(site)
    entries = [
        ("Talks", urls.TALKS, "talks", found.talks),
        ("Teaching", urls.TEACHING, "teaching", found.courses),
        ("Projects", urls.PROJECTS, "projects", found.projects),
        ("Blog", urls.POSTS, "posts", found.posts),
        ("CV", urls.CV, "cv", found.cv),
    ]
    return tuple(NavItem(title, path, section) for title, path, section, items in entries if items)


def specs(site: Site, *, cv_pdf: bool) -> tuple[PageSpec, ...]:
    """Every page of the collections, news items and CV, in a stable order; `cv_pdf`: /cv.pdf exists."""
    found = _collections(site)
    owner = site.profile.owner.name
    pages: list[PageSpec] = []
    if found.talks:
        pages.append(
            TalksPage(
                path=urls.TALKS, title="Talks", description=f"Talks by {owner}.", section="talks", talks=found.talks
            )
        )
        pages += [
            TalkPage(
                path=urls.talk(talk), title=talk.title, description=_talk_description(talk), section="talks", talk=talk
            )
            for talk in found.talks
        ]
    if found.courses:
        pages.append(
            TeachingPage(
                path=urls.TEACHING,
                title="Teaching",
                description=f"Courses taught by {owner}.",
                section="teaching",
                courses=found.courses,
            )
        )
        pages += [
            CoursePage(
                path=urls.course(course),
                title=course.title,
                description=_course_description(course),
                section="teaching",
                course=course,
            )
            for course in found.courses
        ]
    if found.projects:
        pages.append(
            ProjectsPage(
                path=urls.PROJECTS,
                title="Projects",
                description=f"Research projects of {owner}.",
                section="projects",
                projects=found.projects,
            )
        )
        pages += [
            ProjectPage(
                path=urls.project(project),
                title=project.title,
                description=project.summary or f"{project.title}.",
                section="projects",
                project=project,
            )
            for project in found.projects
        ]
    if found.posts:
        pages += _posts(site, found)
    pages += [_news_item(site, index) for index in range(len(site.news))]
    if found.cv is not None:
        cv = found.cv
        pages.append(
            CvPage(
                path=urls.CV,
                title="CV",
                description=f"Curriculum vitae of {cv.name}.",
                section="cv",
                cv=cv,
                pdf_path=urls.CV_PDF if cv_pdf else "",
            )
        )
    return tuple(pages)


def _talk_description(talk: Talk) -> str:
    where = ", ".join(part for part in (talk.event, talk.location) if part)
    return talk.summary or f"{talk.title}" + (f", {where}" if where else "") + f" ({talk.date.isoformat()})."


def _course_description(course: Course) -> str:
    parts = ", ".join(part for part in (course.role, course.institution, course.term) if part)
    return course.summary or f"{course.title}" + (f": {parts}." if parts else ".")


def _posts(site: Site, found: Collections) -> list[PageSpec]:
    posts = found.posts
    pages: list[PageSpec] = [
        PostsPage(
            path=urls.POSTS,
            title="Blog",
            description=f"Posts by {site.profile.owner.name}.",
            section="posts",
            posts=posts,
            tags=found.tags,
        )
    ]
    for index, post in enumerate(posts):
        newer = Neighbour(posts[index - 1].title, urls.post(posts[index - 1])) if index > 0 else None
        older = Neighbour(posts[index + 1].title, urls.post(posts[index + 1])) if index + 1 < len(posts) else None
        pages.append(
            PostPage(
                path=urls.post(post),
                title=post.title,
                description=post.summary or f"{post.title}.",
                section="posts",
                post=post,
                newer=newer,
                older=older,
            )
        )
    for tag in found.tags:
        tagged = found.posts_by_tag[tag.slug]
        pages.append(
            TagPage(
                path=urls.post_tag(tag),
                title=f"Posts tagged “{tag.name}”",
                description=f"Posts about {tag.name} on {site.title}.",
                section="posts",
                tag=tag,
                posts=tagged,
            )
        )
    return pages


def _news_item(site: Site, index: int) -> PageSpec:
    item = site.news[index]
    newer = Neighbour(site.news[index - 1].title, urls.news_item(site.news[index - 1])) if index > 0 else None
    older = (
        Neighbour(site.news[index + 1].title, urls.news_item(site.news[index + 1]))
        if index + 1 < len(site.news)
        else None
    )
    return NewsItemPage(
        path=urls.news_item(item),
        title=item.title,
        description=f"{item.title} ({item.date.isoformat()}).",
        section="news",
        item=item,
        newer=newer,
        older=older,
    )


def citing_talks(site: Site, slug: str) -> tuple[Talk, ...]:
    """The talks that cite the paper `slug` (shown on its page)."""
    return _collections(site).talks_by_paper.get(slug, ())


def citing_projects(site: Site, slug: str) -> tuple[Project, ...]:
    """The projects that cite the paper `slug` (shown on its page)."""
    return _collections(site).projects_by_paper.get(slug, ())


# ---------------------------------------------------------------------------------------------- metadata


def alternates(spec: PageSpec, site: Site, base_url: str) -> tuple[Alternate, ...]:
    """The blog's feed on blog pages and the news feed on news pages (both need a base URL)."""
    if not base_url:
        return ()
    if spec.section == "posts":
        return (Alternate(f"{site.title}: blog", urls.absolute(base_url, urls.POSTS_FEED)),)
    if spec.section == "news" and site.news:
        return (Alternate(f"{site.title}: news", urls.absolute(base_url, urls.NEWS_FEED)),)
    return ()


def _url(base_url: str, path: str) -> dict[str, str]:
    return {"url": urls.absolute(base_url, path)} if base_url else {}


def _talk_data(spec: TalkPage, site: Site, base_url: str) -> dict[str, Any]:
    talk = spec.talk
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": talk.title,
        "startDate": talk.date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "performer": metadata.person(site.profile.owner, base_url),
        **_url(base_url, spec.path),
    }
    if talk.location or talk.event:
        data["location"] = {"@type": "Place", "name": talk.location or talk.event}
    if talk.event:
        data["superEvent"] = {"@type": "Event", "name": talk.event}
    if talk.paper is not None:
        data["about"] = {
            "@type": "ScholarlyArticle",
            "name": talk.paper.title.plain,
            **_url(base_url, urls.paper(talk.paper)),
        }
    return data


def _course_data(spec: CoursePage, site: Site, base_url: str) -> dict[str, Any]:
    course = spec.course
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": spec.description,
        **_url(base_url, spec.path),
    }
    if course.institution:
        data["provider"] = {"@type": "Organization", "name": course.institution}
    instance: dict[str, Any] = {
        "@type": "CourseInstance",
        "courseMode": "onsite",
        "instructor": metadata.person(site.profile.owner, base_url),
    }
    if course.term:
        instance["name"] = course.term
    data["hasCourseInstance"] = instance
    return data


def _project_data(spec: ProjectPage, site: Site, base_url: str) -> dict[str, Any]:
    project = spec.project
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": "Project",
        "name": project.title,
        "creator": metadata.person(site.profile.owner, base_url),
        **_url(base_url, spec.path),
    }
    if project.summary:
        data["abstract"] = project.summary
    if project.papers:
        data["citation"] = [
            {"@type": "ScholarlyArticle", "name": paper.title.plain, **_url(base_url, urls.paper(paper))}
            for paper in project.papers
        ]
    return data


def _article(kind: str, title: str, date: dt.date, spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": title[:110],
        "name": title,
        "datePublished": date.isoformat(),
        "author": metadata.person(site.profile.owner, base_url),
        "description": spec.description,
        **_url(base_url, spec.path),
    }


def _post_data(spec: PostPage, site: Site, base_url: str) -> dict[str, Any]:
    post = spec.post
    data = _article("BlogPosting", post.title, post.date, spec, site, base_url)
    if post.tags:
        data["keywords"] = [tag.name for tag in post.tags]
    return data


def _news_data(spec: NewsItemPage, site: Site, base_url: str) -> dict[str, Any]:
    item = spec.item
    return _article("NewsArticle", item.title, item.date, spec, site, base_url)


def _cv_data(spec: CvPage, site: Site, base_url: str) -> dict[str, Any]:
    cv = spec.cv
    person = metadata.person(site.profile.owner, base_url)
    person["name"] = cv.name
    if cv.role:
        person["jobTitle"] = cv.role
    if cv.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": cv.affiliation}
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "name": spec.title,
        "mainEntity": person,
        **_url(base_url, spec.path),
    }


def structured_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any] | None:
    """The JSON-LD of a collection, news item or CV page; None for other pages."""
    if isinstance(spec, TalkPage):
        return _talk_data(spec, site, base_url)
    if isinstance(spec, CoursePage):
        return _course_data(spec, site, base_url)
    if isinstance(spec, ProjectPage):
        return _project_data(spec, site, base_url)
    if isinstance(spec, PostPage):
        return _post_data(spec, site, base_url)
    if isinstance(spec, NewsItemPage):
        return _news_data(spec, site, base_url)
    if isinstance(spec, CvPage):
        return _cv_data(spec, site, base_url)
    items = _listed(spec)
    return metadata.collection(spec.title, spec.description, spec.path, items, base_url) if items is not None else None


def _listed(spec: PageSpec) -> list[tuple[str, str]] | None:
    if isinstance(spec, TalksPage):
        return [(talk.title, urls.talk(talk)) for talk in spec.talks]
    if isinstance(spec, TeachingPage):
        return [(course.title, urls.course(course)) for course in spec.courses]
    if isinstance(spec, ProjectsPage):
        return [(project.title, urls.project(project)) for project in spec.projects]
    if isinstance(spec, (PostsPage, TagPage)):
        return [(post.title, urls.post(post)) for post in spec.posts]
    return None


OG_TYPES = {"post": "article", "news_item": "article", "cv": "profile"}
