"""Hand-written tables for the formats without a real copy (per-day, cases) and the rules of each reader."""

from __future__ import annotations

import os
from datetime import date, datetime
from fnmatch import fnmatch
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp.data.sources import (
    ALL_SPECS,
    lcps_beds,
    rivm_cases,
    rivm_ggd_tests,
    rivm_nursing_homes,
    rivm_per_day,
    rivm_sewage,
)
from dashapp.data.sources.base import file_date
from tests.sources.conftest import assert_tidy, csv_bytes, raises_source_error, table, write

TS = pd.Timestamp
PER_DAY_COLUMNS = (
    "date",
    "municipality_code",
    "region_code",
    "ggd",
    "total_reported",
    "hospital_admission",
    "deceased",
)
PLACE = {
    "GM0014": "Groningen;Groningen;VR01;Groningen;GGD Groningen;Acute Zorgnetwerk Noord Nederland",
    "GM0363": "Amsterdam;Noord-Holland;VR13;Amsterdam-Amstelland;GGD Amsterdam;Netwerk Acute Zorg Noordwest",
    "": ";Noord-Holland;VR13;Amsterdam-Amstelland;GGD Amsterdam;Netwerk Acute Zorg Noordwest",
    "-": ";Groningen;VR01;Groningen;GGD Groningen;Acute Zorgnetwerk Noord Nederland",
}
PER_DAY_HEADER = [
    "Date_of_report",
    "Date_of_publication",
    "Municipality_code",
    "Municipality_name",
    "Province",
    "Security_region_code",
    "Security_region_name",
    "Municipal_health_service",
    "ROAZ_region",
    "Total_reported",
    "Hospital_admission",
    "Deceased",
]


def per_day_rows(report: str, with_hospital: bool = True) -> list[list[str]]:
    counts = {
        ("2021-03-01", "GM0014"): ("12", "1", "0"),
        ("2021-03-01", "GM0363"): ("120", "4", "1"),
        ("2021-03-01", ""): ("3", "0", "0"),
        ("2021-03-01", "-"): ("1", "0", "0"),
        ("2021-03-02", "GM0014"): ("-2", "0", "0"),
        ("2021-03-02", "GM0363"): ("98", "2", "2"),
        ("2021-03-02", ""): ("0", "0", "0"),
        ("2021-03-02", "-"): ("2", "1", "0"),
    }
    rows = []
    for (day, code), (total, hospital, deceased) in counts.items():
        place = PLACE[code].split(";")
        row = [report, day, code.strip("-"), *place, total, hospital, deceased]
        rows.append(row if with_hospital else row[:-2] + row[-1:])
    return rows


@pytest.mark.parametrize("version", [None, "1"])
def test_per_day_file_before_and_with_the_version_column(tmp_path, version):
    header, rows = PER_DAY_HEADER, per_day_rows("2021-03-02 10:00:00")
    if version:
        header, rows = ["Version", *header], [[version, *row] for row in rows]
    source = rivm_per_day.read(write(tmp_path, rivm_per_day.FILE_NAME, csv_bytes(header, rows)))
    frame = source.frame
    assert_tidy(frame, PER_DAY_COLUMNS)
    assert source.kind == "rivm_per_day"
    assert source.obtained_on == date(2021, 3, 2)
    assert frame["date"].tolist() == [TS("2021-03-01")] * 4 + [TS("2021-03-02")] * 4
    assert frame["municipality_code"].tolist()[:4] == ["GM0014", "GM0363", "", ""]
    assert frame["region_code"].tolist()[:4] == ["VR01", "VR13", "VR13", "VR01"]
    assert frame["ggd"].iloc[1] == "GGD Amsterdam"
    assert frame["total_reported"].dtype == np.int64 and frame["deceased"].dtype == np.int64
    assert frame["hospital_admission"].dtype == np.float64
    assert frame.groupby("date")["total_reported"].sum().tolist() == [136, 98]
    assert frame["hospital_admission"].sum() == 8
    # the two unknown-municipality rows per day (one per GGD) are legal; the negative is a correction
    assert any("4 rows for an unknown municipality" in note for note in source.notes)
    assert any("1 negative" in note for note in source.notes)


