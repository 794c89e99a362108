"""Callbacks: thin functions that read the store's current Snapshot and hand it to layouts.

``register_callbacks`` wires them to the app (``app.callback``, never the global decorator, so
that each app instance gets its own).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashapp.callbacks import charts
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import navigate
from dashapp.charts.ranges import valid_range
from dashapp.data.store import DataStore
from dashapp.i18n import language_of_path, use_language
from dashapp.layouts import areas
from dashapp.layouts.components import download_href, parse_chart_key
from dashapp.layouts.map_view import MapView
from dashapp.layouts.search import target_path
from dashapp.routes import parse_path, path_for

ROUTER_OUTPUTS = (
    Output("header-slot", "children"),
    Output("notice-slot", "children"),
    Output("tabs-slot", "children"),
    Output("search-slot", "children"),
    Output("top-slot", "children"),
    Output("charts-slot", "children"),
    Output("bottom-slot", "children"),
    Output("footer-slot", "children"),
    Output("map-section", "hidden"),
    Output("area-map", "figure"),
    Output("map-heading", "children"),
    Output("map-controls", "children"),
    Output("map-legend", "children"),
    Output("map-note", "children"),
    Output("frame-key", "data"),
    Output("shown-version", "data"),
    Output("page-title", "data"),
    Output("language-nav", "children"),
)


def changed_version(store: DataStore, known: str | None):
    """The snapshot version when it differs from the one the page shows; else nothing changes."""
    snapshot = store.current
    if snapshot is None or snapshot.version == known:
        return no_update
    return snapshot.version


@dataclass
class RenderCaches:
    """What the callbacks of one worker keep rendered: pages and area headers, and chart answers."""

    pages: RenderCache = field(default_factory=RenderCache)
    charts: RenderCache = field(default_factory=lambda: RenderCache(entries=4096))  # about 3 kB each


def register_callbacks(
    app: Dash, store: DataStore, map_view: MapView | None = None, caches: RenderCaches | None = None
) -> None:
    caches = caches or RenderCaches()
    area_tops, chart_answers = caches.pages, caches.charts

    @app.callback(
        *ROUTER_OUTPUTS,
        Input("url", "pathname"),
        Input("data-version", "data"),
        State("frame-key", "data"),
    )
    def route(pathname, _version, shown_frame):
        return navigate(pathname, shown_frame, store.current, store.reference, map_view, area_tops)

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="setTitle"),
        Output("title-sink", "data"),
        Input("page-title", "data"),
    )

    @app.callback(
        Output("data-version", "data"),
        Input("version-poll", "n_intervals"),
        State("shown-version", "data"),
        prevent_initial_call=True,
    )
    def data_version(_ticks, shown):
        return changed_version(store, shown)

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input("area-search", "value"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def choose_area(value, pathname):
        target = target_path(value, language_of_path(pathname) or "nl")
        return target if target and target != pathname else no_update

    def chart_outputs(prefix: str) -> list[Output]:
        return [
            Output({"type": f"{prefix}-graph", "key": MATCH}, "figure"),
            Output({"type": f"{prefix}-csv", "key": MATCH}, "href"),
            Output({"type": f"{prefix}-summary", "key": MATCH}, "children"),
            Output({"type": f"{prefix}-status", "key": MATCH}, "children"),
            Output({"type": f"{prefix}-table", "key": MATCH}, "children"),
            Output({"type": f"{prefix}-toggle", "key": MATCH}, "aria-expanded"),
            Output({"type": f"{prefix}-toggle", "key": MATCH}, "children"),
        ]

    @app.callback(
        *chart_outputs("chart"),
        Input({"type": "chart-range", "key": MATCH}, "value"),
        Input({"type": "chart-toggle", "key": MATCH}, "n_clicks"),
        Input({"type": "chart-visible", "key": MATCH}, "data"),
        State({"type": "chart-toggle", "key": MATCH}, "aria-expanded"),
        prevent_initial_call=True,
    )
    def chart_with_numbers(range_name, _clicks, _visible, expanded):
        language, level, code, chart_id = parse_chart_key(ctx.triggered_id["key"])
        toggled = ctx.triggered_id["type"] == "chart-toggle"
        request = charts.ChartRequest(
            language, level, code, chart_id, range_name, toggled, expanded == "true"
        )
        return charts.chart_update(store.current, request, chart_answers)

    # The charts of the area tabs stay on the page while one moves between areas; each one fetches
    # the numbers of the area in the URL (also when it first appears).
    @app.callback(
        *chart_outputs("area-chart"),
        Input("url", "pathname"),
        Input({"type": "area-chart-range", "key": MATCH}, "value"),
        Input({"type": "area-chart-toggle", "key": MATCH}, "n_clicks"),
        Input({"type": "area-chart-visible", "key": MATCH}, "data"),
        State({"type": "area-chart-toggle", "key": MATCH}, "aria-expanded"),
    )
    def area_chart(pathname, range_name, _clicks, visible, expanded):
        route = parse_path(pathname, store.reference)
        level, chart_id = ctx.outputs_list[0]["id"]["key"].split("|")
        if route.level != level or route.code is None:
            return (no_update,) * charts.CHART_OUTPUTS
        if not visible:
            # A chart not yet in view waits to be drawn (for the area of that moment); its download
            # link is cheap and already leads to this area's numbers.
            href = download_href(route.language, level, route.code, chart_id, valid_range(range_name))
            return (no_update, href, *(no_update,) * (charts.CHART_OUTPUTS - 2))
        toggled = isinstance(ctx.triggered_id, dict) and ctx.triggered_id.get("type") == "area-chart-toggle"
        request = charts.ChartRequest(
            route.language, level, route.code, chart_id, range_name, toggled, expanded == "true"
        )
        return charts.chart_update(store.current, request, chart_answers)

    @app.callback(Output("sewage-panel", "children"), Input("url", "pathname"))
    def sewage(pathname):
        snapshot, route = store.current, parse_path(pathname, store.reference)
        if snapshot is None or not route.is_area_level or route.code is None:
            return no_update
        with use_language(route.language):
            return areas.sewage_panel(snapshot, route.level, route.code, route.language)

    @app.callback(Output("region-panel", "children"), Input("url", "pathname"))
    def region(pathname):
        snapshot, route = store.current, parse_path(pathname, store.reference)
        if snapshot is None or route.level != "vr" or route.code is None:
            return no_update
        with use_language(route.language):
            return areas.region_panel(snapshot, route.code, route.language)

    @app.callback(
        Output("plant-graph", "figure"),
        Output("plant-bars", "figure"),
        Input("plant-select", "value"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def highlight_plant(plant, pathname):
        route = parse_path(pathname, store.reference)
        if not route.is_area_level or route.code is None:
            return no_update, no_update
        return charts.highlight_plant(store.current, f"{route.language}|{route.level}|{route.code}", plant)

    if map_view is not None:
        register_map_callbacks(app, store, map_view)

    @app.callback(
        Output("municipality-table-body", "children"),
        Output("municipality-table-head", "children"),
        Output("municipality-sort", "data"),
        Input({"type": "table-sort", "column": ALL}, "n_clicks"),
        State("url", "pathname"),
        State("municipality-sort", "data"),
        prevent_initial_call=True,
    )
    def sort_municipalities(_clicks, pathname, current):
        snapshot = store.current
        route = parse_path(pathname, store.reference)
        if snapshot is None or route.level != "vr" or route.code is None or not ctx.triggered_id:
            return no_update, no_update, no_update
        with use_language(route.language):
            return charts.sorted_table(
                snapshot, route.code, route.language, ctx.triggered_id["column"], current
            )


def register_map_callbacks(app: Dash, store: DataStore, map_view: MapView) -> None:
    @app.callback(
        Output("area-map", "figure", allow_duplicate=True),
        Output("map-legend", "children", allow_duplicate=True),
        Input("map-metric", "value"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def recolour_map(metric, pathname):
        snapshot, route = store.current, parse_path(pathname, store.reference)
        if snapshot is None or not route.is_area_level:
            return no_update, no_update
        with use_language(route.language):
            return map_view.recolour(snapshot, metric, route.language), map_view.legend_for(
                metric, "gm", route.language
            )

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input("area-map", "clickData"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def open_clicked_area(click, pathname):
        route = parse_path(pathname, store.reference)
        level = "vr" if route.level == "vr" and route.code is None else "gm"
        return clicked_path(map_view.code_from_click(click, level), route.language, pathname)

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input("national-map", "clickData"),
        State("url", "pathname"),
        State("national-map-level", "value"),
        prevent_initial_call=True,
    )
    def open_from_national_map(click, pathname, level):
        language = language_of_path(pathname) or "nl"
        return clicked_path(map_view.code_from_click(click, level or "gm"), language, pathname)

    @app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input("sewage-map", "clickData"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def open_from_sewage_map(click, pathname):
        language = language_of_path(pathname) or "nl"
        return clicked_path(map_view.code_from_click(click, "vr"), language, pathname)

    @app.callback(
        Output("national-map", "figure"),
        Output("national-map", "clickData"),
        Input("national-map-level", "value"),
        State("url", "pathname"),
        prevent_initial_call=True,
    )
    def national_map_level(level, pathname):
        snapshot = store.current
        language = language_of_path(pathname) or "nl"
        if snapshot is None or level not in ("gm", "vr"):
            return no_update, no_update
        with use_language(language):
            return map_view.figure(snapshot, level, "positive_tests_per_100k", language), None


def clicked_path(code: str | None, language: str, current: str | None):
    """The page of a clicked area, unless it is the page already shown."""
    if code is None:
        return no_update
    target = path_for(language, "vr" if code.startswith("VR") else "gm", code)
    return target if target != current else no_update
