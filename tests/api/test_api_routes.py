"""Every route of /api/v1 gives the numbers of the export (``dashapp.export.rows``), from the same
snapshot, with each value's date and its source's publication date."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pandas as pd
import pytest

from dashapp.content import read_page
from dashapp.data.reference import load_reference
from dashapp.export import format_value, rows
from dashapp.metrics.registry import METRICS


def exported(snapshot, level: str, code: str, indicator: str) -> dict[str, float]:
    return {day: value for _c, day, name, value in rows(snapshot, level, [code]) if name == indicator}


def test_a_series_over_the_whole_period_is_the_export(api_client, api_store):
    snapshot = api_store.current
    answer = api_client.get("/api/v1/areas/gm/GM0363/series?indicator=positive_tests_per_100k")
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["area"] == {"code": "GM0363", "level": "gm", "name": {"nl": "Amsterdam", "en": "Amsterdam"}}
    assert body["data_version"] == snapshot.version == answer.headers["X-Data-Version"]
    (series,) = body["series"]
    table = snapshot.table("gm", "positive_tests_per_100k")
    assert series["obtained_on"] == table.obtained_on.isoformat()
    assert series["source"] == table.source
    assert series["cadence"] == "daily" and series["unit"] == "number"
    expected = exported(snapshot, "gm", "GM0363", "positive_tests_per_100k")
    assert {v["date"]: v["value"] for v in series["values"]} == pytest.approx(expected)
    assert [v["date"] for v in series["values"]] == sorted(expected)


def test_several_indicators_share_a_window_counted_back_from_the_newest_value(api_client, api_store):
    snapshot = api_store.current
    answer = api_client.get(
        "/api/v1/areas/vr/VR13/series?indicator=positive_tests&indicator=ggd_positive_pct&range=30d"
    )
    body = answer.get_json()
    daily, weekly = body["series"]
    assert (daily["indicator"], weekly["indicator"]) == ("positive_tests", "ggd_positive_pct")
    newest = max(date.fromisoformat(s["values"][-1]["date"]) for s in body["series"])
    first = newest - timedelta(days=29)  # "30 days" holds the newest day and the 29 before it
    cases = exported(snapshot, "vr", "VR13", "positive_tests")
    assert {v["date"]: v["value"] for v in daily["values"]} == {
        day: value for day, value in cases.items() if first.isoformat() <= day <= newest.isoformat()
    }
    assert weekly["cadence"] == "weekly" and weekly["unit"] == "percent"
    assert all(date.fromisoformat(v["date"]).weekday() == 0 for v in weekly["values"])  # Mondays


def test_from_and_to_pick_days(api_client, api_store):
    answer = api_client.get(
        "/api/v1/areas/nl/NL/series?indicator=hospital_admissions&from=2026-09-01&to=2026-09-07&format=json"
    )
    values = answer.get_json()["series"][0]["values"]
    expected = exported(api_store.current, "nl", "NL", "hospital_admissions")
    assert [v["date"] for v in values] == [f"2026-09-0{day}" for day in range(1, 8)]
    assert [v["value"] for v in values] == [expected[v["date"]] for v in values]


def test_a_series_as_csv_reads_with_the_csv_module_and_pandas(api_client, api_store):
    path = "/api/v1/areas/gm/GM0014/series?indicator=deceased,hospital_admissions&range=3m&format=csv"
    answer = api_client.get(path)
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    text = answer.get_data(as_text=True)
    records = list(csv.DictReader(io.StringIO(text)))
    assert set(records[0]) == {
        "area_code",
        "area_name",
        "indicator",
        "date",
        "value",
        "unit",
        "source",
        "obtained_on",
    }
    assert {r["area_code"] for r in records} == {"GM0014"} and {r["area_name"] for r in records} == {
        "Groningen"
    }
    frame = pd.read_csv(io.StringIO(text), parse_dates=["date", "obtained_on"])
    snapshot = api_store.current
    for indicator in ("deceased", "hospital_admissions"):
        expected = exported(snapshot, "gm", "GM0014", indicator)
        got = frame[frame["indicator"] == indicator]
        assert len(got) > 80
        for day, value in zip(got["date"], got["value"], strict=True):
            assert value == pytest.approx(expected[day.date().isoformat()])
        assert set(got["obtained_on"].dt.date) == {snapshot.table("gm", indicator).obtained_on}


def test_latest_values_of_every_municipality_are_the_last_exported_ones(api_client, api_store):
    snapshot = api_store.current
    answer = api_client.get("/api/v1/latest/gm/positive_tests_per_100k")
    body = answer.get_json()
    assert (body["level"], body["indicator"], body["cadence"]) == ("gm", "positive_tests_per_100k", "daily")
    by_code = {v["code"]: v for v in body["values"]}
    assert len(by_code) == 355
    for code in ("GM0363", "GM0014", "GM1680"):
        series = exported(snapshot, "gm", code, "positive_tests_per_100k")
        newest = max(series)
        assert by_code[code]["value_of"] == newest
        assert by_code[code]["value"] == pytest.approx(series[newest])
        assert (
            by_code[code]["obtained_on"]
            == snapshot.table("gm", "positive_tests_per_100k").obtained_on.isoformat()
        )
    assert by_code["GM0363"]["name"] == {"nl": "Amsterdam", "en": "Amsterdam"}


def test_latest_values_as_csv(api_client, api_store):
    text = api_client.get("/api/v1/latest/vr/ggd_positive_pct?format=csv").get_data(as_text=True)
    frame = pd.read_csv(io.StringIO(text))
    assert len(frame) == 25
    assert list(frame.columns) == [
        "area_code",
        "area_name",
        "indicator",
        "value_of",
        "value",
        "unit",
        "source",
        "obtained_on",
    ]
    snapshot = api_store.current
    row = frame.set_index("area_code").loc["VR13"]
    latest = snapshot.latest("vr", "VR13", "ggd_positive_pct")
    assert row["value"] == pytest.approx(format_value("ggd_positive_pct", latest.value))
    assert row["value_of"] == latest.value_of.isoformat() and row["unit"] == "percent"


def test_areas_name_every_area_with_its_parent_and_inhabitants(api_client):
    body = api_client.get("/api/v1/areas").get_json()
    by_level: dict[str, list] = {}
    for area in body["areas"]:
        by_level.setdefault(area["level"], []).append(area)
    assert {level: len(areas) for level, areas in by_level.items()} == {"nl": 1, "vr": 25, "gm": 355}
    national = by_level["nl"][0]
    assert national["name"] == {"nl": "Nederland", "en": "The Netherlands"}
    assert national["parent"] is None and national["inhabitants"] == 17408573
    amsterdam = next(a for a in by_level["gm"] if a["code"] == "GM0363")
    assert amsterdam["parent"] == "VR13"
    assert all(region["parent"] == "NL" for region in by_level["vr"])
    # every municipality belongs to one of the 25 regions, whose inhabitants add up to the country's
    assert {a["parent"] for a in by_level["gm"]} == {r["code"] for r in by_level["vr"]}
    assert sum(r["inhabitants"] for r in by_level["vr"]) == national["inhabitants"]
    assert amsterdam["inhabitants"] == load_reference().municipalities["GM0363"].inhabitants
    one = api_client.get("/api/v1/areas/gm/gm0363").get_json()["area"]
    assert one == amsterdam
    regions = api_client.get("/api/v1/areas?level=vr&format=csv").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(regions)))) == 25


def test_the_catalogue_describes_each_indicator_with_data(api_client, api_store):
    body = api_client.get("/api/v1/indicators").get_json()
    by_id = {record["id"]: record for record in body["indicators"]}
    assert set(by_id) <= set(METRICS)
    cases = by_id["positive_tests_per_100k"]
    assert cases["levels"] == ["nl", "vr", "gm"] and cases["cadence"] == "daily"
    assert cases["name"]["en"] == "Positive tests per 100,000 inhabitants"
    assert cases["name"]["nl"] != cases["name"]["en"]
    assert by_id["gp_suspicions"]["cadence"] == "weekly" and by_id["gp_suspicions"]["levels"] == ["nl"]
    assert by_id["sewer_average"]["unit"] == "rna_flow_per_100k_x1e11"
    assert by_id["sewer_average"]["unit_note"]["en"] == "× 100 billion"
    snapshot = api_store.current
    for record in by_id.values():
        for source in record["sources"]:
            assert source["obtained_on"] == snapshot.sources[source["id"]].obtained_on.isoformat()
        for language, link in record["methodology"].items():
            anchor = link.split("#", 1)[1]
            assert link.startswith(f"/{language}/methodology#")
            assert anchor in read_page("methodology", language).anchors


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/v1/areas/gm/GM9999/series?indicator=positive_tests", 404, "unknown area"),
        ("/api/v1/areas/xx/GM0363/series?indicator=positive_tests", 404, "unknown level"),
        ("/api/v1/areas/gm/GM0363/series?indicator=no_such_thing", 404, "unknown indicator"),
        ("/api/v1/areas/gm/GM0363/series?indicator=ic_admissions", 404, "no data at level gm"),
        ("/api/v1/latest/gm/no_such_thing", 404, "unknown indicator"),
        ("/api/v1/latest/xx/positive_tests", 404, "unknown level"),
        ("/api/v1/areas?level=provincie", 404, "unknown level"),
        ("/api/v1/no/such/endpoint", 404, "no such endpoint"),
        ("/api/v1", 404, "no such endpoint"),
        ("/api/v2/areas", 404, "no such endpoint"),
        ("/api/v1/areas/gm/GM0363/series?indicator=positive_tests&range=2y", 400, "unknown range"),
        ("/api/v1/areas/gm/GM0363/series?indicator=positive_tests&from=2026-13-01", 400, "'from'"),
        ("/api/v1/areas/gm/GM0363/series?indicator=positive_tests&from=1-1-2026", 400, "'from'"),
        (
            "/api/v1/areas/gm/GM0363/series?indicator=positive_tests&from=2026-09-02&to=2026-09-01",
            400,
            "after",
        ),
        ("/api/v1/areas/gm/GM0363/series", 400, "at least one indicator"),
        ("/api/v1/areas/gm/GM0363/series?indicator=" + ",".join(["deceased"] * 21), 400, "at most 20"),
        ("/api/v1/areas/gm/GM0363/series?indicator=positive_tests&format=xlsx", 400, "unknown format"),
    ],
)
def test_errors_are_json_with_a_clear_message(api_client, path, status, words):
    answer = api_client.get(path)
    assert answer.status_code == status
    assert answer.mimetype == "application/json"
    error = answer.get_json()["error"]
    assert error["status"] == status and words in error["message"]
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_a_request_echoed_in_an_error_is_cut_short_and_stays_json(api_client):
    answer = api_client.get("/api/v1/areas/gm/" + "<script>" * 50 + "/series?indicator=positive_tests")
    assert answer.status_code == 404 and answer.mimetype == "application/json"
    assert len(answer.get_json()["error"]["message"]) < 120


def test_head_gives_the_headers_of_get(api_client):
    path = "/api/v1/latest/vr/deceased?format=csv"
    got, head = api_client.get(path), api_client.head(path)
    assert head.status_code == 200 and head.data == b""
    assert head.headers["ETag"] == got.headers["ETag"]
    assert head.mimetype == "text/csv"


def test_other_methods_are_refused_as_json(api_client):
    answer = api_client.post("/api/v1/areas")
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"]
    assert answer.mimetype == "application/json"