def test_per_day_file_version_2_has_no_hospital_admissions(tmp_path):
    header = ["Version", *PER_DAY_HEADER[:-2], "Deceased"]
    rows = [["2", *row] for row in per_day_rows("2022-01-18 10:00:00", with_hospital=False)]
    source = rivm_per_day.read(write(tmp_path, rivm_per_day.FILE_NAME, csv_bytes(header, rows)))
    assert_tidy(source.frame, PER_DAY_COLUMNS)
    assert source.frame["hospital_admission"].isna().all()
    assert source.frame["hospital_admission"].dtype == np.float64
    assert source.frame["deceased"].sum() == 3
    assert any("Hospital_admission" in note for note in source.notes)
    assert source.obtained_on == date(2022, 1, 18)


def test_per_day_file_refuses_a_bad_region_code(tmp_path):
    rows = per_day_rows("2021-03-02 10:00:00")
    rows[5][5] = "VR1"
    path = write(tmp_path, rivm_per_day.FILE_NAME, csv_bytes(PER_DAY_HEADER, rows))
    error = raises_source_error(rivm_per_day.read, path)
    assert (error.line, error.column) == (7, "Security_region_code")


CASE_HEADER, CASE_ROWS = table("""
    Date_file;Date_statistics;Date_statistics_type;Agegroup;Sex;Province;Hospital_admission;Deceased;\
Week_of_death;Municipal_health_service
    2020-11-17 10:00:00;2020-02-27;DOO;50-59;Male;Noord-Brabant;No;No;;GGD Brabant-Zuidoost
    2020-11-17 10:00:00;2020-11-16;DPL;20-29;Female;Utrecht;No;No;;GGD regio Utrecht
    2020-11-17 10:00:00;2020-11-10;DON;90+;Female;Utrecht;Yes;Yes;202046;GGD regio Utrecht
    2020-11-17 10:00:00;2020-04-01;DOO;<50;Unknown;Fryslân;Unknown;Unknown;;GGD Fryslân
    2020-11-17 10:00:00;2020-11-16;DPL;Unknown;Male;Limburg;No;No;;GGD Limburg-Noord
""")


def test_case_file(tmp_path):
    source = rivm_cases.read(write(tmp_path, rivm_cases.FILE_NAME, csv_bytes(CASE_HEADER, CASE_ROWS)))
    frame = source.frame
    assert_tidy(
        frame, ("date", "date_type", "age_group", "sex", "province", "hospital_admission", "deceased", "ggd")
    )
    assert source.obtained_on == date(2020, 11, 17)
    assert frame["date"].tolist()[:2] == [TS("2020-02-27"), TS("2020-11-16")]
    assert frame["age_group"].tolist() == ["50-59", "20-29", "90+", "<50", "Unknown"]
    assert frame["province"].iloc[3] == "Fryslân"
    assert frame["deceased"].tolist().count("Yes") == 1
    assert any("1 cases with an unknown age group" in note for note in source.notes)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("Date_statistics_type", "DOB"),
        ("Agegroup", "100+"),
        ("Agegroup", "0-10"),
        ("Sex", "M"),
        ("Hospital_admission", "yes"),
        ("Deceased", ""),
        ("Province", ""),
        ("Date_file", "2020-11-17"),
    ],
)
def test_case_file_enumerations_and_formats_are_checked(tmp_path, column, value):
    rows = [list(row) for row in CASE_ROWS]
    rows[3][CASE_HEADER.index(column)] = value
    path = write(tmp_path, rivm_cases.FILE_NAME, csv_bytes(CASE_HEADER, rows))
    error = raises_source_error(rivm_cases.read, path)
    assert (error.line, error.column) == (5, column)


