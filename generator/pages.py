"""plan(site) -> PageSpecs: which pages exist and the ready objects each receives.

Pure: no file access, no Jinja. Templates only format what is planned here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from . import citation_styles, citations, collection_pages, metadata, photos, urls
from .citation_styles import Citations as FormattedCitations
from .citation_styles import FormattedCitation
from .citations import Citations
from .config import SiteConfig
from .metadata import Alternate, Head
from .model import Author, Category, Counted, Page, Paper, Site, Year, kinds
from .photos import Portrait
from .records import (
    AuthorPage,
    AuthorsPage,
    CategoriesPage,
    CategoryEntry,
    CategoryPage,
    ContentPage,
    HomePage,
    MonthGroup,
    NavItem,
    NewsPage,
    NotFoundPage,
    PageLink,
    PageSpec,
    Pagination,
    PaperPage,
    PapersPage,
    SiteInfo,
    TypeGroup,
    YearGroup,
    YearPage,
    YearsPage,
)
from .words import counted

RECENT_PAPERS = 20
TOP_COAUTHORS = 12
AUTHOR_PAGE_COAUTHORS = 100  # a 2,000-author paper must not give 2,000 pages of 2,000 names each
HOME_NEWS = 3
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def site_info(
    site: Site,
    config: SiteConfig,
    *,
    portrait: Portrait | None = None,
    extra_css: bool = False,
    formatted: Mapping[str, FormattedCitations] | None = None,
) -> SiteInfo:
    """What every page shows of the site. `formatted`: each paper's citations (made here when needed and not given)."""
    built_in = (
        NavItem("Home", urls.HOME, "home"),
        NavItem("Papers", urls.PAPERS, "papers"),
        *collection_pages.nav(site),
        *(NavItem(page.title, urls.page(page), f"page:{page.slug}") for page in site.pages if page.in_nav),
        *((NavItem("News", urls.NEWS, "news"),) if site.news else ()),
        NavItem("Authors", urls.AUTHORS, "authors"),
        NavItem("Categories", urls.CATEGORIES, "categories"),
        NavItem("Years", urls.YEARS, "years"),
    )
    nav = (
        *(item for item in built_in if item.section == "home" or config.in_menu(item.section)),
        *(NavItem(item.title, urls.from_config(item.url), f"extra:{item.url}") for item in config.nav),
    )
    share = photos.share_image(portrait, config.base_url, site.profile.owner.name) if portrait else None
    return SiteInfo(
        site.title,
        config.language,
        config.base_url,
        site.profile.owner.name,
        nav,
        config.footer,
        config.highlight_owner,
        config.role,
        config.affiliation,
        config.metrics_style,
        share,
        urls.EXTRA_CSS if extra_css else "",
        _list_citations(site, config, formatted),
        config.search,
    )


def _list_citations(
    site: Site, config: SiteConfig, formatted: Mapping[str, FormattedCitations] | None
) -> Mapping[str, FormattedCitation]:
    if not config.citation_style:
        return MappingProxyType({})
    if formatted is None:
        formatted = citation_styles.for_site(site.papers, citations.cite_keys(site.papers), config.base_url)
    return citation_styles.for_lists(formatted, config.citation_style)


def plan(
    site: Site,
    base_url: str = "",
    cited: Citations | None = None,
    *,
    per_page: int = 0,
    group_by: str = "year",
    portrait: Portrait | None = None,
    cv_pdf: bool = False,
    formatted: Mapping[str, FormattedCitations] | None = None,
) -> tuple[PageSpec, ...]:
    """Every page of the site, in a stable order, each with its <head> metadata.

    `cited` holds the BibTeX each paper page shows (made here when not given).
    `per_page` > 0 splits long lists (papers, authors, a category, a year) into pages of
    that many entries, so no page grows with the size of the site. `cv_pdf`: the site
    has /cv.pdf (typeset, or its own), so the CV page links it. `formatted`: each paper's
    citations in the four styles, by slug (made here when not given).
    """
    feeds = (Alternate(f"{site.title}: new papers", urls.absolute(base_url, urls.FEED)),) if base_url else ()
    cited = cited if cited is not None else citations.cite(site, base_url)
    if formatted is None:
        formatted = citation_styles.for_site(site.papers, cited.keys, cited.base_url)
    specs = _pages(site, base_url, cited, formatted, per_page, group_by, portrait, cv_pdf)
    return tuple(replace(spec, head=_head(spec, site, base_url, feeds)) for spec in specs)


