"""Requests no page of the dashboard sends: a malformed callback body is the client's mistake (400, a
short JSON message, one warning in the log), and an address under /download/ that names no file is a
404; neither is ever a 500 or the page shell."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import dash
import flask
import pytest

from dashapp.app import create_server
from dashapp.callbacks.chart_cards import ANSWER_TARGETS
from dashapp.charts.ranges import RANGES
from dashapp.charts.specs import NATIONAL_CHARTS
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web import DASH_APP_KEY
from dashapp.web.callback_guard import MAX_DEPTH
from tests.dash_client import ROUTER_OUTPUT_IDS, _id_text

CALLBACK_PATH = "/_dash-update-component"


def callback_body(outputs, inputs, state=()) -> dict:
    """A body as Dash's renderer sends it; ``outputs``/``inputs``/``state`` are (id, property[, value])."""
    key = ".." + "...".join(f"{_id_text(i, 'key')}.{p}" for i, p in outputs) + ".."
    return {
        "output": key if len(outputs) > 1 else f"{_id_text(outputs[0][0], 'key')}.{outputs[0][1]}",
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{_id_text(inputs[0][0])}.{inputs[0][1]}"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }


def router_body(pathname: object) -> dict:
    return callback_body(
        ROUTER_OUTPUT_IDS,
        [("url", "pathname", pathname), ("data-version", "data", None)],
        [("frame-key", "data", None), ("url", "search", None)],
    )


def chart_body(range_name: object, clicks: object = 0) -> dict:
    """A chart card's body: its toggle, visibility and range buttons; the range it shows as state."""
    key = f"nl|nl|NL|{NATIONAL_CHARTS[0].id}"
    outputs = [({"type": f"chart-{part}", "key": key}, prop) for part, prop in ANSWER_TARGETS.values()]
    picks = [({"type": f"chart-pick-{name}", "key": key}, "n_clicks", 0) for name in RANGES]
    return callback_body(
        outputs,
        [
            ({"type": "chart-toggle", "key": key}, "n_clicks", clicks),
            ({"type": "chart-visible", "key": key}, "data", True),
            *picks,
        ],
        [
            ({"type": "chart-toggle", "key": key}, "aria-expanded", "false"),
            ({"type": "chart-range", "key": key}, "data", range_name),
        ],
    )


def map_click_body(app: dash.Dash, click: object) -> dict:
    body = callback_body(
        [("url", "pathname")], [("area-map", "clickData", click)], [("url", "pathname", "/nl/")]
    )
    # One of several callbacks that write the URL (allow_duplicate): Dash keys it with a hash.
    body["output"] = next(
        key
        for key, callback in app.callback_map.items()
        if callback["inputs"] == [{"id": "area-map", "property": "clickData"}]
    )
    return body


def table_sort_body(columns: list[str]) -> dict:
    body = callback_body(
        [
            ("municipality-table-body", "children"),
            ("municipality-table-head", "children"),
            ("municipality-sort", "data"),
        ],
        [("unused", "n_clicks", None)],
        [("url", "pathname", "/nl/veiligheidsregio/VR13"), ("municipality-sort", "data", None)],
    )
    # an ALL input: a list of every matching component
    body["inputs"] = [
        [
            {"id": {"column": column, "type": "table-sort"}, "property": "n_clicks", "value": None}
            for column in columns
        ]
    ]
    body["changedPropIds"] = []
    return body


def nested_lists(depth: int) -> str:
    return "[" * depth + "]" * depth


def router_json_with_data_version(raw_value: str) -> bytes:
    """The router's body with ``raw_value`` (JSON text, as it stands) as the data-version store's data."""
    body = with_data_version(router_body("/nl/"), "PLACEHOLDER")
    return json.dumps(body).replace('"PLACEHOLDER"', raw_value, 1).encode()


@pytest.fixture(scope="module")
def store(demo_data_dir) -> Iterator[DataStore]:
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()


@pytest.fixture(scope="module")
def server(store) -> flask.Flask:
    return create_server(Config(), store=store)


@pytest.fixture(scope="module")
def app(server) -> dash.Dash:
    return server.extensions[DASH_APP_KEY]


@pytest.fixture
def client(server):
    return server.test_client()


def without_key(body: dict, key: str) -> dict:
    return {name: value for name, value in body.items() if name != key}


def with_data_version(body: dict, value: object) -> dict:
    """The router's body with ``value`` as the data-version store's data (a property of any JSON)."""
    body["inputs"][1]["value"] = value
    return body


MALFORMED_BODIES = {
    "unknown output": lambda app: {**router_body("/nl/"), "output": "no-such-component.children"},
    "output of a browser-only callback": lambda app: {
        **callback_body([("title-sink", "data")], [("page-title", "data", "x")])
    },
    "output not a string": lambda app: {**router_body("/nl/"), "output": ["header-slot.children"]},
    "pathname a number": lambda app: router_body(42),
    "pathname an object": lambda app: router_body({"path": "/nl/"}),
    "range outside the list": lambda app: chart_body("10y"),
    "range a list": lambda app: chart_body(["3m"]),
    "n_clicks a string": lambda app: chart_body("3m", clicks="1"),
    "n_clicks a boolean": lambda app: chart_body("3m", clicks=True),
    "clickData a string": lambda app: map_click_body(app, "GM0363"),
    "clickData a list": lambda app: map_click_body(app, [{"points": []}]),
    "missing output": lambda app: without_key(router_body("/nl/"), "output"),
    "missing inputs": lambda app: without_key(router_body("/nl/"), "inputs"),
    "inputs not a list": lambda app: {**router_body("/nl/"), "inputs": {"url.pathname": "/nl/"}},
    "an input not an object": lambda app: {**router_body("/nl/"), "inputs": ["/nl/", None]},
    "an input too few": lambda app: {**router_body("/nl/"), "inputs": router_body("/nl/")["inputs"][:1]},
    "an input of another component": lambda app: callback_body(
        ROUTER_OUTPUT_IDS,
        [("search", "pathname", "/nl/"), ("data-version", "data", None)],
        [("frame-key", "data", None), ("url", "search", None)],
    ),
    "state not a list": lambda app: {**router_body("/nl/"), "state": "frame-key"},
    "outputs of another length": lambda app: {
        **router_body("/nl/"),
        "outputs": router_body("/nl/")["outputs"][:2],
    },
    "a pattern id of another shape": lambda app: table_sort_body_with_single_input(),
    "changedPropIds not a list of strings": lambda app: {**router_body("/nl/"), "changedPropIds": [1]},
    "nested past the limit": lambda app: with_data_version(
        router_body("/nl/"), json.loads(nested_lists(MAX_DEPTH))
    ),
}


# What the error message must name, so that each case is refused for the fault it was built with.
EXPECTED_FAULT = {
    "unknown output": "'output' names no callback",
    "output of a browser-only callback": "'output' names no callback",
    "output not a string": "'output' must be a string",
    "pathname a number": "url.pathname) must be a string or null",
    "pathname an object": "url.pathname) must be a string or null",
    "range outside the list": f"chart-range.data) must be one of {', '.join(RANGES[:2])}",
    "range a list": "chart-range.data) must be one of",
    "n_clicks a string": "chart-toggle.n_clicks) must be a whole number",
    "n_clicks a boolean": "chart-toggle.n_clicks) must be a whole number",
    "clickData a string": "area-map.clickData) must be an object or null",
    "clickData a list": "area-map.clickData) must be an object or null",
    "missing output": "'output' must be a string",
    "missing inputs": "'inputs' must be a list of 2",
    "inputs not a list": "'inputs' must be a list of 2",
    "an input not an object": "input 1 must be url.pathname",
    "an input too few": "'inputs' must be a list of 2",
    "an input of another component": "input 1 must be url.pathname",
    "state not a list": "'state' must be a list of 2",
    "outputs of another length": "'outputs' must be a list of 18",
    "a pattern id of another shape": "input 1 (table-sort.n_clicks) must be a list",
    "changedPropIds not a list of strings": "'changedPropIds' must be a list of strings",
    "nested past the limit": "nests deeper than",
}


def table_sort_body_with_single_input() -> dict:
    body = table_sort_body(["name"])
    body["inputs"] = body["inputs"][0]  # one object where the ALL pattern sends a list
    return body


# body: what the error message must name
RAW_BODIES = {
    "not JSON": (b"{'output': 'header-slot.children'", "not valid JSON"),
    "empty": (b"", "not valid JSON"),
    "invalid UTF-8": (b'{"output": "\xff\xfe"}', "not valid JSON"),
    "JSON but a list": (b'[{"output": "sewage-panel.children"}]', "must be a JSON object"),
    "JSON but a string": (b'"sewage-panel.children"', "must be a JSON object"),
    "JSON null": (b"null", "must be a JSON object"),
    "10,000 nested lists": (router_json_with_data_version(nested_lists(10_000)), "nests deeper than"),
    "10,000 nested objects": (
        router_json_with_data_version('{"a":' * 10_000 + "1" + "}" * 10_000),
        "nests deeper than",
    ),
    "500 nested lists": (router_json_with_data_version(nested_lists(500)), "nests deeper than"),
}


def assert_refused(response, caplog, status: int = 400) -> None:
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_data(as_text=True)
    assert len(body) < 200
    assert set(response.get_json()) == {"error"}
    assert isinstance(response.get_json()["error"], str)
    assert "Traceback" not in body and ".py" not in body and "/work" not in body
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.levelno for record in warnings] == [logging.WARNING], [r.getMessage() for r in warnings]
    assert warnings[0].exc_info is None
    assert "\n" not in warnings[0].getMessage()


