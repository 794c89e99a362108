"""The comparison of areas: the country, safety regions and municipalities side by side.

The URL's query string holds the selection (``dashapp.insights.selection``), so a comparison can
be shared and bookmarked; the callbacks (``dashapp.callbacks.compare``) change it. The chart, the
table below it, the table of the chart's numbers and the CSV and JSON downloads are all made from
one ``Comparison``. Call inside ``use_language``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta

import numpy as np
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashapp.charts.ranges import DEFAULT_RANGE, RANGES
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import LatestValue, Snapshot
from dashapp.figures.charts import Figure
from dashapp.figures.charts import Reference as ReferenceLine
from dashapp.i18n import (
    current_language,
    format_date,
    format_number,
    format_percent,
    format_signed,
    format_week,
)
from dashapp.i18n import gettext as _
from dashapp.insights.compare_figure import Line, comparison_figure, style
from dashapp.insights.compare_files import download_path
from dashapp.insights.comparison import Comparison, compare, signal_value
from dashapp.insights.selection import (
    DEFAULT_METRIC,
    MAX_AREAS,
    Selection,
    metrics_for,
    parse_selection,
)
from dashapp.insights.texts import area_href
from dashapp.labels import indicator_label, unit_note
from dashapp.layouts.aria import Aria
from dashapp.layouts.blocks import area_heading, number_table
from dashapp.layouts.chart_card import EMPTY_FIGURE, graph_config, graph_style, range_labels
from dashapp.layouts.formatting import format_indicator
from dashapp.layouts.risk import level_badge
from dashapp.layouts.search import (
    CHOOSE,
    MAX_QUERY,
    NOTHING,
    OPEN,
    Found,
    find_areas,
    search_options,
)
from dashapp.layouts.search import area_label as search_area_label
from dashapp.layouts.search import key as search_key
from dashapp.metrics.model import PERCENT, WEEKLY
from dashapp.metrics.registry import METRICS
from dashapp.routes import COMPARE, path_for

# Component ids of the page (the callbacks name them too).
PAGE = "compare-page"
SELECTION = "compare-selection"
SEARCH = "compare-search"
SEARCH_BUTTON = "compare-search-button"
SUGGESTIONS = "compare-suggestions"
STATUS = "compare-status"
CHOSEN = "compare-chosen"
METRIC_GROUP = "compare-metrics"
RANGE_GROUP = "compare-ranges"
RESULTS = "compare-results"
TABLE_TOGGLE = "compare-table-toggle"
SERIES_TABLE = "compare-series-table"
# Pattern-matching ids of buttons: {"type": PICK, "code": …} adds an area the search offered,
# {"type": REMOVE, "code": …} removes one, {"type": METRIC_PICK, "metric": …} and
# {"type": RANGE_PICK, "range": …} choose the figure and the time range.
PICK = "compare-pick"
REMOVE = "compare-remove"
METRIC_PICK = "compare-metric-pick"
RANGE_PICK = "compare-range-pick"
GUIDANCE_COLOUR = "#6b4e16"
# At most this many areas a search offers to choose from (as the site's search box does).
MAX_OFFERED = 12
# The snapshot's (level, metric) tables: which figures exist where.
Available = Iterable[tuple[str, str]]


def pick_id(code: str) -> dict[str, str]:
    return {"type": PICK, "code": code}


def remove_id(code: str) -> dict[str, str]:
    return {"type": REMOVE, "code": code}


def metric_id(metric: str) -> dict[str, str]:
    return {"type": METRIC_PICK, "metric": metric}


def range_id(range_name: str) -> dict[str, str]:
    return {"type": RANGE_PICK, "range": range_name}


def validation_components() -> list[Component]:
    """One of each component the compare callbacks name, for the app's validation layout."""
    return [
        dcc.Store(id=SELECTION),
        dcc.Input(id=SEARCH),
        html.Button(id=SEARCH_BUTTON),
        html.Div(id=STATUS),
        html.Button(id=pick_id(NATIONAL_CODE)),
        html.Ul(id=CHOSEN),
        html.Button(id=remove_id(NATIONAL_CODE)),
        html.Div(id=METRIC_GROUP),
        html.Button(id=metric_id(DEFAULT_METRIC)),
        html.Div(id=RANGE_GROUP),
        html.Button(id=range_id(DEFAULT_RANGE)),
        html.Section(id=RESULTS),
        html.Button(id=TABLE_TOGGLE),
        html.Div(id=SERIES_TABLE),
    ]


