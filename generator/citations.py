"""Citation exports: BibTeX per paper and for the whole site, CSL-JSON for Zotero and Pandoc.

BibTeX is written through bibtexparser's writer, with field values encoded by
pylatexenc (`& % $ # _ { } ~ ^ \\` escaped, accents as LaTeX), `$…$` math kept
as written, and capitalised words protected with braces so styles cannot
lowercase acronyms such as {CaDM}.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from . import urls
from .model.mathtext import INLINE_MATH
from .model.slugs import slug_of
from .names import bibtex_name, csl_name, family_name
from .outputs import RenderedFile
from .words import counted, noun

if TYPE_CHECKING:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    from .model import Author, Paper, Site

# Words with two or more capitals (CaDM, LLM, SMTrack): acronyms a style must not lowercase.
PROTECT = re.compile(r"(?<![\\\w{])([A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)(?![\w}])")
BIBTEX_TYPES = frozenset(
    "article book booklet inbook incollection inproceedings manual mastersthesis misc phdthesis proceedings "
    "techreport unpublished".split()
)
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "phdthesis": "thesis",
    "misc": "article",
    "mastersthesis": "thesis",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "techreport": "report",
    "manual": "report",
    "proceedings": "book",
    "unpublished": "manuscript",
}
PUBLISHER_FIELDS = {"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"}
TITLE_STOP_WORDS = frozenset("a an the on of for in to and with via from by at is are".split())


@lru_cache(maxsize=1)
def _encoder() -> UnicodeToLatexEncoder:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    # Characters with no LaTeX form stay UTF-8, without a warning each.
    return UnicodeToLatexEncoder(unknown_char_policy="keep", unknown_char_warning=False, non_ascii_only=False)


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
    """Braces open and close in order, counted as BibTeX counts them: a backslash does not
    escape a brace there, so `\\}` closes a field like any other `}`."""
    depth = 0
    for char in tex:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


# pylatexenc writes a literal brace as \{ or \}, which still counts as a brace to BibTeX and
# so could end a field early; these commands print the same character with balanced braces.
BRACE_COMMANDS = (("\\{", "\\textbraceleft{}"), ("\\}", "\\textbraceright{}"))


def _encode(value: str, protect_capitals: bool) -> str:
    # Most titles and names need no escaping at all; skip the (slow) encoder for them.
    encoded = value if PLAIN_TEXT.fullmatch(value) else _encoder().unicode_to_latex(value)
    if not _balanced(encoded):  # balanced \{…\} cannot end the field and reads back as braces
        for brace, command in BRACE_COMMANDS:
            encoded = encoded.replace(brace, command)
    return PROTECT.sub(r"{\1}", encoded) if protect_capitals else encoded


VERBATIM_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]!$&'()*+,;=%@]")


def verbatim(value: str) -> str:
    """A DOI, eprint or URL as a BibTeX field: every character that could end the field,
    start a command or break a line (braces, backslashes, spaces, controls) percent-encoded,
    as it would be in a URL, so the value can never forge another field or entry."""
    return VERBATIM_SAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8")), value)


def cite_keys(papers: tuple[Paper, ...]) -> dict[str, str]:
    """Stable, unique ASCII keys like "zhou2022cadm", handed out oldest paper first; papers that
    share first author, year and title word get "a", "b", … "z", then "aa", "ab", …"""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for paper in sorted(papers, key=lambda p: (p.date, p.order)):
        first = paper.authors[0] if paper.authors else (paper.all_authors[0] if paper.all_authors else None)
        surname = _ascii_word(family_name(first.name).split()[-1]) if first and first.name.split() else "anon"
        words = [
            w for w in slug_of(" ".join(paper.title.plain.split()[:6]), "paper").split("-") if w not in TITLE_STOP_WORDS
        ]
        base = f"{surname}{paper.date.year}{_ascii_word(words[0]) if words else 'paper'}"
        key, number = base, 0
        while key in taken:
            key = base + key_suffix(number)
            number += 1
        taken.add(key)
        keys[paper.slug] = key
    return keys


def key_suffix(number: int) -> str:
    """0 → "a", 25 → "z", 26 → "aa", 27 → "ab", …: letters only, for any number of papers."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


