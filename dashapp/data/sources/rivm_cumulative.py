"""RIVM ``COVID-19_aantallen_gemeente_cumulatief.csv``: cumulative counts per municipality per report day.

Tidy columns: ``date`` (the report day), ``municipality_code`` ("" for the per-province
"unknown municipality" rows), ``province``, ``total_reported``, ``hospital_admission``,
``deceased`` (cumulative, int64). The file is generated at 10:00 on each report day.

Refused (file, line, column): a negative total; a municipality twice on one report day; a
report day after today; a code the dashboard cannot place (see ``tabular.check_municipalities``);
a total that rises from one report day to the next by more than the municipality's number of
inhabitants (with the reference's inhabitants in the context); and a total that falls by more
than half *and* by more than ``MAX_DROP`` from one report day to the next. Corrections make
totals fall, but little: in the real file of 2020-09-15 the largest fall is 32 (GM0363,
195 -> 163 on 2020-03-21) of 745 falls of ``Total_reported``, and no fall of 15 or more loses
more than 52 % of the total. A total losing half of itself and dozens of reports at once is a
damaged file (a cut-off number, shifted columns), not a correction.

Size limit: the file grows by 367 rows a day, 21 kB at the 58 bytes a row of the real file of
2020-09-15 (3.97 MB for 187 days): three years of reports come to about 25 MB, and the
full-size demo (1000 days) is 22 MB. ``MAX_BYTES`` allows ten times that: 256 MB.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.errors import SourceError
from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, Coded, ReadContext, SourceFrame, SourceSpec

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

MAX_BYTES = 256 * MB
MAX_DROP = 50
MAX_DROP_SHARE = 0.5
COUNT_COLUMNS = {
    "total_reported": "Total_reported",
    "hospital_admission": "Hospital_admission",
    "deceased": "Deceased",
}


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    raw = tabular.read_table(path, sep=";", required=COLUMNS, numeric=COUNT_COLUMNS.values())
    # The codes and provinces once as codes of their distinct texts: the checks below group and
    # compare rows by them without hashing 370,000 texts each time (the demo's 1,000 days).
    municipality = tabular.code_column(path, raw, "Municipality_code", r"GM\d{4}", allow_empty=True)
    province = tabular.text_column(path, raw, "Province")
    frame = pd.DataFrame(
        {
            "date": tabular.as_date(path, raw, "Date_of_report", "%Y-%m-%d %H:%M:%S"),
            "municipality_code": municipality.series,
            "province": province.series,
            "total_reported": tabular.as_int(path, raw, "Total_reported"),
            "hospital_admission": tabular.as_int(path, raw, "Hospital_admission"),
            "deceased": tabular.as_int(path, raw, "Deceased"),
        }
    )
    for column, source_column in COUNT_COLUMNS.items():
        tabular.not_negative(path, frame[column], source_column, "a cumulative count", quote=True)
    places: list[pd.Series | Coded] = [frame["date"], municipality, province]
    tabular.check_unique(path, places, "Municipality_code", "municipality and report day appear")
    tabular.check_not_in_future(path, frame["date"], "Date_of_report", context.today)
    tabular.check_municipalities(path, municipality, "Municipality_code", context)
    order, same_place = _in_date_order(frame, municipality, province)
    _check_falls(path, frame, order, same_place)
    _check_rises(path, frame, order, same_place, municipality, context)
    empty = municipality.code_of("")
    unknown = 0 if empty is None else int(np.count_nonzero(municipality.codes == empty))
    notes = (f"{unknown} rows for an unknown municipality (counted nationally only)",) if unknown else ()
    obtained = frame["date"].max().date()
    return SourceFrame(KIND, path, frame, obtained, notes, coded={"municipality_code": municipality})


def _in_date_order(
    frame: pd.DataFrame, municipality: Coded, province: Coded
) -> tuple[np.ndarray, np.ndarray]:
    """Row positions sorted by place, then date; and, per position but the first, whether that
    row continues the place of the row before it."""
    place = municipality.codes.astype(np.int64) * (len(province.texts) + 1) + province.codes
    order = np.lexsort((frame["date"].to_numpy(), place))
    return order, place[order][1:] == place[order][:-1]


def _previous_day(frame: pd.DataFrame, order: np.ndarray, row: int) -> str:
    index = int(np.flatnonzero(order == row)[0])
    return frame["date"].iloc[int(order[index - 1])].date().isoformat()


def _check_falls(path: Path, frame: pd.DataFrame, order: np.ndarray, same_place: np.ndarray) -> None:
    """Refuse a total that falls by more than half and more than ``MAX_DROP`` between report days."""
    rows = order[1:]
    for column, source_column in COUNT_COLUMNS.items():
        values = frame[column].to_numpy()[order]
        before, after = values[:-1], values[1:]
        fall = before - after
        bad = same_place & (fall > MAX_DROP) & (fall > MAX_DROP_SHARE * before)
        if bad.any():
            row = int(rows[bad].min())
            index = int(np.flatnonzero(rows == row)[0])
            raise SourceError(
                path,
                f"the cumulative count falls from {before[index]:,} on {_previous_day(frame, order, row)}"
                f" to {after[index]:,}: a correction never removes more than half of a total and more"
                f" than {MAX_DROP} at once",
                line=row + 2,
                column=source_column,
            )


def _check_rises(
    path: Path,
    frame: pd.DataFrame,
    order: np.ndarray,
    same_place: np.ndarray,
    municipality: Coded,
    context: ReadContext,
) -> None:
    """Refuse a total that rises, from one report day to the next, by more than the municipality has
    inhabitants (a municipality's first total counts as a rise from nothing)."""
    inhabitants = tabular.inhabitants_per_row(municipality, context)
    if inhabitants is None:
        return
    for column, source_column in COUNT_COLUMNS.items():
        values = frame[column].to_numpy()[order]
        before = np.concatenate(([0], np.where(same_place, values[:-1], 0)))
        too_steep = (values - before) > inhabitants[order]
        if too_steep.any():
            row = int(order[too_steep].min())
            index = int(np.flatnonzero(order == row)[0])
            since = f" on {_previous_day(frame, order, row)}" if index and same_place[index - 1] else ""
            raise SourceError(
                path,
                f"the cumulative count rises from {before[index]:,}{since} to {values[index]:,}:"
                f" by more than the municipality's {inhabitants[row]:,.0f} inhabitants in one report day",
                line=row + 2,
                column=source_column,
            )


SPECS = (
    SourceSpec(
        KIND,
        FILE_NAME,
        read,
        "RIVM positive tests, hospital admissions and deaths per municipality (cumulative)",
        MAX_BYTES,
    ),
)