SEWAGE_2020_HEADER, SEWAGE_2020_ROWS = table(
    """
    Date_measurement|RWZI_AWZI_code|RWZI_AWZI_name|X_coordinate|Y_coordinate|Postal_code|Security_region_code|\
Security_region_name|Percentage_in_security_region|RNA_per_ml|Representative_measurement
    2020-04-01|9016|Arnhem|187878|442241|6841HJ|VR07|Gelderland-Midden|0,864490095|984|TRUE
    2020-04-01|9016|Arnhem|187878|442241|6841HJ|VR08|Gelderland-Zuid|0,135509905|984|TRUE
    2020-04-01|9016|Arnhem|187878|442241|6841HJ|VR08|Gelderland-Zuid|0,135509905|984|TRUE
    2020-04-02|1033|Garmerwolde|240219|585040|9798TA|VR01|Groningen|1|0|FALSE
""",
    sep="|",  # written comma-separated by csv_bytes, which quotes the decimal commas
)


def test_sewage_2020_layout(tmp_path):
    content = csv_bytes(SEWAGE_2020_HEADER, SEWAGE_2020_ROWS, sep=",", bom=True, line_end="\r\n")
    assert b'"0,864490095"' in content
    path = write(tmp_path, rivm_sewage.FILE_NAME, content)
    os.utime(path, (TS("2020-10-07 12:00").timestamp(),) * 2)
    source = rivm_sewage.read(path)
    frame = source.frame
    # nothing is deduplicated, not even the verbatim repeat
    assert source.rows == 4
    assert frame["plant_code"].tolist() == ["9016", "9016", "9016", "1033"]
    assert frame["region_share"].tolist() == pytest.approx([0.864490095, 0.135509905, 0.135509905, 1.0])
    assert frame["value"].tolist() == [984.0, 984.0, 984.0, 0.0]
    assert frame["representative"].tolist() == [True, True, True, False]
    assert set(frame["unit"]) == {"rna_per_ml"}
    assert source.obtained_on == file_date(path) == date(2020, 10, 7)


@pytest.mark.parametrize(("share", "bad"), [("0", True), ("1,5", True), ("0,5", False), ("x", True)])
def test_sewage_2020_share_must_be_a_fraction(tmp_path, share, bad):
    rows = [list(row) for row in SEWAGE_2020_ROWS]
    rows[2][8] = share
    path = write(tmp_path, rivm_sewage.FILE_NAME, csv_bytes(SEWAGE_2020_HEADER, rows, sep=","))
    if bad:
        error = raises_source_error(rivm_sewage.read, path)
        assert (error.line, error.column) == (4, "Percentage_in_security_region")
    else:
        assert rivm_sewage.read(path).frame["region_share"].iloc[2] == 0.5


SEWAGE_2021_HEADER = list(rivm_sewage.COLUMNS_2021)


def test_sewage_2021_layout(tmp_path):
    rows = [
        ["1", "2020-09-06", "32002", "Tilburg", "1837", ""],
        ["1", "2020-09-07", "32002", "Tilburg", "", "60993927895159"],
        ["1", "2020-09-11", "11005", "Amstelveen", "", "17558522156474"],
    ]
    source = rivm_sewage.read(write(tmp_path, rivm_sewage.FILE_NAME, csv_bytes(SEWAGE_2021_HEADER, rows)))
    frame = source.frame
    assert frame["unit"].tolist() == ["rna_per_ml", "rna_flow_per_100k", "rna_flow_per_100k"]
    assert frame["value"].tolist() == [1837.0, 60993927895159.0, 17558522156474.0]
    assert frame["region_code"].tolist() == ["", "", ""]
    assert frame["region_share"].tolist() == [1.0] * 3
    assert frame["representative"].all()


@pytest.mark.parametrize(
    ("per_ml", "flow", "column"),
    [
        ("12", "345", "RNA_flow_per_100000"),
        ("", "", "RNA_per_ml"),
        ("-1", "", "RNA_per_ml"),
        ("", "NA", "RNA_per_ml"),
    ],
)
def test_sewage_2021_layout_needs_exactly_one_value(tmp_path, per_ml, flow, column):
    rows = [
        ["1", "2020-09-06", "32002", "Tilburg", "1837", ""],
        ["1", "2020-09-07", "32002", "Tilburg", per_ml, flow],
    ]
    path = write(tmp_path, rivm_sewage.FILE_NAME, csv_bytes(SEWAGE_2021_HEADER, rows))
    error = raises_source_error(rivm_sewage.read, path)
    assert (error.line, error.column) == (3, column)


