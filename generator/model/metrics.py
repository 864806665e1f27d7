"""The home page's metrics: the profile's scraped ones and the imported ones, as site.yaml chooses.

A profile metric is named by its label ("h-index"); an imported one by its source
and key ("s2.citations", "openalex.h_index") and carries the source and date it
is "as of". Without a `metrics:` key every metric is shown, the profile's first;
with one, exactly the listed metrics are shown, in that order, each optionally
relabelled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..read.imports import SOURCE_NAMES
from .entities import Metric

if TYPE_CHECKING:
    from ..read.imports import RawImport
    from ..read.seeds import RawMetric

IMPORTED_LABELS = {"citations": "Citations", "h_index": "h-index", "papers": "Papers"}


@dataclass(frozen=True, slots=True)
class NamedMetric:
    name: str  # how site.yaml refers to it
    metric: Metric


def profile_metrics(raw: tuple[RawMetric, ...], imports: list[RawImport]) -> tuple[NamedMetric, ...]:
    found = [NamedMetric(m.label, Metric(m.label, m.value, m.unit)) for m in raw]
    for imported in imports:
        for key, value in imported.metrics:
            found.append(
                NamedMetric(
                    f"{imported.source}.{key}",
                    Metric(
                        IMPORTED_LABELS[key],
                        f"{value:,}",
                        "",
                        SOURCE_NAMES.get(imported.source, imported.source),
                        imported.fetched,
                    ),
                )
            )
    return tuple(found)


def shown_metrics(metrics: tuple[NamedMetric, ...], choices: tuple[tuple[str, str], ...] | None) -> tuple[Metric, ...]:
    """`choices` are (name, label) pairs from site.yaml ("" keeps the label); None shows everything."""
    if choices is None:
        return tuple(named.metric for named in metrics)
    by_name = {named.name.casefold(): named.metric for named in reversed(metrics)}
    shown = []
    for name, label in choices:
        metric = by_name.get(name.casefold())
        if metric is not None:
            shown.append(replace(metric, label=label) if label else metric)
    return tuple(shown)


def metric_names(metrics: tuple[NamedMetric, ...]) -> list[str]:
    return [named.name for named in metrics]


def unknown_metrics(metrics: tuple[NamedMetric, ...], choices: tuple[tuple[str, str], ...] | None) -> list[str]:
    """Names in site.yaml's `metrics` that match no metric (a typo, or an import not made yet)."""
    known = {named.name.casefold() for named in metrics}
    return [name for name, _ in choices or () if name.casefold() not in known]