def selection_data(selection: Selection) -> dict[str, object]:
    return {"areas": list(selection.areas), "metric": selection.metric, "range": selection.range_name}


def selection_of(data: object, reference: Reference, available: Available) -> Selection:
    """The selection a page's store holds; anything malformed gives a valid selection."""
    if not isinstance(data, dict):
        return parse_selection("", reference, available)
    areas = data.get("areas")
    codes = ",".join(code for code in areas if isinstance(code, str)) if isinstance(areas, list) else ""
    values = {
        "areas": [codes],
        "metric": [str(data.get("metric") or "")],
        "range": [str(data.get("range") or "")],
    }
    return parse_selection(values, reference, available)


def area_label(reference: Reference, code: str) -> str:
    """ "Utrecht (municipality)": as the site's search suggests an area, and the country too."""
    if code == NATIONAL_CODE:
        return f"{_('The Netherlands')} ({_('country')})"
    return search_area_label(reference, code)


def short_name(reference: Reference, code: str) -> str:
    return _("The Netherlands") if code == NATIONAL_CODE else reference.name(code)


def national_names() -> set[str]:
    """What finds the country in the comparison's search, in either language."""
    names = {"nl", "nederland", "the netherlands", "netherlands", "holland"}
    return names | {search_key(_("The Netherlands")), search_key(area_label_of_country())}


def area_label_of_country() -> str:
    return f"{_('The Netherlands')} ({_('country')})"


def found_areas(reference: Reference, query: object) -> Found:
    """The areas a text typed into the comparison's search means: the site's search
    (``layouts.search.find_areas``: names, aliases, a level in brackets), and the country."""
    if not isinstance(query, str) or not query.strip():
        return Found(NOTHING)
    text = query.strip()[:MAX_QUERY]
    if search_key(text) in national_names():
        return Found(OPEN, (NATIONAL_CODE,))
    return find_areas(reference, text)


_SUGGESTIONS: dict[tuple[str, int], html.Datalist] = {}


def suggestions(reference: Reference) -> html.Datalist:
    """What the browser suggests while typing (the country, then the site's labels): 380 options,
    built once per language and reused by every page."""
    cache_key = (current_language(), id(reference))
    found = _SUGGESTIONS.get(cache_key)
    if found is None:
        labels = [area_label_of_country(), *(option["label"] for option in search_options(reference))]
        found = html.Datalist([html.Option(value=label) for label in labels], id=SUGGESTIONS)
        _SUGGESTIONS.clear()
        _SUGGESTIONS[cache_key] = found
    return found


def search_status(
    reference: Reference, query: str, found: Found, selection: Selection
) -> list[Component] | html.P:
    """What the search says when it does not add one area at once: the areas to choose from (each a
    button that adds it), or that nothing matches."""
    shown = query.strip()[:MAX_QUERY]
    if found.outcome == CHOOSE:
        buttons = [
            html.Li(
                html.Button(
                    _("Add %(area)s", area=area_label(reference, code)),
                    id=pick_id(code),
                    type="button",
                    n_clicks=0,
                    className="btn btn-outline-primary btn-sm",
                )
            )
            for code in found.codes[:MAX_OFFERED]
            if code not in selection.areas
        ]
        return [
            html.P(_("Areas that match “%(query)s”:", query=shown)),
            html.Ul(buttons, className="list-unstyled"),
        ]
    return html.P(_("No safety region or municipality matches “%(query)s”.", query=shown))


def _pick_buttons(items: Sequence[tuple[dict[str, str], str, bool]], label_id: str, wrap: bool) -> html.Div:
    """A group of toggle buttons (``aria-pressed``), named by the element ``label_id``."""
    return html.Div(
        [
            html.Button(
                text,
                id=component_id,
                type="button",
                n_clicks=0,
                className="range-pick",
                **Aria({"aria-pressed": "true" if pressed else "false"}),
            )
            for component_id, text, pressed in items
        ],
        role="group",
        className="range-picks",
        style={"flexWrap": "wrap"} if wrap else None,
        **Aria({"aria-labelledby": label_id}),
    )


def metric_buttons(selection: Selection, reference: Reference, available: Available) -> html.Div:
    """The figures that exist at every level chosen, as buttons; the one shown pressed."""
    items = [
        (metric_id(metric), indicator_label(metric), metric == selection.metric)
        for metric in metrics_for(selection.levels(reference), available)
    ]
    return _pick_buttons(items, "compare-metric-label", wrap=True)


