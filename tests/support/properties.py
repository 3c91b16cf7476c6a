"""Hypothesis settings the property tests share."""

from hypothesis import HealthCheck, settings


def repeatable(examples: int, *also_allowed: HealthCheck) -> settings:
    """Return settings that try ``examples`` examples, the same ones on every run (a failure
    in CI fails again here), with no deadline and no complaint about slow generation."""
    return settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, *also_allowed],
    )
