"""Citation exports: BibTeX per paper and for the whole site, CSL-JSON for Zotero and Pandoc.

BibTeX is written through bibtexparser's writer, with field values encoded by
pylatexenc (`& % $ # _ { } ~ ^ \\` escaped, accents as LaTeX), `$…$` math kept
as written, and capitalised words protected with braces so styles cannot
lowercase acronyms such as {CaDM}.
"""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from generator import urls
from generator.model.mathtext import INLINE_MATH
from generator.model.slugs import slug_of

if TYPE_CHECKING:
    from generator.model import Author, Paper, Site

# Words with two or more capitals (CaDM, LLM, SMTrack): acronyms a style must not lowercase.
PROTECT = re.compile(r"(?<![\\\w{])([A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w}])")
BIBTEX_TYPES = frozenset(
    "article book booklet inbook incollection inproceedings manual mastersthesis misc phdthesis proceedings "
    "techreport unpublished".split()
)
CSL_TYPES = {"article": "article-journal", "inproceedings": "paper-conference", "phdthesis": "thesis",
             "mastersthesis": "thesis", "book": "book", "inbook": "chapter", "incollection": "chapter",
             "techreport": "report", "manual": "report", "proceedings": "book", "unpublished": "manuscript"}
TITLE_STOP_WORDS = frozenset("a an the on of for in to and with via from by at is are".split())


@lru_cache(maxsize=1)
def _encoder():  # -> UnicodeToLatexEncoder
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)  # characters with no LaTeX form stay UTF-8
    return UnicodeToLatexEncoder(unknown_char_policy="keep", non_ascii_only=False)


@lru_cache(maxsize=65536)
def latex(value: str, protect_capitals: bool = False) -> str:
    """`value` as BibTeX field text: math kept, the rest escaped."""
    parts: list[str] = []
    position = 0
    for match in INLINE_MATH.finditer(value):
        if not _balanced(match.group(0)):
            continue  # "$}, note={x$" is not math: it is encoded as text with the rest
        parts.append(_encode(value[position : match.start()], protect_capitals))
        parts.append(match.group(0))
        position = match.end()
    parts.append(_encode(value[position:], protect_capitals))
    return "".join(parts)


PLAIN_TEXT = re.compile(r"[A-Za-z0-9 ,.:;!?()'/+=@*-]*")


def _balanced(tex: str) -> bool:
    """Braces (other than escaped ones) open and close in order: safe inside a BibTeX field."""
    depth = 0
    escaped = False
    for char in tex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _encode(value: str, protect_capitals: bool) -> str:
    # Most titles and names need no escaping at all; skip the (slow) encoder for them.
    encoded = value if PLAIN_TEXT.fullmatch(value) else _encoder().unicode_to_latex(value)
    return PROTECT.sub(r"{\1}", encoded) if protect_capitals else encoded


