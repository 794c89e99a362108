"""Region and municipality pages: tiles, charts fetched per area, sewage panels, the hospital warning."""

from __future__ import annotations

import ast

import numpy as np
import pytest

from dashapp.callbacks.charts import ChartRequest, chart_update
from dashapp.charts.data import chart_data
from dashapp.charts.specs import CHARTS
from dashapp.layouts import areas
from tests.conftest import DEMO_END
from tests.ui.layout_tools import by_class, by_id, page_context, shown_value, texts, walk


def tile_values(layout) -> dict[str, str]:
    tiles = by_id(layout, lambda i: isinstance(i, str) and i.startswith("kpi-"))
    return {
        tile_id.removeprefix("kpi-"): texts(by_class(tile, "kpi-value")[0]) for tile_id, tile in tiles.items()
    }


@pytest.mark.parametrize("code", ["VR13", "VR02", "VR25"])
def test_region_tiles_show_the_latest_values(demo_snapshot, code):
    with page_context("nl"):
        layout = areas.region_top(demo_snapshot, code, DEMO_END)
    shown = tile_values(layout)
    assert set(shown) == set(areas.REGION_TILES)
    for indicator, text in shown.items():
        latest = demo_snapshot.latest("vr", code, indicator)
        assert text.startswith(shown_value(indicator, latest.value, "nl"))


def test_municipality_top_names_its_region_and_warns_about_hospital_figures(demo_snapshot):
    with page_context("en"):
        layout = areas.municipality_top(demo_snapshot, "GM0014", DEMO_END)
    text = texts(layout)
    assert "Groningen" in text
    assert "less up to date than the national figures" in text
    link = by_id(layout, lambda i: i == "region-link")["region-link"]
    assert link["props"]["href"] == "/en/veiligheidsregio/VR01"
    for indicator, value in tile_values(layout).items():
        latest = demo_snapshot.latest("gm", "GM0014", indicator)
        assert value.startswith(shown_value(indicator, latest.value, "en"))


@pytest.mark.parametrize("level, code", [("gm", "GM0363"), ("vr", "VR13")])
def test_area_chart_callback_draws_the_area_series(demo_snapshot, level, code):
    request = ChartRequest(level, code, "positive_tests_per_100k", "30d", toggled=False, table_open=False)
    with page_context("en"):
        answer = chart_update(demo_snapshot, request)
    assert answer["status"] is None and answer["toggle_label"] == "Show the numbers as a table"
    expected = chart_data(demo_snapshot, CHARTS[level]["positive_tests_per_100k"], level, code, "30d")
    bars = answer["figure"]["data"][0]["y"]
    np.testing.assert_allclose(bars, expected.columns["positive_tests_per_100k"])
    assert answer["csv_href"] == f"/download/en/{level}/{code}/positive_tests_per_100k.csv?range=30d"
    assert "from" in answer["summary"] and answer["table"] is None and answer["table_open"] == "false"


def test_pressing_the_table_button_opens_and_closes_the_table(demo_snapshot):
    opening = ChartRequest("gm", "GM0363", "hospital_admissions", "5w", toggled=True, table_open=False)
    with page_context("nl"):
        opened = chart_update(demo_snapshot, opening)
        assert opened["table_open"] == "true" and opened["toggle_label"] == "Verberg de tabel"
        assert len(by_class(opened["table"], "table")) == 1
        assert texts(opened["table"]).count("november 2026") >= 23
        closing = ChartRequest("gm", "GM0363", "hospital_admissions", "5w", toggled=True, table_open=True)
        closed = chart_update(demo_snapshot, closing)
    assert closed["table"] is None and closed["table_open"] == "false"
    assert closed["toggle_label"] == "Toon de cijfers als tabel"


