"""The facts of a chart's text description: newest value, trend and the last crossing of the signal
value, worked by hand; and the sentence a screen reader hears for a real chart."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from dashapp.charts.data import chart_data
from dashapp.charts.description import DOWN, SAME, UP, last_crossing, series_facts, trend_of
from dashapp.charts.specs import CHARTS
from dashapp.layouts.chart_card import chart_summary
from tests.ui.layout_tools import page_context

NAN = float("nan")
DAYS = [date(2020, 10, 1) + timedelta(days=i) for i in range(8)]


def test_trend_compares_the_mean_of_the_last_window_with_the_one_before():
    # earlier mean (10 + 12) / 2 = 11, recent (14 + 16) / 2 = 15: up
    assert trend_of(np.array([10.0, 12.0, 14.0, 16.0]), 2) == UP
    assert trend_of(np.array([16.0, 14.0, 12.0, 10.0]), 2) == DOWN
    # 11 against 11.5: within 5 % of 11, no change
    assert trend_of(np.array([10.0, 12.0, 11.0, 12.0]), 2) == SAME
    # missing values are skipped; too few known values give no trend
    assert trend_of(np.array([10.0, NAN, 12.0, 14.0, NAN, 16.0]), 2) == UP
    assert trend_of(np.array([10.0, 12.0, 14.0]), 2) is None


def test_the_last_crossing_is_the_first_day_of_the_current_spell():
    values = np.array([5.0, 12.0, 8.0, 9.0, 11.0, NAN, 13.0, 15.0])
    # signal 10: above on 2 Oct, below 3-4 Oct, above again from 5 Oct (6 Oct missing)
    assert last_crossing(DAYS, values, 10.0) == (True, date(2020, 10, 5))
    assert last_crossing(DAYS, values, 20.0) == (False, None)
    # equal to the signal value is not above it
    assert last_crossing(DAYS[:3], np.array([11.0, 10.0, 10.0]), 10.0) == (False, date(2020, 10, 2))


def test_series_facts_bring_it_together():
    values = np.array([5.0, 12.0, 8.0, 9.0, 11.0, NAN, 13.0, NAN])
    facts = series_facts(DAYS, values, window=2, signal=10.0)
    assert facts is not None
    assert (facts.latest, facts.latest_day) == (13.0, date(2020, 10, 7))
    assert facts.trend == UP  # (11 + 13) / 2 = 12 against (8 + 9) / 2 = 8.5
    assert (facts.above, facts.crossed_on) == (True, date(2020, 10, 5))
    assert series_facts(DAYS, np.full(8, NAN), window=2) is None
    with pytest.raises(ValueError):
        series_facts(DAYS, values[:3], window=2)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_chart_summary_names_latest_value_trend_and_signal(demo_snapshot, language):
    spec = CHARTS["nl"]["positive_tests_per_100k"]
    data = chart_data(demo_snapshot, spec, "nl", "NL", "3m")
    values = data.columns[spec.main]
    facts = series_facts([day.date() for day in data.index], values, window=7, signal=7.0)
    with page_context(language):
        text = chart_summary(data, "Positive tests")
    assert facts is not None
    day = facts.latest_day
    if language == "en":
        assert f"{day.day} " in text and str(day.year) in text
        assert any(word in text for word in ("rising", "falling", "about the same"))
        assert "signal value of 7" in text
    else:
        assert any(word in text for word in ("stijgend", "dalend", "ongeveer gelijk"))
        assert "signaalwaarde van 7" in text
