"""The chart card: a chart with its time ranges, a text description for screen readers, a table
alternative built when opened and a CSV download of exactly its numbers.

A card is drawn for one language, level, area and chart (``dashapp.ids.chart_key``); a ``lazy`` one
arrives without its figure and is drawn by its callback when it comes into view."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from dash import dcc, html

from dashapp import ids as ids_module
from dashapp.api.links import download_link
from dashapp.charts import ranges, render
from dashapp.charts.data import ChartData
from dashapp.charts.description import SAME, SeriesFacts, series_facts
from dashapp.charts.specs import SIGNAL
from dashapp.data.indicators.change import DOWN, UP
from dashapp.i18n import (
    current_language,
    format_date,
    format_number,
    format_week,
    plotly_locale,
)
from dashapp.i18n import gettext as _
from dashapp.ids import CHART, chart_card_ids, chart_key
from dashapp.labels import chart_title
from dashapp.layouts.aria import Aria
from dashapp.layouts.blocks import number_table
from dashapp.layouts.formatting import format_indicator
from dashapp.layouts.server_html import picture_attributes
from dashapp.layouts.share import share_for_card
from dashapp.layouts.urls import download_href


def range_labels() -> dict[str, str]:
    """The name of each time range, in the page's language."""
    return {
        "all": _("All"),
        "1y": _("1 year"),
        "6m": _("6 months"),
        "3m": _("3 months"),
        "30d": _("30 days"),
        "5w": _("5 weeks"),
    }


def range_pressed(range_name: str) -> dict[str, str]:
    """``aria-pressed`` of each range button (by card part) when ``range_name`` is shown."""
    return {ids_module.range_pick(name): "true" if name == range_name else "false" for name in ranges.RANGES}


def range_control(anchor: str, card_ids: dict[str, dict[str, object]], range_name: str) -> html.Div:
    """The time ranges as a group of toggle buttons (``aria-pressed``): native buttons, reached by Tab
    and pressed with Enter or Space, named by the group's label. One row, scrolling sideways on a
    narrow screen (``assets/glance.css``)."""
    label_id = f"{anchor}-range-label"
    pressed = range_pressed(range_name)
    labels = range_labels()
    return html.Div(
        [
            html.Span(_("Time range"), id=label_id, className="chart-range-legend"),
            html.Div(
                [
                    html.Button(
                        labels[name],
                        id=card_ids[ids_module.range_pick(name)],
                        type="button",
                        n_clicks=0,
                        className="range-pick",
                        **Aria({"aria-pressed": pressed[ids_module.range_pick(name)]}),
                    )
                    for name in ranges.RANGES
                ],
                role="group",
                className="range-picks",
                **Aria({"aria-labelledby": label_id}),
            ),
            dcc.Store(id=card_ids["range"], data=range_name),
        ],
        className="chart-range-group",
    )


def graph_style(figure: Mapping[str, Any]) -> dict[str, str]:
    """The graph's box as tall as its figure: without it a responsive graph whose parent has no
    height can collapse after a resize and draw over what follows it."""
    return {"height": f"{figure.get('layout', {}).get('height', 300)}px"}


def graph_config() -> dcc.Graph.Config:
    language = current_language()
    return {
        "displayModeBar": False,
        "responsive": True,
        "scrollZoom": False,
        "locale": language,
        "locales": {language: plotly_locale(language)},
    }


def chart_graph(component_id: str, figure: dict[str, Any]) -> dcc.Graph:
    """A chart's graph drawn at once, in the page's locale, as tall as its figure."""
    return dcc.Graph(
        id=component_id,
        figure=figure,
        config=graph_config(),
        className="chart-graph",
        style=graph_style(figure),
    )


def card_graph(figure: dict[str, Any], config: dcc.Graph.Config) -> dcc.Graph:
    """The graph inside a chart card's plot box (the box is the part that callbacks fill)."""
    return dcc.Graph(figure=figure, config=config, className="chart-graph", style=graph_style(figure))


EMPTY_FIGURE = {
    "data": [],
    "layout": {"height": 300, "xaxis": {"visible": False}, "yaxis": {"visible": False}, "dragmode": False},
}


def chart_summary(data: ChartData, title: str) -> str:
    """What a screen reader hears in place of the chart: the period, the newest value, the trend and
    when the signal value was last crossed (``dashapp.charts.description``)."""
    first, last = data.first_day, data.last_day
    if first is None or last is None:  # no data
        return _("No data available for this chart.")
    parts = [
        _(
            "Chart of %(title)s from %(start)s to %(end)s.",
            title=title.lower() if current_language() == "en" else title,
            start=format_date(first),
            end=format_date(last),
        )
    ]
    main = data.spec.main
    signal = next((line.value for line in data.spec.references if line.kind == SIGNAL), None)
    values = data.columns.get(main)
    facts = None
    if values is not None:
        days = [day.date() for day in data.index]
        facts = series_facts(days, values, window=2 if data.spec.weekly else 7, signal=signal)
    if facts is not None:
        parts.append(_facts_text(main, data.spec.weekly, facts))
    parts.append(_("The same numbers are in the table below the chart."))
    return " ".join(parts)


