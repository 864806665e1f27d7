"""Readers that cannot crash (issue 10, part 2): property-based tests of every input reader.

Readers under test, each fed arbitrary text, arbitrary bytes and structured
mutations of a valid file (deleted lines, swapped blocks, truncation, random
Unicode, CRLF/CR line endings, a BOM, format-specific trouble lines):

- `scholarsite.read.lines.decode`            bytes → text (every reader starts here)
- `scholarsite.read.seeds.parse_profile`     seeds/*.txt, from the repository's sample profile
- `scholarsite.read.content.split_front_matter` / `parse_document`   content/**/*.md
- `scholarsite.config.load_config`           site.yaml (written to a temporary site folder)

The property (the documented user error, `generator/errors.py`): each input
either parses, or raises `scholarsite.errors.SiteError` (or `SiteErrors`, each of
its errors checked) whose location names the file as the reader was told to
show it and a line inside the file: 1 <= line <= N, where N is the number of
lines of the file counting CRLF, LF and lone CR as line ends (the line endings
`decode()` normalises), so an empty file has one line. `SourceLocation` keeps
line 0 for "the file as a whole", but no reader uses it for a problem found in
a file's text (an empty profile, an unclosed front matter, a YAML reader error
are all reported at their line, at least line 1), so 0 is never accepted here.
Warnings passed to `warn` are located the same way. Any other exception fails.

Known bugs: each one has a strict-xfail test at the end of this file with a
concrete input. The property tests recognise exactly those failures (in
`known_bug()`, by exception type and the function that raised; in
`check_location()`/`check_error()`, by the characters that cause the wrong
line or message) and count them as hypothesis events ("known bug: …", shown by
--hypothesis-show-statistics) instead of failing, so that they keep hunting
for new ways to break. When a bug is fixed its xfail test XPASSes (strict):
delete the test's marker and the matching tolerance here.
"""

from __future__ import annotations

import re
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import event, example, given, note
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from scholarsite.config import load_config
from scholarsite.errors import SiteError, SiteErrors, SourceLocation
from scholarsite.read.content import parse_document, split_front_matter
from scholarsite.read.frontmatter import SCHEMAS
from scholarsite.read.lines import decode
from scholarsite.read.seeds import parse_profile
from tests.conftest import SAMPLE_SEED
from tests.robustness.conftest import examples

SEED_SHOWN = "seeds/000_e37131867a2e8315.txt"
SITE_YAML = "site.yaml"
BREAKS = re.compile(rb"\r\n|\r|\n")

