"""Nivel ``Nivel-verdenkingen-COVID-19.txt``: GP consultations for suspected COVID-19 per ISO week.

A JSON object ``{source, name, data: [...]}``; every record's values are strings, numbers
with a decimal comma: ``incidentie_per_100000`` ("5,7"), ``geschat_aantal``,
``ondergrens``, ``bovengrens``, ``week`` (ISO week), ``jaar`` (ISO year), ``diagnose``.

Tidy columns (sorted by week): ``week_start`` (datetime64, the Monday of the ISO week),
``incidence_per_100k``, ``estimated_count``, ``lower``, ``upper`` (float64). One row per
week. No publication stamp: ``obtained_on`` is the file's modification date. A week that
starts after today is refused.

Size limit: about 210 bytes a week (4.7 kB for 22 weeks). ``MAX_BYTES`` allows 16 MB, the
floor of every limit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.errors import SourceError
from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec, file_date

KIND = "nivel_gp"
FILE_NAME = "Nivel-verdenkingen-COVID-19.txt"
MAX_BYTES = 16 * MB
VALUES = {
    "incidence_per_100k": "incidentie_per_100000",
    "estimated_count": "geschat_aantal",
    "lower": "ondergrens",
    "upper": "bovengrens",
}


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    text, value = tabular.read_json(path)
    if not isinstance(value, dict) or "data" not in value:
        found = "an object without 'data'" if isinstance(value, dict) else f"a JSON {type(value).__name__}"
        reason = f"expected an object with a 'data' array, found {found}"
        raise SourceError(path, reason, line=1, column="data")
    raw = tabular.json_records(
        path, text, value["data"], required=("jaar", "week", *VALUES.values()), where=("data",), what="weeks"
    )
    with tabular.json_lines(path, text, "data"):
        frame = pd.DataFrame({"week_start": _week_start(path, raw)})
        for name, key in VALUES.items():
            frame[name] = tabular.not_negative(
                path, tabular.as_float(path, raw, key, decimal_comma=True), key
            )
        tabular.check_not_in_future(path, frame["week_start"], "week", context.today)
        tabular.check_unique(path, [frame["week_start"]], "week", "week appears")
    frame = frame.sort_values("week_start", kind="stable", ignore_index=True)
    return SourceFrame(KIND, path, frame, file_date(path))


def _week_start(path: Path, raw: pd.DataFrame) -> pd.Series:
    year = tabular.as_int(path, raw, "jaar")
    week = tabular.as_int(path, raw, "week")
    text = year.astype(str) + "-" + week.astype(str).str.zfill(2) + "-1"
    monday = pd.to_datetime(text, format="%G-%V-%u", errors="coerce")
    valid = monday.notna() & (week >= 1) & (monday.dt.isocalendar().week.astype("Int64") == week)
    bad = ~valid.fillna(False).to_numpy(dtype=bool)
    if bad.any():
        row = int(bad.argmax())
        raise tabular.row_error(path, row, f"no ISO week {week.iloc[row]} in {year.iloc[row]}", "week")
    return monday.dt.normalize()


SPECS = (
    SourceSpec(KIND, FILE_NAME, read, "Nivel GP consultations for suspected COVID-19 (weekly)", MAX_BYTES),
)
