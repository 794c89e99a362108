"""The crossing rules: pure functions over plain numbers, no snapshot, no pandas.

The thresholds are those of the original service (``shared/seeds``): the signal value of 7
positive tests per 100,000 inhabitants a day, and the guidance for the risk levels of a safety
region (more than 50, 150 or 250 positive tests per 100,000 in a week; more than 5 % or 10 % of
the GGD's tests positive). "Above" means strictly more than the threshold, as the guidance says
("meer dan 50"): a value exactly at a threshold has not crossed it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from dashapp.data.indicators.risk import THRESHOLDS
from dashapp.metrics.registry import METRICS

_SIGNAL = METRICS["positive_tests_per_100k"].signal
assert _SIGNAL is not None  # the registry gives positive tests their signal value
# Positive tests per 100,000 inhabitants per day (the registry's signal value: 7).
SIGNAL_VALUE = float(_SIGNAL.value)
# Positive tests per 100,000 inhabitants per week, and the share of GGD tests positive (%), above
# which a region moves "in principle" into band 2, 3 and 4 (``dashapp.data.indicators.risk``).
WEEKLY_THRESHOLDS = tuple(incidence for _level, incidence, _share in THRESHOLDS)
SHARE_THRESHOLDS = tuple(share for _level, _incidence, share in THRESHOLDS if share is not None)
# Three rises in a row: this week above the last, the last above the one before, and so on.
RISING_WEEKS = 3

UP = "up"
DOWN = "down"


def _known(*values: float | None) -> bool:
    return all(value is not None and not math.isnan(value) for value in values)


def threshold_crossing(before: float | None, after: float | None, threshold: float) -> str | None:
    """``UP`` when the value went from at or below ``threshold`` to above it, ``DOWN`` when it went
    from above to at or below it; ``None`` when it stayed on one side or a value is missing."""
    if not _known(before, after):
        return None
    assert before is not None and after is not None  # checked by _known
    if before <= threshold < after:
        return UP
    if after <= threshold < before:
        return DOWN
    return None


def band_move(before: float | None, after: float | None) -> str | None:
    """``UP`` into a higher band, ``DOWN`` into a lower one, else ``None`` (also when one is missing)."""
    if not _known(before, after):
        return None
    assert before is not None and after is not None
    if after > before:
        return UP
    if after < before:
        return DOWN
    return None


def weeks_rising(weekly: Sequence[float | None]) -> int:
    """How many weeks in a row, up to the last one, each week was higher than the week before it.

    ``[4, 5, 7, 9]`` has risen three weeks running; a missing week or a week that did not rise ends
    the run (``[5, 5, 6]``: one week).
    """
    count = 0
    for position in range(len(weekly) - 1, 0, -1):
        later, earlier = weekly[position], weekly[position - 1]
        if not _known(later, earlier):
            break
        assert later is not None and earlier is not None
        if later <= earlier:
            break
        count += 1
    return count


def largest_rises(
    changes: Iterable[tuple[str, float | None, float | None]], count: int
) -> list[tuple[str, float, float]]:
    """The ``count`` largest rises among ``(code, before, after)``, largest first (ties by code);
    only areas whose value rose, and had a value both times, count."""
    risen = [
        (code, float(before), float(after))
        for code, before, after in changes
        if before is not None and after is not None and _known(before, after) and after > before
    ]
    risen.sort(key=lambda item: (-(item[2] - item[1]), item[0]))
    return risen[:count]
