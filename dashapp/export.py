"""Export the indicators of areas in long form, from the same Snapshot the screen shows."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO, cast

import pandas as pd

from dashapp.data.snapshot import Snapshot
from dashapp.metrics.model import PERCENT
from dashapp.metrics.registry import METRICS

COLUMNS = ("area_code", "date", "indicator", "value")


class UnknownAreaError(ValueError):
    pass


def resolve_codes(snapshot: Snapshot, level: str, codes: Sequence[str] | None) -> list[str]:
    known = snapshot.area_codes(level)
    if not codes:
        return list(known)
    wanted = [code.strip().upper() for code in codes if code.strip()]
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise UnknownAreaError(f"unknown {level} code(s): {', '.join(unknown)}")
    return wanted


def rows(snapshot: Snapshot, level: str, codes: Iterable[str]) -> Iterator[tuple[str, str, str, float]]:
    """(area_code, date, indicator, value) for every non-missing value; weeks are dated by their Monday."""
    indicators = sorted(snapshot.indicators(level))
    for code in codes:
        per_date: dict[str, list[tuple[str, float]]] = {}
        for indicator in indicators:
            for day, value in snapshot.series(level, code, indicator).items():
                # the index is a DatetimeIndex: its keys are Timestamps
                per_date.setdefault(cast(pd.Timestamp, day).date().isoformat(), []).append(
                    (indicator, float(value))
                )
        for day in sorted(per_date):
            for indicator, value in per_date[day]:
                yield code, day, indicator, value


def format_value(indicator: str, value: float, decimals: int | None = None) -> str | int | float:
    """A value as the export and the charts' CSV downloads print it: whole numbers without decimals,
    others at their precision, and a percentage unrounded, as the snapshot keeps it (it is rounded
    only where it is shown: a tile, a chart, a table on the page).
    """
    metric = METRICS[indicator]
    if metric.unit == PERCENT:
        return value
    decimals = metric.decimals if decimals is None else decimals
    if decimals == 0 or math.isclose(value, round(value)):
        return round(value)
    return round(value, decimals)


def write_csv(records: Iterable[tuple[str, str, str, float]], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for code, day, indicator, value in records:
        writer.writerow((code, day, indicator, format_value(indicator, value)))
        count += 1
    return count


def write_json(records: Iterable[tuple[str, str, str, float]], out: TextIO) -> int:
    items = [
        {"area_code": code, "date": day, "indicator": indicator, "value": format_value(indicator, value)}
        for code, day, indicator, value in records
    ]
    json.dump(items, out, ensure_ascii=False)
    out.write("\n")
    return len(items)
