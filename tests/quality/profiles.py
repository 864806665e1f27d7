"""Deterministic stress profiles in the seed format, for the site quality gates.

Each profile pushes the generator and theme somewhere the sample profile does
not: hundreds of papers, non-Latin scripts, markup and math in titles, and a
profile with no papers at all.  Everything is computed from the paper index,
never from a random source, so a failing page can be reproduced exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# Two-letter arXiv codes, including a few that exist in more than one archive
# (IT, SY, NA, ML) so the generator's disambiguation is exercised.
CODES = [
    "LG",
    "CV",
    "CL",
    "AI",
    "ML",
    "IR",
    "RO",
    "NE",
    "CR",
    "DC",
    "DS",
    "IT",
    "SY",
    "HC",
    "MM",
    "SD",
    "AS",
    "IV",
    "SP",
    "NI",
    "GT",
    "MA",
    "CY",
    "SE",
    "PL",
    "DB",
    "LO",
    "CC",
    "CG",
    "ET",
    "GR",
    "SI",
    "NA",
    "ST",
    "OC",
    "PR",
]

LATIN_AUTHORS = [
    f"{first} {last}"
    for first in ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana"]
    for last in ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Kowalski", "Haddad", "Novak", "Rossi", "Singh", "Walsh"]
]

NON_LATIN_AUTHORS = [
    "张伟",
    "李小龙",
    "王芳",
    "佐藤 健",
    "김민준",
    "Иван Петров",
    "Мария Кузнецова",
    "Олександр Шевченко",
    "محمد علي",
    "فاطمة الزهراء",
    "Ζωή Παπαδοπούλου",
    "Νίκος Γεωργίου",
    "José Álvarez-Núñez",
    "Søren Kierkegård",
    "Nguyễn Văn An",
    "Łukasz Żółć",
    "Zoë Brontë-Ëmery",
    "अमित शर्मा",
    "Ayşe Yılmaz",
    "Dvořák Jiří",
]

NON_LATIN_TITLES = [
    "深度学习中的联邦自监督学习",
    "Обучение с подкреплением для роботов-манипуляторов",
    "التعلم العميق لمعالجة اللغة العربية",
    "Νευρωνικά δίκτυα και μάθηση χωρίς επίβλεψη",
    "Représentations apprises: où, quand, et pourquoi ça marche",
    "한국어 음성 인식을 위한 자기 지도 학습",
    "大規模言語モデルの効率的な推論",
    "Mixed scripts: 学习 / обучение / تعلم / μάθηση",
]

# Titles that must come out as text (or rendered math), never as live markup.
HOSTILE_TITLES = [
    "<script>alert(1)</script> Considered Harmful",
    "D$^{2}$MoE: Dual Routing and Dynamic Scheduling for On-Device MoE Serving",
    "$\\mathbf{(AR)^{2}}$: Attribute-Aware Representation Rectification",
    "Escaping &amp; < > \" ' in Paper Titles",
    "<b>Bold</b> Claims & <i>Italic</i> Doubts <img src=x onerror=alert(2)>",
    "$O(n \\log n)$ Sorting when $\\alpha < \\beta$ and $x > y$",
    "An Unbalanced $ Dollar Sign and 100% of {{ braces }} {% raw %}",
    "A Title With An Extremely Long Unbreakable Word "
    "Pneumonoultramicroscopicsilicovolcanoconiosisandthensomemoreletters",
    "$\\frac{a}{b} + \\sqrt{x^2 + y^2}$ in \\LaTeX: $$E = mc^2$$",
    "javascript:alert(3) and https://example.org/?a=1&b=2#frag",
]

# Names with markup and quotes, within what the seed format accepts as a name
# (no digits or ";:!?=()[]{}|", words not starting in lower-case ASCII).
HOSTILE_AUTHORS = [
    "Eve <b>Bold</b> Doe",
    "Mallory & Co",
    'O\'Brien "Quote" Smith',
    "Robert </a><script>Evil</script> Tables",
    "Zero\u200bWidth Person",
]


@dataclass(frozen=True)
class StressProfile:
    """One site to build: its seed text, whether it lists any papers, and other files of the site."""

    name: str
    seed: str
    has_papers: bool
    files: dict[str, str | bytes] = field(default_factory=dict)


def _paper(
    header_codes: str, index: int, title: str, authors: list[str], abstract: str, code_link: bool = False
) -> str:
    """Render one paper block; the date is derived from ``index``."""
    year = 2010 + index % 16
    date = f"{MONTHS[index % 12]} {1 + (index * 7) % 28}, {year}"
    et_al = " et al." if index % 4 == 0 else ""
    return f"{header_codes}{date}{'Code' if code_link else ''}\n{title}\n\n{', '.join(authors)}{et_al}\n\n{abstract}\n"


def _codes_for(index: int) -> str:
    """One to three distinct codes run together, e.g. ``LGCVML``."""
    picked = [CODES[index % len(CODES)]]
    for step in (7, 13)[: index % 3]:
        code = CODES[(index * step + 3) % len(CODES)]
        if code not in picked:
            picked.append(code)
    return "".join(picked)


def _authors_for(index: int, pool: list[str], owner: str) -> list[str]:
    """Between one and eight names; the owner is on every complete author list.

    Every twelfth paper leaves the owner out of a list cut short by "et al."
    (see ``_paper``), as profiles do when the owner is far down the list.
    """
    count = 1 + index % 8
    names = [pool[(index * 3 + k * 7) % len(pool)] for k in range(count)]
    names = list(dict.fromkeys(names))  # a name appears once per paper
    if index % 12 != 0 and owner not in names:
        names[min(1, len(names) - 1)] = owner
    return names


def _profile(owner: str, papers: list[str], metrics: bool = True) -> str:
    head = [owner, ""]
    if metrics:
        head += ["CV", "h-index42", f"{len(papers)}papers", "1234citations", ""]
    head += [f"{len(papers)} Papers", ""]
    return "\n".join(head) + "\n" + "\n".join(papers)


def many_papers(count: int = 300) -> str:
    """A long, busy profile: many years, categories and cross-listed codes."""
    owner = "Ada Stresstest"
    papers = []
    for i in range(count):
        title = (
            f"Scaling Study {i + 1}: {['Robust', 'Sparse', 'Federated', 'Causal'][i % 4]} "
            f"{['Transformers', 'Diffusion Models', 'Graph Networks'][i % 3]} at Scale"
        )
        abstract = " ".join(["We study a problem and report results."] * (1 + i % 6))
        papers.append(_paper(_codes_for(i), i, title, _authors_for(i, LATIN_AUTHORS, owner), abstract, i % 9 == 0))
    return _profile(owner, papers)


def non_latin() -> str:
    """Names and titles in Chinese, Cyrillic, Arabic, Greek and accented Latin."""
    owner = "Ζωή Παπαδοπούλου"
    papers = []
    # Every title appears twice (as a preprint and a journal version would),
    # so page slugs for identical non-Latin titles must not collide.
    for i, title in enumerate(NON_LATIN_TITLES * 2):
        abstract = f"{title}. Аннотация — 摘要 — ملخص — περίληψη (#{i})."
        papers.append(_paper(_codes_for(i), i, title, _authors_for(i, NON_LATIN_AUTHORS, owner), abstract))
    return _profile(owner, papers)


def html_and_math() -> str:
    """Markup, entities, template syntax and LaTeX in titles, names and abstracts."""
    owner = "Mallory & Co"
    papers = []
    for i, title in enumerate(HOSTILE_TITLES):
        abstract = (
            f"We write </p></textarea><script>alert({10 + i})</script> and "
            f"$\\sum_{{k=1}}^{{n}} k = \\frac{{n(n+1)}}{{2}}$ with a < b > c & d."
        )
        papers.append(_paper(_codes_for(i), i, title, _authors_for(i, HOSTILE_AUTHORS, owner), abstract, i % 2 == 0))
    return _profile(owner, papers)


def empty() -> str:
    """A brand-new profile: the owner's name and nothing else."""
    return "Nobody Yet\n"


