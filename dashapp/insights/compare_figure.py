"""The comparison's chart as a plotly figure dict: one line per area, each labelled at its end.

Colour is never the only thing that tells the lines apart: each line has its name at its end and in
the page's list of areas above the chart (its legend, which wraps on a phone: each area with a sample
of its line), and lines past the palette's seven colours are dashed. The
palette is Okabe and Ito's, safe for the common kinds of colour blindness (its yellow left out: too
light on white). Call inside ``use_language`` (number separators).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashapp.figures.charts import (
    DAY_MS,
    WEEK_MS,
    Figure,
    Reference,
    Trace,
    plain,
    time_series_figure,
    value_format,
)

PALETTE = ("#000000", "#E69F00", "#0072B2", "#009E73", "#D55E00", "#56B4E9", "#CC79A7")
DASHES = ("solid", "dash", "dot")
HEIGHT = 440
LABEL_CHARACTERS = 18
# The least distance between two end labels, as a share of the y axis (about 15 px of 440).
LABEL_GAP = 0.045


@dataclass(frozen=True)
class Line:
    name: str
    index: pd.DatetimeIndex
    values: np.ndarray


def rounded(values: np.ndarray, decimals: int) -> list[float | None]:
    """What ``figures.charts.values_of`` gives (a gap as ``None``, whole numbers without decimals),
    vectorised: a comparison draws up to ten lines of a thousand days."""
    numbers = np.round(values, decimals)
    if not np.isnan(numbers).any():
        return numbers.astype(int).tolist() if decimals == 0 else numbers.tolist()
    if decimals == 0:
        return [None if value != value else int(value) for value in numbers.tolist()]
    return [None if value != value else value for value in numbers.tolist()]


def style(position: int) -> tuple[str, str]:
    """Colour and dash of the ``position``-th line."""
    return PALETTE[position % len(PALETTE)], DASHES[(position // len(PALETTE)) % len(DASHES)]


def short(name: str) -> str:
    return name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1].rstrip() + "…"


def spread(values: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights near ``values`` but at least ``gap`` apart, inside [low, high], order kept."""
    if not values:
        return []
    order = sorted(range(len(values)), key=lambda position: values[position])
    placed = [min(max(values[position], low), high) for position in order]
    for position in range(1, len(placed)):
        placed[position] = max(placed[position], placed[position - 1] + gap)
    overflow = placed[-1] - high
    if overflow > 0:
        placed = [value - overflow for value in placed]
        for position in range(len(placed) - 2, -1, -1):
            placed[position] = min(placed[position], placed[position + 1] - gap)
    result = [0.0] * len(values)
    for rank, position in enumerate(order):
        result[position] = placed[rank]
    return result


def y_top(series: Sequence[np.ndarray], references: Sequence[Reference]) -> float:
    """The top of the y axis: room above the highest value and above every reference line."""
    highest = max((float(np.nanmax(values)) for values in series if np.isfinite(values).any()), default=0.0)
    for reference in references:
        highest = max(highest, reference.value * 1.15)
    return highest * 1.05 if highest > 0 else 1.0


def comparison_figure(
    lines: Sequence[Line],
    *,
    decimals: int,
    weekly: bool,
    references: Sequence[Reference] = (),
    percent: bool = False,
    y_title: str = "",
) -> Figure:
    traces: list[Trace] = []
    ends: list[tuple[pd.Timestamp, float, str, str]] = []
    suffix = "%" if percent else ""
    for position, line in enumerate(lines):
        if len(line.index) == 0:
            continue
        colour, dash = style(position)
        name = plain(line.name)
        # The unified hover names the day (or the week's Monday) once; each line gives its value.
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": name,
                "x0": line.index[0].strftime("%Y-%m-%d"),
                "dx": WEEK_MS if weekly else DAY_MS,
                "y": rounded(line.values, decimals),
                "hovertemplate": f"{name}: %{{y:{value_format(decimals)}}}{suffix}<extra></extra>",
                "line": {"color": colour, "width": 2, "dash": dash},
                "connectgaps": False,
            }
        )
        known = np.flatnonzero(~np.isnan(line.values))
        if known.size:
            last = int(known[-1])
            ends.append((line.index[last], float(line.values[last]), colour, short(name)))
    # The frame (reference lines, axes, fonts) is the site's; the lines are given afterwards, so that
    # the axis is worked out with numpy here rather than over ten thousand values in Python there.
    figure = time_series_figure([], references=references, percent=percent, y_title=y_title)
    figure["data"] = traces
    layout = figure["layout"]
    top = y_top([line.values for line in lines], references)
    layout["yaxis"]["range"] = [0, top]
    starts = [line.index[0] for line in lines if len(line.index)]
    stops = [line.index[-1] for line in lines if len(line.index)]
    long_span = bool(starts) and (max(stops) - min(starts)).days > 200
    layout["xaxis"]["tickformat"] = "%b %Y" if long_span else "%-d %b"
    heights = spread([value for _day, value, _colour, _name in ends], LABEL_GAP * top, 0.0, top)
    for (day, _value, colour, name), height in zip(ends, heights, strict=True):
        layout["annotations"].append(
            {
                "x": day.isoformat(),
                "y": height,
                "xanchor": "left",
                "yanchor": "middle",
                "xshift": 4,
                "text": name,
                "showarrow": False,
                "font": {"color": colour, "size": 11},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    longest = max((len(name) for *_rest, name in ends), default=0)
    layout["margin"] = {**layout["margin"], "r": min(12 + 7 * longest, 140)}
    layout["height"] = HEIGHT
    # The page's list of chosen areas, right above the chart, is the legend: each area with its line's
    # colour and dash, wrapping on a phone; plotly's own legend would take the chart's height there.
    layout["showlegend"] = False
    layout["hovermode"] = "x unified"
    return figure
