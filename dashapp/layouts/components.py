"""Building blocks shared by every tab: KPI tiles, the bar scale, chart cards, the metric menu.

Functions return Dash components holding plain strings in the page's language
(``dashapp.i18n.current_language``): call them inside ``use_language``.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from dash import dcc, html

from dashapp.charts import ranges, render
from dashapp.charts.data import ChartData
from dashapp.data.catalog import INDICATORS, WEEKLY
from dashapp.data.indicators.change import DOWN, UP, Change, change_between
from dashapp.data.snapshot import LatestValue, Snapshot
from dashapp.i18n import (
    current_language,
    format_date,
    format_number,
    format_percent,
    format_signed,
    format_week,
    plotly_locale,
)
from dashapp.i18n import gettext as _
from dashapp.ids import AREA_CHART, CHART, area_chart_key, chart_card_ids, chart_key
from dashapp.labels import chart_title, indicator_label, source_label, source_url, unit_note
from dashapp.layouts.aria import Aria
from dashapp.layouts.freshness_view import late_notice
from dashapp.metrics.files import MISSING_FILE, missing_files
from dashapp.metrics.model import PERCENT
from dashapp.metrics.registry import METRICS


def format_indicator(indicator: str, value: float | None) -> str:
    """A value as the metric's record says to show it: its decimals, as a percentage where it is one."""
    metric = INDICATORS[indicator]
    if metric.unit == PERCENT:
        return format_percent(value, metric.decimals)
    return format_number(value, metric.decimals)


def value_of_text(indicator: str, latest: LatestValue) -> str:
    if INDICATORS[indicator].frequency == WEEKLY:
        return _("Value of %(week)s", week=format_week(latest.value_of))
    return _("Value of %(date)s", date=format_date(latest.value_of))


def change_text(indicator: str, change: Change, weekly: bool) -> str:
    """The change in words and with an arrow, so that it never relies on colour."""
    difference = format_signed(change.difference, INDICATORS[indicator].decimals).lstrip("+−")
    previous = format_indicator(indicator, change.previous)
    if change.direction == UP:
        text = (
            _(
                "%(difference)s higher than the week before (%(previous)s)",
                difference=difference,
                previous=previous,
            )
            if weekly
            else _(
                "%(difference)s higher than a week earlier (%(previous)s)",
                difference=difference,
                previous=previous,
            )
        )
        return "▲ " + text
    if change.direction == DOWN:
        text = (
            _(
                "%(difference)s lower than the week before (%(previous)s)",
                difference=difference,
                previous=previous,
            )
            if weekly
            else _(
                "%(difference)s lower than a week earlier (%(previous)s)",
                difference=difference,
                previous=previous,
            )
        )
        return "▼ " + text
    return "= " + (_("the same as the week before") if weekly else _("the same as a week earlier"))


def _change(snapshot: Snapshot, level: str, code: str, indicator: str, latest: LatestValue):
    weekly = INDICATORS[indicator].frequency == WEEKLY
    earlier = latest.value_of - timedelta(days=7)
    change = change_between(latest.value, latest.week_earlier, earlier, INDICATORS[indicator].decimals)
    if change is None:
        return None
    direction = {UP: "change-up", DOWN: "change-down"}.get(change.direction, "change-same")
    return html.P(change_text(indicator, change, weekly), className=f"kpi-change {direction}")


def bar_scale(value: float, signal: float, maximum: float, decimals: int):
    """A horizontal scale from 0 with a marker at the value and a tick at the signal value.

    The scale ends at ``maximum``, or a little beyond the value when the value is higher. A sentence
    for screen readers says the same; the drawing itself is hidden from them.
    """
    end = max(maximum, value * 1.05)
    position = min(100.0, max(0.0, value / end * 100))
    signal_position = signal / end * 100
    shown, signal_shown = format_number(value, decimals), format_number(signal, 0)
    above = value > signal
    # Positions travel as CSS custom properties; the fill, the marker and the tick are drawn by CSS,
    # which keeps this to a few elements (a page has several of these).
    return html.Div(
        [
            html.Div(
                html.Span(
                    _("Signal value: %(value)s", value=signal_shown), className="bar-scale-signal-label"
                ),
                className="bar-scale",
                style={"--value": f"{position:.1f}%", "--signal": f"{signal_position:.1f}%"},
                **Aria({"aria-hidden": "true"}),
            ),
            html.P(
                _("%(value)s is above the signal value of %(signal)s.", value=shown, signal=signal_shown)
                if above
                else _(
                    "%(value)s is not above the signal value of %(signal)s.", value=shown, signal=signal_shown
                ),
                className="visually-hidden",
            ),
        ],
        className="bar-scale-block",
    )


