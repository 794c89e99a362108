"""The numbers of a chart: selection by area and range, the 7-day average, incomplete days, CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashapp.charts import ranges
from dashapp.charts.data import chart_data
from dashapp.charts.render import csv_text, figure, table_rows, visible_references
from dashapp.charts.specs import CHARTS
from dashapp.i18n import use_language
from dashapp.layouts.chart_card import chart_card


@pytest.fixture(scope="module")
def app_context():
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context("/"):
        yield


def test_range_boundaries_count_back_from_the_last_day():
    last = pd.Timestamp("2020-11-15")
    assert ranges.first_day("30d", last) == pd.Timestamp("2020-10-17")
    assert ranges.first_day("5w", last) == pd.Timestamp("2020-10-12")
    assert ranges.first_day("3m", last) == pd.Timestamp("2020-08-16")
    assert ranges.first_day("1y", last) == pd.Timestamp("2019-11-16")
    assert ranges.first_day("all", last) is None
    assert ranges.valid_range("bogus") == ranges.DEFAULT_RANGE


def test_chart_of_one_area_takes_the_snapshot_values_and_the_range(demo_snapshot):
    spec = CHARTS["gm"]["positive_tests_per_100k"]
    data = chart_data(demo_snapshot, spec, "gm", "GM0363", "30d")
    column = demo_snapshot.column("gm", "GM0363", "positive_tests_per_100k")
    assert len(data.index) == 30
    assert data.last_day == column.index[-1].date()
    np.testing.assert_array_equal(data.columns["positive_tests_per_100k"], column.iloc[-30:].to_numpy())


def test_seven_day_average_uses_the_days_before_the_range(demo_snapshot):
    spec = CHARTS["nl"]["positive_tests_per_100k"]
    data = chart_data(demo_snapshot, spec, "nl", "NL", "5w")
    shown = demo_snapshot.column("nl", "NL", "positive_tests_per_100k")
    first = data.index[0]
    window = shown.loc[first - pd.Timedelta(days=6) : first]
    expected = np.floor(window.mean() * 10 + 0.5) / 10
    assert data.columns["positive_tests_per_100k_7d_avg"][0] == pytest.approx(expected)


def test_the_last_days_of_nice_admissions_are_marked_incomplete(demo_snapshot):
    data = chart_data(demo_snapshot, CHARTS["nl"]["ic_admissions"], "nl", "NL", "30d")
    assert data.source == "nice_ic_intake"
    assert data.incomplete_from == date(2026, 11, 21)
    regional = chart_data(demo_snapshot, CHARTS["vr"]["hospital_admissions"], "vr", "VR13", "30d")
    assert regional.incomplete_from is None


def test_unknown_area_gives_an_empty_chart(demo_snapshot):
    data = chart_data(demo_snapshot, CHARTS["gm"]["positive_tests_per_100k"], "gm", "GM9999", "3m")
    assert data.empty


def test_csv_holds_exactly_the_chart_numbers_as_the_export_prints_them(demo_snapshot, app_context):
    data = chart_data(demo_snapshot, CHARTS["gm"]["positive_tests_per_100k"], "gm", "GM0363", "30d")
    with use_language("en"):
        text = csv_text(data)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Date", "Positive tests per 100,000 inhabitants", "7-day average"]
    assert len(rows) == 31
    column = demo_snapshot.column("gm", "GM0363", "positive_tests_per_100k")
    last = rows[-1]
    assert last[0] == column.index[-1].date().isoformat()
    assert float(last[1]) == column.iloc[-1]


def test_weekly_csv_names_first_and_last_day_of_each_week(demo_snapshot, app_context):
    data = chart_data(demo_snapshot, CHARTS["vr"]["ggd_positive_pct"], "vr", "VR13", "3m")
    with use_language("nl"):
        rows = list(csv.reader(io.StringIO(csv_text(data))))
    assert rows[0][:2] == ["Week van", "Week tot en met"]
    start, end = date.fromisoformat(rows[1][0]), date.fromisoformat(rows[1][1])
    assert start.weekday() == 0 and (end - start).days == 6


def test_table_rows_are_newest_first_and_in_the_page_language(demo_snapshot, app_context):
    data = chart_data(demo_snapshot, CHARTS["nl"]["positive_tests_per_100k"], "nl", "NL", "5w")
    with use_language("nl"):
        rows = table_rows(data)
    assert rows[0][0] == "23 november 2026"
    value = data.columns["positive_tests_per_100k"][-1]
    assert rows[0][1] == f"{value:.1f}".replace(".", ",")


def test_figure_has_bars_average_and_the_signal_line(demo_snapshot, app_context):
    data = chart_data(demo_snapshot, CHARTS["nl"]["positive_tests_per_100k"], "nl", "NL", "30d")
    with use_language("en"):
        made = figure(data)
    kinds = [trace["type"] for trace in made["data"]]
    assert kinds == ["bar", "scatter"]
    assert made["data"][0]["x0"] == data.index[0].strftime("%Y-%m-%d")
    assert len(made["data"][0]["y"]) == 30
    signal = [shape for shape in made["layout"]["shapes"] if shape["type"] == "line"]
    assert [shape["y0"] for shape in signal] == [7]
    assert made["layout"]["annotations"][0]["text"] == "Signal value: 7"
    assert made["layout"]["separators"] == ".,"


def test_guidance_lines_show_the_thresholds_reached_and_the_next_one(demo_snapshot):
    spec = CHARTS["gm"]["positive_tests_7d_per_100k"]
    data = chart_data(demo_snapshot, spec, "gm", "GM0363", "3m")
    highest = np.nanmax(data.columns["positive_tests_7d_per_100k"])
    shown = [line.value for line in visible_references(data)]
    below = [value for value in (50, 150, 250) if value <= highest]
    above = [value for value in (50, 150, 250) if value > highest][:1]
    assert shown == below + above


def test_chart_card_has_a_table_button_and_a_csv_link_for_its_range(demo_snapshot, app_context):
    data = chart_data(demo_snapshot, CHARTS["gm"]["positive_tests_per_100k"], "gm", "GM0363", "6m")
    with use_language("nl"):
        card = chart_card(data)
    text = str(card.to_plotly_json())
    assert "/download/nl/gm/GM0363/positive_tests_per_100k.csv?range=6m" in text
    assert "Toon de cijfers als tabel" in text
