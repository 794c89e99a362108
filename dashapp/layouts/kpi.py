"""The KPI tile: a figure with its newest value, its change in a week, its "value of" and "obtained on"
dates, its source, a bar scale against its signal value and a note when its source is late."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dash import html
from dash.development.base_component import Component

from dashapp.data.catalog import INDICATORS, WEEKLY
from dashapp.data.indicators.change import DOWN, UP
from dashapp.data.snapshot import LatestValue, Snapshot
from dashapp.i18n import (
    format_date,
    format_number,
)
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label, source_label, source_url, unit_note
from dashapp.layouts.aria import Aria
from dashapp.layouts.formatting import change_text, format_indicator, value_of_text, week_change
from dashapp.layouts.freshness_view import late_notice
from dashapp.metrics.files import MISSING_FILE, missing_files
from dashapp.metrics.registry import METRICS


def _change(snapshot: Snapshot, level: str, code: str, indicator: str, latest: LatestValue) -> html.P | None:
    weekly = INDICATORS[indicator].frequency == WEEKLY
    change = week_change(indicator, latest)
    if change is None:
        return None
    direction = {UP: "change-up", DOWN: "change-down"}.get(change.direction, "change-same")
    return html.P(change_text(indicator, change, weekly), className=f"kpi-change {direction}")


def bar_scale(value: float, signal: float, maximum: float, decimals: int) -> html.Div:
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


def source_line(kind: str) -> list[str | html.A]:
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
    today: date,
    signal: float | None = None,
    scale_maximum: float | None = None,
    extra: Sequence[Component | str] | None = None,
    note: str | None = None,
    tile_id: str | None = None,
    methodology: str | None = None,
) -> html.Section:
    """A figure with its latest value, its change, "value of" and "obtained on" dates, and its source."""
    latest = snapshot.latest(level, code, indicator)
    title = indicator_label(indicator)
    body: list[Component | str | None] = []
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
        body.append(html.P(value_of_text(indicator, latest.value_of), className="kpi-date kpi-value-of"))
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
        body.append(late_notice(snapshot, latest.source, today))
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
