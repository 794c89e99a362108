"""Sewage: weekly averages of virus particles per area, and how many plants were measured.

Rules (methodology seed, "Rioolwatermeting"; original backend):

- only representative measurements count;
- weeks run Monday to Sunday and are dated by their Monday; a measurement belongs to the week
  of the day its sampling started;
- each plant is counted once, in one area: the 2020 file repeats a measurement once per safety
  region of the plant's catchment, and the plant belongs to the region holding the largest
  share of it;
- the weekly average of an area is the sum of its plants' weekly values divided by the number
  of plants measured that week. A plant measured twice in one week first gets the mean of its
  two measurements, so that it does not weigh double.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashapp.data.indicators.wide import week_start

NATIONAL_CODE = "NL"


def representative_measurements(measurements: pd.DataFrame) -> pd.DataFrame:
    """One row per (date, plant) among the representative measurements (per-region repeats removed)."""
    kept = measurements[measurements["representative"]]
    return kept.drop_duplicates(subset=["date", "plant_code"], keep="first")


def home_regions(measurements: pd.DataFrame) -> pd.Series:
    """Plant code -> the safety region holding the largest share of its catchment.

    Only rows that name a region count (the 2021 layout names none). Ties go to the lower code.
    """
    named = measurements[measurements["region_code"] != ""]
    if named.empty:
        return pd.Series(dtype=object, name="region_code")
    shares = named.groupby(["plant_code", "region_code"])["region_share"].max().reset_index()
    shares = shares.sort_values(["plant_code", "region_share", "region_code"], ascending=[True, False, True])
    return shares.drop_duplicates("plant_code").set_index("plant_code")["region_code"]


def plant_weekly(measurements: pd.DataFrame) -> pd.DataFrame:
    """Weekly mean per plant: rows are weeks (their Monday), columns plant codes."""
    used = representative_measurements(measurements)
    if used.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="week"))
    weeks = week_start(pd.DatetimeIndex(used["date"]))
    weekly = used.groupby([weeks, used["plant_code"].to_numpy()])["value"].mean().unstack()
    weekly.index.name = "week"
    return weekly.sort_index()


def _full_weeks(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    if len(index) == 0:
        return pd.DatetimeIndex([], name="week")
    return pd.date_range(index.min(), index.max(), freq="7D", name="week")


def weekly_averages(
    measurements: pd.DataFrame, plant_area: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(average, plants measured) per area per week; plants without an area are left out.

    Weeks in which none of an area's plants was measured are NaN in both frames.
    """
    per_plant = plant_weekly(measurements)
    mapped = [plant for plant in per_plant.columns if plant in plant_area]
    per_plant = per_plant[mapped]
    areas = [plant_area[plant] for plant in mapped]
    transposed = per_plant.T
    average = transposed.groupby(areas).mean().T
    plants = transposed.notna().groupby(areas).sum().T.astype(float)
    plants = plants.where(plants > 0)
    weeks = _full_weeks(pd.DatetimeIndex(per_plant.index))
    average = average.reindex(weeks)
    plants = plants.reindex(weeks)
    average.index.name = plants.index.name = "week"
    return average, plants


def complete_weeks(weekly: pd.DataFrame, last_day: pd.Timestamp) -> pd.DataFrame:
    """The weeks whose Sunday is on or before ``last_day``: a week still under way is not averaged yet."""
    return weekly.loc[weekly.index + pd.Timedelta(days=6) <= last_day]


def national_weekly(measurements: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(average, plants measured) per week over every plant of the country, in a column ``NL``."""
    per_plant = plant_weekly(measurements)
    return weekly_averages(measurements, {plant: NATIONAL_CODE for plant in per_plant.columns})
