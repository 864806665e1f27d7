"""URL slugs (`generator/model/slugs.py`) and how the model hands them out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scholarsite.model import Site
from scholarsite.model.slugs import MAX_SLUG_LENGTH, SlugRegistry, slug_of
from tests.conftest import load_model, paper_block, profile_text, seed_site

# model/drafts.py from_profiles() folds papers with the same normalised title into one even
# within a single profile (meant for one paper in two members' profiles), so a second paper
# with the same title - or any title made only of punctuation - silently disappears.
SLUG_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def assert_safe_slug(slug: str) -> None:
    assert SLUG_SHAPE.match(slug), f"{slug!r} is not lower-case ASCII words joined by '-'"
    assert "/" not in slug and ".." not in slug
    assert 0 < len(slug) <= MAX_SLUG_LENGTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feature Correlation-guided Knowledge Transfer", "feature-correlation-guided-knowledge-transfer"),
        ("D²MoE: Dual Routing", "d2moe-dual-routing"),
        ("José García", "jose-garcia"),
        ("Łukasz Żółć", "lukasz-zolc"),
        ("Ærøskøbing Straße", "aeroskobing-strasse"),
        ("张三", "zhang-san"),
        ("Иван Петров", "ivan-petrov"),
        ("Γιώργος Παπαδόπουλος", "giorgos-papadopoulos"),
        ("UPPER case  Words", "upper-case-words"),
    ],
)
def test_slug_is_transliterated_lower_case_ascii(text: str, expected: str) -> None:
    assert slug_of(text, "paper") == expected


@pytest.mark.parametrize(
    "text",
    [
        "深度学习中的联邦自监督学习",
        "Обучение с подкреплением",
        "التعلم العميق",
        "한국어 제목",
        "佐藤 健",
        "Nguyễn Văn An",
        "अमित शर्मा",
        "Zoë Brontë-Ëmery",
        "<script>alert(1)</script>",
        "a/b/../c",
        "x" * 300,
    ],
)
def test_slug_is_always_safe(text: str) -> None:
    assert_safe_slug(slug_of(text, "paper"))


@pytest.mark.parametrize("text", ["", "???", "…", "---", "!!! ??? ...", "..", "../..", "/", "💡🚀"])
def test_slug_is_never_empty(text: str) -> None:
    assert slug_of(text, "paper") == "paper"


def test_path_characters_never_survive() -> None:
    assert slug_of("a/b", "paper") == "a-b"
    assert slug_of("../../etc/passwd", "paper") == "etc-passwd"


def test_slug_length_is_limited_at_a_word_boundary() -> None:
    title = " ".join(["representation"] * 20)
    slug = slug_of(title, "paper")
    assert len(slug) <= MAX_SLUG_LENGTH
    assert all(word == "representation" for word in slug.split("-"))


def test_registry_appends_counter_on_collision_in_call_order() -> None:
    registry = SlugRegistry()
    assert [registry.claim("Same Title", "paper") for _ in range(3)] == ["same-title", "same-title-2", "same-title-3"]


def test_registry_skips_a_counter_slug_that_is_already_taken() -> None:
    registry = SlugRegistry()
    assert registry.claim("Same Title 2", "paper") == "same-title-2"
    assert registry.claim("Same Title", "paper") == "same-title"
    assert registry.claim("Same Title", "paper") == "same-title-3"


def test_registry_fallbacks_collide_too() -> None:
    registry = SlugRegistry()
    assert [registry.claim("???", "paper"), registry.claim("!!!", "paper")] == ["paper", "paper-2"]


# --------------------------------------------------------------------------- slugs in the model


def same_title_profile() -> str:
    # The newer paper comes first in the file, as profiles list them.
    return profile_text(
        "Ada Owner",
        paper_block("LGMar 1, 2024", "Same Title", "Ada Owner", "The newer one."),
        paper_block("LGMar 1, 2020", "Same Title", "Ada Owner", "The older one."),
    )


def test_same_title_twice_older_paper_keeps_the_bare_slug(tmp_path: Path) -> None:
    site, _ = load_model(seed_site(tmp_path, same_title_profile()))
    by_year = {paper.date.year: paper.slug for paper in site.papers}
    assert by_year == {2020: "same-title", 2024: "same-title-2"}


def test_same_title_slugs_are_deterministic(tmp_path: Path) -> None:
    first, _ = load_model(seed_site(tmp_path / "a", same_title_profile()))
    second, _ = load_model(seed_site(tmp_path / "b", same_title_profile()))
    assert [p.slug for p in first.papers] == [p.slug for p in second.papers]


def test_adding_a_newer_paper_with_an_existing_title_keeps_old_urls(tmp_path: Path) -> None:
    old = profile_text("Ada Owner", paper_block("LGMar 1, 2020", "Same Title", "Ada Owner", "x"))
    before, _ = load_model(seed_site(tmp_path / "before", old))
    after, _ = load_model(seed_site(tmp_path / "after", same_title_profile()))
    assert before.papers[0].slug == "same-title"
    assert {p.date.year: p.slug for p in after.papers}[2020] == "same-title"


def test_punctuation_only_title_gets_a_fallback_slug(tmp_path: Path) -> None:
    seed = profile_text(
        "Ada Owner",
        paper_block("LGMar 1, 2020", "???", "Ada Owner", "x"),
        paper_block("LGMar 2, 2020", "!!!", "Ada Owner", "x"),
    )
    site, _ = load_model(seed_site(tmp_path, seed))
    assert sorted(paper.slug for paper in site.papers) == ["paper", "paper-2"]


def test_non_latin_author_names_get_transliterated_slugs(tmp_path: Path) -> None:
    seed = profile_text(
        "Иван Петров", paper_block("LGMar 1, 2020", "Title", "Иван Петров, 张伟, Ζωή Παπαδοπούλου", "x")
    )
    site, _ = load_model(seed_site(tmp_path, seed))
    assert {author.name: author.slug for author in site.authors} == {
        "Иван Петров": "ivan-petrov",
        "张伟": "zhang-wei",
        "Ζωή Παπαδοπούλου": "zoe-papadopoulou",
    }


def test_authors_with_the_same_slug_stay_two_authors(tmp_path: Path) -> None:
    seed = profile_text("Ada Owner", paper_block("LGMar 1, 2020", "Title", "Ada Owner, José Garcia, Jose Garcia", "x"))
    site, _ = load_model(seed_site(tmp_path, seed))
    slugs = {author.name: author.slug for author in site.authors}
    assert slugs["José Garcia"] != slugs["Jose Garcia"]
    assert {slugs["José Garcia"], slugs["Jose Garcia"]} == {"jose-garcia", "jose-garcia-2"}


def test_owner_gets_the_clean_slug_before_a_co_author_with_the_same_slug(tmp_path: Path) -> None:
    seed = profile_text("Jose Garcia", paper_block("LGMar 1, 2020", "Title", "José Garcia, Jose Garcia", "x"))
    site, _ = load_model(seed_site(tmp_path, seed))
    assert site.profile.owner.slug == "jose-garcia"


def test_every_sample_slug_is_safe_and_unique(sample_model: Site) -> None:
    for kind in (sample_model.papers, sample_model.authors, sample_model.categories):
        slugs = [item.slug for item in kind]
        assert len(set(slugs)) == len(slugs)
        for slug in slugs:
            assert_safe_slug(slug)
