"""The chart cards: a time range, a table button or coming into view redraws a card's chart and table.

Two families (``dashapp.ids``): ``CHART`` cards are drawn for the area and language in their key;
``AREA_CHART`` cards stay on the area tabs while one moves between areas and draw the area of the URL.
"""

from __future__ import annotations

from dash import MATCH, Dash, Input, Output, State, ctx

from dashapp import ids
from dashapp.callbacks.charts import CHART_ANSWER, ChartRequest, chart_update, unchanged_chart
from dashapp.callbacks.render_cache import RenderCache
from dashapp.charts.ranges import valid_range
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import use_language
from dashapp.layouts.components import download_href
from dashapp.routes import parse_path

# Where each part of ``CHART_ANSWER`` goes on a card.
ANSWER_TARGETS = {
    "figure": ("graph", "figure"),
    "csv_href": ("csv", "href"),
    "summary": ("summary", "children"),
    "status": ("status", "children"),
    "table": ("table", "children"),
    "table_open": ("toggle", "aria-expanded"),
    "toggle_label": ("toggle", "children"),
}
assert tuple(ANSWER_TARGETS) == CHART_ANSWER


def card_outputs(family: str) -> dict[str, Output]:
    return {
        name: Output(ids.chart_part(family, part, MATCH), prop)
        for name, (part, prop) in ANSWER_TARGETS.items()
    }


def card_inputs(family: str) -> dict[str, Input]:
    return {
        "range_name": Input(ids.chart_part(family, "range", MATCH), "value"),
        "clicks": Input(ids.chart_part(family, "toggle", MATCH), "n_clicks"),
        "visible": Input(ids.chart_part(family, "visible", MATCH), "data"),
    }


def card_state(family: str) -> dict[str, State]:
    return {"expanded": State(ids.chart_part(family, "toggle", MATCH), "aria-expanded")}


def toggled(family: str) -> bool:
    """Whether the table button of the card was what triggered the callback."""
    trigger = ctx.triggered_id
    return isinstance(trigger, dict) and trigger.get("type") == ids.chart_part_type(family, "toggle")


def register_chart_cards(app: Dash, store: CurrentSnapshot, answers: RenderCache) -> None:
    @app.callback(
        output=card_outputs(ids.CHART),
        inputs=card_inputs(ids.CHART),
        state=card_state(ids.CHART),
        prevent_initial_call=True,
    )
    def chart_with_numbers(
        range_name: str | None, clicks: int | None, visible: bool | None, expanded: str | None
    ):
        language, level, code, chart_id = ids.parse_chart_key(ctx.triggered_id["key"])
        request = ChartRequest(level, code, chart_id, range_name, toggled(ids.CHART), expanded == "true")
        with use_language(language):
            return chart_update(store.current, request, answers)

    # Each card also fetches the numbers of the area in the URL (also when it first appears).
    @app.callback(
        output=card_outputs(ids.AREA_CHART),
        inputs={"pathname": Input(ids.URL, "pathname"), **card_inputs(ids.AREA_CHART)},
        state=card_state(ids.AREA_CHART),
    )
    def area_chart(
        pathname: str | None,
        range_name: str | None,
        clicks: int | None,
        visible: bool | None,
        expanded: str | None,
    ):
        page = parse_path(pathname, store.reference)
        level, chart_id = ids.parse_area_chart_key(ctx.outputs_grouping["figure"]["id"]["key"])
        if page.level != level or page.code is None:
            return unchanged_chart()
        if not visible:
            # A chart not yet in view waits to be drawn (for the area of that moment); its download
            # link is cheap and already leads to this area's numbers.
            href = download_href(page.language, level, page.code, chart_id, valid_range(range_name))
            return {**unchanged_chart(), "csv_href": href}
        request = ChartRequest(
            level, page.code, chart_id, range_name, toggled(ids.AREA_CHART), expanded == "true"
        )
        with use_language(page.language):
            return chart_update(store.current, request, answers)
