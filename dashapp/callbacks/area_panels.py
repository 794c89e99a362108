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

# A press of a plant's button: it is pressed at once (again: none is), and the plant goes to the Store
# that the charts' callback listens to. In the browser, so that the buttons always show the last press.
CHOOSE_PLANT = """function (clicks, shown) {
    var context = window.dash_clientside.callback_context;
    var chosen = context.triggered_id;
    var count = context.triggered.length ? context.triggered[0].value : null;
    if (!chosen || typeof chosen !== "object" || !(count > 0)) { return window.dash_clientside.no_update; }
    var plant = chosen.plant === shown ? null : chosen.plant;
    return [plant, context.outputs_list[1].map(function (button) {
        return button.id.plant === plant ? "true" : "false";
    })];
}"""


def register_area_panels(app: Dash, store: CurrentSnapshot) -> None:
    app.clientside_callback(
        CHOOSE_PLANT,
        Output(ids.PLANT_HIGHLIGHT, "data"),
        Output(ids.plant_pick(ALL), "aria-pressed"),
        Input(ids.plant_pick(ALL), "n_clicks"),
        State(ids.PLANT_HIGHLIGHT, "data"),
        prevent_initial_call=True,
    )

    # No pattern output: only then does Dash drop an older answer when a newer press asks again, so
    # that the charts end with the plant pressed last (tests/browser/test_plant_choice.py).
    @app.callback(
        output={"graph": Output(ids.PLANT_GRAPH, "figure"), "bars": Output(ids.PLANT_BARS, "figure")},
        inputs={"plant": Input(ids.PLANT_HIGHLIGHT, "data")},
        state={"pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def highlighted_plant(plant: object, pathname: str | None) -> object:
        page = parse_path(pathname, store.reference)
        snapshot = store.current
        if not page.is_area_level or page.code is None or snapshot is None:
            return no_update
        with use_language(page.language):
            return highlight_plant(
                snapshot, page.level, page.code, known_plant(snapshot, page.level, page.code, plant)
            )

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


def known_plant(snapshot: Snapshot, level: str, code: str, plant: object) -> str | None:
    """``plant`` if it is one of the area's plants (the page sends it back); else None."""
    plants = snapshot.sewage_plants
    if plants is None or not isinstance(plant, str):
        return None
    return plant if plant in plants.plants_of(level, code) else None
