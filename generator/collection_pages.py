"""The pages of the collections (talks, teaching, projects, posts), news items and the CV.

Pure like `pages.py`, which calls in here: which pages exist, what each
receives, its JSON-LD and its feeds. A collection with no items has no pages
and no menu entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from generator import metadata, urls
from generator.metadata import Alternate

if TYPE_CHECKING:
    from generator.model import NewsItem, Site
    from generator.model.collections import Collections, Course, Post, Project, Talk
    from generator.pages import NavItem, PageSpec


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A link in reading order: `title` and the site `path` of the post."""

    title: str
    path: str


def _spec(path: str, template: str, title: str, description: str, section: str, **context: Any) -> PageSpec:
    from generator.pages import PageSpec

    return PageSpec(path, template, template.removesuffix(".html"), title, description, section,
                    MappingProxyType(context))


def _collections(site: Site) -> Collections:
    from generator.model.collections import Collections

    return site.collections if site.collections is not None else Collections()


def nav(site: Site) -> tuple[NavItem, ...]:
    """Menu entries for the collections that have items, and the CV."""
    from generator.pages import NavItem

    found = _collections(site)
    entries = [("Talks", urls.TALKS, "talks", found.talks), ("Teaching", urls.TEACHING, "teaching", found.courses),
               ("Projects", urls.PROJECTS, "projects", found.projects), ("Blog", urls.POSTS, "posts", found.posts),
               ("CV", urls.CV, "cv", found.cv)]
    return tuple(NavItem(title, path, section) for title, path, section, items in entries if items)


def specs(site: Site, base_url: str) -> tuple[PageSpec, ...]:
    """Every page of the collections, news items and CV, in a stable order."""
    found = _collections(site)
    owner = site.profile.owner.name
    pages: list[PageSpec] = []
    if found.talks:
        pages.append(_spec(urls.TALKS, "talks.html", "Talks", f"Talks by {owner}.", "talks", talks=found.talks))
        pages += [_spec(urls.talk(talk), "talk.html", talk.title, _talk_description(talk), "talks", talk=talk)
                  for talk in found.talks]
    if found.courses:
        pages.append(_spec(urls.TEACHING, "teaching.html", "Teaching", f"Courses taught by {owner}.", "teaching",
                           courses=found.courses))
        pages += [_spec(urls.course(course), "course.html", course.title, _course_description(course), "teaching",
                        course=course) for course in found.courses]
    if found.projects:
        pages.append(_spec(urls.PROJECTS, "projects.html", "Projects", f"Research projects of {owner}.", "projects",
                           projects=found.projects))
        pages += [_spec(urls.project(project), "project.html", project.title, project.summary or f"{project.title}.",
                        "projects", project=project) for project in found.projects]
    if found.posts:
        pages += _posts(site, found)
    pages += [_news_item(site, index) for index in range(len(site.news))]
    if found.cv is not None:
        cv = found.cv
        pages.append(_spec(urls.CV, "cv.html", "CV", f"Curriculum vitae of {cv.name}.", "cv", cv=cv,
                           pdf_path=urls.CV_PDF if site_has_pdf(site) else ""))
    return tuple(pages)


def site_has_pdf(site: Site) -> bool:
    """The PDF CV is made when Typst is installed (the `pdf` extra), or is the site's own content/static/cv.pdf."""
    from generator.cvpdf import available

    return _collections(site).cv is not None and (available() or _collections(site).own_cv_pdf)


def _talk_description(talk: Talk) -> str:
    where = ", ".join(part for part in (talk.event, talk.location) if part)
    return talk.summary or f"{talk.title}" + (f", {where}" if where else "") + f" ({talk.date.isoformat()})."


def _course_description(course: Course) -> str:
    parts = ", ".join(part for part in (course.role, course.institution, course.term) if part)
    return course.summary or f"{course.title}" + (f": {parts}." if parts else ".")


def _posts(site: Site, found: Collections) -> list[PageSpec]:
    posts = found.posts
    pages = [_spec(urls.POSTS, "posts.html", "Blog", f"Posts by {site.profile.owner.name}.", "posts",
                   posts=posts, tags=found.tags)]
    for index, post in enumerate(posts):
        newer = Neighbour(posts[index - 1].title, urls.post(posts[index - 1])) if index > 0 else None
        older = Neighbour(posts[index + 1].title, urls.post(posts[index + 1])) if index + 1 < len(posts) else None
        pages.append(_spec(urls.post(post), "post.html", post.title, post.summary or f"{post.title}.", "posts",
                           post=post, newer=newer, older=older))
    for tag in found.tags:
        tagged = found.posts_by_tag[tag.slug]
        pages.append(_spec(urls.post_tag(tag), "tag.html", f"Posts tagged “{tag.name}”",
                           f"Posts about {tag.name} on {site.title}.", "posts", tag=tag, posts=tagged))
    return pages


