"""DBLP: `dblp 95/7448-1` — a person's records from /pid/{pid}.bib and /pid/{pid}.xml.

The BibTeX export has the full venue names and DOIs (ASCII with LaTeX escapes,
decoded here); the XML adds the person, DBLP's short venue names and open-access
links. Either one is enough; a pid neither knows is an error.

DBLP lists one paper once per version: the conference or journal paper, its CoRR
(arXiv) copy, its ECCC report. The import keeps one record per paper: the
published version, carrying the arXiv id of its CoRR copy. Versions with no
published sibling (titles compared casefolded, without punctuation) stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from xml.etree import ElementTree

from ..errors import SiteError
from ..read.bibtex import quiet_bibtexparser
from . import records as clean
from .http import Client, Response, fail, read_xml
from .records import Fetched, Metrics, Person, Record

EXPECTED = "a DBLP pid such as 95/7448-1 or m/AndrewMcCallum (from the person page's address dblp.org/pid/…)"
_PID = re.compile(r"^[a-z0-9]+(?:/[A-Za-z0-9_=-]+)+$")
_HOMONYM = re.compile(r"\s+\d{4}$")  # "Wei Wang 0001": DBLP's number for one of several namesakes
BIB_TYPES = {
    "article": "article",
    "inproceedings": "inproceedings",
    "incollection": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
}


def pid(query: str) -> str:
    value = re.sub(r"^https?://dblp\.(?:org|uni-trier\.de)/pid/", "", query.strip())
    value = re.sub(r"\.(?:html|xml|bib)$", "", value)
    return value if _PID.match(value) else ""


def check_queries(client: Client, queries: Sequence[str]) -> None:
    for query in queries:
        if not pid(query):
            raise SiteError(client.location(), f'"{query}" is not a DBLP pid', EXPECTED)


def fetch(client: Client, queries: Sequence[str]) -> Fetched:
    check_queries(client, queries)
    found: dict[str, Record] = {}
    person, notes = None, []
    for query in queries:
        key = pid(query)
        xml_answer = client.get(f"/pid/{key}.xml", accept="application/xml")
        bib_answer = client.get(f"/pid/{key}.bib", accept="application/x-bibtex")
        answers = [answer for answer in (xml_answer, bib_answer) if answer.status == 200]
        if not answers:
            raise fail(client, bib_answer, f"DBLP has no person {key}", EXPECTED)
        from_bib = _bib_records(client, bib_answer) if bib_answer.status == 200 else {}
        from_xml: dict[str, Record] = {}
        if xml_answer.status == 200:
            root = read_xml(client, xml_answer)
            if root.tag != "dblpperson":
                raise SiteError(
                    client.location(),
                    f"{xml_answer.url} answered with XML that is not a DBLP person",
                    "<dblpperson> from /pid/{pid}.xml",
                )
            person = person or Person(
                _HOMONYM.sub("", clean.text(root.get("name"))), key, Metrics(papers=_int(root.get("n")))
            )
            from_xml = {record.id: record for record in map(_xml_record, root.iterfind("r/*")) if record}
        merged = {key: _fill(from_bib.get(key), from_xml.get(key)) for key in from_bib.keys() | from_xml.keys()}
        kept, dropped = _one_per_paper(merged.values())
        if dropped:
            notes.append(
                f"DBLP {key}: {dropped} CoRR/ECCC cop{'y' if dropped == 1 else 'ies'} folded into the published version"
            )
        found.update((record.id, record) for record in kept)
    return Fetched(tuple(found[key] for key in sorted(found)), person, tuple(notes))


def bibtex_entries(text: str) -> list[tuple[str, str, dict[str, object]]]:
    """(entry type, key, fields) of each entry, LaTeX decoded to Unicode and author lists split."""
    from bibtexparser import middlewares as mw
    from bibtexparser.entrypoint import parse_string
    from pylatexenc.latex2text import LatexNodes2Text

    decoder = LatexNodes2Text(math_mode="verbatim", keep_braced_groups=False)
    with quiet_bibtexparser():
        library = parse_string(
            text,
            append_middleware=[
                mw.LatexDecodingMiddleware(decoder=decoder),
                mw.SeparateCoAuthors(),
                mw.SplitNameParts(),
                mw.MergeNameParts(style="first"),
            ],
        )
    return [
        (entry.entry_type.lower(), entry.key, {name.lower(): field.value for name, field in entry.fields_dict.items()})
        for entry in library.entries
    ]


def _bib_records(client: Client, response: Response) -> dict[str, Record]:
    if response.body.lstrip()[:1] == b"<":
        raise SiteError(
            client.location(), f"{response.url} answered with a page instead of BibTeX", "BibTeX from /pid/{pid}.bib"
        )
    found = {}
    for kind, key, fields in bibtex_entries(response.text):
        record = _bib_record(kind, key, fields)
        if record is not None:
            found[record.id] = record
    return found


def _bib_record(kind: str, citation_key: str, fields: dict[str, object]) -> Record | None:
    key = citation_key.removeprefix("DBLP:")
    names = fields.get("author", [])
    listed = [names] if isinstance(names, str) else list(names) if isinstance(names, list) else []
    authors = tuple(
        clean.name(_HOMONYM.sub("", clean.text(name))) for name in listed if clean.text(name).lower() != "others"
    )
    title = clean.title(clean.text(fields.get("title")), drop_period=True)
    if kind not in BIB_TYPES or not authors or not title:
        return None  # @proceedings volumes are the editors', not papers
    journal, eprint_type = clean.text(fields.get("journal")), clean.text(fields.get("eprinttype")).lower()
    arxiv = clean.arxiv_id(clean.text(fields.get("eprint"))) if eprint_type == "arxiv" else ""
    doi = _publication_doi(clean.doi(clean.text(fields.get("doi"))))
    volume = clean.text(fields.get("volume"))
    return Record(
        id=key,
        title=title,
        authors=authors,
        type=_type(key, BIB_TYPES[kind]),
        date=clean.date(fields.get("year")),
        venue=journal or clean.text(fields.get("booktitle")),
        volume="" if volume.startswith("abs/") else volume,
        issue=clean.text(fields.get("number")),
        pages=clean.pages(clean.text(fields.get("pages"))),
        publisher=clean.text(fields.get("publisher")),
        doi=doi,
        arxiv=arxiv,
        dblp=key,
        url="" if doi or arxiv else clean.text(fields.get("url")),
    )


def _xml_record(element: ElementTree.Element) -> Record | None:
    key = element.get("key", "")
    authors = tuple(
        clean.name(_HOMONYM.sub("", clean.text("".join(author.itertext())))) for author in element.findall("author")
    )
    title_element = element.find("title")
    title = clean.title("".join(title_element.itertext()), drop_period=True) if title_element is not None else ""
    if element.tag not in BIB_TYPES or not key or not authors or not title:
        return None
    links = [(clean.text(ee.text), ee.get("type", "")) for ee in element.findall("ee")]
    doi = next((found for link, _ in links if (found := _publication_doi(clean.doi(link)))), "")
    arxiv = next((found for link, _ in links if (found := clean.arxiv_id(link))), "")
    open_access = next((link for link, kind in links if kind == "oa" and not clean.doi(link)), "")
    short = clean.text(element.findtext("journal") or element.findtext("booktitle"))
    volume = clean.text(element.findtext("volume"))
    return Record(
        id=key,
        title=title,
        authors=authors,
        type=_type(key, BIB_TYPES[element.tag]),
        date=clean.date(clean.text(element.findtext("year"))),
        venue=short,
        volume="" if volume.startswith("abs/") else volume,
        issue=clean.text(element.findtext("number")),
        pages=clean.pages(element.findtext("pages")),
        doi=doi,
        arxiv=arxiv,
        dblp=key,
        url="" if doi or arxiv else open_access,
        pdf=open_access if open_access.lower().endswith(".pdf") else "",
    )


def _fill(bib: Record | None, xml: Record | None) -> Record:
    """The BibTeX record (full venue names), with what only the XML has filled in."""
    if bib is None or xml is None:
        return bib or xml  # type: ignore[return-value]  # one of them is set: the key came from it
    short = xml.venue if xml.venue != bib.venue else ""  # the XML names venues the short way
    return replace(
        bib,
        venue_short=bib.venue_short or short,
        doi=bib.doi or xml.doi,
        arxiv=bib.arxiv or xml.arxiv,
        url=bib.url or ("" if bib.doi or bib.arxiv else xml.url),
        pdf=bib.pdf or xml.pdf,
    )


def _one_per_paper(found: Iterable[Record]) -> tuple[list[Record], int]:
    records = sorted(found, key=lambda record: record.id)
    by_title: dict[str, list[Record]] = {}
    for record in records:
        by_title.setdefault(clean.title_key(record.title), []).append(record)
    kept: list[Record] = []
    dropped = 0
    for group in by_title.values():
        published = [record for record in group if not _is_copy(record.id)]
        copies = [record for record in group if _is_copy(record.id)]
        if not published:  # only copies: keep one, the arXiv one when there is one
            first = next((record for record in copies if record.arxiv), copies[0])
            published, copies = [first], [record for record in copies if record is not first]
        arxiv = next((record.arxiv for record in group if record.arxiv), "")
        kept.extend(replace(record, arxiv=record.arxiv or arxiv) for record in published)
        dropped += len(copies)
    return kept, dropped


def _is_copy(key: str) -> bool:
    return key.startswith(("journals/corr/", "journals/eccc/"))


def _type(key: str, kind: str) -> str:
    if key.startswith("journals/corr/"):
        return "preprint"
    return "report" if key.startswith("journals/eccc/") else kind


def _publication_doi(doi: str) -> str:
    """arXiv's own DOIs (10.48550/arXiv.…) say no more than the arXiv id: left out."""
    return "" if doi.startswith("10.48550/arxiv.") else doi


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