def range_buttons(selection: Selection) -> html.Div:
    labels = range_labels()
    items = [(range_id(name), labels[name], name == selection.range_name) for name in RANGES]
    return _pick_buttons(items, "compare-range-label", wrap=False)


def chosen_list(selection: Selection, reference: Reference) -> list[html.Li]:
    """The chosen areas, each with its line's colour and dash, and a button that removes it."""
    items = []
    for position, code in enumerate(selection.areas):
        colour, dash = style(position)
        label = area_label(reference, code)
        items.append(
            html.Li(
                [
                    html.Span(
                        className="compare-swatch",
                        style={
                            "display": "inline-block",
                            "width": "1.6em",
                            "marginRight": "0.4em",
                            "verticalAlign": "middle",
                            "borderTop": f"3px {'solid' if dash == 'solid' else 'dashed'} {colour}",
                        },
                        **Aria({"aria-hidden": "true"}),
                    ),
                    html.Span(label),
                    " ",
                    html.Button(
                        "×",
                        id=remove_id(code),
                        n_clicks=0,
                        className="btn btn-outline-secondary btn-sm compare-remove",
                        title=_("Remove %(area)s", area=label),
                        **Aria({"aria-label": _("Remove %(area)s from the comparison", area=label)}),
                    ),
                ],
                className="compare-chosen-item",
                style={
                    "display": "inline-flex",
                    "alignItems": "center",
                    "gap": "0.2em",
                    "marginRight": "1em",
                },
            )
        )
    return items


def _references(comparison: Comparison, highest: float) -> list[ReferenceLine]:
    percent = comparison.metric.unit == PERCENT
    lines = []
    signal = signal_value(comparison)
    if signal is not None:
        shown = format_percent(signal, 0) if percent else format_number(signal, 0)
        lines.append(ReferenceLine(signal, _("Signal value: %(value)s", value=shown)))
    # Guidance thresholds the lines reach, and the next one up.
    for value in sorted(comparison.metric.guidance):
        shown = format_percent(value, 0) if percent else format_number(value, 0)
        lines.append(ReferenceLine(value, _("Risk-level guidance: %(value)s", value=shown), GUIDANCE_COLOUR))
        if value > highest:
            break
    return lines


def figure_of(comparison: Comparison, reference: Reference) -> Figure:
    if comparison.last_day is None:
        return EMPTY_FIGURE
    lines = [Line(short_name(reference, item.code), item.index, item.values) for item in comparison.series]
    highest = max((float(np.nanmax(s.values)) for s in comparison.series if not s.empty), default=0.0)
    return comparison_figure(
        lines,
        decimals=comparison.metric.decimals,
        weekly=comparison.weekly,
        references=_references(comparison, highest),
        percent=comparison.metric.unit == PERCENT,
        y_title=unit_note(METRICS[comparison.metric.id].unit) if comparison.metric.unit != PERCENT else "",
    )


def _when(indicator: str, latest: LatestValue) -> str:
    if METRICS[indicator].frequency == WEEKLY:
        return format_week(latest.value_of)
    return format_date(latest.value_of)


def _change(comparison: Comparison, change: float | None) -> str:
    if change is None:
        return "–"
    arrow = "▲ " if change > 0 else "▼ " if change < 0 else "= "
    text = format_signed(change, comparison.metric.decimals)
    return arrow + (text + "%" if comparison.metric.unit == PERCENT and text != "–" else text)