GGD_HEADER = [*rivm_ggd_tests.COLUMNS[:4], "Security_region_name", *rivm_ggd_tests.COLUMNS[4:]]


def test_ggd_csv_more_positives_than_tests_is_refused(tmp_path):
    rows = [
        ["2", "2021-11-08 09:00:00", "2020-06-01", "VR01", "Groningen", "2", "0"],
        ["2", "2021-11-08 09:00:00", "2020-06-01", "", "Onbekend", "11", "12"],
    ]
    path = write(tmp_path, rivm_ggd_tests.CSV_FILE_NAME, csv_bytes(GGD_HEADER, rows))
    error = raises_source_error(rivm_ggd_tests.read, path)
    assert (error.line, error.column) == (3, "Tested_positive")


def test_ggd_specs_share_one_kind_and_read_dispatches_on_suffix(tmp_path):
    specs = [spec for spec in ALL_SPECS if spec.kind == "rivm_ggd_tests"]
    assert sorted(spec.pattern for spec in specs) == [
        "COVID-19_uitgevoerde_testen.csv",
        "COVID-19_uitgevoerde_testen.json",
    ]
    rows = [["2", "2021-11-08 09:00:00", "2020-06-01", "", "Onbekend", "11", "2"]]
    source = rivm_ggd_tests.read(write(tmp_path, rivm_ggd_tests.CSV_FILE_NAME, csv_bytes(GGD_HEADER, rows)))
    assert source.frame["region_code"].tolist() == [""]
    assert source.frame["version"].tolist() == [2]


NURSING_NL = "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum"


def test_nursing_home_sentinel_rows_are_dropped_and_noted(tmp_path):
    content = csv_bytes(
        ["Datum_van_overlijden", "Aantal"], [["1900-01-01", "7"], ["2020-03-01", "2"]], line_end="\r\n"
    )
    source = rivm_nursing_homes.SPECS[2].read(write(tmp_path, f"{NURSING_NL}_20201101_0900.csv", content))
    assert source.frame.to_dict("list") == {
        "date": [TS("2020-03-01")],
        "region_code": ["NL"],
        "deceased": [2],
    }
    assert any("1900-01-01" in note and "7 deceased" in note for note in source.notes)
    assert source.obtained_on == date(2020, 11, 1)


def test_nursing_home_obtained_on_falls_back_to_the_file_date(tmp_path):
    path = write(
        tmp_path, f"{NURSING_NL}.csv", csv_bytes(["Datum_van_overlijden", "Aantal"], [["2020-03-01", "2"]])
    )
    os.utime(path, (TS("2020-11-03 08:00").timestamp(),) * 2)
    assert rivm_nursing_homes.SPECS[2].read(path).obtained_on == date(2020, 11, 3)


def test_nursing_home_national_patterns_never_match_regional_files(tmp_path):
    for stem in (rivm_nursing_homes.POSITIVE, rivm_nursing_homes.DECEASED, rivm_nursing_homes.LOCATIONS):
        (tmp_path / f"{stem}_20201014_1107.csv").touch()
        (tmp_path / f"{stem}_naar_veiligheidsregio_20201014_1107.csv").touch()
    for spec in rivm_nursing_homes.SPECS:
        matches = list(tmp_path.glob(spec.pattern))
        assert len(matches) == 1, (spec.pattern, matches)
        assert ("_naar_veiligheidsregio_" in matches[0].name) == spec.kind.endswith("_vr")


