"""Malformed variants of every delimited-text format: each is refused with file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dashapp.data.sources import (
    lcps_beds,
    rivm_cases,
    rivm_cumulative,
    rivm_ggd_tests,
    rivm_nursing_homes,
    rivm_per_day,
    rivm_sewage,
)
from dashapp.data.sources.base import SourceFrame
from tests.sources.conftest import csv_bytes, raises_source_error, table, write


@dataclass(frozen=True)
class Sample:
    """A small valid file of one format, and which cells the malformed variants touch."""

    id: str
    read: Callable[[Path], SourceFrame]
    name: str
    header: list[str]
    rows: list[list[str]]
    number: str  # a column that must hold numbers
    sep: str = ";"
    duplicate_column: str | None = None  # where a repeated row is reported; None: repeats are legal
    extra: dict = field(default_factory=dict)

    def bytes(self, rows: list[list[str]] | None = None, **options) -> bytes:
        return csv_bytes(self.header, self.rows if rows is None else rows, sep=self.sep, **options)

    def write(self, directory: Path, content: bytes) -> Path:
        return write(directory, self.name, content)


CUMULATIVE = table("""
    Date_of_report;Municipality_code;Municipality_name;Province;Total_reported;Hospital_admission;Deceased
    2020-03-13 10:00:00;GM0003;Appingedam;Groningen;0;0;0
    2020-03-13 10:00:00;GM0014;Groningen;Groningen;3;0;0
    2020-03-13 10:00:00;;;Groningen;1;0;0
    2020-03-14 10:00:00;GM0003;Appingedam;Groningen;1;0;0
    2020-03-14 10:00:00;GM0014;Groningen;Groningen;4;1;0
""")
PER_DAY = table("""
    Date_of_report;Date_of_publication;Municipality_code;Municipality_name;Province;Security_region_code;\
Security_region_name;Municipal_health_service;ROAZ_region;Total_reported;Hospital_admission;Deceased
    2020-11-17 10:00:00;2020-11-16;GM0003;Appingedam;Groningen;VR01;Groningen;GGD Groningen;AZNN;3;0;0
    2020-11-17 10:00:00;2020-11-16;;;Groningen;VR01;Groningen;GGD Groningen;AZNN;1;0;0
    2020-11-17 10:00:00;2020-11-17;GM0003;Appingedam;Groningen;VR01;Groningen;GGD Groningen;AZNN;2;1;0
    2020-11-17 10:00:00;2020-11-17;;;Groningen;VR01;Groningen;GGD Groningen;AZNN;0;0;1
""")
CASES = table("""
    Date_file;Date_statistics;Date_statistics_type;Agegroup;Sex;Province;Hospital_admission;Deceased;\
Week_of_death;Municipal_health_service
    2020-11-17 10:00:00;2020-03-01;DOO;50-59;Male;Utrecht;No;No;;GGD regio Utrecht
    2020-11-17 10:00:00;2020-03-02;DPL;90+;Female;Utrecht;Yes;Yes;202012;GGD regio Utrecht
    2020-11-17 10:00:00;2020-03-02;DON;<50;Unknown;Zeeland;Unknown;Unknown;;GGD Zeeland
""")
SEWAGE_2020 = table(
    """
    Date_measurement|RWZI_AWZI_code|RWZI_AWZI_name|X_coordinate|Y_coordinate|Postal_code|Security_region_code|\
Security_region_name|Percentage_in_security_region|RNA_per_ml|Representative_measurement
    2020-03-30|32002|Tilburg|132554|401565|5048TD|VR20|Midden- en West-Brabant|1|1837|TRUE
    2020-04-01|9016|Arnhem|187878|442241|6841HJ|VR07|Gelderland-Midden|0,864490095|984|TRUE
    2020-04-01|9016|Arnhem|187878|442241|6841HJ|VR08|Gelderland-Zuid|0,135509905|984|TRUE
    2020-04-02|1033|Garmerwolde|240219|585040|9798TA|VR01|Groningen|1|0|FALSE
""",
    sep="|",  # the file is comma-separated; its decimal commas get quoted when written
)
SEWAGE_2021 = table("""
    Version;Date_measurement;RWZI_AWZI_code;RWZI_AWZI_name;RNA_per_ml;RNA_flow_per_100000
    1;2020-03-30;32002;Tilburg;1837;
    1;2020-09-07;32002;Tilburg;;60993927895159
    1;2020-09-08;11005;Amstelveen;;0
