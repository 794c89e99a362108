"""What each chart shows: its series (by indicator id), reference lines and quirks. Pure data,
made from the charts of the metric registry.

A chart id is stable: it names the chart's anchor on the page, its CSV download and its table.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashapp.metrics.model import (
    BARS,
    BARS_AND_LINE,
    BARS_WITH_AVERAGE,
    LINE_WITH_BAND,
    PERCENT,
    TWO_LINES,
    WEEKLY,
    Metric,
)
from dashapp.metrics.registry import METRICS

SIGNAL = "signal"
GUIDANCE = "guidance"
# Sources whose most recent days are known to be incomplete, and for how many days: NICE
# keeps adding admissions of the last days for a while (back-fill).
INCOMPLETE_DAYS = {"nice_hospital_intake": 3, "nice_ic_intake": 3, "rivm_ic": 3, "rivm_cases": 7}


@dataclass(frozen=True)
class ReferenceLine:
    value: float
    kind: str  # SIGNAL (a signal value) or GUIDANCE (a risk-level threshold)


@dataclass(frozen=True)
class ChartSpec:
    """One time-series chart.

    ``bars``: indicator drawn as bars; ``line``: indicator drawn as a line; ``average_of_bars``:
    draw the 7-day average of the bars as the line (computed, rounded like the bars' indicator
    plus one decimal); ``band``: (low, high) indicators of an uncertainty band around the line;
    ``extra_line``: a second line (e.g. positives next to tests).
    """

    id: str
    bars: str | None = None
    line: str | None = None
    average_of_bars: bool = False
    band: tuple[str, str] | None = None
    extra_line: str | None = None
    references: tuple[ReferenceLine, ...] = ()
    weekly: bool = False
    # Nivel's weeks are shown on their Sunday, as the original did; other weeks on their Monday.
    week_on_sunday: bool = False
    percent: bool = False

    @property
    def indicators(self) -> tuple[str, ...]:
        found = [self.bars, self.line, self.extra_line, *(self.band or ())]
        return tuple(indicator for indicator in found if indicator)

    @property
    def main(self) -> str:
        """The indicator the chart is about (its tile, its label, its source)."""
        return self.bars or self.line or self.indicators[0]


def _references(metrics: list[Metric], level: str) -> tuple[ReferenceLine, ...]:
    """The signal values (at this level) and guidance thresholds of the chart's metrics."""
    lines = [ReferenceLine(signal.value, SIGNAL) for m in metrics if (signal := m.signal_at(level))]
    lines += [ReferenceLine(value, GUIDANCE) for m in metrics for value in m.guidance]
    return tuple(lines)


def spec_of(metric: Metric, level: str) -> ChartSpec:
    """The chart a metric's record describes, as drawn at ``level``."""
    plan = metric.chart
    if plan is None:
        raise ValueError(f"{metric.id} has no chart")
    kind = plan.kind
    bars = metric.id if kind in (BARS, BARS_WITH_AVERAGE, BARS_AND_LINE) else None
    line = plan.companion if kind == BARS_AND_LINE else (metric.id if bars is None else None)
    extra = plan.companion if kind == TWO_LINES else None
    drawn = [METRICS[i] for i in (metric.id, plan.companion, *(plan.band or ())) if i]
    return ChartSpec(
        metric.chart_id or metric.id,
        bars=bars,
        line=line,
        average_of_bars=kind == BARS_WITH_AVERAGE,
        band=plan.band if kind == LINE_WITH_BAND else None,
        extra_line=extra,
        references=_references(drawn, level),
        weekly=metric.frequency == WEEKLY,
        week_on_sunday=plan.week_on_sunday,
        percent=metric.unit == PERCENT,
    )


CHARTS: dict[str, dict[str, ChartSpec]] = {
    level: {
        spec.id: spec
        for spec in (
            spec_of(metric, level)
            for metric in METRICS.values()
            if metric.chart is not None and level in metric.chart.levels
        )
    }
    for level in ("nl", "vr", "gm")
}
NATIONAL_CHARTS: tuple[ChartSpec, ...] = tuple(CHARTS["nl"].values())


def chart(level: str, chart_id: str) -> ChartSpec | None:
    return CHARTS.get(level, {}).get(chart_id)
