"""The router's requests are answered in Dash's callback view without Dash's dispatch: the answer is
the one Dash's dispatch gives for the same body, for every kind of move."""

from __future__ import annotations

import json
from datetime import date
from unittest import mock

import flask
import pytest

from dashapp.app import create_server
from dashapp.callbacks.routing import (
    CALLBACK_ROUTE,
    ROUTER_KEY,
    ROUTER_PARTS,
    fill_placeholders,
    router_arguments,
)
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from tests.dash_client import route, router_request

DAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def server(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return create_server(Config(), store=store)


def body(pathname: str | None, shown: str | None = None, search: str | None = None) -> dict:
    """The router's request as the page sends it."""
    return router_request(pathname, shown, search)


def answered(server, request: dict) -> bytes:
    """The answer of the server's callback view, never going through Dash's dispatch."""
    went_through_dash = mock.patch(
        "dashapp.callbacks.routing.with_placeholders", side_effect=AssertionError("answered by Dash")
    )
    with mock.patch("dashapp.callbacks.router.today_in_amsterdam", return_value=DAY), went_through_dash:
        response = server.test_client().post("/" + CALLBACK_ROUTE, json=request)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.data


def answered_by_dash(server, request: dict) -> bytes:
    """Dash's own dispatch of the same request, its kept texts put in."""
    view = server.view_functions["/" + CALLBACK_ROUTE]
    with (
        mock.patch("dashapp.callbacks.router.today_in_amsterdam", return_value=DAY),
        server.test_request_context("/" + CALLBACK_ROUTE, method="POST", json=request),
    ):
        dispatched = view.__wrapped__()
        assert dispatched.status_code == 200
        return fill_placeholders(dispatched.get_data(), flask.g.pop(ROUTER_PARTS, {}))


def frame_of(server, path: str) -> str:
    with mock.patch("dashapp.callbacks.router.today_in_amsterdam", return_value=DAY):
        return route(server.test_client(), path)[0]["frame-key"]["data"]


MOVES = {
    "first visit of a municipality": ("/nl/gemeente/GM0014", None, None),
    "move to another municipality": ("/nl/gemeente/GM0034", "gemeente", None),
    "move to another region": ("/en/veiligheidsregio/VR02", "veiligheidsregio", None),
    "language switch": ("/en/gemeente/GM0034", "gemeente", None),
    "national page": ("/nl/", "gemeente", None),
    "index of municipalities": ("/nl/gemeente", None, None),
    "comparison with a query": ("/nl/vergelijk", None, "?areas=GM0014,GM0034"),
    "unknown address": ("/nl/nergens", None, None),
    "no address yet": (None, None, None),
}


@pytest.mark.parametrize("move", list(MOVES), ids=list(MOVES))
def test_the_router_answers_as_dashs_dispatch_would(server, move):
    path, shown_from, search = MOVES[move]
    shown = {
        "gemeente": lambda: frame_of(server, "/nl/gemeente/GM0014"),
        "veiligheidsregio": lambda: frame_of(server, "/en/veiligheidsregio/VR01"),
    }.get(shown_from or "", lambda: None)()
    request = body(path, shown, search)
    direct = json.loads(answered(server, request))
    assert direct == json.loads(answered_by_dash(server, request))
    assert direct["multi"] is True and direct["response"]["page-title"]["data"]


def test_a_move_within_a_tab_sends_only_what_changes(server):
    answer = json.loads(
        answered(server, body("/nl/gemeente/GM0034", frame_of(server, "/nl/gemeente/GM0014")))
    )
    assert set(answer["response"]) == {"top-slot", "charts-slot", "area-map", "page-title", "language-nav"}
    assert answer["response"]["area-map"]["figure"]["__dash_patch_update"] == "__dash_patch_update"


def test_only_a_body_of_the_routers_shape_is_answered_without_dash():
    good = body("/nl/gemeente/GM0014", "frame", "?x")
    assert router_arguments(good) == {
        "pathname": "/nl/gemeente/GM0014",
        "version": None,
        "shown_frame": "frame",
        "search": "?x",
    }
    reordered = {**good, "inputs": good["inputs"][::-1], "state": good["state"][::-1]}
    assert router_arguments(reordered) == router_arguments(good)
    assert good["output"] == ROUTER_KEY
    for bad in (
        {**good, "output": "other.children"},
        {**good, "inputs": good["inputs"][:1]},
        {**good, "state": "frame"},
        {**good, "inputs": [{**good["inputs"][0], "value": ["/nl/"]}, good["inputs"][1]]},
        {**good, "state": [good["state"][0], {"id": "url", "value": "?x"}]},
        ["not", "a", "body"],
    ):
        assert router_arguments(bad) is None, bad
