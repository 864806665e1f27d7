"""The content model and the function that builds it."""

from generator.model.entities import (
    Author,
    Category,
    Counted,
    Link,
    Markdown,
    Metric,
    NewsItem,
    Page,
    Paper,
    Profile,
    Site,
    Year,
)
from generator.model.mathtext import Text

__all__ = [
    "Author", "Category", "Counted", "Link", "Markdown", "Metric", "NewsItem", "Page", "Paper", "Profile", "Site",
    "Text", "Year",
]
