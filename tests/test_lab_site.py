"""Several profiles = a lab site (issue 4, part 5): shared papers once, the home profile, `home: group`."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from scholarsite.errors import SiteError
from tests.conftest import broken_links, build_site, make_site, paper_block, profile_text, read_html

ADA = profile_text(
    "Ada Owner",
    paper_block("LGNov 14, 2022", "Shared Paper on Things", "Ada Owner, Bob Member, Carl Third", "Shared abstract."),
    paper_block("CVJan 3, 2023", "Ada Only Paper", "Ada Owner, Carl Third", "Abstract A."),
    preamble=["h-index7"],
)
BOB = profile_text(
    "Bob Member",
    # the same paper as Bob's profile prints it: other case and punctuation
    paper_block("LGNov 14, 2022", "Shared paper on things.", "Ada Owner, Bob Member, Carl Third", "Shared abstract."),
    paper_block("CVFeb 3, 2024", "Bob Only Paper", "Bob Member, Dana Fourth", "Abstract B."),
    paper_block("CVMar 5, 2021", "Erin Led Paper", "Erin Fifth, Dana Fourth et al.", "Abstract C."),  # Bob hidden
    preamble=["h-index9"],
)
SHARED = "shared-paper-on-things"


def lab(tmp_path: Path, site_yaml: str | None = None) -> Path:
    files = {"seeds/a.txt": ADA, "seeds/b.txt": BOB}
    if site_yaml is not None:
        files["site.yaml"] = site_yaml
    return make_site(tmp_path, files)


@pytest.fixture(scope="module")
def default_lab(tmp_path_factory: pytest.TempPathFactory) -> Path:
    result = build_site(lab(tmp_path_factory.mktemp("lab")))
    assert [w for w in result.warnings if "base_url" not in w] == []
    return result.output


def titles(soup: BeautifulSoup, scope: str = "main") -> list[str]:
    return [a.get_text(strip=True) for a in soup.select(f"{scope} a.paper-title")]


def section(soup: BeautifulSoup, label: str) -> Tag:
    found = soup.find("section", attrs={"aria-labelledby": label})
    assert isinstance(found, Tag), label
    return found


def metrics(soup: BeautifulSoup) -> dict[str, str]:
    return {
        div.find("dt").get_text(strip=True): div.find("dd").get_text(strip=True)
        for div in soup.select("dl.metrics div")
    }


# --------------------------------------------------------------------------- a shared paper appears once


@pytest.mark.slow
def test_a_paper_shared_by_two_profiles_appears_once(default_lab: Path) -> None:
    papers = sorted(p.name for p in (default_lab / "papers").iterdir() if p.is_dir())
    assert papers == ["ada-only-paper", "bob-only-paper", "erin-led-paper", SHARED]
    listed = titles(read_html(default_lab / "papers/index.html"))
    assert len(listed) == 4
    assert listed.count("Shared Paper on Things") == 1
    assert broken_links(default_lab) == []


def test_the_shared_paper_is_on_both_members_author_pages(default_lab: Path) -> None:
    for member in ("ada-owner", "bob-member"):
        soup = read_html(default_lab / "authors" / member / "index.html")
        assert titles(soup).count("Shared Paper on Things") == 1, member
    carl = read_html(default_lab / "authors/carl-third/index.html")
    assert sorted(titles(carl)) == ["Ada Only Paper", "Shared Paper on Things"]


def test_each_member_keeps_their_own_papers_and_hidden_positions(default_lab: Path) -> None:
    bob = read_html(default_lab / "authors/bob-member/index.html")
    assert sorted(titles(bob)) == ["Bob Only Paper", "Erin Led Paper", "Shared Paper on Things"]
    erin_led = read_html(default_lab / "papers/erin-led-paper/index.html").find("p", class_="authors")
    assert [a.get_text(strip=True) for a in erin_led.find_all("a")] == ["Erin Fifth", "Dana Fourth", "Bob Member"]
    assert "other authors not listed" in erin_led.get_text()
    ada = read_html(default_lab / "authors/ada-owner/index.html")
    assert sorted(titles(ada)) == ["Ada Only Paper", "Shared Paper on Things"]


def test_authors_index_counts_the_shared_paper_once(default_lab: Path) -> None:
    rows = read_html(default_lab / "authors/index.html").select("main ul.counted-list li")
    counts = {li.find("a").get_text(strip=True): li.find(class_="count").find(string=True).strip() for li in rows}
    assert counts == {"Ada Owner": "2", "Bob Member": "3", "Carl Third": "2", "Dana Fourth": "2", "Erin Fifth": "1"}


# --------------------------------------------------------------------------- which profile is home


def test_without_owner_the_first_profile_is_home(default_lab: Path) -> None:
    home = read_html(default_lab / "index.html")
    assert home.find("h1").get_text(strip=True) == "Ada Owner"
    assert home.title.get_text() == "Ada Owner"
    assert metrics(home) == {"h-index": "7"}


def test_owner_picks_the_home_profile(tmp_path: Path) -> None:
    output = build_site(lab(tmp_path, "owner: Bob Member\n")).output
    home = read_html(output / "index.html")
    assert home.find("h1").get_text(strip=True) == "Bob Member"
    assert home.title.get_text() == "Bob Member"
    assert metrics(home) == {"h-index": "9"}
    footer = home.find("footer").get_text(" ", strip=True)
    assert "Bob Member" in footer


def test_the_home_profile_lists_only_its_owners_papers(tmp_path: Path) -> None:
    output = build_site(lab(tmp_path, "owner: Ada Owner\n")).output
    home = read_html(output / "index.html")
    assert sorted(titles(home)) == ["Ada Only Paper", "Shared Paper on Things"]
    description = home.find("meta", attrs={"name": "description"})["content"]
    assert description == "Ada Owner: research profile with 2 papers."


def test_owner_naming_no_profile_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as caught:
        build_site(lab(tmp_path, "title: Lab\nowner: Bob Membr\n"), tmp_path / "out")
    assert caught.value.message.startswith("site.yaml:2:")
    assert "Bob Member" in caught.value.message


# --------------------------------------------------------------------------- home: group


def test_group_home_lists_every_member_with_their_paper_counts(tmp_path: Path) -> None:
    output = build_site(lab(tmp_path, "home: group\ntitle: The Things Lab\n")).output
    home = read_html(output / "index.html")
    assert home.find("h1").get_text(strip=True) == "The Things Lab"
    members = section(home, "members")
    rows = members.select("li")
    assert [li.find("a").get_text(strip=True) for li in rows] == ["Ada Owner", "Bob Member"]
    assert [li.find(class_="count").find(string=True).strip() for li in rows] == ["2", "3"]
    for li in rows:
        href = li.find("a")["href"]
        assert (output / href / "index.html").is_file()
    assert sorted(titles(home, "section[aria-labelledby=recent]")) == [
        "Ada Only Paper",
        "Bob Only Paper",
        "Erin Led Paper",
        "Shared Paper on Things",
    ]
    description = home.find("meta", attrs={"name": "description"})["content"]
    assert description == "The Things Lab: 2 members, 4 papers."


def test_group_home_without_a_title_has_a_generic_title(tmp_path: Path) -> None:
    output = build_site(lab(tmp_path, "home: group\n")).output
    home = read_html(output / "index.html")
    assert home.title.get_text() == "Research group"
    assert home.find("h1").get_text(strip=True) == "Research group"