@lru_cache(maxsize=65536)
def _ascii_word(word: str) -> str:
    return slug_of(word, "anon").replace("-", "")


def entry_type(paper: Paper) -> str:
    """@article for a journal, @inproceedings for a conference, the source's type for books,
    theses and reports, and @misc for a preprint: classic BibTeX styles and biber both know
    @misc, while @online is biblatex's alone, and biber's data model accepts the eprint fields
    on @misc."""
    given = paper.entry_type if paper.entry_type in BIBTEX_TYPES else ""
    if paper.venue and (paper.venue_kind == "journal" or given == "article"):
        return "article"
    if paper.venue and (paper.venue_kind == "conference" or given in ("inproceedings", "incollection", "")):
        return "inproceedings" if given != "incollection" else "incollection"
    return given if given and given not in ("article", "inproceedings") else "misc"


def bibtex_entry(paper: Paper, key: str, page_url: str) -> Any:  # -> bibtexparser.model.Entry
    from bibtexparser.model import Entry, Field

    names = [latex(bibtex_name(author.name)) for author in paper.authors or paper.all_authors]
    if paper.authors_cut:
        names.append("others")  # BibTeX's own "et al.": the list is cut, the owner's place unknown
    fields = [
        ("title", latex(paper.title.source, protect_capitals=True)),
        ("author", " and ".join(names)),
        ("year", str(paper.date.year)),
    ]
    if paper.date_precision != "year":
        fields.append(("month", str(paper.date.month)))
    kind = entry_type(paper)
    if kind == "article":
        fields.append(("journal", latex(paper.venue)))
        fields += _numbers(paper, ("volume", "number", "pages"))
    elif kind in ("inproceedings", "incollection"):
        fields.append(("booktitle", latex(paper.venue)))
        fields += _numbers(paper, ("volume", "pages"))
        if paper.publisher:
            fields.append(("publisher", latex(paper.publisher)))
    elif paper.publisher and kind != "unpublished":  # a thesis's school, a report's institution
        fields.append((PUBLISHER_FIELDS.get(kind, "publisher"), latex(paper.publisher)))
    if paper.note:
        fields.append(("note", latex(paper.note)))
    if paper.doi:
        fields.append(("doi", verbatim(paper.doi)))
    if paper.arxiv_id:
        fields += [("eprint", verbatim(paper.arxiv_id)), ("archivePrefix", "arXiv")]
        if paper.primary_category and paper.primary_category.known:
            fields.append(("primaryClass", verbatim(paper.primary_category.id)))
    if page_url:
        fields.append(("url", verbatim(page_url)))
    if paper.tags:
        fields.append(("keywords", latex(", ".join(paper.tags))))
    return Entry(kind, key, [Field(name, value) for name, value in fields])


def _numbers(paper: Paper, names: tuple[str, ...]) -> list[tuple[str, str]]:
    values = {"volume": paper.volume, "number": paper.issue, "pages": paper.pages.replace("-", "--")}
    return [(name, latex(values[name])) for name in names if values[name]]


def bibtex(entries: list[Any]) -> str:
    from bibtexparser.entrypoint import write_string
    from bibtexparser.library import Library
    from bibtexparser.middlewares.parsestack import default_unparse_stack

    library = Library()
    for entry in entries:
        library.add(entry)
    # The entries are built for this call only, so the writer may change them in place
    # instead of deep-copying each one (the default, and the slowest part of writing).
    return write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True))


def _csl_name(author: Author) -> dict[str, str]:
    return csl_name(author.name)


