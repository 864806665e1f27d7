"""assemble(sources, config) -> Site: identities, merges, relations and orders, computed once."""

from __future__ import annotations

import difflib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from .. import urls
from ..errors import SiteError, SourceLocation
from ..read.taxonomy import arxiv_classes, resolve_code
from ..read.weblinks import RENAMED, safe_url
from ..words import counted
from . import documents as docs
from .buttons import entry_buttons
from .drafts import Draft, apply_overrides, assign_slugs, from_profiles, merge_bibtex
from .entities import Author, Category, CitationCount, Counted, Link, Paper, Profile, Site, Year
from .excerpt import list_excerpt
from .links import profile_links
from .marks import author_marks
from .mathtext import math_text
from .merge import merge_imports
from .metrics import metric_names, profile_metrics, shown_metrics, unknown_metrics
from .slugs import SlugRegistry, slug_of

if TYPE_CHECKING:
    from ..config import SiteConfig
    from ..read import Sources
    from ..read.content import RawDocument
    from ..report import Report

K = TypeVar("K")


def normalise_name(name: str) -> str:
    """Author identity: NFC with inner whitespace collapsed; equal strings are one author."""
    return " ".join(unicodedata.normalize("NFC", name).split())


class _People:
    """Author identities: aliases, slugs (owners first) and the extra facts from content/authors/."""

    def __init__(self, config: SiteConfig) -> None:
        self.aliases = {normalise_name(k): normalise_name(v) for k, v in config.author_aliases.items()}
        self.owner_names: set[str] = set()
        self.info: dict[str, dict[str, Any]] = {}
        self.authors: dict[str, Author] = {}
        self.slugs = SlugRegistry()

    def canonical(self, name: str) -> str:
        name = normalise_name(name)
        return self.aliases.get(name, name)

    def author(self, name: str) -> Author:
        name = self.canonical(name)
        found = self.authors.get(name)
        if found is None:
            found = Author(
                name, self.slugs.claim(name, fallback="author"), name in self.owner_names, **self.info.get(name, {})
            )
            self.authors[name] = found
        return found

    def read_author_documents(
        self, documents: tuple[RawDocument, ...], known_names: list[str], static_files: frozenset[str]
    ) -> None:
        """content/authors/<slug>.md: find whose file it is, then record aliases and facts."""
        author_documents = [document for document in documents if document.kind == "author"]
        by_slug: dict[str, str] = {}
        for known in known_names if author_documents else ():
            by_slug.setdefault(slug_of(self.canonical(known), "author"), self.canonical(known))
        for document in author_documents:
            name = normalise_name(str(document.meta["name"])) if "name" in document.meta else by_slug.get(document.name)
            if name is None:
                close = difflib.get_close_matches(document.name, list(by_slug), n=3, cutoff=0.4)
                hint = f"; closest: {', '.join(close)}" if close else ""
                raise SiteError(
                    document.location(),
                    f'no author has the slug "{document.name}"{hint}',
                    "a file named after an author's slug (see the author's URL)",
                )
            for alias in document.meta.get("aliases", []):
                self.aliases[normalise_name(str(alias))] = name
            meta = document.meta
            photo = _static_path(document, "photo", static_files)
            self.info[name] = {
                "affiliation": str(meta.get("affiliation", "")),
                "homepage": safe_url(str(meta.get("homepage", ""))) or "",
                "orcid": str(meta.get("orcid", "")),
                "photo": photo,
                "bio": docs.body(document) if document.body.strip() else None,
            }


def _static_path(document: RawDocument, key: str, static_files: frozenset[str]) -> str:
    value = str(document.meta.get(key, "")).strip().lstrip("/")
    if value and value not in static_files:
        raise SiteError(document.location(key), f'"{value}" is not in content/static/', "a file under content/static/")
    return value


