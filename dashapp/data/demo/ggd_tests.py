"""RIVM ``COVID-19_uitgevoerde_testen.csv`` (Version 2): GGD tests and positives per safety region per day,
plus an "Onbekend" row per day, from 2020-06-01 (when the GGDs started testing everyone)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.streams import Floats, Stream
from dashapp.data.demo.text import LF, stamp, write_table
from dashapp.data.sources import rivm_ggd_tests

GGD_START = date(2020, 6, 1)


def _next_day(values: Floats) -> Floats:
    return np.vstack([values[1:], values[-1:]])


def write_ggd_tests(directory: Path, epidemic: Epidemic) -> Path:
    """Tests by test day: positives are the next day's reports that came from GGD lanes."""
    areas, calendar = epidemic.areas, epidemic.calendar
    places = areas.municipality_count
    next_reports = _next_day(areas.region_sum(epidemic.new_reports[:, :places].astype(float)))
    expected = _next_day(areas.region_sum(epidemic.infections[:, :places]) * epidemic.report_weekday[:, None])
    positives = epidemic.rng(Stream.GGD_POSITIVE).binomial(next_reports.astype(np.int64), 0.93)
    level = epidemic.region_incidence
    share = 0.01 + 0.25 * level / (level + 50)
    tested = epidemic.rng(Stream.GGD_TESTED).poisson(0.93 * expected / share + 2)
    unknown = epidemic.rng(Stream.GGD_UNKNOWN).poisson(
        np.column_stack([0.004 * tested.sum(axis=1), 0.004 * positives.sum(axis=1)])
    )
    tested = np.column_stack([tested, unknown[:, 0]])
    positives = np.column_stack([positives, np.minimum(unknown[:, 1], unknown[:, 0])])
    tested = np.maximum(tested, positives)
    window = calendar.since(GGD_START)
    days = window.stop - window.start
    regions = tested.shape[1]
    codes, names = areas.regions_and_unknown()
    columns = [
        np.full(days * regions, 2, dtype=np.int64),
        stamp(f"{calendar.end.isoformat()} 09:00:00", days * regions),
        np.tile(calendar.iso[window], regions),
        np.repeat(codes, days),
        np.repeat(names, days),
        tested[window].T.ravel(),
        positives[window].T.ravel(),
    ]
    path = directory / rivm_ggd_tests.CSV_FILE_NAME
    return write_table(path, rivm_ggd_tests.PUBLISHED_COLUMNS, columns, ";", LF)
