"""RIVM ``COVID-19_aantallen_gemeente_cumulatief.csv``: cumulative counts per municipality per report day.

Tidy columns: ``date`` (the report day), ``municipality_code`` ("" for the per-province
"unknown municipality" rows), ``province``, ``total_reported``, ``hospital_admission``,
``deceased`` (cumulative, int64). The file is generated at 10:00 on each report day.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.errors import SourceError
from dashapp.data.sources import tabular
from dashapp.data.sources.base import SourceFrame, SourceSpec

KIND = "rivm_cumulative"
FILE_NAME = "COVID-19_aantallen_gemeente_cumulatief.csv"
COLUMNS = (
    "Date_of_report",
    "Municipality_code",
    "Municipality_name",
    "Province",
    "Total_reported",
    "Hospital_admission",
    "Deceased",
)

COUNT_COLUMNS = {
    "total_reported": "Total_reported",
    "hospital_admission": "Hospital_admission",
    "deceased": "Deceased",
}


def read(path: Path) -> SourceFrame:
    raw = tabular.read_table(path, sep=";", required=COLUMNS, numeric=COUNT_COLUMNS.values())
    frame = pd.DataFrame(
        {
            "date": tabular.as_date(path, raw, "Date_of_report", "%Y-%m-%d %H:%M:%S"),
            "municipality_code": tabular.as_code(
                path, raw, "Municipality_code", r"GM\d{4}", allow_empty=True
            ),
            "province": tabular.as_text(path, raw, "Province"),
            "total_reported": tabular.as_int(path, raw, "Total_reported"),
            "hospital_admission": tabular.as_int(path, raw, "Hospital_admission"),
            "deceased": tabular.as_int(path, raw, "Deceased"),
        }
    )
    for column, source_column in COUNT_COLUMNS.items():
        negative = (frame[column] < 0).to_numpy()
        if negative.any():
            row = int(negative.argmax())
            raise SourceError(
                path,
                f"a cumulative count cannot be negative ({frame[column].iloc[row]})",
                line=row + 2,
                column=source_column,
            )
    duplicated = tabular.duplicated(frame["date"], frame["municipality_code"], frame["province"])
    if duplicated.any():
        row = int(duplicated.argmax())
        raise SourceError(
            path,
            "the same municipality and report day appear twice",
            line=row + 2,
            column="Municipality_code",
        )
    unknown = int((frame["municipality_code"] == "").sum())
    notes = (f"{unknown} rows for an unknown municipality (counted nationally only)",) if unknown else ()
    return SourceFrame(KIND, path, frame, frame["date"].max().date(), notes)


SPECS = (
    SourceSpec(
        KIND,
        FILE_NAME,
        read,
        "RIVM positive tests, hospital admissions and deaths per municipality (cumulative)",
    ),
)