def _pages(
    site: Site,
    base_url: str,
    cited: Citations,
    formatted: Mapping[str, FormattedCitations],
    per_page: int,
    group_by: str,
    portrait: Portrait | None,
    cv_pdf: bool,
) -> tuple[PageSpec, ...]:
    return (
        _home(site, portrait),
        *_papers_index(site, per_page, group_by),
        *(_paper(site, paper, cited, formatted[paper.slug]) for paper in site.papers),
        *_authors_index(site, per_page),
        *(_author(site, author) for author in site.authors),
        _categories_index(site),
        *(spec for category in site.categories for spec in _category(site, category, per_page)),
        _years_index(site),
        *(spec for year in site.years for spec in _year(site, year, per_page)),
        *(_page(page) for page in site.pages),
        *((_news(site),) if site.news else ()),
        *collection_pages.specs(site, cv_pdf=cv_pdf),
        NotFoundPage(
            path=urls.NOT_FOUND,
            title="Page not found",
            description=f"This page does not exist on {site.title}.",
            section="",
        ),
    )


def _counts(items: tuple[Any, ...], papers: Mapping[Any, tuple[Paper, ...]], key: str) -> tuple[Counted, ...]:
    return tuple(Counted(item, len(papers.get(getattr(item, key), ()))) for item in items)


def _home(site: Site, portrait: Portrait | None = None) -> PageSpec:
    profile = site.profile
    owner = profile.owner
    # A lab site's home lists everyone's papers; a person's home lists their own.
    papers = site.papers if site.group_home else profile.papers
    # the selected papers are shown first, so the recent ones are the others
    recent = tuple(paper for paper in papers if not paper.selected)[:RECENT_PAPERS]
    if site.description:
        description = site.description
    elif site.group_home:
        description = f"{site.title}: {counted(len(site.profiles), 'member')}, {counted(len(site.papers), 'paper')}."
    else:
        description = f"{owner.name}: research profile with {counted(len(papers), 'paper')}."
    members = tuple(Counted(p.owner, len(site.papers_by_author.get(p.owner.slug, ()))) for p in site.profiles)
    profile_pages = {page.title.casefold(): page for page in site.pages}
    if site.collections is not None and site.collections.cv is not None:
        profile_pages.setdefault("cv", urls.CV)  # type: ignore[arg-type]  # the CV from cv.yaml
    labelled = tuple(
        (label, urls.path_of(profile_pages[label.casefold()]))
        for label in profile.links
        if label.casefold() in profile_pages
    )
    return HomePage(
        path=urls.HOME,
        title=site.title,
        description=description,
        section="home",
        profile=profile,
        recent_papers=recent,
        more_papers=len(papers) > len(recent) + sum(paper.selected for paper in papers),
        paper_count=len(papers),
        about=site.about,
        photo=site.photo,
        portrait=portrait,
        links=site.links,
        page_links=labelled,
        news=site.news[:HOME_NEWS],
        more_news=len(site.news) > HOME_NEWS,
        selected=site.selected,
        group=site.group_home,
        members=members if site.group_home else (),
        categories=_counts(site.categories, site.papers_by_category, "slug"),
        coauthors=() if site.group_home else site.coauthors.get(owner.slug, ())[:TOP_COAUTHORS],
    )


def _split(path: str, items: tuple[Any, ...], per_page: int) -> list[tuple[str, tuple[Any, ...], Pagination | None]]:
    """(path, entries, pagination) for each page of a list; one page when it is short enough."""
    if per_page <= 0 or len(items) <= per_page:
        return [(path, items, None)]
    chunks = [items[start : start + per_page] for start in range(0, len(items), per_page)]
    paths = [path] + [urls.list_page(path, number) for number in range(2, len(chunks) + 1)]
    links = tuple(PageLink(number, page_path) for number, page_path in enumerate(paths, start=1))
    return [
        (
            paths[index],
            chunk,
            Pagination(
                index + 1,
                len(chunks),
                paths[index - 1] if index else "",
                paths[index + 1] if index + 1 < len(chunks) else "",
                links,
            ),
        )
        for index, chunk in enumerate(chunks)
    ]


def _numbered(title: str, pagination: Pagination | None) -> str:
    return (
        f"{title} (page {pagination.number} of {pagination.total})" if pagination and pagination.number > 1 else title
    )


