"""What each page says about itself in <head>: canonical URL, OpenGraph, Google
Scholar's `citation_*` tags and schema.org JSON-LD.

Everything here is plain text or data; the theme only prints it. JSON-LD is
serialised with `<`, `>` and `&` escaped so no title can end the script element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from . import urls

if TYPE_CHECKING:
    from .model import Author, Paper, Site


@dataclass(frozen=True, slots=True)
class Alternate:
    title: str
    href: str  # absolute URL


@dataclass(frozen=True, slots=True)
class Head:
    """Metadata for one page. `canonical` is "" when the site has no base_url.

    `data` is the page's schema.org JSON-LD as plain data; `jsonld` serialises it
    when a template asks, so pages that are not rendered again never pay for that.
    """

    canonical: str
    og_type: str
    citation: tuple[tuple[str, str], ...]
    data: Mapping[str, Any]
    alternates: tuple[Alternate, ...]

    @property
    def jsonld(self) -> Markup:
        return json_for_script(self.data)


def json_for_script(data: Any) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def absolute(base_url: str, path: str) -> str:
    return urls.absolute(base_url, path) if base_url else ""


def person(author: Author, base_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": author.name}
    if base_url:
        data["url"] = absolute(base_url, urls.author(author))
    same_as = [url for url in (author.homepage, urls.orcid(author.orcid) if author.orcid else "") if url]
    if same_as:
        data["sameAs"] = same_as
    return data


def scholar_date(paper: Paper) -> str:
    """YYYY/MM/DD, shortened to what is known, as Google Scholar asks."""
    parts = [f"{paper.date.year:04d}"]
    if paper.date_precision in ("month", "day"):
        parts.append(f"{paper.date.month:02d}")
    if paper.date_precision == "day":
        parts.append(f"{paper.date.day:02d}")
    return "/".join(parts)


def listed_authors(paper: Paper) -> tuple[Author, ...]:
    """The authors an export may state in order: all of them when the list is complete; when it
    is cut, only the listed ones (a hidden owner's place is unknown, so they get none)."""
    return paper.authors if paper.authors_cut else paper.all_authors


def credit_text(paper: Paper) -> str:
    """A cut author list in words, as the page prints it: "A, B, C et al.; also by D"."""
    also = f"; also by {', '.join(a.name for a in paper.hidden_owners)}" if paper.hidden_owners else ""
    return f"{', '.join(a.name for a in paper.authors)} et al.{also}"


def citation_tags(paper: Paper, base_url: str) -> tuple[tuple[str, str], ...]:
    tags = [("citation_title", paper.title.plain)]
    tags += [("citation_author", author.name) for author in listed_authors(paper)]
    tags.append(("citation_publication_date", scholar_date(paper)))
    if paper.show_arxiv_date and paper.arxiv_date is not None:
        tags.append(("citation_online_date", "/".join(paper.arxiv_date_iso.split("-"))))
    if base_url:
        tags.append(("citation_abstract_html_url", absolute(base_url, urls.paper(paper))))
    pdf = paper.pdf_url
    if pdf:
        tags.append(("citation_pdf_url", pdf if urls.is_external(pdf) else absolute(base_url, urls.from_config(pdf))))
    if paper.doi:
        tags.append(("citation_doi", paper.doi))
    if paper.venue:
        kind = "citation_journal_title" if paper.venue_kind == "journal" else "citation_conference_title"
        tags.append((kind, paper.venue))
    for name, value in (
        ("citation_volume", paper.volume),
        ("citation_issue", paper.issue),
        ("citation_publisher", paper.publisher),
    ):
        tags.append((name, value))
    first, _, last = paper.pages.partition("-")
    tags += [("citation_firstpage", first), ("citation_lastpage", last)]
    if paper.arxiv_id:
        tags.append(("citation_arxiv_id", paper.arxiv_id))
    return tuple((name, value) for name, value in tags if value)


def scholarly_article(paper: Paper, base_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "name": paper.title.plain,
        "headline": paper.title.plain[:110],
        "author": [person(author, base_url) for author in listed_authors(paper)],
        "datePublished": paper.date_iso,
    }
    if paper.authors_cut:  # the author list above is not the whole list: say so in words
        data["creditText"] = credit_text(paper)
    if paper.abstract:
        data["abstract"] = "\n\n".join(part.plain for part in paper.abstract)
    if paper.categories:
        data["about"] = [{"@type": "Thing", "name": c.name, "identifier": c.id} for c in paper.categories]
        data["genre"] = paper.categories[0].name
    if base_url:
        data["url"] = absolute(base_url, urls.paper(paper))
    same_as = ([urls.arxiv_abstract(paper.arxiv_id)] if paper.arxiv_id else []) + (
        [urls.doi(paper.doi)] if paper.doi else []
    )
    if same_as:
        data["sameAs"] = same_as
    if paper.tags:
        data["keywords"] = list(paper.tags)
    if paper.award:  # schema.org CreativeWork.award: "an award won by or for this item"
        data["award"] = paper.award
    if paper.venue:
        data["isPartOf"] = part_of(paper)
    if paper.pages:
        first, _, last = paper.pages.partition("-")
        data.update({"pagination": paper.pages, "pageStart": first, **({"pageEnd": last} if last else {})})
    if paper.publisher:
        data["publisher"] = {"@type": "Organization", "name": paper.publisher}
    return data


def part_of(paper: Paper) -> dict[str, Any]:
    """The venue, nested as schema.org nests journals: issue in volume in periodical."""
    if paper.venue_kind != "journal":
        return {"@type": "PublicationEvent", "name": paper.venue}
    part: dict[str, Any] = {"@type": "Periodical", "name": paper.venue}
    if paper.volume:
        part = {"@type": "PublicationVolume", "volumeNumber": paper.volume, "isPartOf": part}
    if paper.issue:
        part = {"@type": "PublicationIssue", "issueNumber": paper.issue, "isPartOf": part}
    return part


def home_graph(site: Site, base_url: str) -> dict[str, Any]:
    owner = person(site.profile.owner, base_url)
    owner["sameAs"] = [link.url for link in site.links if link.url.startswith("http")] + owner.get("sameAs", [])
    if not owner["sameAs"]:
        del owner["sameAs"]
    if base_url:
        owner["url"] = base_url
    website: dict[str, Any] = {"@type": "WebSite", "name": site.title}
    if base_url:
        website["url"] = base_url
    return {"@context": "https://schema.org", "@graph": [website, owner]}


def collection(name: str, description: str, path: str, items: list[tuple[str, str]], base_url: str) -> dict[str, Any]:
    """CollectionPage with an ItemList of (name, site path) entries."""
    elements = []
    for position, (item_name, item_path) in enumerate(items, start=1):
        element: dict[str, Any] = {"@type": "ListItem", "position": position, "name": item_name}
        if base_url:
            element["url"] = absolute(base_url, item_path)
        elements.append(element)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "description": description,
        "mainEntity": {"@type": "ItemList", "numberOfItems": len(items), "itemListElement": elements},
    }
    if base_url:
        data["url"] = absolute(base_url, path)
    return data
