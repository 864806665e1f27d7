"""static/highlight.css: the colours of highlighted code, light and dark, made from Pygments styles.

The two styles are chosen for contrast: every token colour of each reaches
WCAG AA (4.5:1) on that style's own background, which the blocks keep in both
themes. Dark follows the visitor's system setting unless the theme toggle
chose a scheme (`data-scheme` on <html>), like the themes' own colours.
The default theme ships the file (so a build never imports Pygments for it); after
a Pygments upgrade, `python -m generator.render.highlight > themes/default/static/highlight.css`
makes it again, and a test says when that is due. A theme overrides it by shipping its own.
"""

from __future__ import annotations

from functools import lru_cache

LIGHT_STYLE = "xcode"
DARK_STYLE = "lightbulb"
STYLESHEET = "highlight.css"
SCOPE = ".highlight"


def _rules(style: str, scope: str) -> str:
    from pygments.formatters import HtmlFormatter

    formatter = HtmlFormatter(style=style)
    background = formatter.style.background_color or "transparent"
    rules = [
        f"{scope} {{ background: {background}; }}",
        f"{scope} pre {{ background: {background}; color: {_default_colour(style)}; }}",
        *formatter.get_token_style_defs(scope),  # type: ignore[no-untyped-call]  # untyped in types-Pygments
    ]
    return "\n".join(rules)


def _default_colour(style: str) -> str:
    from pygments.styles import get_style_by_name
    from pygments.token import Text

    colour = get_style_by_name(style).style_for_token(Text)["color"]
    if colour:
        return f"#{colour}"
    return "#000000" if style == LIGHT_STYLE else "#ffffff"  # the style leaves plain text to the page


@lru_cache(maxsize=1)
def stylesheet() -> bytes:
    """The whole file; the same bytes for the same Pygments version."""
    light = _rules(LIGHT_STYLE, f"div{SCOPE}")
    dark_system = _rules(DARK_STYLE, f':root:not([data-scheme="light"]) div{SCOPE}')
    dark_chosen = _rules(DARK_STYLE, f':root[data-scheme="dark"] div{SCOPE}')
    indented = "\n".join("  " + line for line in dark_system.splitlines())
    text = (
        f"/* Highlighted code: Pygments {LIGHT_STYLE} (light) and {DARK_STYLE} (dark). */\n"
        f"div{SCOPE} pre {{ overflow-x: auto; padding: 0.75rem; border-radius: 6px; line-height: 1.45; }}\n"
        f"{light}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n{dark_chosen}\n"
    )
    return text.encode("utf-8")


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(stylesheet())
