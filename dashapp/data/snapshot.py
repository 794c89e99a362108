"""The immutable Snapshot: every indicator for every area, precomputed at refresh time.

Callbacks, the export and /healthz read only a Snapshot; nothing in it is changed after it
is built (a new refresh builds a new one and swaps it in).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar, overload

import numpy as np
import pandas as pd

from dashapp.data.loader import SourceStatus
from dashapp.data.reference import NATIONAL_CODE, Reference

_T = TypeVar("_T")


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
    # The same numbers as a float array (a view, not a copy) and each code's column, for callbacks
    # that pick one area: indexing an array costs microseconds, a DataFrame column tens of them.
    array: np.ndarray = field(init=False, repr=False, compare=False)
    positions: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "array", self.values.to_numpy(dtype=float))
        # ``tolist`` first: iterating an index of pandas' Arrow strings costs a call per element.
        codes = self.values.columns.tolist()
        object.__setattr__(self, "positions", {code: i for i, code in enumerate(codes)})

    def column_array(self, code: str) -> np.ndarray | None:
        position = self.positions.get(code)
        return None if position is None else self.array[:, position]


@dataclass(frozen=True, slots=True)
class LatestValue:
    """The newest value of an indicator for one area, with its two dates."""

    value: float
    value_of: date
    obtained_on: date
    source: str
    frequency: str
    unit: str | None = None
    # The value of seven days before ``value_of`` (NaN when there is none), for the change on tiles.
    week_earlier: float = float("nan")


class PackedSeries(Mapping[str, pd.Series]):
    """Series by code, kept as slices of two shared arrays (dates and values, grouped by code): a
    Series is made when first asked for, and a writer takes the arrays as they are."""

    def __init__(self, bounds: Mapping[str, tuple[int, int]], dates: pd.DatetimeIndex, numbers: np.ndarray):
        self.bounds = bounds
        self.dates = dates
        self.numbers = numbers
        self._made: dict[str, pd.Series] = {}

    @classmethod
    def of_runs(cls, codes: np.ndarray, dates: pd.DatetimeIndex, values: np.ndarray) -> PackedSeries:
        """From one code per row, the rows of each code next to each other."""
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.array([], int)
        firsts: list[int] = starts.tolist()
        ends = [*firsts[1:], len(codes)]
        bounds = {str(codes[start]): (start, end) for start, end in zip(firsts, ends, strict=True)}
        return cls(bounds, dates, values)

    def __getitem__(self, code: str) -> pd.Series:
        made = self._made.get(code)
        if made is None:
            start, end = self.bounds[code]
            made = self._made[code] = pd.Series(self.numbers[start:end], index=self.dates[start:end])
        return made

    def __contains__(self, code: object) -> bool:
        return code in self.bounds

    def __iter__(self) -> Iterator[str]:
        return iter(self.bounds)

    def __len__(self) -> int:
        return len(self.bounds)


@dataclass(frozen=True)
class SewagePlants:
    """Every plant's representative measurements, for the per-plant charts of regions and municipalities.

    ``series`` maps a plant code to its values by sampling date (already in ``unit``); a plant
    belongs to one region (the one holding most of its catchment) and one municipality.
    """

    series: Mapping[str, pd.Series]
    names: Mapping[str, str]
    region_of: Mapping[str, str]
    municipality_of: Mapping[str, str]
    unit: str
    source: str
    obtained_on: date

    def plants_of(self, level: str, code: str) -> tuple[str, ...]:
        """The plants of an area, sorted by name."""
        owner = self.region_of if level == "vr" else self.municipality_of
        plants = [plant for plant, area in owner.items() if area == code and plant in self.series]
        return tuple(sorted(plants, key=lambda plant: (self.names.get(plant, plant).casefold(), plant)))


@dataclass(frozen=True, slots=True)
class OfficialLevel:
    """A safety region's official risk level (1-4) from the date it was valid."""

    level: int
    valid_from: date


