"""RIVM ``COVID-19_aantallen_gemeente_cumulatief.csv``: cumulative positives, hospital admissions and deaths
per municipality (and per province for unknown municipalities) per report day, with occasional
negative corrections."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from dashapp.data.demo.areas import PROVINCES
from dashapp.data.demo.epidemic import Epidemic, lagged
from dashapp.data.demo.parameters import DEATH_RIVM, DEATH_SEVERITY, HOSPITAL_RIVM, SEVERITY
from dashapp.data.demo.streams import Floats, Ints, Stream
from dashapp.data.demo.text import CRLF, write_table
from dashapp.data.sources import rivm_cumulative


def _corrected(new: Ints, uniform: Floats, chance: float, max_new: int, max_amount: int) -> Ints:
    """Replace a few quiet days' counts by a small negative correction.

    A correction removes that day's (at most ``max_new``) reports and ``1 .. max_amount``
    earlier ones; it only happens while the reports so far cover every correction made so
    far, so a cumulative count never goes below zero.
    """
    candidate = uniform < chance
    amount = 1 + np.floor(uniform / chance * max_amount).astype(np.int64)
    before = np.cumsum(new, axis=0) - new
    enough = before >= (max_new + max_amount) * np.cumsum(candidate, axis=0)
    applied = candidate & (new <= max_new) & enough
    return np.where(applied, -amount, new)


def municipal_outcomes(epidemic: Epidemic) -> tuple[Ints, Ints, Ints]:
    """Daily reported positives, hospital admissions and deaths per place (with corrections)."""
    calendar = epidemic.calendar
    weekday = epidemic.report_weekday[:, None]
    hospital_rate = (HOSPITAL_RIVM * calendar.knots(SEVERITY))[:, None]
    death_rate = (DEATH_RIVM * calendar.knots(DEATH_SEVERITY))[:, None]
    hospital = epidemic.rng(Stream.HOSPITAL).poisson(
        hospital_rate * lagged(epidemic.infections, 5, 3) * weekday
    )
    deaths = epidemic.rng(Stream.DEATHS).poisson(death_rate * lagged(epidemic.infections, 13, 6) * weekday)
    municipal = np.zeros(epidemic.infections.shape[1], dtype=bool)
    municipal[: epidemic.areas.municipality_count] = True

    def correct(new: Ints, stream: Stream, chance: float, max_new: int, max_amount: int) -> Ints:
        uniform = np.where(municipal, epidemic.rng(stream).random(new.shape), 1.0)
        return _corrected(new, uniform, chance, max_new, max_amount)

    return (
        correct(epidemic.new_reports, Stream.CORRECT_REPORTS, 0.0018, 4, 4),
        correct(hospital, Stream.CORRECT_HOSPITAL, 0.0006, 1, 2),
        correct(deaths, Stream.CORRECT_DEATHS, 0.00025, 1, 2),
    )


def write_cumulative(directory: Path, epidemic: Epidemic) -> Path:
    areas, calendar = epidemic.areas, epidemic.calendar
    window = calendar.window
    totals = [np.cumsum(daily, axis=0)[window] for daily in municipal_outcomes(epidemic)]
    days = window.stop - window.start
    places = totals[0].shape[1]
    empty = np.full(len(PROVINCES), "", dtype=object)
    codes = np.concatenate([areas.codes, empty])
    names = np.concatenate([areas.names, empty])
    provinces = np.concatenate([areas.provinces, np.array(PROVINCES, dtype=object)])
    columns = [
        np.repeat(calendar.iso[window] + " 10:00:00", places),
        np.tile(codes, days),
        np.tile(names, days),
        np.tile(provinces, days),
        *(total.ravel() for total in totals),
    ]
    path = directory / rivm_cumulative.FILE_NAME
    return write_table(path, rivm_cumulative.COLUMNS, columns, ";", CRLF)
