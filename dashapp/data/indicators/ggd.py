"""GGD test lanes: tests with a result and positives per week, and the share positive."""

from __future__ import annotations

import pandas as pd

from dashapp.data.indicators.wide import weekly_sum


def share_positive(positive: pd.DataFrame, tested: pd.DataFrame) -> pd.DataFrame:
    """Positives as a percentage of tests with a result; NaN where nothing was tested."""
    tested = tested.astype(float)
    return positive.astype(float).div(tested.where(tested > 0)) * 100


def weekly_share_positive(
    tested_daily: pd.DataFrame, positive_daily: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Weekly (Monday to Sunday, complete weeks only) tested, positive and percentage positive.

    The percentage is of the week's totals, not a mean of daily percentages, so a busy day
    weighs by its number of tests.
    """
    tested = weekly_sum(tested_daily)
    positive = weekly_sum(positive_daily)
    return tested, positive, share_positive(positive, tested)
