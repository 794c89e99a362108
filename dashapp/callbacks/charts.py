"""What the chart callbacks compute: a chart for an area and time range with its table, a highlighted
sewage plant, a re-sorted table. Each takes the Snapshot and plain values and returns plain values."""

from __future__ import annotations

from dataclasses import dataclass

from dash import no_update

from dashapp.callbacks.render_cache import RenderCache
from dashapp.charts import ranges, render
from dashapp.charts.data import chart_data
from dashapp.charts.specs import chart
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import gettext as _
from dashapp.i18n import use_language
from dashapp.labels import chart_title
from dashapp.layouts import areas, special_charts
from dashapp.layouts.components import (
    EMPTY_FIGURE,
    chart_status,
    chart_summary,
    data_table,
    download_href,
)

CHART_OUTPUTS = 7


@dataclass(frozen=True)
class ChartRequest:
    language: str
    level: str
    code: str
    chart_id: str
    range_name: str | None
    # The table button was pressed (it toggles); otherwise the table keeps its state.
    toggled: bool
    table_open: bool


def chart_update(snapshot: Snapshot | None, request: ChartRequest, cache: RenderCache | None = None) -> tuple:
    """figure, CSV link, summary, status, table, the button's aria-expanded and its text.

    Without the table (the common case) the answer is the same for every visitor of that chart,
    area, range and language, so it comes from ``cache`` when one is given.
    """
    spec = chart(request.level, request.chart_id)
    if snapshot is None or spec is None or request.code not in snapshot.area_codes(request.level):
        return (no_update,) * CHART_OUTPUTS
    opening = not request.table_open if request.toggled else request.table_open
    if cache is not None and not opening:
        key = ("chart", request.language, request.level, request.code, spec.id, request.range_name)
        return tuple(cache.get(snapshot.version, key, lambda: _chart_update(snapshot, request, spec, False)))
    return _chart_update(snapshot, request, spec, opening)


def _chart_update(snapshot: Snapshot, request: ChartRequest, spec, opening: bool) -> tuple:
    range_name = ranges.valid_range(request.range_name)
    data = chart_data(snapshot, spec, request.level, request.code, range_name)
    language = request.language
    with use_language(language):
        title = chart_title(spec.id)
        figure = render.figure(data, language) if not data.empty else EMPTY_FIGURE
        table = None
        if opening and not data.empty:
            caption = _("%(title)s: the numbers of the chart, newest first", title=title)
            table = data_table(data, language, caption)
        label = _("Hide the table") if opening else _("Show the numbers as a table")
        return (
            figure,
            download_href(language, data.level, data.code, spec.id, range_name),
            chart_summary(data, title, language),
            chart_status(data),
            table,
            "true" if opening else "false",
            label,
        )


def highlight_plant(snapshot: Snapshot | None, key: str, plant: str | None):
    if snapshot is None:
        return no_update, no_update
    language, level, code = key.split("|")
    with use_language(language):
        figures = special_charts.plant_figures(snapshot, level, code, language, highlight=plant)
    if figures is None:
        return no_update, no_update
    return figures


def sorted_table(snapshot: Snapshot, region_code: str, language: str, column: str, current: dict | None):
    order = areas.next_sort(column, current)
    sort_by, descending = order["column"], order["descending"]
    body = areas.municipality_table_body(snapshot, region_code, language, sort_by, descending)
    head = areas.municipality_table_head(sort_by, descending)
    return body, head, order
