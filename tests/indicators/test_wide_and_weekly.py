"""Tidy rows into wide frames, areas into the areas that hold them, days into weeks."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashapp.data.indicators import wide


def tidy(rows):
    return pd.DataFrame(rows, columns=["date", "code", "value"]).assign(date=lambda f: pd.to_datetime(f.date))


def test_pivot_fills_every_day_and_leaves_unreported_cells_missing():
    rows = tidy([("2020-10-01", "A", 1), ("2020-10-03", "A", 3), ("2020-10-03", "B", 5)])
    frame = wide.pivot_daily(rows, code_column="code", value_column="value")
    assert list(frame.index.strftime("%d")) == ["01", "02", "03"]
    assert list(frame.columns) == ["A", "B"]
    assert frame.loc["2020-10-02"].isna().all()
    assert np.isnan(frame.loc["2020-10-01", "B"])
    assert frame.loc["2020-10-03", "B"] == 5


def test_pivot_with_fixed_codes_and_window():
    rows = tidy([("2020-10-01", "A", 1), ("2020-10-02", "Z", 9), ("2020-10-05", "A", 4)])
    frame = wide.pivot_daily(
        rows,
        code_column="code",
        value_column="value",
        codes=["A", "B"],
        start=pd.Timestamp("2020-09-30"),
        end=pd.Timestamp("2020-10-03"),
    )
    assert list(frame.columns) == ["A", "B"]
    assert len(frame) == 4
    assert frame["B"].isna().all()
    assert frame["A"].tolist()[1] == 1 and np.isnan(frame["A"].iloc[3])


def test_pivot_sums_several_rows_of_the_same_day_and_code():
    rows = tidy([("2020-10-01", "A", 1), ("2020-10-01", "A", 2), ("2020-10-01", "B", np.nan)])
    frame = wide.pivot_daily(rows, code_column="code", value_column="value")
    assert frame.loc["2020-10-01", "A"] == 3
    assert np.isnan(frame.loc["2020-10-01", "B"])


def test_municipalities_sum_into_their_regions():
    frame = pd.DataFrame(
        {"GM1": [1.0, np.nan, np.nan], "GM2": [2.0, 5.0, np.nan], "GM3": [4.0, 1.0, 1.0], "GMX": [9.0] * 3},
        index=pd.date_range("2020-10-01", periods=3),
    )
    regions = wide.aggregate_columns(frame, {"GM1": "VR01", "GM2": "VR01", "GM3": "VR02"})
    assert list(regions.columns) == ["VR01", "VR02"]
    assert regions["VR01"].tolist()[:2] == [3.0, 5.0]
    assert np.isnan(regions["VR01"].iloc[2])
    assert regions["VR02"].tolist() == [4.0, 1.0, 1.0]


def test_weeks_run_monday_to_sunday_and_only_complete_weeks_count():
    # Wednesday 30 Sep .. Monday 12 Oct 2020: one complete week (5-11 Oct) in the middle.
    index = pd.date_range("2020-09-30", "2020-10-12", freq="D")
    frame = pd.DataFrame({"A": np.arange(len(index), dtype=float)}, index=index)
    weekly = wide.weekly_sum(frame)
    assert list(weekly.index.strftime("%Y-%m-%d")) == ["2020-09-28", "2020-10-05", "2020-10-12"]
    assert np.isnan(weekly["A"].iloc[0]) and np.isnan(weekly["A"].iloc[2])
    assert weekly["A"].iloc[1] == sum(range(5, 12))
    partial = wide.weekly_sum(frame, complete_only=False)
    assert partial["A"].iloc[0] == sum(range(0, 5))


def test_week_start_is_the_monday():
    dates = pd.DatetimeIndex(["2020-11-08", "2020-11-09", "2020-11-15"])
    assert list(wide.week_start(dates).strftime("%Y-%m-%d")) == ["2020-11-02", "2020-11-09", "2020-11-09"]


def test_add_frames_treats_a_missing_cell_as_absent():
    days = pd.date_range("2020-11-10", periods=3, freq="D", name="date")
    regions = pd.DataFrame({"VR01": [10.0, np.nan, np.nan], "VR13": [103.0, 124.0, np.nan]}, index=days)
    unplaced = pd.DataFrame({"VR13": [5.0, 7.0, 2.0]}, index=days)
    summed = wide.add_frames(regions, unplaced)
    assert summed["VR13"].tolist() == [108.0, 131.0, 2.0]
    assert summed["VR01"].iloc[0] == 10.0 and summed["VR01"].iloc[1:].isna().all()
    assert list(summed.columns) == ["VR01", "VR13"]