SAMPLE = SAMPLE_SEED.read_bytes()
VALID_DOCUMENTS = {
    "page": "---\ntitle: Teaching\nslug: teaching\ndescription: Courses I teach.\nnav_order: 2\nnav: true\n---\n"
    "# Teaching\n\nSome *Markdown* with <em>HTML</em> and a [link](/cv/).\n",
    "news": "---\ntitle: Paper accepted\ndate: 2024-05-01\n---\nOur paper was accepted.\n",
    "paper": '---\nauthors: [Ada Owner, Bob Brown, "Carl O\'Cole"]\nvenue: NeurIPS\nvenue_kind: conference\n'
    "doi: 10.1000/xyz123\narxiv: 2301.01234\npdf: https://example.org/p.pdf\ncode: https://github.com/x/y\n"
    "slides: /slides.pdf\ntags:\n  - federated learning\n  - privacy\nselected: true\n---\nNotes.\n",
    "author": "---\nname: Bob Brown\nhomepage: https://bob.example.org/\naffiliation: Example University\n"
    "orcid: 0000-0002-1825-0097\naliases: [B. Brown, Robert Brown]\n---\nBob's bio.\n",
    "about": "---\ntitle: About me\n---\nI study *things*.\n",
}
VALID_SITE = (
    "# settings\ntitle: Ada's Lab\ndescription: Research on things.\nbase_url: https://ada.example.org/\n"
    "language: en\ntheme: default\nowner: Ada Owner\nhome: profile\nlinks:\n  email: ada@example.org\n"
    "  github: ada\n  orcid: 0000-0002-1825-0097\nnav:\n  - title: Blog\n    url: https://example.org/blog/\n"
    '  - title: CV\n    url: /cv/\nfooter: "© Ada"\nauthor_aliases:\n  "Ruibing Li": "Ruibin Li"\n'
    "categories:\n  CV: math.CV\nselected: []\nhighlight_owner: true\ncname: www.example.org\n"
)
# Lines that mean something in each format: mutations insert or substitute them.
SEED_TOKENS = (
    "LGNov 14, 2022",
    "CVJun 1, 2023Code",
    "LGCVITNov 14, 2022",
    "LG Nov 14, 2022",
    "LGFeb 30, 2020",
    "LGFeb 29, 2021",
    "LGNov 31, 0000",
    "LGMay",
    "LGMay 2",
    "LGCVMay 26, 20",
    "SPLG Mar 31,",
    "10 Papers",
    "0 Papers",
    "1,000 Papers",
    "h-index18",
    "91citations",
    "Novelty63%",
    "AI Score39",
    "CV",
    "Ada Owner, Bob Brown et al.",
    "A. B. C. D. E. F. G. H. I.",
    "et al.",
    "and Bob",
    "we propose a method.",
    "Title: with: colons",
    "",
    " ",
    "\t",
    "---",
    "$x^{2}$ and $\\frac{a}{b}$",
    "$",
    "\\",
    "<script>",
)
YAML_TOKENS = (
    "---",
    "...",
    "title: x",
    "title:",
    "title: [",
    "nav: [",
    "nav:\n  - title: A\n    url: javascript:alert(1)",
    "- x",
    "  - y",
    "key: value: other",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "|",
    ">",
    "%YAML 1.1",
    "%TAG ! x",
    "\t",
    "a: &anchor 1",
    "b: *anchor",
    "<<: {}",
    "? complex\n: key",
    "links:\n  github: a:b",
    "categories:\n  CV: math.XX",
    "selected: [no-such-paper]",
    "nav_order: 1.5",
    "nav: yes",
    "date: 2024-13-01",
    "title: !!str 3",
    "title: ~",
    "~: x",
    'title: "\\x"',
    "# comment",
    "title: |\n  block\n  text",
    "@",
    "`",
    "title: 'unterminated",
    "date: 2024-05-01",
    "tags: {a: b}",
)


# --------------------------------------------------------------------------- the property


KNOWN_BUGS_SEEN: Counter[str] = Counter()  # outside hypothesis (the every-offset loops)


def known(bug: str) -> None:
    """Count a known bug (see the xfail tests at the end) instead of failing."""
    if currently_in_test_context():
        event(f"known bug: {bug}")
    else:
        KNOWN_BUGS_SEEN[bug] += 1


def line_count(data: bytes) -> int:
    """Lines of a file, counting CRLF, LF and lone CR as line ends (so b"" has one line)."""
    return len(BREAKS.split(data))


class Input:
    """One input file as a reader sees it: its bytes, the path it is shown as, its number of lines."""

    def __init__(self, data: bytes, shown: str) -> None:
        self.data, self.shown, self.lines = data, shown, line_count(data)

    def yaml_only_breaks(self) -> int:
        """Characters PyYAML counts as line breaks but the readers do not (NEL, LS, PS)."""
        text = self.data.decode("utf-8", errors="replace")
        return sum(text.count(ch) for ch in "\x85\u2028\u2029")


def check_location(location: SourceLocation, source: Input, what: str) -> None:
    assert location.path == source.shown, f"{what} names {location.path!r}, not {source.shown!r}"
    if 1 <= location.line <= source.lines:
        return
    if source.lines < location.line <= source.lines + source.yaml_only_breaks():
        known("yaml-unicode-line-breaks")
        return
    raise AssertionError(f"{what} at line {location.line} of a {source.lines}-line file")


