"""Hostile text (issue 10, part 4): seed and BibTeX strings are data, never markup, links or paths.

A site whose seeds are full of markup, quotes, script-ending strings,
`javascript:` URLs, Markdown, path tricks and very long titles is built with
`--base-url https://example.org/` next to a control site of the same shape
with harmless text. Then:

- HTML (parsed by html5lib, as a browser would): the hostile site has exactly
  the elements of the control site (nothing injected), no `on*` attribute and
  no javascript:/data:/vbscript: URL anywhere; the hostile strings are shown as
  text; Markdown in seed abstracts stays literal;
- JSON-LD still parses and holds the exact title; the Atom feeds and the
  sitemap parse as XML; BibTeX and CSL-JSON parse back to the same titles;
- slugs stay inside output/ and are length-limited; NUL is refused with a
  located error; symlinks in content/static/ that leave the site are not
  followed; the owner's own Markdown in content/ may hold HTML.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import parse_html, run_cli
from tests.robustness.helpers import Paper, profile, run_build, snapshot, write_files

BASE_URL = "https://example.org/"
SEED = "seeds/x.txt"
LONG_TITLE = " ".join(["Exceedingly"] * 450)[:5000]  # 5,000 characters
OWNER_HOSTILE = 'Eve </script><script>Evil</script> "O\'Hara" & Co'
OWNER_CONTROL = "Eve Plain Owner"
NAMES_HOSTILE = ["Mallory <b>Bold</b> <i>It</i>", "Trudy & <u>Under</u> 'Quote'", "Zoë </title> Ünïcode"]
NAMES_CONTROL = ["Mallory Plain", "Trudy Plain", "Zoe Plain"]
TITLES_HOSTILE = [
    "</script><script>alert(1)</script> \"quotes\" 'single' & ampersand <b>bold</b>",
    "javascript:alert(1)",
    '[x](javascript:alert(1)) and **bold** and <a href="javascript:alert(1)">click</a>',
    "Math $\\text{<img src=x onerror=alert(1)>}$ and $\\href{javascript:alert(1)}{x}$ done",
    "]]> <!-- comment --> <![CDATA[ x ]]> &#x3C;script&#x3E; &amp; &lt;",
    "../../etc/passwd",
    "/abs/path",
    "{\\em Braces} } unbalanced { and \\ backslash @misc{evil, title={x}",
    '<img src=x onerror=alert(1)> <svg onload=alert(1)> <iframe src="data:text/html,x"></iframe>',
    LONG_TITLE,
    "Valid math $x < y > z$ & $\\text{</script>}$ and $\\frac{a}{b}$",  # rendered as MathML
]
TITLES_CONTROL = [
    f"Harmless Title Number {word}"
    for word in ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven")
]
ABSTRACT_HOSTILE = (
    "[x](javascript:alert(1)) **bold** _em_ `code` <script>alert(1)</script> "
    '<a href="data:text/html,<script>alert(1)</script>">d</a> </script><!-- \u2028 line separator',
    "# Not a heading",
    "- not a list > not a quote | not | a table |",
)
ABSTRACT_CONTROL = ("A plain abstract sentence.", "Another plain line.", "A third plain line.")
BIB_HOSTILE = (
    "@article{evil2020,\n"
    '  title = {BibTeX <script>alert(1)</script> \\& "Quotes" [y](javascript:alert(2))},\n'
    "  author = {Mallory, <b>Bib</b> and Owner, Eve},\n"
    '  journal = {Journal <i>of</i> "Hacks" & </script>},\n'
    "  year = {2020},\n  month = {jun},\n"
    '  doi = {10.1000/x"><script>alert(1)</script>},\n'
    "  url = {javascript:alert(1)},\n"
    "  keywords = {<b>k1</b>, javascript:alert(1)}\n}\n"
    "@misc{data2019,\n  title = {Data URL entry},\n  author = {Owner, Eve},\n  year = {2019},\n"
    "  url = {data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==}\n}\n"
)
BIB_CONTROL = (
    "@article{evil2020,\n  title = {BibTeX Harmless Title},\n  author = {Plain, Bib and Owner, Eve},\n"
    "  journal = {Journal of Things},\n  year = {2020},\n  month = {jun},\n  doi = {10.1000/x},\n"
    "  url = {https://example.org/paper},\n  keywords = {k1, k2}\n}\n"
    "@misc{data2019,\n  title = {Data URL entry},\n  author = {Owner, Eve},\n  year = {2019},\n"
    "  url = {https://example.org/data}\n}\n"
)
OWNER_HTML = (
    '<div class="owner-html" data-x="1"><em>kept</em> <a href="https://example.org/own">own link</a>'
    "</div>\n\n"
    "Some *Markdown* of the owner's.\n"
)


def site_files(hostile: bool) -> dict[str, str]:
    owner = OWNER_HOSTILE if hostile else OWNER_CONTROL
    names = NAMES_HOSTILE if hostile else NAMES_CONTROL
    titles = TITLES_HOSTILE if hostile else TITLES_CONTROL
    abstract = ABSTRACT_HOSTILE if hostile else ABSTRACT_CONTROL
    papers = [
        Paper(
            f"LGCVMar {index + 1}, {2010 + index}",
            title,
            ", ".join([owner, names[index % 3]]) + (" et al." if index % 2 else ""),
            abstract,
        )
        for index, title in enumerate(titles)
    ]
    preamble = ("<i>h</i>-index18", "Site <b>X</b>") if hostile else ("h-index18", "Site X")
    return {
        SEED: profile(owner, papers, preamble=preamble),
        "seeds/refs.bib": BIB_HOSTILE if hostile else BIB_CONTROL,
        "content/pages/raw.md": "---\ntitle: Raw\n---\n" + OWNER_HTML,
        "content/about.md": OWNER_HTML,
        "content/news/2024-01-01-n.md": "---\ntitle: News item\ndate: 2024-01-01\n---\n" + OWNER_HTML,
        # The BibTeX author "Owner, Eve" is the profile owner: one person.
        "site.yaml": f"title: Test site\nauthor_aliases:\n  {json.dumps('Eve Owner')}: {json.dumps(owner)}\n",
    }


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    outputs = {}
    for name, hostile in (("hostile", True), ("control", False)):
        site = write_files(root / name, site_files(hostile))
        result = run_build("--base-url", BASE_URL, cwd=site)
        assert result.returncode == 0, result.stderr
        outputs[name] = site / "output"
    return outputs


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def paper_pages(output: Path) -> dict[str, BeautifulSoup]:
    """h1 text → parsed page, for every paper page."""
    pages = {}
    for page in sorted((output / "papers").glob("*/index.html")):
        soup = parse_html(page)
        pages[" ".join(soup.find("main").find("h1").get_text().split())] = soup
    return pages


def plain(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- HTML

URL_ATTRIBUTES = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "srcset",
    "ping",
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
MATHML = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder munderover "
    "mtable mtr mtd mstyle mpadded mphantom menclose merror semantics annotation mmultiscripts "
    "mprescripts none".split()
)


def _scheme_of(value: str) -> str:
    """What a browser sees as the start of a URL: whitespace and control characters dropped, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def test_no_element_or_attribute_is_injected(builds: dict[str, Path]) -> None:
    """Same elements as the control site, page kind by page kind; no event handler, no script URL."""

    def census(output: Path) -> Counter[str]:
        counts: Counter[str] = Counter()
        for page in html_pages(output):
            kind = page.relative_to(output).parts[0] if len(page.relative_to(output).parts) > 1 else page.name
            for element in parse_html(page).find_all(True):
                # unsafe link values (javascript:, data:) are dropped, so the hostile site's
                # paper-links and entry-buttons lists are shorter: their elements are checked below instead
                in_links = any(
                    name in element.get("class", []) or element.find_parent(class_=name)
                    for name in ("paper-links", "entry-buttons")
                )
                if element.find_parent("math") is None and element.name != "math" and not in_links:
                    counts[f"{kind}:{element.name}"] += 1
        return counts

    hostile, control = census(builds["hostile"]), census(builds["control"])
    assert hostile == control, f"elements differ: more {hostile - control}, fewer {control - hostile}"

    for page in html_pages(builds["hostile"]):
        soup = parse_html(page)
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                values = value if isinstance(value, list) else [value]
                assert not name.lower().startswith("on"), f"{page}: {name}= on <{element.name}>"
                if name.lower() in URL_ATTRIBUTES or name.lower().endswith("href"):
                    for one in values:
                        assert not _scheme_of(one).startswith(BAD_SCHEMES), f"{page}: {name}={one!r}"
        for meta in soup.find_all("meta"):  # metadata whose value is a URL
            key = (meta.get("property") or meta.get("name") or "").lower()
            assert meta.get("http-equiv", "").lower() != "refresh", page
            if key.endswith(("url", ":image")):
                assert not _scheme_of(meta.get("content", "")).startswith(BAD_SCHEMES), f"{page}: {meta}"
        for math in soup.find_all("math"):  # only MathML inside, none of it a link
            for element in [math, *math.find_all(True)]:
                assert element.name in MATHML, f"{page}: <{element.name}> inside <math>"
                assert not any(
                    key.lower() in ("href", "src", "xlink:href") or key.lower().startswith("on")
                    for key in element.attrs
                ), f"{page}: {element}"


