"""The chart cards: a time range, the table button or coming into view redraws a card's chart and table.

Every card is drawn for the language, level, area and chart in its key (``dashapp.ids.chart_key``):
moving to another area brings that area's cards with the router's answer, so no card needs the URL.
"""

from __future__ import annotations

from typing import cast

from dash import MATCH, Dash, Input, Output, State, ctx, dcc

from dashapp import ids
from dashapp.callbacks.charts import CHART_ANSWER, ChartRequest, chart_update
from dashapp.callbacks.render_cache import RenderCache
from dashapp.charts.ranges import RANGES
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import use_language
from dashapp.layouts.chart_card import card_graph, graph_config

# Where each part of ``CHART_ANSWER`` goes on a card: the figure and its config become the graph in
# the card's plot box (``card_graph``), the rest goes to a property of a part.
GRAPH_PARTS = ("figure", "config")
ANSWER_TARGETS = {
    "plot": ("graph", "children"),
    "csv_href": ("csv", "href"),
    "summary": ("summary", "children"),
    "status": ("status", "children"),
    "table": ("table", "children"),
    "table_open": ("toggle", "aria-expanded"),
    "toggle_label": ("toggle", "children"),
    "range": ("range", "data"),
    **{pick: (pick, "aria-pressed") for pick in ids.RANGE_PICKS},
}
assert set(ANSWER_TARGETS) - {"plot"} == set(CHART_ANSWER) - set(GRAPH_PARTS)


def card_answer(answer: dict[str, object]) -> dict[str, object]:
    """A chart answer as the card's outputs: its figure and config as the graph of the plot box."""
    figure, config = answer["figure"], answer["config"]
    outputs = {name: value for name, value in answer.items() if name not in GRAPH_PARTS}
    if isinstance(figure, dict):
        settings = cast("dcc.Graph.Config", config) if isinstance(config, dict) else graph_config()
        outputs["plot"] = card_graph(figure, settings)
    else:  # no_update: the card keeps its graph
        outputs["plot"] = figure
    return outputs


def card_outputs(family: str = ids.CHART) -> dict[str, Output]:
    return {
        name: Output(ids.chart_part(family, part, MATCH), prop)
        for name, (part, prop) in ANSWER_TARGETS.items()
    }


def card_inputs(family: str = ids.CHART) -> dict[str, Input | dict[str, Input]]:
    picks = {name: Input(ids.chart_part(family, ids.range_pick(name), MATCH), "n_clicks") for name in RANGES}
    return {
        "clicks": Input(ids.chart_part(family, "toggle", MATCH), "n_clicks"),
        "visible": Input(ids.chart_part(family, "visible", MATCH), "data"),
        "picks": picks,
    }


def card_state(family: str = ids.CHART) -> dict[str, State]:
    return {
        "expanded": State(ids.chart_part(family, "toggle", MATCH), "aria-expanded"),
        "shown_range": State(ids.chart_part(family, "range", MATCH), "data"),
    }


def triggered_part(family: str = ids.CHART) -> str | None:
    """Which part of the card triggered the callback ("toggle", "pick-30d", ...), if any."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict):
        return None
    prefix = f"{family}-"
    kind = str(trigger.get("type", ""))
    return kind.removeprefix(prefix) if kind.startswith(prefix) else None


def chosen_range(part: str | None, shown_range: object) -> str | None:
    """The range a button names when one was pressed; else the one the card shows."""
    for name in RANGES:
        if part == ids.range_pick(name):
            return name
    return shown_range if isinstance(shown_range, str) else None


def register_chart_cards(app: Dash, store: CurrentSnapshot, answers: RenderCache) -> None:
    @app.callback(output=card_outputs(), inputs=card_inputs(), state=card_state(), prevent_initial_call=True)
    def chart_with_numbers(
        clicks: int | None,
        visible: bool | None,
        picks: dict[str, int | None],
        expanded: str | None,
        shown_range: object,
    ) -> dict[str, object]:
        language, level, code, chart_id = ids.parse_chart_key(ctx.outputs_grouping["plot"]["id"]["key"])
        part = triggered_part()
        request = ChartRequest(
            level, code, chart_id, chosen_range(part, shown_range), part == "toggle", expanded == "true"
        )
        with use_language(language):
            return card_answer(chart_update(store.current, request, answers))
