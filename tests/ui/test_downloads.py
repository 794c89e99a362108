"""CSV downloads of charts give exactly the numbers of the export."""

from __future__ import annotations

import csv
import io

import pytest

from dashapp.__main__ import main
from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource


@pytest.fixture(scope="module")
def client(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return create_server(Config(), store=store).test_client()


def exported(capsys, directory, level, code, indicator) -> dict[str, str]:
    assert main(["export", "--level", level, "--code", code, "--data-dir", str(directory)]) == 0
    rows = csv.DictReader(io.StringIO(capsys.readouterr().out))
    return {row["date"]: row["value"] for row in rows if row["indicator"] == indicator}


def test_chart_csv_equals_the_export(client, capsys, demo_data_dir):
    response = client.get("/download/en/gm/GM0363/positive_tests_per_100k.csv?range=30d")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 31
    export = exported(capsys, demo_data_dir, "gm", "GM0363", "positive_tests_per_100k")
    for day, value, _average in rows[1:]:
        assert export[day] == value


def test_weekly_chart_csv_equals_the_export_by_week_start(client, capsys, demo_data_dir):
    text = client.get("/download/nl/vr/VR13/ggd_positive_pct.csv?range=3m").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Week van", "Week tot en met"]
    export = exported(capsys, demo_data_dir, "vr", "VR13", "ggd_positive_pct")
    for start, _end, value in rows[1:]:
        assert export[start] == value


@pytest.mark.parametrize(
    "path",
    [
        "/download/en/gm/GM9999/positive_tests_per_100k.csv",
        "/download/en/gm/GM0363/no_such_chart.csv",
        "/download/xx/gm/GM0363/positive_tests_per_100k.csv",
        "/download/en/nl/NL/sewer_plants.csv",
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
