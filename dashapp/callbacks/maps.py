"""The maps: drawing the national maps when they come into view, recolouring the area tabs' map,
the national map's metric and level and its table of areas, and opening the page of a clicked area.
(The area tabs' map is drawn in view by ``routing.register_area_map``, from the router's cache.)"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from dash import ALL, Dash, Input, NoUpdate, Output, State, ctx, no_update

from dashapp import ids
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path, use_language
from dashapp.layouts.map_view import (
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
    pressed_states,
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


def register_maps(app: Dash, store: CurrentSnapshot, map_view: MapView) -> None:
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

    @app.callback(
        output={
            "figure": Output(ids.AREA_MAP, "figure", allow_duplicate=True),
            "legend": Output(ids.MAP_LEGEND, "children", allow_duplicate=True),
            "pressed": Output({"type": MAP_METRIC_CHOICE, "metric": ALL}, "aria-pressed"),
        },
        inputs={"clicks": Input({"type": MAP_METRIC_CHOICE, "metric": ALL}, "n_clicks")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def recolour_map(clicks: list[int | None] | None, pathname: str | None) -> dict[str, object] | NoUpdate:
        snapshot, page = store.current, parse_path(pathname, store.reference)
        clicked = ctx.triggered_id
        metric = clicked.get("metric") if isinstance(clicked, dict) else None
        if (
            snapshot is None
            or not page.is_area_level
            or metric not in METRICS
            or "gm" not in METRICS[metric].scales
            or not any(_clicked(count) for count in clicks or [])
        ):
            return no_update
        with use_language(page.language):
            return {
                "figure": map_view.recolour(snapshot, metric),
                "legend": map_view.legend_for(metric, "gm"),
                "pressed": pressed_states(ctx.outputs_grouping["pressed"], "metric", metric),
            }

    @app.callback(
        output={
            "figure": Output(ids.NATIONAL_MAP, "figure"),
            "click": Output(ids.NATIONAL_MAP, "clickData"),
            "legend": Output(NATIONAL_MAP_LEGEND, "children"),
            "choice": Output(NATIONAL_MAP_CHOICE, "data"),
            "metrics": Output({"type": NATIONAL_METRIC_CHOICE, "metric": ALL}, "aria-pressed"),
            "levels": Output({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "aria-pressed"),
            "level_disabled": Output({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "disabled"),
            "table": Output(NATIONAL_MAP_TABLE, "children"),
            "expanded": Output(NATIONAL_MAP_TABLE_TOGGLE, "aria-expanded"),
            "toggle_text": Output(NATIONAL_MAP_TABLE_TOGGLE, "children"),
        },
        inputs={
            "metric_clicks": Input({"type": NATIONAL_METRIC_CHOICE, "metric": ALL}, "n_clicks"),
            "level_clicks": Input({"type": NATIONAL_LEVEL_CHOICE, "level": ALL}, "n_clicks"),
            "toggle_clicks": Input(NATIONAL_MAP_TABLE_TOGGLE, "n_clicks"),
            # The map's box near the screen: draw it. One callback with the choices, so that Dash
            # keeps only the newest answer when a choice follows at once.
            "visible": Input(ids.NATIONAL_MAP_VISIBLE, "data"),
        },
        state={
            "stored": State(NATIONAL_MAP_CHOICE, "data"),
            "expanded": State(NATIONAL_MAP_TABLE_TOGGLE, "aria-expanded"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def national_map(
        metric_clicks: list[int | None],
        level_clicks: list[int | None],
        toggle_clicks: int | None,
        visible: object,
        stored: object,
        expanded: object,
        pathname: str | None,
    ) -> dict[str, object] | NoUpdate:
        snapshot = store.current
        clicked = ctx.triggered_id
        if snapshot is None or clicked is None:
            return no_update
        before = NationalChoice.of(stored)
        if clicked == ids.NATIONAL_MAP_VISIBLE:
            if visible is not True:
                return no_update
            with use_language(language_of_path(pathname) or DEFAULT_LANGUAGE):
                drawn: dict[str, object] = {
                    name: [no_update] * len(group) if isinstance(group, list) else no_update
                    for name, group in ctx.outputs_grouping.items()
                }
                drawn["figure"] = map_view.national_figure(snapshot, before)
                return drawn
        choice = before.after(clicked)
        table_open = expanded == "true"
        if clicked == NATIONAL_MAP_TABLE_TOGGLE:
            if not _clicked(toggle_clicks):
                return no_update
            table_open = not table_open
        language = language_of_path(pathname) or DEFAULT_LANGUAGE
        with use_language(language):
            result: dict[str, object] = dict.fromkeys(ctx.outputs_grouping, no_update)
            if choice != before:
                result.update(map_view.national_outputs(snapshot, choice))
                result["click"] = None
                result["choice"] = choice.to_json()
            result["metrics"] = pressed_states(ctx.outputs_grouping["metrics"], "metric", choice.metric)
            result["levels"] = pressed_states(ctx.outputs_grouping["levels"], "level", choice.level)
            result["level_disabled"] = [
                METRICS[choice.metric].scales.get(str(entry["id"]["level"])) is None
                for entry in ctx.outputs_grouping["level_disabled"]
            ]
            result["table"] = map_view.areas_table(snapshot, choice, language) if table_open else None
            result["expanded"] = "true" if table_open else "false"
            result["toggle_text"] = table_toggle_text(table_open)
            return result

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
