"""RIVM ``COVID-19_aantallen_gemeente_per_dag.csv``: new reports per municipality per publication day.

Tidy columns: ``date`` (``Date_of_publication``, datetime64), ``municipality_code`` ("" for the
per-GGD "unknown municipality" rows), ``region_code`` (``VRxx``, "" when unknown), ``ggd``
(``Municipal_health_service``, str), ``total_reported`` (int64), ``hospital_admission``
(float64; NaN throughout when the file has no such column, as in Version 2 from
2022-01-18), ``deceased`` (int64). Counts are daily, not cumulative; a negative count is a
correction and is kept (and counted in the notes).

The leading ``Version`` column (added in 2021) is optional. Names (municipality, province,
region, ROAZ) are not read: codes are the keys. ``obtained_on`` is the date of
``Date_of_report`` (one timestamp for the whole file).

Refused besides malformed cells: a municipality twice on one publication day, a publication
day after the file's own ``Date_of_report`` or after today, a municipality or
safety-region code the dashboard cannot place, and (with the reference's inhabitants in the
context) a count of one day larger than the municipality's number of inhabitants.

Size limit: about 370 rows (345 to 355 municipalities and one unknown-municipality row per
GGD) per publication day at 100 to 130 bytes a row (codes plus the names of municipality,
province, region, GGD and ROAZ region): 40 to 55 MB for the three years 2020-2023.
``MAX_BYTES`` allows about ten times that: 512 MB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

KIND = "rivm_per_day"
FILE_NAME = "COVID-19_aantallen_gemeente_per_dag.csv"
REQUIRED = (
    "Date_of_report",
    "Date_of_publication",
    "Municipality_code",
    "Security_region_code",
    "Municipal_health_service",
    "Total_reported",
    "Deceased",
)
OPTIONAL = ("Version", "Hospital_admission")
COUNTS = ("Total_reported", "Hospital_admission", "Deceased")
MAX_BYTES = 512 * MB


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    raw = tabular.read_table(
        path, sep=";", required=REQUIRED, columns=REQUIRED + OPTIONAL, numeric=("Version", *COUNTS)
    )
    if "Version" in raw.columns:
        tabular.as_int(path, raw, "Version")
    report = tabular.as_date(path, raw, "Date_of_report", "%Y-%m-%d %H:%M:%S")
    if "Hospital_admission" in raw.columns:
        hospital = tabular.as_int(path, raw, "Hospital_admission").astype(float)
    else:
        hospital = pd.Series(np.nan, index=raw.index, name="Hospital_admission")
    frame = pd.DataFrame(
        {
            "date": tabular.as_date(path, raw, "Date_of_publication", "%Y-%m-%d"),
            "municipality_code": tabular.as_code(
                path, raw, "Municipality_code", r"GM\d{4}", allow_empty=True
            ),
            "region_code": tabular.as_code(path, raw, "Security_region_code", r"VR\d\d", allow_empty=True),
            "ggd": tabular.as_text(path, raw, "Municipal_health_service"),
            "total_reported": tabular.as_int(path, raw, "Total_reported"),
            "hospital_admission": hospital,
            "deceased": tabular.as_int(path, raw, "Deceased"),
        }
    )
    tabular.check_not_in_future(path, report, "Date_of_report", context.today)
    tabular.check_published_before(path, frame["date"], "Date_of_publication", report, "Date_of_report")
    tabular.check_municipalities(path, frame["municipality_code"], "Municipality_code", context)
    tabular.check_regions(path, frame["region_code"], "Security_region_code", context)
    inhabitants = tabular.inhabitants_per_row(frame["municipality_code"], context)
    for name, column in zip(("total_reported", "hospital_admission", "deceased"), COUNTS, strict=True):
        tabular.check_within_inhabitants(path, frame[name], column, inhabitants, "a day's count of")
    known = frame["municipality_code"].to_numpy() != ""
    repeated = known & tabular.duplicated(frame["date"], frame["municipality_code"])
    reason = "the same municipality and publication day appear twice"
    tabular.refuse_first(path, repeated, reason, "Municipality_code")
    return SourceFrame(KIND, path, frame, report.max().date(), _notes(frame, known))


def _notes(frame: pd.DataFrame, known: np.ndarray) -> tuple[str, ...]:
    notes = []
    unknown = int((~known).sum())
    if unknown:
        notes.append(
            f"{unknown} rows for an unknown municipality (per GGD per day; counted in their safety region,"
            " where named, and in the country)"
        )
    if frame["hospital_admission"].isna().all():
        notes.append("no Hospital_admission column (Version 2 and later): hospital admissions left empty")
    negative = int((frame[["total_reported", "hospital_admission", "deceased"]] < 0).to_numpy().sum())
    if negative:
        notes.append(f"{negative} negative counts (corrections) kept as published")
    return tuple(notes)


SPECS = (
    SourceSpec(
        KIND,
        FILE_NAME,
        read,
        "RIVM positive tests, hospital admissions and deaths per municipality per publication day",
        MAX_BYTES,
    ),
)
