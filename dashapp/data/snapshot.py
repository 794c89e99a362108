"""The immutable Snapshot: every indicator for every area, precomputed at refresh time.

Callbacks, the export and /healthz read only a Snapshot; nothing in it is changed after it
is built (a new refresh builds a new one and swaps it in).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from dashapp.data.loader import SourceStatus
from dashapp.data.reference import NATIONAL_CODE, Reference


@dataclass(frozen=True)
class IndicatorTable:
    """One indicator at one level: rows are dates (weeks: their Monday), columns area codes."""

    indicator: str
    level: str
    frequency: str
    values: pd.DataFrame
    source: str
    obtained_on: date
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class LatestValue:
    """The newest value of an indicator for one area, with its two dates."""

    value: float
    value_of: date
    obtained_on: date
    source: str
    frequency: str
    unit: str | None = None


@dataclass(frozen=True)
class Snapshot:
    version: str
    built_at: datetime
    demo: bool
    reference: Reference
    tables: Mapping[tuple[str, str], IndicatorTable]
    sources: Mapping[str, SourceStatus]
    latest_values: Mapping[tuple[str, str, str], LatestValue] = field(repr=False, default_factory=dict)

    def table(self, level: str, indicator: str) -> IndicatorTable | None:
        return self.tables.get((level, indicator))

    def indicators(self, level: str) -> tuple[str, ...]:
        return tuple(indicator for (table_level, indicator) in self.tables if table_level == level)

    def series(self, level: str, code: str, indicator: str) -> pd.Series:
        """The values of one area (missing days dropped); empty when the indicator is absent."""
        table = self.tables.get((level, indicator))
        if table is None or code not in table.values.columns:
            return pd.Series(dtype=float)
        return table.values[code].dropna()

    def latest(self, level: str, code: str, indicator: str) -> LatestValue | None:
        return self.latest_values.get((level, code, indicator))

    def area_codes(self, level: str) -> tuple[str, ...]:
        if level == "nl":
            return (NATIONAL_CODE,)
        return self.reference.codes(level)

    @property
    def obtained_on(self) -> date | None:
        """The newest publication date among the sources in use."""
        dates = [s.obtained_on for s in self.sources.values() if s.obtained_on is not None]
        return max(dates) if dates else None


def latest_of(tables: Mapping[tuple[str, str], IndicatorTable]) -> dict[tuple[str, str, str], LatestValue]:
    """The last non-missing value of every column of every table, found without Python loops over rows."""
    latest: dict[tuple[str, str, str], LatestValue] = {}
    for (level, indicator), table in tables.items():
        values = table.values.to_numpy(dtype=float)
        if values.size == 0:
            continue
        valid = ~np.isnan(values)
        has_value = valid.any(axis=0)
        last_row = values.shape[0] - 1 - np.argmax(valid[::-1], axis=0)
        dates = table.values.index
        for column, code in enumerate(table.values.columns):
            if has_value[column]:
                row = last_row[column]
                latest[(level, code, indicator)] = LatestValue(
                    value=float(values[row, column]),
                    value_of=dates[row].date(),
                    obtained_on=table.obtained_on,
                    source=table.source,
                    frequency=table.frequency,
                    unit=table.unit,
                )
    return latest
