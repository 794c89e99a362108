"""Charts by category rather than by date: the age distribution, and sewage per plant.

As with the time series, one object holds the numbers that the figure, the table and the CSV
download show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashapp.data.catalog import AGE_BANDS, age_indicator
from dashapp.data.indicators.cases import last_days_total
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot

AGE_DAYS = 7


@dataclass(frozen=True)
class AgeDistribution:
    bands: tuple[str, ...]
    counts: tuple[int, ...]
    first_day: date
    last_day: date
    source: str
    obtained_on: date

    @property
    def total(self) -> int:
        return sum(self.counts)

    def shares(self) -> tuple[float, ...]:
        """Percent of the total per band (0 when there are no cases at all)."""
        total = self.total
        return tuple((count / total * 100) if total else 0.0 for count in self.counts)


def age_distribution(snapshot: Snapshot, days: int = AGE_DAYS) -> AgeDistribution | None:
    """Positive tests per age band over the last ``days`` days of the case file."""
    columns = {band: snapshot.column("nl", NATIONAL_CODE, age_indicator(band)) for band in AGE_BANDS}
    if any(series.empty for series in columns.values()):
        return None
    frame = pd.DataFrame(columns).dropna(how="all")
    if frame.empty:
        return None
    totals = last_days_total(frame, days)
    window = frame.index[-days:]
    table = snapshot.table("nl", age_indicator(AGE_BANDS[0]))
    if table is None:  # not reached: its column above is not empty
        return None
    return AgeDistribution(
        bands=AGE_BANDS,
        counts=tuple(int(totals[band]) for band in AGE_BANDS),
        first_day=window[0].date(),
        last_day=window[-1].date(),
        source=table.source,
        obtained_on=table.obtained_on,
    )


@dataclass(frozen=True)
class PlantLatest:
    code: str
    name: str
    value: float
    day: date


def latest_per_plant(snapshot: Snapshot, level: str, code: str) -> list[PlantLatest]:
    """The newest measurement of each plant of an area, highest first."""
    plants = snapshot.sewage_plants
    if plants is None:
        return []
    latest = []
    for plant in plants.plants_of(level, code):
        series = plants.series[plant].dropna()
        if not series.empty:
            latest.append(
                PlantLatest(
                    plant, plants.names.get(plant, plant), float(series.iloc[-1]), series.index[-1].date()
                )
            )
    return sorted(latest, key=lambda item: (-item.value, item.name))


def spreadsheet_safe(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula (names come from data files)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
