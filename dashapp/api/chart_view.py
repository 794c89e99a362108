"""One chart as the open-data outputs serve it: its rows in long form (the CSV and JSON downloads), its
drawing and legend (the embed and the picture), its title, dates and source.

Every time series chart is made from its ``ChartData``, the numbers of the figure on screen. The two
charts that are not simple time series are made from the numbers of their own cards:

- ``age_distribution`` (the country): positive tests per age group over the last 7 days of the case
  file. Its rows are each age group's positive tests per day of those 7 days (indicator
  ``positive_tests_age_…``), so that a group's rows add up to its bar.
- ``sewer_plants`` (regions and municipalities): the area's weekly average (the line) and every
  plant's measurements in the chart's range (the dots), with the plant's code and name in two more
  columns (``PLANT_COLUMNS``).

Call ``chart_view`` and a view's functions inside ``use_language``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import cast

import numpy as np
import pandas as pd

from dashapp.api.data import area_name, unit_of
from dashapp.api.svg import POINT_COLOUR, category_svg, chart_svg, legend_entries
from dashapp.charts import categories
from dashapp.charts.data import chart_data
from dashapp.charts.specs import CHARTS, chart
from dashapp.data.catalog import INDICATORS, age_indicator
from dashapp.data.snapshot import Snapshot
from dashapp.export import format_value
from dashapp.figures.charts import BAR_COLOUR
from dashapp.i18n import current_language, format_number, format_percent
from dashapp.i18n import gettext as _
from dashapp.labels import chart_title, indicator_label

COLUMNS = (
    "area_code",
    "area_name",
    "indicator",
    "indicator_name",
    "date",
    "value",
    "unit",
    "source",
    "obtained_on",
)
PLANT_COLUMNS = (*COLUMNS[:2], "plant_code", "plant_name", *COLUMNS[2:])
PLANT_MEASUREMENT = "sewer_plant_measurement"
# The levels the special charts are shown at.
SPECIAL_LEVELS = {"age_distribution": ("nl",), "sewer_plants": ("vr", "gm")}

Row = dict[str, object]
LegendEntry = tuple[str, str, str]  # kind (bar, line, point, reference), colour, label


@dataclass(frozen=True)
class ChartView:
    level: str
    code: str
    chart_id: str
    range_name: str
    title: str
    first_day: date | None
    last_day: date | None
    weekly: bool
    source: str | None
    obtained_on: date | None
    columns: tuple[str, ...]
    rows: Callable[[], Iterator[Row]] = field(repr=False)
    drawing: Callable[[str, str], str] = field(repr=False)  # (title, description) -> <svg>
    legend: Callable[[], list[LegendEntry]] = field(repr=False)


def chart_view(snapshot: Snapshot, level: str, code: str, chart_id: str, range_name: str) -> ChartView | None:
    """The chart ``chart_id`` of an area that exists at ``level``; ``None`` when there is no such chart."""
    if level in SPECIAL_LEVELS.get(chart_id, ()):
        special = _age_view if chart_id == "age_distribution" else _plants_view
        return special(snapshot, level, code, range_name)
    spec = chart(level, chart_id)
    if spec is None:
        return None
    data = chart_data(snapshot, spec, level, code, range_name)
    return ChartView(
        level,
        code,
        chart_id,
        range_name,
        chart_title(chart_id),
        data.first_day,
        data.last_day,
        spec.weekly,
        data.source,
        data.obtained_on,
        COLUMNS,
        rows=lambda: series_rows(snapshot, level, code, data.index, data.columns),
        drawing=lambda title, description: chart_svg(data, title, description),
        legend=lambda: legend_entries(data),
    )


def series_rows(
    snapshot: Snapshot, level: str, code: str, index: pd.DatetimeIndex, columns: Mapping[str, np.ndarray]
) -> Iterator[Row]:
    """Series of an area over ``index``, series by series, each in date order, at each indicator's
    precision (as the export writes them)."""
    name = area_name(snapshot, code)[current_language()]
    for indicator, values in columns.items():
        table = snapshot.table(level, indicator)
        if table is None:
            continue
        label = indicator_label(indicator)
        unit = unit_of(table)
        obtained = table.obtained_on.isoformat()
        decimals = INDICATORS[indicator].decimals
        for day, value in zip(index, values.tolist(), strict=True):
            if value != value:  # NaN: no value that day
                continue
            number = format_value(indicator, value, decimals)
            yield {
                "area_code": code,
                "area_name": name,
                "indicator": indicator,
                "indicator_name": label,
                "date": day.date().isoformat(),
                "value": number if isinstance(number, int | float) else float(number),
                "unit": unit,
                "source": table.source,
                "obtained_on": obtained,
            }


def _age_view(snapshot: Snapshot, level: str, code: str, range_name: str) -> ChartView | None:
    distribution = categories.age_distribution(snapshot)
    if distribution is None:
        return None
    first, last = pd.Timestamp(distribution.first_day), pd.Timestamp(distribution.last_day)
    days = pd.date_range(first, last, freq="D")
    daily = {
        indicator: snapshot.column(level, code, indicator).reindex(days).to_numpy(dtype=float)
        for indicator in (age_indicator(band) for band in distribution.bands)
    }
    shares = distribution.shares()
    hovers = [
        f"{band}: {format_number(count, 0)} ({format_percent(share, 0)})"
        for band, count, share in zip(distribution.bands, distribution.counts, shares, strict=True)
    ]
    return ChartView(
        level,
        code,
        "age_distribution",
        range_name,
        _("Positive tests by age group"),
        distribution.first_day,
        distribution.last_day,
        False,
        distribution.source,
        distribution.obtained_on,
        COLUMNS,
        rows=lambda: series_rows(snapshot, level, code, days, daily),
        drawing=lambda title, description: category_svg(
            distribution.bands, [float(count) for count in distribution.counts], hovers, title, description
        ),
        legend=lambda: [("bar", BAR_COLOUR, _("Positive tests"))],
    )


def _plants_view(snapshot: Snapshot, level: str, code: str, range_name: str) -> ChartView:
    data = chart_data(snapshot, CHARTS[level]["sewer_average"], level, code, range_name)
    plants = snapshot.sewage_plants
    measured = [] if plants is None else list(plants.plants_of(level, code))
    start = None if data.empty else data.index[0]

    def shown(plant: str) -> pd.Series:
        series = plants.series[plant] if plants is not None else pd.Series(dtype=float)
        return series if start is None else series[series.index >= start]

    def rows() -> Iterator[Row]:
        for row in series_rows(snapshot, level, code, data.index, data.columns):
            yield {**row, "plant_code": "", "plant_name": ""}
        if plants is None:
            return
        name = area_name(snapshot, code)[current_language()]
        label = _("Virus particles in sewage per 100,000 inhabitants, measured at one plant")
        for plant in measured:
            plant_name = plants.names.get(plant, plant)
            for day, value in shown(plant).dropna().items():
                yield {
                    "area_code": code,
                    "area_name": name,
                    "plant_code": plant,
                    "plant_name": plant_name,
                    "indicator": PLANT_MEASUREMENT,
                    "indicator_name": label,
                    # a plant's series is indexed by day: its keys are Timestamps
                    "date": cast(pd.Timestamp, day).date().isoformat(),
                    "value": float(value),
                    "unit": plants.unit,
                    "source": plants.source,
                    "obtained_on": plants.obtained_on.isoformat(),
                }

    def drawing(title: str, description: str) -> str:
        points = [
            (cast(pd.Timestamp, day).date(), float(value))
            for plant in measured
            for day, value in shown(plant).dropna().items()
        ]
        return chart_svg(data, title, description, points)

    def legend() -> list[LegendEntry]:
        entries: list[LegendEntry] = []
        if measured:
            entries.append(("point", POINT_COLOUR, _("Measurements of the plants")))
        for kind, colour, label in legend_entries(data):
            entries.append((kind, colour, _("Weekly average of the area") if kind == "line" else label))
        return entries

    return ChartView(
        level,
        code,
        "sewer_plants",
        range_name,
        _("Virus particles in sewage per plant"),
        data.first_day,
        data.last_day,
        True,
        data.source,
        data.obtained_on,
        PLANT_COLUMNS,
        rows=rows,
        drawing=drawing,
        legend=legend,
    )