def _papers_index(site: Site, per_page: int, group_by: str) -> tuple[PageSpec, ...]:
    specs = []
    ordered = site.papers
    if group_by == "type":  # newest first within each kind; the kinds in their fixed order
        ordered = tuple(sorted(site.papers, key=lambda paper: kinds.ORDER[kinds.kind(paper)]))
    for path, papers, pagination in _split(urls.PAPERS, ordered, per_page):
        groups: tuple[YearGroup | TypeGroup, ...]
        if group_by == "type":
            by_kind: dict[kinds.PublicationKind, list[Paper]] = {}
            for paper in papers:
                by_kind.setdefault(kinds.kind(paper), []).append(paper)
            groups = tuple(TypeGroup(slug, kinds.HEADINGS[slug], tuple(found)) for slug, found in by_kind.items())
        else:
            years: dict[int, list[Paper]] = {}
            for paper in papers:
                years.setdefault(paper.year, []).append(paper)
            groups = tuple(YearGroup(year, tuple(years[year.value])) for year in site.years if year.value in years)
        description = (
            f"All {counted(len(site.papers), 'paper')} of {site.title}."
            if len(site.papers) != 1
            else f"The one paper of {site.title}."
        )
        specs.append(
            PapersPage(
                path=path,
                title=_numbered("Papers", pagination),
                description=description,
                section="papers",
                groups=groups,
                group_by=group_by,
                paper_count=len(site.papers),
                pagination=pagination,
            )
        )
    return tuple(specs)


def _paper(site: Site, paper: Paper, cited: Citations, formatted: FormattedCitations) -> PageSpec:
    names = metadata.credit_text(paper) if paper.authors_cut else ", ".join(a.name for a in paper.all_authors)
    description = f"{paper.title.plain} ({paper.date.year}) by {names}"
    return PaperPage(
        path=urls.paper(paper),
        title=paper.title.plain,
        description=description,
        section="papers",
        paper=paper,
        bibtex=cited.bibtex[paper.slug],
        bibtex_path=urls.paper_bibtex(paper),
        citations=formatted,
        talks=collection_pages.citing_talks(site, paper.slug),
        projects=collection_pages.citing_projects(site, paper.slug),
    )


def _authors_index(site: Site, per_page: int) -> tuple[PageSpec, ...]:
    entries = _counts(site.authors, site.papers_by_author, "slug")
    return tuple(
        AuthorsPage(
            path=path,
            title=_numbered("Authors", pagination),
            description=f"The {counted(len(site.authors), 'author')} of the papers on {site.title}.",
            section="authors",
            authors=chunk,
            author_count=len(site.authors),
            pagination=pagination,
        )
        for path, chunk, pagination in _split(urls.AUTHORS, entries, per_page)
    )


def _author(site: Site, author: Author) -> PageSpec:
    papers = site.papers_by_author.get(author.slug, ())
    coauthors = site.coauthors.get(author.slug, ())
    description = f"{author.name}: {counted(len(papers), 'paper')} on {site.title}."
    return AuthorPage(
        path=urls.author(author),
        title=author.name,
        description=description,
        section="authors",
        author=author,
        papers=papers,
        coauthors=coauthors[:AUTHOR_PAGE_COAUTHORS],
        coauthor_count=len(coauthors),
    )


def _categories_index(site: Site) -> PageSpec:
    return CategoriesPage(
        path=urls.CATEGORIES,
        title="Categories",
        description=f"The arXiv subject categories of the papers on {site.title}.",
        section="categories",
        categories=_counts(site.categories, site.papers_by_category, "slug"),
    )


def _category(site: Site, category: Category, per_page: int) -> tuple[PageSpec, ...]:
    papers = site.papers_by_category.get(category.slug, ())
    entries = tuple(CategoryEntry(paper, paper.primary_category == category) for paper in papers)
    title = f"{category.name} ({category.id})" if category.known else category.id
    return tuple(
        CategoryPage(
            path=path,
            title=_numbered(title, pagination),
            description=f"{counted(len(papers), 'paper')} in {title} on {site.title}.",
            section="categories",
            category=category,
            entries=chunk,
            paper_count=len(papers),
            pagination=pagination,
        )
        for path, chunk, pagination in _split(urls.category(category), entries, per_page)
    )


def _years_index(site: Site) -> PageSpec:
    return YearsPage(
        path=urls.YEARS,
        title="Years",
        description=f"Papers on {site.title} by year.",
        section="years",
        years=_counts(site.years, site.papers_by_year, "value"),
    )


