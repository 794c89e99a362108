"""The numbers of a comparison of areas, from the snapshot: one series per area and one table row.

The figure, the table, the CSV and the JSON are all made from one ``Comparison``, so they hold the
same numbers, and those are the snapshot's (``python -m dashapp export`` prints the same). Selection
works on the snapshot's arrays, as the chart cards do: a comparison of ten areas over the whole
period is a few array slices.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashapp.charts import ranges
from dashapp.data.indicators.change import change_between
from dashapp.data.reference import Reference
from dashapp.data.snapshot import LatestValue, Snapshot
from dashapp.export import COLUMNS, format_value
from dashapp.insights.selection import Selection, level_of
from dashapp.metrics.model import WEEKLY, Metric
from dashapp.metrics.registry import AVERAGE_SUFFIX, METRICS

SUM_7D = "positive_tests_7d_per_100k"
RISK_BAND = "risk_level_indicative"
Record = tuple[str, str, str, float]


@dataclass(frozen=True)
class AreaSeries:
    """One area's values of the metric inside the time range (days, or weeks by their Monday)."""

    code: str
    level: str
    index: pd.DatetimeIndex
    values: np.ndarray

    @property
    def empty(self) -> bool:
        return len(self.index) == 0


@dataclass(frozen=True)
class AreaRow:
    """The table's row of one area."""

    code: str
    level: str
    latest: LatestValue | None
    # The newest value minus the one a week before it, at the metric's precision.
    change: float | None
    sum_7d: LatestValue | None
    band: LatestValue | None  # regions only


@dataclass(frozen=True)
class Comparison:
    selection: Selection
    metric: Metric
    series: tuple[AreaSeries, ...]
    rows: tuple[AreaRow, ...]

    @property
    def weekly(self) -> bool:
        return self.metric.frequency == WEEKLY

    @property
    def first_day(self) -> date | None:
        days = [item.index[0].date() for item in self.series if not item.empty]
        return min(days) if days else None

    @property
    def last_day(self) -> date | None:
        days = [item.index[-1].date() for item in self.series if not item.empty]
        return max(days) if days else None


def _known_span(values: np.ndarray) -> tuple[int, int] | None:
    known = ~np.isnan(values)
    if not known.any():
        return None
    return int(known.argmax()), len(known) - int(known[::-1].argmax())


def _series(snapshot: Snapshot, level: str, code: str, metric: str) -> tuple[pd.DatetimeIndex, np.ndarray]:
    table = snapshot.table(level, metric)
    values = None if table is None else table.column_array(code)
    if table is None or values is None:
        return pd.DatetimeIndex([]), np.empty(0)
    span = _known_span(values)
    if span is None:
        return pd.DatetimeIndex([]), np.empty(0)
    index = pd.DatetimeIndex(table.values.index)
    return index[span[0] : span[1]], values[span[0] : span[1]]


def _row(snapshot: Snapshot, level: str, code: str, metric: Metric) -> AreaRow:
    latest = snapshot.latest(level, code, metric.id)
    change = None
    if latest is not None:
        found = change_between(
            latest.value, latest.week_earlier, latest.value_of - timedelta(days=7), metric.decimals
        )
        change = None if found is None else found.difference
    return AreaRow(
        code,
        level,
        latest,
        change,
        snapshot.latest(level, code, SUM_7D),
        snapshot.latest(level, code, RISK_BAND) if level == "vr" else None,
    )


def compare(snapshot: Snapshot, selection: Selection) -> Comparison:
    """The comparison ``selection`` asks for (a valid one: see ``selection.parse_selection``)."""
    reference = snapshot.reference
    metric = METRICS[selection.metric]
    found = []
    for code in selection.areas:
        level = level_of(code, reference)
        if level is None:
            continue
        found.append((code, level, *_series(snapshot, level, code, metric.id)))
    # One range for every area, counted back from the newest day any of them has.
    ends = [index[-1] for _code, _level, index, _values in found if len(index)]
    start = ranges.first_day(selection.range_name, max(ends)) if ends else None
    series = []
    for code, level, index, values in found:
        first = 0 if start is None else int(index.searchsorted(start))
        series.append(AreaSeries(code, level, index[first:], values[first:]))
    rows = tuple(_row(snapshot, level, code, metric) for code, level, _index, _values in found)
    return Comparison(selection, metric, tuple(series), rows)


