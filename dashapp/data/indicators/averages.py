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

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view


def window_sum(daily: pd.DataFrame, days: int) -> pd.DataFrame:
    """The sum of each day and the ``days - 1`` before it, per column; NaN where the window is not
    complete or holds a missing day (as pandas' ``rolling(days, min_periods=days).sum()``).

    One vectorised pass over every column at once: pandas' rolling windows loop over the columns,
    which cost most of a snapshot build with 355 municipalities."""
    values = daily.to_numpy(dtype=float)
    sums = np.full(values.shape, np.nan)
    if len(values) >= days:
        sums[days - 1 :] = sliding_window_view(values, days, axis=0).sum(axis=-1)
    return pd.DataFrame(sums, index=daily.index, columns=daily.columns)


def three_day_mean_including_today(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of days D-2, D-1 and D, for each day D."""
    return window_sum(daily, 3) / 3


def three_day_mean_excluding_today(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of days D-3, D-2 and D-1, for each day D (the value of D itself is not used)."""
    return three_day_mean_including_today(daily).shift(1)


def seven_day_mean(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean of days D-6 .. D, for each day D: the 7-day average drawn over daily bars."""
    return window_sum(daily, 7) / 7


def trailing_mean(values: np.ndarray, days: int) -> np.ndarray:
    """The mean of each value and the ``days - 1`` before it, for one area as a plain array.

    The same rule as the frame functions above (a window with a missing day has no mean), computed
    with cumulative sums so that a chart callback can afford it for one area in microseconds.
    """
    result = np.full(values.shape, np.nan)
    if len(values) < days:
        return result
    missing = np.isnan(values)
    sums = np.concatenate(([0.0], np.cumsum(np.where(missing, 0.0, values))))
    gaps = np.concatenate(([0], np.cumsum(missing)))
    window_sums = sums[days:] - sums[:-days]
    window_gaps = gaps[days:] - gaps[:-days]
    result[days - 1 :] = np.where(window_gaps == 0, window_sums / days, np.nan)
    return result
