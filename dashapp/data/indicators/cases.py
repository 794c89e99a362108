"""The national case file: positive tests per age band and day."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashapp.data.indicators.wide import pivot_daily


def by_age_band(cases: pd.DataFrame, bands: Sequence[str]) -> pd.DataFrame:
    """Cases per day (``date``, the case file's date of statistics) and age band, one column per band.

    Cases of an unknown age (or of the coarse "<50" group some releases use) are left out; a
    day in the file's span without any case of a band counts 0 for that band.
    """
    known = cases[cases["age_group"].isin(bands)].assign(count=1.0)
    frame = pivot_daily(
        known,
        code_column="age_group",
        value_column="count",
        codes=list(bands),
        start=cases["date"].min(),
        end=cases["date"].max(),
    )
    return frame.fillna(0.0)


def last_days_total(daily_by_band: pd.DataFrame, days: int = 7) -> pd.Series:
    """The sum of each band over the last ``days`` days of the frame."""
    return daily_by_band.iloc[-days:].sum()
