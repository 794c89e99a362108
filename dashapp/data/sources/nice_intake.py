"""NICE new-intake JSON: new COVID-19 patients per day, as downloaded from stichting-nice.nl.

The file is an array of TWO arrays of ``{date, value}``: the first counts patients with
proven COVID-19, the second patients suspected of it. The same format is published for
intensive care (``new-intake.json``) and for hospital wards (``zkh-new-intake.json``), so
one reader serves both kinds.

Tidy columns: ``date`` (datetime64), ``proven``, ``suspected`` (int64, >= 0), one row per
date of either series (a date missing from one series counts 0 there, and the notes say
so). NICE files run to the day of download (the last days are still being filled in), so
``obtained_on`` is the last date in the file. A date after today is refused.

Size limit: about 30 bytes a day per series (13 kB for 2020-02 .. 2020-09; 64 kB for the
full-size demo). ``MAX_BYTES`` allows 16 MB, the floor of every limit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashapp.data.errors import SourceError
from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

IC_KIND = "nice_ic_intake"
IC_FILE_NAME = "new-intake.json"
HOSPITAL_KIND = "nice_hospital_intake"
HOSPITAL_FILE_NAME = "zkh-new-intake.json"
SERIES = ("proven", "suspected")
MAX_BYTES = 16 * MB


def _series(path: Path, text: str, value: object, index: int, name: str, today: date | None) -> pd.Series:
    raw = tabular.json_records(path, text, value, required=("date", "value"), where=(index,), what=name)
    with tabular.json_lines(path, text, index):
        dates = tabular.as_date(path, raw, "date", "%Y-%m-%d")
        counts = tabular.not_negative(path, tabular.as_int(path, raw, "value"), "value")
        tabular.check_not_in_future(path, dates, "date", today)
        tabular.check_unique(path, [dates], "date", "date appears")
    return pd.Series(counts.to_numpy(), index=pd.DatetimeIndex(dates, name="date"), name=name)


def _read(path: Path, kind: str, context: ReadContext) -> SourceFrame:
    text, value = tabular.read_json(path)
    if not isinstance(value, list) or len(value) != 2:
        shape = f"an array of {len(value)}" if isinstance(value, list) else f"a JSON {type(value).__name__}"
        raise SourceError(path, f"expected an array of two series (proven, suspected), found {shape}", line=1)
    proven, suspected = (
        _series(path, text, value[i], i, name, context.today) for i, name in enumerate(SERIES)
    )
    frame = pd.concat([proven, suspected], axis=1).sort_index()
    notes = []
    for name in SERIES:
        absent = int(frame[name].isna().sum())
        if absent:
            notes.append(f"{absent} dates missing from the {name} series, counted as 0")
    frame = frame.fillna(0).astype("int64").reset_index()
    return SourceFrame(kind, path, frame, frame["date"].max().date(), tuple(notes))


def read_ic(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    return _read(path, IC_KIND, context)


def read_hospital(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    return _read(path, HOSPITAL_KIND, context)


SPECS = (
    SourceSpec(
        IC_KIND, IC_FILE_NAME, read_ic, "NICE new intensive-care admissions (proven, suspected)", MAX_BYTES
    ),
    SourceSpec(
        HOSPITAL_KIND,
        HOSPITAL_FILE_NAME,
        read_hospital,
        "NICE new hospital (ward) admissions (proven, suspected)",
        MAX_BYTES,
    ),
)