PROFILES: dict[str, StressProfile] = {
    "many-papers": StressProfile("many-papers", many_papers(), True),
    "non-latin": StressProfile("non-latin", non_latin(), True),
    "html-and-math": StressProfile("html-and-math", html_and_math(), True),
    "empty": StressProfile("empty", empty(), False),
}

# The repository root is a site too: the sample profile in seeds/.
SITE_NAMES = ["sample", *PROFILES]


def has_papers(site_name: str) -> bool:
    return site_name == "sample" or PROFILES[site_name].has_papers


def write_site(profile: StressProfile, directory: Path) -> Path:
    """Write ``profile`` as a site directory (seeds/ only) and return it."""
    seeds = directory / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / f"000_{profile.name}.txt").write_text(profile.seed, encoding="utf-8")
    for relative, text in profile.files.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return directory


# ----------------------------------------------------------------------------- the whole site
# The sample profile with every kind of content: a CV from cv.yaml, talks, teaching,
# projects, blog posts and news, and Markdown with math, code, footnotes, tables and a figure.
SAMPLE_PAPER = "feature-correlation-guided-knowledge-transfer-for-federated-self-supervised"
OTHER_PAPER = "d2moe-dual-routing-and-dynamic-scheduling-for-efficient-on-device-moe-based-llm"
RESEARCH_MARKDOWN = r"""Sample text. We recover $\mathbf{x}$ from $\mathbf{y}=\mathbf{A}\mathbf{x}$ and bound $\|x\|_2$.

$$
E(\mathbf{x}) = \|\mathbf{y}-\mathbf{A}\mathbf{x}\|_2^2 + \lambda\|\mathbf{x}\|_1
$$

## Method

```python
def soft_threshold(value, level):  # the proximal step of the l1 norm
    return max(abs(value) - level, 0.0) * (1 if value > 0 else -1)
```

| method | error | time (s) |
|--------|-------|----------|
| ours   | 0.12  | 1.5      |
| ISTA   | 0.19  | 4.2      |

![A chart of the error falling over 40 iterations](/figure.svg "Figure 1: error by iteration (sample).")

The result holds for any sparse $\mathbf{x}$.[^proof]

[^proof]: Sample footnote: see the paper for the proof.
"""
FIGURE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
    '<rect width="320" height="120" fill="#eef"/><path d="M10 20 L150 80 L310 110" stroke="#225" '
    'stroke-width="3" fill="none"/></svg>\n'
)
CV_YAML = """\
profile:
  name: 周启华 (Qihua Zhou)
  role: Assistant Professor (sample)
  affiliation: Example University
  email: qihua@example.org
  website: https://example.org/
  location: Hong Kong
  summary: Sample CV text; every entry here is made up.
education:
  - {title: PhD in Computer Science, where: Example University, when: 2018–2022, location: Hong Kong}
  - {title: BEng in Software Engineering, where: Sample Institute of Technology, when: 2014–2018}
positions:
  - {title: Assistant Professor, where: Example University, when: 2024–, details: Distributed machine learning.}
awards:
  - {title: Best Paper Award (sample), where: Example Conference, when: 2023}
grants:
  - {title: Efficient Federated Learning (sample grant), where: Example Research Council, when: 2024–2027}
service:
  - {title: Program committee, where: Example Conference, when: 2023–2025}
skills:
  - {label: Programming, items: [Python, C++, CUDA]}
sections:
  - title: Students
    entries:
      - {title: Sample Student (PhD), when: 2024–}
"""


