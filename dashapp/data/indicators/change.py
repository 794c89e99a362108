"""How a value compares with the same day a week earlier (or, for weekly values, the week before)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

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
