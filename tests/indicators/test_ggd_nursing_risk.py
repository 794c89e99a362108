"""GGD share positive, nursing-home locations and the indicative risk band, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.data.indicators import ggd, nursing_homes, risk

WEEK = pd.date_range("2020-11-02", periods=7, freq="D")  # Monday .. Sunday


def test_weekly_share_positive_is_of_the_weeks_totals():
    tested = pd.DataFrame({"VR01": [100.0, 100, 100, 100, 100, 100, 400]}, index=WEEK)
    positive = pd.DataFrame({"VR01": [10.0, 10, 10, 10, 10, 10, 0]}, index=WEEK)
    weekly_tested, weekly_positive, percent = ggd.weekly_share_positive(tested, positive)
    assert weekly_tested["VR01"].tolist() == [1000]
    assert weekly_positive["VR01"].tolist() == [60]
    # 60 of 1,000 = 6 %; the mean of the daily shares would be 8.6 %.
    assert percent["VR01"].iloc[0] == pytest.approx(6.0)
    assert str(percent.index[0].date()) == "2020-11-02"


def test_no_tests_means_no_share():
    zero = pd.DataFrame({"VR01": [0.0] * 7}, index=WEEK)
    _, _, percent = ggd.weekly_share_positive(zero, zero)
    assert np.isnan(percent["VR01"].iloc[0])


def test_infected_nursing_home_locations_as_share_of_all_locations():
    infected = pd.DataFrame({"VR01": [8.0, 20.0], "VR02": [0.0, 3.0]}, index=WEEK[:2])
    share = nursing_homes.infected_locations_share(infected, pd.Series({"VR01": 80, "VR02": 0}))
    assert share["VR01"].tolist() == [10.0, 25.0]
    assert share["VR02"].isna().all()


@pytest.mark.parametrize(
    "per_100k, percent, band",
    [
        (10.0, 1.0, 1),
        (50.0, 5.0, 1),  # "more than": exactly on a threshold stays below it
        (50.1, 1.0, 2),
        (10.0, 5.1, 2),
        (150.1, 1.0, 3),
        (60.0, 10.5, 3),
        (250.1, 1.0, 4),
        (100.0, 30.0, 3),  # the percentage alone never reaches level 4
        (260.0, np.nan, 4),
        (20.0, np.nan, 1),
        (np.nan, 20.0, np.nan),
    ],
)
def test_indicative_band_from_the_guidance_thresholds(per_100k, percent, band):
    week = pd.DatetimeIndex(["2020-11-02"])
    result = risk.indicative_band(
        pd.DataFrame({"VR01": [per_100k]}, index=week), pd.DataFrame({"VR01": [percent]}, index=week)
    )["VR01"].iloc[0]
    if np.isnan(band):
        assert np.isnan(result)
    else:
        assert result == band


def test_indicative_band_without_test_data_uses_incidence_only():
    weeks = pd.DatetimeIndex(["2020-10-26", "2020-11-02"])
    result = risk.indicative_band(pd.DataFrame({"VR13": [49.0, 420.0]}, index=weeks))
    assert result["VR13"].tolist() == [1, 4]


def test_week_on_week_change_against_the_same_day_a_week_earlier():
    from datetime import date

    from dashapp.data.indicators.change import DOWN, SAME, UP, change_between

    earlier = date(2020, 11, 8)
    # 8.4 against 7.7: 0.7 up, rounded to one decimal although 8.4 - 7.7 is 0.7000000000000002.
    change = change_between(8.4, 7.7, earlier, 1)
    assert change.previous == 7.7 and change.previous_date == earlier
    assert change.difference == 0.7 and change.direction == UP
    assert change_between(4.0, 10.0, earlier, 0).direction == DOWN
    assert change_between(3.0, 3.0, earlier, 0).direction == SAME
    assert change_between(7.1, 7.14, earlier, 1).direction == SAME  # both shown as 7,1
    assert change_between(3.0, np.nan, earlier, 0) is None
