"""The national tab: every national figure, each as a tile and a chart, with a menu of all of them."""

from __future__ import annotations

from dash import html

from dashapp.charts.data import chart_data
from dashapp.charts.ranges import DEFAULT_RANGE
from dashapp.charts.specs import CHARTS
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import format_percent
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label
from dashapp.layouts import special_charts
from dashapp.layouts.components import (
    area_heading,
    chart_card,
    format_indicator,
    lazy_chart_card,
    metric_menu,
)
from dashapp.layouts.components import section as section_block
from dashapp.layouts.map_view import MapView
from dashapp.layouts.tiles import metric_tile, note_at, section_charts, section_tiles
from dashapp.metrics.model import Section
from dashapp.metrics.registry import SECTIONS

LEVEL, CODE = "nl", NATIONAL_CODE


# Drawn with the page; every other chart is drawn when it comes into view (see lazy_chart_card).
EAGER_CHARTS = frozenset({"positive_tests_per_100k", "positive_tests_7d_per_100k"})


def _chart(snapshot: Snapshot, chart_id: str, **options):
    if chart_id not in EAGER_CHARTS:
        return lazy_chart_card(LEVEL, CODE, chart_id, **options)
    spec = CHARTS[LEVEL][chart_id]
    return chart_card(chart_data(snapshot, spec, LEVEL, CODE, DEFAULT_RANGE), **options)


def _tiles(tiles: list):
    return html.Div(tiles, className="kpi-grid")


def _share(snapshot: Snapshot, indicator: str) -> str | None:
    """The newest value of a percentage indicator as text, or None."""
    latest = snapshot.latest(LEVEL, CODE, indicator)
    return None if latest is None else format_percent(latest.value, 1)


def _extra(*children) -> list:
    """A line under a tile's value that puts it in context."""
    return [html.P(list(children), className="kpi-extra")]


def _ggd_share_line(snapshot: Snapshot):
    share = _share(snapshot, "ggd_positive_pct")
    if share is None:
        return []
    return _extra(
        _("%(share)s of the tests at the GGD were positive", share=share),
        " (",
        html.A(_("more about GGD tests"), href="#ggd-tests"),
        ")",
    )


def _ic_share_line(snapshot: Snapshot):
    share = _share(snapshot, "ic_beds_occupied_pct")
    return _extra(_("That is %(share)s of all occupied intensive care beds.", share=share)) if share else []


def _ggd_counts_line(snapshot: Snapshot):
    tested = snapshot.latest(LEVEL, CODE, "ggd_tested")
    share = _share(snapshot, "ggd_positive_pct")
    if tested is None or share is None:
        return []
    counted = format_indicator("ggd_tested", tested.value)
    return _extra(
        _(
            "That is %(share)s of the %(tested)s people tested with a known result.",
            share=share,
            tested=counted,
        )
    )


def _locations_share_line(snapshot: Snapshot):
    share = _share(snapshot, "nursing_home_infected_locations_pct")
    return _extra(_("That is %(share)s of all nursing homes.", share=share)) if share else []


# Lines under a tile that put its value in context, by metric.
TILE_EXTRAS = {
    "positive_tests": _ggd_share_line,
    "ggd_positive": _ggd_counts_line,
    "ic_beds_occupied": _ic_share_line,
    "nursing_home_infected_locations": _locations_share_line,
}
MENU = tuple((section.id, section.menu_metric) for section in SECTIONS if section.menu_metric)


def menu(snapshot: Snapshot):
    entries = []
    for anchor, indicator in MENU:
        latest = snapshot.latest(LEVEL, CODE, indicator)
        value = format_indicator(indicator, latest.value if latest else None)
        entries.append((anchor, indicator_label(indicator), value))
    return metric_menu(entries, _("All figures"))


def _special_cards(section: str, snapshot: Snapshot, map_view: MapView | None) -> list:
    """The cards of a section that are not one metric's chart: maps and the age distribution."""
    if section == "positive-tests":
        return [
            map_view.positive_tests_card(snapshot) if map_view else None,
            special_charts.age_card(snapshot),
        ]
    if section == "sewage":
        return [map_view.sewage_card(snapshot) if map_view else None]
    return []


def _section(section: Section, snapshot: Snapshot, map_view: MapView | None):
    tiles = [
        metric_tile(
            snapshot,
            LEVEL,
            CODE,
            indicator,
            extra=TILE_EXTRAS[indicator](snapshot) if indicator in TILE_EXTRAS else None,
        )
        for indicator in section_tiles(section.id, LEVEL)
    ]
    charts = [
        _chart(
            snapshot,
            metric.chart_id or metric.id,
            description=_(metric.chart.description) if metric.chart and metric.chart.description else None,
            note=note_at(metric.chart_note, LEVEL),
        )
        for metric in section_charts(section.id, LEVEL)
    ]
    if not tiles and not charts:
        return None
    return section_block(
        section.id,
        _(section.title),
        [
            _tiles(tiles) if tiles else None,
            *charts,
            *_special_cards(section.id, snapshot, map_view),
        ],
        intro=_(section.intro) if section.intro else None,
    )


def layout(snapshot: Snapshot, map_view: MapView | None = None):
    built = (_section(section, snapshot, map_view) for section in SECTIONS)
    sections = [block for block in built if block is not None]
    return html.Div(
        [
            area_heading(_("The Netherlands")),
            html.Div(
                [menu(snapshot), html.Div(sections, className="dashboard-sections")],
                className="with-menu",
            ),
        ],
        id="national",
    )