def assemble(sources: Sources, config: SiteConfig, report: Report) -> Site:
    """Build the whole model from the raw inputs."""
    config_aliases = {normalise_name(k): normalise_name(v) for k, v in config.author_aliases.items()}
    owner_of = _import_owners(sources, config_aliases)
    drafts, index = from_profiles(sources.profiles)
    merge_bibtex(sources.bib_entries, drafts, index, report.warn)
    merge_imports(sources.imports, drafts, index, owner_of, report.warn)
    by_slug = assign_slugs(drafts)
    apply_overrides(
        sources.documents,
        by_slug,
        report.warn,
        canonical=lambda name: config_aliases.get(normalise_name(name), normalise_name(name)),
    )

    people = _People(config)
    for imported in sources.imports:  # the owner as the source spells them ("Q. Zhou") is the owner
        spelled = normalise_name(imported.person_name)
        if imported.path in owner_of and spelled and spelled != owner_of[imported.path]:
            people.aliases.setdefault(spelled, owner_of[imported.path])
    known = [raw.owner for raw in sources.profiles] + [name for draft in drafts for name in draft.names]
    people.read_author_documents(sources.documents, known, sources.static_files)
    people.owner_names = {people.canonical(raw.owner) for raw in sources.profiles}
    for name in sorted(people.owner_names):  # owners claim their slugs first: their URLs stay clean
        people.author(name)

    categories: dict[str, Category] = {}
    missing_owner: list[SourceLocation] = []
    papers = [_paper(draft, people, categories, config, report, missing_owner) for draft in drafts]
    if missing_owner:
        more = f" (and {counted(len(missing_owner) - 1, 'more paper')})" if len(missing_owner) > 1 else ""
        report.warn(
            missing_owner[0], f"the profile owner is not in this complete author list; listed after the others{more}"
        )
    papers.sort(key=newest_first)
    profiles = tuple(_profile(raw, people, papers, sources, config, report) for raw in sources.profiles)
    home = _home_profile(profiles, config, people)
    return _site(config, home, profiles, tuple(papers), people, categories, sources, report)


def newest_first(paper: Paper) -> tuple[int, ...]:
    """Newest first; a date known only to its year or month sorts after the dated papers of that
    year or month, never as if it were January 1."""
    month = paper.date.month if paper.date_precision != "year" else 0
    day = paper.date.day if paper.date_precision == "day" else 0
    return (-paper.date.year, -month, -day, paper.order)


def _import_owners(sources: Sources, aliases: dict[str, str]) -> dict[str, str]:
    """Whose papers each import file holds: the owner it names, or the only profile's owner."""
    owners = {aliases.get(normalise_name(raw.owner), normalise_name(raw.owner)) for raw in sources.profiles}
    found = {}
    for imported in sources.imports:
        name = normalise_name(imported.person_name)
        name = aliases.get(name, name)
        if name in owners:
            found[imported.path] = name
        elif len(owners) == 1:
            found[imported.path] = next(iter(owners))
    return found


def _category(
    code_or_id: str, categories: dict[str, Category], config: SiteConfig, location: SourceLocation, report: Report
) -> Category | None:
    found = categories.get(code_or_id)
    if found is not None:
        return found
    if "." in code_or_id or code_or_id in arxiv_classes():  # a full id from BibTeX's primaryClass
        entry = arxiv_classes().get(code_or_id)
        if entry is None:
            report.warn(location, f'unknown arXiv category "{code_or_id}"; ignored')
            return None
    else:
        entry = resolve_code(code_or_id, config.category_overrides)
    if entry is None:
        report.warn(location, f'unknown arXiv subject code "{code_or_id}"; shown by its code')
        found = Category(code_or_id, code_or_id, code_or_id, code_or_id.lower(), known=False)
    else:
        found = next((c for c in categories.values() if c.id == entry.id), None) or Category(
            entry.id, entry.code, entry.name, entry.id.lower().replace(".", "-"), known=True
        )
    categories[code_or_id] = found
    return found