def source_line(kind: str):
    url = source_url(kind)
    name = source_label(kind)
    return [_("Source:"), " ", html.A(name, href=url, rel="noopener") if url else name]


def _missing_text(snapshot: Snapshot, indicator: str, level: str) -> str:
    """Why a tile has no number: the file its figure comes from, when that file is missing."""
    metric = METRICS.get(indicator)
    present = {kind for kind, status in snapshot.sources.items() if status.obtained_on is not None}
    files = missing_files(metric, level, present) if metric is not None else ()
    return _(MISSING_FILE, files=", ".join(files)) if files else _("No data available")


def kpi_tile(
    indicator: str,
    snapshot: Snapshot,
    level: str,
    code: str,
    *,
    signal: float | None = None,
    scale_maximum: float | None = None,
    extra: list | None = None,
    note: str | None = None,
    tile_id: str | None = None,
    methodology: str | None = None,
):
    """A figure with its latest value, its change, "value of" and "obtained on" dates, and its source."""
    latest = snapshot.latest(level, code, indicator)
    title = indicator_label(indicator)
    body: list = []
    if latest is None:
        body.append(html.P(_missing_text(snapshot, indicator, level), className="kpi-missing"))
    else:
        unit = unit_note(latest.unit)
        body.append(
            html.P(
                [
                    format_indicator(indicator, latest.value),
                    html.Span(f" {unit}", className="kpi-unit") if unit else None,
                ],
                className="kpi-value",
            )
        )
        if signal is not None:
            body.append(
                bar_scale(
                    latest.value,
                    signal,
                    scale_maximum or signal * 1.5,
                    INDICATORS[indicator].decimals,
                )
            )
        body.append(_change(snapshot, level, code, indicator, latest))
        body += extra or []
        body.append(html.P(value_of_text(indicator, latest), className="kpi-date kpi-value-of"))
        body.append(
            html.P(
                [
                    _("Obtained on %(date)s", date=format_date(latest.obtained_on)),
                    " · ",
                    *source_line(latest.source),
                ],
                className="kpi-date kpi-obtained-on",
            )
        )
        body.append(late_notice(snapshot, latest.source))
    if note:
        body.append(html.P(note, className="kpi-note"))
    if methodology:
        body.append(
            html.P(html.A(_("How is this figure computed?"), href=methodology), className="kpi-method")
        )
    return html.Section(
        [html.H3(title, className="kpi-title"), *body],
        className="kpi-tile",
        id=tile_id or f"kpi-{indicator}",
    )


def download_href(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    return f"/download/{language}/{level}/{code}/{chart_id}.csv?range={range_name}"


def range_options() -> list[dict[str, str]]:
    labels = {
        "all": _("All"),
        "1y": _("1 year"),
        "6m": _("6 months"),
        "3m": _("3 months"),
        "30d": _("30 days"),
        "5w": _("5 weeks"),
    }
    return [{"label": labels[name], "value": name} for name in ranges.RANGES]


def graph_style(figure: dict) -> dict[str, str]:
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


EMPTY_FIGURE = {
    "data": [],
    "layout": {"height": 300, "xaxis": {"visible": False}, "yaxis": {"visible": False}, "dragmode": False},
}


def chart_summary(data: ChartData, title: str) -> str:
    """What a screen reader hears in place of the chart."""
    first, last = data.first_day, data.last_day
    if first is None or last is None:  # no data
        return _("No data available for this chart.")
    return _(
        "Chart of %(title)s from %(start)s to %(end)s. The same numbers are in the table below the chart.",
        title=title.lower() if current_language() == "en" else title,
        start=format_date(first),
        end=format_date(last),
    )


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
    figure: dict,
    summary: str,
    status: str | None,
    href: str,
    filename: str,
    lazy: bool = False,
):
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
            html.Fieldset(
                [
                    html.Legend(_("Time range"), className="chart-range-legend"),
                    dcc.RadioItems(
                        id=ids["range"],
                        options=range_options(),
                        value=range_name,
                        inline=True,
                        className="chart-range",
                    ),
                ],
                className="chart-range-group",
            ),
            html.P(summary, className="visually-hidden", id=ids["summary"]),
            dcc.Graph(
                id=ids["graph"],
                figure=figure,
                config=graph_config(),
                className="chart-graph",
                style=graph_style(figure),
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
):
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
    )


