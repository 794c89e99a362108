"""RIVM ``COVID-19_casus_landelijk.csv``: one row per reported case (national, no municipality).

Tidy columns: ``date`` (``Date_statistics``, datetime64), ``date_type``
(``Date_statistics_type``: "DOO" onset, "DPL" positive lab result, "DON" notification),
``age_group`` ("0-9" .. "80-89", "90+", "<50", "Unknown"), ``sex`` ("Male", "Female",
"Unknown"), ``province``, ``hospital_admission`` and ``deceased`` ("Yes", "No",
"Unknown"), ``ggd`` (``Municipal_health_service``); all text columns are plain python
``str``. Every enumeration is checked: an unknown value is an error naming line and column.

``Week_of_death`` and an optional ``Version`` column are not read. ``obtained_on`` is the
date of ``Date_file`` (the generation time, e.g. "2020-11-17 10:00:00").

Rows are NOT checked for repeats: each row is one case, and identical cases (same day, age
group, sex, province, outcome, GGD) are common. Refused: a ``Date_statistics`` after the
row's own ``Date_file``, or a ``Date_file`` after today.

Size limit: the largest file of all, one row per reported case at about 90 bytes. With some
8.5 million cases by the end of 2022 it reached several hundred MB (about 750 MB at 90
bytes a row). ``MAX_BYTES`` allows 2 GB: room to grow, while a file many times larger than
anything RIVM published (say an endless download) is refused before it can exhaust memory.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec

KIND = "rivm_cases"
FILE_NAME = "COVID-19_casus_landelijk.csv"
COLUMNS = (  # the published header, in its order
    "Date_file",
    "Date_statistics",
    "Date_statistics_type",
    "Agegroup",
    "Sex",
    "Province",
    "Hospital_admission",
    "Deceased",
    "Week_of_death",
    "Municipal_health_service",
)
REQUIRED = tuple(column for column in COLUMNS if column != "Week_of_death")
MAX_BYTES = 2048 * MB
DATE_TYPES = ("DOO", "DPL", "DON")
AGE_BANDS = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+")
AGE_GROUPS = (*AGE_BANDS, "<50", "Unknown")
SEXES = ("Male", "Female", "Unknown")
YES_NO = ("Yes", "No", "Unknown")


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    raw = tabular.read_table(path, sep=";", required=REQUIRED, columns=REQUIRED)
    generated = tabular.as_date(path, raw, "Date_file", "%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame(
        {
            "date": tabular.as_date(path, raw, "Date_statistics", "%Y-%m-%d"),
            "date_type": tabular.as_choice(path, raw, "Date_statistics_type", DATE_TYPES),
            "age_group": tabular.as_choice(path, raw, "Agegroup", AGE_GROUPS),
            "sex": tabular.as_choice(path, raw, "Sex", SEXES),
            "province": tabular.as_text(path, raw, "Province", allow_empty=False),
            "hospital_admission": tabular.as_choice(path, raw, "Hospital_admission", YES_NO),
            "deceased": tabular.as_choice(path, raw, "Deceased", YES_NO),
            "ggd": tabular.as_text(path, raw, "Municipal_health_service", allow_empty=False),
        }
    )
    tabular.check_not_in_future(path, generated, "Date_file", context.today)
    tabular.check_published_before(path, frame["date"], "Date_statistics", generated, "Date_file")
    unknown_age = int((frame["age_group"] == "Unknown").sum())
    notes = (f"{unknown_age} cases with an unknown age group",) if unknown_age else ()
    return SourceFrame(KIND, path, frame, generated.max().date(), notes)


SPECS = (
    SourceSpec(KIND, FILE_NAME, read, "RIVM reported cases (age group, sex, outcome; national)", MAX_BYTES),
)
