"""The crossing rules on hand-worked numbers: just above, exactly at, just below a threshold, a fall back."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashapp.data.indicators.risk import indicative_band
from dashapp.insights import rules
from dashapp.insights.rules import DOWN, UP, band_move, largest_rises, threshold_crossing, weeks_rising


def test_the_thresholds_are_those_of_the_seeds():
    assert rules.SIGNAL_VALUE == 7
    assert rules.WEEKLY_THRESHOLDS == (50, 150, 250)
    assert rules.SHARE_THRESHOLDS == (5, 10)


@pytest.mark.parametrize(
    "before, after, expected",
    [
        (6.9, 7.1, UP),  # just above
        (6.9, 7.0, None),  # exactly at: not above
        (7.0, 7.1, UP),  # from exactly at to just above
        (6.5, 6.9, None),  # just below, stays below
        (7.5, 7.0, DOWN),  # back to exactly at
        (7.5, 6.9, DOWN),  # back below
        (7.2, 7.1, None),  # still above
        (12.0, 9.0, None),
        (math.nan, 8.0, None),  # a missing value crosses nothing
        (8.0, None, None),
    ],
)
def test_signal_value_crossings(before, after, expected):
    assert threshold_crossing(before, after, rules.SIGNAL_VALUE) == expected


def bands(incidence: list[float], share: list[float] | None = None) -> list[float]:
    weeks = pd.date_range("2020-10-05", periods=len(incidence), freq="7D")
    frame = pd.DataFrame({"VR13": incidence}, index=weeks)
    percent = None if share is None else pd.DataFrame({"VR13": share}, index=weeks)
    return indicative_band(frame, percent)["VR13"].tolist()


@pytest.mark.parametrize(
    "incidence, share, expected",
    [
        ([49.9, 50.1], None, UP),  # just above 50: band 1 -> 2
        ([49.9, 50.0], None, None),  # exactly 50 stays in band 1
        ([50.1, 50.0], None, DOWN),  # back to exactly 50: band 2 -> 1
        ([149.0, 151.0], None, UP),  # 2 -> 3
        ([251.0, 249.9], None, DOWN),  # 4 -> 3
        ([40.0, 40.0], [4.9, 5.1], UP),  # the GGD share alone: just above 5 %
        ([40.0, 40.0], [4.9, 5.0], None),  # exactly 5 %
        ([60.0, 60.0], [9.0, 10.5], UP),  # 2 -> 3 on the share above 10 %
        ([60.0, 60.0], [10.5, 10.0], DOWN),  # back to exactly 10 %
    ],
)
def test_band_moves_on_hand_worked_weeks(incidence, share, expected):
    before, after = bands(incidence, share)
    assert band_move(before, after) == expected


def test_band_move_between_numbers():
    assert band_move(1, 3) == UP
    assert band_move(4, 2) == DOWN
    assert band_move(2, 2) is None
    assert band_move(math.nan, 2) is None


@pytest.mark.parametrize(
    "weekly, expected",
    [
        ([4, 5, 7, 9], 3),  # the third week running
        ([1, 2, 3, 4, 5], 4),
        ([5, 5, 6, 7], 2),  # equal is not a rise
        ([9, 7, 8, 9], 2),
        ([4, 5, 7, 6], 0),  # the last week fell
        ([4, math.nan, 7, 9], 1),  # a missing week ends the run: only 7 -> 9 counts
        ([3], 0),
        ([], 0),
    ],
)
def test_weeks_rising(weekly, expected):
    assert weeks_rising(weekly) == expected


def test_largest_rises_keep_only_rises_largest_first():
    changes = [
        ("GM0001", 10.0, 30.0),  # +20
        ("GM0002", 5.0, 40.0),  # +35
        ("GM0003", 50.0, 20.0),  # fell
        ("GM0004", 1.0, 21.0),  # +20, ties with GM0001: by code
        ("GM0005", None, 90.0),  # no value before
        ("GM0006", 2.0, 2.0),  # unchanged
    ]
    assert largest_rises(changes, 2) == [("GM0002", 5.0, 40.0), ("GM0001", 10.0, 30.0)]
    assert [code for code, *_ in largest_rises(changes, 10)] == ["GM0002", "GM0001", "GM0004"]
