"""Cards for the charts that are not simple time series: age distribution and sewage per plant."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashapp import ids
from dashapp.api.links import chart_anchor, download_link, file_name
from dashapp.charts import categories, ranges
from dashapp.charts.data import chart_data
from dashapp.charts.specs import CHARTS
from dashapp.data.catalog import INDICATORS
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot
from dashapp.figures import charts as figures
from dashapp.i18n import current_language, format_date, format_number, format_percent, format_week
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label, unit_note
from dashapp.layouts.aria import Aria
from dashapp.layouts.blocks import number_table
from dashapp.layouts.chart_card import chart_graph
from dashapp.layouts.kpi import source_line
from dashapp.layouts.server_html import PictureAttributes, picture_attributes
from dashapp.layouts.share import share_controls


def _download(level: str, code: str, chart_id: str) -> html.A:
    """The card's CSV, in the long form of every chart's (``dashapp/api/chart_view.py``)."""
    range_name = ranges.DEFAULT_RANGE
    return html.A(
        _("Download these numbers (CSV)"),
        href=download_link(current_language(), level, code, chart_id, range_name, "csv"),
        download=file_name(chart_id, code, range_name, "csv"),
        className="btn btn-outline-primary btn-sm",
    )


def _picture(level: str, code: str, chart_id: str, title: str) -> PictureAttributes:
    """The server's picture of the chart, shown in its place until Dash has drawn it."""
    address = download_link(current_language(), level, code, chart_id, ranges.DEFAULT_RANGE, "svg")
    return picture_attributes(address, title)


def table_toggle(table: str) -> html.Div:
    """A button that builds the card's table of numbers when pressed (and hides it again): the table
    is not part of the page until someone asks for it."""
    return html.Div(
        [
            html.Button(
                _("Show the numbers as a table"),
                id=ids.numbers_part(ids.NUMBERS_TOGGLE, table),
                type="button",
                n_clicks=0,
                className="btn btn-outline-primary btn-sm",
                **Aria({"aria-expanded": "false"}),
            ),
            html.Div(id=ids.numbers_part(ids.NUMBERS_TABLE, table), className="chart-table"),
        ],
        className="chart-details",
    )


def _age_rows(snapshot: Snapshot) -> tuple[str, list[list[str]]] | None:
    distribution = categories.age_distribution(snapshot)
    if distribution is None:
        return None
    period = _(
        "%(total)s positive tests with a test or onset date from %(start)s to %(end)s.",
        total=format_number(distribution.total, 0),
        start=format_date(distribution.first_day),
        end=format_date(distribution.last_day),
    )
    rows = [
        [band, format_number(count, 0), format_percent(share, 1)]
        for band, count, share in zip(
            distribution.bands, distribution.counts, distribution.shares(), strict=True
        )
    ]
    return period, rows


def age_table(snapshot: Snapshot) -> html.Div | None:
    """The numbers of the age chart as a table."""
    made = _age_rows(snapshot)
    if made is None:
        return None
    period, rows = made
    return number_table(period, [_("Age group"), _("Positive tests"), _("Share")], rows)


def plant_table(snapshot: Snapshot, level: str, code: str) -> html.Div | None:
    """The newest measurement of each plant of an area as a table."""
    latest = categories.latest_per_plant(snapshot, level, code)
    if not latest:
        return None
    rows = [[item.name, format_number(item.value, 2), format_date(item.day)] for item in latest]
    title = _("Virus particles in sewage per plant")
    return number_table(title, [_("Plant"), _("Newest value"), _("Date")], rows)


def age_card(snapshot: Snapshot) -> html.Section:
    distribution = categories.age_distribution(snapshot)
    title = _("Positive tests by age group")
    if distribution is None:
        return html.Section(
            [html.H3(title), html.P(_("No data available for this chart."))],
            className="chart-card",
            id=chart_anchor("age_distribution"),
        )
    shares = distribution.shares()
    texts = [format_percent(share, 0) for share in shares]
    period = _(
        "%(total)s positive tests with a test or onset date from %(start)s to %(end)s.",
        total=format_number(distribution.total, 0),
        start=format_date(distribution.first_day),
        end=format_date(distribution.last_day),
    )
    figure = figures.category_bar_figure(
        distribution.bands, distribution.counts, texts, _("Positive tests"), decimals=0
    )
    return html.Section(
        [
            html.H3(title, id=chart_anchor("age_distribution") + "-title"),
            html.P(
                [period, " ", _("The most recent days are not yet complete.")], className="chart-description"
            ),
            html.Div(
                chart_graph("age-graph", figure), **_picture("nl", NATIONAL_CODE, "age_distribution", title)
            ),
            html.P([*source_line(distribution.source)], className="kpi-date"),
            html.Div([_download("nl", NATIONAL_CODE, "age_distribution")], className="chart-actions"),
            share_controls("nl", NATIONAL_CODE, "age_distribution", ranges.DEFAULT_RANGE, title),
            table_toggle("age"),
        ],
        className="chart-card",
        id=chart_anchor("age_distribution"),
    )


