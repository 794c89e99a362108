"""The numbers of one chart, for one area and time range, taken from the Snapshot.

The figure, the table alternative and the CSV download of a chart are all made from one
``ChartData``, so the three always hold the same numbers. Selection works on the snapshot's
arrays (microseconds), not on DataFrames, because a chart callback does this on every click.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

import numpy as np
import pandas as pd

from dashapp.charts import ranges
from dashapp.charts.specs import INCOMPLETE_DAYS, ChartSpec
from dashapp.data.catalog import INDICATORS
from dashapp.data.snapshot import IndicatorTable, Snapshot

AVERAGE_SUFFIX = "_7d_avg"


@dataclass(frozen=True)
class ChartData:
    spec: ChartSpec
    level: str
    code: str
    range_name: str
    # Days, or weeks by their Monday; one array per column (indicator ids and the 7-day average).
    index: pd.DatetimeIndex
    columns: dict[str, np.ndarray]
    decimals: dict[str, int]
    source: str | None
    obtained_on: date | None
    incomplete_from: date | None
    unit: str | None = None

    @property
    def empty(self) -> bool:
        return len(self.index) == 0

    @property
    def last_day(self) -> date | None:
        return None if self.empty else self.index[-1].date()

    @property
    def first_day(self) -> date | None:
        return None if self.empty else self.index[0].date()

    @property
    def average_column(self) -> str | None:
        return self.spec.bars + AVERAGE_SUFFIX if self.spec.average_of_bars and self.spec.bars else None

    @property
    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.columns, index=self.index)


def _incomplete_from(source: str | None, obtained_on: date | None, last: date | None) -> date | None:
    days = INCOMPLETE_DAYS.get(source or "")
    if not days or obtained_on is None or last is None:
        return None
    start = obtained_on - timedelta(days=days - 1)
    return start if last >= start else None


def _empty(
    spec: ChartSpec, level: str, code: str, range_name: str, table: IndicatorTable | None
) -> ChartData:
    return ChartData(
        spec,
        level,
        code,
        range_name,
        pd.DatetimeIndex([]),
        {},
        {},
        table.source if table else None,
        table.obtained_on if table else None,
        None,
        table.unit if table else None,
    )


def chart_data(snapshot: Snapshot, spec: ChartSpec, level: str, code: str, range_name: str) -> ChartData:
    main = snapshot.table(level, spec.main)
    found = [(indicator, snapshot.table(level, indicator)) for indicator in spec.indicators]
    tables = [
        (indicator, table) for indicator, table in found if table is not None and code in table.positions
    ]
    if not tables:
        return _empty(spec, level, code, range_name, main)
    # The chart's indicators come from one source, so they share a calendar; if not, use the union.
    index = cast(pd.DatetimeIndex, tables[0][1].values.index)  # a snapshot's tables are indexed by day
    if any(not table.values.index.equals(index) for _indicator, table in tables[1:]):
        # (pandas 3 has no DatetimeIndex.union_many any more: the union is taken one index at a time)
        for _indicator, table in tables[1:]:
            index = index.union(cast(pd.DatetimeIndex, table.values.index))
    columns: dict[str, np.ndarray] = {}
    decimals: dict[str, int] = {}
    for indicator, table in tables:
        values = table.column_array(code)
        assert values is not None  # `tables` holds only tables with a column for `code`
        if not table.values.index.equals(index):
            values = pd.Series(values, index=table.values.index).reindex(index).to_numpy()
        columns[indicator] = values
        decimals[indicator] = INDICATORS[indicator].decimals
    if spec.average_of_bars and spec.bars in columns:
        # The 7-day average is a series of the snapshot (computed once at the build, exported too).
        average = spec.bars + AVERAGE_SUFFIX
        average_table = snapshot.table(level, average)
        average_values = average_table.column_array(code) if average_table is not None else None
        if average_table is not None and average_values is not None:
            if not average_table.values.index.equals(index):
                average_values = (
                    pd.Series(average_values, index=average_table.values.index).reindex(index).to_numpy()
                )
            columns[average] = average_values
            decimals[average] = INDICATORS[average].decimals
    known = np.zeros(len(index), dtype=bool)
    for values in columns.values():
        known |= ~np.isnan(values)
    if not known.any():
        return _empty(spec, level, code, range_name, main)
    first, last = int(known.argmax()), len(known) - int(known[::-1].argmax())
    start = ranges.first_day(range_name, index[last - 1])
    if start is not None:
        first = max(first, int(index.searchsorted(start)))
    index = index[first:last]
    columns = {name: values[first:last] for name, values in columns.items()}
    last_day = index[-1].date()
    source = main.source if main is not None else None
    obtained_on = main.obtained_on if main is not None else None
    incomplete = None if spec.weekly else _incomplete_from(source, obtained_on, last_day)
    unit = main.unit if main is not None else None
    return ChartData(
        spec, level, code, range_name, index, columns, decimals, source, obtained_on, incomplete, unit
    )
