"""What readers check beyond a file's own shape: dates after the file's publication or after today, area
codes the dashboard cannot place, cumulative totals that fall too far, and text that is not UTF-8."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from dashapp.data.loader import read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import (
    lcps_beds,
    nice_intake,
    nivel_gp,
    rivm_cases,
    rivm_cumulative,
    rivm_ggd_tests,
    rivm_ic,
    rivm_nursing_homes,
    rivm_per_day,
    rivm_reproduction,
    rivm_sewage,
    tabular,
)
from dashapp.data.sources.base import ReadContext
from tests.sources.conftest import csv_bytes, raises_source_error, table, write

TODAY = date(2020, 11, 17)
CONTEXT = read_context(load_reference(), TODAY)


def test_the_context_knows_the_2020_division_its_successors_and_the_regions():
    reference = load_reference()
    later = CONTEXT.municipalities - set(reference.municipalities)
    assert later == {"GM1979", "GM1980", "GM1982", "GM1991", "GM1992"}  # formed 2021-2023
    assert set(reference.municipalities) <= CONTEXT.municipalities
    assert CONTEXT.regions == frozenset(f"VR{n:02d}" for n in range(1, 26))
    assert CONTEXT.today == TODAY


# --------------------------------------------------------------------------- RIVM cumulative

CUMULATIVE_HEADER = [
    "Date_of_report",
    "Municipality_code",
    "Municipality_name",
    "Province",
    "Total_reported",
    "Hospital_admission",
    "Deceased",
]


def cumulative(rows: list[tuple[str, str, int]]) -> bytes:
    """Rows of (report day, municipality code, Total_reported); "" is the province's unknown row."""
    lines = [
        [f"{day} 10:00:00", code, "x" if code else "", "Utrecht", str(total), "0", "0"]
        for day, code, total in rows
    ]
    return csv_bytes(CUMULATIVE_HEADER, lines)


def read_cumulative(tmp_path: Path, rows, context: ReadContext = CONTEXT):
    return rivm_cumulative.read(write(tmp_path, rivm_cumulative.FILE_NAME, cumulative(rows)), context)


@pytest.mark.parametrize(
    "before, after, refused",
    [
        (100, 49, True),  # loses 51: more than 50 and more than half
        (100, 50, False),  # loses 50: not more than 50
        (1000, 940, False),  # loses 60, far from half: a large correction
        (40, 0, False),  # loses everything, but only 40: a correction of a small total
        (500, 200, True),
        (20_000, 2_000, True),  # a digit lost
    ],
)
def test_a_cumulative_total_may_not_fall_by_more_than_half_and_more_than_50(tmp_path, before, after, refused):
    rows = [
        ("2020-11-15", "GM0344", before),
        ("2020-11-15", "GM0307", 7),
        ("2020-11-16", "GM0307", 8),
        ("2020-11-16", "GM0344", after),
    ]
    if not refused:
        assert read_cumulative(tmp_path, rows).frame["total_reported"].tolist() == [before, 7, 8, after]
        return
    path = write(tmp_path, rivm_cumulative.FILE_NAME, cumulative(rows))
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert (error.line, error.column) == (5, "Total_reported")
    assert f"falls from {before:,} on 2020-11-15 to {after:,}" in error.reason


def test_a_fall_is_measured_per_municipality_and_per_province_row(tmp_path):
    """The unknown-municipality rows of two provinces are two series; sorting by date is not needed."""
    header = CUMULATIVE_HEADER
    rows = [
        ["2020-11-16 10:00:00", "", "", "Utrecht", "500", "0", "0"],
        ["2020-11-15 10:00:00", "", "", "Zeeland", "400", "0", "0"],
        ["2020-11-15 10:00:00", "", "", "Utrecht", "520", "0", "0"],
        ["2020-11-16 10:00:00", "", "", "Zeeland", "100", "0", "0"],
    ]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(header, rows))
    error = raises_source_error(rivm_cumulative.read, path)
    assert (error.line, error.column) == (5, "Total_reported")
    assert "falls from 400 on 2020-11-15 to 100" in error.reason


def test_an_unknown_municipality_code_is_refused_and_a_successor_accepted(tmp_path):
    rows = [("2020-11-16", "GM0344", 10), ("2020-11-16", "GM1979", 3), ("2020-11-16", "GM0999", 1)]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, cumulative(rows))
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert (error.line, error.column) == (4, "Municipality_code")
    assert error.reason.startswith(
        "GM0999 is neither a municipality of the 2020 division nor a known successor"
    )
    # Read on its own (no reference given), the reader checks the code's form only.
    assert rivm_cumulative.read(path).frame["municipality_code"].tolist() == ["GM0344", "GM1979", "GM0999"]
    assert read_cumulative(tmp_path, rows[:2]).rows == 2


