"""Counts that no municipality can produce: a day's count above its number of inhabitants, a cumulative
total that rises by more than that in one report day, and numbers beyond a 64-bit integer.

Both sides of every bound are tested: the bound itself is accepted, one more is refused, and the
small falls that RIVM's corrections cause stay accepted.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dashapp.data.loader import read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import rivm_cumulative, rivm_ic, rivm_per_day
from tests.sources.conftest import csv_bytes, raises_source_error, write

TODAY = date(2020, 11, 17)
REFERENCE = load_reference()
CONTEXT = read_context(REFERENCE, TODAY)
APPINGEDAM = "GM0003"
APPINGEDAM_INHABITANTS = REFERENCE.municipalities[APPINGEDAM].inhabitants
INT64_MAX = 2**63 - 1

PER_DAY_HEADER = [
    "Date_of_report",
    "Date_of_publication",
    "Municipality_code",
    "Security_region_code",
    "Municipal_health_service",
    "Total_reported",
    "Hospital_admission",
    "Deceased",
]
CUMULATIVE_HEADER = [
    "Date_of_report",
    "Municipality_code",
    "Municipality_name",
    "Province",
    "Total_reported",
    "Hospital_admission",
    "Deceased",
]


def per_day_file(tmp_path: Path, counts: dict[str, object], code: str = APPINGEDAM) -> Path:
    """One publication day: ``code`` with ``counts`` (by column; others 0), then another municipality."""
    values = {"Total_reported": 0, "Hospital_admission": 0, "Deceased": 0, **counts}
    first = ["2020-11-17 10:00:00", "2020-11-16", code, "VR01", "GGD Groningen", *map(str, values.values())]
    second = ["2020-11-17 10:00:00", "2020-11-16", "GM0010", "VR01", "GGD Groningen", "1", "0", "0"]
    return write(tmp_path, rivm_per_day.FILE_NAME, csv_bytes(PER_DAY_HEADER, [second, first]))


def cumulative_file(tmp_path: Path, totals: list[tuple[str, object]], code: str = APPINGEDAM) -> Path:
    """``code``'s Total_reported per report day, after a row of another municipality."""
    rows = [["2020-11-10 10:00:00", "GM0010", "x", "Groningen", "5", "0", "0"]]
    rows += [[f"{day} 10:00:00", code, "x", "Groningen", str(total), "0", "0"] for day, total in totals]
    return write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(CUMULATIVE_HEADER, rows))


def test_the_context_holds_inhabitants_of_every_placeable_municipality():
    assert CONTEXT.inhabitants is not None
    assert set(CONTEXT.inhabitants) == CONTEXT.municipalities
    assert CONTEXT.inhabitants[APPINGEDAM] == APPINGEDAM_INHABITANTS == 11_642
    # GM1979 (Eemsdelta, 2021) was formed from Appingedam, Delfzijl and Loppersum.
    formed_from = {s.old_code for s in REFERENCE.successors if s.new_code == "GM1979"}
    assert CONTEXT.inhabitants["GM1979"] == sum(REFERENCE.municipalities[c].inhabitants for c in formed_from)
    hash(CONTEXT)  # still usable as a key


@pytest.mark.parametrize("column", ["Total_reported", "Hospital_admission", "Deceased"])
def test_a_days_count_above_the_municipalitys_inhabitants_is_refused(tmp_path, column):
    path = per_day_file(tmp_path, {column: APPINGEDAM_INHABITANTS + 1})
    error = raises_source_error(lambda p: rivm_per_day.read(p, CONTEXT), path)
    assert (error.line, error.column) == (3, column)
    assert error.reason == "a day's count of 11,643 is more than the municipality's 11,642 inhabitants"


def test_a_days_count_equal_to_the_inhabitants_or_negative_is_accepted(tmp_path):
    path = per_day_file(tmp_path, {"Total_reported": APPINGEDAM_INHABITANTS, "Deceased": -3})
    frame = rivm_per_day.read(path, CONTEXT).frame
    assert frame["total_reported"].tolist() == [1, APPINGEDAM_INHABITANTS]
    assert frame["deceased"].tolist() == [0, -3]  # a correction


def test_without_inhabitants_in_the_context_the_bound_is_not_checked(tmp_path):
    path = per_day_file(tmp_path, {"Total_reported": APPINGEDAM_INHABITANTS + 1})
    assert rivm_per_day.read(path).frame["total_reported"].max() == APPINGEDAM_INHABITANTS + 1