def _facts_text(indicator: str, weekly: bool, facts: SeriesFacts) -> str:
    latest = format_indicator(indicator, facts.latest)
    when = format_week(facts.latest_day) if weekly else format_date(facts.latest_day)
    parts = [_("The newest value is %(value)s (%(when)s).", value=latest, when=when)]
    trend = {
        UP: _("Over the last week it was rising.")
        if not weekly
        else _("Over the last two weeks it was rising."),
        DOWN: _("Over the last week it was falling.")
        if not weekly
        else _("Over the last two weeks it was falling."),
        SAME: _("Over the last week it stayed about the same.")
        if not weekly
        else _("Over the last two weeks it stayed about the same."),
    }.get(facts.trend or "")
    if trend:
        parts.append(trend)
    if facts.signal is not None:
        signal = format_number(facts.signal, 0)
        if facts.crossed_on is None:
            parts.append(
                _("It was above the signal value of %(signal)s throughout.", signal=signal)
                if facts.above
                else _("It stayed below the signal value of %(signal)s throughout.", signal=signal)
            )
        else:
            since = format_date(facts.crossed_on)
            parts.append(
                _(
                    "It has been above the signal value of %(signal)s since %(date)s.",
                    signal=signal,
                    date=since,
                )
                if facts.above
                else _(
                    "It has been below the signal value of %(signal)s since %(date)s.",
                    signal=signal,
                    date=since,
                )
            )
    return " ".join(parts)


def chart_status(data: ChartData) -> str | None:
    """A visible remark on the data of the chart: none at all, or days that are not yet complete."""
    if data.empty:
        return _("No data available for this chart.")
    if data.incomplete_from:
        return _("The shaded days at the end are not yet complete: numbers for them will still rise.")
    return None


def _chart_card(
    anchor: str,
    ids: dict[str, dict[str, object]],
    *,
    title: str,
    description: str | None,
    note: str | None,
    range_name: str,
    figure: dict[str, Any],
    summary: str,
    status: str | None,
    href: str,
    filename: str,
    picture: str,
    lazy: bool = False,
) -> html.Section:
    """A chart card. A ``lazy`` one arrives without its figure: ``assets/app.js`` marks it visible
    when it nears the screen, and a callback then draws it, so a long page does not draw twenty
    charts before the first one can be read."""
    extra: dict[str, Any] = {}  # data-* attributes, a wildcard property of Dash's html components
    if lazy:
        extra["data-lazy"] = json.dumps(ids["visible"], separators=(",", ":"), sort_keys=True)
    return html.Section(
        [
            dcc.Store(id=ids["visible"], data=not lazy),
            html.H3(title, id=f"{anchor}-title"),
            html.P(description, className="chart-description") if description else None,
            range_control(anchor, ids, range_name),
            html.P(summary, className="visually-hidden", id=ids["summary"]),
            # A waiting card holds an empty box of the chart's size, not a graph: Dash and plotly
            # build nothing for a chart until it comes into view (the callback then sends the graph).
            html.Div(
                None if lazy else card_graph(figure, graph_config()),
                id=ids["graph"],
                className="chart-plot",
                style=graph_style(figure),
                **picture_attributes(picture, title),
            ),
            html.P(note, className="chart-note") if note else None,
            html.P(status, id=ids["status"], className="chart-note"),
            html.Div(
                [
                    html.Button(
                        _("Show the numbers as a table"),
                        id=ids["toggle"],
                        className="btn btn-outline-primary btn-sm",
                        n_clicks=0,
                        **Aria({"aria-expanded": "false"}),
                    ),
                    html.A(
                        _("Download these numbers (CSV)"),
                        id=ids["csv"],
                        href=href,
                        className="btn btn-outline-primary btn-sm",
                        download=filename,
                    ),
                ],
                className="chart-actions",
            ),
            share_for_card(ids, range_name=range_name, title=title),
            html.Div(id=ids["table"], className="chart-table"),
        ],
        className="chart-card",
        id=anchor,
        **extra,
    )


def chart_card(
    data: ChartData,
    *,
    title: str | None = None,
    description: str | None = None,
    note: str | None = None,
) -> html.Section:
    """A chart with its numbers: time range, a table alternative and a CSV download of exactly its numbers."""
    heading = title or chart_title(data.spec.id)
    language = current_language()
    return _chart_card(
        f"chart-{data.spec.id}",
        chart_card_ids(CHART, chart_key(language, data.level, data.code, data.spec.id)),
        title=heading,
        description=description,
        note=note,
        range_name=data.range_name,
        figure=render.figure(data) if not data.empty else EMPTY_FIGURE,
        summary=chart_summary(data, heading),
        status=chart_status(data),
        href=download_href(language, data.level, data.code, data.spec.id, data.range_name),
        filename=f"{data.spec.id}-{data.code}-{data.range_name}.csv",
        picture=download_link(language, data.level, data.code, data.spec.id, data.range_name, "svg"),
    )


def _waiting_card(
    chart_id: str,
    ids: dict[str, dict[str, object]],
    href: str,
    filename: str,
    picture: str,
    **texts: str | None,
) -> html.Section:
    """A chart card without its figure, drawn by a callback once it comes into view."""
    return _chart_card(
        f"chart-{chart_id}",
        ids,
        title=chart_title(chart_id),
        description=texts.get("description"),
        note=texts.get("note"),
        range_name=ranges.DEFAULT_RANGE,
        figure=EMPTY_FIGURE,
        summary="",
        status=None,
        href=href,
        filename=filename,
        picture=picture,
        lazy=True,
    )


def lazy_chart_card(level: str, code: str, chart_id: str, **texts: str | None) -> html.Section:
    """A chart of a fixed area whose figure is drawn only when it comes into view."""
    language = current_language()
    ids = chart_card_ids(CHART, chart_key(language, level, code, chart_id))
    href = download_href(language, level, code, chart_id, ranges.DEFAULT_RANGE)
    picture = download_link(language, level, code, chart_id, ranges.DEFAULT_RANGE, "svg")
    filename = f"{chart_id}-{code}-{ranges.DEFAULT_RANGE}.csv"
    return _waiting_card(chart_id, ids, href, filename, picture, **texts)


def data_table(data: ChartData, caption: str) -> html.Div:
    return number_table(caption, render.table_header(data), render.table_rows(data), scroll=True)
