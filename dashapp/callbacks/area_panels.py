"""The panels of an area page that callbacks fill per area: sewage, the region's nursing homes and
table, and the highlighted sewage plant."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashapp import ids
from dashapp.callbacks.charts import highlight_plant
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import use_language
from dashapp.layouts import areas
from dashapp.routes import parse_path


def register_area_panels(app: Dash, store: CurrentSnapshot) -> None:
    @app.callback(Output(ids.SEWAGE_PANEL, "children"), Input(ids.URL, "pathname"))
    def sewage(pathname: str | None):
        snapshot, page = store.current, parse_path(pathname, store.reference)
        if snapshot is None or not page.is_area_level or page.code is None:
            return no_update
        with use_language(page.language):
            return areas.sewage_panel(snapshot, page.level, page.code)

    @app.callback(Output(ids.REGION_PANEL, "children"), Input(ids.URL, "pathname"))
    def region(pathname: str | None):
        snapshot, page = store.current, parse_path(pathname, store.reference)
        if snapshot is None or page.level != "vr" or page.code is None:
            return no_update
        with use_language(page.language):
            return areas.region_panel(snapshot, page.code)

    @app.callback(
        output={"graph": Output(ids.PLANT_GRAPH, "figure"), "bars": Output(ids.PLANT_BARS, "figure")},
        inputs={"plant": Input(ids.PLANT_SELECT, "value")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def highlighted_plant(plant: str | None, pathname: str | None):
        page = parse_path(pathname, store.reference)
        if not page.is_area_level or page.code is None:
            return no_update
        with use_language(page.language):
            return highlight_plant(store.current, page.level, page.code, plant)