def _paper(
    draft: Draft,
    people: _People,
    categories: dict[str, Category],
    config: SiteConfig,
    report: Report,
    missing_owner: list[SourceLocation],
) -> Paper:
    authors = tuple(dict.fromkeys(people.author(name) for name in draft.names))  # aliases may fold two names
    owners = tuple(dict.fromkeys(people.author(name) for name in draft.owners))
    hidden = tuple(owner for owner in owners if owner not in authors)
    if hidden and not draft.truncated:
        missing_owner.append(SourceLocation(draft.source.path, draft.authors_line))
    found = [_category(code, categories, config, draft.source, report) for code in draft.codes + draft.category_ids]
    links = paper_links(draft)
    marks = author_marks(authors + hidden, draft.name_marks, draft.explicit_marks, people.canonical, report.warn)
    paper = Paper(
        slug=draft.slug,
        title=math_text(draft.title),
        date=draft.date,
        date_precision=draft.date_precision,
        categories=tuple(dict.fromkeys(c for c in found if c is not None)),
        badges=draft.badges,
        authors=authors,
        authors_truncated=draft.truncated,
        hidden_owners=hidden,
        abstract=tuple(math_text(line) for line in draft.abstract),
        source=draft.source,
        order=draft.order,
        venue=draft.venue,
        venue_kind=draft.venue_kind,
        doi=draft.doi,
        arxiv_id=draft.arxiv_id,
        links=links,
        tags=tuple(draft.tags),
        selected=draft.selected or draft.slug in config.selected,
        notes=draft.notes,
        entry_type=draft.entry_type,
        note=draft.note,
        venue_short=draft.venue_short,
        volume=draft.volume,
        issue=draft.issue,
        pages=draft.pages,
        publisher=draft.publisher,
        arxiv_date=draft.arxiv_date if draft.arxiv_id or draft.codes else None,
        arxiv_date_precision=draft.arxiv_date_precision,
        dblp_key=draft.dblp,
        citation_counts=tuple(CitationCount(*count) for count in draft.citation_counts),
        award=draft.award,
        marks=marks,
    )
    shown, cut = list_excerpt(draft.abstract)
    listed = tuple(math_text(line) for line in shown) if cut else paper.abstract
    return replace(paper, buttons=entry_buttons(paper), list_abstract=listed, list_abstract_cut=cut)


def paper_links(draft: Draft) -> tuple[Link, ...]:
    """The owner's and the sources' links, then what the identifiers give: the PDF, arXiv, the DOI."""
    links = list(draft.links)
    labels = {link.label for link in links}
    derived = []
    if draft.pdf and "PDF" not in labels:
        derived.append(Link("PDF", draft.pdf))
    if draft.arxiv_id:
        derived += [
            Link("arXiv", urls.arxiv_abstract(draft.arxiv_id)),
            Link("arXiv PDF", urls.arxiv_pdf(draft.arxiv_id)),
        ]
    if draft.doi:
        derived.append(Link("DOI", urls.doi(draft.doi)))
    elif draft.url and "Publisher" not in labels:
        derived.append(Link("Publisher", draft.url))
    known = {link.url for link in links}
    return tuple(links + [link for link in derived if link.url not in known and link.label not in labels])


def _profile(
    raw: Any, people: _People, papers: list[Paper], sources: Sources, config: SiteConfig, report: Report
) -> Profile:
    owner = people.author(raw.owner)
    imported = [item for item in sources.imports if people.canonical(item.person_name or raw.owner) == owner.name]
    available = profile_metrics(raw.metrics, imported)
    metrics = shown_metrics(available, config.metrics)
    for name in unknown_metrics(available, config.metrics):
        report.warn(
            SourceLocation("site.yaml", config.lines.get("metrics", 0)),
            f'"metrics" names "{name}", which {raw.path} and its imports do not have; '
            f"they have: {', '.join(metric_names(available)) or 'no metrics'}",
        )
    mine = tuple(paper for paper in papers if owner in paper.all_authors)
    return Profile(owner, raw.links, metrics, mine, raw.path)


