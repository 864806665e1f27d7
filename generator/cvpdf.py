"""/cv.pdf: the CV typeset with Typst (the optional `pdf` extra: `typst` and the `rendercv-fonts` wheel).

The PDF is PDF/A-2b, so a character no font can show is an error that names it,
never an empty box. Fonts come only from the `rendercv-fonts` wheel (Noto Sans,
with Noto Sans SC, JP and KR for Chinese, Japanese and Korean names) and the
fonts built into Typst, never from the machine, and the document's date is
that of the newest paper, never the clock: the same CV gives the same bytes on
every machine and every build.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from generator import urls
from generator.errors import SiteError, SourceLocation

if TYPE_CHECKING:
    from generator.model import Paper, Site
    from generator.model.cv import CV, CVEntry
    from generator.render import RenderedFile
    from generator.report import Report

FONTS = ["Noto Sans", "Noto Sans SC", "Noto Sans JP", "Noto Sans KR", "New Computer Modern Math", "DejaVu Sans Mono"]
MISSING = "install the PDF extra: pip install 'scholarsite[pdf]'"


@lru_cache(maxsize=1)
def available() -> bool:
    """Typst and the fonts are installed (`pip install 'scholarsite[pdf]'`) and load."""
    try:
        import rendercv_fonts  # noqa: F401
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def _entry(entry: CVEntry) -> dict[str, str]:
    return {"title": entry.title, "where": entry.where, "when": entry.when, "location": entry.location,
            "details": entry.details}


def _paper(paper: Paper) -> dict[str, Any]:
    authors = [{"name": author.name, "owner": author.is_owner} for author in paper.authors]
    cut = ""
    if paper.hidden_owners:
        authors += [{"name": "…", "owner": False}] + [{"name": o.name, "owner": True} for o in paper.hidden_owners]
    elif paper.authors_truncated:
        cut = "et al."
    precision = {"year": "%Y", "month": "%b %Y"}.get(paper.date_precision, "%b %-d, %Y")
    venue = f"{paper.venue}, " if paper.venue else ""
    return {"title": paper.title.plain, "authors": authors, "cut": cut, "venue": venue,
            "date": paper.date.strftime(precision)}


def document(cv: CV, title: str, language: str) -> dict[str, Any]:
    """The CV as the plain data the Typst template reads."""
    sections: list[dict[str, Any]] = [{"kind": "entries", "title": section.title,
                                       "entries": [_entry(e) for e in section.entries]} for section in cv.sections]
    if cv.publications:
        sections.insert(cv.before_publications, {"kind": "papers", "title": cv.publications_title,
                                                 "papers": [_paper(p) for p in cv.publications]})
    if cv.skills:
        sections.append({"kind": "skills", "title": "Skills",
                         "skills": [{"label": s.label, "items": list(s.items)} for s in cv.skills]})
    headline = " · ".join(part for part in (cv.role, cv.affiliation, cv.location) if part)
    contact = [{"label": link.label, "url": link.url if urls.is_external(link.url) else ""} for link in cv.contact]
    newest = max((paper.date for paper in cv.publications), default=None)
    date = [newest.year, newest.month, newest.day] if newest else [2000, 1, 1]
    return {"title": title, "name": cv.name, "date": date, "headline": headline, "contact": contact, "summary": cv.summary,
            "sections": sections, "fonts": FONTS, "lang": (language or "en").split("-")[0].lower()}


def typeset(cv: CV, title: str, language: str) -> bytes:
    """The PDF bytes; SiteError (at content/cv.yaml) when Typst cannot typeset it."""
    import rendercv_fonts
    import typst

    template = resources.files("generator").joinpath("typst", "cv.typ")
    data = json.dumps(document(cv, title, language), ensure_ascii=False, sort_keys=True)
    with resources.as_file(template) as path:
        try:
            return bytes(typst.compile(str(path), font_paths=[str(rendercv_fonts.path_of["Noto Sans"])],
                                       ignore_system_fonts=True, pdf_standards="a-2b", timestamp=0,
                                       sys_inputs={"cv": data}))
        except typst.TypstError as exc:
            problem = " ".join(str(exc).split())
            raise SiteError(SourceLocation(cv.source, 1), f"cannot typeset cv.pdf: {problem}",
                            "text the CV fonts can show (Noto Sans, with Noto Sans SC, JP and KR)") from None


def start(site: Site, static_files: frozenset[str], language: str, report: Report) -> Callable[[], list[RenderedFile]]:
    """Start typesetting cv.pdf in a thread (Typst releases the GIL, so pages render meanwhile);
    the returned function waits and gives [cv.pdf] (or raises the SiteError of a failed typesetting).

    It gives [] without a cv.yaml, when content/static/ has a cv.pdf of its own, or without the
    PDF extra (then one warning says how to get it; the HTML CV is made all the same).
    """
    from concurrent.futures import ThreadPoolExecutor

    from generator.render import RenderedFile

    cv = site.collections.cv if site.collections is not None else None
    if cv is None or urls.CV_PDF in static_files:
        return list
    if not available():
        report.warn(SourceLocation(cv.source), f"cv.pdf is not made: Typst is not installed; {MISSING}")
        return list
    pool = ThreadPoolExecutor(max_workers=1)
    job = pool.submit(typeset, cv, f"CV of {cv.name}", language)
    pool.shutdown(wait=False)  # the thread ends with its one job
    return lambda: [RenderedFile(urls.CV_PDF, job.result())]