def signal_value(comparison: Comparison) -> float | None:
    """The signal value of the metric (of its daily figure, for its 7-day average) where it holds at
    every level compared."""
    base = METRICS.get(comparison.metric.id.removesuffix(AVERAGE_SUFFIX), comparison.metric)
    levels = {item.level for item in comparison.series}
    signals = [base.signal_at(level) for level in levels]
    if not signals or any(signal is None for signal in signals):
        return None
    first = signals[0]
    return None if first is None else float(first.value)


def iso_days(index: pd.DatetimeIndex) -> list[str]:
    """ "2020-10-14" for every day of ``index``, in one pass."""
    return np.datetime_as_string(index.to_numpy(dtype="datetime64[D]"), unit="D").tolist()


def records(comparison: Comparison) -> list[Record]:
    """Every number the page shows, as ``(area_code, date, indicator, value)`` rows of the export:
    the series in the range, and the table's 7-day sum and risk band where they are not among them."""
    result: list[Record] = []
    seen: set[tuple[str, str, str]] = set()

    def add(code: str, day: date, indicator: str, value: float) -> None:
        key = (code, day.isoformat(), indicator)
        if key not in seen and not np.isnan(value):
            seen.add(key)
            result.append((code, key[1], indicator, float(value)))

    metric = comparison.metric.id
    for item, row in zip(comparison.series, comparison.rows, strict=True):
        for text, value in zip(iso_days(item.index), item.values.tolist(), strict=True):
            if value == value:  # not NaN
                seen.add((item.code, text, metric))
                result.append((item.code, text, metric, value))
        if row.latest is not None and not np.isnan(row.latest.week_earlier):
            add(item.code, row.latest.value_of - timedelta(days=7), metric, row.latest.week_earlier)
        for extra, indicator in ((row.sum_7d, SUM_7D), (row.band, RISK_BAND)):
            if extra is not None:
                add(item.code, extra.value_of, indicator, extra.value)
    return result


def csv_text(comparison: Comparison) -> str:
    """The comparison's numbers in the export's columns and format."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for code, day, indicator, value in records(comparison):
        writer.writerow((code, day, indicator, format_value(indicator, value)))
    return out.getvalue()


def _dated(latest: LatestValue | None, indicator: str) -> dict[str, object] | None:
    if latest is None:
        return None
    return {"date": latest.value_of.isoformat(), "value": format_value(indicator, latest.value)}


def as_json(comparison: Comparison, reference: Reference) -> str:
    """The comparison as JSON: the selection, and per area its table row and its series."""
    metric = comparison.metric.id
    areas = []
    for item, row in zip(comparison.series, comparison.rows, strict=True):
        week_earlier = None
        if row.latest is not None and not np.isnan(row.latest.week_earlier):
            week_earlier = {
                "date": (row.latest.value_of - timedelta(days=7)).isoformat(),
                "value": format_value(metric, row.latest.week_earlier),
            }
        areas.append(
            {
                "area_code": item.code,
                "area_name": reference.name(item.code),
                "level": item.level,
                "latest": _dated(row.latest, metric),
                "week_earlier": week_earlier,
                "week_on_week_change": None if row.change is None else format_value(metric, row.change),
                SUM_7D: _dated(row.sum_7d, SUM_7D),
                RISK_BAND: _dated(row.band, RISK_BAND),
                "series": [
                    [day, format_value(metric, value)]
                    for day, value in zip(iso_days(item.index), item.values.tolist(), strict=True)
                    if value == value  # not NaN
                ],
            }
        )
    document = {
        "indicator": metric,
        "frequency": comparison.metric.frequency,
        "range": comparison.selection.range_name,
        "areas": areas,
    }
    return json.dumps(document, ensure_ascii=False)
