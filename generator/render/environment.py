"""The Jinja environment: sandboxed, autoescaping, strict undefined, formatting filters only.

Themes are code a user may download, so templates run in Jinja's immutable
sandbox: no attribute that starts with an underscore (the way from
`''.__class__` to `os`), no function internals, no changing lists or dicts.
Templates only read the ready objects they are given, so they lose nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .. import urls
from ..icons import icon
from ..words import counted, noun
from .markdown import MarkdownRenderer

if TYPE_CHECKING:
    from ..model import Markdown
    from .themes import Theme

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
    shared: _SharedLinks | None = context.get(SHARED)
    if shared is not None:  # a list entry rendered for every page: its link is completed per page
        return shared.link(path)
    return urls.relative(page.path, path)


# Where a shared list entry's relative links start: completed with "../" per folder of the page.
# A control character no escaped text or record can put into a page unnoticed (checked per entry).
LINK_MARK = "\x00"
SHARED = "_shared_links"  # the template variable that makes `url` leave its links for the page to complete


class _SharedLinks:
    """The links of one list entry as it is rendered once for every page: `url` leaves each one
    marked, to be completed for the page it appears on; anything that depends on the page itself
    (a link to the site root, Markdown) marks the entry as not shareable."""

    def __init__(self) -> None:
        self.links = 0
        self.shareable = True

    def link(self, path: str) -> str:
        if not path:  # the root is "./" from the root, not an empty link: depends on more than the depth
            self.shareable = False
        self.links += 1
        return LINK_MARK + path


@dataclass(slots=True)
class FragmentCache:
    """The list entries an environment has rendered, and how an item is known again.

    It lives on the environment, out of the templates' reach: a build starts with an empty one,
    keyed by the item's identity; the preview keeps one across rebuilds, keyed by what the item
    shows, so an entry that did not change is not rendered again."""

    entries: dict[Any, Any] = field(default_factory=dict)
    key: Callable[[object], object] = id
    used: set[Any] | None = None  # the shareable entries this build showed, when a build cache keeps them


@pass_context
def fragment_filter(context: Any, item: object, template_name: str, extra: str = "", focus: str = "") -> Markup:
    """`item` rendered with the small template `template_name`, once per build.

    A paper appears in many lists (home, papers, its authors, categories, year);
    its list entry differs between pages only through relative links, which
    depend only on how deep the page is. So each entry is rendered once with its
    links marked, and completed for each depth by joining the pieces with "../"
    repeated: the biggest saving of the whole build. An entry that uses more of the
    page than its depth (Markdown, a link to the root) is rendered once per depth.
    `focus` is the slug of the author whose page it is, given only for papers whose
    author line is cut (that author is then shown in it).
    """
    page = context["page"]
    depth = -1 if page.kind == "404" else page.path.count("/")
    outer: _SharedLinks | None = context.get(SHARED)
    if outer is not None:  # an entry inside an entry: its links are this page's, so the outer one is not shared
        outer.shareable = False
    fragments: FragmentCache = context.environment.fragments
    cache = fragments.entries
    key = (template_name, fragments.key(item), extra, focus)
    shared: tuple[object, tuple[str, ...] | None] | None = cache.get(key)
    if shared is None and depth >= 0:  # 404.html links from the root: its entries are its own
        shared = cache[key] = (item, _shared_pieces(context, item, template_name, extra, focus))
    if shared is not None and shared[1] is not None:
        if fragments.used is not None:
            fragments.used.add(key)
        hit: tuple[object, Markup] | None = cache.get((*key, depth))
        if hit is None:
            hit = cache[(*key, depth)] = (item, Markup(("../" * depth).join(shared[1])))
        return hit[1]
    # the item itself is kept in the entry so an id() key cannot be reused by another object
    hit = cache.get((*key, depth))
    if hit is None:
        hit = cache[(*key, depth)] = (item, _render_fragment(context, item, template_name, extra, focus))
    return hit[1]


def _shared_pieces(context: Any, item: object, template_name: str, extra: str, focus: str) -> tuple[str, ...] | None:
    """The entry split at its marked links, or None when it cannot be shared between depths."""
    links = _SharedLinks()
    html = _render_fragment(context, item, template_name, extra, focus, **{SHARED: links})
    pieces = tuple(str(html).split(LINK_MARK))
    return pieces if links.shareable and len(pieces) == links.links + 1 else None


def _render_fragment(context: Any, item: object, template_name: str, extra: str, focus: str, **more: object) -> Markup:
    template = context.environment.get_template(template_name)
    return Markup(
        template.render(site=context["site"], page=context["page"], item=item, extra=extra, focus=focus, **more)
    )


def date_filter(value: dt.date, precision: str = "day") -> str:
    """ "Nov 14, 2022", as profiles print dates, independent of the locale.

    `precision` "month" gives "Nov 2022" and "year" gives "2022", for BibTeX dates.
    """
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"


def markdown_filter(renderer: MarkdownRenderer) -> Any:
    """The `markdown` filter of one environment: the owner's Markdown as HTML for the
    current page (links from "/" made relative), converted by that environment's renderer."""
    from .research import id_prefix_for

    @pass_context
    def markdown(context: Any, document: Markdown, base_level: int = 2) -> Markup:
        page = context["page"]
        shared: _SharedLinks | None = context.get(SHARED)
        if shared is not None:  # its links are made relative here, for this page only
            shared.shareable = False
        rooted = context["site"].base_url or "/" if page.kind == "404" else ""
        return renderer.render(document.source, page.path, base_level, rooted, id_prefix_for(document.location.path))

    return markdown


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with its verdict on each attribute remembered.

    The sandbox asks, on every attribute a template reads, whether the name is
    private, internal to functions or frames, or changes a list or dict. The
    answer depends only on the object's type and the name, so it is worked out
    once per (type, name): asked every time, it made the build 45 % slower.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._verdicts: dict[tuple[type, str], bool] = {}
        self._plain: set[tuple[type, str]] = set()  # safe, and not str.format (which the sandbox wraps)
        self.fragments = FragmentCache()  # the list entries rendered so far (see fragment_filter)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
            if verdict and not (isinstance(obj, str) and attr in ("format", "format_map")):
                self._plain.add(key)
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        if (type(obj), attribute) in self._plain:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass  # the sandbox's own lookup tries obj[attribute] next
        return super().getattr(obj, attribute)


