"""Math as Chromium draws it (MathML Core): bold letters, accents, operator spacing, inline size.

MathML Core ignores `mathvariant`, so bold must come from the code points; the
checks measure what Chromium laid out, in both built-in themes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import build_site, make_site, paper_block, profile_text

import gates

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

TITLE = r"$\mathbf{(AR)^{2}}$: Rectified $\|\mathbf{x}-\hat{\mathbf{x}}\|$ Errors"
ABSTRACT = r"Sorting takes $n \log n$ steps, and the $\boldsymbol{\mu}$ estimate is exact."


@pytest.fixture(scope="module", params=["default", "classic"])
def paper_page(
    request: pytest.FixtureRequest, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Page]:
    root = tmp_path_factory.mktemp(f"math-{request.param}")
    seed = profile_text("Ada Owner", paper_block("LGNov 14, 2022", TITLE, "Ada Owner, Bob Brown", ABSTRACT))
    site = make_site(root, {"seeds/x.txt": seed})
    output = build_site(site, output_dir=root / "output", theme=request.param, use_cache=False).output
    (paper_dir,) = [
        path for path in (output / "papers").iterdir() if (path / "index.html").is_file() and path.name != "page"
    ]
    with gates.serve_under_subpath(output) as url:
        context = gates.new_context(browser, gates.DESKTOP, "light", with_axe=False)
        page = context.new_page()
        page.goto(f"{url}papers/{paper_dir.name}/")
        yield page
        context.close()


def _measure(page: Page, script: str) -> Any:
    return page.evaluate(script)


def test_mathbf_is_drawn_with_bold_letters_from_a_real_font(paper_page: Page) -> None:
    found = _measure(
        paper_page,
        """() => {
        const bold = [...document.querySelectorAll('h1 math mi')].find(mi => mi.textContent === '\\u{1D400}');
        const math = bold.closest('math');
        const plain = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'mi');
        plain.setAttribute('mathvariant', 'normal');
        plain.textContent = 'A';
        math.firstElementChild.append(plain);
        const result = {text: bold.textContent, weight: getComputedStyle(bold).fontWeight,
                        bold: bold.getBoundingClientRect().width, plain: plain.getBoundingClientRect().width,
                        variant: bold.getAttribute('mathvariant')};
        plain.remove();
        return result;
    }""",
    )
    assert 0x1D400 <= ord(found["text"]) < 0x1D800 and found["variant"] is None
    assert found["bold"] > found["plain"] * 1.03, found  # the bold glyph is wider than the regular one
    session = paper_page.context.new_cdp_session(paper_page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "h1 math mi"})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert fonts and all(font["glyphCount"] > 0 and font["familyName"] for font in fonts), fonts
    session.detach()


def test_the_hat_is_drawn_above_its_base_at_the_size_of_an_accent(paper_page: Page) -> None:
    found = _measure(
        paper_page,
        """() => {
        const mover = document.querySelector('h1 mover');
        const [base, accent] = mover.children;
        const box = (node) => { const r = node.getBoundingClientRect(); return {top: r.top, bottom: r.bottom,
                                 width: r.width, height: r.height}; };
        return {mover: box(mover), base: box(base), accent: box(accent), mark: accent.textContent,
                em: parseFloat(getComputedStyle(mover).fontSize)};
    }""",
    )
    assert found["mark"] == "\u02c6"
    assert found["accent"]["height"] > 0 and found["accent"]["width"] > 0
    assert found["mover"]["top"] < found["base"]["top"] - 1, found  # room above the base holds the hat
    assert found["accent"]["bottom"] <= found["base"]["top"] + found["base"]["height"] / 2, found
    assert found["accent"]["width"] < found["base"]["width"] * 1.6, found
    # U+005E is drawn as a tall hollow wedge (over half an em above the letter); a hat is a small mark.
    assert (found["base"]["top"] - found["mover"]["top"]) / found["em"] < 0.4, found


def test_a_function_name_has_space_on_both_sides(paper_page: Page) -> None:
    gaps = _measure(
        paper_page,
        """() => {
        const log = [...document.querySelectorAll('.paper-page p math mi')].find(mi => mi.textContent === 'log');
        const row = [...log.parentElement.children];
        const at = row.indexOf(log);
        const right = (node) => node.getBoundingClientRect().right, left = (node) => node.getBoundingClientRect().left;
        const size = parseFloat(getComputedStyle(log).fontSize);
        return {before: (left(log) - right(row[at - 2])) / size, after: (left(row[at + 2]) - right(log)) / size};
    }""",
    )
    assert gaps["before"] > 0.1 and gaps["after"] > 0.1, gaps  # at least a thin space (1/6 em) either side


def test_inline_math_is_the_size_of_the_text_around_it(paper_page: Page) -> None:
    found = _measure(
        paper_page,
        """() => {
        const math = document.querySelector('.paper-page p math');
        const paragraph = math.closest('p');
        const range = document.createRange();
        range.selectNodeContents(paragraph.firstChild);
        const text = range.getClientRects()[0];
        const rows = [...math.querySelectorAll('mi')].map(mi => mi.getBoundingClientRect().height);
        return {math: parseFloat(getComputedStyle(math).fontSize),
                text: parseFloat(getComputedStyle(paragraph).fontSize),
                glyphs: Math.max(...rows), line: text.height};
    }""",
    )
    assert found["math"] == found["text"], found
    assert 0.8 <= found["glyphs"] / found["line"] <= 1.3, found
