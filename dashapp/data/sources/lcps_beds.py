"""LCPS ``covid-19.csv``: hospital beds occupied by COVID-19 patients, and new admissions, per day.

Comma-separated, newest date first. ``Datum`` is d-m-yyyy, zero-padded only from June 2020
("31-5-2020", then "01-06-2020"). Columns that were not yet collected are empty (non-COVID
ICU beds before 2020-04-18, new admissions before 2020-10-17), and a few days hold the
literal ``NA`` in every column: all of these become NaN.

Tidy columns (sorted by date, ascending): ``date`` (datetime64), ``ic_covid``
(``IC_Bedden_COVID``), ``ic_non_covid`` (``IC_Bedden_Non_COVID``), ``clinic_covid``
(``Kliniek_Bedden``), ``ic_new`` (``IC_Nieuwe_Opnames_COVID``), ``clinic_new``
(``Kliniek_Nieuwe_Opnames_COVID``), all float64 (NaN where empty or NA), whole and >= 0.
A date appearing twice is an error, and so is a date after today. ``obtained_on`` is the latest
date in the file.

Size limit: about 30 bytes a day (14 kB for 2020-02 .. 2021-07). ``MAX_BYTES`` allows 16 MB,
the floor of every limit.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

KIND = "lcps_beds"
FILE_NAME = "covid-19.csv"
MAX_BYTES = 16 * MB
VALUES = {
    "ic_covid": "IC_Bedden_COVID",
    "ic_non_covid": "IC_Bedden_Non_COVID",
    "clinic_covid": "Kliniek_Bedden",
    "ic_new": "IC_Nieuwe_Opnames_COVID",
    "clinic_new": "Kliniek_Nieuwe_Opnames_COVID",
}
COLUMNS = ("Datum", *VALUES.values())  # the published header, in its order


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    raw = tabular.read_table(path, sep=",", required=COLUMNS, columns=COLUMNS, numeric=VALUES.values())
    frame = pd.DataFrame({"date": tabular.as_date(path, raw, "Datum", "%d-%m-%Y")})
    for name, column in VALUES.items():
        frame[name] = tabular.not_negative(
            path, tabular.as_int(path, raw, column, nullable=True), column, "a bed count"
        )
    tabular.check_not_in_future(path, frame["date"], "Datum", context.today)
    tabular.check_unique(path, [frame["date"]], "Datum", "date appears")
    frame = frame.sort_values("date", kind="stable", ignore_index=True)
    figures = frame[list(VALUES)]
    empty_days = int(figures.isna().all(axis=1).sum())
    notes = (f"{empty_days} days without any figure (NA in every column)",) if empty_days else ()
    return SourceFrame(KIND, path, frame, frame["date"].max().date(), notes)


SPECS = (
    SourceSpec(KIND, FILE_NAME, read, "LCPS hospital and ICU beds occupied by COVID-19 patients", MAX_BYTES),
)
