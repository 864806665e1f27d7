"""Hypothesis settings for the robustness tests.

The profile "robustness-ci" is what a plain `pytest` (the README's test
command, also run by .ci/run) uses: thousands of examples in total across the
fuzz tests, no deadline (CI machines are slow and shared), derandomized so a
run is reproducible and a CI failure can be replayed exactly, and no example
database (nothing is written into the repository).

ROBUSTNESS_FUZZ_PROFILE=robustness-thorough runs ten times as many examples
with fresh randomness each run, for a longer hunt on a developer machine.

The profile is applied per test (`FUZZ` below), never loaded globally, so
other hypothesis tests in the suite keep their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SUPPRESSED = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "robustness-ci",
    max_examples=600,  # per test, scaled per test with `examples()`; about 6,000 in total
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=SUPPRESSED,
)
settings.register_profile(
    "robustness-thorough",
    parent=settings.get_profile("robustness-ci"),
    max_examples=6000,
    derandomize=False,
)

FUZZ = settings.get_profile(os.environ.get("ROBUSTNESS_FUZZ_PROFILE", "robustness-ci"))


def examples(factor: float) -> settings:
    """The active profile with `factor` times its number of examples (cheap tests get more)."""
    return settings(FUZZ, max_examples=max(10, int(FUZZ.max_examples * factor)))
