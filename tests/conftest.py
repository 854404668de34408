"""Shared test settings: the hypothesis profile of the property-based tests."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

#: Property tests (tests/test_properties.py): modest example counts, no per-example deadline (the first example
#: loads models), nothing written to disk (no example database).
settings.register_profile(
    "properties",
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
