"""A small site whose papers come from a profile, a .bib file and imports (seeds/*.yaml).

Shared by the import, published-facts and judge tests. The profile cuts every author
list; the imports and the .bib complete them and add the published versions.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_site, paper_block, profile_text

OWNER = "Ada Owner"
MBDL = "Model-Based Deep Learning"
MBDL_SLUG = "model-based-deep-learning"
CUT = "A Paper Nobody Imported"
CUT_SLUG = "a-paper-nobody-imported"
HIDDEN = "Owner Somewhere in the Middle"
HIDDEN_SLUG = "owner-somewhere-in-the-middle"
OLD = "Year Only Results"
OLD_SLUG = "year-only-results"
CONF = "Conference Paper Found by DBLP"
CONF_SLUG = "conference-paper-found-by-dblp"
EXTRA = "Imported and Not in the Profile"
EXTRA_SLUG = "imported-and-not-in-the-profile"

PROFILE = profile_text(
    OWNER,
    paper_block("LGSPDec 15, 2020", MBDL, "Nir Shlezinger, Jay Whang, Yonina C. Eldar et al.", "An abstract."),
    paper_block("LGMar 2, 2021", CUT, "Ada Owner, Bo Second, Cy Third et al.", "Another abstract."),
    paper_block("CVApr 3, 2021", HIDDEN, "Dee First, Eve Second, Fay Third et al.", "More."),
    paper_block("LGMay 4, 2021", CONF, "Gil First, Ada Owner et al.", "Conference things."),
    preamble=["h-index18", "Citations1,234"],
)

ARXIV = """\
# Imported by scholarsite from arXiv.
source: arxiv
fetched: 2026-12-01
queries: ["2012.08405"]
papers:
  - id: "2012.08405v2"
    fetched: 2026-12-01
    title: "Model-based deep learning"
    authors: ["Nir Shlezinger", "Jay Whang", "Yonina C. Eldar", "Alexandros G. Dimakis", "Ada Owner"]
    authors_complete: true
    type: preprint
    date: "2020-12-15"
    arxiv_date: "2020-12-15"
    arxiv: "2012.08405"
    arxiv_primary: "eess.SP"
    arxiv_categories: ["eess.SP", "cs.LG"]
    abstract: "The arXiv abstract."
"""

CROSSREF = """\
source: crossref
fetched: 2026-12-02
queries: ["10.1109/JPROC.2023.3247480"]
papers:
  - id: "10.1109/jproc.2023.3247480"
    title: "Model-Based Deep Learning"
    authors: ["Nir Shlezinger", "Jay Whang", "Yonina C. Eldar", "Alexandros G. Dimakis", "Ada Owner"]
    type: article
    date: "2023-05"
    venue: "Proceedings of the IEEE"
    venue_short: "Proc. IEEE"
    volume: "111"
    issue: "5"
    pages: "465–499"
    publisher: "IEEE"
    doi: "10.1109/jproc.2023.3247480"
    citations: 512
"""

OPENALEX = """\
source: openalex
fetched: 2026-12-03
person:
  name: A. Owner
  id: A5000000001
  metrics:
    citations: 4321
    h_index: 21
papers:
  - id: W1
    title: "Model-based Deep Learning!"
    authors: ["Nir Shlezinger", "Jay Whang", "Yonina C. Eldar", "Alexandros G. Dimakis", "A. Owner"]
    type: article
    date: "2023-05-01"
    venue: "Proc. of the IEEE (OpenAlex spelling)"
    doi: "10.1109/JPROC.2023.3247480"
    citations: 600
  - id: W2
    title: "Imported and not in the profile"
    authors: ["A. Owner", "Zed Coauthor"]
    type: article
    date: "2009"
    venue: "Journal of Old Results"
    volume: 7
    pages: "1-20"
  - id: W3
    title: "Owner Somewhere in the Middle"
    authors: ["Dee First", "Eve Second", "Fay Third", "Gus Fourth"]
    authors_complete: false
    type: preprint
    date: "2021-04-03"
"""

DBLP = """\
source: dblp
fetched: 2026-12-01
papers:
  - id: "conf/nips/FirstO21"
    title: "Conference Paper Found by DBLP."
    authors: ["Gil First", "Ada Owner", "Hal Third"]
    type: inproceedings
    date: "2021"
    venue: "Advances in Neural Information Processing Systems 34"
    venue_short: "NeurIPS"
    pages: "100-110"
    dblp: "conf/nips/FirstO21"
"""

BIB = r"""
@article{old,
  title = {Year Only Results},
  author = {Owner, Ada and Older, Ian},
  journal = {Annals of Old Things},
  year = {2009},
  volume = {12},
  number = {3},
  pages = {7--9},
  publisher = {Old Press},
}
"""


def imported_site(tmp_path: Path, **extra: str) -> Path:
    return make_site(
        tmp_path,
        {
            "seeds/owner.txt": PROFILE,
            "seeds/arxiv.yaml": ARXIV,
            "seeds/crossref.yaml": CROSSREF,
            "seeds/openalex.yaml": OPENALEX,
            "seeds/dblp.yaml": DBLP,
            "seeds/refs.bib": BIB,
            "site.yaml": "base_url: https://example.org/\n",
            **extra,
        },
    )
