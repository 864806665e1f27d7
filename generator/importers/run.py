"""One import: the queries, the fetch, the diff against the last import, the write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from ..errors import SiteError, SourceLocation
from . import seedfile
from .http import Client
from .records import Fetched

SOURCES = ("arxiv", "s2", "dblp", "orcid", "openalex", "crossref")
EXAMPLES = {
    "arxiv": '1605.08386 or au:"Ada Lovelace"',
    "s2": "1723755",
    "dblp": "95/7448-1",
    "orcid": "0000-0002-1825-0097",
    "openalex": "A5023888391",
    "crossref": "10.1073/pnas.1414271111",
}
SHOWN_CHANGES = 40  # a first import of hundreds of papers is summarised, not listed


def source_module(source: str) -> ModuleType:
    from importlib import import_module

    return import_module(f".{source}", __package__)


def import_records(
    site_dir: Path,
    source: str,
    ids: Sequence[str],
    *,
    dry_run: bool = False,
    out: Callable[[str], None] = print,
    client: Client | None = None,
) -> seedfile.Plan:
    """Fetch `ids` (or the queries of the last import) from `source` and update seeds/<source>.yaml.

    Raises SiteError, with nothing in the site changed, for any failure.
    """
    from ..config import load_config

    config = load_config(site_dir)
    shown = f"seeds/{source}.yaml"
    path = site_dir / "seeds" / f"{source}.yaml"
    stored = seedfile.load(path, shown)
    queries = list(dict.fromkeys([*stored.queries, *(query.strip() for query in ids if query.strip())]))
    asked = list(dict.fromkeys(query.strip() for query in ids if query.strip())) or list(stored.queries)
    client = client or Client.from_environment(source, contact_address(config))
    module = source_module(source)
    if source == "crossref" and not ids:
        known = known_dois(site_dir)
        asked = list(dict.fromkeys([*stored.queries, *known]))
        if not asked:
            raise SiteError(
                SourceLocation(f"import {source}"),
                "the site knows no DOI yet",
                f"DOIs to import, such as {EXAMPLES[source]}",
            )
        fetched: Fetched = _fetch(client, lambda: module.fetch(client, asked, known_only=True))
    else:
        if not asked:
            raise SiteError(
                SourceLocation(f"import {source}"),
                f"nothing to import: no ids given and no {shown} to repeat",
                f"one or more ids, such as scholarsite import {source} {EXAMPLES[source]}",
            )
        module.check_queries(client, asked)
        fetched = _fetch(client, lambda: module.fetch(client, asked))
    if not fetched.records:
        raise SiteError(
            SourceLocation(f"import {source}"),
            f"{', '.join(asked)}: the answer held no paper",
            f"ids whose records list papers, such as {EXAMPLES[source]}",
        )
    plan = seedfile.plan(path, source, stored, fetched, queries, seedfile.today())
    for note in fetched.notes:
        out(f"note: {note}")
    report(plan, shown, out, dry_run=dry_run)
    if plan.rewrite and not dry_run:
        seedfile.write(plan)
    return plan


def _fetch(client: Client, fetch: Callable[[], Fetched]) -> Fetched:
    """The importer's answer; an answer of a shape no importer expects is one error line too."""
    try:
        return fetch()
    except (KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        raise SiteError(
            client.location(),
            f"{client.base} answered in a shape scholarsite does not know "
            f"({type(error).__name__}: {' '.join(str(error).split())[:80]})",
            f"the {client.source} API; report this with the id you imported",
        ) from None


def contact_address(config: object) -> str:
    """site.yaml `contact:`, else `links.email`; the APIs' polite pools want an address."""
    contact = str(getattr(config, "contact", "") or "")
    links = getattr(config, "links", {}) or {}
    email = str(links.get("email", "") or "").removeprefix("mailto:")
    return contact.removeprefix("mailto:") or (email if "@" in email else "")


def known_dois(site_dir: Path) -> list[str]:
    """Every DOI the site already has: from the model (profile, .bib, paper files) and seeds/*.yaml."""
    from ..config import load_config
    from ..model.assemble import assemble
    from ..read import read_sources
    from ..read.owner import with_owner_profile
    from ..report import Report
    from .records import doi

    report = Report()
    config = load_config(site_dir)
    site = assemble(with_owner_profile(read_sources(site_dir, report), config), config, report)
    found = [doi(paper.doi) for paper in site.papers if paper.doi]
    for path in sorted((site_dir / "seeds").glob("*.yaml")) if (site_dir / "seeds").is_dir() else []:
        stored = seedfile.load(path, f"seeds/{path.name}")
        found.extend(doi(str(paper.get("doi", ""))) for paper in stored.papers.values())
    return sorted(set(filter(None, found)))


def report(plan: seedfile.Plan, shown: str, out: Callable[[str], None], *, dry_run: bool) -> None:
    """added / updated / unchanged, then the records that changed (+ added, ~ updated)."""
    marks = {"added": "+", "updated": "~"}
    listed = [change for change in plan.changes if change.kind in marks]
    for change in listed[:SHOWN_CHANGES]:
        detail = f" ({', '.join(change.keys)})" if change.keys else ""
        out(f"  {marks[change.kind]} {change.id}  {change.title[:70]}{detail}")
    if len(listed) > SHOWN_CHANGES:
        out(f"  … and {len(listed) - SHOWN_CHANGES} more")
    counts = [
        f"{plan.count('added')} added",
        f"{plan.count('updated')} updated",
        f"{plan.count('unchanged')} unchanged",
    ]
    if plan.count("kept"):
        counts.append(f"{plan.count('kept')} kept (keep: true)")
    if plan.count("left"):
        counts.append(f"{plan.count('left')} no longer returned, left as they are")
    verdict = "dry run, nothing written" if dry_run else "written" if plan.rewrite else "nothing to write"
    out(f"{shown}: {', '.join(counts)}; {verdict}")
