"""The national maps' callbacks draw a map when its box nears the screen, in the page's language,
for the choice the page shows; anything else leaves the map as it is."""

from __future__ import annotations

import json

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web.preload import DASH_KEY


@pytest.fixture(scope="module")
def server(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return create_server(Config(), store=store)


def callback_key(server, input_id: str) -> tuple[str, dict]:
    app = server.extensions[DASH_KEY]
    for key, callback in app.callback_map.items():
        if {"id": input_id, "property": "data"} in callback["inputs"]:
            return key, callback
    raise AssertionError(f"no callback listens to {input_id}")


def post(server, input_id: str, visible: object, pathname: str, stored: object = None) -> tuple[int, dict]:
    """Call the callback that listens to ``input_id`` as the browser does, with every other input
    and state at what a freshly loaded page holds."""
    key, callback = callback_key(server, input_id)
    values = {
        input_id: visible,
        "national-map-choice": stored,
        "url": pathname,
        "national-map-table-toggle": "false",
    }

    def entry(dependency: dict) -> object:
        component = dependency["id"]
        if component.startswith("{"):  # an ALL pattern: no buttons on the page for this test
            return []
        value = values.get(component)
        if dependency["property"] == "n_clicks":
            value = 0
        return {"id": component, "property": dependency["property"], "value": value}

    outputs = key.strip(".").split("...")
    payload = {
        "output": key,
        "outputs": [
            [] if text.startswith("{") else {"id": text.split(".", 1)[0], "property": text.split(".", 1)[1]}
            for text in outputs
        ],
        "inputs": [entry(dependency) for dependency in callback["inputs"]],
        "changedPropIds": [f"{input_id}.data"],
        "state": [entry(dependency) for dependency in callback["state"]],
    }
    if len(outputs) == 1:
        payload["outputs"] = payload["outputs"][0]
    response = server.test_client().post("/_dash-update-component", json=payload)
    return response.status_code, response.get_json(silent=True) or {}


def figure_of(data: dict, graph: str) -> dict | None:
    return data.get("response", {}).get(graph, {}).get("figure")


def test_the_sewage_map_is_drawn_in_the_pages_language_when_in_view(server):
    status, data = post(server, "sewage-map-visible", True, "/en/")
    figure = figure_of(data, "sewage-map")
    assert status == 200 and figure is not None
    assert (
        len([trace for trace in figure["data"] if trace.get("hoveron") != "points"]) == 26
    )  # 25 + background
    text = json.dumps(figure, ensure_ascii=False)
    assert "Amsterdam-Amstelland" in text and "Value of" in text


def test_the_national_map_is_drawn_for_the_choice_the_page_shows(server):
    by_region = figure_of(post(server, "national-map-visible", True, "/nl/")[1], "national-map")
    stored = {"metric": "positive_tests_per_100k", "level": "gm"}
    by_municipality = figure_of(post(server, "national-map-visible", True, "/nl/", stored)[1], "national-map")
    assert by_region is not None and by_municipality is not None
    assert len(by_region["data"]) < 30 < 300 < len(by_municipality["data"])
    assert "Waarde van" in json.dumps(by_region, ensure_ascii=False)


@pytest.mark.parametrize("visible", [False, None, "true"])
def test_nothing_is_drawn_before_the_box_is_in_view(server, visible):
    for input_id, graph in (("sewage-map-visible", "sewage-map"), ("national-map-visible", "national-map")):
        status, data = post(server, input_id, visible, "/nl/")
        assert status in (200, 204) and figure_of(data, graph) is None
