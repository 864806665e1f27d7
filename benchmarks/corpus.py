#!/usr/bin/env python3
"""A deterministic synthetic research profile of N papers, in scholarsite's seed format.

    python benchmarks/corpus.py N SITE_DIR [--seed 7]

writes SITE_DIR/seeds/corpus.txt, a site folder `scholarsite build --site SITE_DIR` accepts.
The output depends only on (N, seed): two runs diff clean. Standard library only.

The profile, as a researcher would copy it from a profile page:

* line 1 the owner ("Ada Benchmark"), a link label, metrics (h-index, paper and citation
  counts), then "N Papers";
* N paper blocks: a header `CCMon D, YYYY` (one two-letter arXiv subject code, 30 codes with a
  Zipf skew), the title, the full author list, the abstract;
* dates uniform over 2015-01-01 .. 2024-12-31 (ten years), newest paper first;
* 3-8 authors per paper. The owner is on every paper (it is their profile); the other names
  come from a pool of exactly round(1.5 * N) people, every one of them used at least once and
  the remaining slots drawn with a Zipf-like skew, so a few co-authors are prolific and most
  appear once or twice. Names include non-ASCII letters (Zoë, Łukasz, Nguyễn), apostrophes
  (O'Neill) and particles (van den Broek, de la Fuente) to exercise slugs and escaping;
* titles are unique (so the site has exactly N paper pages); about 7% carry inline math;
* abstracts of about 180 words, about 30% with inline math such as `$\\mathcal{O}(n \\log n)$`,
  a quarter in two paragraphs, some with emphasis or an autolink.

The page set this gives: one page per paper (N), per author (round(1.5 * N) + the owner),
per category (30) and per year (10), plus the index pages and the home page, the same kinds
of pages as the peer sites in ../shared/bench.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

OWNER = "Ada Benchmark"
DEFAULT_SEED = 7
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Two-letter arXiv subject codes as profiles print them, most used first (Zipf weights follow
# this order). Each resolves to one arXiv class, so the site gets 30 categories.
CODES = ("LG CV CL AI ML IR RO NE CR DS DC SE SY IT OC HC SI GT DB PL ME ST PR NA SP IV MA QM NC CO").split()

GIVEN = """Ada Aditya Agnieszka Ahmet Aiyana Akira Alba Aleksander Amaya Ana Anders Anouk
Ari Arvid Aurélie Ayşe Baptiste Bao Beatrix Bongani Bruno Carmen Céline Chidi Chinonso
Clara Dagny Dalia Davide Dilnoza Dong-hyun Eero Efua Elif Emil Enzo Esra Ewa Fang Farah
Finn Freya Gaël Gustavo Hakim Halima Hana Hao Henrik Hye-jin Idris Ilaria Ishaan Jae-won
Jean-Luc José Júlia Kaito Kalani Kerstin Kofi Lars Léa Leonie Liang Linnea Łukasz Mads
Mahsa Manon Marek Mariam Matías Mehmet Mia Milan Minh Nadim Nikola Noa Nour Oluwaseun
Otto Paulina Pilar Quentin Radek Renée Rohan Rui Saanvi Salomé Santiago Selin Shirin
Sigrid Simón Siddharth Taini Teodor Thandiwe Tobias Unai Vera Viktor Wanjiru Xiadani
Yannick Yerlan Yun Zeynep Zoë Žofie""".split()

FAMILY = """Abdi Acheampong Adebayo Aguilar Åkesson Almeida Amini Antonelli Aoki Arslan
Bakker Balogun Barbosa Bauer Bellamy Bergmann Bhatt Björk Blanco Bondarenko Brandt
Brennan Çelik Chaudhary Chukwu Dahlberg Dąbrowski Dasgupta Delgado Demir Dvořák Eze
Falk Ferrari Figueroa Fonseca Frost Fukuda Gallagher Gaspar Gîrbea Greco Grünewald
Guerrero Halvorsen Hamdan Haugen Herrera Høgh Hosseini Huber Ikeda Ivanova Jaramillo
Jovanović Kapoor Karlsson Kaya Keller Kimura Kiplagat Kovač Kowalczyk Kuznetsova Lachance
Lambert Lindqvist López Lorenz Maeda Mandal Marchetti Medina Mendoza Mensah Moretti
Morozov Mwangi Nakagawa Navarro Ndiaye Nguyễn Nikolaidis Nilsson Novak Nyström Odhiambo
Ogawa Okoye Olawale Orozco Ortega Osei Özdemir Pacheco Palmer Petrović Pham Pires
Quintero Rahimi Ramírez Reyes Richter Ruiz Sahin Salo Sánchez Sandoval Schäfer Seo
Shapiro Šimić Sørensen Stojanović Strand Svensson Szabó Takeda Tan Teixeira Thakur
Torres Uchida Valdez Vasquez Virtanen Vu Wójcik Xie Yadav Yamada Yıldız Yoon Zapata
Zhu Zielińska""".split()
FAMILY += [
    "O'Neill",
    "D'Angelo",
    "van den Broek",
    "de la Fuente",
    "von Holst",
    "di Stefano",
    "ter Horst",
    "da Costa",
    "Le Gall",
    "Al-Rashid",
    "Ben-Ami",
    "MacLeod",
    "St. Clair",
]

TITLE_PATTERNS = (
    "{adj} {noun} for {topic}",
    "{noun} in {topic}: {adj} Methods and Lower Bounds",
    "On the {property} of {adj} {noun}",
    "A {adj} Theory of {noun} for {topic}",
    "Learning {noun} from {topic} at Scale",
    "{adj} {noun} Without {obstacle}",
    "Revisiting {noun} in {topic}",
    "Beyond {obstacle}: {adj} {noun} for {topic}",
    "How {adj} Are {noun} on {topic}?",
)
ADJECTIVES = """Adaptive Amortized Asynchronous Causal Certified Compositional Conformal
Decentralized Equivariant Frugal Geometric Hierarchical Implicit Incremental Kernelized
Lightweight Modular Multimodal Neural Nonconvex Probabilistic Quantized Randomized
Recurrent Sparse Spectral Streaming Symbolic Topological Variational""".split()
NOUNS = """Attention Bandits Codes Embeddings Estimators Flows Games Graphons Hashing
Operators Planners Policies Priors Proofs Queries Rankings Samplers Schedules Sketches
Solvers Surrogates Tokenizers Transformers Trees Walks""".split()
PROPERTIES = "Stability Consistency Identifiability Robustness Expressiveness Calibration Hardness Optimality".split()
TOPICS = [
    t.strip()
    for t in """Molecular Graphs|Weather Forecasting|Legal Documents|
