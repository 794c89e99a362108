"""Daily values from cumulative counts, per-100,000 rates and 7-day sums, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.data.indicators import daily, rates
from dashapp.data.indicators.rounding import round_half_away_from_zero


def days(n: int, start: str = "2020-09-01") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="D", name="date")


def test_net_daily_values_are_differences_of_the_cumulative_counts():
    cumulative = pd.DataFrame({"GM1": [10, 12, 11, 15], "GM2": [0, 3, 3, 8]}, index=days(4))
    net = daily.net_from_cumulative(cumulative)
    assert np.isnan(net.iloc[0]).all()
    assert net["GM1"].tolist()[1:] == [2, -1, 4]
    assert net["GM2"].tolist()[1:] == [3, 0, 5]


def test_displayed_values_show_a_negative_correction_as_zero_but_keep_missing_days():
    net = pd.DataFrame({"GM1": [np.nan, 2.0, -1.0, 4.0]}, index=days(4))
    shown = daily.displayed(net)
    assert np.isnan(shown["GM1"].iloc[0])
    assert shown["GM1"].tolist()[1:] == [2, 0, 4]


def test_sums_over_areas_use_net_values_so_regions_add_up_to_the_country():
    # Seed 000: a correction moved 3 cases from GM1 to GM2 on day 2.
    net = pd.DataFrame({"GM1": [5.0, -3.0], "GM2": [1.0, 3.0]}, index=days(2))
    country_net = net.sum(axis=1)
    assert country_net.tolist() == [6, 0]
    # Displayed per area: 5, 0 and 1, 3; summing those would overstate day 2 as 3.
    assert daily.displayed(net).sum(axis=1).tolist() == [6, 3]


def test_per_100k_divides_by_each_areas_inhabitants():
    values = pd.DataFrame({"A": [7.0, 14.0], "B": [50.0, 0.0]}, index=days(2))
    inhabitants = pd.Series({"A": 100_000, "B": 250_000})
    result = rates.per_100k(values, inhabitants)
    assert result["A"].tolist() == [7.0, 14.0]
    assert result["B"].tolist() == [20.0, 0.0]


def test_per_100k_of_an_area_without_inhabitants_is_missing():
    values = pd.DataFrame({"A": [7.0], "X": [3.0], "Z": [1.0]}, index=days(1))
    result = rates.per_100k(values, pd.Series({"A": 100_000, "Z": 0}))
    assert np.isnan(result["X"].iloc[0]) and np.isnan(result["Z"].iloc[0])


def test_seven_day_sum_per_100k_includes_negative_corrections_and_needs_seven_days():
    net = pd.DataFrame({"A": [1, 2, 3, 4, 5, 6, -7, 8]}, index=days(8), dtype=float)
    result = rates.sum_7d_per_100k(net, pd.Series({"A": 50_000}))
    assert result["A"].iloc[:6].isna().all()
    # 1+2+3+4+5+6-7 = 14 per 50,000 = 28 per 100,000; next window 2+...+8-7 = 21 -> 42.
    assert result["A"].iloc[6] == pytest.approx(28.0)
    assert result["A"].iloc[7] == pytest.approx(42.0)


def test_national_per_100k_for_15_september_2020():
    # 1,379 new reports nationally (cumulative 83,399 -> 84,778), 17,408,573 inhabitants.
    values = pd.DataFrame({"NL": [1379.0]}, index=days(1, "2020-09-15"))
    result = rates.per_100k(values, pd.Series({"NL": 17_408_573}))
    assert round_half_away_from_zero(result, 1)["NL"].iloc[0] == 7.9


@pytest.mark.parametrize(
    "value, decimals, expected",
    [
        (0.25, 1, 0.3),  # numpy and Python would give 0.2
        (1.15, 1, 1.2),  # 1.15 * 10 is 11.499999999999998 in binary
        (2.675, 2, 2.68),
        (-0.25, 1, -0.3),
        (-0.04, 1, 0.0),
        (12.5, 0, 13.0),
        (np.nan, 1, np.nan),
    ],
)
def test_rounding_takes_halves_away_from_zero(value, decimals, expected):
    rounded = round_half_away_from_zero(pd.DataFrame({"A": [value]}), decimals)["A"].iloc[0]
    if np.isnan(expected):
        assert np.isnan(rounded)
    else:
        assert rounded == expected
        assert str(rounded) != "-0.0"
