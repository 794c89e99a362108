"""Time ranges of the charts, counted back from the last date in the data (never from today),
so that a source that stopped publishing still shows its last months instead of an empty chart."""

from __future__ import annotations

import pandas as pd

ALL = "all"
RANGES = (ALL, "1y", "6m", "3m", "30d", "5w")
DEFAULT_RANGE = "3m"
_OFFSETS = {
    "1y": pd.DateOffset(years=1),
    "6m": pd.DateOffset(months=6),
    "3m": pd.DateOffset(months=3),
    "30d": pd.DateOffset(days=30),
    "5w": pd.DateOffset(weeks=5),
}


def valid_range(name: str | None) -> str:
    return name if name in RANGES else DEFAULT_RANGE


def first_day(name: str, last: pd.Timestamp) -> pd.Timestamp | None:
    """The first day inside the range ending on ``last`` (``None``: from the beginning).

    "30 days" holds exactly 30 days: ``last`` and the 29 before it; "3 months" ending on
    15 November starts on 16 August.
    """
    offset = _OFFSETS.get(name)
    if offset is None:
        return None
    return last - offset + pd.Timedelta(days=1)


def clip(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The rows of a date-indexed frame inside the range ending on its last row."""
    if frame.empty:
        return frame
    start = first_day(name, frame.index[-1])
    return frame if start is None else frame.loc[frame.index >= start]