def test_hostile_strings_are_shown_as_text(builds: dict[str, Path]) -> None:
    pages = paper_pages(builds["hostile"])
    expected = [plain(title) for title in TITLES_HOSTILE]
    for title in expected:
        if "$" in title:
            continue  # rendered through the math converter; checked in the JSON-LD test
        assert title in pages, f"no paper page shows the title {title[:80]!r} as text"
    for title, soup in pages.items():
        if title not in expected:
            continue
        main = soup.find("main")
        paragraphs = [plain(p.get_text()) for p in main.select("section[aria-labelledby=abstract] p")]
        if title.startswith(("BibTeX", "Data URL")):
            continue
        assert paragraphs == [plain(line) for line in ABSTRACT_HOSTILE], title[:60]
        links = {plain(a.get_text()) for a in main.select(".byline a")}
        assert plain(OWNER_HOSTILE) in links, links
        assert soup.title.get_text().startswith(title[:40])
    home = parse_html(builds["hostile"] / "index.html")
    assert plain(OWNER_HOSTILE) in plain(home.find("main").get_text(" "))
    assert "<i>h</i>-index" in home.find("main").get_text()  # a metric label from the profile


def test_markdown_in_seed_abstracts_is_not_rendered(builds: dict[str, Path]) -> None:
    for soup in paper_pages(builds["hostile"]).values():
        section = soup.find("main").select_one("section[aria-labelledby=abstract]")
        if section is None or "**bold**" not in section.get_text():
            continue
        for paragraph in section.find_all("p"):
            assert paragraph.find_all(True) == [], paragraph
        assert "[x](javascript:alert(1))" in section.get_text()
    assert any("**bold**" in soup.get_text() for soup in paper_pages(builds["hostile"]).values())


