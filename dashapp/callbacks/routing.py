"""The router callback (a URL path fills the page's slots), the page title and the version poll.

Most of what the router sends is kept as JSON text in the render cache (``router.JsonText``), and a
move is a few look-ups. Dash's own dispatch of a callback with eighteen outputs (reading the body
into its context, checking and flattening the outputs, encoding the answer) then cost more than the
router's work, so the router's requests are answered here, in Dash's callback view: the values of
its inputs and state are read from the body by component and property, ``answer_parts`` answers,
and the kept texts are written into Dash's answer format (``{"multi": true, "response": {id:
{property: value}}}``, outputs left unchanged omitted) as they are. A body that does not have the
router's shape goes to Dash's dispatch as before, where the callback hands Dash a short placeholder
for each kept text and the answer's body gets the texts in their place (``ROUTER_PARTS``); the area
map's callback takes that way too. ``tests/ui/test_router_direct.py`` holds the two answers equal.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Callable

import flask
from dash import ClientsideFunction, Dash, Input, NoUpdate, Output, State, no_update
from flask.typing import ResponseReturnValue
from plotly.io.json import to_json_plotly

from dashapp import ids
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import OUTPUT_TARGETS, OUTPUTS, JsonText, answer_parts
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import use_language
from dashapp.layouts.map_view import MapView
from dashapp.routes import parse_path

# In the order of ``OUTPUTS``: a request lists the outputs in this order (``tests/dash_client.py``).
ROUTER_OUTPUTS: dict[str, Output] = {
    "header": Output(ids.HEADER_SLOT, "children"),
    "notice": Output(ids.NOTICE_SLOT, "children"),
    "tabs": Output(ids.TABS_SLOT, "children"),
    "search": Output(ids.SEARCH_SLOT, "children"),
    "top": Output(ids.TOP_SLOT, "children"),
    "charts": Output(ids.CHARTS_SLOT, "children"),
    "bottom": Output(ids.BOTTOM_SLOT, "children"),
    "footer": Output(ids.FOOTER_SLOT, "children"),
    "map_hidden": Output(ids.MAP_SECTION, "hidden"),
    "map_figure": Output(ids.AREA_MAP, "figure"),
    "map_heading": Output(ids.MAP_HEADING, "children"),
    "map_controls": Output(ids.MAP_CONTROLS, "children"),
    "map_legend": Output(ids.MAP_LEGEND, "children"),
    "map_note": Output(ids.MAP_NOTE, "children"),
    "frame_key": Output(ids.FRAME_KEY, "data"),
    "version": Output(ids.SHOWN_VERSION, "data"),
    "title": Output(ids.PAGE_TITLE, "data"),
    "language": Output(ids.LANGUAGE_NAV, "children"),
}
assert tuple(ROUTER_OUTPUTS) == OUTPUTS
assert {
    name: (str(output.component_id), output.component_property) for name, output in ROUTER_OUTPUTS.items()
} == OUTPUT_TARGETS
# The router's inputs and state by argument name, as (component, property).
ROUTER_ARGUMENTS: dict[str, tuple[str, str]] = {
    "pathname": (ids.URL, "pathname"),
    "version": (ids.DATA_VERSION, "data"),
    "shown_frame": (ids.FRAME_KEY, "data"),
    "search": (ids.URL, "search"),
}
# Dash's name of the router callback, as the page sends it ("output" of a request's body).
ROUTER_KEY = ".." + "...".join(f"{component}.{prop}" for component, prop in OUTPUT_TARGETS.values()) + ".."
CALLBACK_ROUTE = "_dash-update-component"
# Where a request keeps its placeholders and the texts that replace them (``flask.g``).
ROUTER_PARTS = "dashapp_router_parts"


def changed_version(store: CurrentSnapshot, known: str | None) -> object:
    """The snapshot version when it differs from the one the page shows; else nothing changes."""
    snapshot = store.current
    if snapshot is None or snapshot.version == known:
        return no_update
    return snapshot.version


def with_placeholders(answer: dict[str, object]) -> dict[str, object]:
    """``answer`` with a placeholder for each kept text, noted for ``fill_placeholders``. A
    placeholder is random per request, so no text a visitor sends can name one."""
    parts: dict[bytes, bytes] = flask.g.setdefault(ROUTER_PARTS, {})
    prefix = f"router-part-{secrets.token_hex(8)}-"
    values: dict[str, object] = {}
    for name, value in answer.items():
        if isinstance(value, JsonText):
            placeholder = prefix + name
            parts[json.dumps(placeholder).encode()] = value.text.encode()
            value = placeholder
        values[name] = value
    return values


def router_arguments(body: object) -> dict[str, str | None] | None:
    """The router's arguments from a request body of its callback: each input's and state's value by
    component and property. None for a body of another shape, or with a value that is not a text."""
    if not isinstance(body, dict) or body.get("output") != ROUTER_KEY:
        return None
    values: dict[tuple[str, str], object] = {}
    for group in ("inputs", "state"):
        items = body.get(group)
        if not isinstance(items, list):
            return None
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("property"), str):
                return None
            values[(str(item.get("id")), item["property"])] = item.get("value")
    arguments: dict[str, str | None] = {}
    for name, target in ROUTER_ARGUMENTS.items():
        value = values.get(target)
        if target not in values or not (value is None or isinstance(value, str)):
            return None
        arguments[name] = value
    return arguments


def answer_json(answer: dict[str, object]) -> bytes | None:
    """The router's answer as Dash writes it: changed outputs by component and property, kept texts
    as they are. None when nothing changes (Dash answers that with no content)."""
    by_component: dict[str, list[str]] = {}
    for name, value in answer.items():
        if NoUpdate.is_no_update(value):
            continue
        component, prop = OUTPUT_TARGETS[name]
        text = value.text if isinstance(value, JsonText) else to_json_plotly(value)
        by_component.setdefault(component, []).append(f"{json.dumps(prop)}:{text}")
    if not by_component:
        return None
    fields = ",".join(
        f"{json.dumps(component)}:{{{','.join(props)}}}" for component, props in by_component.items()
    )
    return f'{{"multi":true,"response":{{{fields}}}}}'.encode()


def fill_placeholders(body: bytes, parts: dict[bytes, bytes]) -> bytes:
    for placeholder, text in parts.items():
        body = body.replace(placeholder, text, 1)
    return body


def register_routing(app: Dash, store: CurrentSnapshot, map_view: MapView | None, pages: RenderCache) -> None:
    @app.callback(
        output=ROUTER_OUTPUTS,
        inputs={"pathname": Input(ids.URL, "pathname"), "version": Input(ids.DATA_VERSION, "data")},
        state={"shown_frame": State(ids.FRAME_KEY, "data"), "search": State(ids.URL, "search")},
    )
    def route(
        pathname: str | None, version: str | None, shown_frame: str | None, search: str | None
    ) -> dict[str, object]:
        return with_placeholders(answer(pathname, version, shown_frame, search))

    def answer(
        pathname: str | None, version: str | None, shown_frame: str | None, search: str | None
    ) -> dict[str, object]:
        reference = store.reference
        page = parse_path(pathname, reference)
        with use_language(page.language):
            return answer_parts(
                page, pathname, shown_frame, store.current, reference, map_view, pages, search=search
            )

    if ROUTER_KEY not in app.callback_map:  # Dash names its callbacks otherwise: answer through Dash
        raise RuntimeError(f"the router's callback is not {ROUTER_KEY!r} in Dash's callback map")
    install_router_answers(app, answer)

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="setTitle"),
        Output(ids.TITLE_SINK, "data"),
        Input(ids.PAGE_TITLE, "data"),
    )

    @app.callback(
        Output(ids.DATA_VERSION, "data"),
        Input(ids.VERSION_POLL, "n_intervals"),
        State(ids.SHOWN_VERSION, "data"),
        prevent_initial_call=True,
    )
    def data_version(_ticks: int | None, shown: str | None) -> object:
        return changed_version(store, shown)


def install_router_answers(app: Dash, router_answer: Callable[..., dict[str, object]]) -> None:
    """Answer the router's requests, and put the kept texts into the body of the answers that go
    through Dash, in Dash's callback view itself, so that every request hook (the callback guard,
    the version the page shows, the response's headers and compression) sees the whole answer as
    before. ``router_answer`` takes the router's arguments (``ROUTER_ARGUMENTS``) by name."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    dispatch: Callable[[], ResponseReturnValue] = server.view_functions[endpoint]

    @functools.wraps(dispatch)
    def dispatch_and_fill() -> ResponseReturnValue:
        arguments = router_arguments(flask.request.get_json(silent=True))
        if arguments is not None:
            body = answer_json(router_answer(**arguments))
            if body is not None:
                return flask.Response(body, content_type="application/json")
        dispatched = dispatch()
        parts = flask.g.pop(ROUTER_PARTS, None)
        if parts and isinstance(dispatched, flask.Response) and dispatched.status_code == 200:
            dispatched.set_data(fill_placeholders(dispatched.get_data(), parts))
        return dispatched

    server.view_functions[endpoint] = dispatch_and_fill