def _waiting_card(chart_id: str, ids, href: str, filename: str, **texts):
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
        lazy=True,
    )


def area_chart_card(level: str, chart_id: str, **texts):
    """A chart of the area tabs: its numbers are those of the area in the URL, fetched when it comes
    into view and again whenever the area changes."""
    ids = chart_card_ids(AREA_CHART, area_chart_key(level, chart_id))
    return _waiting_card(chart_id, ids, "", f"{chart_id}.csv", **texts)


def lazy_chart_card(level: str, code: str, chart_id: str, **texts):
    """A chart of a fixed area whose figure is drawn only when it comes into view."""
    language = current_language()
    ids = chart_card_ids(CHART, chart_key(language, level, code, chart_id))
    href = download_href(language, level, code, chart_id, ranges.DEFAULT_RANGE)
    return _waiting_card(chart_id, ids, href, f"{chart_id}-{code}-{ranges.DEFAULT_RANGE}.csv", **texts)


def number_table(caption: str, header: list[str], rows: list[list[str]], *, scroll: bool = False):
    """A table of numbers with a caption; the first cell of each row heads the row."""
    return html.Div(
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(cell, scope="col") for cell in header])),
                html.Tbody(
                    [
                        html.Tr([html.Th(row[0], scope="row"), *(html.Td(cell) for cell in row[1:])])
                        for row in rows
                    ]
                ),
            ],
            className="table table-sm table-striped",
        ),
        className="table-responsive chart-table-scroll" if scroll else "table-responsive",
        # Focusable so that a keyboard user can scroll a table wider or taller than its box.
        tabIndex="0",
    )


def data_table(data: ChartData, caption: str):
    return number_table(caption, render.table_header(data), render.table_rows(data), scroll=True)


def section(anchor: str, title: str, children: list, *, intro: str | None = None):
    """A page section with a heading that the metric menu links to."""
    return html.Section(
        [
            html.H2(title, id=f"{anchor}-title"),
            html.P(intro, className="section-intro") if intro else None,
            *children,
        ],
        id=anchor,
        className="dashboard-section",
        **Aria({"aria-labelledby": f"{anchor}-title"}),
    )


def metric_menu(entries: list[tuple[str, str, str]], label: str):
    """The list of every figure on the page with its latest value, linking to its section.

    ``entries`` are (anchor, title, latest value text).
    """
    return html.Nav(
        [
            html.H2(label, className="metric-menu-title"),
            html.Ul(
                [
                    html.Li(
                        html.A(
                            [
                                html.Span(title, className="metric-name"),
                                html.Span(value, className="metric-value"),
                            ],
                            href=f"#{anchor}",
                        )
                    )
                    for anchor, title, value in entries
                ],
                className="metric-menu-list",
            ),
        ],
        className="metric-menu",
        **Aria({"aria-label": label}),
    )


def area_heading(title: str, subtitle: str | None = None):
    return html.Div(
        [html.H1(title, id="area-title"), html.P(subtitle, className="lead") if subtitle else None]
    )


def dropdown_labels() -> dcc.Dropdown.Labels:
    """The texts Dash's Dropdown shows by itself, in the page's language."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No results found"),
    }
