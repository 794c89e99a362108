"""A chart's numbers as a small server-drawn SVG: bars, lines, the uncertainty band and reference lines,
with axes and a hover text per bar. For the embeddable charts and the PNG export, where plotly.js and
the Dash shell would be ten times the weight. Call inside ``use_language``.

Every text is escaped; the drawing uses presentation attributes only (no ``style`` attributes), so
the embed's Content-Security-Policy admits it without inline-style exceptions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from babel import dates as babel_dates
from markupsafe import escape

from dashapp.charts.data import ChartData
from dashapp.charts.render import column_label, visible_references
from dashapp.charts.specs import GUIDANCE
from dashapp.figures.charts import BAR_COLOUR, GRID_COLOUR, LINE_COLOUR, SIGNAL_COLOUR
from dashapp.i18n import BABEL_LOCALES, current_language, format_date, format_number, format_week
from dashapp.i18n import gettext as _

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28
SECOND_LINE_COLOUR = "#d14900"
GUIDANCE_COLOUR = "#6a3d9a"
BAND_FILL = "#154273"
# single measurements (the sewage plants): grey dots that the lines stand out against
POINT_COLOUR = "#767676"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


def nice_step(span: float, steps: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) that divides ``span`` into about ``steps`` parts."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / steps
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _axis_top(highest: float) -> tuple[float, float]:
    step = nice_step(highest if highest > 0 else 1.0)
    return step * max(1, math.ceil(highest / step)), step


def _decimals_of(step: float) -> int:
    """Enough decimals to tell the axis' steps apart: 0.5 -> 1, 0.25 -> 2, 20 -> 0."""
    decimals = 0
    while decimals < 4 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return decimals


def _tick_days(days: Sequence[date], count: int = 5) -> list[int]:
    if len(days) <= count:
        return list(range(len(days)))
    return sorted({round(i * (len(days) - 1) / (count - 1)) for i in range(count)})


def _short_date(day: date, span_days: int) -> str:
    pattern = "MMM yyyy" if span_days > 200 else "d MMM"
    return babel_dates.format_date(day, pattern, locale=BABEL_LOCALES[current_language()])


def _value_text(data: ChartData, column: str, value: float) -> str:
    text = format_number(value, data.decimals.get(column, 0))
    return text + "%" if data.spec.percent and column != data.average_column else text


def _date_text(data: ChartData, day: date) -> str:
    return format_week(day) if data.spec.weekly else format_date(day)


@dataclass(frozen=True)
class _Axis:
    """The value axis: from ``bottom`` to ``top`` in round ``step``s."""

    bottom: float
    top: float
    step: float

    def y(self, value: float) -> float:
        plot_h = HEIGHT - TOP - BOTTOM
        return TOP + plot_h * (1 - (value - self.bottom) / ((self.top - self.bottom) or 1.0))


def _axis(lowest: float, highest: float) -> _Axis:
    top, step = _axis_top(highest)
    bottom = min(0.0, math.floor(lowest / step) * step) if lowest < 0 else 0.0
    return _Axis(bottom, top, step)


def _opening(title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" font-family="{FONT}" font-size="11" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
    ]


def _grid(axis: _Axis, suffix: str) -> list[str]:
    """The horizontal grid lines with their values at the left."""
    parts = []
    tick = axis.bottom
    while tick <= axis.top + axis.step / 2:
        at = f"{axis.y(tick):.1f}"
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{at}" y2="{at}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{LEFT - 6}" y="{axis.y(tick) + 4:.1f}" text-anchor="end" fill="#444">'
            f"{escape(format_number(tick, _decimals_of(axis.step)))}{suffix}</text>"
        )
        tick += axis.step
    return parts


def _bar(x_centre: float, width: float, axis: _Axis, value: float, colour: str, hover: str) -> str:
    zero = axis.y(0.0)
    return (
        f'<rect x="{x_centre - width / 2:.2f}" y="{min(axis.y(value), zero):.1f}" width="{width:.2f}" '
        f'height="{abs(zero - axis.y(value)):.1f}" fill="{colour}"><title>{escape(hover)}</title></rect>'
    )


def _closing(axis: _Axis) -> list[str]:
    zero = f"{axis.y(0.0):.1f}"
    return [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero}" y2="{zero}" stroke="#888"/>', "</svg>"]


