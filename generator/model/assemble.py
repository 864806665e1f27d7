"""assemble(sources, config) -> Site: identities, relations and orders, computed once."""

from __future__ import annotations

import unicodedata
from collections import Counter
from types import MappingProxyType
from typing import TYPE_CHECKING

from generator.errors import SourceLocation
from generator.model.entities import Author, Category, Counted, Metric, Paper, Profile, Site, Year
from generator.model.mathtext import text
from generator.model.slugs import SlugRegistry
from generator.model.taxonomy import resolve_code

if TYPE_CHECKING:
    from generator.config import SiteConfig
    from generator.read import Sources
    from generator.read.seeds import RawPaper, RawProfile
    from generator.report import Report


def normalise_name(name: str) -> str:
    """Author identity: NFC with inner whitespace collapsed; equal strings are one author."""
    return " ".join(unicodedata.normalize("NFC", name).split())


class _Builder:
    """Holds the registries used while assembling; thrown away afterwards."""

    def __init__(self, config: SiteConfig, owners: list[str], report: Report) -> None:
        self.config = config
        self.report = report
        self.aliases = {normalise_name(k): normalise_name(v) for k, v in config.author_aliases.items()}
        self.owner_names = {self.canonical(name) for name in owners}
        self.authors: dict[str, Author] = {}
        self.author_slugs = SlugRegistry()
        self.categories: dict[str, Category] = {}

    def canonical(self, name: str) -> str:
        name = normalise_name(name)
        return self.aliases.get(name, name)

    def author(self, name: str) -> Author:
        name = self.canonical(name)
        found = self.authors.get(name)
        if found is None:
            slug = self.author_slugs.claim(name, fallback="author")
            found = self.authors[name] = Author(name, slug, is_owner=name in self.owner_names)
        return found

    def category(self, code: str, location: SourceLocation) -> Category:
        found = self.categories.get(code)
        if found is None:
            entry = resolve_code(code, self.config.category_overrides)
            if entry is None:
                self.report.warn(location, f'unknown arXiv subject code "{code}"; shown by its code')
                found = Category(code, code, code, code.lower(), known=False)
            else:
                found = Category(entry.id, code, entry.name, entry.id.lower().replace(".", "-"), known=True)
            self.categories[code] = found
        return found


def assemble(sources: Sources, config: SiteConfig, report: Report) -> Site:
    """Build the whole model from the raw profiles."""
    builder = _Builder(config, [raw.owner for raw in sources.profiles], report)
    for name in sorted(builder.owner_names):  # owners claim their slugs first: their URLs stay clean
        builder.author(name)

    raw_papers: list[tuple[RawProfile, RawPaper]] = [
        (profile, paper) for profile in sources.profiles for paper in profile.papers
    ]
    # Oldest first when handing out slugs, so a newly added paper with an
    # existing title gets the suffix and old URLs stay where they were.
    claim_order = sorted(range(len(raw_papers)), key=lambda i: (raw_papers[i][1].date, i))
    paper_slugs = SlugRegistry()
    slugs = {i: paper_slugs.claim(text(raw_papers[i][1].title).plain, fallback="paper") for i in claim_order}
    papers = [_paper(builder, profile, raw, slugs[i], i) for i, (profile, raw) in enumerate(raw_papers)]
    papers.sort(key=lambda paper: (-paper.date.toordinal(), paper.order))

    profiles = tuple(_profile(builder, raw, papers) for raw in sources.profiles)
    home = _home_profile(profiles, config)
    return _relations(config.title or home.owner.name, home, profiles, tuple(papers), builder)


def _paper(builder: _Builder, profile: RawProfile, raw: RawPaper, slug: str, order: int) -> Paper:
    location = SourceLocation(profile.path, raw.line)
    owner = builder.author(profile.owner)
    authors: list[Author] = []
    for name in raw.authors:
        author = builder.author(name)
        if author not in authors:  # an alias can fold two listed names into one person
            authors.append(author)
    owner_hidden = owner not in authors
    if owner_hidden and not raw.authors_truncated:
        builder.report.warn(
            SourceLocation(profile.path, raw.authors_line),
            f'the profile owner "{owner.name}" is not in this complete author list; listed after the others',
        )
    categories = tuple(dict.fromkeys(builder.category(code, location) for code in raw.codes))
    return Paper(
        slug=slug, title=text(raw.title), date=raw.date, categories=categories, badges=raw.badges,
        authors=tuple(authors), authors_truncated=raw.authors_truncated, owner=owner,
        owner_hidden=owner_hidden, abstract=tuple(text(line) for line in raw.abstract),
        source=location, order=order,
    )


def _profile(builder: _Builder, raw: RawProfile, papers: list[Paper]) -> Profile:
    owner = builder.author(raw.owner)
    metrics = tuple(Metric(m.label, m.value, m.unit) for m in raw.metrics)
    mine = tuple(paper for paper in papers if paper.source.path == raw.path)
    return Profile(owner, raw.links, metrics, mine, raw.path)


def _home_profile(profiles: tuple[Profile, ...], config: SiteConfig) -> Profile:
    if config.owner:
        for profile in profiles:
            if profile.owner.name == normalise_name(config.owner):
                return profile
    return profiles[0]


def _relations(title: str, home: Profile, profiles: tuple[Profile, ...], papers: tuple[Paper, ...],
               builder: _Builder) -> Site:
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
        (a for a in builder.authors.values() if a.slug in by_author or a.is_owner),
        key=lambda a: (a.name.casefold(), a.slug),
    )
    categories = sorted(
        builder.categories.values(), key=lambda c: (-len(by_category.get(c.slug, ())), c.id)
    )
    years = tuple(Year(value, str(value)) for value in sorted(by_year, reverse=True))
    freeze = lambda mapping: MappingProxyType({k: tuple(v) for k, v in mapping.items()})  # noqa: E731
    return Site(
        title=title, profile=home, profiles=profiles, papers=papers, authors=tuple(authors),
        categories=tuple(categories), years=years, papers_by_author=freeze(by_author),
        coauthors=MappingProxyType(coauthors), papers_by_category=freeze(by_category),
        papers_by_year=freeze(by_year),
    )
