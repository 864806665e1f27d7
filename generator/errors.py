"""User-facing errors: every problem names the file and line it comes from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in an input file; `line` is 1-based, 0 when the file as a whole is meant."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class SiteError(Exception):
    """Bad input: printed as one `path:line: problem; expected …` line, exit status 1."""

    def __init__(self, location: SourceLocation, problem: str, expected: str = "") -> None:
        self.location = location
        self.problem = problem
        self.expected = expected
        super().__init__(self.message)

    def __reduce__(self) -> tuple[Any, ...]:  # errors cross process boundaries in parallel rendering
        return (type(self), (self.location, self.problem, self.expected))

    @property
    def message(self) -> str:
        text = f"{self.location}: {self.problem}"
        return f"{text}; expected {self.expected}" if self.expected else text


class SiteErrors(SiteError):
    """Several problems found in one pass (config validation reports them all at once)."""

    def __init__(self, errors: list[SiteError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        super().__init__(first.location, first.problem, first.expected)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (list(self.errors),))

    @property
    def message(self) -> str:
        return "\n".join(error.message for error in self.errors)
