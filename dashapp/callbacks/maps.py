"""The maps: drawing each map when it comes into view, the area tabs' map's metric, the national
map's metric and level and its table of areas, and opening the page of a clicked area.

An answer still on its way must not land after a newer one. Dash drops the older answer of a
callback when the same callback is asked again, but only if none of its outputs is a pattern
(``ALL``): for those, its pruning keeps the older request too, and whichever answer arrives last
wins. So each map has one server callback, without pattern outputs, for its drawing in view and
its choices; the buttons' states are set in the browser (clientside callbacks, inline so that the
CSP admits them by their hash, ``web.security``). The area tab's map has one more writer, the
router (an empty box on a new frame, a highlight patch on a move within the frame): a move while
the map is on its way asks the map's callback again, for the page moved to, so that the answer for
the area left is dropped; once the map has arrived, a move costs no request here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from dash import ALL, Dash, Input, NoUpdate, Output, State, ctx, no_update

from dashapp import ids
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import area_map_figure, frame_key
from dashapp.callbacks.routing import with_placeholders
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path, use_language
from dashapp.layouts.map_view import (
    AREA_MAP_DRAWN,
    AREA_MAP_METRIC,
    AREA_MAP_MOVED,
    DEFAULT_METRIC,
    LEVELS,
    MAP_METRIC_CHOICE,
    METRICS,
    NATIONAL_LEVEL_CHOICE,
    NATIONAL_MAP_CHOICE,
    NATIONAL_MAP_LEGEND,
    NATIONAL_MAP_TABLE,
    NATIONAL_MAP_TABLE_TOGGLE,
    NATIONAL_METRIC_CHOICE,
    MapView,
    NationalChoice,
    levels_of,
    table_toggle_text,
)
from dashapp.routes import Route, parse_path, path_for

# Which level's areas a clicked map shows, from the page and the national map's chosen level.
ClickedLevel = Callable[[Route, object], str]


def clicked_path(code: str | None, language: str, current: str | None) -> str | NoUpdate:
    """The page of a clicked area, unless it is the page already shown."""
    if code is None:
        return no_update
    target = path_for(language, "vr" if code.startswith("VR") else "gm", code)
    return target if target != current else no_update


def _clicked(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# A press of one of the area map's metric buttons: it is pressed at once, and the metric goes to the
# Store that the map's callback listens to.
CHOOSE_METRIC = """function (clicks, shown) {
    var context = window.dash_clientside.callback_context;
    var chosen = context.triggered_id;
    var count = context.triggered.length ? context.triggered[0].value : null;
    if (!chosen || typeof chosen !== "object" || !(count > 0) || chosen.metric === shown) {
        return window.dash_clientside.no_update;
    }
    return [chosen.metric, context.outputs_list[1].map(function (button) {
        return button.id.metric === chosen.metric ? "true" : "false";
    })];
}"""
# A move while this frame's map has been asked for and has not arrived: ask for it again, for the page
# moved to (once it has arrived, a move costs no request here: the router patches the highlight).
ASK_AGAIN_WHILE_ON_ITS_WAY = """function (pathname, visible, drawn) {
    return visible === true && drawn !== true ? pathname : window.dash_clientside.no_update;
}"""


def map_metric(value: object) -> str:
    """The metric the area map's Store names, if the map of municipalities has it; else the default."""
    if isinstance(value, str) and value in METRICS and "gm" in METRICS[value].scales:
        return value
    return DEFAULT_METRIC


