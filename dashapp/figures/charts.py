"""Plotly figures as plain dicts (no ``go.Figure``: building and validating those costs milliseconds).

Every function here takes the numbers already selected for the chart and returns a figure dict.
Texts are translated by the caller; number separators follow the page's language, so call inside
``use_language``.

Daily and weekly series are sent as ``x0`` + ``dx`` with a list of values, not a list of dates:
half the bytes, and a missing day stays a gap (``None``) at its own place.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd

from dashapp.i18n import plotly_separators

DAY_MS = 86_400_000
WEEK_MS = 7 * DAY_MS
BAR_COLOUR = "#8fb8de"
LINE_COLOUR = "#154273"
BAND_COLOUR = "rgba(21, 66, 115, 0.18)"
SIGNAL_COLOUR = "#b3261e"
INCOMPLETE_FILL = "rgba(90, 90, 90, 0.12)"
GRID_COLOUR = "#e3e6ea"
# Plotly's JSON as plain dicts: a trace, and a whole figure ({"data": [traces], "layout": {...}}).
Trace = dict[str, Any]
Figure = dict[str, Any]
# A series' numbers, one per day or week (NaN: missing).
Numbers = pd.Series | np.ndarray
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13, "color": "#1b1b1b"}


@dataclass(frozen=True)
class Reference:
    """A horizontal reference line: a signal value or a guidance threshold, with its label."""

    value: float
    label: str
    colour: str = SIGNAL_COLOUR


def plain(text: str) -> str:
    """Text for a figure, shown as written: plotly reads a few HTML tags in names, labels and hover
    texts (links among them), so a name that comes from a data file must not be able to add any."""
    return html.escape(text, quote=False)


# A legend entry is one line of text that plotly never wraps: on a 320-390 px phone a name longer than
# about this many characters ran off the chart ("...per 100.000 inwone"), so longer names are broken.
LEGEND_LINE_CHARACTERS = 30


def legend_name(name: str) -> str:
    """``name`` as a legend entry: broken into lines of at most LEGEND_LINE_CHARACTERS at spaces.

    Only the legend shows a trace's name: every hover text is our own template, written with the
    name on one line."""
    lines = textwrap.wrap(name, LEGEND_LINE_CHARACTERS, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else name


def values_of(series: Numbers, decimals: int) -> list[float | None]:
    """JSON-ready values: NaN becomes ``None`` (a gap); whole numbers are sent without decimals."""
    result: list[float | None] = []
    for value in series.tolist():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            result.append(None)
        elif decimals == 0:
            result.append(round(value))
        else:
            result.append(round(float(value), decimals))
    return result


def _x0(index: pd.DatetimeIndex) -> str:
    return index[0].strftime("%Y-%m-%d")


def value_format(decimals: int) -> str:
    """d3 number format with thousands separators (the locale's symbols come from ``separators``)."""
    return f",.{decimals}f"


def _hover(name: str, decimals: int, weekly: bool, unit_suffix: str) -> str:
    when = "%{customdata}" if weekly else "%{x|%-d %B %Y}"
    return f"{when}<br>{name}: %{{y:{value_format(decimals)}}}{unit_suffix}<extra></extra>"


class OverTime(TypedDict, total=False):
    """What a bar or a line over days or weeks may be told besides its numbers (each optional):
    ``weekly`` (one value a week, hovered with its ``week_labels`` entry), a ``unit_suffix`` after the
    hovered number, its ``colour``."""

    weekly: bool
    week_labels: Sequence[str] | None
    unit_suffix: str
    colour: str


class LineOverTime(OverTime, total=False):
    markers: bool  # a dot on each value (weekly lines, whose points are a week apart)


def _over_time(
    index: pd.DatetimeIndex, series: Numbers, name: str, decimals: int, options: OverTime
) -> Trace:
    """What a bar or line trace of days or weeks has in common: where it starts, its step, its values."""
    weekly = options.get("weekly", False)
    week_labels = options.get("week_labels")
    trace: Trace = {
        "name": legend_name(name),
        "x0": _x0(index),
        "dx": WEEK_MS if weekly else DAY_MS,
        "y": values_of(series, decimals),
        "hovertemplate": _hover(name, decimals, weekly, options.get("unit_suffix", "")),
    }
    if weekly and week_labels is not None:
        trace["customdata"] = list(week_labels)
    return trace


def bar_trace(
    index: pd.DatetimeIndex, series: Numbers, name: str, decimals: int, **options: Unpack[OverTime]
) -> Trace:
    trace = _over_time(index, series, name, decimals, options)
    return {"type": "bar", **trace, "marker": {"color": options.get("colour", BAR_COLOUR)}}


def line_trace(
    index: pd.DatetimeIndex, series: Numbers, name: str, decimals: int, **options: Unpack[LineOverTime]
) -> Trace:
    trace = _over_time(index, series, name, decimals, options)
    return {
        "type": "scatter",
        "mode": "lines+markers" if options.get("markers", False) else "lines",
        **trace,
        "line": {"color": options.get("colour", LINE_COLOUR), "width": 2.5},
        "connectgaps": False,
    }


def band_traces(
    index: pd.DatetimeIndex,
    low: Numbers,
    high: Numbers,
    name: str,
    decimals: int,
) -> list[Trace]:
    """An uncertainty band: the lower bound (invisible) then the upper bound filled down to it."""
    common = {"type": "scatter", "mode": "lines", "x0": _x0(index), "dx": DAY_MS, "connectgaps": False}
    hover = f"%{{x|%-d %B %Y}}<br>{name}: %{{y:{value_format(decimals)}}}<extra></extra>"
    return [
        {
            **common,
            "name": name,
            "y": values_of(low, decimals),
            "line": {"width": 0, "color": BAND_COLOUR},
            "showlegend": False,
            "hovertemplate": hover,
        },
        {
            **common,
            "name": legend_name(name),
            "y": values_of(high, decimals),
            "line": {"width": 0, "color": BAND_COLOUR},
            "fill": "tonexty",
            "fillcolor": BAND_COLOUR,
            "hovertemplate": hover,
        },
    ]


def _date_ticks(traces: Sequence[Trace]) -> str:
    """Day and month over short spans, month and year over long ones (day before month, as in Dutch)."""
    points = max(
        (len(trace.get("y", [])) * trace.get("dx", DAY_MS) for trace in traces if "x0" in trace), default=0
    )
    return "%b %Y" if points > 200 * DAY_MS else "%-d %b"


def _y_maximum(traces: Sequence[Trace], references: Sequence[Reference]) -> float:
    highest = max(
        (value for trace in traces for value in trace["y"] if value is not None),
        default=0.0,
    )
    for reference in references:
        # Keep every reference line inside the chart with some room above it.
        highest = max(highest, reference.value * 1.15)
    return highest * 1.05 if highest > 0 else 1.0


def time_series_figure(
    traces: Sequence[Trace],
    *,
    references: Sequence[Reference] = (),
    incomplete_from: date | None = None,
    incomplete_label: str = "",
    last_day: date | None = None,
    y_title: str = "",
    percent: bool = False,
) -> Figure:
    """A chart of daily or weekly values over time, with reference lines and an "incomplete" span."""
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for reference in references:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": reference.value,
                "y1": reference.value,
                "line": {"color": reference.colour, "width": 2, "dash": "dash"},
            }
        )
        annotations.append(
            {
                "xref": "paper",
                "x": 0,
                "xanchor": "left",
                "y": reference.value,
                "yanchor": "bottom",
                "text": reference.label,
                "showarrow": False,
                "font": {"color": reference.colour, "size": 12},
                "bgcolor": "rgba(255,255,255,0.8)",
            }
        )
    if incomplete_from is not None and last_day is not None:
        start = pd.Timestamp(incomplete_from) - pd.Timedelta(hours=12)
        end = pd.Timestamp(last_day) + pd.Timedelta(hours=12)
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": start.isoformat(),
                "x1": end.isoformat(),
                "y0": 0,
                "y1": 1,
                "fillcolor": INCOMPLETE_FILL,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": end.isoformat(),
                "xanchor": "right",
                "y": 1,
                "yanchor": "top",
                "text": incomplete_label,
                "showarrow": False,
                "font": {"size": 11, "color": "#4a4a4a"},
            }
        )
    layout = {
        "separators": plotly_separators(),
        "font": FONT,
        "margin": {"l": 56, "r": 12, "t": 12, "b": 40},
        "height": 300,
        "showlegend": len(traces) > 1,
        "legend": {"orientation": "h", "x": 0, "y": -0.15},
        "hovermode": "x unified" if len(traces) > 1 else "closest",
        "bargap": 0.15,
        "dragmode": False,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "xaxis": {
            "type": "date",
            "showgrid": False,
            "fixedrange": True,
            "linecolor": "#6b6b6b",
            "tickformat": _date_ticks(traces),
        },
        "yaxis": {
            "title": {"text": y_title},
            "automargin": True,  # room for long tick labels and the title, whatever the numbers
            "rangemode": "tozero",
            "range": [0, _y_maximum(traces, references)],
            "fixedrange": True,
            "gridcolor": GRID_COLOUR,
            # At most two decimals, and none where they would be zeros: 0,5 and 10.000 rather than 10.000,00.
            "tickformat": ",.2~f",
            "ticksuffix": "%" if percent else "",
            "zeroline": True,
            "zerolinecolor": "#6b6b6b",
        },
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": list(traces), "layout": layout}


def category_bar_figure(
    labels: Sequence[str],
    values: Sequence[float | None],
    texts: Sequence[str],
    name: str,
    *,
    horizontal: bool = False,
    decimals: int = 0,
    colours: Sequence[str] | None = None,
    x_title: str = "",
) -> Figure:
    """Bars for categories (age bands, sewage plants), each labelled with a text such as its share."""
    number = value_format(decimals)
    labels = [plain(label) for label in labels]
    name = plain(name)
    trace = {
        "type": "bar",
        "name": name,
        "text": list(texts),
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": list(colours) if colours else BAR_COLOUR},
        "hovertemplate": (
            f"%{{{'y' if horizontal else 'x'}}}<br>{name}: %{{{'x' if horizontal else 'y'}:{number}}}"
            "<extra></extra>"
        ),
    }
    if horizontal:
        trace.update({"orientation": "h", "y": list(labels), "x": list(values)})
    else:
        trace.update({"x": list(labels), "y": list(values)})
    # The value axis makes room for its own tick labels (automargin): a fixed 12 px margin cut
    # "1.000" down to "00".
    value_axis = {
        "fixedrange": True,
        "gridcolor": GRID_COLOUR,
        "tickformat": number,
        "rangemode": "tozero",
        "automargin": True,
    }
    category_axis = {"fixedrange": True, "type": "category"}
    layout = {
        "separators": plotly_separators(),
        "font": FONT,
        "margin": {"l": 48 if not horizontal else 150, "r": 40, "t": 24, "b": 48},
        "height": max(300, 26 * len(labels) + 60) if horizontal else 320,
        "showlegend": False,
        "dragmode": False,
        "plot_bgcolor": "#ffffff",
        "paper_bgcolor": "#ffffff",
        "xaxis": ({**value_axis, "title": {"text": x_title}} if horizontal else category_axis),
        "yaxis": (
            {**category_axis, "autorange": "reversed", "automargin": True} if horizontal else value_axis
        ),
    }
    return {"data": [trace], "layout": layout}


def scatter_with_line_figure(
    points: Sequence[tuple[str, Sequence[str], Sequence[float]]],
    line_index: pd.DatetimeIndex,
    line_values: Numbers | None,
    line_name: str,
    *,
    highlight: str | None = None,
    decimals: int = 2,
    y_title: str = "",
    weekly_labels: Sequence[str] | None = None,
) -> Figure:
    """Measurements of several sources as grey points (one highlighted), with their average as a line.

    ``points`` holds (name, ISO dates, values) per source.
    """
    number = value_format(decimals)
    traces: list[Trace] = []
    for raw_name, dates, values in points:
        selected = raw_name == highlight
        name = plain(raw_name)
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": legend_name(name),
                "x": list(dates),
                "y": list(values),
                "marker": {
                    "color": "#d14900" if selected else "rgba(110, 110, 110, 0.45)",
                    "size": 9 if selected else 6,
                    "symbol": "diamond" if selected else "circle",
                },
                "showlegend": selected,
                "hovertemplate": f"%{{x|%-d %B %Y}}<br>{name}: %{{y:{number}}}<extra></extra>",
            }
        )
    if len(line_index) and line_values is not None:
        average = line_trace(
            line_index, line_values, line_name, decimals, weekly=True, week_labels=weekly_labels
        )
        average["mode"] = "lines+markers"
        traces.append(average)
    figure = time_series_figure(traces, y_title=y_title)
    figure["layout"]["showlegend"] = True
    figure["layout"]["hovermode"] = "closest"
    return figure
