"""RIVM ``COVID-19_ic_opnames.json``: NICE intensive-care admissions per day, as published by RIVM.

A JSON array of ``{Version, Date_of_report, Date_of_statistics, IC_admission_notification,
IC_admission}``. Tidy columns: ``date`` (``Date_of_statistics``, datetime64),
``ic_admission`` (admissions by date of admission) and ``ic_admission_notification``
(by date of notification), both int64 and >= 0. ``obtained_on`` is the date of
``Date_of_report``. Refused besides malformed cells: a ``Date_of_statistics`` after the
record's own ``Date_of_report``, or a ``Date_of_report`` after today.

Size limit: about 135 bytes a record, one record a day (70 kB for 2020-02 .. 2021-07).
``MAX_BYTES`` allows 16 MB, the floor of every limit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

KIND = "rivm_ic"
FILE_NAME = "COVID-19_ic_opnames.json"
MAX_BYTES = 16 * MB
KEYS = ("Version", "Date_of_report", "Date_of_statistics", "IC_admission_notification", "IC_admission")


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    text, value = tabular.read_json(path)
    raw = tabular.json_records(path, text, value, required=KEYS)
    with tabular.json_lines(path, text):
        tabular.as_int(path, raw, "Version")
        report = tabular.as_date(path, raw, "Date_of_report", "%Y-%m-%d %H:%M:%S")
        frame = pd.DataFrame(
            {
                "date": tabular.as_date(path, raw, "Date_of_statistics", "%Y-%m-%d"),
                "ic_admission": tabular.as_int(path, raw, "IC_admission"),
                "ic_admission_notification": tabular.as_int(path, raw, "IC_admission_notification"),
            }
        )
        for column, key in (("ic_admission", "IC_admission"), ("ic_admission_notification", KEYS[3])):
            tabular.not_negative(path, frame[column], key)
        tabular.check_not_in_future(path, report, "Date_of_report", context.today)
        tabular.check_published_before(path, frame["date"], KEYS[2], report, "Date_of_report")
        tabular.check_unique(path, [frame["date"]], KEYS[2], "date appears")
    frame = frame.sort_values("date", kind="stable", ignore_index=True)
    return SourceFrame(KIND, path, frame, report.max().date())


SPECS = (SourceSpec(KIND, FILE_NAME, read, "NICE intensive-care admissions (RIVM open data)", MAX_BYTES),)
