"""The four styles, each a function from a CSL-JSON item to rich text.

Each follows its official CSL style (APA 7th, IEEE, Chicago author-date 17th, MLA 9th) for the
item types the site exports: article-journal, paper-conference, chapter, article (a preprint),
book, thesis, report and manuscript. The branches name the CSL macros they stand for.
"""

from __future__ import annotations

from typing import Any

from . import names as people
from . import parts
from .rich import Node, field, group, labelled, span, text
from .titlecase import title_case

Item = dict[str, Any]
CONTAINED = ("article-journal", "paper-conference", "chapter")


def _field(item: Item, name: str, titled: bool = False) -> tuple[Node, ...]:
    value = str(item.get(name, "") or "")
    return field(title_case(value) if titled else value)


def _pages(item: Item, form: str, label: bool = False) -> tuple[Node, ...]:
    pages = str(item.get("page", "") or "")
    if not pages:
        return ()
    shown = parts.page_range(pages, form)
    return text(("pp. " if parts.is_range(pages) else "p. ") + shown if label else shown)


def apa(item: Item) -> tuple[Node, ...]:
    kind = item.get("type", "")
    title = _field(item, "title")
    online = bool(item.get("DOI") or item.get("URL"))
    contained = kind in CONTAINED or (kind == "article" and bool(item.get("container-title")))
    if contained:
        heading = title
    else:
        # a thesis names its university in brackets when it is read online, else as its publisher
        bracket = (
            group(", ", _field(item, "genre"), _field(item, "publisher") if online else ()) if kind == "thesis" else ()
        )
        number = group(
            "; ",
            labelled("No.", _field(item, "number")) if kind in ("article", "report") else (),
            _pages(item, "expanded", label=True),
        )
        heading = group(
            " ", span("i", title), group("", number, prefix="(", suffix=")"), group("", bracket, prefix="[", suffix="]")
        )
    if kind in ("article-journal", "paper-conference"):  # a periodical: its title in title case
        volume = _field(item, "volume") or _field(item, "issue")
        issue = _field(item, "issue") if item.get("volume") else ()
        source = group(
            ", ",
            span("i", _field(item, "container-title", titled=True)),
            group("", span("i", volume), group("", issue, prefix="(", suffix=")")),
            _pages(item, "expanded"),
        )
    elif contained:  # a chapter, or a preprint in a collection
        pages = group("", _pages(item, "expanded", label=True), prefix="(", suffix=")")
        source = group(
            ". ",
            labelled("In", group(" ", span("i", _field(item, "container-title")), pages)),
            _field(item, "publisher"),
        )
    elif kind == "thesis":
        source = () if online else _field(item, "publisher")
    else:
        source = group(". ", span("i", _field(item, "container-title")), _field(item, "publisher"))
    date = group("", text(parts.year(item)) or text("n.d."), prefix="(", suffix=")")
    body = group(
        ". ", group(" ", group("", people.apa(people.names(item)), suffix="."), date), heading, source, suffix="."
    )
    return group(" ", body, text(parts.link(item)))