def check_error(error: SiteError, source: Input) -> None:
    for one in error.errors if isinstance(error, SiteErrors) else (error,):
        if one.location.line == 0 and one.problem.startswith(('"categories.', '"links.')):
            known("config-semantic-line-0")
            continue
        check_location(one.location, source, f"error {one.message!r}")
        if "\n" in one.problem + one.expected and one.problem.startswith("invalid YAML: unacceptable character"):
            known("yaml-reader-error-two-lines")
            continue
        assert "\n" not in one.problem + one.expected, f"not a one-line message: {one.message!r}"


def known_bug(exc: BaseException) -> str | None:
    """Which known bug this exception is (each has an xfail test below), or None for a new failure."""
    frames = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
    inner = frames[-1] if frames else ""
    if isinstance(exc, ValueError) and "integer string conversion" in str(exc) and "parse_profile" in frames:
        return "int-max-str-digits"
    if isinstance(exc, (ValueError, TypeError, AttributeError)) and inner.startswith("construct_yaml_"):
        return "yaml-constructor-errors"
    if isinstance(exc, RecursionError) and "load_yaml" in frames:
        return "yaml-recursion"
    if isinstance(exc, AttributeError) and inner == "_semantic_errors":
        return "config-not-a-mapping"
    return None


def holds(reader: Callable[[Input], object], source: Input) -> None:
    """Run `reader`: fine if it returns, or raises a well-located SiteError; known bugs become events."""
    try:
        reader(source)
    except SiteError as error:
        check_error(error, source)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:
        bug = known_bug(exc)
        if bug is None:
            raise
        known(bug)


# --------------------------------------------------------------------------- the readers


def read_profile(source: Input) -> object:
    warnings: list[tuple[SourceLocation, str]] = []
    text = decode(source.data, source.shown)
    profile = parse_profile(text, source.shown, lambda location, problem: warnings.append((location, problem)))
    for location, problem in warnings:
        check_location(location, source, f"warning {problem!r}")
    for paper in profile.papers:
        for line in (paper.line, paper.title_line, paper.authors_line, paper.abstract_line):
            check_location(SourceLocation(source.shown, line), source, "a paper field")
    return profile


def profile_input(data: bytes) -> Input:
    return Input(data, SEED_SHOWN)


FOLDERS = {"page": "pages", "news": "news", "paper": "papers", "author": "authors"}


def document_input(data: bytes, kind: str) -> Input:
    return Input(data, "content/about.md" if kind == "about" else f"content/{FOLDERS[kind]}/x.md")


def document_reader(kind: str) -> Callable[[Input], object]:
    def read_document(source: Input) -> object:
        document = parse_document(decode(source.data, source.shown), source.shown, kind, "x", SCHEMAS[kind])
        for key, line in document.meta_lines.items():
            check_location(SourceLocation(source.shown, line), source, f"front-matter key {key!r}")
        return document

    return read_document


@pytest.fixture(scope="module")
def site_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-site-") as folder:
        yield Path(folder)


def config_reader(folder: Path) -> Callable[[Input], object]:
    def read_config(source: Input) -> object:
        (folder / "site.yaml").write_bytes(source.data)
        return load_config(folder)

    return read_config


def config_input(data: bytes) -> Input:
    return Input(data, SITE_YAML)


# --------------------------------------------------------------------------- strategies

# Pieces of text that mean something to the readers, mixed into arbitrary Unicode.
PIECES = st.sampled_from(
    [
        *"\n\n\n\r\t :,-[]{}&*!#'\"|>%@`$\\<>?~.0123456789",
        "\ufeff",
        "\x00",
        "\x85",
        "\u2028",
        "\u2029",
        "\x0b",
        "\x0c",
        "\x1c",
        "\u00e9",
        "\u200b",
        "\ud7ff",
        "\U0001f600",
        "Nov ",
        "LG",
        "CV",
        "LGNov 14, 2022",
        " Papers",
        " et al.",
        "---",
        "title: ",
        "date: ",
        "nav:",
        "- ",
        "  ",
        "\r\n",
        "&a ",
        "*a",
        "!!",
    ]
)
TEXT = st.lists(st.one_of(st.characters(), PIECES), max_size=300).map("".join)
BYTES = st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))