def test_sewage_panel_says_so_when_no_plant_is_linked(demo_snapshot):
    plants = demo_snapshot.sewage_plants
    linked = {area for area in plants.municipality_of.values()}
    without = next(code for code in demo_snapshot.reference.municipalities if code not in linked)
    with page_context("en"):
        panel = areas.sewage_panel(demo_snapshot, "gm", without, DEMO_END)
        several = areas.sewage_panel(demo_snapshot, "vr", "VR13", DEMO_END)
    assert "No sewage treatment plant is linked to this area." in texts(panel)
    buttons = by_id(several, lambda i: isinstance(i, dict) and i.get("type") == "plant-pick")
    assert len(buttons) == len(plants.plants_of("vr", "VR13"))
    assert {button["props"]["aria-pressed"] for button in buttons.values()} == {"false"}


def test_cached_chart_answers_equal_fresh_ones_and_the_table_is_never_cached(demo_snapshot):
    import json

    from plotly.io.json import to_json_plotly

    from dashapp.callbacks.render_cache import RenderCache

    cache = RenderCache()
    request = ChartRequest("gm", "GM0014", "hospital_admissions", "6m", toggled=False, table_open=False)
    with page_context("en"):
        fresh = json.loads(to_json_plotly(chart_update(demo_snapshot, request)))
        first, second = (
            chart_update(demo_snapshot, request, cache),
            chart_update(demo_snapshot, request, cache),
        )
        opening = ChartRequest("gm", "GM0014", "hospital_admissions", "6m", toggled=True, table_open=False)
        with_table = chart_update(demo_snapshot, opening, cache)
    assert first == second == fresh
    assert (cache.hits, cache.misses) == (1, 1)
    assert with_table["table"] is not None and with_table["table_open"] == "true"


def test_markup_in_a_plant_name_from_the_data_file_is_shown_as_text(demo_snapshot):
    """Plotly reads some HTML in names and hover texts; names from a data file must stay text."""
    import dataclasses
    import json

    plants = demo_snapshot.sewage_plants
    plant = plants.plants_of("vr", "VR13")[0]
    hostile = '<a href="javascript:alert(1)">x</a><script>alert(2)</script>'
    snapshot = dataclasses.replace(
        demo_snapshot, sewage_plants=dataclasses.replace(plants, names={**plants.names, plant: hostile})
    )
    with page_context("en"):
        panel = areas.sewage_panel(snapshot, "vr", "VR13", DEMO_END)
    figures = json.dumps(
        [c["props"]["figure"] for c in by_id(panel, lambda i: i in ("plant-graph", "plant-bars")).values()]
    )
    assert "<script" not in figures and "<a href" not in figures
    assert "&lt;script&gt;" in figures
    buttons = by_id(panel, lambda i: isinstance(i, dict) and i.get("type") == "plant-pick")
    # On its button the name is a plain string, which React always renders as text.
    assert hostile in [button["props"]["children"] for button in buttons.values()]


def test_only_a_plant_of_the_area_is_highlighted(demo_snapshot):
    from dashapp.callbacks.area_panels import known_plant

    plants = demo_snapshot.sewage_plants.plants_of("vr", "VR13")
    other = next(p for p in demo_snapshot.sewage_plants.names if p not in plants)
    assert known_plant(demo_snapshot, "vr", "VR13", plants[1]) == plants[1]
    assert known_plant(demo_snapshot, "vr", "VR13", other) is None
    assert known_plant(demo_snapshot, "vr", "VR13", None) is None
    assert known_plant(demo_snapshot, "vr", "VR13", {"plant": plants[0]}) is None


