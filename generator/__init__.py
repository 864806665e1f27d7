"""scholarsite: a static site generator for academic profiles."""

__version__ = "0.1.0"
