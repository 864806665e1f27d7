"""The content model and the function that builds it."""

from .entities import Author, Category, Counted, Link, Markdown, Metric, NewsItem, Page, Paper, Profile, Site, Year
from .mathtext import Text

__all__ = [
    "Author",
    "Category",
    "Counted",
    "Link",
    "Markdown",
    "Metric",
    "NewsItem",
    "Page",
    "Paper",
    "Profile",
    "Site",
    "Text",
    "Year",
]
