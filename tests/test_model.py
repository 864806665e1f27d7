"""The content model (`generator/model/`): identities, relations, order, taxonomy, math text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scholarsite.model import Author, Paper, Site
from scholarsite.model.mathtext import math_text
from scholarsite.pages import plan
from scholarsite.read.taxonomy import ARCHIVE_PREFERENCE, arxiv_classes, resolve_code
from scholarsite.records import CategoryEntry, CategoryPage
from tests.conftest import load_model, paper_block, profile_text, seed_site

COMPOSED = unicodedata.normalize("NFC", "René Dupont")
DECOMPOSED = unicodedata.normalize("NFD", "René Dupont")


def titles(papers: Sequence[Paper]) -> list[str]:
    return [paper.title.plain for paper in papers]


def author_named(site: Site, name: str) -> Author:
    matches = [author for author in site.authors if author.name == name]
    assert len(matches) == 1, f"{name!r} should be exactly one author, found {matches}"
    return matches[0]


# A profile that exercises every relation. Source order: Alpha, Zeta, Beta, Delta;
# Zeta and Beta share a date, so source order decides between them.
RELATIONS_PROFILE = profile_text(
    "Ada Owner",
    paper_block("LGCVMar 3, 2021", "Alpha", "Bob Brown, Ada Owner, Carl Cole", "About alpha."),
    paper_block("LGJun 5, 2022", "Zeta", "Ada Owner, Bob Brown", "About zeta."),
    paper_block("CVJun 5, 2022", "Beta", "Bob Brown, Dan Dye et al.", "About beta."),
    paper_block("MLJan 1, 2020", "Delta", "Ada Owner", "About delta."),
)


@pytest.fixture(scope="module")
def relations_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site, warnings = load_model(seed_site(tmp_path_factory.mktemp("relations"), RELATIONS_PROFILE))
    assert warnings == []
    return site


# --------------------------------------------------------------------------- identity and the owner


def test_composed_and_decomposed_names_are_one_author(tmp_path: Path) -> None:
    seed = profile_text(
        COMPOSED,
        paper_block("LGJan 1, 2020", "One", f"{DECOMPOSED}, Bob Brown", "x"),
        paper_block("LGJan 2, 2020", "Two", f"{COMPOSED}, Bob  Brown", "x"),  # inner spaces collapse too
    )
    site, _ = load_model(seed_site(tmp_path, seed))
    assert [author.name for author in site.authors] == ["Bob Brown", COMPOSED]
    rene = author_named(site, COMPOSED)
    assert rene.is_owner and rene.slug == "rene-dupont"
    assert len(site.papers_by_author[rene.slug]) == 2
    assert not any(paper.owner_hidden for paper in site.papers)


def test_decomposed_owner_line_matches_composed_author_lines(tmp_path: Path) -> None:
    seed = profile_text(DECOMPOSED, paper_block("LGJan 1, 2020", "One", f"Bob Brown, {COMPOSED}", "x"))
    site, _ = load_model(seed_site(tmp_path, seed))
    assert site.profile.owner.name == COMPOSED
    assert site.papers[0].owner_hidden is False
    assert len(site.authors) == 2


def test_two_papers_with_the_same_title_in_one_profile_are_both_kept(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGMar 1, 2024", "Same Title", "Ada Owner, Bob Brown", "The newer one."),
        paper_block("CVMar 1, 2020", "Same Title", "Ada Owner, Carl Cole", "The older one."),
    )
    site, _ = load_model(seed_site(tmp_path, seed))
    assert [paper.date.year for paper in site.papers] == [2024, 2020]
    assert len(site.authors) == 3


def test_sample_owner_is_an_author_of_every_paper(sample_model: Site) -> None:
    owner = sample_model.profile.owner
    assert owner.name == "Qihua Zhou" and owner.is_owner
    assert all(owner in paper.all_authors for paper in sample_model.papers)
    assert len(sample_model.papers_by_author[owner.slug]) == 10


def test_sample_owner_hidden_behind_et_al_on_five_papers(sample_model: Site) -> None:
    owner = sample_model.profile.owner
    hidden = [paper for paper in sample_model.papers if paper.owner_hidden]
    assert len(hidden) == 5
    for paper in hidden:
        assert paper.authors_truncated
        assert owner not in paper.authors
        assert paper.all_authors == (*paper.authors, owner)  # listed last, position unknown


def test_sample_visible_owner_is_not_duplicated(sample_model: Site) -> None:
    owner = sample_model.profile.owner
    for paper in sample_model.papers:
        assert paper.all_authors.count(owner) == 1


def test_sample_has_eighteen_authors_and_similar_names_stay_distinct(sample_model: Site) -> None:
    assert len(sample_model.authors) == 18
    assert author_named(sample_model, "Ruibin Li") != author_named(sample_model, "Ruibing Li")


def test_owner_missing_from_a_complete_author_list_is_kept_and_warned(tmp_path: Path) -> None:
    seed = profile_text("Ada Owner", paper_block("LGJan 1, 2020", "One", "Bob Brown, Carl Cole", "x"))
    site, warnings = load_model(seed_site(tmp_path, seed))
    paper = site.papers[0]
    assert paper.owner_hidden and not paper.authors_truncated
    assert [author.name for author in paper.all_authors] == ["Bob Brown", "Carl Cole", "Ada Owner"]
    assert any("the profile owner is not in this complete author list" in warning for warning in warnings)


def test_authors_truncated_is_kept_per_paper(relations_site: Site) -> None:
    assert {paper.title.plain: paper.authors_truncated for paper in relations_site.papers} == {
        "Alpha": False,
        "Zeta": False,
        "Beta": True,
        "Delta": False,
    }


def test_model_is_frozen(relations_site: Site) -> None:
    with pytest.raises(AttributeError):
        relations_site.papers[0].title = math_text("changed")  # type: ignore[misc]
    with pytest.raises(TypeError):
        relations_site.papers_by_year[2020] = ()  # type: ignore[index]


# --------------------------------------------------------------------------- order and relations


def test_papers_newest_first_ties_in_source_order(relations_site: Site) -> None:
    assert titles(relations_site.papers) == ["Zeta", "Beta", "Alpha", "Delta"]
    assert [paper.date for paper in relations_site.papers] == [
        dt.date(2022, 6, 5),
        dt.date(2022, 6, 5),
        dt.date(2021, 3, 3),
        dt.date(2020, 1, 1),
    ]


def test_sample_papers_newest_first(sample_model: Site) -> None:
    dates = [paper.date for paper in sample_model.papers]
    assert dates == sorted(dates, reverse=True)
    assert sample_model.papers[0].title.plain.startswith("SMTrack")


def test_author_to_papers(relations_site: Site) -> None:
    by_author = relations_site.papers_by_author
    assert titles(by_author[author_named(relations_site, "Ada Owner").slug]) == ["Zeta", "Beta", "Alpha", "Delta"]
    assert titles(by_author[author_named(relations_site, "Bob Brown").slug]) == ["Zeta", "Beta", "Alpha"]
    assert titles(by_author[author_named(relations_site, "Dan Dye").slug]) == ["Beta"]


def test_authors_sorted_by_name(relations_site: Site) -> None:
    assert [author.name for author in relations_site.authors] == ["Ada Owner", "Bob Brown", "Carl Cole", "Dan Dye"]


def test_coauthors_with_counts_most_shared_first(relations_site: Site) -> None:
    def coauthors_of(name: str) -> list[tuple[str, int]]:
        slug = author_named(relations_site, name).slug
        return [(entry.item.name, entry.count) for entry in relations_site.coauthors[slug]]

    assert coauthors_of("Ada Owner") == [("Bob Brown", 3), ("Carl Cole", 1), ("Dan Dye", 1)]
    assert coauthors_of("Bob Brown") == [("Ada Owner", 3), ("Carl Cole", 1), ("Dan Dye", 1)]
    assert coauthors_of("Dan Dye") == [("Ada Owner", 1), ("Bob Brown", 1)]  # the hidden owner counts


def test_category_to_papers_with_primary_and_cross_list(relations_site: Site) -> None:
    by_category = relations_site.papers_by_category
    assert titles(by_category["cs-lg"]) == ["Zeta", "Alpha"]
    assert titles(by_category["cs-cv"]) == ["Beta", "Alpha"]
    assert titles(by_category["stat-ml"]) == ["Delta"]
    alpha = next(paper for paper in relations_site.papers if paper.title.plain == "Alpha")
    assert [category.id for category in alpha.categories] == ["cs.LG", "cs.CV"]
    assert alpha.primary_category.id == "cs.LG"


def test_category_pages_mark_primary_and_cross_list(relations_site: Site) -> None:
    specs = {spec.path: spec for spec in plan(relations_site)}
    cv_page = specs["categories/cs-cv/"]
    assert isinstance(cv_page, CategoryPage)
    entries: tuple[CategoryEntry, ...] = cv_page.entries
    assert [(entry.paper.title.plain, entry.primary) for entry in entries] == [("Beta", True), ("Alpha", False)]
    lg_page = specs["categories/cs-lg/"]
    assert isinstance(lg_page, CategoryPage)
    entries = lg_page.entries
    assert [(entry.paper.title.plain, entry.primary) for entry in entries] == [("Zeta", True), ("Alpha", True)]


def test_categories_ordered_by_count_then_id(relations_site: Site) -> None:
    assert [category.id for category in relations_site.categories] == ["cs.CV", "cs.LG", "stat.ML"]


def test_year_to_papers_newest_year_first(relations_site: Site) -> None:
    assert [year.value for year in relations_site.years] == [2022, 2021, 2020]
    assert titles(relations_site.papers_by_year[2022]) == ["Zeta", "Beta"]
    assert titles(relations_site.papers_by_year[2020]) == ["Delta"]


def test_sample_relations_counts(sample_model: Site) -> None:
    assert {c.id: len(sample_model.papers_by_category[c.slug]) for c in sample_model.categories} == {
        "cs.CV": 6,
        "cs.LG": 2,
        "eess.IV": 1,
        "cs.DC": 1,
    }
    assert {year: len(papers) for year, papers in sample_model.papers_by_year.items()} == {
        2022: 2,
        2023: 4,
        2024: 2,
        2025: 2,
    }
    owner_coauthors = sample_model.coauthors[sample_model.profile.owner.slug]
    assert owner_coauthors[0].item.name == "Song Guo"
    assert owner_coauthors[0].count == 5


# --------------------------------------------------------------------------- taxonomy


@pytest.mark.parametrize(
    ("code", "arxiv_id", "name"),
    [
        ("LG", "cs.LG", "Machine Learning"),
        ("CV", "cs.CV", "Computer Vision and Pattern Recognition"),
        ("IV", "eess.IV", "Image and Video Processing"),
        ("DC", "cs.DC", "Distributed, Parallel, and Cluster Computing"),
        ("ML", "stat.ML", "Machine Learning"),
        ("SP", "eess.SP", "Signal Processing"),
        ("CO", "stat.CO", "Computation"),  # astro-ph.CO, math.CO, stat.CO: stat is preferred
        ("GT", "cs.GT", "Computer Science and Game Theory"),
        ("DS", "cs.DS", "Data Structures and Algorithms"),
        ("AP", "stat.AP", "Applications"),
        ("GR", "cs.GR", "Graphics"),
        ("GN", "math.GN", "General Topology"),  # math before q-bio, q-fin and econ
        ("PE", "q-bio.PE", "Populations and Evolution"),
        ("IT", "cs.IT", "Information Theory"),
        ("NE", "cs.NE", "Neural and Evolutionary Computing"),
        ("EM", "econ.EM", "Econometrics"),
    ],
)
def test_code_resolves_by_documented_preference(code: str, arxiv_id: str, name: str) -> None:
    resolved = resolve_code(code)
    assert resolved is not None
    assert (resolved.id, resolved.name) == (arxiv_id, name)


def test_preference_order_is_the_documented_one() -> None:
    assert ARCHIVE_PREFERENCE == ("cs", "eess", "stat", "math", "q-bio", "q-fin", "econ")


def test_taxonomy_covers_all_archives() -> None:
    archives = {entry.archive for entry in arxiv_classes().values()}
    assert {
        "cs",
        "eess",
        "stat",
        "math",
        "q-bio",
        "q-fin",
        "econ",
        "physics",
        "astro-ph",
        "cond-mat",
        "hep-th",
        "quant-ph",
        "nlin",
    } <= archives
    assert len(arxiv_classes()) >= 150


def test_override_pins_a_code_to_another_archive() -> None:
    assert resolve_code("CV", {"CV": "math.CV"}).id == "math.CV"  # type: ignore[union-attr]


def test_site_yaml_category_override_is_used(tmp_path: Path) -> None:
    seed = profile_text("Ada Owner", paper_block("CVJan 1, 2020", "One", "Ada Owner", "x"))
    site, _ = load_model(seed_site(tmp_path, seed, **{"site.yaml": "categories:\n  CV: math.CV\n"}))
    assert [(c.id, c.name, c.slug) for c in site.categories] == [("math.CV", "Complex Variables", "math-cv")]


def test_unknown_code_is_kept_as_is_with_a_warning(tmp_path: Path) -> None:
    seed = profile_text("Ada Owner", paper_block("ZZLGJan 1, 2020", "One", "Ada Owner", "x"))
    site, warnings = load_model(seed_site(tmp_path, seed))
    unknown, known = site.papers[0].categories
    assert (unknown.id, unknown.code, unknown.name, unknown.slug, unknown.known) == ("ZZ", "ZZ", "ZZ", "zz", False)
    assert (known.id, known.known) == ("cs.LG", True)
    assert warnings == ['seeds/x.txt:5: unknown arXiv subject code "ZZ"; shown by its code']


def test_sample_category_slugs(sample_model: Site) -> None:
    assert sorted(category.slug for category in sample_model.categories) == ["cs-cv", "cs-dc", "cs-lg", "eess-iv"]


# --------------------------------------------------------------------------- math text and escaping


def test_math_in_title_plain_form_is_readable() -> None:
    assert math_text("D$^{2}$MoE").plain == "D²MoE"
    assert math_text(r"$\mathbf{(AR)^{2}}$ test").plain == "(𝐀𝐑)² test"  # bold kept as Unicode bold letters
    assert math_text(r"x $a_{i}$ and $\frac{1}{2}$").plain == "x aᵢ and 1/2"
    assert math_text(r"$\alpha$-Net").plain == "α-Net"


def test_math_in_title_renders_as_mathml() -> None:
    soup = BeautifulSoup(f"<p>{math_text('D$^{2}$MoE').html}</p>", "html5lib")
    math = soup.find_all("math")
    assert len(math) == 1
    assert math[0].find("msup") is not None
    assert "$" not in soup.p.get_text()
    assert soup.p.get_text().startswith("D") and soup.p.get_text().endswith("MoE")


def test_sample_d2moe_title_forms(sample_model: Site) -> None:
    paper = next(p for p in sample_model.papers if p.title.source.startswith("D$^{2}$MoE"))
    assert paper.title.plain.startswith("D²MoE: Dual Routing")
    assert "$" not in paper.title.plain
    assert paper.slug.startswith("d2moe-")


@pytest.mark.parametrize("source", ["<script>alert(1)</script>", "a <b>bold</b> & <i>claim</i>", "\"quoted\" 'x'"])
def test_text_outside_math_is_escaped(source: str) -> None:
    soup = BeautifulSoup(f"<p>{math_text(source).html}</p>", "html5lib")
    assert soup.p.find_all(True) == []  # no elements: everything is text
    assert soup.p.get_text() == source
    assert math_text(source).plain == source


def test_math_with_markup_characters_stays_math() -> None:
    soup = BeautifulSoup(f"<p>{math_text('$x <y$ and $<img src=x onerror=alert(1)>$').html}</p>", "html5lib")
    assert soup.find("img") is None
    assert len(soup.find_all("math")) == 2


def test_markup_inside_latex_text_command_is_escaped() -> None:
    source = r"$\text{<script>alert(1)</script>}$ and $\text{<b>x</b>}$"
    soup = BeautifulSoup(f"<p>{math_text(source).html}</p>", "html5lib")
    assert soup.find("script") is None
    assert soup.find("b") is None


def test_invalid_latex_is_shown_as_written() -> None:
    broken = math_text(r"$\badmacro{$ tail")
    assert broken.plain == r"$\badmacro{$ tail"
    assert BeautifulSoup(f"<p>{broken.html}</p>", "html5lib").p.get_text() == r"$\badmacro{$ tail"


def test_lone_dollar_is_text() -> None:
    price = math_text("Costs $5 only")
    assert price.plain == "Costs $5 only"
    assert BeautifulSoup(f"<p>{price.html}</p>", "html5lib").find("math") is None


# --------------------------------------------------------------------------- warnings


def test_declared_count_mismatch_warns_and_build_model_continues(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGJan 1, 2020", "One", "Ada Owner", "x"),
        paper_block("LGJan 2, 2020", "Two", "Ada Owner", "x"),
        declared=5,
    )
    site, warnings = load_model(seed_site(tmp_path, seed))
    assert len(site.papers) == 2
    assert warnings == ["seeds/x.txt:3: profile declares 5 papers but 2 were found"]


def test_matching_declared_count_gives_no_warning(relations_site: Site) -> None:
    assert len(relations_site.papers) == 4  # the fixture already asserts no warnings
