"""Render page specs with the theme; template errors become `template:line` errors."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateNotFound, TemplateSyntaxError

from generator import urls
from generator.errors import SiteError, SourceLocation
from generator.render.environment import make_environment

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.pages import PageSpec, SiteInfo
    from generator.render.themes import Theme


@dataclass(frozen=True, slots=True)
class RenderedFile:
    """Bytes for one output file; `path` is relative to output/."""

    path: str
    data: bytes


def render_all(specs: tuple[PageSpec, ...], site: SiteInfo, theme: Theme) -> list[RenderedFile]:
    env = make_environment(theme)
    return [render_page(env, spec, site, theme) for spec in specs]


def render_page(env: Environment, spec: PageSpec, site: SiteInfo, theme: Theme) -> RenderedFile:
    try:
        template = env.get_template(spec.template)
        html = template.render(site=site, page=spec, **spec.context)
    except TemplateNotFound as exc:
        raise SiteError(SourceLocation(f"themes/{theme.name}/templates/{exc.name}"), "template not found",
                        f"the template in the theme (or one it extends)") from None
    except TemplateSyntaxError as exc:
        raise SiteError(SourceLocation(_shown(exc.filename, theme), exc.lineno), f"template error: {exc.message}") from None
    except Exception as exc:  # a theme's template can fail in any way; report where
        raise SiteError(_template_location(exc, theme), f"template error: {type(exc).__name__}: {exc}") from None
    return RenderedFile(urls.output_file(spec.path), html.encode("utf-8"))


def _template_location(exc: Exception, theme: Theme) -> SourceLocation:
    """The innermost template frame of a runtime error (Jinja rewrites tracebacks to point at templates)."""
    roots = [str(folder) for folder in theme.template_dirs]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if any(frame.filename.startswith(root) for root in roots):
            return SourceLocation(_shown(frame.filename, theme), frame.lineno or 0)
    return SourceLocation(f"themes/{theme.name}/templates")


def _shown(filename: str | None, theme: Theme) -> str:
    if not filename:
        return f"themes/{theme.name}/templates"
    path = Path(filename)
    for layer in theme.layers:
        try:
            relative = path.relative_to(layer.root)
        except ValueError:
            continue
        prefix = "themes" if layer.origin == "site" else "built-in theme"
        return f"{prefix}/{layer.name}/{relative.as_posix()}"
    return filename
