"""RIVM ``COVID-19_rioolwaterdata.csv`` (2021 layout): each plant once or twice a week (some weeks skipped);
``RNA_per_ml`` before 2020-09-07, ``RNA_flow_per_100000`` from then on, as in the real file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from dashapp.data.demo.calendar import ANCHOR, day_index
from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.streams import Floats, Ints, Stream
from dashapp.data.demo.text import LF, write_table
from dashapp.data.sources import rivm_sewage

SEWAGE_START = date(2020, 3, 30)
SEWAGE_FLOW_FROM = date(2020, 9, 7)


def _sewage_plan(epidemic: Epidemic) -> tuple[Ints, Floats]:
    """Per plant: the weekdays of its samples (second -1 for weekly plants), and its own level."""
    rng = epidemic.rng(Stream.SEWAGE_PLAN)
    plants = len(epidemic.areas.plant_codes)
    first = rng.choice([0, 1, 2, 3, 6], plants, p=[0.3, 0.15, 0.2, 0.2, 0.15])
    twice = rng.random(plants) < 0.45
    factor = rng.lognormal(0.0, 0.3, plants)
    return np.stack([first, np.where(twice, (first + 3) % 7, -1)], axis=1), factor


def _sewage_samples(epidemic: Epidemic) -> tuple[Ints, Ints, Floats]:
    """Sample days and plants (sorted by day, then plant) and the noise of each sample.

    Weeks count from the Monday before the anchor; a plant skips a whole week now and then,
    and a twice-weekly plant sometimes takes only one sample.
    """
    calendar = epidemic.calendar
    monday = -ANCHOR.weekday()
    weeks = (calendar.size - monday) // 7 + 1
    weekdays, _ = _sewage_plan(epidemic)
    plants = len(weekdays)
    skip = epidemic.rng(Stream.SEWAGE_SKIP).random((weeks, plants, 3))
    noise = epidemic.rng(Stream.SEWAGE_NOISE).lognormal(0.0, 0.3, (weeks, plants, 2))
    day = monday + 7 * np.arange(weeks)[:, None, None] + weekdays[None]
    window = calendar.since(SEWAGE_START)
    taken = (weekdays[None] >= 0) & (skip[..., :1] > 0.05) & (skip[..., 1:] > 0.03)
    taken &= (day >= window.start) & (day < window.stop)
    week, plant, slot = np.nonzero(taken)
    order = np.lexsort((plant, day[taken]))
    return day[taken][order], plant[order], noise[week, plant, slot][order]


def write_sewage(directory: Path, epidemic: Epidemic) -> Path:
    areas, calendar = epidemic.areas, epidemic.calendar
    day, plant, noise = _sewage_samples(epidemic)
    _, factor = _sewage_plan(epidemic)
    municipality = areas.plant_municipality[plant]
    level = 0.65 * epidemic.incidence[day, municipality]
    level += 0.35 * epidemic.region_incidence[day, areas.region_index[municipality]]
    flow = (7e11 * level + 2.5e11) * factor[plant] * noise
    per_ml = day < day_index(SEWAGE_FLOW_FROM)
    flow_text = np.rint(flow).astype(np.int64).astype(str).astype(object)
    per_ml_text = np.rint(flow / 3e10).astype(np.int64).astype(str).astype(object)
    columns = [
        np.ones(len(day), dtype=np.int64),
        calendar.iso[day],
        areas.plant_codes[plant],
        areas.plant_names[plant],
        np.where(per_ml, per_ml_text, ""),
        np.where(per_ml, "", flow_text),
    ]
    path = directory / rivm_sewage.FILE_NAME
    return write_table(path, rivm_sewage.COLUMNS_2021, columns, ";", LF)
