"""Rendering stage: page records + theme → rendered files."""

from .render import render_all

__all__ = ["render_all"]