def test_a_report_day_after_today_is_refused(tmp_path):
    rows = [("2020-11-17", "GM0344", 10), ("2020-11-18", "GM0344", 11)]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, cumulative(rows))
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert (error.line, error.column) == (3, "Date_of_report")
    assert error.reason == "date 2020-11-18 is in the future (today is 2020-11-17 in Europe/Amsterdam)"
    assert rivm_cumulative.read(path).obtained_on == date(2020, 11, 18)  # no clock, no such check


# --------------------------------------------------------------------------- the publication date in the file

PER_DAY_HEADER, PER_DAY_ROWS = table("""
    Date_of_report;Date_of_publication;Municipality_code;Municipality_name;Province;Security_region_code;\
Security_region_name;Municipal_health_service;ROAZ_region;Total_reported;Hospital_admission;Deceased
    2020-11-17 10:00:00;2020-11-16;GM0014;Groningen;Groningen;VR01;Groningen;GGD Groningen;AZNN;3;0;0
    2020-11-17 10:00:00;2020-11-17;GM0014;Groningen;Groningen;VR01;Groningen;GGD Groningen;AZNN;2;1;0
""")


@pytest.mark.parametrize(
    "column, value, line, reason",
    [
        (
            "Date_of_publication",
            "2020-11-18",
            3,
            "date 2020-11-18 is after the file's own publication date 2020-11-17 (Date_of_report)",
        ),
        ("Date_of_report", "2020-11-18 10:00:00", 2, "date 2020-11-18 is in the future"),
        ("Municipality_code", "GM9000", 3, "GM9000 is neither a municipality"),
        ("Security_region_code", "VR30", 3, "VR30 is not one of the 25 safety regions"),
    ],
)
def test_per_day_file_checks(tmp_path, column, value, line, reason):
    rows = [list(row) for row in PER_DAY_ROWS]
    rows[line - 2][PER_DAY_HEADER.index(column)] = value
    path = write(tmp_path, rivm_per_day.FILE_NAME, csv_bytes(PER_DAY_HEADER, rows))
    error = raises_source_error(lambda p: rivm_per_day.read(p, CONTEXT), path)
    assert (error.line, error.column) == (line, column)
    assert reason in error.reason


def test_a_case_dated_after_the_file_is_refused(tmp_path):
    header, rows = table("""
        Date_file;Date_statistics;Date_statistics_type;Agegroup;Sex;Province;Hospital_admission;Deceased;\
Week_of_death;Municipal_health_service
        2020-11-17 10:00:00;2020-11-16;DPL;20-29;Female;Utrecht;No;No;;GGD regio Utrecht
        2020-11-17 10:00:00;2020-11-20;DOO;20-29;Female;Utrecht;No;No;;GGD regio Utrecht
    """)
    error = raises_source_error(
        rivm_cases.read, write(tmp_path, rivm_cases.FILE_NAME, csv_bytes(header, rows))
    )
    assert (error.line, error.column) == (3, "Date_statistics")
    assert "after the file's own publication date 2020-11-17 (Date_file)" in error.reason


def ic_record(day: str, report: str) -> dict:
    return {
        "Version": 1,
        "Date_of_report": f"{report} 00:30:00",
        "Date_of_statistics": day,
        "IC_admission_notification": 1,
        "IC_admission": 1,
    }


def test_an_ic_record_dated_after_its_report_names_its_line(tmp_path):
    text = json.dumps(
        [ic_record("2020-11-15", "2020-11-17"), ic_record("2020-11-18", "2020-11-17")], indent=1
    )
    error = raises_source_error(rivm_ic.read, write(tmp_path, rivm_ic.FILE_NAME, text))
    assert (error.line, error.column) == (9, "Date_of_statistics")  # the second record opens on line 9
    assert "date 2020-11-18 is after the file's own publication date 2020-11-17" in error.reason


def test_ggd_tests_check_dates_and_regions(tmp_path):
    header = [*rivm_ggd_tests.COLUMNS[:4], "Security_region_name", *rivm_ggd_tests.COLUMNS[4:]]
    rows = [["2", "2020-11-17 09:00:00", "2020-11-16", "VR01", "Groningen", "10", "1"]]
    path = write(tmp_path, rivm_ggd_tests.CSV_FILE_NAME, csv_bytes(header, rows))
    assert rivm_ggd_tests.read_csv(path, CONTEXT).rows == 1
    later = write(
        tmp_path,
        rivm_ggd_tests.CSV_FILE_NAME,
        csv_bytes(header, [[*rows[0][:2], "2020-11-18", *rows[0][3:]]]),
    )
    assert (
        "after the file's own publication date" in raises_source_error(rivm_ggd_tests.read_csv, later).reason
    )
    region = write(
        tmp_path, rivm_ggd_tests.CSV_FILE_NAME, csv_bytes(header, [[*rows[0][:3], "VR00", *rows[0][4:]]])
    )
    error = raises_source_error(lambda p: rivm_ggd_tests.read_csv(p, CONTEXT), region)
    assert (error.line, error.column) == (2, "Security_region_code")


