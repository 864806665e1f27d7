"""The CV: cv.yaml's own sections with the owner's papers, talks and teaching added from the model.

The HTML page and the PDF both show this one record, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..read.cv import SECTIONS
from .entities import Link, Paper

if TYPE_CHECKING:
    from ..read.content import RawDocument
    from .collections import Course, Talk

PUBLICATIONS = "Publications"
SKILLS = "Skills"


@dataclass(frozen=True, slots=True)
class CVEntry:
    """One line of a CV section. `link` is a full URL, a site path ("cv.pdf") or the talk or course
    the entry stands for; "" for none."""

    title: str
    where: str = ""
    when: str = ""
    location: str = ""
    details: str = ""
    link: str | Talk | Course = ""


@dataclass(frozen=True, slots=True)
class CVSection:
    key: str
    title: str
    entries: tuple[CVEntry, ...]


@dataclass(frozen=True, slots=True)
class Skill:
    label: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CV:
    """`sections` are in display order; publications sit after `before_publications` of them."""

    name: str
    role: str
    affiliation: str
    location: str
    summary: str
    contact: tuple[Link, ...]
    sections: tuple[CVSection, ...]
    before_publications: int
    publications: tuple[Paper, ...]
    publications_title: str
    skills: tuple[Skill, ...]
    source: str

    @property
    def section_titles(self) -> tuple[str, ...]:
        """Every heading the CV shows, in order."""
        titles = [section.title for section in self.sections]
        if self.publications:
            titles.insert(self.before_publications, self.publications_title)
        if self.skills:
            titles.append(SKILLS)
        return tuple(titles)


def _entry(data: Mapping[str, Any]) -> CVEntry:
    url = str(data.get("url", ""))
    return CVEntry(
        str(data["title"]),
        str(data.get("where", "")),
        str(data.get("when", "")),
        str(data.get("location", "")),
        str(data.get("details", "")),
        url.lstrip("/"),
    )


def _contact(profile: Mapping[str, Any]) -> tuple[Link, ...]:
    links = []
    if profile.get("email"):
        links.append(Link(str(profile["email"]), f"mailto:{profile['email']}"))
    if profile.get("website"):
        links.append(
            Link(
                str(profile["website"]).removeprefix("https://").removeprefix("http://").rstrip("/"),
                str(profile["website"]),
            )
        )
    if profile.get("orcid"):
        links.append(Link(f"ORCID {profile['orcid']}", f"https://orcid.org/{profile['orcid']}"))
    if profile.get("phone"):
        links.append(Link(str(profile["phone"]), ""))
    return tuple(links)


def compose(
    raw: RawDocument, owner_papers: tuple[Paper, ...], talks: tuple[Talk, ...], courses: tuple[Course, ...]
) -> CV:
    """The CV of `raw`, with the owner's papers and the talks and courses of the collections."""
    data = raw.meta
    profile = data["profile"]
    from_collections: dict[str, list[CVEntry]] = {
        "talks": [CVEntry(talk.title, talk.event, talk.date.isoformat(), talk.location, "", talk) for talk in talks],
        "teaching": [
            CVEntry(course.title, course.institution, course.term, "", course.role, course) for course in courses
        ],
    }
    sections = []
    for key, title in SECTIONS.items():
        entries = from_collections.get(key, []) + [_entry(item) for item in data.get(key, [])]
        if entries:
            sections.append(CVSection(key, title, tuple(entries)))
    before = sum(1 for section in sections if section.key in ("education", "positions", "awards", "grants"))
    for number, custom in enumerate(data.get("sections", []), start=1):
        sections.append(
            CVSection(f"section-{number}", str(custom["title"]), tuple(_entry(item) for item in custom["entries"]))
        )
    which = data.get("publications", "all")
    papers = (
        () if which == "none" else tuple(p for p in owner_papers if p.selected) if which == "selected" else owner_papers
    )
    return CV(
        name=str(profile["name"]),
        role=str(profile.get("role", "")),
        affiliation=str(profile.get("affiliation", "")),
        location=str(profile.get("location", "")),
        summary=str(profile.get("summary", "")),
        contact=_contact(profile),
        sections=tuple(sections),
        before_publications=before,
        publications=papers,
        publications_title="Selected publications" if which == "selected" else PUBLICATIONS,
        skills=tuple(Skill(str(s["label"]), tuple(str(i) for i in s["items"])) for s in data.get("skills", [])),
        source=raw.path,
    )
