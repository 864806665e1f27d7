"""Markdown for research writing: math, highlighted code, footnotes, tables, figures, heading anchors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scholarsite.render.highlight import DARK_STYLE, LIGHT_STYLE, stylesheet
from scholarsite.render.markdown import MarkdownRenderer
from tests.conftest import build_site, make_site, one_paper_profile, parse_html

ARTICLE = r"""# Results

We solve $\mathbf{y}=\mathbf{A}\mathbf{x}$ and bound $\|x\|_2$; it costs $5 and $10, and \$x\$ is text.

$$
\sum_{k=1}^{n} k = \frac{n(n+1)}{2}
$$

Code keeps `$x$` and `\|` as written.

```python
def square(x):  # a comment
    return x ** 2
```

| method | error |
|--------|-------|
| ours   | 0.1   |

![A plot of the error](/plot.png "Figure 1: the error falls.")

A claim.[^proof]

[^proof]: The proof.
"""


def html(source: str = ARTICLE, prefix: str = "notes") -> str:
    return str(MarkdownRenderer().render(source, "papers/x/", 2, "", prefix))


def test_math_becomes_mathml_with_backslashes_intact() -> None:
    out = html()
    assert out.count('display="inline"') == 2 and out.count('display="block"') == 1
    assert "\U0001d432" in out  # \mathbf{y}: the bold letter, so \m survived Markdown's escapes
    assert "‖" in out  # \| is a norm, not an escaped bar
    assert "$5 and $10" in out and "$x$ is text" in out
    assert "<code>$x$</code>" in out and "<code>\\|</code>" in out


def test_invalid_latex_is_shown_as_written() -> None:
    out = html(r"Broken $\begin{matrix}$ math.")
    assert r"$\begin{matrix}$" in out and "<math" not in out


def test_fenced_code_is_highlighted_and_reachable_by_keyboard() -> None:
    out = html()
    assert '<div class="highlight"><pre tabindex="0">' in out
    assert '<span class="k">def</span>' in out and '<span class="c1"># a comment</span>' in out


def test_tables_scroll_in_a_labelled_region_and_figures_have_captions() -> None:
    out = html()
    assert re.search(r'<div aria-label="Table" class="table-wrap" role="region" tabindex="0"><table>', out)
    assert '<figure><img alt="A plot of the error" src="../../plot.png"><figcaption>Figure 1: the error falls.' in out
    assert "title=" not in out.split("<figure>")[1].split("</figure>")[0]


def test_headings_and_footnotes_get_ids_prefixed_by_their_document() -> None:
    out = html()
    assert '<h2 id="notes-results">' in out
    assert 'href="#notes-results"' in out and 'aria-label="Link to the section Results"' in out
    assert 'id="notes-fnref-proof"' in out and 'href="#notes-fn-proof"' in out
    assert 'id="notes-fn-proof"' in out and 'href="#notes-fnref-proof"' in out


def test_every_highlight_colour_meets_aa_contrast_on_its_background() -> None:
    css = stylesheet().decode()

    def luminance(colour: str) -> float:
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = css.split("@media (prefers-color-scheme: dark)")
    for part, style in ((light, LIGHT_STYLE), (dark, DARK_STYLE)):
        background = re.search(r"div\.highlight \{ background: (#[0-9a-fA-F]+)", part)
        assert background, style
        for colour in re.findall(r"[^-]color: (#[0-9a-fA-F]{3,6})", part):
            high, low = sorted((luminance(colour), luminance(background[1])), reverse=True)
            assert (high + 0.05) / (low + 0.05) >= 4.5, (style, colour)


def test_markdown_features_reach_every_kind_of_page(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {
            "seeds/x.txt": one_paper_profile(),
            "content/about.md": ARTICLE,
            "content/pages/notes.md": "---\ntitle: Notes\n---\n" + ARTICLE,
            "content/news/one.md": "---\ntitle: One\ndate: 2024-01-02\n---\n" + ARTICLE,
            "content/static/plot.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    output = build_site(site, tmp_path / "out").output
    assert (output / "static/highlight.css").read_bytes() == stylesheet(), (
        "Pygments changed: python -m scholarsite.render.highlight > themes/default/static/highlight.css"
    )
    for page in ("index.html", "notes/index.html", "news/index.html"):
        document = parse_html(output / page)
        assert document.find("math", attrs={"display": "block"}) is not None, page
        assert document.find("figure") is not None and document.find("div", class_="highlight"), page
        assert document.find("link", href=re.compile(r"static/highlight\.css$")), page
        ids = [element["id"] for element in document.find_all(id=True)]
        assert len(ids) == len(set(ids)), page


@pytest.mark.slow
def test_code_in_an_unknown_language_or_none_is_shown_plain_and_escaped() -> None:
    out = html("```nosuchlanguage\na < b && c\n```\n\n    indented <code>\n")
    assert out.count('<div class="highlight"><pre tabindex="0"><code>') == 2
    assert "a &lt; b &amp;&amp; c" in out and "indented &lt;code&gt;" in out and "<span" not in out