def chart_svg(
    data: ChartData, title: str, description: str, points: Sequence[tuple[date, float]] = ()
) -> str:
    """The chart as an ``<svg>`` element (empty axes when there are no numbers). ``points`` are single
    measurements drawn as dots behind the chart's own lines, at their own dates."""
    days = [moment.date() for moment in data.index]
    columns = {name: np.asarray(values, dtype=float) for name, values in data.columns.items()}
    finite = [values[np.isfinite(values)] for values in columns.values()]
    finite.append(np.asarray([value for _day, value in points if math.isfinite(value)], dtype=float))
    highest = max((float(values.max()) for values in finite if values.size), default=0.0)
    lowest = min((float(values.min()) for values in finite if values.size), default=0.0)
    references = visible_references(data) if days else []
    axis = _axis(lowest, max([highest, *(line.value for line in references)]))
    y = axis.y
    plot_w = WIDTH - LEFT - RIGHT
    days_per_slot = 7 if data.spec.weekly else 1
    # measurements after the chart's last day widen it, so that each is drawn
    last_point = max((day for day, _value in points), default=None) if days else None
    beyond = 0 if last_point is None else math.ceil(((last_point - days[0]).days + 1) / days_per_slot)
    count = max(len(days), beyond, 1)
    slot = plot_w / count

    def x(i: int) -> float:
        return LEFT + slot * (i + 0.5)

    parts = _opening(title, description)
    parts += _grid(axis, "%" if data.spec.percent else "")
    span = (days[-1] - days[0]).days if days else 0
    ticks = _tick_days(days)
    for i in ticks:
        # the outer labels lean inwards, so that none is cut off at the picture's edge
        anchor = (
            "start"
            if i == ticks[0] and len(ticks) > 1
            else "end"
            if i == ticks[-1] and len(ticks) > 1
            else "middle"
        )
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" fill="#444">'
            f"{escape(_short_date(days[i], span))}</text>"
        )
    if days:
        for day, value in points:
            # a day's place within its slot: a week's slot runs from its Monday to its Sunday
            at = LEFT + slot * ((day - days[0]).days + 0.5) / days_per_slot
            if math.isfinite(value) and LEFT <= at <= WIDTH - RIGHT:
                parts.append(f'<circle cx="{at:.1f}" cy="{y(value):.1f}" r="2" fill="{POINT_COLOUR}"/>')
    if data.spec.band and all(column in columns for column in data.spec.band):
        low, high = (columns[column] for column in data.spec.band)
        keep = [i for i in range(len(days)) if math.isfinite(low[i]) and math.isfinite(high[i])]
        if keep:
            upper = " ".join(f"{x(i):.1f},{y(high[i]):.1f}" for i in keep)
            lower = " ".join(f"{x(i):.1f},{y(low[i]):.1f}" for i in reversed(keep))
            parts.append(f'<polygon points="{upper} {lower}" fill="{BAND_FILL}" fill-opacity="0.18"/>')
    bars = data.spec.bars
    if bars and bars in columns:
        width = max(slot * 0.8, 0.5)
        for i, value in enumerate(columns[bars]):
            if math.isfinite(value):
                hover = f"{_date_text(data, days[i])}: {_value_text(data, bars, value)}"
                parts.append(_bar(x(i), width, axis, value, BAR_COLOUR, hover))
    lines = [column for column in (data.average_column, data.spec.line, data.spec.extra_line) if column]
    colours = (LINE_COLOUR, SECOND_LINE_COLOUR)
    drawn = [column for column in lines if column in columns]
    for position, column in enumerate(drawn):
        values = columns[column]
        runs: list[list[str]] = [[]]
        for i, value in enumerate(values):
            if math.isfinite(value):
                runs[-1].append(f"{x(i):.1f},{y(value):.1f}")
            elif runs[-1]:
                runs.append([])
        colour = colours[min(position, 1)]
        for run in runs:
            if len(run) == 1:
                cx, cy = run[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colour}"/>')
            elif run:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
    for line in references:
        colour = GUIDANCE_COLOUR if line.kind == GUIDANCE else SIGNAL_COLOUR
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(line.value):.1f}" y2="{y(line.value):.1f}" '
            f'stroke="{colour}" stroke-dasharray="5 4"/>'
        )
    return "".join(parts + _closing(axis))


def category_svg(
    labels: Sequence[str], values: Sequence[float], hovers: Sequence[str], title: str, description: str
) -> str:
    """Bars by category (the age groups), each labelled below and with its ``hovers`` text."""
    axis = _axis(min([0.0, *values]), max([0.0, *values]))
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    parts = _opening(title, description) + _grid(axis, "")
    for i, (label, value, hover) in enumerate(zip(labels, values, hovers, strict=True)):
        centre = LEFT + slot * (i + 0.5)
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - 8}" text-anchor="middle" fill="#444">{escape(label)}</text>'
        )
        if math.isfinite(value):
            parts.append(_bar(centre, slot * 0.7, axis, value, BAR_COLOUR, hover))
    return "".join(parts + _closing(axis))


def legend_entries(data: ChartData) -> list[tuple[str, str, str]]:
    """(kind, colour, label) of what the chart draws, for a legend beside it."""
    entries = []
    if data.spec.bars and data.spec.bars in data.columns:
        entries.append(("bar", BAR_COLOUR, column_label(data, data.spec.bars)))
    lines = [column for column in (data.average_column, data.spec.line, data.spec.extra_line) if column]
    colours = (LINE_COLOUR, SECOND_LINE_COLOUR)
    for position, column in enumerate(column for column in lines if column in data.columns):
        entries.append(("line", colours[min(position, 1)], column_label(data, column)))
    for line in visible_references(data) if not data.empty else []:
        shown = format_number(line.value, 0) + ("%" if data.spec.percent else "")
        if line.kind == GUIDANCE:
            entries.append(("reference", GUIDANCE_COLOUR, _("Risk-level guidance: %(value)s", value=shown)))
        else:
            entries.append(("reference", SIGNAL_COLOUR, _("Signal value: %(value)s", value=shown)))
    return entries