def test_a_successor_is_bounded_by_the_municipalities_it_was_formed_from(tmp_path):
    bound = CONTEXT.inhabitants["GM1979"]
    assert rivm_per_day.read(per_day_file(tmp_path, {"Total_reported": bound}, "GM1979"), CONTEXT).rows == 2
    path = per_day_file(tmp_path, {"Total_reported": bound + 1}, "GM1979")
    assert raises_source_error(lambda p: rivm_per_day.read(p, CONTEXT), path).column == "Total_reported"


def test_the_unknown_municipality_rows_have_no_bound(tmp_path):
    path = per_day_file(tmp_path, {"Total_reported": 50_000}, code="")
    assert rivm_per_day.read(path, CONTEXT).frame["total_reported"].max() == 50_000


@pytest.mark.parametrize(
    "rise, refused",
    [(APPINGEDAM_INHABITANTS, False), (APPINGEDAM_INHABITANTS + 1, True)],
    ids=["by-the-inhabitants", "by-one-more"],
)
def test_a_cumulative_total_may_not_rise_by_more_than_the_inhabitants_in_a_day(tmp_path, rise, refused):
    path = cumulative_file(tmp_path, [("2020-11-14", 90), ("2020-11-15", 100), ("2020-11-16", 100 + rise)])
    if not refused:
        assert rivm_cumulative.read(path, CONTEXT).frame["total_reported"].iloc[-1] == 100 + rise
        return
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert (error.line, error.column) == (5, "Total_reported")
    assert error.reason == (
        "the cumulative count rises from 100 on 2020-11-15 to 11,743: by more than the municipality's"
        " 11,642 inhabitants in one report day"
    )
    assert rivm_cumulative.read(path).rows == 4  # on its own, the reader has no inhabitants to check


def test_a_first_total_above_the_inhabitants_is_refused(tmp_path):
    path = cumulative_file(tmp_path, [("2020-11-16", APPINGEDAM_INHABITANTS + 1)])
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert (error.line, error.column) == (3, "Total_reported")
    assert error.reason.startswith("the cumulative count rises from 0 to 11,643: by more than")


def test_a_correction_that_lowers_a_total_by_a_few_is_accepted(tmp_path):
    totals = [("2020-11-14", 195), ("2020-11-15", 163), ("2020-11-16", 170)]  # GM0363 on 2020-03-21
    frame = rivm_cumulative.read(cumulative_file(tmp_path, totals), CONTEXT).frame
    assert frame["total_reported"].tolist() == [5, 195, 163, 170]


# --------------------------------------------------------------------------- 64-bit integers


@pytest.mark.parametrize(
    "value, found",
    [
        ("1" + "0" * 22, "a number of 23 digits"),
        (str(2**63), "a number of 19 digits"),  # pandas reads it as an unsigned 64-bit integer
        ("-" + "9" * 25, "a number of 25 digits"),
        ("1e30", "'1e+30'"),  # read as a float
    ],
    ids=["23-digits", "2-to-the-63", "negative-25-digits", "exponent"],
)
def test_a_number_beyond_a_64_bit_integer_is_refused_as_too_large(tmp_path, value, found):
    path = cumulative_file(tmp_path, [("2020-11-16", value)])
    error = raises_source_error(rivm_cumulative.read, path)
    assert (error.line, error.column) == (3, "Total_reported")
    assert error.reason == f"number too large for a 64-bit integer (found {found})"
    assert "negative" not in error.reason


def test_the_largest_64_bit_integer_is_still_a_number(tmp_path):
    path = cumulative_file(tmp_path, [("2020-11-16", INT64_MAX)])
    assert rivm_cumulative.read(path).frame["total_reported"].iloc[-1] == INT64_MAX


def test_a_too_large_count_in_a_day_file_is_refused_as_too_large(tmp_path):
    path = per_day_file(tmp_path, {"Deceased": "9" * 23})
    error = raises_source_error(rivm_per_day.read, path)
    assert (error.line, error.column, error.reason) == (
        3,
        "Deceased",
        "number too large for a 64-bit integer (found a number of 23 digits)",
    )


def test_a_too_large_json_integer_is_refused_as_too_large(tmp_path):
    record = {
        "Version": 2,
        "Date_of_report": "2020-11-17 10:00:00",
        "Date_of_statistics": "2020-11-16",
        "IC_admission_notification": 3,
        "IC_admission": 10**22,
    }
    path = write(tmp_path, rivm_ic.FILE_NAME, json.dumps([record]))
    error = raises_source_error(rivm_ic.read, path)
    assert (error.line, error.column) == (1, "IC_admission")
    assert error.reason == "number too large for a 64-bit integer (found a number of 23 digits)"