# --------------------------------------------------------------------------- JSON-LD, XML, BibTeX, CSL-JSON


def test_valid_math_is_mathml_with_its_text_escaped(builds: dict[str, Path]) -> None:
    soup = next(page for title, page in paper_pages(builds["hostile"]).items() if title.startswith("Valid math"))
    h1 = soup.find("main").find("h1")
    assert len(h1.find_all("math")) == 2, h1  # \text{</script>} is refused as math and shown as written
    assert [element.name for element in h1.find_all(True) if element.name not in MATHML] == []
    assert "</script>" in h1.get_text() and "<" in h1.get_text()


def test_json_ld_parses_and_holds_the_exact_title(builds: dict[str, Path]) -> None:
    titles_seen = set()
    for page in html_pages(builds["hostile"]):
        scripts = parse_html(page).find_all("script", type="application/ld+json")
        assert len(scripts) == 1, page
        raw = scripts[0].string or ""
        assert "</script" not in raw.lower() and "<!--" not in raw, page
        data = json.loads(raw)
        if data.get("@type") == "ScholarlyArticle":
            titles_seen.add(data["name"])
            assert {author["name"] for author in data["author"]} & {plain(OWNER_HOSTILE), "Eve Owner"} or data[
                "name"
            ].startswith("Data URL"), data["author"]
            if "abstract" in data and "**bold**" in data["abstract"]:
                assert data["abstract"] == "\n\n".join(plain(line) for line in ABSTRACT_HOSTILE)
    for title in TITLES_HOSTILE:
        if "$" not in title:
            assert plain(title) in titles_seen, title[:80]
    math_title = next(t for t in titles_seen if t.startswith("Math"))
    assert "<img src=x onerror=alert(1)>" in math_title and "javascript:alert(1)" in math_title


