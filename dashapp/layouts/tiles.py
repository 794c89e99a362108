"""Tiles and charts of the pages as the metric registry places them: which metrics a section or an
area's headline shows at a level, and each tile with the signal value, note and methodology link
of its record, in the page's language: call inside ``use_language``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dash.development.base_component import Component

from dashapp.data.snapshot import Snapshot
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.layouts.kpi import kpi_tile
from dashapp.layouts.pages import methodology_href
from dashapp.metrics.model import Metric, Note
from dashapp.metrics.registry import METRICS


def note_at(note: Note | None, level: str) -> str | None:
    """A record's note translated, where it applies to ``level``."""
    return _(note.text) if note is not None and level in note.levels else None


def section_tiles(section: str, level: str) -> tuple[str, ...]:
    """The metrics whose tiles a section shows at a level, in registry order."""
    return tuple(m.id for m in METRICS.values() if m.section == section and level in m.tiles)


def section_charts(section: str, level: str) -> tuple[Metric, ...]:
    """The metrics whose charts a section shows at a level, in registry order."""
    return tuple(
        m
        for m in METRICS.values()
        if m.section == section and m.chart is not None and level in m.chart.levels
    )


def headline_tiles(level: str) -> tuple[str, ...]:
    """The metrics shown at the top of a region's or a municipality's page."""
    return tuple(m.id for m in METRICS.values() if level in m.headline)


def shown_headline(snapshot: Snapshot, level: str, code: str) -> tuple[str, ...]:
    """The headline metrics of one area: a metric not every area has only where this one has it."""
    return tuple(
        indicator
        for indicator in headline_tiles(level)
        if level not in METRICS[indicator].sparse or snapshot.latest(level, code, indicator) is not None
    )


def metric_tile(
    snapshot: Snapshot,
    level: str,
    code: str,
    indicator: str,
    *,
    today: date,
    extra: Sequence[Component | str] | None = None,
) -> Component:
    """The tile of a metric for one area, with what its record says about it at that level."""
    metric = METRICS[indicator]
    signal = metric.signal_at(level)
    return kpi_tile(
        indicator,
        snapshot,
        level,
        code,
        today=today,
        signal=signal.value if signal else None,
        scale_maximum=signal.scale_maximum if signal else None,
        extra=extra,
        note=note_at(metric.tile_note, level),
        methodology=methodology_href(indicator, current_language()),
    )