def summary_table(comparison: Comparison, reference: Reference) -> html.Div:
    """The table below the chart: one row per area."""
    language = current_language()
    metric = comparison.metric.id
    rows = []
    for row in comparison.rows:
        latest = row.latest
        band = row.band
        rows.append(
            html.Tr(
                [
                    html.Th(
                        dcc.Link(
                            area_label(reference, row.code), href=area_href(language, row.level, row.code)
                        ),
                        scope="row",
                    ),
                    html.Td(format_indicator(metric, latest.value if latest else None), className="number"),
                    html.Td(_when(metric, latest) if latest else "–"),
                    html.Td(_change(comparison, row.change), className="number"),
                    html.Td(
                        format_indicator(
                            "positive_tests_7d_per_100k", row.sum_7d.value if row.sum_7d else None
                        ),
                        className="number",
                    ),
                    html.Td(
                        [level_badge(int(band.value)), " ", format_week(band.value_of)]
                        if band is not None
                        else "–"
                    ),
                ]
            )
        )
    header = [
        _("Area"),
        _("Newest value"),
        _("Week") if comparison.weekly else _("Date"),
        _("Change from a week earlier"),
        _("Positive tests per 100,000 over 7 days"),
        _("Indicative risk band (regions)"),
    ]
    return html.Div(
        html.Table(
            [
                html.Caption(_("%(metric)s: the newest value of each area", metric=indicator_label(metric))),
                html.Thead(html.Tr([html.Th(text, scope="col") for text in header])),
                html.Tbody(rows),
            ],
            className="table table-sm table-striped compare-table",
        ),
        className="table-responsive",
        tabIndex="0",
    )


def series_table(comparison: Comparison, reference: Reference) -> html.Div:
    """The chart's numbers: one row per day (or week), newest first, one column per area."""
    metric = comparison.metric.id
    by_day: dict[pd.Timestamp, dict[str, float]] = {}
    for item in comparison.series:
        for day, value in zip(item.index, item.values.tolist(), strict=True):
            by_day.setdefault(day, {})[item.code] = value
    label = format_week if comparison.weekly else format_date
    codes = comparison.selection.areas
    rows = [
        [label(day.date()), *(format_indicator(metric, by_day[day].get(code)) for code in codes)]
        for day in sorted(by_day, reverse=True)
    ]
    header = [_("Week") if comparison.weekly else _("Date"), *(short_name(reference, code) for code in codes)]
    return number_table(_("The numbers of the chart"), header, rows, scroll=True)


def chart_summary(comparison: Comparison, reference: Reference) -> str:
    first, last = comparison.first_day, comparison.last_day
    if first is None or last is None:
        return _("No data available for this chart.")
    return _(
        "Chart of %(metric)s for %(areas)s, from %(start)s to %(end)s. The table below the chart gives "
        "each area's newest value; the button under the chart shows all its numbers as a table.",
        metric=indicator_label(comparison.metric.id),
        areas=", ".join(short_name(reference, code) for code in comparison.selection.areas),
        start=format_date(first),
        end=format_date(last + timedelta(days=6) if comparison.weekly else last),
    )


def results(snapshot: Snapshot, selection: Selection) -> list[Component]:
    """The chart, its actions and the table of a selection."""
    reference = snapshot.reference
    if not selection.areas:
        return [html.P(_("Add an area to start a comparison."), className="compare-empty")]
    comparison = compare(snapshot, selection)
    language = current_language()
    figure = figure_of(comparison, reference)
    signal = signal_value(comparison)
    notes = []
    if signal is not None:
        notes.append(
            html.P(
                _("The dashed red line is the signal value of this figure."),
                className="chart-note",
            )
        )
    return [
        html.H2(indicator_label(selection.metric), id="compare-chart-title"),
        html.P(chart_summary(comparison, reference), className="visually-hidden"),
        dcc.Graph(
            id="compare-graph",
            figure=figure,
            config=graph_config(),
            className="chart-graph",
            style=graph_style(figure),
        ),
        *notes,
        html.Div(
            [
                html.Button(
                    _("Show the numbers as a table"),
                    id=TABLE_TOGGLE,
                    n_clicks=0,
                    className="btn btn-outline-primary btn-sm",
                    **Aria({"aria-expanded": "false"}),
                ),
                html.A(
                    _("Download these numbers (CSV)"),
                    href=download_path(language, selection, "csv"),
                    className="btn btn-outline-primary btn-sm",
                    download=f"compare-{selection.metric}-{selection.range_name}.csv",
                ),
                html.A(
                    _("Download these numbers (JSON)"),
                    href=download_path(language, selection, "json"),
                    className="btn btn-outline-primary btn-sm",
                    download=f"compare-{selection.metric}-{selection.range_name}.json",
                ),
            ],
            className="chart-actions",
        ),
        html.Div(id=SERIES_TABLE, className="chart-table"),
        summary_table(comparison, reference),
        html.P(
            _(
                "The indicative band follows only from the thresholds of the guidance; the official "
                "level is decided by the minister and also weighs the wider situation."
            ),
            className="chart-note",
        ),
    ]