def test_a_nursing_home_row_after_the_date_in_the_file_name_is_refused(tmp_path):
    spec = rivm_nursing_homes.SPECS[1]  # infected residents per safety region
    header = ["VeiligheidsregioCode", "VeiligheidsregioNaam", "MeldingsdatumGGD", "Aantal"]
    rows = [["VR01", "Groningen", "2020-11-16", "1"], ["VR01", "Groningen", "2020-11-18", "2"]]
    name = f"{rivm_nursing_homes.POSITIVE}_naar_veiligheidsregio_20201117_1000.csv"
    error = raises_source_error(spec.read, write(tmp_path, name, csv_bytes(header, rows)))
    assert (error.line, error.column) == (3, "MeldingsdatumGGD")
    assert "publication date 2020-11-17 (the date in the file name)" in error.reason
    rows[1] = ["VR27", "Nergens", "2020-11-17", "2"]
    error = raises_source_error(
        lambda p: spec.read(p, CONTEXT), write(tmp_path, name, csv_bytes(header, rows))
    )
    assert (error.line, error.column) == (3, "VeiligheidsregioCode")


# --------------------------------------------------------------------------- after today, stampless formats


LCPS_HEADER = ",".join(["Datum", *lcps_beds.VALUES.values()])
NIVEL_WEEK_48 = {
    "jaar": "2020",
    "week": "48",  # starts on Monday 23 November
    "incidentie_per_100000": "5,7",
    "geschat_aantal": "1",
    "ondergrens": "1",
    "bovengrens": "2",
}
STAMPLESS = [
    (
        lcps_beds.read,
        lcps_beds.FILE_NAME,
        f"{LCPS_HEADER}\n18-11-2020,1,2,3,4,5\n17-11-2020,1,2,3,4,5\n",
        2,
        "Datum",
    ),
    (
        nice_intake.read_ic,
        nice_intake.IC_FILE_NAME,
        json.dumps([[{"date": "2020-11-17", "value": 3}, {"date": "2020-11-18", "value": 1}]] * 2),
        1,
        "date",
    ),
    (
        rivm_reproduction.read,
        rivm_reproduction.FILE_NAME,
        json.dumps([{"Date": "2020-11-18", "Rt_low": "0.9", "Rt_up": "1.1", "population": "testpos"}]),
        1,
        "Date",
    ),
    (
        rivm_sewage.read,
        rivm_sewage.FILE_NAME,
        ";".join(rivm_sewage.COLUMNS_2021) + "\n1;2020-11-18;1008;Stadskanaal;;7608016\n",
        2,
        "Date_measurement",
    ),
    (nivel_gp.read, nivel_gp.FILE_NAME, json.dumps({"data": [NIVEL_WEEK_48]}), 1, "week"),
]


@pytest.mark.parametrize("read, name, content, line, column", STAMPLESS, ids=[case[1] for case in STAMPLESS])
def test_a_format_without_a_publication_stamp_refuses_a_date_after_today(
    tmp_path, read, name, content, line, column
):
    path = write(tmp_path, name, content)
    assert read(path).rows >= 1  # on its own: no clock, no such check
    error = raises_source_error(lambda p: read(p, CONTEXT), path)
    assert (error.line, error.column) == (line, column)
    assert "is in the future (today is 2020-11-17 in Europe/Amsterdam)" in error.reason


# --------------------------------------------------------------------------- bytes that are not UTF-8 text


def test_utf16_with_a_byte_order_mark_is_named(tmp_path):
    path = write(tmp_path, lcps_beds.FILE_NAME, "Datum,IC_Bedden_COVID\n17-11-2020,1\n".encode("utf-16"))
    error = raises_source_error(lcps_beds.read, path)
    assert error.reason == "file is UTF-16 text (it starts with a UTF-16 byte-order mark); expected UTF-8"
    assert error.line == 1


def test_nul_bytes_are_named_with_their_line(tmp_path):
    content = b"Datum,IC_Bedden_COVID\n17-11-2020,1\n" + "16-11-2020,2\n".encode("utf-16-le")
    error = raises_source_error(lcps_beds.read, write(tmp_path, lcps_beds.FILE_NAME, content))
    assert error.line == 3
    assert error.reason.startswith("file holds NUL bytes")


def test_a_file_whose_length_changes_during_the_read_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, lcps_beds.FILE_NAME, b"Datum,IC_Bedden_COVID\n17-11-2020,1\n")
    real_fstat = os.fstat

    def fstat(descriptor):  # the size when the file was opened; it grows by 10 bytes before the read ends
        info = real_fstat(descriptor)
        return os.stat_result((*info[:6], info.st_size - 10, *info[7:]))

    monkeypatch.setattr(tabular.os, "fstat", fstat)
    error = raises_source_error(tabular.read_bytes, path)
    assert error.reason == "file changed while it was being read (25 bytes when opened, 35 read)"
