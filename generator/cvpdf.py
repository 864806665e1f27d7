"""/cv.pdf: the CV typeset with Typst (the optional `pdf` extra: `typst` and the `rendercv-fonts` wheel).

The PDF is PDF/A-2b, so a character no font can show is an error that names it,
never an empty box. Fonts come only from the `rendercv-fonts` wheel (Noto Sans,
with Noto Sans SC, JP and KR for Chinese, Japanese and Korean names) and the
fonts built into Typst, never from the machine, and the document's date is
that of the newest paper, never the clock: the same CV gives the same bytes on
every machine and every build.

Because of that, the bytes are kept by a key of everything Typst reads (the CV
data, the template, the font files, the Typst version): in memory for the
preview, and in `.scholarsite-cache/` for the next build, so a build that leaves
the CV as it was does not typeset it again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import urls
from .errors import SiteError, SourceLocation
from .outputs import RenderedFile

if TYPE_CHECKING:
    from .model import Paper, Site
    from .model.cv import CV, CVEntry
    from .report import Report

FONTS = ["Noto Sans", "Noto Sans SC", "Noto Sans JP", "Noto Sans KR", "New Computer Modern Math", "DejaVu Sans Mono"]
MISSING = "install the PDF extra: pip install 'scholarsite[pdf]'"


@lru_cache(maxsize=1)
def available() -> bool:
    """Typst and the fonts are installed (`pip install 'scholarsite[pdf]'`) and load."""
    try:
        import typst  # noqa: F401

        _fonts_dir()
    except ImportError:
        return False
    return True


def has_pdf(site: Site) -> bool:
    """The site has /cv.pdf: typeset from its cv.yaml (with the PDF extra), or its own content/static/cv.pdf."""
    found = site.collections
    return found is not None and found.cv is not None and (available() or found.own_cv_pdf)


def _entry(entry: CVEntry) -> dict[str, str]:
    return {
        "title": entry.title,
        "where": entry.where,
        "when": entry.when,
        "location": entry.location,
        "details": entry.details,
    }


def _paper(paper: Paper) -> dict[str, Any]:
    authors = [{"name": author.name, "owner": author.is_owner} for author in paper.authors]
    cut = ""
    if paper.hidden_owners:
        authors += [{"name": "…", "owner": False}] + [{"name": o.name, "owner": True} for o in paper.hidden_owners]
    elif paper.authors_truncated:
        cut = "et al."
    precision = {"year": "%Y", "month": "%b %Y"}.get(paper.date_precision, "%b %-d, %Y")
    venue = f"{paper.venue}, " if paper.venue else ""
    return {
        "title": paper.title.plain,
        "authors": authors,
        "cut": cut,
        "venue": venue,
        "date": paper.date.strftime(precision),
    }


def document(cv: CV, title: str, language: str) -> dict[str, Any]:
    """The CV as the plain data the Typst template reads."""
    sections: list[dict[str, Any]] = [
        {"kind": "entries", "title": section.title, "entries": [_entry(e) for e in section.entries]}
        for section in cv.sections
    ]
    if cv.publications:
        sections.insert(
            cv.before_publications,
            {"kind": "papers", "title": cv.publications_title, "papers": [_paper(p) for p in cv.publications]},
        )
    if cv.skills:
        sections.append(
            {
                "kind": "skills",
                "title": "Skills",
                "skills": [{"label": s.label, "items": list(s.items)} for s in cv.skills],
            }
        )
    headline = " · ".join(part for part in (cv.role, cv.affiliation, cv.location) if part)
    contact = [{"label": link.label, "url": link.url if urls.is_external(link.url) else ""} for link in cv.contact]
    newest = max((paper.date for paper in cv.publications), default=None)
    date = [newest.year, newest.month, newest.day] if newest else [2000, 1, 1]
    return {
        "title": title,
        "name": cv.name,
        "date": date,
        "headline": headline,
        "contact": contact,
        "summary": cv.summary,
        "sections": sections,
        "fonts": FONTS,
        "lang": (language or "en").split("-")[0].lower(),
    }


def typeset(cv: CV, title: str, language: str, cache_dir: Path | None = None) -> bytes:
    """The PDF bytes; SiteError (at content/cv.yaml) when Typst cannot typeset it.

    With `cache_dir`, the bytes of the last CV are kept there as `cv-<key>.pdf`.
    """
    data = json.dumps(document(cv, title, language), ensure_ascii=False, sort_keys=True)
    return _pdf(data, cv.source, cache_dir)


@lru_cache(maxsize=1)  # the preview typesets again only when the CV changed
def _pdf(data: str, source: str, cache_dir: Path | None) -> bytes:
    stored = cache_dir / f"cv-{_key(data)}.pdf" if cache_dir is not None else None
    if stored is not None:
        try:
            kept = stored.read_bytes()
        except OSError:  # not there yet, or unreadable: typeset it
            kept = b""
        if kept.startswith(b"%PDF-") and kept.rstrip().endswith(b"%%EOF"):
            return kept
    pdf = _compile(data, source)
    if stored is not None:
        _store(stored, pdf)
    return pdf


@lru_cache(maxsize=1)
def _tools_key() -> bytes:
    """The Typst version, the template and every font file by name and size (the fonts wheel's
    files never change in place: a new version is a new install)."""
    fonts = _fonts_dir()
    parts = [metadata.version("typst"), metadata.version("rendercv-fonts")]
    parts += [f"{file.name}:{file.stat().st_size}" for file in sorted(fonts.iterdir())]
    template = resources.files(__package__).joinpath("typst", "cv.typ").read_bytes()
    return "\0".join(parts).encode() + b"\0" + template


def _key(data: str) -> str:
    return hashlib.blake2b(_tools_key() + b"\0" + data.encode(), digest_size=16).hexdigest()


def _store(path: Path, pdf: bytes) -> None:
    """Write the PDF beside the build cache (atomically) and drop older CVs; a cache that
    cannot be written only costs the next build a typesetting."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pdf)
        os.replace(temporary, path)
        for old in path.parent.glob("cv-*.pdf"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


def _fonts_dir() -> Path:
    """The one folder Typst gets fonts from: Noto Sans with its SC, JP and KR companions."""
    import rendercv_fonts  # type: ignore[import-untyped]

    return Path(rendercv_fonts.path_of["Noto Sans"])


def _compile(data: str, source: str) -> bytes:
    import typst

    template = resources.files(__package__).joinpath("typst", "cv.typ")
    with resources.as_file(template) as path:
        try:
            return bytes(
                typst.compile(
                    str(path),
                    font_paths=[str(_fonts_dir())],
                    ignore_system_fonts=True,
                    pdf_standards="a-2b",
                    timestamp=0,
                    sys_inputs={"cv": data},
                )
            )
        except typst.TypstError as exc:
            problem = " ".join(str(exc).split())
            raise SiteError(
                SourceLocation(source, 1),
                f"cannot typeset cv.pdf: {problem}",
                "text the CV fonts can show (Noto Sans, with Noto Sans SC, JP and KR)",
            ) from None


def start(
    site: Site, static_files: frozenset[str], language: str, report: Report, cache_dir: Path | None = None
) -> Callable[[], list[RenderedFile]]:
    """Start typesetting cv.pdf in a thread (Typst releases the GIL, so pages render meanwhile);
    the returned function waits and gives [cv.pdf] (or raises the SiteError of a failed typesetting).

    It gives [] without a cv.yaml, when content/static/ has a cv.pdf of its own, or without the
    PDF extra (then one warning says how to get it; the HTML CV is made all the same).
    `cache_dir` keeps the PDF for the next build (see `typeset`).
    """
    from concurrent.futures import ThreadPoolExecutor

    cv = site.collections.cv if site.collections is not None else None
    if cv is None or urls.CV_PDF in static_files:
        return list
    if not available():
        report.warn(SourceLocation(cv.source), f"cv.pdf is not made: Typst is not installed; {MISSING}")
        return list
    pool = ThreadPoolExecutor(max_workers=1)
    job = pool.submit(typeset, cv, f"CV of {cv.name}", language, cache_dir)
    pool.shutdown(wait=False)  # the thread ends with its one job
    return lambda: [RenderedFile(urls.CV_PDF, job.result())]
