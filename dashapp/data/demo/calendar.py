"""The demo's fixed calendar: day ``i`` is ``ANCHOR + i`` (the first Dutch case), whatever the window."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashapp.data.demo.streams import Floats, Ints, Texts

ANCHOR = date(2020, 2, 27)
EARLIEST_END = date(2020, 6, 14)
LOOKAHEAD = 7  # latent days after ``end``: GGD tests look one day ahead, R three


def day_index(day: date) -> int:
    return (day - ANCHOR).days


@dataclass(frozen=True)
class Calendar:
    """Day ``i`` is ``ANCHOR + i``; the window is days ``first .. last`` (``last`` is ``end``)."""

    size: int
    first: int
    last: int
    iso: Texts  # "YYYY-MM-DD" per calendar day

    @property
    def end(self) -> date:
        return ANCHOR + timedelta(days=self.last)

    @property
    def window(self) -> slice:
        return slice(self.first, self.last + 1)

    def since(self, day: date) -> slice:
        """The window, starting no earlier than ``day``."""
        return slice(max(self.first, day_index(day)), self.last + 1)

    def weekday(self) -> Ints:
        return (ANCHOR.weekday() + np.arange(self.size)) % 7

    def knots(self, points: Sequence[tuple[date, float]]) -> Floats:
        days = [day_index(day) for day, _ in points]
        return np.interp(np.arange(self.size), days, [value for _, value in points])

    def season(self) -> Floats:
        """1 in mid-January, -1 in mid-July."""
        day_of_year = pd.DatetimeIndex(self.iso).day_of_year.to_numpy()
        return np.cos(2 * np.pi * (day_of_year - 15) / 365.25)


def build_calendar(end: date, days: int) -> Calendar:
    last = day_index(end)
    size = last + 1 + LOOKAHEAD
    dates = np.datetime64(ANCHOR.isoformat(), "D") + np.arange(size)
    iso = np.datetime_as_string(dates, unit="D").astype(object)
    return Calendar(size=size, first=max(0, last - days + 1), last=last, iso=iso)