@pytest.mark.parametrize("case", MALFORMED_BODIES)
def test_a_malformed_callback_body_answers_400_and_logs_one_warning(client, app, case, caplog):
    body = MALFORMED_BODIES[case](app)
    with caplog.at_level(logging.WARNING):
        response = client.post(CALLBACK_PATH, json=body)
    assert_refused(response, caplog)
    assert EXPECTED_FAULT[case] in response.get_json()["error"]


@pytest.mark.parametrize("case", RAW_BODIES)
def test_a_body_that_is_no_json_object_answers_400_and_logs_one_warning(client, case, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post(CALLBACK_PATH, data=RAW_BODIES[case][0], content_type="application/json")
    assert_refused(response, caplog)
    assert RAW_BODIES[case][1] in response.get_json()["error"]


def test_a_body_sent_as_another_type_answers_415(client, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post(CALLBACK_PATH, data=json.dumps(router_body("/nl/")), content_type="text/plain")
    assert_refused(response, caplog, status=415)


def test_the_warning_names_the_fault_without_echoing_the_body(client, caplog):
    with caplog.at_level(logging.WARNING):
        client.post(CALLBACK_PATH, json=router_body("/nl/" + "x" * 5000 + "\nFORGED LOG LINE"))
        client.post(CALLBACK_PATH, json=router_body({"x" * 5000: 1}))
    for record in caplog.records:
        assert len(record.getMessage()) < 400
        assert "FORGED" not in record.getMessage()
    assert "pathname" in caplog.records[-1].getMessage()


VALID_BODIES = {
    "router": lambda app: router_body("/nl/gemeente/GM0363"),
    "router for an unknown page": lambda app: router_body("/nl/niets"),
    "router without a path yet": lambda app: router_body(None),
    "chart range": lambda app: chart_body("1y"),
    "chart range with clicks": lambda app: chart_body("all", clicks=3),
    "map click": lambda app: map_click_body(app, {"points": [{"location": "GM0363"}]}),
    "map click cleared": lambda app: map_click_body(app, None),
    "table sort (an ALL pattern)": lambda app: table_sort_body(["name", "positive_tests"]),
}


@pytest.mark.parametrize("case", VALID_BODIES)
def test_a_body_the_page_sends_still_reaches_its_callback(client, app, case, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post(CALLBACK_PATH, json=VALID_BODIES[case](app))
    assert response.status_code in (200, 204), response.data[:300]
    assert not [record for record in caplog.records if record.name.startswith("dashapp.web")]


def test_a_value_of_an_unknown_property_passes_through_within_the_depth_limit(client):
    body = with_data_version(router_body("/nl/"), json.loads(nested_lists(MAX_DEPTH - 8)))
    assert client.post(CALLBACK_PATH, json=body).status_code == 200


def test_a_callback_that_fails_on_a_well_formed_body_is_still_a_500(server, caplog, monkeypatch):
    # The router answers its own requests (dashapp/callbacks/routing.py): make its work fail.
    from dashapp.callbacks import routing

    def broken(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(routing, "answer_parts", broken)
    with caplog.at_level(logging.WARNING):
        response = server.test_client().post(CALLBACK_PATH, json=router_body("/nl/"))
    assert response.status_code == 500
    assert response.get_json() == {"error": "Internal Server Error"}
    assert "secret-internal-detail" not in response.get_data(as_text=True)
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is not None


def test_a_callback_dash_dispatches_that_fails_is_a_500_too(server, caplog):
    app = server.extensions[DASH_APP_KEY]
    callback = next(value for key, value in app.callback_map.items() if '"type":"chart-graph"' in key)
    original = callback["callback"]

    def broken(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    callback["callback"] = broken
    try:
        with caplog.at_level(logging.WARNING):
            response = server.test_client().post(CALLBACK_PATH, json=chart_body("3m"))
    finally:
        callback["callback"] = original
    assert response.status_code == 500
    assert response.get_json() == {"error": "Internal Server Error"}
    assert "secret-internal-detail" not in response.get_data(as_text=True)


# --- /download/ ------------------------------------------------------------------------------------

REAL_DOWNLOAD = "/download/nl/gm/GM0363/positive_tests_per_100k.csv?range=3m"


@pytest.mark.parametrize(
    "path",
    [
        "/download/nl/gm/GM0363/positive_tests_per_100k.xml",
        "/download/nl/gm/GM0363/x.json",
        "/download/bulk/x.parquet",
        "/download/nl/gm/GM0363",
        "/download/nl/",
        "/download/",
        "/download/nl/gm/GM0363/positive_tests_per_100k.csv/extra",
    ],
)
def test_an_address_under_download_that_names_no_file_is_a_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "react-entry-point" not in text  # not the page shell
    assert "Not found" in text
    assert response.headers["Cache-Control"] == "no-store"
    assert client.head(path).status_code == 404


def test_a_real_download_still_answers_and_head_gives_its_headers(client):
    got = client.get(REAL_DOWNLOAD)
    assert got.status_code == 200
    assert got.mimetype == "text/csv"
    assert got.get_data(as_text=True).count("\n") > 10
    head = client.head(REAL_DOWNLOAD)
    assert head.status_code == 200
    assert head.data == b""
    assert head.headers["Content-Disposition"] == got.headers["Content-Disposition"]
    assert head.mimetype == "text/csv"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_a_download_refuses_other_methods_with_405(client, method):
    for path in (REAL_DOWNLOAD, "/download/nl/gm/GM0363/x.json"):
        response = client.open(path, method=method)
        assert response.status_code == 405, path
        assert "GET" in response.headers["Allow"]
        assert "Traceback" not in response.get_data(as_text=True)