def ieee(item: Item) -> tuple[Node, ...]:
    kind = item.get("type", "")
    title = span("i", _field(item, "title")) if kind == "book" else span("quote", _field(item, "title"))
    container = span("i", _field(item, "container-title"))
    issued = text(parts.ieee_date(item))
    volume = labelled("vol.", _field(item, "volume"))
    locators = group(", ", volume, labelled("no.", _field(item, "issue")))
    pages = _pages(item, "", label=True)
    publisher = _field(item, "publisher")
    authors = group("", people.ieee(people.names(item)), suffix=", ")
    if kind == "article-journal":
        short = item.get("container-title-short")
        journal = span("i", field(str(short))) if short else container
        body = group(", ", title, journal, locators, pages, issued)
        body += text("," if item.get("DOI") or item.get("URL") else ".")
    elif kind == "paper-conference":
        body = group(", ", title, labelled("in", container), suffix=", ")
        body += group(", ", publisher, issued, pages, suffix=".")
    elif kind == "chapter":
        body = group(", ", title, labelled("in", container), locators, publisher, issued, pages, suffix=".")
    elif kind == "report":
        body = group(", ", title, publisher, _field(item, "number"), issued, suffix=".")
    elif kind == "thesis":
        body = group(", ", title, _field(item, "genre"), publisher, issued, suffix=".")
    elif kind == "article":
        body = group(", ", title, issued, group(": ", span("i", publisher), _field(item, "number")), suffix=".")
    elif kind == "book":
        body = group(", ", title, locators, suffix=". ") + group(", ", publisher, issued, pages, suffix=".")
    else:  # manuscript and the rest: the style's catch-all branch
        body = group(", ", title, container, locators, publisher, pages, issued, suffix=".")
    if item.get("DOI"):
        access = text(f" doi: {item['DOI']}.")
    elif item.get("URL"):
        access = text(f" [Online]. Available: {item['URL']}")
    else:
        access = ()
    return authors + body + access


def chicago(item: Item) -> tuple[Node, ...]:
    kind = item.get("type", "")
    title = _field(item, "title", titled=True)
    title = span("i", title) if kind == "book" else span("quote", title)
    head = group(". ", people.chicago(people.names(item)), text(parts.year(item)) or text("n.d."), title)
    container = span("i", _field(item, "container-title", titled=True))
    if kind in ("chapter", "paper-conference") and container:
        container = ("In ", *container)
    entry = head + group("", container, prefix=". ")
    volume = _field(item, "volume")
    page = _pages(item, "chicago")
    if kind in ("chapter", "paper-conference"):
        if page:
            entry += group("", group("", volume, suffix=":"), page, prefix=", ")
        else:
            entry += labelled("Vol.", volume, prefix=". ")
    if kind == "article-journal":
        issue, month = _field(item, "issue"), text(parts.month(item))
        if volume:
            entry += group("", volume, prefix=" ") + group("", issue or month, prefix=" (", suffix=")")
            entry += group("", page, prefix=": " if issue else ":")
        elif issue:
            entry += labelled("no.", group(" ", issue, group("", month, prefix="(", suffix=")")), prefix=", ")
            entry += group("", page, prefix=", ")
        else:
            entry += group("", month, prefix=", ") + group("", page, prefix=", ")
    else:
        if kind in ("book", "report"):
            entry += labelled("Vol.", volume, prefix=". ")
        genre = _field(item, "genre") if kind == "thesis" else ()
        entry += group(", ", genre, _field(item, "publisher"), prefix=". ")
    return entry + group("", text(parts.link(item)), prefix=". ") + (".",)


def mla(item: Item) -> tuple[Node, ...]:
    kind = item.get("type", "")
    has_container = bool(item.get("container-title"))
    title = _field(item, "title", titled=True)
    title = span("quote", title) if has_container else span("i", title)
    container = span("i", _field(item, "container-title", titled=True))
    volume = labelled("vol.", _field(item, "volume")) if has_container else ()
    number = group(
        ", ",
        volume,
        labelled("no.", _field(item, "issue")),
        _field(item, "genre") if kind == "report" else (),
        _field(item, "number"),
    )
    if kind == "thesis":
        publisher = group(". ", text(parts.year(item)), group(", ", _field(item, "publisher"), _field(item, "genre")))
    elif kind == "article-journal":
        publisher = ()
    else:
        publisher = _field(item, "publisher")
    if kind in ("book", "chapter", "paper-conference"):
        date = text(parts.year(item))
    elif kind == "article-journal":
        date = text(parts.mla_date(item, with_day=False))
    elif kind == "thesis":
        date = ()
    else:
        date = text(parts.mla_date(item))
    location = group(", ", _pages(item, "minimal-two", label=True), text(parts.link(item)))
    details = group(", ", container, number, publisher, date, location)
    return (*group(". ", people.mla(people.names(item)), title, details), ".")
