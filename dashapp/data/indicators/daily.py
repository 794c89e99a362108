"""Daily values from cumulative counts, and what the screen shows of them.

RIVM publishes cumulative counts per municipality; a day's new reports are the difference
with the day before. When RIVM corrects earlier reports the difference can be negative.
Following the original dashboard (FAQ, last answer), the *displayed* daily value shows such
a correction as 0, while every sum over areas or over time uses the raw (net) differences,
so that summing the regions gives the national figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def net_from_cumulative(cumulative: pd.DataFrame) -> pd.DataFrame:
    """Day-over-day differences of a daily wide frame of cumulative counts.

    The first day has no previous day and is NaN; so is any day next to a missing cumulative value.
    """
    return cumulative.astype(float).diff()


def displayed(net: pd.DataFrame) -> pd.DataFrame:
    """Net daily values as shown: a negative correction shows as 0; missing stays missing (NaN
    passes through ``np.maximum``; five times faster than ``DataFrame.clip``)."""
    return pd.DataFrame(np.maximum(net.to_numpy(dtype=float), 0.0), index=net.index, columns=net.columns)