Low-Resource Languages|Robot Manipulation|Genomic Sequences|Traffic Networks|Sparse Rewards|
Medical Imaging|Source Code|Energy Markets|Citation Networks|Edge Devices|Audio Streams|
Remote Sensing|Scientific Literature|Financial Time Series|Protein Design|Tabular Benchmarks|
Social Networks|Federated Clients|3D Scenes|Historical Archives|Particle Physics Data""".split("|")
]
OBSTACLES = "Labels|Replay Buffers|Backpropagation|Tuning|Warm Starts|Large Batches|Convexity|Independence".split("|")
TITLE_MATH = (
    " in $O(n \\log n)$ Time",
    " with $\\ell_2$ Guarantees",
    " in $\\mathbb{R}^{d}$",
    " at $10^{9}$ Parameters",
)

METHODS = "estimator|solver|architecture|objective|sampler|training scheme|relaxation|index|protocol|model".split("|")
TASKS = """node classification|entity linking|motion planning|anomaly detection|program synthesis|
dose finding|speech enhancement|crystal structure prediction|query optimization|
topic discovery|out-of-distribution detection|image retrieval|load forecasting|
hyperparameter search|record linkage|community detection""".replace("\n", "").split("|")
PHENOMENA = """the heavy tail of the gradients|the low intrinsic dimension of the data|
rare but informative events|the curvature of the loss|the redundancy between views|
the hierarchy among labels|the delay in the feedback|correlated noise|
the symmetry of the problem|missing covariates|the drift of the input distribution|
the cost of communication""".replace("\n", "").split("|")
VERBS = "exploits|tames|models|bypasses|estimates|controls|learns|compresses".split("|")
BASELINES = "tuned baselines|the strongest published system|classical heuristics|larger models|prior art".split("|")
MATH = (
    r"$\mathcal{O}(n \log n)$",
    r"$O(1/\epsilon^{2})$",
    r"$\ell_1$",
    r"$\sqrt{T}$",
    r"$\mathbb{E}[X] = \mu$",
    r"$k \ll d$",
    r"$\delta > 0$",
    r"$\Theta(n^{2})$",
    r"$\lambda_{\max}$",
    r"$p \geq 0.9$",
)
CLOSERS = [
    s.strip()
    for s in """We release code and data to support replication.|
