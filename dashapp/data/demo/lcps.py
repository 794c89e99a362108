"""LCPS ``covid-19.csv``: beds occupied (admissions times length of stay) and new admissions, newest day
first; dates not zero-padded before June 2020, columns empty before they were collected, and two days a
year of ``NA`` (like 19-20 June 2021)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.demo.calendar import ANCHOR, Calendar, day_index
from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.nice import Intake
from dashapp.data.demo.streams import Floats, Ints, Stream, Texts
from dashapp.data.demo.text import LF, write_table
from dashapp.data.sources import lcps_beds

COLLECTED_FROM = {  # columns empty before LCPS collected them
    "ic_non_covid": date(2020, 4, 18),
    "ic_new": date(2020, 10, 17),
    "clinic_new": date(2020, 10, 17),
}
PADDED_FROM = date(2020, 6, 1)  # dates zero-padded from then on


def _occupied(admissions: Floats, stay: float) -> Floats:
    """Beds occupied: admissions still in hospital after an exponential length of stay."""
    days = admissions.shape[0]
    survival = np.exp(-np.arange(min(days, 120)) / stay)
    return np.convolve(admissions, survival)[:days]


def _lcps_dates(calendar: Calendar) -> Texts:
    stamps = pd.DatetimeIndex(calendar.iso)
    padded = stamps.strftime("%d-%m-%Y")
    plain = stamps.day.astype(str) + "-" + stamps.month.astype(str) + "-" + stamps.year.astype(str)
    early = np.arange(calendar.size) < day_index(PADDED_FROM)
    return np.where(early, plain, padded).astype(object)


def _lcps_missing_days(epidemic: Epidemic) -> Ints:
    """Two consecutive days a year (from 2021) without any figure (``NA``), like June 2021."""
    last_year = (ANCHOR + timedelta(days=epidemic.calendar.size)).year
    days: list[int] = []
    for year in range(2021, last_year + 1):
        start = day_index(date(year, 5, 1)) + int(epidemic.rng(Stream.LCPS_NA, year).integers(0, 120))
        days.extend((start, start + 1))
    return np.array(days, dtype=np.int64)


def write_lcps(directory: Path, epidemic: Epidemic, intake: Intake) -> Path:
    calendar = epidemic.calendar
    icu_beds = np.rint(_occupied(intake.icu_proven + 0.5 * intake.icu_suspected, 14.0)).astype(np.int64)
    ward_beds = np.rint(_occupied(intake.ward_proven + 0.5 * intake.ward_suspected, 7.0)).astype(np.int64)
    weekend = np.isin(calendar.weekday(), (5, 6))
    non_covid = (
        720
        - 0.5 * icu_beds
        + 30 * calendar.season()
        - 25 * weekend
        + epidemic.rng(Stream.LCPS_NON_COVID).normal(0, 12, calendar.size)
    )
    figures = {  # by the reader's names of the columns
        "ic_covid": icu_beds,
        "ic_non_covid": np.rint(np.clip(non_covid, 350, 900)).astype(np.int64),
        "clinic_covid": ward_beds,
        "ic_new": epidemic.rng(Stream.LCPS_ICU).poisson(intake.icu_expected),
        "clinic_new": epidemic.rng(Stream.LCPS_WARD).poisson(intake.ward_expected),
    }
    names = list(lcps_beds.VALUES)
    cells = np.column_stack([figures[name].astype(str).astype(object) for name in names])
    day = np.arange(calendar.size)
    for name, since in COLLECTED_FROM.items():
        cells[day < day_index(since), names.index(name)] = ""
    missing = _lcps_missing_days(epidemic)
    cells[missing[missing < calendar.size]] = "NA"
    newest_first = np.arange(calendar.last, calendar.first - 1, -1)
    out = [_lcps_dates(calendar)[newest_first], *(cells[newest_first, j] for j in range(len(names)))]
    return write_table(directory / lcps_beds.FILE_NAME, lcps_beds.COLUMNS, out, ",", LF)