@pytest.mark.parametrize("level, code", [("gm", "GM0363"), ("vr", "VR13")])
def test_reported_deaths_have_a_tile_and_a_chart_on_the_area_pages(demo_snapshot, level, code):
    top = areas.municipality_top if level == "gm" else areas.region_top
    with page_context("nl"):
        shown = tile_values(top(demo_snapshot, code, DEMO_END))
        skeleton = areas.area_charts(demo_snapshot, level, code, DEMO_END)
        request = ChartRequest(level, code, "deceased", "3m", toggled=False, table_open=False)
        answer = chart_update(demo_snapshot, request)
        figure, href = answer["figure"], answer["csv_href"]
    latest = demo_snapshot.latest(level, code, "deceased")
    assert shown["deceased"].startswith(shown_value("deceased", latest.value, "nl"))
    deaths = by_id(skeleton, lambda i: i == "deaths")["deaths"]
    assert "Gemelde overlijdens per dag" in texts(deaths)
    bars, average = figure["data"][0], figure["data"][1]
    expected = chart_data(demo_snapshot, CHARTS[level]["deceased"], level, code, "3m")
    np.testing.assert_allclose(bars["y"], expected.columns["deceased"])
    assert min(bars["y"]) >= 0 and average["name"] == "7-daags gemiddelde"
    assert href == f"/download/nl/{level}/{code}/deceased.csv?range=3m"


def test_region_charts_follow_the_registry_sections(demo_snapshot):
    with page_context("en"):
        skeleton = areas.area_charts(demo_snapshot, "vr", "VR13", DEMO_END)
    sections = [
        component["props"]["id"]
        for component in walk(skeleton)
        if component["props"].get("className") == "dashboard-section"
    ]
    assert sections == [
        "positive-tests",
        "ggd-tests",
        "hospital",
        "deaths",
        "nursing-homes",
        "municipalities",
        "sewage",
    ]


def test_an_area_brings_its_charts_as_cards_drawn_when_in_view(demo_snapshot):
    """Every chart of the area is a card for that area, whose figure waits until it comes into view."""
    with page_context("nl"):
        charts = areas.area_charts(demo_snapshot, "gm", "GM0363", DEMO_END)
    stores = by_id(charts, lambda i: isinstance(i, dict) and i.get("type") == "chart-visible")
    keys = {ast.literal_eval(i)["key"] for i in stores}
    expected = {f"nl|gm|GM0363|{chart_id}" for chart_id in CHARTS["gm"]}
    # The sewage chart is a card of its own only where one plant serves the municipality.
    assert keys - {"nl|gm|GM0363|sewer_average"} == expected - {"nl|gm|GM0363|sewer_average"}
    assert not any(store["props"]["data"] for store in stores.values())


@pytest.mark.parametrize("days_later, late", [(0, False), (21, True)])
def test_late_notices_follow_the_day_the_caller_gives(demo_snapshot, days_later, late):
    """The page's day comes from the caller (the router reads the clock once per request): the same
    snapshot is on time on the day of its files and late three weeks later."""
    from datetime import timedelta

    with page_context("en"):
        top = areas.municipality_top(demo_snapshot, "GM0363", DEMO_END + timedelta(days=days_later))
    assert ("Late data:" in texts(top)) is late


def test_the_tables_of_the_special_cards_are_built_only_when_opened(demo_snapshot):
    from dashapp.callbacks.area_panels import numbers_table
    from dashapp.layouts import special_charts

    with page_context("en"):
        card = special_charts.sewage_plants_card(demo_snapshot, "vr", "VR13")
        age = special_charts.age_card(demo_snapshot)
        plants = numbers_table(demo_snapshot, "sewer-plants", "vr", "VR13")
        ages = numbers_table(demo_snapshot, "age", "nl", "NL")
        assert numbers_table(demo_snapshot, "age", "gm", "GM0363") is None
    for closed in (card, age):
        assert not [c for c in walk(closed) if c["type"] in ("Table", "Tr")]
        toggle = by_id(closed, lambda i: isinstance(i, dict) and i.get("type") == "numbers-toggle")
        assert [t["props"]["aria-expanded"] for t in toggle.values()] == ["false"]
    latest = demo_snapshot.sewage_plants.plants_of("vr", "VR13")
    assert len([c for c in walk(plants) if c["type"] == "Tr"]) == len(latest) + 1  # with the header row
    assert "Age group" in texts(ages)
