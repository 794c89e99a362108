"""What the open-data API answers, as plain records taken from one Snapshot. No Flask here.

Areas, the catalogue of indicators, one area's series and the latest value of every area of a level.
Values are exactly the snapshot's, written as the export writes them (``dashapp.export.format_value``),
so that an API answer, a chart's download and ``python -m dashapp export`` give the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import cast

import numpy as np
import pandas as pd

from dashapp.api.memo import once_per_snapshot
from dashapp.charts import ranges
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import IndicatorTable, Snapshot
from dashapp.export import format_value
from dashapp.i18n import LANGUAGES, use_language
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label, source_label, source_url, unit_note
from dashapp.metrics.model import LEVELS, PERCENT
from dashapp.metrics.registry import METRICS

# A value's unit as the API names it: counts and rates are "number", shares "percent"; a table with a
# unit of its own (sewage: RNA flow per 100,000 inhabitants, in units of 10^11) names that one.
NUMBER_UNIT = "number"
MAX_INDICATORS = 20


class ApiError(Exception):
    """A request the API cannot answer: ``status`` (400, 404 or 503) and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Window:
    """The dates asked for: a named range of the charts (counted back from the newest value) and/or
    explicit first and last days."""

    range_name: str
    start: date | None = None
    end: date | None = None


def both_languages(text_of: Callable[[], str]) -> dict[str, str]:
    """``text_of()`` evaluated in each language."""
    names = {}
    for language in LANGUAGES:
        with use_language(language):
            names[language] = str(text_of())
    return names


def shown(text: str) -> str:
    """A client's text quoted in a message, cut short."""
    return repr(text[:40])


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise ApiError(404, f"unknown level {shown(level)}: use one of {', '.join(LEVELS)}")
    return level


def check_area(snapshot: Snapshot, level: str, code: str) -> str:
    check_level(level)
    wanted = code.upper()
    if wanted not in snapshot.area_codes(level):
        raise ApiError(404, f"unknown area {shown(code)} at level {level}")
    return wanted


def check_indicator(snapshot: Snapshot, level: str, indicator: str) -> IndicatorTable:
    if indicator not in METRICS:
        raise ApiError(404, f"unknown indicator {shown(indicator)}; /api/v1/indicators lists them")
    table = snapshot.table(level, indicator)
    if table is None:
        raise ApiError(404, f"indicator {shown(indicator)} has no data at level {level}")
    return table


def parse_window(range_name: str | None, start: str | None, end: str | None) -> Window:
    """The window of a request; a range name the charts do not know, or a malformed or reversed date,
    is a 400. Without anything: the whole period."""
    if range_name is not None and range_name not in ranges.RANGES:
        raise ApiError(400, f"unknown range {shown(range_name)}: use one of {', '.join(ranges.RANGES)}")
    first, last = _day(start, "from"), _day(end, "to")
    if first is not None and last is not None and first > last:
        raise ApiError(400, f"'from' ({first}) is after 'to' ({last})")
    return Window(range_name or ranges.ALL, first, last)


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(400, f"{name!r} must be a date as YYYY-MM-DD, not {shown(text)}") from None


def unit_of(table: IndicatorTable) -> str:
    if METRICS[table.indicator].unit == PERCENT:
        return PERCENT
    return table.unit or NUMBER_UNIT


def area_name(snapshot: Snapshot, code: str) -> dict[str, str]:
    if code == NATIONAL_CODE:
        return both_languages(partial(_, "The Netherlands"))
    name = snapshot.reference.name(code)
    return {language: name for language in LANGUAGES}


def parent_of(snapshot: Snapshot, level: str, code: str) -> str | None:
    if level == "gm":
        return snapshot.reference.region_of(code)
    if level == "vr":
        return NATIONAL_CODE
    return None


def areas(snapshot: Snapshot, levels: Sequence[str]) -> list[dict[str, object]]:
    return once_per_snapshot(snapshot, ("areas", tuple(levels)), lambda: _areas(snapshot, levels))


def _areas(snapshot: Snapshot, levels: Sequence[str]) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for level in levels:
        inhabitants = snapshot.reference.inhabitants(level)
        for code in snapshot.area_codes(level):
            records.append(
                {
                    "code": code,
                    "level": level,
                    "name": area_name(snapshot, code),
                    "parent": parent_of(snapshot, level, code),
                    "inhabitants": inhabitants[code],
                }
            )
    return records


def indicators(snapshot: Snapshot) -> list[dict[str, object]]:
    """Every indicator with data in the snapshot: names, units, levels, cadence, sources, methodology."""
    return once_per_snapshot(snapshot, "indicators", lambda: _indicators(snapshot))


def _indicators(snapshot: Snapshot) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for metric in METRICS.values():
        tables = [table for level in LEVELS if (table := snapshot.table(level, metric.id)) is not None]
        if not tables:
            continue
        kinds = sorted({table.source for table in tables})
        unit = unit_of(tables[0])
        records.append(
            {
                "id": metric.id,
                "name": both_languages(partial(indicator_label, metric.id)),
                "unit": unit,
                "unit_note": both_languages(partial(unit_note, unit)) if _has_note(unit) else None,
                "decimals": metric.decimals,
                "levels": [table.level for table in tables],
                "cadence": metric.frequency,
                "sources": [
                    {
                        "id": kind,
                        "name": both_languages(partial(source_label, kind)),
                        "url": source_url(kind),
                        "obtained_on": _iso(max(t.obtained_on for t in tables if t.source == kind)),
                    }
                    for kind in kinds
                ],
                "methodology": {
                    language: f"/{language}/methodology#{metric.methodology}" for language in LANGUAGES
                },
            }
        )
    return records


