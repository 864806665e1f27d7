"""The Jinja environment: autoescaping, strict undefined, formatting filters only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context,
)
from markupsafe import Markup

from generator import urls

if TYPE_CHECKING:
    from generator.model import Markdown
    from generator.render.themes import Theme

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pass_context
def url_filter(context: Any, target: object) -> str:
    """Link from the page being rendered to `target` (a model record or a site path).

    Normal pages link relatively; 404.html is served at every missing URL, so
    it links from the site's base path instead.
    """
    page = context["page"]
    path = urls.path_of(target)
    if urls.is_external(path):
        return path
    if page.kind == "404":
        return urls.rooted(context["site"].base_url, path)
    return urls.relative(page.path, path)


@pass_context
def fragment_filter(context: Any, item: object, template_name: str, extra: str = "") -> Markup:
    """`item` rendered with the small template `template_name`, once per link depth.

    A paper appears in many lists (home, papers, its authors, categories, year);
    its list entry differs between pages only through relative links, which
    depend only on how deep the page is. So each entry is rendered once per
    depth and reused: the biggest saving of the whole build.
    """
    page = context["page"]
    depth = -1 if page.kind == "404" else page.path.count("/")
    cache = context.environment.globals["_fragments"]
    key = (template_name, context.environment.globals["_fragment_key"](item), depth, extra)
    hit = cache.get(key)
    if hit is None:
        template = context.environment.get_template(template_name)
        # the item itself is kept in the entry so an id() key cannot be reused by another object
        hit = (item, Markup(template.render(site=context["site"], page=page, item=item, extra=extra)))
        cache[key] = hit
    return hit[1]


def date_filter(value: dt.date, precision: str = "day") -> str:
    """"Nov 14, 2022", as profiles print dates, independent of the locale.

    `precision` "month" gives "Nov 2022" and "year" gives "2022", for BibTeX dates.
    """
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


@pass_context
def markdown_filter(context: Any, document: Markdown, base_level: int = 2) -> Markup:
    """The owner's Markdown as HTML for the current page (links from "/" made relative)."""
    from generator.render.markdown import render_markdown

    page = context["page"]
    rooted = context["site"].base_url or "/" if page.kind == "404" else ""
    from generator.render.research import id_prefix_for

    return render_markdown(document.source, page.path, base_level, rooted, id_prefix_for(document.location.path))


def make_environment(theme: Theme, bytecode_dir: Path | None = None) -> Environment:
    """`bytecode_dir` keeps compiled templates between builds (Jinja checks them against the source)."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(bytecode_dir))
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in theme.template_dirs]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["url"] = url_filter
    env.filters["date"] = date_filter
    env.filters["markdown"] = markdown_filter
    env.filters["fragment"] = fragment_filter
    env.globals["_fragments"] = {}
    env.filters["iso"] = lambda value: value.isoformat()
    return env
