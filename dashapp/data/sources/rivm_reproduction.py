"""RIVM ``COVID-19_reproductiegetal.json``: the estimated reproduction number per day.

A JSON array of ``{Date, Rt_low, Rt_avg, Rt_up, population, version}``; values are strings
(``"1.93"``), numbers are accepted too. The most recent records have no ``Rt_avg`` key (only
the bounds are published): ``avg`` is NaN there, and the notes say how many.

Tidy columns: ``date`` (datetime64), ``low``, ``avg``, ``high`` (float64; low <= avg <= high),
``population`` (str: "hosp" when estimated from hospital admissions, "testpos" from positive
tests). The file has no publication stamp: ``obtained_on`` is its modification date.

``read_estimates`` is shared with the prevalence file, which has the same shape. A record
dated after today is refused.

Size limit: about 100 bytes a record, one record a day (54 kB for 2020-02 .. 2021-07; the
full-size demo, 1000 days, 104 kB). ``MAX_BYTES`` allows 16 MB, the floor of every limit.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec, file_date

KIND = "rivm_reproduction"
FILE_NAME = "COVID-19_reproductiegetal.json"
MAX_BYTES = 16 * MB
KEYS = ("Rt_low", "Rt_avg", "Rt_up")
POPULATION = "population"


def read_estimates(
    path: Path,
    kind: str,
    keys: tuple[str, str, str],
    context: ReadContext = NO_CONTEXT,
    *,
    population: str | None = None,
) -> SourceFrame:
    """A daily estimate with bounds: ``keys`` are the JSON keys of (low, avg, high)."""
    low_key, avg_key, high_key = keys
    text, value = tabular.read_json(path)
    extra = () if population is None else (population,)
    raw = tabular.json_records(
        path, text, value, required=("Date", low_key, avg_key, high_key, *extra), nullable=(avg_key,)
    )
    with tabular.json_lines(path, text):
        frame = pd.DataFrame(
            {
                "date": tabular.as_date(path, raw, "Date", "%Y-%m-%d"),
                "low": tabular.as_float(path, raw, low_key),
                "avg": tabular.as_float(path, raw, avg_key, nullable=True),
                "high": tabular.as_float(path, raw, high_key),
            }
        )
        if population is not None:
            frame["population"] = tabular.as_text(path, raw, population, allow_empty=False)
        _check(path, frame, keys)
        tabular.check_not_in_future(path, frame["date"], "Date", context.today)
    frame = frame.sort_values("date", kind="stable", ignore_index=True)
    missing = int(frame["avg"].isna().sum())
    notes = (f"{missing} days without a central estimate ({avg_key} not published), avg left empty",)
    return SourceFrame(kind, path, frame, file_date(path), notes if missing else ())


def _check(path: Path, frame: pd.DataFrame, keys: tuple[str, str, str]) -> None:
    low_key, avg_key, high_key = keys
    tabular.check_unique(path, [frame["date"]], "Date", "date appears")
    low, avg, high = (frame[column].to_numpy() for column in ("low", "avg", "high"))
    for bad, column, reason in (
        (low < 0, low_key, "an estimate cannot be negative"),
        (low > high, high_key, f"{high_key} is below {low_key}"),
        (np.isfinite(avg) & ((avg < low) | (avg > high)), avg_key, f"{avg_key} is outside its bounds"),
    ):
        tabular.refuse_first(path, bad, reason, column)


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    return read_estimates(path, KIND, KEYS, context, population=POPULATION)


SPECS = (SourceSpec(KIND, FILE_NAME, read, "RIVM reproduction number (estimate with bounds)", MAX_BYTES),)
