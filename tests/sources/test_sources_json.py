"""The JSON formats: valid small files, and malformed ones refused with file, line (of the record) and key."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp.data.sources import (
    nice_intake,
    nivel_gp,
    rivm_ggd_tests,
    rivm_ic,
    rivm_prevalence,
    rivm_reproduction,
)
from dashapp.data.sources.base import SourceFrame
from tests.sources.conftest import assert_tidy, raises_source_error, write

TS = pd.Timestamp


def record_line(text: str, index: int, opening: str = "{") -> int:
    """The line on which the ``index``-th record (an object) starts in ``text``."""
    position = -1
    for _ in range(index + 1):
        position = text.index(opening, position + 1)
    return text.count("\n", 0, position) + 1


@dataclass(frozen=True)
class JsonSample:
    id: str
    read: Callable[[Path], SourceFrame]
    name: str
    records: list[dict]
    number: str  # a key that must hold a number
    columns: tuple[str, ...]

    def write(self, directory: Path, records: object = None, indent: int | None = None) -> Path:
        value = self.records if records is None else records
        return write(directory, self.name, json.dumps(value, indent=indent, ensure_ascii=False) + "\n")


def reproduction(day: str, low: str, avg: str | None, up: str, population: str = "testpos") -> dict:
    record = {"Date": day, "Rt_low": low, "Rt_avg": avg, "Rt_up": up, "population": population, "version": 1}
    return {key: value for key, value in record.items() if value is not None}


def ggd(day: str, code: str | None, tested: int, positive: int) -> dict:
    return {
        "Version": 1,
        "Date_of_report": "2021-07-25 09:00:00",
        "Date_of_statistics": day,
        "Security_region_code": code,
        "Security_region_name": "Onbekend" if code is None else "Groningen",
        "Tested_with_result": tested,
        "Tested_positive": positive,
    }


def ic(day: str, notification: int, admission: int) -> dict:
    return {
        "Version": 1,
        "Date_of_report": "2021-07-25 00:30:00",
        "Date_of_statistics": day,
        "IC_admission_notification": notification,
        "IC_admission": admission,
    }


SAMPLES = [
    JsonSample(
        "reproduction",
        rivm_reproduction.read,
        rivm_reproduction.FILE_NAME,
        [
            reproduction("2020-02-17", "0.50", "1.93", "4.00", "hosp"),
            reproduction("2021-07-21", "0.79", "0.88", "0.99"),
            reproduction("2021-07-22", "0.79", None, "1.00"),
        ],
        "Rt_low",
        ("date", "low", "avg", "high", "population"),
    ),
    JsonSample(
        "prevalence",
        rivm_prevalence.read,
        rivm_prevalence.FILE_NAME,
        [
            {"Date": "2020-02-17", "prev_low": 693, "prev_avg": 1074, "prev_up": 1462, "population": "hosp"},
            {"Date": "2020-02-18", "prev_low": 808, "prev_avg": 1232, "prev_up": 1653, "population": "hosp"},
            {"Date": "2021-07-04", "prev_low": 1243, "prev_up": 23889, "population": "hosp"},
        ],
        "prev_up",
        ("date", "low", "avg", "high"),
    ),
    JsonSample(
        "ic",
        rivm_ic.read,
        rivm_ic.FILE_NAME,
        [ic("2020-02-27", 0, 0), ic("2020-02-28", 0, 1), ic("2020-02-29", 2, 1)],
        "IC_admission",
        ("date", "ic_admission", "ic_admission_notification"),
    ),
    JsonSample(
        "ggd_json",
        rivm_ggd_tests.read_json,
        rivm_ggd_tests.JSON_FILE_NAME,
        [ggd("2020-06-01", "VR01", 2, 0), ggd("2020-06-01", None, 11, 1), ggd("2020-06-02", "VR01", 216, 3)],
        "Tested_with_result",
        ("date", "region_code", "tested", "positive", "version"),
    ),
]
each_sample = pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])


@each_sample
def test_the_valid_sample_reads_on_one_line_or_pretty_printed(sample, tmp_path):
    source = sample.read(sample.write(tmp_path))
    assert_tidy(source.frame, sample.columns)
    assert source.rows == 3
    pretty = sample.read(sample.write(tmp_path, indent=2))
    assert pretty.frame.equals(source.frame)


@each_sample
@pytest.mark.parametrize("indent", [None, 2])
def test_wrong_type_names_the_record_line_and_key(sample, tmp_path, indent):
    records = [dict(record) for record in sample.records]
    records[2][sample.number] = "lots"
    path = sample.write(tmp_path, records, indent=indent)
    error = raises_source_error(sample.read, path)
    assert error.column == sample.number
    assert error.line == (1 if indent is None else record_line(path.read_text(), 2))
    assert error.reason.endswith("found text of 4 characters")  # described, never quoted
    assert "lots" not in error.describe()


@each_sample
def test_missing_key(sample, tmp_path):
    records = [dict(record) for record in sample.records]
    del records[1][sample.number]
    path = sample.write(tmp_path, records, indent=2)
    error = raises_source_error(sample.read, path)
    assert (error.line, error.column) == (record_line(path.read_text(), 1), sample.number)
    records = [{k: v for k, v in record.items() if k != sample.number} for record in sample.records]
    error = raises_source_error(sample.read, sample.write(tmp_path, records))
    assert (error.line, error.column) == (1, sample.number)


@each_sample
@pytest.mark.parametrize("nested", [{"value": 1}, [1, 2]], ids=["object", "array"])
def test_a_nested_value_is_refused(sample, tmp_path, nested):
    for key in (sample.number, "Date" if "Date" in sample.records[0] else "Date_of_statistics"):
        records = [dict(record) for record in sample.records]
        records[1][key] = nested
        path = sample.write(tmp_path, records, indent=2)
        error = raises_source_error(sample.read, path)
        assert (error.line, error.column) == (record_line(path.read_text(), 1), key)
        assert "nested" in error.reason


@each_sample
def test_null_where_a_number_is_required(sample, tmp_path):
    records = [dict(record) for record in sample.records]
    records[0][sample.number] = None
    error = raises_source_error(sample.read, sample.write(tmp_path, records))
    assert (error.line, error.column) == (1, sample.number)


@each_sample
@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b"", None, "empty"),
        (b'[{"Date": "2020-02-17", "Rt_low": "0.5"', 1, "JSON"),
        (b'[\n  {"Date": "2020-02-17"},\n  {"Date": \n', 4, "JSON"),
        (b"<html><body>Not found</body></html>", 1, "HTML"),
        (b'{"Date": "2020-02-17"}', 1, "array"),
        (b"[]", 1, "empty"),
        (b'[["2020-02-17", 1]]', 1, "object"),
        (b"null", 1, "null"),
        ('[{"Date": "2020-02-17", "name": "Frysl\u00e2n"}]'.encode("latin-1"), 1, "UTF-8"),
    ],
    ids=[
        "empty",
        "truncated",
        "truncated-pretty",
        "html",
        "object",
        "no-records",
        "arrays",
        "null",
        "latin1",
    ],
)
def test_malformed_json(sample, tmp_path, content, line, words):
    error = raises_source_error(sample.read, write(tmp_path, sample.name, content))
    assert error.line == line
    assert words in error.reason


def test_reproduction_values_as_strings_or_numbers_and_missing_average(tmp_path):
    records = [
        reproduction("2020-02-17", "0.50", "1.93", "4.00", "hosp"),
        reproduction("2020-02-18", 0, None, 4),
    ]
    path = write(tmp_path, rivm_reproduction.FILE_NAME, json.dumps(records))
    os.utime(path, (TS("2021-07-25 10:00").timestamp(),) * 2)
    source = rivm_reproduction.read(path)
    frame = source.frame
    assert frame["low"].tolist() == [0.5, 0.0]
    assert frame["avg"].iloc[0] == 1.93 and np.isnan(frame["avg"].iloc[1])
    assert frame["population"].tolist() == ["hosp", "testpos"]
    assert source.obtained_on == date(2021, 7, 25)
    assert any("1 days without a central estimate" in note for note in source.notes)


@pytest.mark.parametrize(
    ("record", "key"),
    [
        (reproduction("2020-02-19", "1.5", "1.2", "2.0"), "Rt_avg"),
        (reproduction("2020-02-19", "2.5", None, "2.0"), "Rt_up"),
        (reproduction("2020-02-19", "-0.1", None, "2.0"), "Rt_low"),
        (reproduction("2020-02-18", "0.1", None, "2.0"), "Date"),
        (reproduction("19-02-2020", "0.1", None, "2.0"), "Date"),
    ],
    ids=["avg-outside-bounds", "low-above-high", "negative", "repeated-date", "date-format"],
)
def test_reproduction_consistency(tmp_path, record, key):
    records = [
        reproduction("2020-02-17", "0.50", "1.93", "4.00"),
        reproduction("2020-02-18", "0.5", "1", "2"),
    ]
    path = write(tmp_path, rivm_reproduction.FILE_NAME, json.dumps([*records, record], indent=1))
    error = raises_source_error(rivm_reproduction.read, path)
    assert (error.line, error.column) == (record_line(path.read_text(), 2), key)


def test_ggd_json_null_region_is_empty_code(tmp_path):
    source = rivm_ggd_tests.read(
        write(tmp_path, rivm_ggd_tests.JSON_FILE_NAME, json.dumps(SAMPLES[3].records))
    )
    assert source.frame["region_code"].tolist() == ["VR01", "", "VR01"]
    assert source.obtained_on == date(2021, 7, 25)
    assert any("1 rows for an unknown safety region" in note for note in source.notes)


@pytest.mark.parametrize(
    ("record", "key"),
    [
        (ggd("2020-06-02", "VR01", 5, 6), "Tested_positive"),
        (ggd("2020-06-01", None, 5, 1), "Security_region_code"),
        (ggd("2020-06-02", "Groningen", 5, 1), "Security_region_code"),
        (ggd("2020-06-02", "VR02", -5, 1), "Tested_with_result"),
    ],
    ids=["positive-above-tested", "repeated-region-day", "bad-code", "negative"],
)
def test_ggd_json_consistency(tmp_path, record, key):
    records = [*SAMPLES[3].records, record]
    path = write(tmp_path, rivm_ggd_tests.JSON_FILE_NAME, json.dumps(records))
    error = raises_source_error(rivm_ggd_tests.read, path)
    assert (error.line, error.column) == (1, key)


def test_ic_obtained_on_and_repeated_dates(tmp_path):
    source = rivm_ic.read(write(tmp_path, rivm_ic.FILE_NAME, json.dumps(SAMPLES[2].records)))
    assert source.obtained_on == date(2021, 7, 25)
    assert source.frame["ic_admission"].tolist() == [0, 1, 1]
    records = [*SAMPLES[2].records, ic("2020-02-28", 1, 1)]
    error = raises_source_error(rivm_ic.read, write(tmp_path, rivm_ic.FILE_NAME, json.dumps(records)))
    assert (error.line, error.column) == (1, "Date_of_statistics")


def nice_series(values: dict[str, int]) -> list[dict]:
    return [{"date": day, "value": value} for day, value in values.items()]


def test_nice_intake_two_series(tmp_path):
    proven = nice_series({"2020-02-27": 1, "2020-02-28": 0, "2020-02-29": 3})
    suspected = nice_series({"2020-02-27": 0, "2020-02-28": 2})
    path = write(tmp_path, nice_intake.HOSPITAL_FILE_NAME, json.dumps([proven, suspected]))
    source = nice_intake.read_hospital(path)
    assert_tidy(source.frame, ("date", "proven", "suspected"))
    assert source.kind == "nice_hospital_intake"
    assert source.frame["proven"].tolist() == [1, 0, 3]
    assert source.frame["suspected"].tolist() == [0, 2, 0]
    assert source.frame["suspected"].dtype == np.int64
    assert source.obtained_on == date(2020, 2, 29)
    assert any("1 dates missing from the suspected series" in note for note in source.notes)


@pytest.mark.parametrize(
    ("value", "record", "key"),
    [
        ({"proven": []}, None, None),
        ([nice_series({"2020-02-27": 1})], None, None),
        ([nice_series({"2020-02-27": 1}), nice_series({"2020-02-27": 1}), []], None, None),
        ([nice_series({"2020-02-27": 1}), [{"date": "2020-02-27"}]], 1, "value"),
        ([nice_series({"2020-02-27": 1}), [{"date": "2020-02-27", "value": -1}]], 1, "value"),
        ([nice_series({"2020-02-27": 1}), [{"date": "2020-02-27", "value": 1.5}]], 1, "value"),
        ([[*nice_series({"2020-02-27": 1}), {"date": "2020-02-27", "value": 1}], []], 1, "date"),
        ([nice_series({"2020-02-27": 1}), {"date": "2020-02-27"}], None, None),
    ],
    ids=["object", "one-series", "three-series", "missing", "negative", "fraction", "repeated", "not-array"],
)
def test_nice_intake_malformed(tmp_path, value, record, key):
    """``record``: which object in the file (counting from 0) the error is on; None: the file's shape."""
    path = write(tmp_path, nice_intake.IC_FILE_NAME, json.dumps(value, indent=1))
    error = raises_source_error(nice_intake.read_ic, path)
    line = 1 if record is None else record_line(path.read_text(), record)
    assert (error.line, error.column) == (line, key)
    if record is not None:
        assert line > 5


