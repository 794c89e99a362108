"""The stable indicator ids and their precision, as the snapshot, the export and the tests use them.

A view of the metric registry (``dashapp.metrics.registry``), which holds everything else about
each indicator.
"""

from __future__ import annotations

from dashapp.metrics.model import DAILY, LEVELS, WEEKLY, Metric
from dashapp.metrics.registry import AGE_BANDS, AGE_INDICATORS, METRICS, age_indicator

__all__ = [
    "AGE_BANDS",
    "AGE_INDICATORS",
    "DAILY",
    "INDICATORS",
    "LEVELS",
    "WEEKLY",
    "age_indicator",
    "indicators_for",
]

INDICATORS: dict[str, Metric] = METRICS


def indicators_for(level: str) -> tuple[str, ...]:
    return tuple(i.id for i in INDICATORS.values() if level in i.levels)