@st.composite
def mutated(draw: st.DrawFn, source: str, tokens: tuple[str, ...]) -> bytes:
    """`source` after 1-5 random edits, then random line endings, BOM and byte-level truncation."""
    lines = source.split("\n")
    for _ in range(draw(st.integers(1, 5))):
        size = len(lines)
        at = draw(st.integers(0, max(0, size - 1)))
        operation = draw(
            st.sampled_from(
                [
                    "delete",
                    "delete-range",
                    "swap-blocks",
                    "duplicate",
                    "move",
                    "unicode",
                    "token",
                    "insert-token",
                    "truncate",
                ]
            )
        )
        if operation == "delete" and lines:
            del lines[at]
        elif operation == "delete-range":
            end = draw(st.integers(at, size))
            del lines[at:end]
        elif operation == "swap-blocks" and size >= 2:
            a, b, c, d = sorted(draw(st.lists(st.integers(0, size), min_size=4, max_size=4)))
            lines = lines[:a] + lines[c:d] + lines[b:c] + lines[a:b] + lines[d:]
        elif operation == "duplicate" and lines:
            lines.insert(draw(st.integers(0, size)), lines[at])
        elif operation == "move" and lines:
            moved = lines.pop(at)
            lines.insert(draw(st.integers(0, len(lines))), moved)
        elif operation == "unicode":
            line = lines[at] if lines else ""
            column = draw(st.integers(0, len(line)))
            inserted = draw(st.lists(st.one_of(st.characters(), PIECES), min_size=1, max_size=12).map("".join))
            if lines:
                lines[at] = line[:column] + inserted + line[column:]
            else:
                lines = [inserted]
        elif operation == "token" and lines:
            lines[at] = draw(st.sampled_from(tokens))
        elif operation == "insert-token":
            lines.insert(draw(st.integers(0, size)), draw(st.sampled_from(tokens)))
        elif operation == "truncate":
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
    text = "\n".join(lines)
    text = text.replace("\n", draw(st.sampled_from(["\n", "\n", "\r\n", "\r"])))
    if draw(st.integers(0, 3)) == 0:
        text = "\ufeff" + text
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


SAMPLE_TEXT = SAMPLE.decode("utf-8")
KINDS = st.sampled_from(sorted(VALID_DOCUMENTS))