def csl_item(paper: Paper, key: str, page_url: str) -> dict[str, Any]:
    date_parts = (
        [paper.date.year]
        + ([paper.date.month] if paper.date_precision != "year" else [])
        + ([paper.date.day] if paper.date_precision == "day" else [])
    )
    kind = entry_type(paper)
    item: dict[str, Any] = {
        "id": key,
        "type": CSL_TYPES.get(kind, "article"),
        "title": paper.title.plain,
        "author": csl_authors(paper),
        "issued": {"date-parts": [date_parts]},
    }
    if paper.venue:
        item["container-title"] = paper.venue
    if paper.venue_short:
        item["container-title-short"] = paper.venue_short
    facts = (("volume", paper.volume), ("issue", paper.issue), ("page", paper.pages), ("publisher", paper.publisher))
    item.update((name, value) for name, value in facts if value)
    if paper.doi:
        item["DOI"] = paper.doi
    if page_url:
        item["URL"] = page_url
    elif paper.arxiv_id:
        item["URL"] = urls.arxiv_abstract(paper.arxiv_id)
    if paper.abstract:
        item["abstract"] = "\n\n".join(p.plain for p in paper.abstract)
    if paper.tags:
        item["keyword"] = ", ".join(paper.tags)
    notes = [paper.note] if paper.note else []
    if paper.authors_cut:
        notes.append(cut_list_note(paper))
    if notes:
        item["note"] = "\n".join(notes)
    if paper.arxiv_id and kind == "misc":
        item["number"] = f"arXiv:{paper.arxiv_id}"
    return item


def csl_authors(paper: Paper) -> list[dict[str, str]]:
    """Structured names for a complete list. A cut list is one literal name, "A, B, C et al.":
    CSL-JSON has no "et al." marker (a trailing name "others" is printed as a name, "& others"),
    and citeproc-js writes "et al." only when a style shortens a long list, so this is the one
    form it prints as the page does. The hidden owner is left out: their place is unknown."""
    if not paper.authors_cut:
        return [_csl_name(author) for author in paper.all_authors]
    listed = ", ".join(author.name for author in paper.authors)
    return [{"literal": f"{listed} et al." if listed else "et al."}]


def cut_list_note(paper: Paper) -> str:
    hidden = ", ".join(a.name for a in paper.hidden_owners)
    also = f"; also by {hidden} (position unknown)" if hidden else ""
    listed = len(paper.authors)
    first = f"{counted(listed, 'listed author')} {noun(listed, 'is')}"
    return f"Author list incomplete: only the first {first} known{also}."


def csl_json(site: Site, keys: Mapping[str, str], base_url: str) -> str:
    items = [csl_item(p, keys[p.slug], urls.absolute(base_url, urls.paper(p)) if base_url else "") for p in site.papers]
    # One item per line; json's C encoder only runs without `indent`, so lines are joined here.
    return "[\n" + ",\n".join(json.dumps(item, ensure_ascii=False) for item in items) + "\n]\n"


@dataclass(frozen=True, slots=True)
class Citations:
    """Every paper's cite key and BibTeX entry, made once before planning: the paper page
    shows the entry, and `citation_files` writes the same text."""

    keys: Mapping[str, str]  # paper slug → cite key
    bibtex: Mapping[str, str]  # paper slug → its BibTeX entry
    base_url: str = ""  # the page URLs the formatted citations link (none without a base URL)


def cite(site: Site, base_url: str) -> Citations:
    """The cite keys and BibTeX entries of all papers; the entries link the paper pages when there is a base URL."""
    keys = cite_keys(site.papers)
    entries = {
        paper.slug: bibtex(
            [bibtex_entry(paper, keys[paper.slug], urls.absolute(base_url, urls.paper(paper)) if base_url else "")]
        )
        for paper in site.papers
    }
    return Citations(MappingProxyType(keys), MappingProxyType(entries), base_url)


def citation_files(citations: Citations, site: Site, base_url: str) -> list[RenderedFile]:
    """papers/<slug>/cite.bib (the text shown on the paper page), publications.bib and publications.json."""
    files = [
        RenderedFile(urls.paper_bibtex(paper), citations.bibtex[paper.slug].encode("utf-8")) for paper in site.papers
    ]
    every = [citations.bibtex[paper.slug].strip() for paper in site.papers]
    files.append(RenderedFile(urls.ALL_BIBTEX, ("\n\n".join(every) + "\n").encode("utf-8")))
    files.append(RenderedFile(urls.ALL_CSL, csl_json(site, citations.keys, base_url).encode("utf-8")))
    return files
