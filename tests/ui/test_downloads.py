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
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.export import rows as export_rows

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


def test_age_distribution_csv_has_every_band(client):
    rows = list(
        csv.reader(io.StringIO(client.get("/download/en/nl/NL/age_distribution.csv").get_data(as_text=True)))
    )
    assert [row[0] for row in rows[1:]] == [
        "0-9",
        "10-19",
        "20-29",
        "30-39",
        "40-49",
        "50-59",
        "60-69",
        "70-79",
        "80-89",
        "90+",
    ]
    assert sum(float(row[2]) for row in rows[1:]) == pytest.approx(100, abs=0.5)


def test_sewage_plant_measurements_csv_lists_each_plant_of_the_region(client):
    text = client.get("/download/en/vr/VR13/sewer_plants.csv?range=all").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Date", "Plant code", "Plant", "Virus particles per 100,000 inhabitants"]
    assert len({row[1] for row in rows[1:]}) >= 2


def test_a_name_that_looks_like_a_formula_is_not_one_in_the_csv():
    from dashapp.charts.categories import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Amsterdam-West") == "Amsterdam-West"