def _home_profile(profiles: tuple[Profile, ...], config: SiteConfig, people: _People) -> Profile:
    if not config.owner:
        return profiles[0]
    wanted = people.canonical(config.owner)
    found = next((p for p in profiles if p.owner.name == wanted), None)
    if found is None:
        names = ", ".join(f'"{p.owner.name}"' for p in profiles)
        raise SiteError(
            SourceLocation("site.yaml", config.lines.get("owner", 0)),
            f'"owner" is "{config.owner}", who has no profile in seeds/',
            f"one of: {names}",
        )
    return found


def _frozen(mapping: dict[K, list[Paper]]) -> Mapping[K, tuple[Paper, ...]]:
    return MappingProxyType({key: tuple(value) for key, value in mapping.items()})


def _site(
    config: SiteConfig,
    home: Profile,
    profiles: tuple[Profile, ...],
    papers: tuple[Paper, ...],
    people: _People,
    categories: dict[str, Category],
    sources: Sources,
    report: Report,
) -> Site:
    unknown = sorted(set(config.selected) - {paper.slug for paper in papers})
    if unknown:
        close = difflib.get_close_matches(unknown[0], [p.slug for p in papers], n=3, cutoff=0.4)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise SiteError(
            SourceLocation("site.yaml", config.lines.get("selected", 0)),
            f'"selected" names an unknown paper "{unknown[0]}"{hint}',
            "paper slugs",
        )
    by_author: dict[str, list[Paper]] = {}
    by_category: dict[str, list[Paper]] = {}
    by_year: dict[int, list[Paper]] = {}
    for paper in papers:
        for author in paper.all_authors:
            by_author.setdefault(author.slug, []).append(paper)
        for category in paper.categories:
            by_category.setdefault(category.slug, []).append(paper)
        by_year.setdefault(paper.year, []).append(paper)

    coauthors: dict[str, tuple[Counted, ...]] = {}
    for slug, own_papers in by_author.items():
        counts = Counter(a for paper in own_papers for a in paper.all_authors if a.slug != slug)
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0].name.casefold(), pair[0].slug))
        coauthors[slug] = tuple(Counted(author, count) for author, count in ranked)

    authors = sorted(
        (a for a in people.authors.values() if a.slug in by_author or a.is_owner),
        key=lambda a: (a.name.casefold(), a.slug),
    )
    unique_categories = {c.slug: c for c in categories.values()}.values()
    ordered_categories = sorted(unique_categories, key=lambda c: (-len(by_category.get(c.slug, ())), c.id))
    years = tuple(Year(value, str(value)) for value in sorted(by_year, reverse=True))
    about = next((d for d in sources.documents if d.kind == "about"), None)
    from .collections import gather

    collections = gather(sources.documents, papers, sources.static_files, home.papers)
    for old, new in RENAMED.items():
        if old in config.links:
            report.warn(
                SourceLocation("site.yaml", config.lines.get(f"links.{old}", 0)),
                f'"links.{old}" is read as "links.{new}"; rename the key to {new}'
                + (f" (links.{new} is given too and wins)" if new in config.links else ""),
            )
    return Site(
        title=config.title or (home.owner.name if config.home != "group" else "Research group"),
        description=config.description,
        profile=home,
        profiles=profiles,
        papers=papers,
        authors=tuple(authors),
        categories=tuple(ordered_categories),
        years=years,
        papers_by_author=_frozen(by_author),
        coauthors=MappingProxyType(coauthors),
        papers_by_category=_frozen(by_category),
        papers_by_year=_frozen(by_year),
        about=docs.body(about) if about is not None and about.body.strip() else None,
        photo=_static_path(about, "photo", sources.static_files) if about is not None else "",
        links=profile_links(config.links),
        pages=docs.pages(sources.documents, urls.RESERVED_SLUGS | collections.sections),
        news=docs.news(sources.documents),
        selected=tuple(p for p in papers if p.selected),
        group_home=config.home == "group",
        collections=collections,
    )