def register_area_map(
    app: Dash, store: CurrentSnapshot, map_view: MapView, pages: RenderCache | None = None
) -> None:
    """Draw the area tab's map when its box nears the screen (``assets/app.js`` sets the Store in
    the map's controls, which every new frame brings anew), for the area in the URL at that moment
    and the metric chosen; recolour it when another metric is chosen; draw it again for the page
    moved to when a move comes while it is on its way. ``pages`` keeps the default figure."""
    app.clientside_callback(
        CHOOSE_METRIC,
        Output(AREA_MAP_METRIC, "data"),
        Output({"type": MAP_METRIC_CHOICE, "metric": ALL}, "aria-pressed"),
        Input({"type": MAP_METRIC_CHOICE, "metric": ALL}, "n_clicks"),
        State(AREA_MAP_METRIC, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ASK_AGAIN_WHILE_ON_ITS_WAY,
        Output(AREA_MAP_MOVED, "data"),
        Input(ids.URL, "pathname"),
        State(ids.AREA_MAP_VISIBLE, "data", allow_optional=True),
        State(AREA_MAP_DRAWN, "data", allow_optional=True),
        prevent_initial_call=True,
    )

    def drawing(page: Route, snapshot: Snapshot, metric: str) -> object:
        if metric == DEFAULT_METRIC:  # kept in the render cache, once per language and level
            figure = area_map_figure(page, snapshot, map_view, pages)
            return with_placeholders({"figure": figure})["figure"]
        return map_view.area_figure(page, snapshot, metric)

    @app.callback(
        output={
            "figure": Output(ids.AREA_MAP, "figure", allow_duplicate=True),
            "legend": Output(ids.MAP_LEGEND, "children", allow_duplicate=True),
            "drawn": Output(AREA_MAP_DRAWN, "data"),
        },
        inputs={
            "visible": Input(ids.AREA_MAP_VISIBLE, "data"),
            "chosen": Input(AREA_MAP_METRIC, "data"),
            "moved": Input(AREA_MAP_MOVED, "data"),
        },
        state={
            "pathname": State(ids.URL, "pathname"),
            "shown_frame": State(ids.FRAME_KEY, "data"),
            "drawn": State(AREA_MAP_DRAWN, "data"),
        },
        prevent_initial_call=True,
    )
    def area_map(
        visible: object,
        chosen: object,
        moved: object,
        pathname: str | None,
        shown_frame: object,
        drawn: object,
    ) -> dict[str, object] | NoUpdate:
        snapshot, page = store.current, parse_path(pathname, store.reference)
        trigger = ctx.triggered_id
        if snapshot is None or not page.is_area_level or trigger is None:
            return no_update
        if trigger == AREA_MAP_MOVED and frame_key(page, snapshot) != shown_frame:
            return no_update  # a new frame: the router brings a new box, drawn when in view
        metric = map_metric(chosen)
        result: dict[str, object] = {"figure": no_update, "legend": no_update, "drawn": no_update}
        with use_language(page.language):
            if chosen is not None and (trigger == AREA_MAP_METRIC or metric != DEFAULT_METRIC):
                result["legend"] = map_view.legend_for(metric, "gm")
            if visible is not True:
                return result
            if trigger == AREA_MAP_METRIC and drawn is True:
                result["figure"] = map_view.recolour(snapshot, metric)
            else:  # in view now, moved while on its way, or chosen before it arrived
                result["figure"] = drawing(page, snapshot, metric)
                result["drawn"] = True
        return result


# A press of one of the national map's buttons: the choice (metric and level, kept in a Store that
# the map's callbacks listen to) and the buttons' states change at once. What ``NationalChoice.after``
# does, with the levels each metric has (filled in at registration).
CHOOSE_NATIONAL = """function (metricClicks, levelClicks, stored) {
    var levels = __LEVELS__, context = window.dash_clientside.callback_context;
    var pressed = context.triggered_id;
    var count = context.triggered.length ? context.triggered[0].value : null;
    if (!pressed || typeof pressed !== "object" || !(count > 0)) { return window.dash_clientside.no_update; }
    var known = stored && levels[stored.metric] && __ALL_LEVELS__.indexOf(stored.level) !== -1;
    var metric = known ? stored.metric : __DEFAULT__.metric, has = levels[metric];
    var level = known ? stored.level : __DEFAULT__.level;
    level = has.indexOf(level) !== -1 ? level : has[has.length - 1];
    if (pressed.type === __METRIC_TYPE__ && levels[pressed.metric]) {
        metric = pressed.metric;
        has = levels[metric];
        level = has.indexOf(level) !== -1 ? level : has[has.length - 1];
    } else if (pressed.type === __LEVEL_TYPE__ && has.indexOf(pressed.level) !== -1) {
        level = pressed.level;
    }
    if (stored && stored.metric === metric && stored.level === level) {
        return window.dash_clientside.no_update;
    }
    var outputs = context.outputs_list;
    return [
        {metric: metric, level: level},
        outputs[1].map(function (b) { return b.id.metric === metric ? "true" : "false"; }),
        outputs[2].map(function (b) { return b.id.level === level ? "true" : "false"; }),
        outputs[3].map(function (b) { return levels[metric].indexOf(b.id.level) === -1; })
    ];
}"""


def choose_national_script() -> str:
    levels = {metric: list(levels_of(metric)) for metric in METRICS}
    filled = {
        "__LEVELS__": json.dumps(levels),
        "__ALL_LEVELS__": json.dumps(list(LEVELS)),
        "__DEFAULT__": json.dumps(NationalChoice().to_json()),
        "__METRIC_TYPE__": json.dumps(NATIONAL_METRIC_CHOICE),
        "__LEVEL_TYPE__": json.dumps(NATIONAL_LEVEL_CHOICE),
    }
    script = CHOOSE_NATIONAL
    for mark, value in filled.items():
        script = script.replace(mark, value)
    return script


def register_national_map(app: Dash, store: CurrentSnapshot, map_view: MapView) -> None:
    """The national map: drawn when its box nears the screen, drawn again for each new choice of
    metric and level (``CHOOSE_NATIONAL`` keeps it in the page), and its table of areas on request."""
    app.clientside_callback(
        choose_national_script(),
        Output(NATIONAL_MAP_CHOICE, "data"),
        Output({"type": NATIONAL_METRIC_CHOICE, "metric": ALL}, "aria-pressed"),
        Output({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "aria-pressed"),
        Output({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "disabled"),
        Input({"type": NATIONAL_METRIC_CHOICE, "metric": ALL}, "n_clicks"),
        Input({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "n_clicks"),
        State(NATIONAL_MAP_CHOICE, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        output={
            "figure": Output(ids.NATIONAL_MAP, "figure"),
            "click": Output(ids.NATIONAL_MAP, "clickData"),
            "legend": Output(NATIONAL_MAP_LEGEND, "children"),
            # An open table of areas follows the choice in the same answer (one request per choice).
            "table": Output(NATIONAL_MAP_TABLE, "children", allow_duplicate=True),
        },
        inputs={
            # The map's box near the screen: draw it, for the choice the page holds.
            "visible": Input(ids.NATIONAL_MAP_VISIBLE, "data"),
            "stored": Input(NATIONAL_MAP_CHOICE, "data"),
        },
        state={
            "expanded": State(NATIONAL_MAP_TABLE_TOGGLE, "aria-expanded"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def national_map(
        visible: object, stored: object, expanded: object, pathname: str | None
    ) -> dict[str, object] | NoUpdate:
        snapshot = store.current
        trigger = ctx.triggered_id
        if (
            snapshot is None
            or trigger is None
            or (trigger == ids.NATIONAL_MAP_VISIBLE and visible is not True)
        ):
            return no_update
        choice = NationalChoice.of(stored)
        language = language_of_path(pathname) or DEFAULT_LANGUAGE
        with use_language(language):
            if trigger == ids.NATIONAL_MAP_VISIBLE:
                figure = map_view.national_figure(snapshot, choice)
                return {"figure": figure, "click": no_update, "legend": no_update, "table": no_update}
            table = map_view.areas_table(snapshot, choice, language) if expanded == "true" else no_update
            return {**map_view.national_outputs(snapshot, choice), "click": None, "table": table}

    @app.callback(
        output={
            "table": Output(NATIONAL_MAP_TABLE, "children"),
            "expanded": Output(NATIONAL_MAP_TABLE_TOGGLE, "aria-expanded"),
            "toggle_text": Output(NATIONAL_MAP_TABLE_TOGGLE, "children"),
        },
        inputs={"toggle_clicks": Input(NATIONAL_MAP_TABLE_TOGGLE, "n_clicks")},
        state={
            "stored": State(NATIONAL_MAP_CHOICE, "data"),
            "expanded": State(NATIONAL_MAP_TABLE_TOGGLE, "aria-expanded"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def national_table(
        toggle_clicks: int | None, stored: object, expanded: object, pathname: str | None
    ) -> dict[str, object] | NoUpdate:
        snapshot = store.current
        if snapshot is None or not _clicked(toggle_clicks):
            return no_update
        table_open = expanded != "true"
        language = language_of_path(pathname) or DEFAULT_LANGUAGE
        choice = NationalChoice.of(stored)
        with use_language(language):
            return {
                "table": map_view.areas_table(snapshot, choice, language) if table_open else None,
                "expanded": "true" if table_open else "false",
                "toggle_text": table_toggle_text(table_open),
            }


def register_maps(
    app: Dash, store: CurrentSnapshot, map_view: MapView, pages: RenderCache | None = None
) -> None:
    """The maps' callbacks; ``pages`` (the router's render cache) keeps the area map's default figure."""

    @app.callback(
        Output(ids.SEWAGE_MAP, "figure"),
        inputs={"visible": Input(ids.SEWAGE_MAP_VISIBLE, "data")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def draw_sewage_map(visible: object, pathname: str | None) -> object:
        snapshot = store.current
        if visible is not True or snapshot is None:
            return no_update
        with use_language(language_of_path(pathname) or DEFAULT_LANGUAGE):
            return map_view.sewage_figure(snapshot)

    register_area_map(app, store, map_view, pages)

    register_national_map(app, store, map_view)

    def open_on_click(map_id: str, level_of: ClickedLevel, chosen: State | None = None) -> None:
        state = {"pathname": State(ids.URL, "pathname")}
        if chosen is not None:
            state["chosen"] = chosen

        @app.callback(
            Output(ids.URL, "pathname", allow_duplicate=True),
            inputs={"click": Input(map_id, "clickData")},
            state=state,
            prevent_initial_call=True,
        )
        def open_clicked_area(
            click: Mapping[str, Any] | None, pathname: str | None, chosen: object = None
        ) -> str | NoUpdate:
            page = parse_path(pathname, store.reference)
            code = map_view.code_from_click(click, level_of(page, chosen))
            return clicked_path(code, page.language, pathname)

    # The index of the regions tab shows regions; the other area tabs show municipalities.
    open_on_click(ids.AREA_MAP, lambda page, _: "vr" if page.level == "vr" and page.code is None else "gm")
    open_on_click(
        ids.NATIONAL_MAP,
        lambda _, stored: NationalChoice.of(stored).level,
        State(NATIONAL_MAP_CHOICE, "data"),
    )
    open_on_click(ids.SEWAGE_MAP, lambda _page, _chosen: "vr")
