"""The content model and the function that builds it."""

from generator.model.entities import Author, Category, Counted, Metric, Paper, Profile, Site, Year
from generator.model.mathtext import Text

__all__ = ["Author", "Category", "Counted", "Metric", "Paper", "Profile", "Site", "Text", "Year"]
