"""Reading stage: every input file → raw, position-tagged records."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SiteError, SourceLocation
from .lines import read_text
from .seeds import RawProfile, parse_profile

if TYPE_CHECKING:
    from ..report import Report
    from .bibtex import RawBibEntry
    from .content import RawDocument
    from .imports import RawImport


@dataclass(frozen=True, slots=True)
class Sources:
    """Everything read from the site folder. `static_files` are paths under content/static/."""

    profiles: tuple[RawProfile, ...]
    bib_entries: tuple[RawBibEntry, ...] = ()
    documents: tuple[RawDocument, ...] = ()
    static_files: frozenset[str] = frozenset()
    imports: tuple[RawImport, ...] = ()  # seeds/<source>.yaml, written by `scholarsite import`


def read_sources(site_dir: Path, report: Report) -> Sources:
    """Read profiles (`seeds/*.txt`), BibTeX (`seeds/*.bib`), imports (`seeds/*.yaml`) and `content/`,
    in file-name order."""
    seeds = site_dir / "seeds"
    profile_files = sorted(seeds.glob("*.txt")) if seeds.is_dir() else []
    bib_files = sorted(seeds.glob("*.bib")) if seeds.is_dir() else []
    if not profile_files and not bib_files and not (seeds.is_dir() and any(seeds.glob("*.yaml"))):
        raise SiteError(
            SourceLocation("seeds/"),
            "no profile found",
            "a seeds/*.txt profile, or your papers in seeds/*.bib with owner: in site.yaml",
        )
    profiles = tuple(
        parse_profile(read_text(file, _shown(file, site_dir)), _shown(file, site_dir), report.warn)
        for file in profile_files
    )
    entries: list[RawBibEntry] = []
    if bib_files:
        from .bibtex import parse_bibtex

        for file in bib_files:
            entries.extend(parse_bibtex(read_text(file, _shown(file, site_dir)), _shown(file, site_dir), report.warn))
    imports = read_imports(site_dir)
    documents: tuple[RawDocument, ...] = ()
    if (site_dir / "content").is_dir():
        from .content import read_documents
        from .cv import read_cv
        from .frontmatter import ALL_SCHEMAS

        documents = read_documents(site_dir, ALL_SCHEMAS) + read_cv(site_dir)
    return Sources(profiles, tuple(entries), documents, frozenset(static_files(site_dir)), imports)


def read_imports(site_dir: Path) -> tuple[RawImport, ...]:
    """seeds/*.yaml, every problem of every file reported together."""
    seeds = site_dir / "seeds"
    files = sorted(seeds.glob("*.yaml")) if seeds.is_dir() else []
    if not files:
        return ()
    from ..errors import SiteErrors
    from .imports import parse_import

    found = []
    problems: list[SiteError] = []
    for file in files:
        try:
            found.append(parse_import(read_text(file, _shown(file, site_dir)), _shown(file, site_dir)))
        except SiteErrors as errors:
            problems.extend(errors.errors)
        except SiteError as error:
            problems.append(error)
    if problems:
        raise SiteErrors(problems)
    return tuple(found)


def _shown(file: Path, site_dir: Path) -> str:
    return file.relative_to(site_dir).as_posix()


def static_files(site_dir: Path) -> list[str]:
    """Regular files under content/static/, relative to it, without hidden files.

    Symbolic links are followed only when they stay inside the site; folders are
    walked without following links, so a link loop cannot hang or crash the build.
    """
    root = site_dir / "content" / "static"
    if not root.is_dir():
        return []
    site = site_dir.resolve()
    found = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            file = Path(folder) / name
            if name.startswith("."):
                continue
            if file.is_symlink():
                try:
                    target = file.resolve(strict=True)
                except (OSError, RuntimeError):  # dangling link or a loop
                    continue
                if site not in target.parents or not target.is_file():
                    continue
            elif file.is_dir():
                continue
            found.append(file.relative_to(root).as_posix())
    return sorted(found)
