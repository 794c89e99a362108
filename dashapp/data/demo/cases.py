"""RIVM ``COVID-19_casus_landelijk.csv``: one row per case reported in the last 28 days of the window.

Their ``Date_statistics`` is up to two weeks earlier; their number equals the national new reports of
those days. Outcomes after ``end`` are not known yet.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.demo.areas import GGD_NAMES, PROVINCES, Areas
from dashapp.data.demo.calendar import Calendar
from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.parameters import DEATH_SEVERITY, SEVERITY
from dashapp.data.demo.streams import Ints, Stream, Texts
from dashapp.data.demo.text import CRLF, stamp, write_table
from dashapp.data.sources import rivm_cases

CASE_DAYS = 28
AGE_SHARES = (0.05, 0.135, 0.2, 0.14, 0.14, 0.15, 0.09, 0.05, 0.03, 0.013)
AGE_HOSPITAL = (0.002, 0.001, 0.002, 0.004, 0.008, 0.015, 0.04, 0.09, 0.14, 0.12)
AGE_DEATH = (0.0, 0.0, 0.0, 0.0001, 0.0003, 0.001, 0.005, 0.025, 0.08, 0.16)


@dataclass(frozen=True)
class CaseDraws:
    """Codes per case: region, date of statistics, type, age, sex, hospital, deceased, death day.

    Type, age, sex, hospital and deceased are positions in the reader's lists of the values the file
    may hold (``rivm_cases.DATE_TYPES``, ``AGE_GROUPS``, ``SEXES``, ``YES_NO``)."""

    region: Ints
    statistics_day: Ints
    date_type: Ints
    age: Ints
    sex: Ints
    hospital: Ints  # 0 Yes, 1 No, 2 Unknown
    deceased: Ints
    death_day: Ints


def _regional_reports(epidemic: Epidemic, day: int) -> Ints:
    """New reports on ``day`` per region; a province's unknown-municipality reports go to its first region."""
    areas = epidemic.areas
    reports = epidemic.new_reports[day]
    per_region = np.bincount(
        areas.region_index, weights=reports[: areas.municipality_count], minlength=len(areas.region_codes)
    )
    for province in range(len(PROVINCES)):
        first_region = areas.region_index[areas.province_index == province].min()
        per_region[first_region] += reports[areas.municipality_count + province]
    return per_region.astype(np.int64)


def _draw_cases(epidemic: Epidemic, day: int) -> CaseDraws:
    """The cases reported on ``day``, from a generator of that day alone (so independent of ``end``)."""
    calendar = epidemic.calendar
    region = np.repeat(np.arange(len(epidemic.areas.region_codes)), _regional_reports(epidemic, day))
    u = epidemic.rng(Stream.CASES, day).random((len(region), 9))
    date_type = np.searchsorted([0.55, 0.9], u[:, 0], side="right")  # DOO, DPL, DON
    onset_lag = 2 + np.minimum(np.floor(-np.log1p(-u[:, 1]) * 2.5), 12)
    lag = np.select([date_type == 0, date_type == 1], [onset_lag, np.floor(u[:, 1] * 2)], 0).astype(np.int64)
    age = np.searchsorted(np.cumsum(AGE_SHARES) / sum(AGE_SHARES), u[:, 2], side="right")
    bands = len(rivm_cases.AGE_BANDS)
    age = np.minimum(age, bands - 1)
    hospital_chance = np.take(AGE_HOSPITAL, age) * calendar.knots(SEVERITY)[day]
    death_chance = np.take(AGE_DEATH, age) * calendar.knots(DEATH_SEVERITY)[day]
    # Outcomes after ``end`` are not known yet: admission pending (Unknown), death not (yet) reported.
    admitted = u[:, 4] < hospital_chance
    admitted_by_end = day + np.floor(u[:, 5] * 10) <= calendar.last
    hospital = np.where(admitted, np.where(admitted_by_end, 0, 2), np.where(u[:, 4] > 0.97, 2, 1))
    death_day = day + 4 + np.floor(u[:, 7] * 21).astype(np.int64)
    died = (u[:, 6] < death_chance) & (death_day <= calendar.last)
    deceased = np.where(died, 0, np.where(u[:, 6] > 0.995, 2, 1))
    special_age = np.select([u[:, 8] < 0.0005, u[:, 8] > 0.999], [bands, bands + 1], -1)  # "<50", "Unknown"
    return CaseDraws(
        region=region,
        statistics_day=np.maximum(day - lag, 0),
        date_type=date_type,
        age=np.where(special_age >= 0, special_age, age),
        sex=np.searchsorted([0.485, 0.995], u[:, 3], side="right"),
        hospital=hospital,
        deceased=deceased,
        death_day=np.where(died, death_day, -1),
    )


def _iso_weeks(calendar: Calendar) -> Texts:
    weeks = pd.DatetimeIndex(calendar.iso).isocalendar()
    return (weeks["year"].astype(str) + weeks["week"].astype(str).str.zfill(2)).to_numpy(dtype=object)


def write_cases(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    first = max(calendar.first, calendar.last - CASE_DAYS + 1)
    parts = [_draw_cases(epidemic, day) for day in range(first, calendar.last + 1)]
    cases = CaseDraws(
        *(np.concatenate([getattr(p, f.name) for p in parts]) for f in dataclasses.fields(CaseDraws))
    )
    order = np.argsort(cases.statistics_day, kind="stable")
    province_of_region = _region_provinces(epidemic.areas)
    weeks = np.append(_iso_weeks(calendar), "")  # index -1 -> no death
    yes_no = _texts(rivm_cases.YES_NO)
    columns = [
        stamp(f"{calendar.end.isoformat()} 10:00:00", len(order)),
        calendar.iso[cases.statistics_day[order]],
        _texts(rivm_cases.DATE_TYPES)[cases.date_type[order]],
        _texts(rivm_cases.AGE_GROUPS)[cases.age[order]],
        _texts(rivm_cases.SEXES)[cases.sex[order]],
        province_of_region[cases.region[order]],
        yes_no[cases.hospital[order]],
        yes_no[cases.deceased[order]],
        weeks[cases.death_day[order]],
        _texts(GGD_NAMES)[cases.region[order]],
    ]
    return write_table(directory / rivm_cases.FILE_NAME, rivm_cases.COLUMNS, columns, ";", CRLF)


def _texts(values: tuple[str, ...]) -> Texts:
    return np.array(values, dtype=object)


def _region_provinces(areas: Areas) -> Texts:
    provinces = np.empty(len(areas.region_codes), dtype=object)
    provinces[areas.region_index] = areas.provinces
    return provinces