def make_environment(theme: Theme, bytecode_dir: Path | None = None) -> Sandbox:
    """`bytecode_dir` keeps compiled templates between builds (Jinja checks them against the source)."""
    cache = None
    if bytecode_dir is not None:
        bytecode_dir.mkdir(parents=True, exist_ok=True)
        # its own file names: code compiled outside the sandbox (an older cache) is never loaded into it
        cache = FileSystemBytecodeCache(str(bytecode_dir), pattern="sandboxed-%s.cache")
    env = Sandbox(
        loader=ChoiceLoader([FileSystemLoader(str(folder)) for folder in theme.template_dirs]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["url"] = url_filter
    env.filters.update(urls.TEMPLATE_FILTERS)
    env.globals["paths"] = urls.SECTION_PATHS
    env.filters["date"] = date_filter
    env.filters["markdown"] = markdown_filter(MarkdownRenderer())
    env.filters["fragment"] = fragment_filter
    env.filters["iso"] = lambda value: value.isoformat()
    # {{ paper_count|counted("paper") }} → "1 paper", "2 papers"; {{ n|noun("paper") }} → the word alone
    env.filters["counted"] = counted
    env.filters["noun"] = noun
    env.filters["icon"] = icon  # {{ "github"|icon }}: the inline SVG of a shipped icon (generator/icons/)
    return env