def cite_keys(papers: tuple[Paper, ...]) -> dict[str, str]:
    """Stable, unique keys like "zhou2022cadm", handed out oldest paper first."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for paper in sorted(papers, key=lambda p: (p.date, p.order)):
        first = paper.authors[0] if paper.authors else (paper.all_authors[0] if paper.all_authors else None)
        surname = _ascii_word(first.name.split()[-1]) if first else "anon"
        words = [w for w in slug_of(" ".join(paper.title.plain.split()[:6]), "paper").split("-")
                 if w not in TITLE_STOP_WORDS]
        base = f"{surname}{paper.date.year}{words[0] if words else 'paper'}"
        key, suffix = base, ord("a")
        while key in taken:
            key = f"{base}{chr(suffix)}"
            suffix += 1
        taken.add(key)
        keys[paper.slug] = key
    return keys


@lru_cache(maxsize=65536)
def _ascii_word(word: str) -> str:
    return slug_of(word, "anon").replace("-", "")


def bibtex_entry(paper: Paper, key: str, page_url: str) -> Any:  # -> bibtexparser.model.Entry
    from bibtexparser.model import Entry, Field

    names = [latex(author.name) for author in paper.authors or paper.all_authors]
    if paper.authors_truncated or paper.owner_hidden:
        names.append("others")
    fields = [("title", latex(paper.title.source, protect_capitals=True)), ("author", " and ".join(names)),
              ("year", str(paper.date.year))]
    if paper.date_precision != "year":
        fields.append(("month", str(paper.date.month)))
    entry_type = paper.entry_type if paper.entry_type in BIBTEX_TYPES else ""
    if paper.venue_kind == "journal":
        entry_type = entry_type or "article"
        fields.append(("journal", latex(paper.venue)))
    elif paper.venue:
        entry_type = entry_type or "inproceedings"
        fields.append(("booktitle", latex(paper.venue)))
    entry_type = entry_type or "misc"
    if paper.note:
        fields.append(("note", latex(paper.note)))
    if paper.doi:
        fields.append(("doi", paper.doi))
    if paper.arxiv_id:
        fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
        if paper.primary_category and paper.primary_category.known:
            fields.append(("primaryClass", paper.primary_category.id))
    if page_url:
        fields.append(("url", page_url))
    if paper.tags:
        fields.append(("keywords", latex(", ".join(paper.tags))))
    return Entry(entry_type, key, [Field(name, value) for name, value in fields])


def bibtex(entries: list[Any]) -> str:
    import bibtexparser
    from bibtexparser.middlewares.parsestack import default_unparse_stack

    library = bibtexparser.Library()
    for entry in entries:
        library.add(entry)
    # The entries are built for this call only, so the writer may change them in place
    # instead of deep-copying each one (the default, and the slowest part of writing).
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True))


@lru_cache(maxsize=65536)
def _csl_name_parts(name: str) -> tuple[tuple[str, str], ...]:
    given, _, family = name.rpartition(" ")
    if given and family:
        return (("family", family), ("given", given))
    return (("literal", name),)


def _csl_name(author: Author) -> dict[str, str]:
    return dict(_csl_name_parts(author.name))


def csl_item(paper: Paper, key: str, page_url: str) -> dict[str, Any]:
    date_parts = [paper.date.year] + ([paper.date.month] if paper.date_precision != "year" else []) + (
        [paper.date.day] if paper.date_precision == "day" else [])
    kind = CSL_TYPES.get(paper.entry_type) or {"journal": "article-journal", "conference": "paper-conference"}.get(
        paper.venue_kind, "article")
    item: dict[str, Any] = {
        "id": key, "type": kind, "title": paper.title.plain,
        "author": [_csl_name(author) for author in paper.all_authors],
        "issued": {"date-parts": [date_parts]},
    }
    if paper.venue:
        item["container-title"] = paper.venue
    if paper.doi:
        item["DOI"] = paper.doi
    if page_url:
        item["URL"] = page_url
    elif paper.arxiv_id:
        item["URL"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
    if paper.abstract:
        item["abstract"] = "\n\n".join(p.plain for p in paper.abstract)
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    if paper.note:
        item["note"] = paper.note
    if paper.arxiv_id:
        item["number"] = f"arXiv:{paper.arxiv_id}"
    return item


def csl_json(site: Site, keys: dict[str, str], base_url: str) -> str:
    items = [csl_item(p, keys[p.slug], urls.absolute(base_url, urls.paper(p)) if base_url else "") for p in site.papers]
    # One item per line; json's C encoder only runs without `indent`, so lines are joined here.
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


def citation_files(specs: tuple[Any, ...], site: Site, keys: dict[str, str], base_url: str) -> list[Any]:
    """papers/<slug>/cite.bib (the text shown on the paper page), publications.bib and publications.json."""
    from generator.render import RenderedFile

    files = []
    every = []
    for spec in specs:
        if spec.kind == "paper":
            files.append(RenderedFile(spec.context["bibtex_path"], spec.context["bibtex"].encode("utf-8")))
            every.append(spec.context["bibtex"].strip())
    files.append(RenderedFile(urls.ALL_BIBTEX, ("\n\n".join(every) + "\n").encode("utf-8")))
    files.append(RenderedFile(urls.ALL_CSL, csl_json(site, keys, base_url).encode("utf-8")))
    return files
