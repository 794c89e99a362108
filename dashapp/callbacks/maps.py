"""The maps: recolouring the area tabs' map, switching the national map's level, and opening the
page of a clicked area."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, no_update

from dashapp import ids
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path, use_language
from dashapp.layouts.map_view import DEFAULT_METRIC, METRICS, MapView
from dashapp.routes import Route, parse_path, path_for

# Which level's areas a clicked map shows, from the page and the map's own level choice (if any).
ClickedLevel = Callable[[Route, str | None], str]


def clicked_path(code: str | None, language: str, current: str | None):
    """The page of a clicked area, unless it is the page already shown."""
    if code is None:
        return no_update
    target = path_for(language, "vr" if code.startswith("VR") else "gm", code)
    return target if target != current else no_update


def register_maps(app: Dash, store: CurrentSnapshot, map_view: MapView) -> None:
    @app.callback(
        output={
            "figure": Output(ids.AREA_MAP, "figure", allow_duplicate=True),
            "legend": Output(ids.MAP_LEGEND, "children", allow_duplicate=True),
        },
        inputs={"metric": Input(ids.MAP_METRIC, "value")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def recolour_map(metric: str | None, pathname: str | None):
        snapshot, page = store.current, parse_path(pathname, store.reference)
        if (
            snapshot is None
            or not page.is_area_level
            or metric not in METRICS
            or "gm" not in METRICS[metric].scales
        ):
            return no_update
        with use_language(page.language):
            return {
                "figure": map_view.recolour(snapshot, metric),
                "legend": map_view.legend_for(metric, "gm"),
            }

    @app.callback(
        output={
            "figure": Output(ids.NATIONAL_MAP, "figure"),
            "click": Output(ids.NATIONAL_MAP, "clickData"),
        },
        inputs={"level": Input(ids.NATIONAL_MAP_LEVEL, "value")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def national_map_level(level: str | None, pathname: str | None):
        snapshot = store.current
        if snapshot is None or level not in ("gm", "vr"):
            return no_update
        with use_language(language_of_path(pathname) or DEFAULT_LANGUAGE):
            return {"figure": map_view.figure(snapshot, level, DEFAULT_METRIC), "click": None}

    def open_on_click(map_id: str, level_of: ClickedLevel, chosen_level: State | None = None) -> None:
        state = {"pathname": State(ids.URL, "pathname")}
        if chosen_level is not None:
            state["chosen_level"] = chosen_level

        @app.callback(
            Output(ids.URL, "pathname", allow_duplicate=True),
            inputs={"click": Input(map_id, "clickData")},
            state=state,
            prevent_initial_call=True,
        )
        def open_clicked_area(click: dict | None, pathname: str | None, chosen_level: str | None = None):
            page = parse_path(pathname, store.reference)
            code = map_view.code_from_click(click, level_of(page, chosen_level))
            return clicked_path(code, page.language, pathname)

    # The index of the regions tab shows regions; the other area tabs show municipalities.
    open_on_click(ids.AREA_MAP, lambda page, _: "vr" if page.level == "vr" and page.code is None else "gm")
    open_on_click(ids.NATIONAL_MAP, lambda _, chosen: chosen or "gm", State(ids.NATIONAL_MAP_LEVEL, "value"))
    open_on_click(ids.SEWAGE_MAP, lambda _page, _chosen: "vr")