""")
GGD = table("""
    Version;Date_of_report;Date_of_statistics;Security_region_code;Security_region_name;Tested_with_result;\
Tested_positive
    2;2021-11-08 09:00:00;2020-06-01;VR01;Groningen;2;0
    2;2021-11-08 09:00:00;2020-06-01;;Onbekend;11;5
    2;2021-11-08 09:00:00;2020-06-02;VR01;Groningen;213;1
""")
NURSING_DECEASED = table("""
    Datum_van_overlijden;Aantal
    1900-01-01;5
    2020-02-27;0
    2020-02-28;2
""")
NURSING_LOCATIONS = table("""
    VeiligheidsregioCode;VeiligheidsregioNaam;publicatiedatumRIVM;aantal_nieuw_besmette_verpleeghuis_locaties;\
aantal_nieuw_besmettingsvrije_verpleeghuis_locaties;aantal_besmette_verpleeghuis_locaties
    VR01;Groningen;2020-10-13;1;0;4
    ;Onbekend;2020-10-13;0;0;0
    VR01;Groningen;2020-10-14;2;1;5
""")
LCPS = table(
    """
    Datum,IC_Bedden_COVID,IC_Bedden_Non_COVID,Kliniek_Bedden,IC_Nieuwe_Opnames_COVID,Kliniek_Nieuwe_Opnames_COVID
    20-06-2021,NA,NA,NA,NA,NA
    01-06-2020,158,488,542,,
    31-5-2020,159,501,544,,