def _news_item(site: Site, index: int) -> PageSpec:
    item = site.news[index]
    newer = Neighbour(site.news[index - 1].title, urls.news_item(site.news[index - 1])) if index > 0 else None
    older = (Neighbour(site.news[index + 1].title, urls.news_item(site.news[index + 1]))
             if index + 1 < len(site.news) else None)
    return _spec(urls.news_item(item), "news_item.html", item.title, f"{item.title} ({item.date.isoformat()}).",
                 "news", item=item, newer=newer, older=older)


def paper_context(site: Site, slug: str) -> dict[str, Any]:
    """What a paper page adds: the talks and projects that cite the paper."""
    found = _collections(site)
    return {"talks": found.talks_by_paper.get(slug, ()), "projects": found.projects_by_paper.get(slug, ())}


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


def _talk_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    talk: Talk = spec.context["talk"]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Event", "name": talk.title,
                            "startDate": talk.date.isoformat(), "eventStatus": "https://schema.org/EventScheduled",
                            "performer": metadata.person(site.profile.owner, base_url), **_url(base_url, spec.path)}
    if talk.location or talk.event:
        data["location"] = {"@type": "Place", "name": talk.location or talk.event}
    if talk.event:
        data["superEvent"] = {"@type": "Event", "name": talk.event}
    if talk.paper is not None:
        data["about"] = {"@type": "ScholarlyArticle", "name": talk.paper.title.plain,
                         **_url(base_url, urls.paper(talk.paper))}
    return data


def _course_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    course: Course = spec.context["course"]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Course", "name": course.title,
                            "description": spec.description, **_url(base_url, spec.path)}
    if course.institution:
        data["provider"] = {"@type": "Organization", "name": course.institution}
    instance: dict[str, Any] = {"@type": "CourseInstance", "courseMode": "onsite",
                                "instructor": metadata.person(site.profile.owner, base_url)}
    if course.term:
        instance["name"] = course.term
    data["hasCourseInstance"] = instance
    return data


def _project_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    project: Project = spec.context["project"]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "CreativeWork", "additionalType": "Project",
                            "name": project.title, "creator": metadata.person(site.profile.owner, base_url),
                            **_url(base_url, spec.path)}
    if project.summary:
        data["abstract"] = project.summary
    if project.papers:
        data["citation"] = [
            {"@type": "ScholarlyArticle", "name": paper.title.plain, **_url(base_url, urls.paper(paper))}
            for paper in project.papers
        ]
    return data


def _article(kind: str, title: str, date: Any, spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": kind, "headline": title[:110], "name": title,
            "datePublished": date.isoformat(), "author": metadata.person(site.profile.owner, base_url),
            "description": spec.description, **_url(base_url, spec.path)}


def _post_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    post: Post = spec.context["post"]
    data = _article("BlogPosting", post.title, post.date, spec, site, base_url)
    if post.tags:
        data["keywords"] = [tag.name for tag in post.tags]
    return data


def _news_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    item: NewsItem = spec.context["item"]
    return _article("NewsArticle", item.title, item.date, spec, site, base_url)


def _cv_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    cv = spec.context["cv"]
    person = metadata.person(site.profile.owner, base_url)
    person["name"] = cv.name
    if cv.role:
        person["jobTitle"] = cv.role
    if cv.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": cv.affiliation}
    return {"@context": "https://schema.org", "@type": "ProfilePage", "name": spec.title, "mainEntity": person,
            **_url(base_url, spec.path)}


def _listing(items: Callable[[dict[str, Any]], list[tuple[str, str]]]) -> Callable[..., dict[str, Any]]:
    def data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
        return metadata.collection(spec.title, spec.description, spec.path, items(dict(spec.context)), base_url)
    return data


STRUCTURED: dict[str, Callable[[PageSpec, Site, str], dict[str, Any]]] = {
    "talk": _talk_data, "course": _course_data, "project": _project_data, "post": _post_data,
    "news_item": _news_data, "cv": _cv_data,
    "talks": _listing(lambda c: [(t.title, urls.talk(t)) for t in c["talks"]]),
    "teaching": _listing(lambda c: [(t.title, urls.course(t)) for t in c["courses"]]),
    "projects": _listing(lambda c: [(p.title, urls.project(p)) for p in c["projects"]]),
    "posts": _listing(lambda c: [(p.title, urls.post(p)) for p in c["posts"]]),
    "tag": _listing(lambda c: [(p.title, urls.post(p)) for p in c["posts"]]),
}
OG_TYPES = {"post": "article", "news_item": "article", "cv": "profile"}
