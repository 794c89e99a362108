"""Values relative to the number of inhabitants."""

from __future__ import annotations

import pandas as pd

from dashapp.data.indicators.averages import window_sum

PER = 100_000
WINDOW_DAYS = 7


def per_100k(values: pd.DataFrame, inhabitants: pd.Series) -> pd.DataFrame:
    """Each column divided by its area's inhabitants, times 100,000; areas without inhabitants give NaN."""
    population = inhabitants.reindex(values.columns).astype(float)
    population = population.where(population > 0)
    return (values.astype(float) * PER).div(population, axis=1)


def sum_7d(net: pd.DataFrame) -> pd.DataFrame:
    """The sum of the seven days ending on each day (that day included); NaN until seven days are known."""
    return window_sum(net, WINDOW_DAYS)


def sum_7d_per_100k(net: pd.DataFrame, inhabitants: pd.Series) -> pd.DataFrame:
    """Positives of the last seven days per 100,000 inhabitants: the measure of the risk-level guidance.

    Sums use the net daily values (corrections included), like every sum over time.
    """
    return per_100k(sum_7d(net), inhabitants)
