"""RIVM ``COVID-19_reproductiegetal.json`` and ``COVID-19_prevalentie.json``: daily estimates with bounds;
the last 14 (R) and 7 (prevalence) records lack the central value, and their bounds widen."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import numpy as np

from dashapp.data.demo.calendar import day_index
from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.parameters import (
    ASCERTAINMENT,
    GENERATION_DAYS,
    HOSPITAL_NICE,
    PREVALENCE_FACTOR,
    SEVERITY,
)
from dashapp.data.demo.streams import Floats, Texts
from dashapp.data.demo.text import write_text
from dashapp.data.sources import rivm_prevalence, rivm_reproduction

REPRODUCTION_TESTPOS_FROM = date(2020, 6, 13)


def _provisional(length: int, newest: int) -> Floats:
    """Bound widening: 1 for settled records, growing over the ``newest`` provisional ones."""
    age = np.arange(length)[::-1]
    return np.where(age < newest, 1 + 0.25 * (newest - age), 1.0)


def _estimates_json(
    dates: Texts,
    keys: tuple[str, str, str],
    values: Sequence[Sequence[object]],
    settled: int,
    extra: Sequence[Mapping[str, object]],
) -> str:
    """Records of a dated estimate with bounds: ``values`` are the (low, central, high) values under the
    reader's ``keys``, the central one only in the first ``settled`` records; ``extra`` ends each record."""
    low, centre, high = values
    records = []
    for index, day in enumerate(dates):
        record: dict[str, object] = {"Date": day, keys[0]: low[index]}
        if index < settled:
            record[keys[1]] = centre[index]
        records.append(record | {keys[2]: high[index]} | dict(extra[index]))
    return json.dumps(records, separators=(",", ":")) + "\n"


def write_reproduction(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    infections = epidemic.national_infections + 1e-3
    log = np.log(infections)
    days = np.arange(calendar.size)
    growth = (log[np.minimum(days + 3, calendar.size - 1)] - log[np.maximum(days - 3, 0)]) / 6
    reproduction = np.clip(np.exp(GENERATION_DAYS * growth), 0.4, 3.0)
    hospital = HOSPITAL_NICE * calendar.knots(SEVERITY) * infections
    testpos = days >= day_index(REPRODUCTION_TESTPOS_FROM)
    basis = np.where(testpos, infections * calendar.knots(ASCERTAINMENT), hospital)
    window = calendar.window
    half = (0.015 + 1.0 / np.sqrt(np.maximum(basis, 1.0)))[window]
    newest = 14
    half *= _provisional(len(half), newest)
    centre = np.round(reproduction[window], 2)
    low, up = np.maximum(centre - half, 0.0), centre + half
    population = np.where(testpos[window], "testpos", "hosp")
    text = _estimates_json(
        calendar.iso[window],
        rivm_reproduction.KEYS,
        [[f"{value:.2f}" for value in values] for values in (low, centre, up)],
        len(centre) - newest,
        [{rivm_reproduction.POPULATION: str(value), "version": 1} for value in population],
    )
    return write_text(directory / rivm_reproduction.FILE_NAME, text)


def write_prevalence(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    infectious = PREVALENCE_FACTOR * np.convolve(epidemic.national_infections, np.ones(10))[: calendar.size]
    window = calendar.window
    centre = np.rint(infectious[window])
    spread = (0.15 + 30 / np.sqrt(np.maximum(centre, 100.0))) * _provisional(len(centre), 7)
    low = np.rint(centre * np.maximum(1 - spread, 0.05)).astype(np.int64)
    up = np.rint(centre * (1 + spread)).astype(np.int64)
    text = _estimates_json(
        calendar.iso[window],
        rivm_prevalence.KEYS,
        [[int(value) for value in values] for values in (low, centre, up)],
        len(centre) - 7,
        [{"population": "hosp", "version": 1}] * len(centre),
    )
    return write_text(directory / rivm_prevalence.FILE_NAME, text)
