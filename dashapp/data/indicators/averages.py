"""Moving averages over daily wide frames.

The methodology prescribes two different 3-day windows:

- national NICE hospital and IC admissions: the mean of the three days *before* the value's
  date (today is excluded because its registrations are far from complete);
- regional and municipal RIVM hospital admissions: the mean of the last three days
  *including* the value's date.

Both are rounded to one decimal when shown (the snapshot rounds; see ``rounding``). A window
that holds a missing day gives NaN rather than a mean of fewer days.
"""

from __future__ import annotations

import pandas as pd


def three_day_mean_including_today(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of days D-2, D-1 and D, for each day D."""
    return daily.astype(float).rolling(3, min_periods=3).mean()


def three_day_mean_excluding_today(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of days D-3, D-2 and D-1, for each day D (the value of D itself is not used)."""
    return three_day_mean_including_today(daily).shift(1)


def seven_day_mean(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of the seven days ending on each day (that day included): the line drawn over daily bars."""
    return daily.astype(float).rolling(7, min_periods=7).mean()