The method needs no tuning beyond a single step size.|
This answers an open question raised in earlier work.|
Limitations and broader impacts are discussed at length.|
Ablations isolate the contribution of each component.|
The gains hold across model sizes and random seeds.|
Surprisingly, the simplest variant performs best in practice.|
Finally, we outline open problems suggested by these results.""".split("|")
]


@dataclass(frozen=True)
class Paper:
    code: str
    date: dt.date
    title: str
    authors: tuple[str, ...]
    abstract: tuple[str, ...]  # paragraphs


def zipf_weights(count: int, exponent: float, shift: float = 1.0) -> list[float]:
    """Cumulative weights of a Zipf-like law over ranks 0..count-1 (for random.choices)."""
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1.0 / (rank + shift) ** exponent
        cumulative.append(total)
    return cumulative


def author_pool(rng: random.Random, size: int) -> list[str]:
    """`size` distinct names: given name, sometimes a middle initial, family name."""
    initials = [""] + [f" {letter}." for letter in "ABCDEFGHJKLMNPRSTW"]
    space = len(GIVEN) * len(initials) * len(FAMILY)
    if size > space:
        sys.exit(f"corpus.py: only {space} distinct names available, {size} asked for")
    names = []
    for index in rng.sample(range(space), size):
        given, rest = divmod(index, len(initials) * len(FAMILY))
        initial, family = divmod(rest, len(FAMILY))
        names.append(f"{GIVEN[given]}{initials[initial]} {FAMILY[family]}")
    return names


def title(rng: random.Random) -> str:
    text = rng.choice(TITLE_PATTERNS).format(
        adj=rng.choice(ADJECTIVES),
        noun=rng.choice(NOUNS),
        topic=rng.choice(TOPICS),
        property=rng.choice(PROPERTIES),
        obstacle=rng.choice(OBSTACLES),
    )
    if rng.random() < 0.07:
        text += rng.choice(TITLE_MATH)
    return text


def sentence(rng: random.Random, with_math: bool) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return (
            f"We introduce a {rng.choice(ADJECTIVES).lower()} {rng.choice(METHODS)} for "
            f"{rng.choice(TASKS)} that {rng.choice(VERBS)} {rng.choice(PHENOMENA)}."
        )
    if kind == 1:
        first, second = rng.sample(PHENOMENA, 2)
        return (
            f"Existing approaches to {rng.choice(TASKS)} overlook {first}, "
            f"which makes them brittle when {second} dominates."
        )
    if kind == 2:
        bound = rng.choice(MATH) if with_math else "the optimal rate"
        return (
            f"Under standard assumptions the {rng.choice(METHODS)} converges at {bound}, "
            f"and we show that no method of this kind can do better in the worst case."
        )
    if kind == 3:
        return (
            f"On {rng.randint(4, 15)} public datasets it outperforms {rng.choice(BASELINES)} by "
            f"{rng.randint(1, 30)}.{rng.randint(0, 9)} points while using {rng.randint(2, 9)}x less memory."
        )
    if kind == 4:
        first, second = rng.sample(PHENOMENA, 2)
        return f"Our analysis relates {first} to {second} through a single quantity that is easy to estimate."
    return rng.choice(CLOSERS)


def abstract(rng: random.Random) -> tuple[str, ...]:
    target = rng.randint(150, 190)
    with_math = rng.random() < 0.30
    sentences: list[str] = []
    words = 0
    while words < target:
        text = sentence(rng, with_math)
        if text not in sentences:
            sentences.append(text)
            words += len(text.split())
    if with_math and not any("$" in s for s in sentences):
        sentences.insert(1, f"The key quantity is {rng.choice(MATH)}.")
    if rng.random() < 0.05:
        index = rng.randrange(len(sentences))
        sentences[index] = "*" + sentences[index].rstrip(".") + "*."
    if rng.random() < 0.08:
        sentences.append(f"Code: <https://example.org/code/{rng.randint(1, 99999)}>.")
    if rng.random() < 0.25 and len(sentences) > 3:
        cut = len(sentences) // 2
        return " ".join(sentences[:cut]), " ".join(sentences[cut:])
    return (" ".join(sentences),)


def build_corpus(n: int, seed: int = DEFAULT_SEED) -> list[Paper]:
    """N papers, newest first; a pure function of (n, seed)."""
    rng = random.Random(seed)
    pool = author_pool(rng, max(3, round(1.5 * n)))
    # Every paper lists the owner plus 2-7 co-authors (3-8 names in all).
    counts = [rng.randint(2, 7) for _ in range(n)]
    slots = [(paper, place) for paper in range(n) for place in range(counts[paper])]
    if len(slots) < len(pool):
        sys.exit(f"corpus.py: N={n} is too small to use every name once")
    rng.shuffle(slots)
    coauthors: list[list[str | None]] = [[None] * count for count in counts]
    for (paper, place), name in zip(slots, pool, strict=False):  # every pool name at least once
        coauthors[paper][place] = name
    cumulative = zipf_weights(len(pool), exponent=0.7, shift=4.0)
    for paper, place in slots[len(pool) :]:
        while True:
            name = rng.choices(pool, cum_weights=cumulative)[0]
            if name not in coauthors[paper]:
                break
        coauthors[paper][place] = name

    code_weights = zipf_weights(len(CODES), exponent=1.0, shift=1.5)
    days = (LAST_DAY - FIRST_DAY).days + 1
    titles: set[str] = set()
    papers = []
    for index in range(n):
        text = title(rng)
        while text in titles:
            text = title(rng)
        titles.add(text)
        names = [name for name in coauthors[index] if name is not None]
        names.insert(rng.randrange(min(3, len(names) + 1)), OWNER)  # owner early in the list
        papers.append(
            Paper(
                code=rng.choices(CODES, cum_weights=code_weights)[0],
                date=FIRST_DAY + dt.timedelta(days=rng.randrange(days)),
                title=text,
                authors=tuple(names),
                abstract=abstract(rng),
            )
        )
    papers.sort(key=lambda paper: paper.date, reverse=True)  # stable: ties keep creation order
    return papers


def seed_text(papers: list[Paper], seed: int = DEFAULT_SEED) -> str:
    """The profile in the seed format (see generator/read/seeds.py for the grammar)."""
    rng = random.Random(seed + 1)
    n = len(papers)
    lines = [
        OWNER,
        "",
        "CV",
        "Homepage",
        f"h-index{max(1, int(n**0.5))}",
        f"{n}papers",
        f"{n * rng.randint(5, 12)}citations",
        "",
        f"{n} Papers",
        "",
    ]
    for paper in papers:
        header = f"{paper.code}{MONTHS[paper.date.month - 1]} {paper.date.day}, {paper.date.year}"
        lines += [header, paper.title, "", ", ".join(paper.authors), ""]
        for paragraph in paper.abstract:
            lines += [paragraph, ""]
    return "\n".join(lines)


def write_site(n: int, site_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Write SITE_DIR/seeds/corpus.txt; returns a few figures about the corpus."""
    papers = build_corpus(n, seed)
    seeds = site_dir / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "corpus.txt").write_text(seed_text(papers, seed), encoding="utf-8", newline="\n")
    per_author: dict[str, int] = {}
    for paper in papers:
        for name in paper.authors:
            per_author[name] = per_author.get(name, 0) + 1
    coauthor_counts = sorted(count for name, count in per_author.items() if name != OWNER)
    words = [sum(len(p.split()) for p in paper.abstract) for paper in papers]
    return {
        "papers": n,
        "authors": len(per_author),
        "categories": len({p.code for p in papers}),
        "years": len({p.date.year for p in papers}),
        "most_papers_per_coauthor": coauthor_counts[-1],
        "median_papers_per_coauthor": coauthor_counts[len(coauthor_counts) // 2],
        "mean_abstract_words": round(sum(words) / len(words), 1),
        "abstracts_with_math": round(sum("$" in " ".join(p.abstract) for p in papers) / n, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("site_dir", type=Path, help="site folder to write seeds/corpus.txt into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.n < 2:
        parser.error("N must be at least 2")
    stats = write_site(args.n, args.site_dir, args.seed)
    print(" ".join(f"{key}={value}" for key, value in stats.items()), f"-> {args.site_dir / 'seeds' / 'corpus.txt'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