def _year(site: Site, year: Year, per_page: int) -> tuple[PageSpec, ...]:
    papers = site.papers_by_year[year.value]
    specs = []
    for path, chunk, pagination in _split(urls.year(year), papers, per_page):
        months: dict[int, list[Paper]] = {}
        for paper in chunk:  # a paper dated only by its year is in no month, never in January
            months.setdefault(paper.date.month if paper.date_precision != "year" else 0, []).append(paper)
        groups = tuple(
            MonthGroup(f"{MONTH_NAMES[m - 1]} {year.value}" if m else f"{year.value}, month not given", tuple(ps))
            for m, ps in months.items()
        )
        specs.append(
            YearPage(
                path=path,
                title=_numbered(f"Papers from {year.value}", pagination),
                description=f"{counted(len(papers), 'paper')} from {year.value} on {site.title}.",
                section="years",
                year=year,
                months=groups,
                paper_count=len(papers),
                pagination=pagination,
            )
        )
    return tuple(specs)


def _page(page: Page) -> PageSpec:
    description = page.description or f"{page.title}."
    return ContentPage(
        path=urls.page(page), title=page.title, description=description, section=f"page:{page.slug}", content=page
    )


def _news(site: Site) -> PageSpec:
    return NewsPage(
        path=urls.NEWS, title="News", description=f"News from {site.title}.", section="news", items=site.news
    )


COLLECTION_ITEMS = 200  # JSON-LD lists stay small on huge sites; numberOfItems tells the total


def _head(spec: PageSpec, site: Site, base_url: str, feeds: tuple[Alternate, ...]) -> Head:
    """The metadata of one page, chosen by its kind, with its JSON-LD as plain data."""
    canonical = urls.absolute(base_url, spec.path) if base_url and spec.kind != "404" else ""
    citation: tuple[tuple[str, str], ...] = ()
    og_type = OG_TYPES.get(spec.kind, collection_pages.OG_TYPES.get(spec.kind, "website"))
    alternates = feeds + collection_pages.alternates(spec, site, base_url)
    if isinstance(spec, PaperPage):
        citation = metadata.citation_tags(spec.paper, base_url)
    elif isinstance(spec, CategoryPage) and base_url:
        feed = urls.absolute(base_url, urls.category_feed(spec.category))
        alternates = (*feeds, Alternate(f"{spec.title}: new papers", feed))
    return Head(canonical, og_type, citation, _structured_data(spec, site, base_url), alternates)


OG_TYPES = {"home": "profile", "paper": "article", "author": "profile"}


def _structured_data(spec: PageSpec, site: Site, base_url: str) -> dict[str, Any]:
    if isinstance(spec, HomePage):
        return metadata.home_graph(site, base_url)
    if isinstance(spec, PaperPage):
        return metadata.scholarly_article(spec.paper, base_url)
    if isinstance(spec, AuthorPage):
        return {"@context": "https://schema.org", **metadata.person(spec.author, base_url)}
    collection = collection_pages.structured_data(spec, site, base_url)
    if collection is not None:
        return collection
    items = _listed(spec)
    if items is not None:
        data = metadata.collection(spec.title, spec.description, spec.path, items[:COLLECTION_ITEMS], base_url)
        data["mainEntity"]["numberOfItems"] = len(items)
        return data
    return {"@context": "https://schema.org", "@type": "WebPage", "name": spec.title}


def _paper_items(papers: Iterable[Paper]) -> list[tuple[str, str]]:
    return [(paper.title.plain, urls.paper(paper)) for paper in papers]


def _listed(spec: PageSpec) -> list[tuple[str, str]] | None:
    """(name, site path) of each entry of a list page, in order; None for other pages."""
    if isinstance(spec, PapersPage):
        return [item for group in spec.groups for item in _paper_items(group.papers)]
    if isinstance(spec, YearPage):
        return [item for month in spec.months for item in _paper_items(month.papers)]
    if isinstance(spec, CategoryPage):
        return _paper_items(entry.paper for entry in spec.entries)
    if isinstance(spec, AuthorsPage):
        return [(entry.item.name, urls.author(entry.item)) for entry in spec.authors]  # type: ignore[union-attr]
    if isinstance(spec, CategoriesPage):
        return [(entry.item.name, urls.category(entry.item)) for entry in spec.categories]  # type: ignore[union-attr]
    if isinstance(spec, YearsPage):
        return [(str(entry.item.value), urls.year(entry.item)) for entry in spec.years]  # type: ignore[union-attr]
    if isinstance(spec, NewsPage):
        return [(item.title, urls.news_item(item)) for item in spec.items]
    return None