def plant_figures(
    snapshot: Snapshot, level: str, code: str, highlight: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The per-plant chart (points and the weekly average) and the newest value per plant as bars."""
    plants = snapshot.sewage_plants
    if plants is None:
        return None
    codes = plants.plants_of(level, code)
    if not codes:
        return None
    data = chart_data(snapshot, CHARTS[level]["sewer_average"], level, code, ranges.DEFAULT_RANGE)
    start = data.index[0] if not data.empty else None
    points = []
    for plant in codes:
        series = plants.series[plant]
        if start is not None:
            series = series[series.index >= start]
        points.append(
            (
                plants.names.get(plant, plant),
                [day.strftime("%Y-%m-%d") for day in series.index],
                series.tolist(),
            )
        )
    week_labels = [format_week(monday.date()) for monday in data.index]
    highlighted = plants.names.get(highlight, highlight) if highlight else None
    scatter = figures.scatter_with_line_figure(
        points,
        data.index,
        data.columns.get("sewer_average"),
        _("Weekly average of the area"),
        highlight=highlighted,
        decimals=INDICATORS["sewer_average"].decimals,
        y_title=unit_note(plants.unit),
        weekly_labels=week_labels,
    )
    latest = categories.latest_per_plant(snapshot, level, code)
    bars = figures.category_bar_figure(
        [item.name for item in latest],
        [item.value for item in latest],
        [format_number(item.value, 2) for item in latest],
        indicator_label("sewer_average"),
        horizontal=True,
        decimals=2,
        colours=["#d14900" if item.code == highlight else figures.BAR_COLOUR for item in latest],
    )
    return scatter, bars


def plant_picker(plants: list[tuple[str, str]], highlight: str | None) -> html.Div:
    """A toggle button per plant (``aria-pressed``): pressing one highlights it, pressing it again
    highlights none. Native buttons in a labelled group, usable by keyboard and screen reader."""
    return html.Div(
        [
            html.Span(_("Highlight a plant"), id="plant-picker-label", className="chart-range-legend"),
            html.Div(
                [
                    html.Button(
                        name,
                        id=ids.plant_pick(code),
                        type="button",
                        n_clicks=0,
                        className="range-pick",
                        **Aria({"aria-pressed": "true" if code == highlight else "false"}),
                    )
                    for code, name in plants
                ],
                role="group",
                className="plant-picks",
                **Aria({"aria-labelledby": "plant-picker-label"}),
            ),
            dcc.Store(id=ids.PLANT_HIGHLIGHT, data=highlight),
        ],
        className="chart-range-group",
    )


def sewage_plants_card(
    snapshot: Snapshot, level: str, code: str, highlight: str | None = None
) -> html.Section | None:
    """The area's weekly average as a line with every plant's measurements as points, a selector to
    highlight one plant, and the newest value per plant as bars."""
    made = plant_figures(snapshot, level, code, highlight)
    plants = snapshot.sewage_plants
    if made is None or plants is None:
        return None
    scatter, bars = made
    codes = plants.plants_of(level, code)
    title = _("Virus particles in sewage per plant")
    return html.Section(
        [
            html.H3(title, id=chart_anchor("sewer_plants") + "-title"),
            html.P(
                _(
                    "Grey points are single measurements of the plants; the line is the weekly average. "
                    "Measurements cannot be compared between plants."
                ),
                className="chart-description",
            ),
            plant_picker([(plant, plants.names.get(plant, plant)) for plant in codes], highlight),
            html.Div(chart_graph(ids.PLANT_GRAPH, scatter), **_picture(level, code, "sewer_plants", title)),
            html.H4(_("Newest measurement per plant")),
            chart_graph(ids.PLANT_BARS, bars),
            html.Div([_download(level, code, "sewer_plants")], className="chart-actions"),
            share_controls(level, code, "sewer_plants", ranges.DEFAULT_RANGE, title),
            table_toggle("sewer-plants"),
        ],
        className="chart-card",
        id=chart_anchor("sewer_plants"),
    )