def layout(
    snapshot: Snapshot, reference: Reference, query: str | Mapping[str, Sequence[str]] | None = None
) -> html.Div:
    """The page for the selection in ``query`` (the country alone when it names no area)."""
    available = snapshot.tables
    selection = parse_selection(query, reference, available)
    if not selection.areas:
        selection = parse_selection({"areas": [NATIONAL_CODE]}, reference, available)
    return html.Div(
        [
            area_heading(
                _("Compare areas"),
                _(
                    "Put the country, safety regions and municipalities side by side: up to %(count)s areas.",
                    count=MAX_AREAS,
                ),
            ),
            dcc.Store(id=SELECTION, data=selection_data(selection)),
            html.Section(
                [
                    html.H2(_("Areas"), id="compare-areas-title"),
                    html.Label(_("Add an area"), htmlFor=SEARCH, className="form-label"),
                    html.Div(
                        [
                            dcc.Input(
                                id=SEARCH,
                                type="search",
                                list=SUGGESTIONS,
                                value="",
                                debounce=True,  # the text goes to the server with Enter, not every key
                                autoComplete="off",
                                spellCheck=False,
                                maxLength=MAX_QUERY,
                                placeholder=_("A name, for example Den Bosch, Friesland or Nederland"),
                                className="form-control",
                            ),
                            html.Button(
                                _("Add"), id=SEARCH_BUTTON, type="button", n_clicks=0, className="btn"
                            ),
                        ],
                        className="area-search-row",
                    ),
                    suggestions(reference),
                    html.Div(id=STATUS, role="status", className="area-search-results compare-status"),
                    html.P(_("Figure"), id="compare-metric-label", className="chart-range-legend"),
                    html.Div(metric_buttons(selection, reference, available), id=METRIC_GROUP),
                    html.P(_("Time range"), id="compare-range-label", className="chart-range-legend"),
                    html.Div(range_buttons(selection), id=RANGE_GROUP),
                ],
                className="compare-controls area-search",
                **Aria({"aria-labelledby": "compare-areas-title"}),
            ),
            # Right above the chart: the chosen areas are its legend (each with a sample of its line).
            html.P(_("Chosen areas, each with its line in the chart:"), id="compare-chosen-label"),
            html.Ul(
                chosen_list(selection, reference),
                id=CHOSEN,
                className="compare-chosen list-unstyled",
                **Aria({"aria-labelledby": "compare-chosen-label"}),
            ),
            html.Section(results(snapshot, selection), id=RESULTS, className="compare-results chart-card"),
        ],
        id=PAGE,
    )


def compare_href(language: str, areas: Sequence[str], metric: str = DEFAULT_METRIC) -> str:
    return path_for(language, COMPARE) + Selection(tuple(areas[:MAX_AREAS]), metric).query()


def _largest(reference: Reference, codes: Sequence[str], count: int) -> list[str]:
    """The ``count`` municipalities of ``codes`` with the most inhabitants, largest first."""
    return sorted(codes, key=lambda code: (-reference.municipalities[code].inhabitants, code))[:count]


def compare_with_links(reference: Reference, level: str, code: str) -> html.Nav | None:
    """ "Compare with…" links for an area page: a municipality with its region, with the other
    municipalities of its region (the largest, up to ten areas in all; the reference has no
    neighbours by border) and with the country; a region with its largest municipalities and with
    the country."""
    language = current_language()
    links: list[tuple[str, list[str]]] = []
    if level == "gm":
        region = reference.region_of(code)
        others = [member for member in reference.members(region) if member != code]
        links.append((_("with its safety region"), [code, region]))
        if others:
            links.append(
                (
                    _("with the other municipalities of its region"),
                    [code, *_largest(reference, others, MAX_AREAS - 1)],
                )
            )
        links.append((_("with the Netherlands"), [code, NATIONAL_CODE]))
    elif level == "vr":
        members = list(reference.members(code))
        if members:
            links.append((_("with its municipalities"), [code, *_largest(reference, members, MAX_AREAS - 1)]))
        links.append((_("with the Netherlands"), [code, NATIONAL_CODE]))
    else:
        return None
    return html.Nav(
        [
            html.H2(_("Compare"), className="compare-with-title", id="compare-with-title"),
            html.Ul([html.Li(dcc.Link(text, href=compare_href(language, areas))) for text, areas in links]),
        ],
        className="compare-with",
        **Aria({"aria-labelledby": "compare-with-title"}),
    )
