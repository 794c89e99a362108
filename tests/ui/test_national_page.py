"""Every tile and chart of the national tab shows the snapshot's numbers, on demo and real data."""

from __future__ import annotations

import numpy as np
import pytest
from dash import no_update

from dashapp.callbacks.chart_cards import card_answer
from dashapp.callbacks.charts import ChartRequest, chart_update, unchanged_chart
from dashapp.charts.data import chart_data
from dashapp.charts.ranges import DEFAULT_RANGE
from dashapp.charts.specs import NATIONAL_CHARTS
from dashapp.data.indicators.rounding import round_array
from dashapp.data.store import DataStore, DirectorySource
from dashapp.labels import indicator_label
from dashapp.layouts import national
from tests.conftest import DEMO_END
from tests.ui.layout_tools import by_id, page_context, shown_value, texts, walk


def render(snapshot, language):
    with page_context(language):
        return national.layout(snapshot, today=DEMO_END)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_national_tile_shows_the_latest_value_of_its_indicator(demo_snapshot, language):
    layout = render(demo_snapshot, language)
    tiles = by_id(layout, lambda i: isinstance(i, str) and i.startswith("kpi-"))
    assert {tile_id.removeprefix("kpi-") for tile_id in tiles} == {
        "positive_tests_per_100k",
        "positive_tests",
        "positive_tests_7d_per_100k",
        "ggd_tested",
        "ggd_positive",
        "hospital_admissions_3d_avg",
        "hospital_beds_occupied",
        "deceased",
        "deceased_7d_per_100k",
        "ic_admissions_3d_avg",
        "ic_beds_occupied",
        "reproduction_number",
        "infectious_people",
        "nursing_home_positive_residents",
        "nursing_home_infected_locations",
        "nursing_home_new_infected_locations",
        "nursing_home_deceased",
        "gp_suspicions",
        "gp_suspicions_per_100k",
        "sewer_average",
        "sewer_plants",
    }
    for tile_id, tile in tiles.items():
        indicator = tile_id.removeprefix("kpi-")
        latest = demo_snapshot.latest("nl", "NL", indicator)
        value = next(c for c in walk(tile) if c["props"].get("className") == "kpi-value")
        assert texts(value).startswith(shown_value(indicator, latest.value, language)), indicator


def test_an_answer_that_keeps_the_figure_keeps_the_cards_graph():
    answer = card_answer(unchanged_chart())
    assert answer["plot"] is no_update
    assert "figure" not in answer and "config" not in answer


def test_every_national_chart_draws_the_snapshot_series(demo_snapshot):
    """No chart is built with the page (none is on the first screen): each card holds an empty plot
    box, and the chart callback sends its graph once the card comes into view."""
    layout = render(demo_snapshot, "en")
    boxes = by_id(layout, lambda i: isinstance(i, dict) and i.get("type") == "chart-graph")
    assert len(boxes) == len(NATIONAL_CHARTS)
    assert all(box["props"].get("children") is None for box in boxes.values())
    stores = by_id(layout, lambda i: isinstance(i, dict) and i.get("type") == "chart-visible")
    assert [store["props"]["data"] for store in stores.values()] == [False] * len(NATIONAL_CHARTS)
    for spec in NATIONAL_CHARTS:
        request = ChartRequest("nl", "NL", spec.id, DEFAULT_RANGE, toggled=False, table_open=False)
        with page_context("en"):
            graph = card_answer(chart_update(demo_snapshot, request))["plot"].to_plotly_json()
        assert graph["type"] == "Graph"
        figure = graph["props"]["figure"]
        data = chart_data(demo_snapshot, spec, "nl", "NL", DEFAULT_RANGE)
        # (long legend names are broken over lines with <br>)
        drawn = {trace["name"].replace("<br>", " "): trace["y"] for trace in figure["data"]}
        main = spec.bars or spec.line
        # The snapshot keeps percentages unrounded; the chart draws what it shows.
        series = round_array(data.columns[main], data.decimals[main])
        with page_context("en"):
            label = indicator_label(main)
        assert drawn[label] == [None if np.isnan(v) else pytest.approx(v) for v in series], spec.id


@pytest.fixture(scope="module")
def real_store(real_data_dir):
    store = DataStore(DirectorySource(real_data_dir), refresh_seconds=3600)
    store.refresh()
    return store


def test_real_lcps_beds_and_sewage_plants_on_the_national_tab(real_store):
    snapshot = real_store.current
    layout = render(snapshot, "en")
    tiles = by_id(layout, lambda i: isinstance(i, str) and i.startswith("kpi-"))
    shown = {tile_id: texts(tile) for tile_id, tile in tiles.items()}
    values = {
        tile_id: texts(value)
        for tile_id, tile in tiles.items()
        for value in walk(tile)
        if value["props"].get("className") == "kpi-value"
    }
    # Without NICE's hospital-intake file the national hospital tile shows no number.
    assert "kpi-hospital_admissions_3d_avg" in tiles and "kpi-hospital_admissions_3d_avg" not in values
    assert "the file zkh-new-intake.json is missing" in shown["kpi-hospital_admissions_3d_avg"]
    # LCPS on 26 July 2021: 140 COVID-19 IC beds of 667 occupied, 437 ward beds.
    assert "140" in shown["kpi-ic_beds_occupied"] and "21.0%" in shown["kpi-ic_beds_occupied"]
    assert "26 July 2021" in shown["kpi-ic_beds_occupied"]
    assert "437" in shown["kpi-hospital_beds_occupied"]
    # The 2020-10-07 sewage copy runs to Thursday 17 September: the last complete week is 7-13 September,
    # with 236 plants measured.
    assert values["kpi-sewer_plants"] == "236"
    assert "7–13 Sept 2020" in shown["kpi-sewer_plants"] or "7–13 Sep 2020" in shown["kpi-sewer_plants"]


def test_a_number_in_a_tile_line_names_its_own_period_when_it_differs_from_the_tiles():
    from datetime import date

    with page_context("en"):
        # weekly share: its week; the same day as the tile: nothing added
        assert national.own_period("ggd_positive_pct", date(2021, 10, 25), date(2020, 9, 15)) == (
            " (value of 25–31 Oct 2021)"
        )
        assert national.own_period("ic_beds_occupied_pct", date(2020, 9, 15), date(2020, 9, 15)) == ""
        assert national.own_period("ic_beds_occupied_pct", date(2020, 9, 14), date(2020, 9, 15)) == (
            " (value of 14 September 2020)"
        )
    with page_context("nl"):
        assert national.own_period("ic_beds_occupied_pct", date(2020, 9, 14), None) == (
            " (waarde van 14 september 2020)"
        )


def test_the_ggd_share_under_the_positive_tests_tile_is_dated_when_its_week_is_not_the_tiles(demo_snapshot):
    tile_day = demo_snapshot.latest("nl", "NL", "positive_tests").value_of
    share = demo_snapshot.latest("nl", "NL", "ggd_positive_pct")
    with page_context("en"):
        tile = by_id(national.layout(demo_snapshot, today=DEMO_END), lambda i: i == "kpi-positive_tests")[
            "kpi-positive_tests"
        ]
        line = texts(next(c for c in walk(tile) if c["props"].get("className") == "kpi-extra"))
        expected = national.own_period("ggd_positive_pct", share.value_of, tile_day)
    assert share.value_of != tile_day  # a weekly share is dated by its Monday, the tile by its day
    assert expected.strip() in line and "value of" in line
