"""The national tab: every national figure, each as a tile and a chart, with a menu of all of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dash import html
from dash.development.base_component import Component

from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import N_, format_percent
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label
from dashapp.layouts import special_charts
from dashapp.layouts.blocks import area_heading, metric_menu
from dashapp.layouts.blocks import section as section_block
from dashapp.layouts.chart_card import lazy_chart_card
from dashapp.layouts.formatting import format_indicator, period_text
from dashapp.layouts.glance import glance
from dashapp.layouts.map_view import MapView
from dashapp.layouts.tiles import metric_tile, note_at, section_charts, section_tiles
from dashapp.metrics.model import Section
from dashapp.metrics.registry import SECTIONS

LEVEL, CODE = "nl", NATIONAL_CODE


def _chart(chart_id: str, **options: str | None) -> html.Section:
    """Every chart of the page is drawn when it comes into view (``lazy_chart_card``): on a phone and
    on a desktop the first one sits below the first screen, so none is drawn before the page is
    read."""
    return lazy_chart_card(LEVEL, CODE, chart_id, **options)


def _tiles(tiles: Sequence[Component]) -> html.Div:
    return html.Div(tiles, className="kpi-grid")


@dataclass(frozen=True)
class Share:
    """The newest value of a percentage indicator as text, with the period it is of."""

    indicator: str
    text: str
    value_of: date


def _share(snapshot: Snapshot, indicator: str) -> Share | None:
    latest = snapshot.latest(LEVEL, CODE, indicator)
    return None if latest is None else Share(indicator, format_percent(latest.value, 1), latest.value_of)


def own_period(indicator: str, value_of: date, tile_date: date | None) -> str:
    """ " (value of …)" after a number whose period differs from its tile's; else nothing."""
    if value_of == tile_date:
        return ""
    return " " + _("(value of %(period)s)", period=period_text(indicator, value_of))


def _extra(*children: str | Component) -> list[Component]:
    """A line under a tile's value that puts it in context."""
    return [html.P(list(children), className="kpi-extra")]


def _ggd_share_line(snapshot: Snapshot, tile_date: date | None) -> list[Component]:
    share = _share(snapshot, "ggd_positive_pct")
    if share is None:
        return []
    return _extra(
        _("%(share)s of the tests at the GGD were positive", share=share.text),
        own_period(share.indicator, share.value_of, tile_date),
        " (",
        html.A(_("more about GGD tests"), href="#ggd-tests"),
        ")",
    )


def _share_sentence(indicator: str, sentence: str) -> Callable[[Snapshot, date | None], list[Component]]:
    """A line "That is …% of …" with the newest value of a percentage indicator (``sentence`` marked
    with ``N_``, its ``%(share)s`` filled in), dated when its day is not the tile's."""

    def line(snapshot: Snapshot, tile_date: date | None) -> list[Component]:
        share = _share(snapshot, indicator)
        if share is None:
            return []
        return _extra(_(sentence, share=share.text), own_period(indicator, share.value_of, tile_date))

    return line


def _ggd_counts_line(snapshot: Snapshot, tile_date: date | None) -> list[Component]:
    tested = snapshot.latest(LEVEL, CODE, "ggd_tested")
    share = _share(snapshot, "ggd_positive_pct")
    if tested is None or share is None:
        return []
    counted = format_indicator("ggd_tested", tested.value)
    return _extra(
        _(
            "That is %(share)s of the %(tested)s people tested with a known result.",
            share=share.text,
            tested=counted,
        ),
        # One date for the sentence: the share's week (the count's, if that differs, said by its own).
        own_period(share.indicator, share.value_of, tile_date),
        own_period("ggd_tested", tested.value_of, share.value_of),
    )


def _value_of(snapshot: Snapshot, indicator: str) -> date | None:
    latest = snapshot.latest(LEVEL, CODE, indicator)
    return None if latest is None else latest.value_of


# Lines under a tile that put its value in context, by metric.
TILE_EXTRAS = {
    "positive_tests": _ggd_share_line,
    "ggd_positive": _ggd_counts_line,
    "ic_beds_occupied": _share_sentence(
        "ic_beds_occupied_pct", N_("That is %(share)s of all occupied intensive care beds.")
    ),
    "nursing_home_infected_locations": _share_sentence(
        "nursing_home_infected_locations_pct", N_("That is %(share)s of all nursing homes.")
    ),
}
MENU = tuple((section.id, section.menu_metric) for section in SECTIONS if section.menu_metric)


def menu(snapshot: Snapshot) -> html.Nav:
    entries = []
    for anchor, indicator in MENU:
        latest = snapshot.latest(LEVEL, CODE, indicator)
        value = format_indicator(indicator, latest.value if latest else None)
        entries.append((anchor, indicator_label(indicator), value))
    return metric_menu(entries, _("All figures"))


def _special_cards(section: str, snapshot: Snapshot, map_view: MapView | None) -> list[Component | None]:
    """The cards of a section that are not one metric's chart: maps and the age distribution."""
    if section == "positive-tests":
        return [
            map_view.positive_tests_card(snapshot) if map_view else None,
            special_charts.age_card(snapshot),
        ]
    if section == "sewage":
        return [map_view.sewage_card(snapshot) if map_view else None]
    return []


def _section(section: Section, snapshot: Snapshot, map_view: MapView | None, today: date) -> Component | None:
    tiles = [
        metric_tile(
            snapshot,
            LEVEL,
            CODE,
            indicator,
            today=today,
            extra=TILE_EXTRAS[indicator](snapshot, _value_of(snapshot, indicator))
            if indicator in TILE_EXTRAS
            else None,
        )
        for indicator in section_tiles(section.id, LEVEL)
    ]
    charts = [
        _chart(
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


def layout(snapshot: Snapshot, map_view: MapView | None = None, *, today: date) -> Component:
    """The national page on ``today`` (the day its lateness notes are judged on)."""
    built = (_section(section, snapshot, map_view, today) for section in SECTIONS)
    sections = [block for block in built if block is not None]
    return html.Div(
        [
            area_heading(_("The Netherlands")),
            glance(snapshot, LEVEL, CODE),
            html.Div(
                [menu(snapshot), html.Div(sections, className="dashboard-sections")],
                className="with-menu",
            ),
        ],
        id="national",
    )
