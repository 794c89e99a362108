"""The table of a safety region's municipalities: a column heading sorts it."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update

from dashapp import ids
from dashapp.callbacks.charts import sorted_table
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import use_language
from dashapp.routes import parse_path


def register_tables(app: Dash, store: CurrentSnapshot) -> None:
    @app.callback(
        output={
            "body": Output(ids.MUNICIPALITY_TABLE_BODY, "children"),
            "head": Output(ids.MUNICIPALITY_TABLE_HEAD, "children"),
            "order": Output(ids.MUNICIPALITY_SORT, "data"),
        },
        inputs={"clicks": Input(ids.table_sort(ALL), "n_clicks")},
        state={"pathname": State(ids.URL, "pathname"), "current": State(ids.MUNICIPALITY_SORT, "data")},
        prevent_initial_call=True,
    )
    def sort_municipalities(
        clicks: list[int | None], pathname: str | None, current: dict[str, object] | None
    ) -> object:
        snapshot, page = store.current, parse_path(pathname, store.reference)
        if snapshot is None or page.level != "vr" or page.code is None or not ctx.triggered_id:
            return no_update
        with use_language(page.language):
            return sorted_table(snapshot, page.code, ctx.triggered_id["column"], current)
