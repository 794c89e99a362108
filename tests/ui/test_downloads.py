"""Downloads of a chart give exactly the numbers of the export, with the area, indicator, unit, source
and obtained-on date on every row, in CSV for a spreadsheet of the language and in JSON; the bulk files
hold every area's series of a level."""

from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pytest

from dashapp.__main__ import main
from dashapp.app import create_server
from dashapp.charts import categories
from dashapp.config import Config
from dashapp.data.catalog import age_indicator
from dashapp.data.store import DataStore, DirectorySource
from dashapp.export import rows as export_rows
from dashapp.labels import indicator_label

CSV_COLUMNS = [
    "area_code",
    "area_name",
    "indicator",
    "indicator_name",
    "date",
    "value",
    "unit",
    "source",
    "obtained_on",
]


@pytest.fixture(scope="module")
def store(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return store


@pytest.fixture(scope="module")
def client(store):
    return create_server(Config(), store=store).test_client()


def exported(capsys, directory, level, code, indicator) -> dict[str, str]:
    assert main(["export", "--level", level, "--code", code, "--data-dir", str(directory)]) == 0
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    return {row["date"]: row["value"] for row in rows if row["indicator"] == indicator}


def read_rows(response, delimiter: str) -> list[dict[str, str]]:
    text = response.get_data().decode("utf-8-sig")  # the byte order mark is for Excel
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_chart_csv_in_english_equals_the_export(client, capsys, demo_data_dir, store):
    response = client.get("/download/en/gm/GM0363/positive_tests_per_100k.csv?range=30d")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.get_data().startswith("\ufeff".encode())
    assert 'filename="positive_tests_per_100k-GM0363-30d.csv"' in response.headers["Content-Disposition"]
    rows = read_rows(response, ",")
    assert list(rows[0]) == CSV_COLUMNS
    bars = [row for row in rows if row["indicator"] == "positive_tests_per_100k"]
    average = [row for row in rows if row["indicator"] == "positive_tests_per_100k_7d_avg"]
    assert len(bars) == 30 and len(average) == 30 and len(rows) == 60
    table = store.current.table("gm", "positive_tests_per_100k")
    for row in rows:
        assert (row["area_code"], row["area_name"], row["unit"]) == ("GM0363", "Amsterdam", "number")
        assert (row["source"], row["obtained_on"]) == (table.source, table.obtained_on.isoformat())
    assert bars[0]["indicator_name"] == "Positive tests per 100,000 inhabitants"
    export = exported(capsys, demo_data_dir, "gm", "GM0363", "positive_tests_per_100k")
    for row in bars:
        assert export[row["date"]] == row["value"]
    export = exported(capsys, demo_data_dir, "gm", "GM0363", "positive_tests_per_100k_7d_avg")
    for row in average:
        assert export[row["date"]] == row["value"]


def test_the_dutch_csv_uses_semicolons_and_decimal_commas_as_a_dutch_spreadsheet_reads(
    client, capsys, demo_data_dir
):
    response = client.get("/download/nl/gm/GM0363/positive_tests_per_100k.csv?range=30d")
    rows = read_rows(response, ";")
    assert list(rows[0]) == CSV_COLUMNS
    assert rows[0]["indicator_name"] != "Positive tests per 100,000 inhabitants"  # in Dutch
    export = exported(capsys, demo_data_dir, "gm", "GM0363", "positive_tests_per_100k")
    decimals = [row for row in rows if row["indicator"] == "positive_tests_per_100k" and "," in row["value"]]
    assert decimals, "a rate with decimals is written with a decimal comma"
    for row in decimals:
        assert "." not in row["value"]
        assert float(row["value"].replace(",", ".")) == float(export[row["date"]])
    # pandas reads it as a Dutch spreadsheet would, told the separator and the decimal sign
    frame = pd.read_csv(io.BytesIO(response.get_data()), sep=";", decimal=",", encoding="utf-8-sig")
    by_day = frame[frame["indicator"] == "positive_tests_per_100k"].set_index("date")["value"]
    assert by_day.to_dict() == pytest.approx(
        {day: float(value) for day, value in export.items() if day in by_day}
    )


def test_an_english_csv_reads_with_pandas_defaults(client, store):
    response = client.get("/download/en/nl/NL/hospital_admissions.csv?range=all")
    frame = pd.read_csv(io.BytesIO(response.get_data()), encoding="utf-8-sig", parse_dates=["date"])
    assert set(frame["indicator"]) == {"hospital_admissions", "hospital_admissions_3d_avg"}
    assert frame["value"].dtype.kind == "f"
    series = store.current.series("nl", "NL", "hospital_admissions_3d_avg")
    got = frame[frame["indicator"] == "hospital_admissions_3d_avg"].set_index("date")["value"]
    assert got.to_dict() == pytest.approx(series.to_dict())


def test_weekly_chart_rows_are_dated_by_the_week_start_as_in_the_export(client, capsys, demo_data_dir):
    rows = read_rows(client.get("/download/nl/vr/VR13/ggd_positive_pct.csv?range=3m"), ";")
    export = exported(capsys, demo_data_dir, "vr", "VR13", "ggd_positive_pct")
    own = [row for row in rows if row["indicator"] == "ggd_positive_pct"]
    assert own and all(row["unit"] == "percent" for row in own)
    for row in own:
        assert float(row["value"].replace(",", ".")) == pytest.approx(float(export[row["date"]]))


def test_chart_json_has_the_same_rows_as_numbers(client, store):
    csv_rows = read_rows(client.get("/download/en/vr/VR13/deceased.csv?range=3m"), ",")
    response = client.get("/download/en/vr/VR13/deceased.json?range=3m")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.get_json()
    assert body["data_version"] == store.current.version
    assert (body["chart"], body["range"]) == ("deceased", "3m")
    assert body["columns"] == CSV_COLUMNS
    assert len(body["rows"]) == len(csv_rows)
    for row, text_row in zip(body["rows"], csv_rows, strict=True):
        assert isinstance(row["value"], int | float)
        assert row == {**text_row, "value": pytest.approx(float(text_row["value"]))}
    assert {(row["area_code"], row["area_name"]) for row in body["rows"]} == {
        ("VR13", store.current.reference.name("VR13"))
    }


def test_the_bulk_files_hold_the_export_of_every_area(client, store):
    snapshot = store.current
    expected = {
        (code, day, indicator): value
        for code, day, indicator, value in export_rows(snapshot, "vr", snapshot.area_codes("vr"))
    }
    response = client.get("/download/bulk/vr.parquet")
    assert response.status_code == 200
    frame = pd.read_parquet(io.BytesIO(response.get_data()))
    assert list(frame.columns) == [c for c in CSV_COLUMNS if c != "indicator_name"]
    assert len(frame) == len(expected)
    got = {
        (code, day.isoformat(), indicator): value
        for code, day, indicator, value in zip(
            frame["area_code"], frame["date"], frame["indicator"], frame["value"], strict=True
        )
    }
    assert got == pytest.approx(expected)

    zipped = client.get("/download/bulk/vr.csv.zip")
    assert zipped.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(zipped.get_data())) as archive:
        assert archive.namelist() == ["vr.csv"]
        with archive.open("vr.csv") as handle:
            from_csv = pd.read_csv(handle)
    assert len(from_csv) == len(expected)
    assert from_csv.iloc[0].to_dict() == {
        **frame.iloc[0].to_dict(),
        "date": str(frame.iloc[0]["date"]),
        "obtained_on": str(frame.iloc[0]["obtained_on"]),
    }


