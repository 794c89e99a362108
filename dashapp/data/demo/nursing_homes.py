"""RIVM's six nursing-home files, delivered at 10:00 on ``end``: infected residents, deceased residents
(with the ``1900-01-01`` row for deaths of unknown date) and infected locations, national and per
safety region (+ "Onbekend"); each national file is the sum of its regional file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import numpy as np

from dashapp.data.demo.epidemic import Epidemic, lagged
from dashapp.data.demo.parameters import NURSING_FATALITY, NURSING_INFECTION
from dashapp.data.demo.streams import Ints, Stream, Texts
from dashapp.data.demo.text import CRLF, write_table
from dashapp.data.sources import rivm_nursing_homes


@dataclass(frozen=True)
class Nursing:
    """Per safety region and "Onbekend" (last column), per day."""

    positive: Ints
    deceased: Ints
    new_infected: Ints
    new_free: Ints
    infected: Ints


def nursing_homes(epidemic: Epidemic) -> Nursing:
    areas, calendar = epidemic.areas, epidemic.calendar
    locations = areas.nursing_locations
    rate = calendar.knots(NURSING_INFECTION)[:, None] * locations / locations.sum()
    expected = rate * epidemic.region_incidence
    positive = epidemic.rng(Stream.NURSING_POSITIVE).poisson(expected * epidemic.report_weekday[:, None])
    fatality = calendar.knots(NURSING_FATALITY)[:, None]
    deceased = epidemic.rng(Stream.NURSING_DECEASED).poisson(fatality * lagged(expected, 9, 5))
    unknown = epidemic.rng(Stream.NURSING_UNKNOWN).poisson(
        np.column_stack([0.004 * expected.sum(axis=1), 0.003 * (fatality[:, 0] * expected.sum(axis=1))])
    )
    new_infected, new_free, infected = _location_course(epidemic, positive, locations)
    none = np.zeros((calendar.size, 1), dtype=np.int64)
    return Nursing(
        positive=np.column_stack([positive, unknown[:, 0]]),
        deceased=np.column_stack([deceased, unknown[:, 1]]),
        new_infected=np.hstack([new_infected, none]),
        new_free=np.hstack([new_free, none]),
        infected=np.hstack([infected, none]),
    )


def _location_course(epidemic: Epidemic, positive: Ints, locations: Ints) -> tuple[Ints, Ints, Ints]:
    """Locations with an infection; one is free again after 28 days without a new case.

    A stock, so a loop over days (vectorised over the 25 regions). A location infected in
    the last 28 days cannot be free yet; older ones become free at a daily rate.
    """
    rng = epidemic.rng(Stream.NURSING_LOCATIONS)
    hazard = 1 - np.exp(-0.22 * positive / locations)
    days, regions = positive.shape
    new_infected = np.zeros((days, regions), dtype=np.int64)
    new_free = np.zeros((days, regions), dtype=np.int64)
    infected = np.zeros((days, regions), dtype=np.int64)
    current = np.zeros(regions, dtype=np.int64)
    recent = np.zeros(regions, dtype=np.int64)
    for day in range(days):
        if day >= 28:
            recent -= new_infected[day - 28]
        freed = rng.binomial(current - recent, 0.12)
        fresh = rng.binomial(locations - current + freed, hazard[day])
        current += fresh - freed
        recent += fresh
        new_infected[day], new_free[day], infected[day] = fresh, freed, current
    return new_infected, new_free, infected


DELIVERED_AT = time(10)
SENTINEL_DATE = rivm_nursing_homes.SENTINEL.strftime("%Y-%m-%d")


def _nursing_rows(epidemic: Epidemic) -> dict[str, tuple[Texts, dict[str, Ints]]]:
    """Per measure (by the reader's names): the dates of its rows and its value columns (rows x
    regions incl. Onbekend)."""
    calendar = epidemic.calendar
    data = nursing_homes(epidemic)
    days = np.arange(calendar.first, calendar.last + 1)
    published = days[days >= 1]  # locations are published from the day after the first case
    # Deaths of unknown date: a small share of each region's deaths so far.
    sentinel = np.rint(0.002 * data.deceased[: calendar.last + 1].sum(axis=0)).astype(np.int64)
    return {
        "positive": (calendar.iso[days], {"positive": data.positive[days]}),
        "deceased": (
            np.concatenate([[SENTINEL_DATE], calendar.iso[days]]),
            {"deceased": np.vstack([sentinel, data.deceased[days]])},
        ),
        "locations": (
            calendar.iso[published],
            {
                "new_infected": data.new_infected[published],
                "new_free": data.new_free[published],
                "infected_total": data.infected[published],
            },
        ),
    }


def write_nursing(directory: Path, epidemic: Epidemic) -> list[Path]:
    """National files are the column sums of the regional ones (Onbekend included)."""
    codes, names = epidemic.areas.regions_and_unknown()
    delivered = datetime.combine(epidemic.calendar.end, DELIVERED_AT)
    rows = _nursing_rows(epidemic)
    paths = []
    for layout in rivm_nursing_homes.LAYOUTS:
        dates, columns = rows[layout.measure.name]
        values = [columns[name] for name in layout.values]
        if layout.regional:
            region = [np.repeat(codes, len(dates)), np.repeat(names, len(dates))]
            cells = [*region, np.tile(dates, len(codes)), *(v.T.ravel() for v in values)]
        else:
            cells = [dates, *(v.sum(axis=1) for v in values)]
        path = directory / layout.file_name(delivered)
        paths.append(write_table(path, layout.header, cells, ";", CRLF))
    return paths
