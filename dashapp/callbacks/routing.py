"""The router callback (a URL path fills the page's slots), the page title and the version poll.

Most of what the router sends is kept as JSON text in the render cache (``router.JsonText``). Dash
would decode such a text and encode it again for every answer; instead the callback hands Dash a
short placeholder for each, and the answer's body gets the texts in their place (``ROUTER_PARTS``),
so that a move costs Dash's dispatch of a few small values, look-ups and one write.
"""

from __future__ import annotations

import functools
import json
import secrets
from collections.abc import Callable

import flask
from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from flask.typing import ResponseReturnValue

from dashapp import ids
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import OUTPUT_TARGETS, OUTPUTS, JsonText, answer_parts, area_map_figure
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
        reference = store.reference
        page = parse_path(pathname, reference)
        with use_language(page.language):
            answer = answer_parts(
                page, pathname, shown_frame, store.current, reference, map_view, pages, search=search
            )
        return with_placeholders(answer)

    install_placeholder_filling(app)
    if map_view is not None:
        register_area_map(app, store, map_view, pages)

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


def register_area_map(app: Dash, store: CurrentSnapshot, map_view: MapView, pages: RenderCache) -> None:
    """Draw the area tab's map when its box nears the screen (``assets/app.js`` sets the Store in
    the map's controls, which every new frame brings anew), for the area in the URL at that moment;
    a move within the tab afterwards patches the highlight (the router)."""

    @app.callback(
        output={"figure": Output(ids.AREA_MAP, "figure", allow_duplicate=True)},
        inputs={"visible": Input(ids.AREA_MAP_VISIBLE, "data")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def draw_area_map(visible: object, pathname: str | None) -> dict[str, object]:
        snapshot = store.current
        page = parse_path(pathname, store.reference)
        if visible is not True or snapshot is None or not page.is_area_level:
            return {"figure": no_update}
        with use_language(page.language):
            return with_placeholders({"figure": area_map_figure(page, snapshot, map_view, pages)})


def install_placeholder_filling(app: Dash) -> None:
    """Put the kept texts into the body of the router's answers, in Dash's callback view itself, so
    that every request hook (the callback guard, the version the page shows, the response's headers
    and compression) sees the whole answer as before."""
    server = app.server
    endpoint = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    dispatch: Callable[[], ResponseReturnValue] = server.view_functions[endpoint]

    @functools.wraps(dispatch)
    def dispatch_and_fill() -> ResponseReturnValue:
        answer = dispatch()
        parts = flask.g.pop(ROUTER_PARTS, None)
        if parts and isinstance(answer, flask.Response) and answer.status_code == 200:
            answer.set_data(fill_placeholders(answer.get_data(), parts))
        return answer

    server.view_functions[endpoint] = dispatch_and_fill