def test_feeds_and_sitemap_are_well_formed_xml_with_the_exact_titles(builds: dict[str, Path]) -> None:
    output = builds["hostile"]
    feeds = sorted(output.rglob("*.xml"))
    assert output / "feed.xml" in feeds and output / "sitemap.xml" in feeds
    for feed in feeds:
        ET.parse(feed)  # raises on anything that is not well-formed XML
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(output / "feed.xml").getroot().findall(f"{atom}entry")
    titles = {entry.findtext(f"{atom}title") for entry in entries}
    for title in TITLES_HOSTILE:
        if "$" not in title:
            assert plain(title) in titles, title[:80]
    for entry in entries:
        for link in entry.findall(f"{atom}link"):
            assert link.get("href", "").startswith(BASE_URL)
    locations = [
        loc.text
        for loc in ET.parse(output / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert locations and all(loc.startswith(BASE_URL) for loc in locations)


# What LaTeX makes of '' `` -- --- ^ ~ when typeset: the same text for a reader of the citation.
TYPESET_FORMS = str.maketrans(
    {"\u201d": '"', "\u201c": '"', "\u02c6": "^", "\u02dc": "~", "\u2013": "--", "\u2014": "---"}
)


def typeset(text: str) -> str:
    return plain(text.translate(TYPESET_FORMS))


def _bib_text(value: str) -> str:
    """A BibTeX field value as the text a reader would see.

    Braces that would unbalance a field are exported as LaTeX's \\textbraceleft{} and
    \\textbraceright{} (BibTeX counts even escaped braces); pylatexenc does not know
    those two text-mode macros, so they are added as LaTeX defines them.
    """
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category(
        "text-braces", prepend=True, macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
    )
    return typeset(LatexNodes2Text(latex_context=context, math_mode="verbatim").latex_to_text(value))


def test_bibtex_parses_back_to_the_same_titles(builds: dict[str, Path]) -> None:
    import bibtexparser

    output = builds["hostile"]
    allowed = {
        "title",
        "author",
        "year",
        "month",
        "journal",
        "booktitle",
        "doi",
        "eprint",
        "archiveprefix",
        "primaryclass",
        "url",
        "keywords",
        "note",
    }
    every = bibtexparser.parse_string((output / "publications.bib").read_text(encoding="utf-8"))
    assert every.failed_blocks == []
    paper_count = len(list((output / "papers").glob("*/index.html")))
    assert len(every.entries) == paper_count
    titles = set()
    for entry in every.entries:
        assert {key.lower() for key in entry.fields_dict} <= allowed, entry.fields_dict.keys()
        titles.add(_bib_text(entry["title"]))
    for title in TITLES_HOSTILE:
        if "$" not in title:
            assert typeset(title) in titles, f"{title[:80]!r} not among {sorted(t[:80] for t in titles)}"
    for cite in sorted((output / "papers").glob("*/cite.bib")):
        one = bibtexparser.parse_string(cite.read_text(encoding="utf-8"))
        assert one.failed_blocks == [] and len(one.entries) == 1, cite


def test_csl_json_parses_with_the_exact_titles(builds: dict[str, Path]) -> None:
    items = json.loads((builds["hostile"] / "publications.json").read_text(encoding="utf-8"))
    titles = {item["title"] for item in items}
    for title in TITLES_HOSTILE:
        if "$" not in title:
            assert plain(title) in titles, title[:80]


# --------------------------------------------------------------------------- paths


def test_slugs_never_escape_output_and_are_length_limited(builds: dict[str, Path]) -> None:
    output = builds["hostile"]
    site = output.parent
    for path in output.rglob("*"):
        assert not path.is_symlink(), path
        assert output.resolve() in path.resolve().parents, path
    slugs = sorted(p.name for p in (output / "papers").iterdir() if p.is_dir())
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug
        assert len(slug) <= 85, (len(slug), slug)
    assert "etc-passwd" in slugs and "abs-path" in slugs, slugs
    assert any(slug.startswith("exceedingly-exceedingly") for slug in slugs)
    # Only in output/, or in the build cache's copy of it (the pages the search indexer reads)
    cache = site / ".scholarsite-cache"
    outside = [p for p in site.parent.rglob("*") if "passwd" in p.name or p.name == "abs"]
    assert all(output in p.parents or cache in p.parents for p in outside), outside
    authors = sorted(p.name for p in (output / "authors").iterdir() if p.is_dir())
    for slug in authors:
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug), slug


def test_nul_in_a_seed_is_a_located_error_and_writes_nothing(tmp_path: Path) -> None:
    seed = profile("Ada Owner", [Paper("LGJan 1, 2020", "Before\x00After", "Ada Owner", ("x",))])
    site = write_files(tmp_path / "site", {SEED: seed})
    result = run_cli("build", cwd=site)
    assert result.code == 1 and "Traceback" not in result.stderr
    assert re.match(rf"{re.escape(SEED)}:\d+: NUL byte", result.stderr), result.stderr
    assert not (site / "output").exists()


def test_nul_and_path_tricks_in_front_matter_stay_inside_output(tmp_path: Path) -> None:
    site = write_files(
        tmp_path / "site",
        {
            SEED: profile("Ada Owner", [Paper("LGJan 1, 2020", "A Paper", "Ada Owner", ("x",))]),
            "content/pages/one.md": '---\ntitle: "Nul\\0Title"\nslug: "../../escape\\0me"\n---\nBody.\n',
            "content/pages/two.md": "---\ntitle: Two\nslug: /etc/passwd\n---\nBody.\n",
            "content/pages/three.md": '---\ntitle: Three\nslug: "..\\\\..\\\\windows"\n---\nBody.\n',
        },
    )
    result = run_build("--base-url", BASE_URL, cwd=site)
    output = site / "output"
    if result.returncode != 0:  # refusing is fine, if it is a located error
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert re.match(r"content/pages/\w+\.md:\d+: ", result.stderr), result.stderr
        return
    made = sorted(p.relative_to(output).as_posix() for p in output.rglob("*"))
    assert all("\x00" not in p and ".." not in p.split("/") for p in made)
    assert not (tmp_path / "escape").exists() and not (site / "escape").exists()
    for path in output.rglob("*"):
        assert output.resolve() in path.resolve().parents
    tops = {p.name for p in output.iterdir() if p.is_dir()}
    assert (
        {"etc-passwd", "windows"} <= tops
        or {"passwd", "windows"} <= tops
        or len(tops & {"escape-me", "escapeme", "escape"}) == 1
    ), tops


def test_symlinks_in_content_static_that_leave_the_site_are_not_followed(tmp_path: Path) -> None:
    secret = b"TOP SECRET outside the site\n"
    outside = write_files(tmp_path / "outside", {"secret.txt": secret, "folder/inner.txt": secret})
    site = write_files(
        tmp_path / "site",
        {
            SEED: profile("Ada Owner", [Paper("LGJan 1, 2020", "A Paper", "Ada Owner", ("x",))]),
            "content/static/ok.txt": "fine\n",
            "content/static/docs/real.txt": "also fine\n",
        },
    )
    static = site / "content" / "static"
    (static / "secret.txt").symlink_to(outside / "secret.txt")
    (static / "docs" / "secret-too.txt").symlink_to(Path("../../../../outside/secret.txt"))
    (static / "folder").symlink_to(outside / "folder", target_is_directory=True)
    (static / "hop.txt").symlink_to(static / "secret.txt")  # inside, but ends outside
    (static / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")

    result = run_build("--base-url", BASE_URL, cwd=site)
    assert result.returncode == 0, result.stderr
    tree = snapshot(site / "output")
    assert tree.get("ok.txt") == b"fine\n" and tree.get("docs/real.txt") == b"also fine\n"
    leaked = sorted(path for path, data in tree.items() if secret.strip() in data)
    assert leaked == [], f"copied from outside the site: {leaked}"
    assert not any(p.startswith(("folder/", "secret", "hop", "docs/secret")) for p in tree), sorted(tree)


def test_markdown_in_content_is_the_owners_and_may_hold_html(builds: dict[str, Path]) -> None:
    output = builds["hostile"]
    for page in (output / "raw" / "index.html", output / "index.html", output / "news" / "index.html"):
        kept = parse_html(page).select("div.owner-html")
        assert len(kept) == 1, page
        assert kept[0].find("em").get_text() == "kept"
        assert kept[0].find("a")["href"] == "https://example.org/own"
        assert kept[0].get("data-x") == "1"


# --------------------------------------------------------------------------- known bugs


@pytest.mark.parametrize(
    "bad", ["\x1b[1m", "\x01", "\x08", "\ufffe"], ids=["ansi-escape", "soh", "backspace", "U+FFFE"]
)
def test_known_bug_control_characters_in_a_seed_break_the_feed(tmp_path: Path, bad: str) -> None:
    seed = profile(
        "Ada Owner",
        [Paper("LGJan 1, 2020", f"Title {bad}with control", "Ada Owner", (f"Abstract {bad}with control.",))],
    )
    site = write_files(tmp_path / "site", {SEED: seed})
    result = run_build("--base-url", BASE_URL, cwd=site)
    if result.returncode == 1:  # refusing the seed with a located error would keep the promise too
        assert re.match(rf"{re.escape(SEED)}:\d+: ", result.stderr), result.stderr
        return
    assert result.returncode == 0, result.stderr
    for feed in sorted((site / "output").rglob("*.xml")):
        ET.parse(feed)


@pytest.mark.parametrize("title", ["A $}, note={pwned$ B", "Broken $}$ entry"], ids=["forged-field", "unbalanced"])
def test_known_bug_math_in_a_title_breaks_out_of_the_bibtex_field(tmp_path: Path, title: str) -> None:
    import bibtexparser

    seed = profile("Ada Owner", [Paper("LGJan 1, 2020", title, "Ada Owner", ("x",))])
    site = write_files(tmp_path / "site", {SEED: seed})
    result = run_build(cwd=site)
    assert result.returncode == 0, result.stderr
    library = bibtexparser.parse_string((site / "output" / "publications.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    assert set(entry.fields_dict) == {"title", "author", "year", "month"}, sorted(entry.fields_dict)
    assert _bib_text(entry["title"]) == typeset(title)


def test_known_bug_symlink_loop_in_content_static_crashes_the_build(tmp_path: Path) -> None:
    site = write_files(
        tmp_path / "site",
        {
            SEED: profile("Ada Owner", [Paper("LGJan 1, 2020", "A Paper", "Ada Owner", ("x",))]),
            "content/static/ok.txt": "fine\n",
        },
    )
    (site / "content" / "static" / "loop.txt").symlink_to("loop.txt")
    result = run_build(cwd=site)
    assert "Traceback" not in result.stderr, result.stderr[-600:]
    assert result.returncode == 0 or re.match(r"content/static/loop\.txt(:\d+)?: ", result.stderr), result.stderr


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", " JaVaScRiPt:alert(1)"],
    ids=["javascript", "data", "mixed-case"],
)
def test_known_bug_script_urls_from_bibtex_become_links(tmp_path: Path, url: str) -> None:
    bib = (
        "@misc{x2020,\n  title = {A Paper},\n  author = {Owner, Ada},\n  year = {2020},\n"
        f"  url = {{{url}}}\n}}\n"
    )
    site = write_files(
        tmp_path / "site",
        {SEED: profile("Ada Owner", [Paper("LGJan 1, 2021", "Other", "Ada Owner", ("x",))]), "seeds/refs.bib": bib},
    )
    result = run_build("--base-url", BASE_URL, cwd=site)
    assert result.returncode == 0, result.stderr
    for page in html_pages(site / "output"):
        for element in parse_html(page).find_all(href=True):
            target = _scheme_of(element["href"])
            assert "javascript:" not in target and "data:" not in target, f"{page}: {element}"
