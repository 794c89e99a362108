"""The cumulative file's municipality codes are hashed once, then compared as codes: a code written
with spaces around it is still the same municipality, for the repeat check, the plausibility checks
and the per-municipality tables the build makes from the codes."""

from __future__ import annotations

from datetime import date

import numpy as np

from dashapp.data.inputs import MunicipalCounts
from dashapp.data.loader import read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import rivm_cumulative
from dashapp.data.sources.base import SourceFrame
from tests.sources.conftest import csv_bytes, raises_source_error, table, write

HEADER, ROWS = table("""
    Date_of_report;Municipality_code;Municipality_name;Province;Total_reported;Hospital_admission;Deceased
    2020-03-13 10:00:00;GM0003;Appingedam;Groningen;1;0;0
    2020-03-13 10:00:00;GM0014;Groningen;Groningen;3;0;0
    2020-03-13 10:00:00;;;Groningen;2;0;0
    2020-03-14 10:00:00; GM0003 ;Appingedam;Groningen;4;1;0
    2020-03-14 10:00:00;GM0014;Groningen;Groningen;5;1;0
    2020-03-14 10:00:00;;;Groningen;2;0;0
""")
CONTEXT = read_context(load_reference(), date(2020, 3, 20))


def read(tmp_path, rows):
    path = write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(HEADER, rows))
    return path, rivm_cumulative.read(path, CONTEXT)


def test_codes_with_spaces_are_one_municipality_in_the_frame_and_its_codes(tmp_path):
    _, source = read(tmp_path, ROWS)
    assert source.frame["municipality_code"].tolist() == ["GM0003", "GM0014", "", "GM0003", "GM0014", ""]
    coded = source.coded_column("municipality_code")
    assert coded is not None
    assert [coded.texts[code] for code in coded.codes] == source.frame["municipality_code"].tolist()
    assert len(set(coded.texts)) == len(coded.texts) == 3
    assert source.notes == ("2 rows for an unknown municipality (counted nationally only)",)


def test_a_municipality_twice_on_a_day_is_refused_even_when_spaced_differently(tmp_path):
    rows = [*ROWS, ["2020-03-14 10:00:00", "GM0003", "Appingedam", "Groningen", "4", "1", "0"]]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(HEADER, rows))
    error = raises_source_error(lambda p: rivm_cumulative.read(p, CONTEXT), path)
    assert error.line == 8 and error.column == "Municipality_code"
    assert "twice" in error.reason


def test_the_per_municipality_tables_from_the_codes_equal_those_from_the_texts(tmp_path):
    _, source = read(tmp_path, ROWS)
    reference = load_reference()
    from_codes = MunicipalCounts(source, reference)._by_municipality()
    without = SourceFrame(source.kind, source.path, source.frame, source.obtained_on, source.notes)
    from_texts = MunicipalCounts(without, reference)._by_municipality()
    for column in ("total_reported", "hospital_admission", "deceased"):
        assert from_codes[column].equals(from_texts[column])
        assert list(from_codes[column].columns) == ["GM0003", "GM0014"]  # the unknown rows are not a column
    assert np.array_equal(from_codes["total_reported"].to_numpy(), [[1.0, 3.0], [4.0, 5.0]])
