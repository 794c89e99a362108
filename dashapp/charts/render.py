"""A chart's numbers as a figure, as table rows and as a CSV file. Call inside ``use_language``."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import numpy as np
import pandas as pd

from dashapp.charts.data import ChartData
from dashapp.charts.specs import GUIDANCE, ReferenceLine
from dashapp.export import format_value
from dashapp.figures import charts as figures
from dashapp.i18n import format_date, format_number, format_percent, format_week
from dashapp.i18n import gettext as _
from dashapp.labels import average_label, indicator_label, unit_note

GUIDANCE_COLOUR = "#6a3d9a"


def column_label(data: ChartData, column: str) -> str:
    return average_label() if column == data.average_column else indicator_label(column)


def _display_index(data: ChartData) -> pd.DatetimeIndex:
    index = data.index
    return index + pd.Timedelta(days=6) if data.spec.week_on_sunday else index


def _week_labels(data: ChartData) -> list[str] | None:
    if not data.spec.weekly:
        return None
    return [format_week(monday.date()) for monday in data.index]


def _reference_label(value: float, kind: str, percent: bool) -> str:
    shown = format_percent(value, 0) if percent else format_number(value, 0)
    if kind == GUIDANCE:
        return _("Risk-level guidance: %(value)s", value=shown)
    return _("Signal value: %(value)s", value=shown)


def visible_references(data: ChartData) -> list[ReferenceLine]:
    """Signal values always; of the guidance thresholds those the data reach and the next one up,
    so that low values are not squeezed to the bottom by a threshold far above them."""
    highest = max((float(np.nanmax(v)) for v in data.columns.values() if np.isfinite(v).any()), default=0.0)
    shown, next_up = [], None
    for line in sorted(data.spec.references, key=lambda line: line.value):
        if line.kind != GUIDANCE or line.value <= highest:
            shown.append(line)
        elif next_up is None:
            next_up = line
            shown.append(line)
    return shown


def figure(data: ChartData) -> figures.Figure:
    spec = data.spec
    index = _display_index(data)
    weeks = _week_labels(data)
    suffix = "%" if spec.percent else ""
    traces: list[figures.Trace] = []
    if spec.band:
        low, high = spec.band
        if low in data.columns and high in data.columns:
            traces += figures.band_traces(
                index, data.columns[low], data.columns[high], _("Uncertainty margin"), data.decimals[low]
            )
    if spec.bars and spec.bars in data.columns:
        traces.append(
            figures.bar_trace(
                index,
                data.columns[spec.bars],
                indicator_label(spec.bars),
                data.decimals[spec.bars],
                weekly=spec.weekly,
                week_labels=weeks,
                unit_suffix=suffix,
            )
        )
    lines = [column for column in (data.average_column, spec.line, spec.extra_line) if column]
    colours = (figures.LINE_COLOUR, "#d14900")
    for position, column in enumerate(column for column in lines if column in data.columns):
        traces.append(
            figures.line_trace(
                index,
                data.columns[column],
                column_label(data, column),
                data.decimals[column],
                weekly=spec.weekly,
                week_labels=weeks,
                unit_suffix=suffix,
                colour=colours[min(position, 1)],
                markers=spec.weekly,
            )
        )
    references = [
        figures.Reference(
            line.value,
            _reference_label(line.value, line.kind, spec.percent),
            figures.SIGNAL_COLOUR if line.kind != GUIDANCE else GUIDANCE_COLOUR,
        )
        for line in visible_references(data)
    ]
    return figures.time_series_figure(
        traces,
        references=references,
        incomplete_from=data.incomplete_from,
        incomplete_label=_("Not yet complete"),
        last_day=data.last_day,
        percent=spec.percent,
        y_title=unit_note(data.unit),
    )


def _date_text(data: ChartData, day: pd.Timestamp) -> str:
    if data.spec.weekly:
        return format_week(day.date())
    return format_date(day.date())


def _cell(data: ChartData, column: str, value: float) -> str:
    if pd.isna(value):
        return "–"
    if data.spec.percent and column != data.average_column:
        return format_percent(value, data.decimals[column])
    return format_number(value, data.decimals[column])


def table_header(data: ChartData) -> list[str]:
    first = _("Week") if data.spec.weekly else _("Date")
    return [first, *(column_label(data, column) for column in data.columns)]


def table_rows(data: ChartData) -> list[list[str]]:
    """Newest first, formatted for the language: what a screen reader or a reader of numbers wants."""
    rows = []
    for day, values in zip(data.frame.index[::-1], data.frame.to_numpy()[::-1], strict=True):
        cells = [_cell(data, column, value) for column, value in zip(data.frame.columns, values, strict=True)]
        rows.append([_date_text(data, day), *cells])
    return rows


def csv_text(data: ChartData) -> str:
    """The chart's numbers as CSV: machine-readable values (as in the export), translated headers.

    Dates are ISO (weekly rows give the week's first and last day); values are exactly those of
    the snapshot, as ``python -m dashapp export`` prints them.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dates = [_("Week from"), _("Week to")] if data.spec.weekly else [_("Date")]
    writer.writerow([*dates, *(column_label(data, column) for column in data.columns)])
    for day, values in zip(data.frame.index, data.frame.to_numpy(), strict=True):
        when = [day.date().isoformat()]
        if data.spec.weekly:
            when.append((day.date() + timedelta(days=6)).isoformat())
        cells = [
            "" if pd.isna(value) else format_value(column, float(value), data.decimals[column])
            for column, value in zip(data.frame.columns, values, strict=True)
        ]
        writer.writerow([*when, *cells])
    return out.getvalue()