def sample_photo() -> bytes:
    """A made-up "photo" (a gradient, 900 × 700, EXIF with a camera name and a rotation), as a camera writes one."""
    import io

    from PIL import Image

    image = Image.linear_gradient("L").resize((900, 700)).convert("RGB")
    exif = image.getexif()
    exif[0x010F] = "Sample Camera"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


# The home page's identity: a tagline, links of every kind with their icons, a photo in its sizes.
IDENTITY_YAML = (
    "role: Associate Professor (sample)\naffiliation: Example University, Department of Computing\n"
    "links:\n  email: sample@example.org\n  google_scholar: AbCdEfG\n  orcid: 0000-0002-1825-0097\n"
    "  researchgate: Sample-Person\n  openreview: ~Sample_Person1\n  github: sample\n  linkedin: sample\n"
    "  youtube: samplechannel\n  mastodon: '@sample@example.social'\n  bluesky: sample.bsky.social\n  x: sample\n"
)
# A DOI as long as real ones get: it must not break inside its numbers on a phone.
LONG_DOI = "10.1109/TPAMI.2024.3456789012"

WHOLE_SITE_FILES: dict[str, str | bytes] = {
    "site.yaml": IDENTITY_YAML,
    "content/about.md": "---\ntitle: About\nphoto: portrait.jpg\n---\n" + RESEARCH_MARKDOWN,
    "content/static/portrait.jpg": sample_photo(),
    f"content/papers/{OTHER_PAPER}.md": f"---\ndoi: {LONG_DOI}\n---\nA sample note on this paper.\n",
    "content/cv.yaml": CV_YAML,
    "content/static/figure.svg": FIGURE_SVG,
    "content/news/2025-01-award.md": "---\ntitle: A paper award (sample news)\ndate: 2025-01-15\n---\n"
    "Sample news item.\n",
    "content/news/2025-03-talk.md": "---\ntitle: An invited talk (sample news)\ndate: 2025-03-02\n---\n"
    + RESEARCH_MARKDOWN,
    "content/talks/federated-keynote.md": f"---\ntitle: Feature correlation in federated learning (sample)\n"
    f"date: 2024-06-12\nevent: Example Workshop on Federated Learning\n"
    f"location: Hong Kong\nslides: /figure.svg\npaper: {SAMPLE_PAPER}\n"
    f"summary: A sample talk about a sample paper.\n---\n" + RESEARCH_MARKDOWN,
    "content/talks/moe-seminar.md": f"---\ntitle: On-device mixture of experts (sample)\ndate: 2025-02-20\n"
    f"event: Example Seminar\npaper: {OTHER_PAPER}\n---\nSample talk.\n",
    "content/teaching/distributed-systems.md": "---\ncourse: Distributed Systems (sample)\nterm: Fall 2024\n"
    "role: Instructor\ninstitution: Example University\n"
    "date: 2024-09-01\n---\n" + RESEARCH_MARKDOWN,
    "content/teaching/machine-learning.md": "---\ncourse: Machine Learning (sample)\nterm: Spring 2024\n"
    "role: Teaching assistant\ninstitution: Example University\n---\n",
    "content/projects/federated.md": f"---\ntitle: Federated self-supervised learning (sample)\n"
    f"summary: A sample project.\nimage: figure.svg\nimage_alt: A sample chart\n"
    f"links: {{Code: 'https://example.org/code'}}\npapers: [{SAMPLE_PAPER}]\n---\n" + RESEARCH_MARKDOWN,
    "content/projects/moe.md": f"---\ntitle: Efficient LLM serving (sample)\npapers: [{OTHER_PAPER}]\n---\n",
    # every entry button, the badges and both author marks, on the lists and the paper page
    f"content/papers/{SAMPLE_PAPER}.md": "---\npdf: /figure.svg\ncode: https://example.org/code\n"
    "slides: https://example.org/slides\nvideo: https://example.org/video\n"
    "project: https://example.org/project\ndoi: 10.1000/sample.1\n"
    "arxiv: 2301.01234\nvenue: Example Conference\nvenue_short: EC 2022\n"
    "award: Best Paper Award (sample)\nequal_contribution: [Yi Liu, Song Guo]\n"
    "corresponding: [Qihua Zhou]\nselected: true\n---\n",
    "content/posts/2025-01-sparse.md": "---\ntitle: Sparse recovery in one page (sample)\ndate: 2025-01-10\n"
    "tags: [math, sparsity]\nsummary: A sample post.\n---\n" + RESEARCH_MARKDOWN,
    "content/posts/2025-02-notes.md": "---\ntitle: Notes on writing (sample)\ndate: 2025-02-01\ntags: [writing]\n"
    "---\nSample post.\n",
    "content/posts/2025-03-draft.md": "---\ntitle: Unfinished (sample)\ndate: 2025-03-01\ndraft: true\n---\nDraft.\n",
}


def write_whole_site(directory: Path, sample_seed: Path) -> Path:
    """The sample profile in ``seeds/`` and every kind of content, as a site folder."""
    (directory / "seeds").mkdir(parents=True, exist_ok=True)
    (directory / "seeds" / sample_seed.name).write_bytes(sample_seed.read_bytes())
    for relative, text in WHOLE_SITE_FILES.items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return directory


SAMPLE_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_e37131867a2e8315.txt"
# A researcher's whole site: the gates check every page kind of the collections and the CV.
PROFILES["whole-site"] = StressProfile("whole-site", SAMPLE_SEED.read_text(encoding="utf-8"), True, WHOLE_SITE_FILES)
SITE_NAMES.append("whole-site")
# The same site in the classic theme, which has the collection and CV templates by extending default.
PROFILES["whole-site-classic"] = StressProfile(
    "whole-site-classic",
    SAMPLE_SEED.read_text(encoding="utf-8"),
    True,
    {**WHOLE_SITE_FILES, "site.yaml": "theme: classic\ngroup_by: type\n" + IDENTITY_YAML},
)
SITE_NAMES.append("whole-site-classic")
