"""Rendering stage: page specs + theme → rendered files."""

from generator.render.render import RenderedFile, render_all

__all__ = ["RenderedFile", "render_all"]
