"""Papers whose author lists are still cut, for `scholarsite check`, with how to complete each."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .entities import Paper, Site


def cut_author_lists(site: Site) -> list[str]:
    """One line per paper whose full author list is unknown, oldest location first."""
    cut = sorted((p for p in site.papers if p.authors_cut), key=lambda p: (p.source.path, p.source.line))
    return [
        f'cut author list: {paper.source}: "{paper.title.plain}" ({_shown(paper)}); complete it with {_how(paper)}'
        for paper in cut
    ]


def _shown(paper: Paper) -> str:
    listed = ", ".join(author.name for author in paper.authors)
    hidden = ", ".join(author.name for author in paper.hidden_owners)
    return f"{listed} et al." + (f", with {hidden} somewhere among the others" if hidden else "")


def _how(paper: Paper) -> str:
    """The ways that fit what is known: an import by the paper's identifier, a .bib entry, or the paper file."""
    if paper.arxiv_id:
        fetch = f"`scholarsite import arxiv {paper.arxiv_id}`"
    elif paper.doi:
        fetch = f"`scholarsite import crossref {paper.doi}`"
    else:  # a profile paper: its owner's arXiv papers, or another source by the owner's id there
        owner = next((author.name for author in paper.all_authors if author.is_owner), "")
        query = f" 'au:\"{owner}\"'" if owner and '"' not in owner and "'" not in owner else " 'au:\"Your Name\"'"
        fetch = f"`scholarsite import arxiv{query}` (or s2, dblp, orcid, openalex by your id there)"
    return f"{fetch}, a seeds/*.bib entry with the full author list, or `authors:` in content/papers/{paper.slug}.md"
