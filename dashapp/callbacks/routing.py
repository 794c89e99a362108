"""The router callback (a URL path fills the page's slots), the page title and the version poll."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from dashapp import ids
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import OUTPUTS, navigate
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


def changed_version(store: CurrentSnapshot, known: str | None) -> object:
    """The snapshot version when it differs from the one the page shows; else nothing changes."""
    snapshot = store.current
    if snapshot is None or snapshot.version == known:
        return no_update
    return snapshot.version


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
            return navigate(
                page, pathname, shown_frame, store.current, reference, map_view, pages, search=search
            )

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
