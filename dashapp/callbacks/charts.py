"""What the chart callbacks compute: a chart for an area and time range with its table, a highlighted
sewage plant, a re-sorted table. Each takes the Snapshot and plain values and returns plain values,
with texts in the page's language (call inside ``use_language``)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from dash import no_update

from dashapp.callbacks.render_cache import RenderCache
from dashapp.charts import ranges, render
from dashapp.charts.data import chart_data
from dashapp.charts.specs import ChartSpec, chart
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.ids import RANGE_PICKS
from dashapp.labels import chart_title
from dashapp.layouts import areas, special_charts
from dashapp.layouts.chart_card import (
    EMPTY_FIGURE,
    chart_status,
    chart_summary,
    data_table,
    graph_config,
    range_pressed,
)
from dashapp.layouts.urls import download_href

# What a chart card's callback answers, by name (the callbacks' outputs carry the same names): the
# chart and its texts, the range shown, and the ``aria-pressed`` of each range button (by card part).
CHART_ANSWER = (
    "figure",
    "config",
    "csv_href",
    "summary",
    "status",
    "table",
    "table_open",
    "toggle_label",
    "range",
    *RANGE_PICKS,
)


def unchanged_chart() -> dict[str, object]:
    return dict.fromkeys(CHART_ANSWER, no_update)


@dataclass(frozen=True)
class ChartRequest:
    level: str
    code: str
    chart_id: str
    range_name: str | None
    # The table button was pressed (it toggles); otherwise the table keeps its state.
    toggled: bool
    table_open: bool


def chart_answer_key(
    language: str, level: str, code: str, chart_id: str, range_name: str | None
) -> tuple[Hashable, ...]:
    """Where the render cache keeps a chart's answer without its table."""
    return ("chart", language, level, code, chart_id, ranges.valid_range(range_name))


def chart_update(
    snapshot: Snapshot | None, request: ChartRequest, cache: RenderCache | None = None
) -> dict[str, object]:
    """The card's figure, CSV link, summary, status, table, and its button's aria-expanded and text.

    Without the table (the common case) the answer is the same for every visitor of that chart,
    area, range and language, so it comes from ``cache`` when one is given.
    """
    spec = chart(request.level, request.chart_id)
    if snapshot is None or spec is None or request.code not in snapshot.area_codes(request.level):
        return unchanged_chart()
    opening = not request.table_open if request.toggled else request.table_open
    if cache is not None and not opening:
        key = chart_answer_key(current_language(), request.level, request.code, spec.id, request.range_name)
        answer = cache.get(snapshot.version, key, lambda: _chart_update(snapshot, request, spec, False))
        assert isinstance(answer, dict)
        return answer
    return _chart_update(snapshot, request, spec, opening)


def _chart_update(
    snapshot: Snapshot, request: ChartRequest, spec: ChartSpec, opening: bool
) -> dict[str, object]:
    range_name = ranges.valid_range(request.range_name)
    data = chart_data(snapshot, spec, request.level, request.code, range_name)
    title = chart_title(spec.id)
    table = None
    if opening and not data.empty:
        table = data_table(data, _("%(title)s: the numbers of the chart, newest first", title=title))
    return {
        "figure": render.figure(data) if not data.empty else EMPTY_FIGURE,
        "config": graph_config(),
        "csv_href": download_href(current_language(), data.level, data.code, spec.id, range_name),
        "summary": chart_summary(data, title),
        "status": chart_status(data),
        "table": table,
        "table_open": "true" if opening else "false",
        "toggle_label": _("Hide the table") if opening else _("Show the numbers as a table"),
        "range": range_name,
        **range_pressed(range_name),
    }


def highlight_plant(snapshot: Snapshot | None, level: str, code: str, plant: str | None) -> dict[str, object]:
    """The per-plant chart and bars of an area with ``plant`` highlighted."""
    figures = (
        None if snapshot is None else special_charts.plant_figures(snapshot, level, code, highlight=plant)
    )
    if figures is None:
        return {"graph": no_update, "bars": no_update}
    scatter, bars = figures
    return {"graph": scatter, "bars": bars}


def sorted_table(
    snapshot: Snapshot, region_code: str, column: str, current: Mapping[str, object] | None
) -> dict[str, object]:
    """The region's table of municipalities sorted by ``column`` (again: the other way round)."""
    order = areas.next_sort(column, current)
    sort_by, descending = order["column"], order["descending"]
    return {
        "body": areas.municipality_table_body(snapshot, region_code, sort_by, descending),
        "head": areas.municipality_table_head(sort_by, descending),
        "order": order,
    }