def test_the_municipalities_come_as_parquet_only(client):
    assert client.get("/download/bulk/gm.parquet").status_code == 200
    assert client.get("/download/bulk/gm.csv.zip").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/download/en/gm/GM9999/positive_tests_per_100k.csv",
        "/download/en/gm/GM0363/no_such_chart.csv",
        "/download/en/gm/GM0363/no_such_chart.json",
        "/download/xx/gm/GM0363/positive_tests_per_100k.csv",
        "/download/xx/gm/GM0363/positive_tests_per_100k.json",
        "/download/en/nl/NL/sewer_plants.csv",
        "/download/en/nl/NL/sewer_plants.json",
        "/download/en/gm/GM0363/age_distribution.json",
        "/download/en/vr/VR13/age_distribution.csv",
        "/download/en/gm/GM0363/positive_tests_per_100k.xml",
        "/download/bulk/xx.parquet",
        "/download/en/zz/GM0363/positive_tests_per_100k.csv",
        "/download/en/zz/GM0363/positive_tests_per_100k.json",
        "/download/en/zz/GM0363/positive_tests_per_100k.svg",
        "/download/bulk/../gm.parquet",
    ],
)
def test_unknown_downloads_are_not_found(client, path):
    assert client.get(path).status_code == 404


PLANT_COLUMNS = [*CSV_COLUMNS[:2], "plant_code", "plant_name", *CSV_COLUMNS[2:]]