""",
    sep=",",
)
NURSING_STAMP = "20201014_1107.csv"
SAMPLES = [
    Sample("cumulative", rivm_cumulative.read, rivm_cumulative.FILE_NAME, *CUMULATIVE, "Total_reported",
           duplicate_column="Municipality_code"),
    Sample("per_day", rivm_per_day.read, rivm_per_day.FILE_NAME, *PER_DAY, "Deceased",
           duplicate_column="Municipality_code"),
    # the case file has no number column: a bad date stands in
    Sample("cases", rivm_cases.read, rivm_cases.FILE_NAME, *CASES, "Date_statistics"),
    Sample("sewage_2020", rivm_sewage.read, rivm_sewage.FILE_NAME, *SEWAGE_2020, "RNA_per_ml", sep=","),
    Sample("sewage_2021", rivm_sewage.read, rivm_sewage.FILE_NAME, *SEWAGE_2021, "RNA_per_ml"),
    Sample("ggd_csv", rivm_ggd_tests.read_csv, rivm_ggd_tests.CSV_FILE_NAME, *GGD, "Tested_with_result",
           duplicate_column="Security_region_code"),
    Sample("nursing_deceased_nl", rivm_nursing_homes.SPECS[2].read,
           f"{rivm_nursing_homes.DECEASED}_{NURSING_STAMP}", *NURSING_DECEASED, "Aantal",
           duplicate_column="Datum_van_overlijden"),
    Sample("nursing_locations_vr", rivm_nursing_homes.SPECS[5].read,
           f"{rivm_nursing_homes.LOCATIONS}_naar_veiligheidsregio_{NURSING_STAMP}", *NURSING_LOCATIONS,
           "aantal_besmette_verpleeghuis_locaties", duplicate_column="VeiligheidsregioCode"),
    Sample("lcps", lcps_beds.read, lcps_beds.FILE_NAME, *LCPS, "IC_Bedden_COVID", sep=",",
           duplicate_column="Datum"),
]  # fmt: skip
ids = [sample.id for sample in SAMPLES]
each_sample = pytest.mark.parametrize("sample", SAMPLES, ids=ids)


@each_sample
def test_the_valid_sample_reads_with_any_line_end_and_bom(sample, tmp_path):
    plain = sample.read(sample.write(tmp_path, sample.bytes()))
    assert plain.rows > 0
    windows = sample.read(sample.write(tmp_path, sample.bytes(line_end="\r\n", bom=True)))
    assert windows.frame.equals(plain.frame)
    assert windows.obtained_on == plain.obtained_on
    no_final_newline = sample.read(sample.write(tmp_path, sample.bytes().rstrip(b"\n")))
    assert no_final_newline.frame.equals(plain.frame)
    trailing_blank_lines = sample.read(sample.write(tmp_path, sample.bytes(line_end="\r\n") + b"\r\n\r\n"))
    assert trailing_blank_lines.frame.equals(plain.frame)


@each_sample
def test_missing_column(sample, tmp_path):
    drop = sample.header.index(sample.number)
    header = [name for i, name in enumerate(sample.header) if i != drop]
    rows = [[cell for i, cell in enumerate(row) if i != drop] for row in sample.rows]
    path = sample.write(tmp_path, csv_bytes(header, rows, sep=sample.sep))
    error = raises_source_error(sample.read, path)
    assert (error.line, error.column) == (1, sample.number)


@each_sample
def test_wrong_type_in_a_cell(sample, tmp_path):
    rows = [list(row) for row in sample.rows]
    rows[1][sample.header.index(sample.number)] = "12x"
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(rows)))
    assert (error.line, error.column) == (3, sample.number)
    assert error.reason.endswith("found text of 3 characters")  # described, never quoted
    assert "12x" not in error.describe()


@each_sample
def test_empty_file(sample, tmp_path):
    for content in (b"", b"\n\r\n  \n"):
        error = raises_source_error(sample.read, sample.write(tmp_path, content))
        assert "empty" in error.reason


@each_sample
def test_header_only(sample, tmp_path):
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(rows=[])))
    assert error.line == 2
    assert "no data rows" in error.reason


@each_sample
def test_truncated_last_line(sample, tmp_path):
    content = sample.bytes()
    kept = min(2, len(sample.header) - 1)  # fields left on the cut line
    cut = content.rstrip(b"\n").rfind(b"\n")
    for _ in range(kept):
        cut = content.index(sample.sep.encode(), cut + 1)
    error = raises_source_error(sample.read, sample.write(tmp_path, content[:cut]))
    assert error.line == len(sample.rows) + 1
    assert error.column == sample.header[kept]
    assert "truncated" in error.reason


@each_sample
def test_a_line_with_an_extra_field_or_a_blank_line_in_the_middle(sample, tmp_path):
    longer = [list(row) for row in sample.rows]
    longer[1].append("9")
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(longer)))
    assert error.line == 3
    every_line_longer = [[*row, "9"] for row in sample.rows]
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(every_line_longer)))
    assert error.line == 2
    lines = sample.bytes().split(b"\n")
    blank = b"\n".join([*lines[:2], b"", *lines[2:]])
    error = raises_source_error(sample.read, sample.write(tmp_path, blank))
    assert error.line == 3
    assert "line has 1 fields" in error.reason  # named as a blank line, not as its first empty cell


@each_sample
def test_html_page_instead_of_data(sample, tmp_path):
    page = b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head></html>\n"
    error = raises_source_error(sample.read, sample.write(tmp_path, page))
    assert error.line == 1
    assert "HTML" in error.reason


@each_sample
def test_latin1_bytes_in_a_utf8_file(sample, tmp_path):
    rows = [list(row) for row in sample.rows]
    rows[-1][0] = rows[-1][0] + "\u00e9"
    content = sample.bytes(rows).replace("\u00e9".encode(), b"\xe9")
    error = raises_source_error(sample.read, sample.write(tmp_path, content))
    assert error.line == len(rows) + 1
    assert "UTF-8" in error.reason


@each_sample
def test_wrong_separator(sample, tmp_path):
    other = "," if sample.sep == ";" else ";"
    content = csv_bytes(sample.header, sample.rows, sep=other)
    error = raises_source_error(sample.read, sample.write(tmp_path, content))
    assert error.line == 1
    assert error.column in sample.header
    assert "separator" in error.reason


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.duplicate_column], ids=lambda s: s.id)
def test_a_repeated_row_is_refused_where_it_is_illegal(sample, tmp_path):
    rows = [*sample.rows, list(sample.rows[0])]
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(rows)))
    assert (error.line, error.column) == (len(rows) + 1, sample.duplicate_column)
    assert "twice" in error.reason


def test_a_negative_cumulative_count_is_refused(tmp_path):
    sample = SAMPLES[0]
    rows = [list(row) for row in sample.rows]
    rows[3][sample.header.index("Deceased")] = "-1"
    error = raises_source_error(sample.read, sample.write(tmp_path, sample.bytes(rows)))
    assert (error.line, error.column) == (5, "Deceased")
