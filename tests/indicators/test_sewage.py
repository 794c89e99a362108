"""Sewage weekly averages and plant counts, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.data.indicators import sewage


def measurements(rows):
    frame = pd.DataFrame(
        rows, columns=["date", "plant_code", "region_code", "region_share", "value", "representative"]
    )
    return frame.assign(date=pd.to_datetime(frame["date"]), plant_name="", unit="rna_flow_per_100k")


ROWS = [
    # Plant 1 lies 70 % in VR02 and 30 % in VR01: the 2020 file repeats its measurement per region.
    ("2020-09-07", "1", "VR01", 0.3, 100.0, True),
    ("2020-09-07", "1", "VR02", 0.7, 100.0, True),
    # Plant 2 is measured twice in the week: both measurements count.
    ("2020-09-08", "2", "VR01", 1.0, 20.0, True),
    ("2020-09-10", "2", "VR01", 1.0, 40.0, True),
    # Not representative: left out.
    ("2020-09-09", "3", "VR01", 1.0, 5000.0, False),
    # Plant 3 again in the week after next (none in between).
    ("2020-09-21", "3", "VR01", 1.0, 60.0, True),
]


def test_each_plant_belongs_to_the_region_holding_most_of_its_catchment():
    homes = sewage.home_regions(measurements(ROWS))
    assert homes.to_dict() == {"1": "VR02", "2": "VR01", "3": "VR01"}


def test_regional_weekly_average_counts_each_measurement_once():
    frame = measurements(ROWS)
    average, plants = sewage.weekly_averages(frame, sewage.home_regions(frame).to_dict())
    week = pd.Timestamp("2020-09-07")
    assert average.loc[week, "VR01"] == pytest.approx(30.0)
    assert plants.loc[week, "VR01"] == 1
    assert average.loc[week, "VR02"] == pytest.approx(100.0)
    assert plants.loc[week, "VR02"] == 1


def test_national_weekly_average_and_plants_measured():
    average, plants = sewage.national_weekly(measurements(ROWS))
    assert list(average.index.strftime("%Y-%m-%d")) == ["2020-09-07", "2020-09-14", "2020-09-21"]
    # (100 + 20 + 40) / 3 measurements, not (100 + 30) / 2 plants = 65; the week of 14 Sep has none.
    assert average["NL"].iloc[0] == pytest.approx(160 / 3)
    assert plants["NL"].iloc[0] == 2
    assert np.isnan(average["NL"].iloc[1]) and np.isnan(plants["NL"].iloc[1])
    assert average["NL"].iloc[2] == pytest.approx(60.0)


def test_plants_without_an_area_are_left_out_of_area_averages():
    average, plants = sewage.weekly_averages(measurements(ROWS), {"2": "GM0001"})
    assert plants["GM0001"].iloc[0] == 1
    assert list(average.columns) == ["GM0001"]
    assert average["GM0001"].iloc[0] == pytest.approx(30.0)


def test_a_week_still_under_way_is_not_averaged():
    average, _plants = sewage.national_weekly(measurements(ROWS))
    # Measurements run to Monday 21 September: that week ends on the 27th, after the data.
    kept = sewage.complete_weeks(average, pd.Timestamp("2020-09-21"))
    assert list(kept.index.strftime("%Y-%m-%d")) == ["2020-09-07", "2020-09-14"]
    assert list(sewage.complete_weeks(average, pd.Timestamp("2020-09-27")).index)[-1] == pd.Timestamp(
        "2020-09-21"
    )


ISSUE_EXAMPLE = [
    # One week, one region: plant A measures 100 and 500, plant B 100.
    ("2020-09-07", "A", "VR13", 1.0, 100.0, True),
    ("2020-09-09", "A", "VR13", 1.0, 500.0, True),
    ("2020-09-08", "B", "VR13", 1.0, 100.0, True),
]


def test_weekly_average_is_the_sum_of_the_measurements_over_their_number():
    """The original's rule: 700 / 3 = 233.33, where a mean of the plants' means would give 200."""
    frame = measurements(ISSUE_EXAMPLE)
    week = pd.Timestamp("2020-09-07")
    average, plants = sewage.weekly_averages(frame, {"A": "VR13", "B": "VR13"})
    assert round(average.loc[week, "VR13"], 2) == 233.33
    assert plants.loc[week, "VR13"] == 2
    municipal, _ = sewage.weekly_averages(frame, {"A": "GM0363", "B": "GM0363"})
    assert round(municipal.loc[week, "GM0363"], 2) == 233.33
    national, national_plants = sewage.national_weekly(frame)
    assert round(national.loc[week, "NL"], 2) == 233.33
    assert national_plants.loc[week, "NL"] == 2


def test_a_measurement_repeated_per_region_counts_once_in_the_average():
    rows = [
        *ISSUE_EXAMPLE,
        # Plant A's second measurement repeated for the 20 % of its catchment in VR14.
        ("2020-09-09", "A", "VR14", 0.2, 500.0, True),
    ]
    average, _ = sewage.weekly_averages(measurements(rows), {"A": "VR13", "B": "VR13"})
    assert round(average.loc[pd.Timestamp("2020-09-07"), "VR13"], 2) == 233.33
