"""Names split into parts for the exports: particles, suffixes, one-word and CJK names.

The CSL-JSON export gives each author's parts; the BibTeX export writes each name so that
BibTeX's own rules (read here with bibtexparser, as any BibTeX tool reads them) find the
same parts. citeproc-js and citation-js, the judges, check both files end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import middlewares as mw

from scholarsite.names import NameParts, bibtex_name, csl_name, family_name, split_name
from tests.conftest import build_site, make_site, paper_block, profile_text
from tests.test_judges import node

SPLITS = {
    "Ada Lovelace": NameParts(given="Ada", family="Lovelace"),
    "D. E. Knuth": NameParts(given="D. E.", family="Knuth"),
    "Jan van der Berg": NameParts(given="Jan", particle="van der", family="Berg"),
    "José de la Fuente": NameParts(given="José", particle="de la", family="Fuente"),
    "Alexander von Humboldt": NameParts(given="Alexander", particle="von", family="Humboldt"),
    "Charles de la Vallée Poussin": NameParts(given="Charles", particle="de la", family="Vallée Poussin"),
    "van Gogh": NameParts(particle="van", family="Gogh"),
    "Martin Luther King Jr.": NameParts(given="Martin Luther", family="King", suffix="Jr."),
    "Martin Luther King, Jr.": NameParts(given="Martin Luther", family="King", suffix="Jr."),
    "Henry Ford II": NameParts(given="Henry", family="Ford", suffix="II"),
    "Berg, Jan": NameParts(given="Jan", family="Berg"),
    "Plato": NameParts(),
    "王小明": NameParts(),
    "山田 太郎": NameParts(given="太郎", family="山田", family_first=True),
    "Zhang  Wei": NameParts(given="Zhang", family="Wei"),  # in Latin script the order is as written
}


@pytest.mark.parametrize(("name", "parts"), SPLITS.items(), ids=list(SPLITS))
def test_names_split_into_given_particle_family_and_suffix(name: str, parts: NameParts) -> None:
    assert split_name(name) == parts


def test_csl_names_carry_particles_and_suffixes() -> None:
    assert csl_name("Jan van der Berg") == {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}
    assert csl_name("Alexander von Humboldt") == {
        "family": "Humboldt",
        "given": "Alexander",
        "dropping-particle": "von",
    }
    assert csl_name("Martin Luther King Jr.") == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert csl_name("Plato") == {"literal": "Plato"}
    assert csl_name("王小明") == {"literal": "王小明"}
    assert csl_name("山田 太郎") == {"family": "山田", "given": "太郎"}


def test_family_names_for_cite_keys() -> None:
    assert [family_name(n) for n in ("Jan van der Berg", "Martin Luther King Jr.", "Plato", "山田 太郎")] == [
        "Berg",
        "King",
        "Plato",
        "山田",
    ]


def test_bibtex_names_change_only_where_bibtex_would_misread_them() -> None:
    assert bibtex_name("Jan van der Berg") == "Jan van der Berg"
    assert bibtex_name("Martin Luther King Jr.") == "King, Jr., Martin Luther"
    assert bibtex_name("Plato") == "Plato"
    assert bibtex_name("山田 太郎") == "山田 太郎"


# --------------------------------------------------------------------------- the exports, end to end

AUTHORS = [
    "Ada Owner",
    "Jan van der Berg",
    "José de la Fuente",
    "Alexander von Humboldt",
    "Martin Luther King Jr.",
    "Plato",
    "山田 太郎",
]


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seed = profile_text("Ada Owner", paper_block("LGNov 14, 2022", "Names in Parts", ", ".join(AUTHORS), "Abstract."))
    site = make_site(tmp_path_factory.mktemp("names"), {"seeds/x.txt": seed})
    return build_site(site, base_url="https://example.org/").output


def test_publications_json_gives_each_author_in_parts(output: Path) -> None:
    [item] = json.loads((output / "publications.json").read_text(encoding="utf-8"))
    assert item["author"] == [
        {"family": "Owner", "given": "Ada"},
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
        {"family": "Fuente", "given": "José", "non-dropping-particle": "de la"},
        {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
        {"literal": "Plato"},
        {"family": "山田", "given": "太郎"},
    ]
    assert item["id"].startswith("owner2022")


def test_publications_bib_names_split_by_bibtex_as_in_the_csl(output: Path) -> None:
    library = bibtexparser.parse_string(
        (output / "publications.bib").read_text(encoding="utf-8"),
        append_middleware=[mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts()],
    )
    [entry] = library.entries
    parts = [(n.first, n.von, n.last, n.jr) for n in entry.fields_dict["author"].value]
    assert parts == [
        (["Ada"], [], ["Owner"], []),
        (["Jan"], ["van", "der"], ["Berg"], []),
        (["José"], ["de", "la"], ["Fuente"], []),
        (["Alexander"], ["von"], ["Humboldt"], []),
        (["Martin", "Luther"], [], ["King"], ["Jr."]),
        ([], [], ["Plato"], []),
        (["山田"], [], ["太郎"], []),  # BibTeX has no family-first form: the name is kept as written
    ]


@pytest.mark.slow
def test_citeproc_prints_particles_and_suffixes_in_apa(output: Path) -> None:
    [text] = node("citeproc_apa.js", output / "publications.json").values()
    for shown in (
        "Owner, A.",
        "van der Berg, J.",
        "de la Fuente, J.",
        "Humboldt, A. von",
        "King, M. L., Jr.",
        "Plato",
        "山田太郎",
    ):
        assert shown in text, (shown, text)


@pytest.mark.slow
def test_citation_js_reads_the_bibtex_names_in_parts(output: Path) -> None:
    [item] = node("citationjs_bib.js", output / "publications.bib")
    by_family = {name.get("family", name.get("literal")): name for name in item["author"]}
    assert by_family["Berg"]["given"] == "Jan" and by_family["Berg"]["non-dropping-particle"] == "van der"
    assert by_family["Fuente"]["given"] == "José" and by_family["Fuente"]["non-dropping-particle"] == "de la"
    assert by_family["King"]["given"] == "Martin Luther" and by_family["King"]["suffix"] == "Jr."
