"""NICE ``new-intake.json`` (intensive care) and ``zkh-new-intake.json`` (wards): proven and suspected new
patients per day; the last three days are incomplete (NICE back-fills)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from dashapp.data.demo.epidemic import Epidemic, lagged
from dashapp.data.demo.parameters import HOSPITAL_NICE, ICU_NICE, SEVERITY, SUSPECTED_SHARE
from dashapp.data.demo.streams import Floats, Ints, Stream, Texts
from dashapp.data.demo.text import write_text
from dashapp.data.sources import nice_intake


@dataclass(frozen=True)
class Intake:
    """National new patients per day (complete, as they will be once NICE has back-filled)."""

    icu_expected: Floats
    icu_proven: Ints
    icu_suspected: Ints
    ward_expected: Floats
    ward_proven: Ints
    ward_suspected: Ints


BACKFILL = (0.45, 0.75, 0.92)  # share known of the last, second-last and third-last day


def hospital_intake(epidemic: Epidemic) -> Intake:
    calendar = epidemic.calendar
    infections = epidemic.national_infections
    severity = calendar.knots(SEVERITY)
    suspected = calendar.knots(SUSPECTED_SHARE)
    icu = ICU_NICE * severity * lagged(infections, 7, 3.5)
    ward = HOSPITAL_NICE * severity * lagged(infections, 5, 3)
    return Intake(
        icu_expected=icu,
        icu_proven=epidemic.rng(Stream.ICU_PROVEN).poisson(icu),
        icu_suspected=epidemic.rng(Stream.ICU_SUSPECTED).poisson(icu * suspected),
        ward_expected=ward,
        ward_proven=epidemic.rng(Stream.WARD_PROVEN).poisson(ward),
        ward_suspected=epidemic.rng(Stream.WARD_SUSPECTED).poisson(ward * suspected),
    )


def _backfilling(values: Ints) -> Ints:
    out = values.copy()
    for age, share in enumerate(BACKFILL):
        out[-1 - age] = math.floor(out[-1 - age] * share)
    return out


def _nice_json(dates: Texts, proven: Ints, suspected: Ints) -> str:
    series = [
        [{"date": day, "value": int(value)} for day, value in zip(dates, _backfilling(values), strict=True)]
        for values in (proven, suspected)
    ]
    return json.dumps(series, separators=(",", ":"))


def write_nice(directory: Path, epidemic: Epidemic, intake: Intake) -> list[Path]:
    window = epidemic.calendar.window
    dates = epidemic.calendar.iso[window]
    return [
        write_text(
            directory / nice_intake.IC_FILE_NAME,
            _nice_json(dates, intake.icu_proven[window], intake.icu_suspected[window]),
        ),
        write_text(
            directory / nice_intake.HOSPITAL_FILE_NAME,
            _nice_json(dates, intake.ward_proven[window], intake.ward_suspected[window]),
        ),
    ]
