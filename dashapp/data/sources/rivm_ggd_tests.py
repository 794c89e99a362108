"""RIVM ``COVID-19_uitgevoerde_testen``: GGD tests with a result, and positives, per safety region per day.

Published in two flavours, both read here:

- ``COVID-19_uitgevoerde_testen.json`` (Version 1): a JSON array of ``{Version,
  Date_of_report, Date_of_statistics, Security_region_code, Security_region_name,
  Tested_with_result, Tested_positive}``; the unknown region has code ``null``.
- ``COVID-19_uitgevoerde_testen.csv`` (Version 2 and later): the same columns,
  ``;``-separated; the unknown region has an empty code (name "Onbekend").

There is one SourceSpec per flavour, both of KIND ``rivm_ggd_tests``: the loader reads
whichever exists, and when both do it keeps the one with the later ``obtained_on``.

Tidy columns: ``date`` (``Date_of_statistics``, datetime64), ``region_code`` (``VRxx``; ""
for the unknown region), ``tested``, ``positive`` (int64, 0 <= positive <= tested),
``version`` (int64, the file's ``Version``). One row per (date, region). ``obtained_on`` is
the date of ``Date_of_report``.

Refused besides malformed cells: a ``Date_of_statistics`` after the row's own
``Date_of_report``, a ``Date_of_report`` after today, a safety-region code other than
VR01 .. VR25.

Size limit: 26 rows a day (25 regions and the unknown one), about 60 bytes a row as CSV
(821 kB for 17 months) and 200 as JSON (2.2 MB for 14 months); the full-size demo (1000
days) is 1.5 MB. ``MAX_BYTES`` allows 64 MB.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

KIND = "rivm_ggd_tests"
JSON_FILE_NAME = "COVID-19_uitgevoerde_testen.json"
CSV_FILE_NAME = "COVID-19_uitgevoerde_testen.csv"
MAX_BYTES = 64 * MB
PUBLISHED_COLUMNS = (  # the header of the CSV flavour, in its order
    "Version",
    "Date_of_report",
    "Date_of_statistics",
    "Security_region_code",
    "Security_region_name",
    "Tested_with_result",
    "Tested_positive",
)
COLUMNS = tuple(column for column in PUBLISHED_COLUMNS if column != "Security_region_name")  # read


def _tidy(path: Path, raw: pd.DataFrame, context: ReadContext) -> tuple[pd.DataFrame, pd.Series]:
    report = tabular.as_date(path, raw, "Date_of_report", "%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame(
        {
            "date": tabular.as_date(path, raw, "Date_of_statistics", "%Y-%m-%d"),
            "region_code": tabular.as_code(path, raw, "Security_region_code", r"VR\d\d", allow_empty=True),
            "tested": tabular.as_int(path, raw, "Tested_with_result"),
            "positive": tabular.as_int(path, raw, "Tested_positive"),
            "version": tabular.as_int(path, raw, "Version"),
        }
    )
    tabular.check_not_in_future(path, report, "Date_of_report", context.today)
    tabular.check_published_before(path, frame["date"], "Date_of_statistics", report, "Date_of_report")
    tabular.check_regions(path, frame["region_code"], "Security_region_code", context)
    tested, positive = frame["tested"].to_numpy(), frame["positive"].to_numpy()
    for bad, column, reason in (
        (tested < 0, "Tested_with_result", "a count cannot be negative"),
        (positive < 0, "Tested_positive", "a count cannot be negative"),
        (positive > tested, "Tested_positive", "more positive tests than tests with a result"),
        (
            tabular.duplicated(frame["date"], frame["region_code"]),
            "Security_region_code",
            "the same region and date appear twice",
        ),
    ):
        tabular.refuse_first(path, bad, reason, column)
    return frame, report


def _source(path: Path, frame: pd.DataFrame, report: pd.Series) -> SourceFrame:
    unknown = frame["region_code"] == ""
    notes: tuple[str, ...] = ()
    if unknown.any():
        notes = (
            f"{int(unknown.sum())} rows for an unknown safety region (code ''; "
            f"{int(frame.loc[unknown, 'tested'].sum())} tests, counted nationally only)",
        )
    return SourceFrame(KIND, path, frame, report.max().date(), notes)


def read_json(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    text, value = tabular.read_json(path)
    raw = tabular.json_records(path, text, value, required=COLUMNS, nullable=("Security_region_code",))
    with tabular.json_lines(path, text):
        frame, report = _tidy(path, raw, context)
    return _source(path, frame, report)


def read_csv(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    raw = tabular.read_table(
        path,
        sep=";",
        required=COLUMNS,
        columns=COLUMNS,
        numeric=("Version", "Tested_with_result", "Tested_positive"),
    )
    frame, report = _tidy(path, raw, context)
    return _source(path, frame, report)


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    """Either flavour, by suffix."""
    return read_json(path, context) if path.suffix.lower() == ".json" else read_csv(path, context)


SPECS = (
    SourceSpec(
        KIND, JSON_FILE_NAME, read_json, "GGD tests and positives per safety region (JSON)", MAX_BYTES
    ),
    SourceSpec(KIND, CSV_FILE_NAME, read_csv, "GGD tests and positives per safety region", MAX_BYTES),
)