NIVEL_RECORD = {
    "incidentie_per_100000": "5,7",
    "bovengrens": "2280",
    "week": "10",
    "diagnose": "Verdenking COVID-19",
    "jaar": "2020",
    "geschat_aantal": "1094",
    "ondergrens": "571",
}


def nivel_text(records: list[dict]) -> str:
    """Pretty-printed like the real file: ``"data" : [ {`` and ``}, {`` between records."""

    def lines(record: dict) -> str:
        members = [f'    "{key}" : {json.dumps(value)}' for key, value in record.items()]
        return ",\n".join(members) + "\n  "

    body = "}, {\n".join(lines(record) for record in records)
    return '{\n  "source" : "temp_json.dta",\n  "name" : "DataSet",\n  "data" : [ {\n' + body + "} ]\n}"


def nivel_records() -> list[dict]:
    second = {**NIVEL_RECORD, "week": "11", "incidentie_per_100000": "18,8", "geschat_aantal": "3093"}
    last = {**NIVEL_RECORD, "week": "53", "jaar": "2020", "incidentie_per_100000": "120,8"}
    return [second, dict(NIVEL_RECORD), last]


def test_nivel_weeks(tmp_path):
    text = nivel_text(nivel_records())
    json.loads(text)
    source = nivel_gp.read(write(tmp_path, nivel_gp.FILE_NAME, text))
    frame = source.frame
    assert frame["week_start"].tolist() == [TS("2020-03-02"), TS("2020-03-09"), TS("2020-12-28")]
    assert frame["incidence_per_100k"].tolist() == [5.7, 18.8, 120.8]
    assert frame["estimated_count"].tolist()[:2] == [1094, 3093]


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"incidentie_per_100000": "5,x"}, "incidentie_per_100000"),
        ({"geschat_aantal": "-3"}, "geschat_aantal"),
        ({"week": "53", "jaar": "2021"}, "week"),
        ({"week": "0"}, "week"),
        ({"week": "11"}, "week"),
        ({"jaar": "twintig"}, "jaar"),
    ],
    ids=["decimal", "negative", "no-week-53", "week-0", "repeated-week", "year"],
)
def test_nivel_malformed_record_names_its_line(tmp_path, change, key):
    records = nivel_records()
    records[1] = {**records[1], **change}
    text = nivel_text(records)
    error = raises_source_error(nivel_gp.read, write(tmp_path, nivel_gp.FILE_NAME, text))
    assert error.column == key
    assert error.line == text.splitlines().index("  }, {") + 1  # the second record starts there


@pytest.mark.parametrize(
    "value", [[NIVEL_RECORD], {"source": "x", "data": {"week": "10"}}, {"source": "x"}], ids=str
)
def test_nivel_wrong_shape(tmp_path, value):
    error = raises_source_error(nivel_gp.read, write(tmp_path, nivel_gp.FILE_NAME, json.dumps(value)))
    assert error.line == 1
