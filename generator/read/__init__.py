"""Reading stage: every input file → raw, position-tagged records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import SiteError, SourceLocation
from generator.read.lines import read_text
from generator.read.seeds import RawProfile, parse_profile

if TYPE_CHECKING:
    from generator.report import Report


@dataclass(frozen=True, slots=True)
class Sources:
    profiles: tuple[RawProfile, ...]


def read_sources(site_dir: Path, report: Report) -> Sources:
    """Read every profile in `seeds/`, in file-name order."""
    seeds = site_dir / "seeds"
    files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    if not files:
        raise SiteError(SourceLocation("seeds/"), "no profile found", "at least one seeds/*.txt profile file")
    profiles = []
    for file in files:
        shown = file.relative_to(site_dir).as_posix()
        profiles.append(parse_profile(read_text(file, shown), shown, report.warn))
    return Sources(tuple(profiles))
