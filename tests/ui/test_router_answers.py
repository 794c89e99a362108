"""The router's answers as the server writes them: made of the render cache's texts, they carry
exactly what building every part afresh gives."""

from __future__ import annotations

import json
from datetime import date
from unittest import mock

import pytest
from dash import no_update
from plotly.io.json import to_json_plotly

from dashapp.app import MAP_KEY, create_server
from dashapp.callbacks.router import OUTPUT_TARGETS, navigate
from dashapp.callbacks.routing import fill_placeholders
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.i18n import use_language
from dashapp.routes import parse_path
from dashapp.web.preload import DASH_KEY
from tests.dash_client import ROUTER_OUTPUT_IDS, listening_request, post_callback, route

DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def store(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return store


@pytest.fixture()
def server(store):
    """A worker of its own per test: its render cache starts empty."""
    return create_server(Config(), store=store)


def served(server, path: str, shown: str | None = None) -> tuple[dict, bytes]:
    """The router's answer through the server, on ``DAY``."""
    with mock.patch("dashapp.callbacks.router.today_in_amsterdam", return_value=DAY):
        return route(server.test_client(), path, shown)


def built_afresh(server, store, path: str, shown: str | None = None) -> dict:
    """Every part built for this request alone (no cache, the whole map drawn for the area), as
    Dash's response carries it."""
    reference = store.reference
    page = parse_path(path, reference)
    with server.test_request_context("/"), use_language(page.language):
        answer = navigate(page, path, shown, store.current, reference, server.extensions[MAP_KEY], None, DAY)
    response: dict[str, dict[str, object]] = {}
    for name, value in answer.items():
        if value is not no_update:
            component, prop = OUTPUT_TARGETS[name]
            response.setdefault(component, {})[prop] = json.loads(to_json_plotly(value))
    return response


# First visits of each kind of page; the map of an area tab is kept once per language and level, so
# the second municipality's whole map is made from the first one's.
PATHS = [
    "/nl/gemeente/GM0363",
    "/nl/gemeente/GM0014",
    "/en/veiligheidsregio/VR13",
    "/en/veiligheidsregio/VR01",
    "/nl/gemeente",
    "/nl/veiligheidsregio",
    "/nl/",
    "/en/faq",
    "/nl/gemeente/GM9999",
]


def test_first_visits_answer_what_building_every_part_gives(server, store):
    for path in PATHS:
        assert served(server, path)[0] == built_afresh(server, store, path), path
    # Asked again, every part comes from the cache.
    for path in PATHS:
        assert served(server, path)[0] == built_afresh(server, store, path), path


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("/nl/gemeente/GM0363", "/nl/gemeente/GM0014"),
        ("/en/veiligheidsregio/VR13", "/en/veiligheidsregio/VR02"),
    ],
)
def test_a_move_within_a_frame_answers_what_building_every_part_gives(server, store, first, then):
    shown = served(server, first)[0]["frame-key"]["data"]
    served(server, then)
    answer, raw = served(server, then, shown)
    assert answer == built_afresh(server, store, then, shown)
    # Only the area's own slots, its map's patch, the title and the language link change.
    assert set(answer) == {"top-slot", "charts-slot", "area-map", "page-title", "language-nav"}
    assert answer["area-map"]["figure"]["__dash_patch_update"] == "__dash_patch_update"
    assert b"router-part-" not in raw and b"<" not in raw  # markup characters stay escaped


def drawn_map(server, path: str, visible: object = True) -> tuple[dict | None, bytes]:
    """The area map's figure as its callback sends it when the map's box nears the screen (None:
    no update); the metric is the default one, the map not yet drawn."""
    values = {
        "area-map-visible.data": visible,
        "area-map-metric.data": "positive_tests_per_100k",
        "url.pathname": path,
        "area-map-drawn.data": False,
    }
    payload = listening_request(
        server.extensions[DASH_KEY], "area-map-visible", "area-map-visible.data", values
    )
    client = server.test_client()
    response = client.post("/_dash-update-component", json=payload)
    if response.status_code == 204:
        return None, response.data
    assert response.status_code == 200, response.data[:400]
    return response.get_json()["response"].get("area-map", {}).get("figure"), response.data


def test_a_first_visit_sends_the_map_box_without_the_map(server):
    answer, raw = served(server, "/nl/gemeente/GM0363")
    figure = answer["area-map"]["figure"]
    assert figure["data"] == []
    assert figure["layout"]["height"] == 460  # the box keeps the map's place
    assert answer["map-heading"]["children"] == "Gemeenten in de veiligheidsregio"
    assert b"Amsterdam" not in raw.split(b'"area-map"')[1][:2000]  # no hover texts: no traces
    # The controls carry the watcher's mark: the id of the Store that says "in view".
    controls = answer["map-controls"]["children"]
    assert controls["props"]["data-lazy"] == '"area-map-visible"'
    assert controls["props"]["children"][0]["props"] == {"id": "area-map-visible", "data": False}


def test_the_map_drawn_in_view_outlines_the_area_of_the_url_not_the_one_drawn_first(server):
    first, raw = drawn_map(server, "/nl/gemeente/GM0363")
    second, _raw = drawn_map(server, "/nl/gemeente/GM0014")
    assert first is not None and second is not None
    assert len(first["data"]) > 300  # the municipalities: one trace each, and the background
    assert first["data"] == second["data"]
    assert first["layout"]["shapes"] != second["layout"]["shapes"]
    assert first["layout"]["xaxis"]["range"] != second["layout"]["xaxis"]["range"]
    assert b"router-part-" not in raw


def test_the_map_drawn_in_view_is_what_building_it_afresh_gives(server, store):
    map_view = server.extensions[MAP_KEY]
    for path in ("/nl/gemeente/GM0363", "/en/veiligheidsregio/VR13", "/nl/veiligheidsregio", "/nl/gemeente"):
        page = parse_path(path, store.reference)
        with server.test_request_context("/"), use_language(page.language):
            afresh = json.loads(to_json_plotly(map_view.area_figure(page, store.current)))
        drawn, _raw = drawn_map(server, path)
        assert drawn == afresh, path
        again, _raw = drawn_map(server, path)  # now from the cache
        assert again == afresh, path


def test_the_map_is_not_drawn_before_it_is_in_view_nor_off_the_area_tabs(server):
    assert drawn_map(server, "/nl/gemeente/GM0363", visible=False)[0] is None
    assert drawn_map(server, "/nl/", visible=True)[0] is None


def test_a_placeholder_is_replaced_only_where_the_answer_holds_it_as_a_value():
    parts = {b'"router-part-ab-top"': b'{"x":1}'}
    body = b'{"a":"router-part-ab-top is text","b":"router-part-ab-top"}'
    assert fill_placeholders(body, parts) == b'{"a":"router-part-ab-top is text","b":{"x":1}}'


def test_a_router_body_with_a_query_string_that_is_no_text_is_refused(server):
    status, data, _raw = post_callback(
        server.test_client(),
        ROUTER_OUTPUT_IDS,
        [("url", "pathname", "/nl/"), ("data-version", "data", None)],
        [("frame-key", "data", None), ("url", "search", {"areas": "GM0363"})],
    )
    assert status == 400
    assert "search" in data["error"]
