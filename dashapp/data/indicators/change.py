"""How a value compares with the same day a week earlier (or, for weekly values, the week before)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

UP, DOWN, SAME = "up", "down", "same"


@dataclass(frozen=True, slots=True)
class Change:
    previous: float
    previous_date: date
    difference: float

    @property
    def direction(self) -> str:
        if self.difference > 0:
            return UP
        if self.difference < 0:
            return DOWN
        return SAME


def change_between(current: float, previous: float, previous_date: date, decimals: int) -> Change | None:
    """The change from ``previous`` to ``current``, rounded to the values' own precision."""
    if math.isnan(current) or math.isnan(previous):
        return None
    return Change(float(previous), previous_date, round(float(current) - float(previous), decimals) + 0.0)


def week_on_week(series: pd.Series, on: date, decimals: int) -> Change | None:
    """The change of ``series`` on ``on`` against seven days earlier; ``None`` if either value is missing.

    The difference is rounded to the values' own precision, so that 7.1 against 7.0 reads as 0.1.
    """
    earlier = on - timedelta(days=7)
    current = series.get(pd.Timestamp(on))
    previous = series.get(pd.Timestamp(earlier))
    if current is None or previous is None:
        return None
    return change_between(current, previous, earlier, decimals)
