"""What a chart shows, in facts a sentence can carry: the newest value and its day, the trend, and when
the series last crossed its signal value. Pure: arrays in, facts out (the words are the layouts')."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

UP, DOWN, SAME = "up", "down", "same"
# A change of the recent mean smaller than this share of the earlier mean counts as no change.
STABLE_SHARE = 0.05


@dataclass(frozen=True)
class SeriesFacts:
    latest: float
    latest_day: date
    trend: str | None  # UP, DOWN, SAME; None when there are too few values to compare
    # The signal value, whether the newest value is above it, and the day the series last moved to
    # that side (None: on that side throughout the period shown).
    signal: float | None = None
    above: bool | None = None
    crossed_on: date | None = None


def trend_of(values: np.ndarray, window: int, stable_share: float = STABLE_SHARE) -> str | None:
    """The mean of the last ``window`` known values against the mean of the ``window`` before them."""
    known = values[~np.isnan(values)]
    if window < 1 or len(known) < 2 * window:
        return None
    recent, earlier = float(known[-window:].mean()), float(known[-2 * window : -window].mean())
    if abs(recent - earlier) <= stable_share * abs(earlier):
        return SAME
    return UP if recent > earlier else DOWN


def last_crossing(days: Sequence[date], values: np.ndarray, signal: float) -> tuple[bool, date | None]:
    """Whether the newest known value is above ``signal``, and the first day of that spell (None when
    the whole series is on that side). "Above" is strictly higher, as the tiles say it."""
    positions = np.flatnonzero(~np.isnan(values))
    above = values[positions] > signal
    now = bool(above[-1])
    changes = np.flatnonzero(above != now)
    if len(changes) == 0:
        return now, None
    return now, days[int(positions[changes[-1] + 1])]


def series_facts(
    days: Sequence[date], values: np.ndarray, *, window: int, signal: float | None = None
) -> SeriesFacts | None:
    """The facts of a series (``days`` and ``values`` of equal length; NaN is a missing value)."""
    values = np.asarray(values, dtype=float)
    if len(values) != len(days):
        raise ValueError("days and values differ in length")
    positions = np.flatnonzero(~np.isnan(values))
    if len(positions) == 0:
        return None
    newest = int(positions[-1])
    facts = SeriesFacts(float(values[newest]), days[newest], trend_of(values, window))
    if signal is None:
        return facts
    above, crossed_on = last_crossing(days, values, signal)
    return SeriesFacts(facts.latest, facts.latest_day, facts.trend, signal, above, crossed_on)
