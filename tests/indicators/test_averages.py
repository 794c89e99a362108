"""The two 3-day windows of the methodology, and the 7-day mean, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.data.indicators import averages
from dashapp.data.indicators.rounding import round_half_away_from_zero

DAYS = pd.date_range("2020-10-01", periods=6, freq="D", name="date")
ADMISSIONS = pd.DataFrame({"NL": [3.0, 6.0, 9.0, 1.0, 2.0, 100.0]}, index=DAYS)


def test_nice_average_is_the_mean_of_the_three_days_before_today_excluded():
    result = averages.three_day_mean_excluding_today(ADMISSIONS)["NL"]
    assert result.iloc[:3].isna().all()
    # 4 Oct: (3 + 6 + 9) / 3; 5 Oct: (6 + 9 + 1) / 3; 6 Oct: (9 + 1 + 2) / 3, today's 100 unused.
    assert result.iloc[3] == pytest.approx(6.0)
    assert result.iloc[4] == pytest.approx(16 / 3)
    assert result.iloc[5] == pytest.approx(4.0)


def test_rivm_average_is_the_mean_of_the_last_three_days_including_today():
    result = averages.three_day_mean_including_today(ADMISSIONS)["NL"]
    assert result.iloc[:2].isna().all()
    assert result.iloc[2] == pytest.approx(6.0)
    assert result.iloc[5] == pytest.approx(103 / 3)


def test_three_day_averages_are_shown_with_one_decimal():
    shown = round_half_away_from_zero(averages.three_day_mean_excluding_today(ADMISSIONS), 1)["NL"]
    assert shown.iloc[4] == 5.3


def test_a_window_with_a_missing_day_has_no_average():
    with_gap = ADMISSIONS.copy()
    with_gap.iloc[1, 0] = np.nan
    result = averages.three_day_mean_including_today(with_gap)["NL"]
    assert result.iloc[2:4].isna().all()
    assert result.iloc[4] == pytest.approx(4.0)


def test_seven_day_mean_of_the_days_up_to_and_including_each_day():
    values = np.array([7.0, 7, 7, 7, 7, 7, 14, 0, np.nan, 1, 2, 3, 4, 5, 6, 7])
    result = averages.trailing_mean(values, 7)
    assert np.isnan(result[:6]).all()
    # (6 x 7 + 14) / 7 = 8; then (5 x 7 + 14 + 0) / 7 = 7.
    assert result[6] == pytest.approx(8.0) and result[7] == pytest.approx(7.0)
    # The same rule as pandas' rolling mean over seven days with none missing.
    expected = pd.Series(values).rolling(7, min_periods=7).mean().to_numpy()
    np.testing.assert_allclose(result, expected, equal_nan=True)
    assert np.isnan(result[8:15]).all() and result[15] == pytest.approx(4.0)
    assert np.isnan(averages.trailing_mean(values[:3], 7)).all()


def test_seven_day_mean_of_a_frame_worked_by_hand():
    days = pd.date_range("2020-10-01", periods=9, freq="D", name="date")
    deaths = pd.DataFrame({"GM0363": [1, 2, 0, 3, 1, 0, 4, 0, np.nan]}, index=days, dtype=float)
    result = averages.seven_day_mean(deaths)["GM0363"]
    assert result.iloc[:6].isna().all()
    assert result.iloc[6] == pytest.approx(11 / 7)  # 1 + 2 + 0 + 3 + 1 + 0 + 4
    assert result.iloc[7] == pytest.approx(10 / 7)  # 2 + 0 + 3 + 1 + 0 + 4 + 0
    assert np.isnan(result.iloc[8])  # a window with a missing day has no mean
    # The same numbers as the per-area array version the charts used.
    expected = averages.trailing_mean(deaths["GM0363"].to_numpy(), 7)
    np.testing.assert_allclose(result.to_numpy(), expected, equal_nan=True)
