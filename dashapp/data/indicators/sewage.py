"""Sewage: weekly averages of virus particles per area, and how many plants were measured.

Rules (methodology seed, "Rioolwatermeting"; original backend):

- only representative measurements count;
- weeks run Monday to Sunday and are dated by their Monday; a measurement belongs to the week
  of the day its sampling started;
- each plant is counted once, in one area: the 2020 file repeats a measurement once per safety
  region of the plant's catchment, and the plant belongs to the region holding the largest
  share of it;
- the weekly average of an area is the sum of all representative measurements of the week at
  the area's plants divided by their number, as the original backend computed it: a plant
  measured twice in one week weighs twice (plant A 100 and 500, plant B 100: 700 / 3 = 233.33,
  not the mean of the plants' means, 200);
- the number of plants is the number of plants with at least one such measurement in the week.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
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


def _week_of(used: pd.DataFrame) -> pd.DatetimeIndex:
    return week_start(pd.DatetimeIndex(used["date"]))


def _full_weeks(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    if len(index) == 0:
        return pd.DatetimeIndex([], name="week")
    return pd.date_range(index.min(), index.max(), freq="7D", name="week")


def weekly_averages(
    measurements: pd.DataFrame, plant_area: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(average, plants measured) per area per week; plants without an area are left out.

    The average is the mean of every representative measurement of the week at the area's plants
    (each measurement counts once, however many regions its plant's catchment spans). Weeks in
    which none of an area's plants was measured are NaN in both frames.
    """
    return averages_of_representative(representative_measurements(measurements), plant_area)


def averages_of_representative(
    used: pd.DataFrame, plant_area: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``weekly_averages`` of measurements already reduced to ``representative_measurements``.

    Counted with integer codes (week x area cells) rather than a group-by on the codes' text, so
    that the three levels of a build share one pass over the rows' strings."""
    plant_of_row, plants = pd.factorize(used["plant_code"])
    area_of_plant = pd.Index(plants).map(lambda plant: plant_area.get(plant))
    area_codes = sorted({area for area in area_of_plant if isinstance(area, str)})
    area_position = pd.Index(area_codes).get_indexer(area_of_plant)
    area_of_row = area_position[plant_of_row] if len(plant_of_row) else np.array([], dtype=np.int64)
    kept = area_of_row >= 0
    weeks = _week_of(used)[kept]
    full = _full_weeks(pd.DatetimeIndex(weeks.unique()).sort_values())
    shape = (len(full), len(area_codes))
    if not len(full):
        empty = pd.DataFrame(np.empty((0, 0)), index=full, columns=pd.Index([], dtype=object))
        return empty, empty.copy()
    week_of_row = np.asarray((weeks - full[0]).days // 7, dtype=np.int64)
    cells = week_of_row * shape[1] + area_of_row[kept]
    values = used["value"].to_numpy(dtype=float)[kept]
    measured = ~np.isnan(values)
    size = shape[0] * shape[1]
    sums = np.bincount(cells[measured], weights=values[measured], minlength=size)
    counts = np.bincount(cells[measured], minlength=size)
    # Plants measured: the distinct (cell, plant) pairs per cell, with or without a value.
    pairs = np.unique(cells * len(plants) + plant_of_row[kept])
    plant_counts = np.bincount(pairs // len(plants), minlength=size).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        average = np.where(counts > 0, sums / counts, np.nan)
    columns = pd.Index(area_codes, dtype=object)
    measured_plants = np.where(plant_counts > 0, plant_counts, np.nan)
    return (
        pd.DataFrame(average.reshape(shape), index=full, columns=columns),
        pd.DataFrame(measured_plants.reshape(shape), index=full, columns=columns),
    )


def complete_weeks(weekly: pd.DataFrame, last_day: pd.Timestamp) -> pd.DataFrame:
    """The weeks whose Sunday is on or before ``last_day``: a week still under way is not averaged yet."""
    mondays = cast(pd.DatetimeIndex, weekly.index)
    return weekly.loc[mondays + pd.Timedelta(days=6) <= last_day]


def national_weekly(measurements: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(average, plants measured) per week over every plant of the country, in a column ``NL``."""
    return national_of_representative(representative_measurements(measurements))


def national_of_representative(used: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return averages_of_representative(used, dict.fromkeys(used["plant_code"].unique(), NATIONAL_CODE))