@dataclass(frozen=True)
class Snapshot:
    version: str
    built_at: datetime
    demo: bool
    reference: Reference
    tables: Mapping[tuple[str, str], IndicatorTable]
    sources: Mapping[str, SourceStatus]
    # Filled lazily from ``tables`` when not given (see ``LatestValues``).
    latest_values: Mapping[tuple[str, str, str], LatestValue] | None = field(repr=False, default=None)
    sewage_plants: SewagePlants | None = None
    # Region code -> its official levels, oldest first; empty when no file of official levels is configured.
    official_levels: Mapping[str, tuple[OfficialLevel, ...]] = field(default_factory=dict)
    # Files derived from this snapshot at publish time, by group (see ``dashapp.data.artefacts``);
    # empty for a snapshot built in memory.
    artefacts: Mapping[str, Mapping[str, bytes]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.latest_values is None:
            object.__setattr__(self, "latest_values", LatestValues(self.tables))

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

    def column(self, level: str, code: str, indicator: str) -> pd.Series:
        """The values of one area on the table's full calendar (missing days kept as NaN), for charts."""
        table = self.tables.get((level, indicator))
        if table is None or code not in table.values.columns:
            return pd.Series(dtype=float)
        return table.values[code]

    def latest(self, level: str, code: str, indicator: str) -> LatestValue | None:
        assert self.latest_values is not None  # set in __post_init__
        return self.latest_values.get((level, code, indicator))

    def area_codes(self, level: str) -> tuple[str, ...]:
        if level == "nl":
            return (NATIONAL_CODE,)
        return self.reference.codes(level)

    def official_level(self, region_code: str, on: date | None = None) -> OfficialLevel | None:
        """The official level valid on ``on`` (default: the newest one)."""
        levels = self.official_levels.get(region_code, ())
        if on is not None:
            levels = tuple(level for level in levels if level.valid_from <= on)
        return levels[-1] if levels else None

    @property
    def obtained_on(self) -> date | None:
        """The newest publication date among the sources in use."""
        dates = [s.obtained_on for s in self.sources.values() if s.obtained_on is not None]
        return max(dates) if dates else None


class LatestValues(Mapping[tuple[str, str, str], LatestValue]):
    """The newest value of every area of every table, keyed ``(level, code, indicator)``.

    Worked out per table on first use (one vectorised pass over its array), so that building or
    loading a snapshot costs nothing for tables nobody asks about, and a web worker holds only
    what it has shown. Computing a table twice in two threads gives the same result: no lock.
    """

    def __init__(self, tables: Mapping[tuple[str, str], IndicatorTable]):
        self._tables = tables
        self._per_table: dict[tuple[str, str], dict[str, LatestValue]] = {}

    def _of_table(self, level: str, indicator: str) -> dict[str, LatestValue]:
        found = self._per_table.get((level, indicator))
        if found is None:
            table = self._tables.get((level, indicator))
            found = _latest_in(table) if table is not None else {}
            self._per_table[(level, indicator)] = found
        return found

    def __getitem__(self, key: tuple[str, str, str]) -> LatestValue:
        level, code, indicator = key
        return self._of_table(level, indicator)[code]

    @overload
    def get(self, key: tuple[str, str, str], default: None = None) -> LatestValue | None: ...
    @overload
    def get(self, key: tuple[str, str, str], default: LatestValue) -> LatestValue: ...
    @overload
    def get(self, key: tuple[str, str, str], default: _T) -> LatestValue | _T: ...
    def get(self, key: tuple[str, str, str], default: object = None) -> object:
        level, code, indicator = key
        return self._of_table(level, indicator).get(code, default)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        for level, indicator in self._tables:
            for code in self._of_table(level, indicator):
                yield (level, code, indicator)

    def __len__(self) -> int:
        return sum(len(self._of_table(level, indicator)) for level, indicator in self._tables)


def _latest_in(table: IndicatorTable) -> dict[str, LatestValue]:
    """The last non-missing value of every column of one table, and the value a week before it."""
    values = table.array
    if values.size == 0:
        return {}
    valid = ~np.isnan(values)
    has_value = valid.any(axis=0)
    last_row = values.shape[0] - 1 - np.argmax(valid[::-1], axis=0)
    dates = table.values.index
    # Where each column's date of a week before its newest value is (-1: not in the table).
    earlier_rows = dates.get_indexer(dates[last_row] - pd.Timedelta(days=7))
    columns = np.flatnonzero(has_value)
    rows = last_row[columns]
    earlier = earlier_rows[columns]
    newest = values[rows, columns].tolist()
    before = np.where(earlier >= 0, values[np.maximum(earlier, 0), columns], np.nan).tolist()
    days = [moment.date() for moment in dates[rows]]
    codes = table.values.columns
    return {
        str(codes[column]): LatestValue(
            value=value,
            value_of=day,
            obtained_on=table.obtained_on,
            source=table.source,
            frequency=table.frequency,
            unit=table.unit,
            week_earlier=week_earlier,
        )
        for column, value, day, week_earlier in zip(columns.tolist(), newest, days, before, strict=True)
    }


def latest_of(tables: Mapping[tuple[str, str], IndicatorTable]) -> LatestValues:
    """The newest values of ``tables``, worked out as they are asked for."""
    return LatestValues(tables)