@st.composite
def mutated_document(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(KINDS)
    return kind, draw(mutated(VALID_DOCUMENTS[kind], YAML_TOKENS))


# --------------------------------------------------------------------------- the valid files really are valid


def test_the_valid_starting_points_parse(site_folder: Path) -> None:
    profile = read_profile(profile_input(SAMPLE))
    assert len(profile.papers) == 10  # type: ignore[attr-defined]
    for kind, text in VALID_DOCUMENTS.items():
        assert document_reader(kind)(document_input(text.encode(), kind)).meta  # type: ignore[attr-defined]
    config = config_reader(site_folder)(config_input(VALID_SITE.encode()))
    assert config.cname == "www.example.org" and len(config.nav) == 2  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- decode


@examples(3)
@given(BYTES)
@example(b"\xff")
@example(b"a\r\nb\rc\n\x00")
@example(b"a\r\rb\n\xe9")
def test_decode_gives_clean_text_or_a_located_error(data: bytes) -> None:
    try:
        text = decode(data, "x.txt")
    except SiteError as error:
        check_error(error, Input(data, "x.txt"))
        bad = data.find(b"\x00")
        if bad < 0:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = exc.start
        assert bad >= 0, "decode refused valid NUL-free UTF-8"
        assert error.location.line == line_count(data[:bad]), "the error is not on the line of the first bad byte"
    else:  # one BOM dropped (a second one is text), every line end made "\n"
        expected = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        assert text == expected
        assert text.count("\n") + 1 == line_count(data)


# --------------------------------------------------------------------------- the profile reader


@examples(2)
@given(TEXT)
def test_profile_reader_on_arbitrary_text(text: str) -> None:
    holds(read_profile, profile_input(text.encode("utf-8", "surrogatepass")))


@examples(1)
@given(BYTES)
def test_profile_reader_on_arbitrary_bytes(data: bytes) -> None:
    holds(read_profile, profile_input(data))


@examples(2.5)
@given(mutated(SAMPLE_TEXT, SEED_TOKENS))
def test_profile_reader_on_mutations_of_the_sample(data: bytes) -> None:
    note(f"{line_count(data)} lines")
    holds(read_profile, profile_input(data))


@pytest.mark.parametrize("variant", ["lf", "crlf-bom"])
def test_profile_reader_on_the_sample_truncated_at_every_byte(variant: str) -> None:
    data = SAMPLE if variant == "lf" else b"\xef\xbb\xbf" + SAMPLE.replace(b"\n", b"\r\n")
    parsed = 0
    for offset in range(len(data) + 1):
        source = profile_input(data[:offset])
        try:
            read_profile(source)
            parsed += 1
        except SiteError as error:
            check_error(error, source)
    assert parsed > len(data) // 2  # most cuts fall inside an abstract and still parse


# --------------------------------------------------------------------------- the front-matter reader


@examples(1)
@given(TEXT)
def test_split_front_matter_on_arbitrary_text(text: str) -> None:
    text = text.replace("\r", "\n")  # its input is decoded text
    source = Input(text.encode("utf-8", "surrogatepass"), "content/pages/x.md")
    try:
        front, front_line, _body, body_line = split_front_matter(text, source.shown)
    except SiteError as error:
        check_error(error, source)
    else:
        assert front is None or front_line == 2
        assert 1 <= body_line <= source.lines + 1


@examples(1.5)
@given(KINDS, TEXT)
@example("page", "title: x\u2028\u2028: [\n")
def test_document_reader_on_arbitrary_text(kind: str, text: str) -> None:
    for candidate in (text, "---\n" + text + "\n---\nbody\n"):
        holds(document_reader(kind), document_input(candidate.encode("utf-8", "surrogatepass"), kind))


@examples(1)
@given(KINDS, BYTES)
def test_document_reader_on_arbitrary_bytes(kind: str, data: bytes) -> None:
    for candidate in (data, b"---\n" + data + b"\n---\n"):
        holds(document_reader(kind), document_input(candidate, kind))


@examples(2.5)
@given(mutated_document())
def test_document_reader_on_mutations_of_valid_documents(case: tuple[str, bytes]) -> None:
    kind, data = case
    holds(document_reader(kind), document_input(data, kind))


@pytest.mark.parametrize("kind", sorted(VALID_DOCUMENTS))
def test_document_reader_on_valid_documents_truncated_at_every_byte(kind: str) -> None:
    data = VALID_DOCUMENTS[kind].encode()
    for variant in (data, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")):
        for offset in range(len(variant) + 1):
            holds(document_reader(kind), document_input(variant[:offset], kind))


# --------------------------------------------------------------------------- the site.yaml reader


@examples(1)
@given(TEXT)
def test_config_reader_on_arbitrary_text(site_folder: Path, text: str) -> None:
    holds(config_reader(site_folder), config_input(text.encode("utf-8", "surrogatepass")))


@examples(0.5)
@given(BYTES)
def test_config_reader_on_arbitrary_bytes(site_folder: Path, data: bytes) -> None:
    holds(config_reader(site_folder), config_input(data))


@examples(2)
@given(st.one_of(mutated(VALID_SITE, YAML_TOKENS), mutated(VALID_SITE.replace(": ", ":  "), YAML_TOKENS)))
def test_config_reader_on_mutations_of_a_valid_site_yaml(site_folder: Path, data: bytes) -> None:
    holds(config_reader(site_folder), config_input(data))


def test_config_reader_on_a_valid_site_yaml_truncated_at_every_byte(site_folder: Path) -> None:
    data = VALID_SITE.encode()
    for variant in (data, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")):
        for offset in range(len(variant) + 1):
            holds(config_reader(site_folder), config_input(variant[:offset]))


# --------------------------------------------------------------------------- known bugs, one input each


def read_yaml(folder: Path, where: str, text: str) -> SiteError:
    """The SiteError `text` gives as site.yaml or as a news item's front matter (fails if there is none)."""
    if where == "site.yaml":
        source, reader = config_input(text.encode()), config_reader(folder)
    else:
        source, reader = document_input(("---\n" + text + "---\nbody\n").encode(), "news"), document_reader("news")
    with pytest.raises(SiteError) as raised:
        reader(source)
    check_error(raised.value, source)
    return raised.value


YAML_PLACES = ["site.yaml", "front matter"]


@pytest.mark.parametrize("where", YAML_PLACES)
def test_known_bug_yaml_timestamp_tag_on_a_non_date_escapes(site_folder: Path, where: str) -> None:
    read_yaml(site_folder, where, "title: !!timestamp nope\n")


@pytest.mark.parametrize("where", YAML_PLACES)
@pytest.mark.parametrize(
    "text",
    ["nav: &a [*a]\n", "links: &a {x: *a}\n", "nav: " + "[" * 3000 + "]" * 3000 + "\n"],
    ids=["recursive-list", "recursive-map", "deep-nesting"],
)
def test_known_bug_yaml_recursion_escapes(site_folder: Path, where: str, text: str) -> None:
    read_yaml(site_folder, where, text)


def test_huge_declared_count_is_an_ignored_line_not_a_crash() -> None:
    """5,000 nines are no paper count: the line is reported as unrecognised (a warning) and skipped."""
    source = profile_input(("Ada Owner\n" + "9" * 5000 + " Papers\n").encode())
    warnings: list[tuple[object, str]] = []
    profile = parse_profile(
        decode(source.data, source.shown), source.shown, lambda location, text: warnings.append((location, text))
    )
    assert profile.declared_count is None
    assert any("unrecognised profile line" in text for _, text in warnings)


@pytest.mark.parametrize("text", ["just some text\n", "- a\n- b\n", "42\n"], ids=["text", "list", "number"])
def test_known_bug_site_yaml_that_is_not_a_mapping_escapes(site_folder: Path, text: str) -> None:
    error = read_yaml(site_folder, "site.yaml", text)
    assert error.location.line == 1


@pytest.mark.parametrize("where", YAML_PLACES)
@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"], ids=["NEL", "LS", "PS"])
def test_known_bug_yaml_error_line_past_the_end_of_the_file(site_folder: Path, where: str, separator: str) -> None:
    text = f"title: a{separator * 4} b: [\n"
    error = read_yaml(site_folder, where, text)
    lines = 2 if where == "site.yaml" else 4
    assert 1 <= error.location.line <= lines, error.message


def test_known_bug_config_semantic_error_without_a_line(site_folder: Path) -> None:
    with pytest.raises(SiteError) as raised:
        config_reader(site_folder)(config_input(b"title: x\ncategories:\n  0x1: math.XX\n"))
    assert raised.value.location.line == 3, raised.value.message


@pytest.mark.parametrize("where", YAML_PLACES)
def test_known_bug_yaml_control_character_message_is_two_lines(site_folder: Path, where: str) -> None:
    with pytest.raises(SiteError) as raised:
        if where == "site.yaml":
            config_reader(site_folder)(config_input(b"title: a\x01b\n"))
        else:
            document_reader("news")(document_input(b"---\ntitle: a\x01b\n---\n", "news"))
    assert "\n" not in raised.value.message, raised.value.message
