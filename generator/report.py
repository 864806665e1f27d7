"""Warnings collected during one build and the single summary line that ends it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import SourceLocation
from .words import counted


@dataclass
class Report:
    """Collects warnings for one build; identical warnings are reported once."""

    warnings: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def warn(self, location: SourceLocation | None, problem: str) -> None:
        text = f"{location}: {problem}" if location else problem
        if text not in self._seen:
            self._seen.add(text)
            self.warnings.append(text)


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What a finished build made, for the summary line."""

    pages: int
    papers: int
    authors: int
    categories: int
    years: int
    seconds: float
    output: str
    written: int = 0
    warnings: int = 0

    def line(self) -> str:
        counts = ", ".join(
            (
                counted(self.papers, "paper"),
                counted(self.authors, "author"),
                counted(self.categories, "category"),
                counted(self.years, "year"),
            )
        )
        return f"Built {counted(self.pages, 'page')} ({counts}) in {self.seconds:.2f} s → {self.output}"