def _has_note(unit: str) -> bool:
    with use_language("en"):
        return bool(unit_note(unit))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True)
class Series:
    """One indicator of one area over a window: dates (weeks by their Monday, as YYYY-MM-DD) and
    values as the export writes them, no gaps."""

    indicator: str
    table: IndicatorTable
    dates: list[str]
    values: list[int | float]


def exported_values(indicator: str, values: np.ndarray) -> list[int | float]:
    """``dashapp.export.format_value`` of each value, for a whole array at once: a percentage as kept,
    a whole number as an int, others rounded to the metric's decimals."""
    metric = METRICS[indicator]
    if metric.unit == PERCENT:
        return [float(value) for value in values.tolist()]
    whole = np.round(values)
    if metric.decimals == 0:
        return [int(value) for value in whole.tolist()]
    is_whole = np.isclose(values, whole, rtol=1e-09, atol=0.0).tolist()
    rounded = np.round(values, metric.decimals).tolist()
    return [int(w) if flag else r for w, r, flag in zip(whole.tolist(), rounded, is_whole, strict=True)]


def _as_number(value: str | int | float) -> int | float:
    return value if isinstance(value, int | float) else float(value)


def iso_dates(snapshot: Snapshot, table: IndicatorTable) -> np.ndarray:
    """The table's dates as YYYY-MM-DD texts, made once per snapshot."""
    return once_per_snapshot(
        snapshot,
        ("dates", table.level, table.indicator),
        # a snapshot's tables are indexed by day
        lambda: np.asarray(cast(pd.DatetimeIndex, table.values.index).strftime("%Y-%m-%d"), dtype=object),
    )


def series(snapshot: Snapshot, level: str, code: str, wanted: Sequence[str], window: Window) -> list[Series]:
    """The indicators ``wanted`` of one area. A named range ends on the newest date of any of them
    (as a chart's range ends on its newest value), so that several series share one window."""
    if not wanted:
        raise ApiError(400, "name at least one indicator: ?indicator=positive_tests")
    if len(wanted) > MAX_INDICATORS:
        raise ApiError(400, f"at most {MAX_INDICATORS} indicators per request")
    found: list[tuple[str, IndicatorTable, np.ndarray, np.ndarray]] = []
    for indicator in dict.fromkeys(wanted):
        table = check_indicator(snapshot, level, indicator)
        column = table.column_array(code)
        values = np.empty(0) if column is None else column
        known = ~np.isnan(values)
        found.append((indicator, table, values, known))
    newest = max(
        (table.values.index[np.flatnonzero(known)[-1]] for _i, table, _v, known in found if known.any()),
        default=None,
    )
    first = _first_day(window, newest)
    last = pd.Timestamp(window.end) if window.end is not None else None
    answer = []
    for indicator, table, values, known in found:
        index = table.values.index
        keep = known.copy()
        if first is not None:
            keep &= index >= first
        if last is not None:
            keep &= index <= last
        rows = np.flatnonzero(keep)
        dates = iso_dates(snapshot, table)[rows].tolist()
        answer.append(Series(indicator, table, dates, exported_values(indicator, values[rows])))
    return answer


def _first_day(window: Window, newest: pd.Timestamp | None) -> pd.Timestamp | None:
    starts = []
    if window.start is not None:
        starts.append(pd.Timestamp(window.start))
    if newest is not None:
        end = min(newest, pd.Timestamp(window.end)) if window.end is not None else newest
        start = ranges.first_day(window.range_name, end)
        if start is not None:
            starts.append(start)
    return max(starts) if starts else None


def series_records(found: list[Series]) -> Iterator[dict[str, object]]:
    for one in found:
        table = one.table
        yield {
            "indicator": one.indicator,
            "unit": unit_of(table),
            "cadence": table.frequency,
            "source": table.source,
            "obtained_on": table.obtained_on.isoformat(),
            "values": [
                {"date": day, "value": value} for day, value in zip(one.dates, one.values, strict=True)
            ],
        }


@dataclass(frozen=True)
class Latest:
    code: str
    name: Mapping[str, str]
    value: int | float
    value_of: str
    obtained_on: str
    source: str


def latest(snapshot: Snapshot, level: str, indicator: str) -> tuple[IndicatorTable, list[Latest]]:
    """The newest value of ``indicator`` for every area of ``level`` that has one (what a map shows)."""
    check_level(level)
    table = check_indicator(snapshot, level, indicator)
    return table, once_per_snapshot(
        snapshot, ("latest", level, indicator), lambda: _latest(snapshot, level, indicator)
    )


def _latest(snapshot: Snapshot, level: str, indicator: str) -> list[Latest]:
    decimals = METRICS[indicator].decimals
    found = []
    for code in snapshot.area_codes(level):
        newest = snapshot.latest(level, code, indicator)
        if newest is not None:
            value = _as_number(format_value(indicator, newest.value, decimals))
            found.append(
                Latest(
                    code,
                    area_name(snapshot, code),
                    value,
                    newest.value_of.isoformat(),
                    newest.obtained_on.isoformat(),
                    newest.source,
                )
            )
    return found