def test_the_age_chart_csv_holds_each_age_group_per_day_adding_up_to_its_bar(client, store):
    snapshot = store.current
    distribution = categories.age_distribution(snapshot)
    response = client.get("/download/en/nl/NL/age_distribution.csv")
    assert response.status_code == 200
    assert 'filename="age_distribution-NL-3m.csv"' in response.headers["Content-Disposition"]
    rows = read_rows(response, ",")
    assert list(rows[0]) == CSV_COLUMNS
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["indicator"]] = totals.get(row["indicator"], 0) + float(row["value"])
        assert distribution.first_day.isoformat() <= row["date"] <= distribution.last_day.isoformat()
        assert (row["area_code"], row["area_name"], row["unit"]) == ("NL", "The Netherlands", "number")
        assert (row["source"], row["obtained_on"]) == (
            distribution.source,
            distribution.obtained_on.isoformat(),
        )
    assert totals == {
        age_indicator(band): count
        for band, count in zip(distribution.bands, distribution.counts, strict=True)
    }
    # a day's number is the case file's number of that age group that day
    first = rows[0]
    day_value = snapshot.column("nl", "NL", first["indicator"])[pd.Timestamp(first["date"])]
    assert float(first["value"]) == day_value
    assert {row["indicator_name"] for row in rows if row["indicator"] == age_indicator("90+")} == {
        indicator_label(age_indicator("90+"))
    }


def test_the_age_chart_json_has_the_rows_of_its_csv(client):
    text_rows = read_rows(client.get("/download/nl/nl/NL/age_distribution.csv"), ";")
    body = client.get("/download/nl/nl/NL/age_distribution.json").get_json()
    assert body["chart"] == "age_distribution" and body["columns"] == CSV_COLUMNS
    assert body["rows"] == [{**row, "value": int(row["value"])} for row in text_rows]
    assert body["rows"][0]["area_name"] == "Nederland"


def test_the_sewage_plants_csv_holds_the_area_average_and_each_plant_measurement(client, store):
    snapshot = store.current
    plants = snapshot.sewage_plants
    rows = read_rows(client.get("/download/en/vr/VR13/sewer_plants.csv?range=6m"), ",")
    assert list(rows[0]) == PLANT_COLUMNS
    average = [row for row in rows if row["indicator"] == "sewer_average"]
    measured = [row for row in rows if row["indicator"] == "sewer_plant_measurement"]
    assert len(average) + len(measured) == len(rows)
    # the line is the chart's own download of the weekly average
    line = read_rows(client.get("/download/en/vr/VR13/sewer_average.csv?range=6m"), ",")
    assert [{**row, "plant_code": "", "plant_name": ""} for row in line] == average
    start = min(row["date"] for row in average)
    codes = plants.plants_of("vr", "VR13")
    assert len(codes) >= 2 and {row["plant_code"] for row in measured} == set(codes)
    for code in codes:
        series = plants.series[code].dropna()
        expected = {
            day.date().isoformat(): value for day, value in series.items() if day.date().isoformat() >= start
        }
        got = {row["date"]: float(row["value"]) for row in measured if row["plant_code"] == code}
        assert got == pytest.approx(expected)
    for row in measured:
        assert row["plant_name"] == plants.names.get(row["plant_code"], row["plant_code"])
        assert (row["area_code"], row["unit"], row["source"]) == ("VR13", plants.unit, plants.source)
        assert row["obtained_on"] == plants.obtained_on.isoformat()


def test_the_sewage_plants_json_has_the_rows_of_its_csv_in_a_municipality(client, store):
    snapshot = store.current
    code = next(
        municipality
        for municipality in snapshot.area_codes("gm")
        if snapshot.sewage_plants.plants_of("gm", municipality)
    )
    text_rows = read_rows(client.get(f"/download/en/gm/{code}/sewer_plants.csv?range=all"), ",")
    body = client.get(f"/download/en/gm/{code}/sewer_plants.json?range=all").get_json()
    assert body["columns"] == PLANT_COLUMNS
    assert len(body["rows"]) == len(text_rows) > 0
    for row, text_row in zip(body["rows"], text_rows, strict=True):
        assert row == {**text_row, "value": pytest.approx(float(text_row["value"]))}


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_csv():
    from dashapp.charts.categories import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Amsterdam-West") == "Amsterdam-West"
