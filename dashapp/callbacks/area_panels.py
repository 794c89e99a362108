"""Cards that are not one metric's chart: a sewage plant's button highlights it in the per-plant
charts; the age and per-plant cards build their table of numbers when it is opened."""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State, ctx, html, no_update

from dashapp import ids
from dashapp.callbacks.charts import highlight_plant
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import gettext as _
from dashapp.i18n import use_language
from dashapp.layouts import special_charts
from dashapp.routes import parse_path


def register_area_panels(app: Dash, store: CurrentSnapshot) -> None:
    @app.callback(
        output={
            "graph": Output(ids.PLANT_GRAPH, "figure"),
            "bars": Output(ids.PLANT_BARS, "figure"),
            "pressed": Output(ids.plant_pick(ALL), "aria-pressed"),
        },
        inputs={"clicks": Input(ids.plant_pick(ALL), "n_clicks")},
        state={"pressed": State(ids.plant_pick(ALL), "aria-pressed"), "pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def highlighted_plant(
        clicks: list[int | None], pressed: list[str | None], pathname: str | None
    ) -> object:
        page = parse_path(pathname, store.reference)
        trigger = ctx.triggered_id
        if not page.is_area_level or page.code is None or not isinstance(trigger, dict):
            return no_update
        plants = [str(item["id"]["plant"]) for item in ctx.inputs_list[0]]
        plant = toggled_plant(plants, pressed, str(trigger.get("plant")))
        with use_language(page.language):
            figures = highlight_plant(store.current, page.level, page.code, plant)
        return {**figures, "pressed": ["true" if code == plant else "false" for code in plants]}

    @app.callback(
        output={
            "table": Output(ids.numbers_part(ids.NUMBERS_TABLE, MATCH), "children"),
            "expanded": Output(ids.numbers_part(ids.NUMBERS_TOGGLE, MATCH), "aria-expanded"),
            "label": Output(ids.numbers_part(ids.NUMBERS_TOGGLE, MATCH), "children"),
        },
        inputs={"clicks": Input(ids.numbers_part(ids.NUMBERS_TOGGLE, MATCH), "n_clicks")},
        state={
            "expanded": State(ids.numbers_part(ids.NUMBERS_TOGGLE, MATCH), "aria-expanded"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def open_numbers(clicks: int | None, expanded: str | None, pathname: str | None) -> object:
        page = parse_path(pathname, store.reference)
        trigger = ctx.triggered_id
        if not isinstance(trigger, dict) or page.level not in ("nl", "vr", "gm"):
            return no_update
        opening = expanded != "true"
        with use_language(page.language):
            table = numbers_table(store.current, str(trigger.get("table")), page.level, page.code or "NL")
            label = _("Hide the table") if opening else _("Show the numbers as a table")
        return {
            "table": table if opening else None,
            "expanded": "true" if opening else "false",
            "label": label,
        }


def numbers_table(snapshot: Snapshot | None, table: str, level: str, code: str) -> html.Div | None:
    """The table of numbers ``table`` of the page's area, or None."""
    if snapshot is None:
        return None
    if table == "age" and level == "nl":
        return special_charts.age_table(snapshot)
    if table == "sewer-plants" and level in ("vr", "gm"):
        return special_charts.plant_table(snapshot, level, code)
    return None


def toggled_plant(plants: list[str], pressed: list[str | None], chosen: str) -> str | None:
    """The plant to highlight after ``chosen`` was pressed: none when it was the one highlighted."""
    highlighted = {plant for plant, state in zip(plants, pressed, strict=False) if state == "true"}
    return None if chosen in highlighted or chosen not in plants else chosen