def test_nursing_home_delivery_names_match_their_own_layout_only():
    """The names a delivery gets (the demo writes these) are found by their own spec, and carry the date."""
    delivered = datetime(2020, 10, 14, 11, 7)
    names = {layout.kind: layout.file_name(delivered) for layout in rivm_nursing_homes.LAYOUTS}
    assert names["nursing_locations_vr"] == (
        "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_naar_veiligheidsregio_20201014_1107.csv"
    )
    assert (
        names["nursing_deceased_nl"] == "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_20201014_1107.csv"
    )
    for spec in rivm_nursing_homes.SPECS:
        assert [kind for kind, name in names.items() if fnmatch(name, spec.pattern)] == [spec.kind]
        assert rivm_nursing_homes.stamp_date(Path(names[spec.kind])) == date(2020, 10, 14)


def test_nursing_home_counts_must_not_be_negative(tmp_path):
    content = csv_bytes(["Meldingsdatum", "Aantal"], [["2020-03-01", "2"], ["2020-03-02", "-3"]])
    path = write(tmp_path, "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_20201014_1107.csv", content)
    error = raises_source_error(rivm_nursing_homes.SPECS[0].read, path)
    assert (error.line, error.column) == (3, "Aantal")


LCPS_HEADER = ["Datum", *lcps_beds.VALUES.values()]


def test_lcps_rows_are_sorted_and_na_becomes_nan(tmp_path):
    rows = [
        ["20-06-2021", "NA", "NA", "NA", "NA", "NA"],
        ["10-11-2020", "598", "487", "1697", "39", "258"],
        ["1-3-2020", "11", "", "20", "", ""],
    ]
    source = lcps_beds.read(write(tmp_path, lcps_beds.FILE_NAME, csv_bytes(LCPS_HEADER, rows, sep=",")))
    frame = source.frame
    assert frame["date"].tolist() == [TS("2020-03-01"), TS("2020-11-10"), TS("2021-06-20")]
    assert frame.iloc[2, 1:].isna().all()
    assert (frame.iloc[0, 1], frame.iloc[0, 3]) == (11.0, 20.0)
    assert np.isnan(frame.iloc[0, 2])
    assert frame.iloc[1, 1:].tolist() == [598, 487, 1697, 39, 258]
    assert source.obtained_on == date(2021, 6, 20)
    assert any("1 days without any figure" in note for note in source.notes)


@pytest.mark.parametrize(("cell", "column"), [("31-13-2020", "Datum"), ("2020-06-01", "Datum")])
def test_lcps_dates_must_be_day_month_year(tmp_path, cell, column):
    rows = [["01-06-2020", "158", "488", "542", "", ""], [cell, "159", "501", "544", "", ""]]
    path = write(tmp_path, lcps_beds.FILE_NAME, csv_bytes(LCPS_HEADER, rows, sep=","))
    error = raises_source_error(lcps_beds.read, path)
    assert (error.line, error.column) == (3, column)


def test_lcps_bed_counts_are_whole_numbers(tmp_path):
    rows = [["01-06-2020", "158", "488", "542", "", ""], ["31-5-2020", "159", "501,5", "544", "", ""]]
    path = write(tmp_path, lcps_beds.FILE_NAME, csv_bytes(LCPS_HEADER, rows, sep=","))
    error = raises_source_error(lcps_beds.read, path)
    assert (error.line, error.column) == (3, "IC_Bedden_Non_COVID")


def test_all_specs_gathers_every_reader():
    kinds = [spec.kind for spec in ALL_SPECS]
    assert set(kinds) == {
        "rivm_cumulative",
        "rivm_per_day",
        "rivm_cases",
        "rivm_sewage",
        "rivm_reproduction",
        "rivm_prevalence",
        "rivm_ic",
        "rivm_ggd_tests",
        "nursing_positive_nl",
        "nursing_positive_vr",
        "nursing_deceased_nl",
        "nursing_deceased_vr",
        "nursing_locations_nl",
        "nursing_locations_vr",
        "nice_ic_intake",
        "nice_hospital_intake",
        "lcps_beds",
        "nivel_gp",
    }
    assert len({(spec.kind, spec.pattern) for spec in ALL_SPECS}) == len(ALL_SPECS)
    assert all(spec.description for spec in ALL_SPECS)
