"""The safety-region and municipality tabs.

Moving between areas of one level must be fast and light: the router answers with the area's
``top`` (heading, one glance, risk level, tiles) and its charts and panels (``area_charts``), both
from the worker's render cache, and a patch for the map, in one round trip. Each chart card then
draws itself when it comes into view.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TypedDict

from dash import dcc, html
from dash.development.base_component import Component

from dashapp import ids
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label
from dashapp.layouts import special_charts
from dashapp.layouts.aria import Aria
from dashapp.layouts.blocks import area_heading, section
from dashapp.layouts.changes import crossing_notice
from dashapp.layouts.chart_card import lazy_chart_card
from dashapp.layouts.compare import compare_with_links
from dashapp.layouts.formatting import format_indicator
from dashapp.layouts.glance import glance
from dashapp.layouts.risk import risk_panel
from dashapp.layouts.search import municipality_list, region_list, sort_key
from dashapp.layouts.shell import merged_note
from dashapp.layouts.tiles import (
    headline_tiles,
    metric_tile,
    note_at,
    section_charts,
    section_tiles,
    shown_headline,
)
from dashapp.metrics.model import Metric
from dashapp.metrics.registry import METRICS, SECTION_BY_ID, SECTIONS
from dashapp.routes import path_for


def _chart(level: str, code: str, metric: Metric) -> html.Section:
    """A chart card of the area, drawn when it comes into view."""
    return lazy_chart_card(level, code, metric.chart_id or metric.id, note=note_at(metric.chart_note, level))


MUNICIPALITY_COLUMNS = tuple(m.id for m in METRICS.values() if m.municipality_table)


def municipality_rows(
    snapshot: Snapshot, region_code: str, sort_by: str, descending: bool
) -> list[tuple[str, str, *tuple[float | None, ...]]]:
    """(code, name, latest values...) of the region's municipalities in order; missing values last."""
    reference = snapshot.reference
    rows: list[tuple[str, str, *tuple[float | None, ...]]] = []
    for code in reference.members(region_code):
        values: list[float | None] = []
        for indicator in MUNICIPALITY_COLUMNS:
            latest = snapshot.latest("gm", code, indicator)
            values.append(latest.value if latest else None)
        rows.append((code, reference.municipalities[code].name, *values))
    if sort_by == "name":
        return sorted(rows, key=lambda row: sort_key(row[1]), reverse=descending)
    position = 2 + MUNICIPALITY_COLUMNS.index(sort_by)
    known = [row for row in rows if row[position] is not None]
    missing = [row for row in rows if row[position] is None]
    known.sort(key=lambda row: (row[position], sort_key(row[1])), reverse=descending)
    return known + sorted(missing, key=lambda row: sort_key(row[1]))


def municipality_table_body(
    snapshot: Snapshot, region_code: str, sort_by: str, descending: bool
) -> list[html.Tr]:
    rows = municipality_rows(snapshot, region_code, sort_by, descending)
    return [
        html.Tr(
            [
                html.Th(dcc.Link(name, href=path_for(current_language(), "gm", code)), scope="row"),
                *(
                    html.Td(format_indicator(indicator, value), className="number")
                    for indicator, value in zip(MUNICIPALITY_COLUMNS, values, strict=True)
                ),
            ]
        )
        for code, name, *values in rows
    ]


def sort_button(column: str, label: str, sort_by: str, descending: bool) -> html.Th:
    active = column == sort_by
    state = "descending" if descending else "ascending"
    return html.Th(
        html.Button(
            [
                label,
                html.Span(
                    " ▼" if active and descending else " ▲" if active else " ↕",
                    **Aria({"aria-hidden": "true"}),
                ),
            ],
            id=ids.table_sort(column),
            className="sort-button",
            n_clicks=0,
        ),
        scope="col",
        **Aria({"aria-sort": state if active else "none"}),
    )


def municipality_table_head(sort_by: str, descending: bool) -> html.Tr:
    headers = [("name", _("Municipality"))] + [
        (indicator, indicator_label(indicator)) for indicator in MUNICIPALITY_COLUMNS
    ]
    return html.Tr([sort_button(column, label, sort_by, descending) for column, label in headers])


class SortOrder(TypedDict):
    column: str
    descending: bool


def next_sort(column: str, current: Mapping[str, object] | None) -> SortOrder:
    """The sorted column chosen again reverses; a new column starts ascending (names) or highest first."""
    current = current or {"column": "name", "descending": False}
    if column == current.get("column"):
        return {"column": column, "descending": not current.get("descending", False)}
    return {"column": column, "descending": column != "name"}


def municipality_table(
    snapshot: Snapshot, region_code: str, sort_by: str = "name", descending: bool = False
) -> html.Div:
    return html.Div(
        [
            dcc.Store(id=ids.MUNICIPALITY_SORT, data={"column": sort_by, "descending": descending}),
            html.Table(
                [
                    html.Caption(
                        _(
                            "Newest values of the municipalities in this region. "
                            "Choose a column heading to sort."
                        )
                    ),
                    html.Thead(municipality_table_head(sort_by, descending), id=ids.MUNICIPALITY_TABLE_HEAD),
                    html.Tbody(
                        municipality_table_body(snapshot, region_code, sort_by, descending),
                        id=ids.MUNICIPALITY_TABLE_BODY,
                    ),
                ],
                className="table table-sm table-hover municipality-table",
            ),
        ],
        className="table-responsive",
        tabIndex="0",
    )


def _tiles(snapshot: Snapshot, level: str, code: str, indicators: Iterable[str], today: date) -> html.Div:
    tiles = [metric_tile(snapshot, level, code, indicator, today=today) for indicator in indicators]
    return html.Div(tiles, className="kpi-grid")


def _newest_figures(tiles: html.Div) -> html.Section:
    """The tiles under a heading of their own, so that headings go down one level at a time."""
    return html.Section([html.H2(_("Newest figures"), className="visually-hidden"), tiles])


REGION_TILES = headline_tiles("vr")
MUNICIPALITY_TILES = headline_tiles("gm")


def region_top(snapshot: Snapshot, code: str, today: date) -> html.Div:
    """Heading, risk level and tiles of a safety region: what changes when one picks another region."""
    region = snapshot.reference.regions[code]
    tiles = _tiles(snapshot, "vr", code, shown_headline(snapshot, "vr", code), today)
    return html.Div(
        [
            area_heading(region.name, _("Safety region %(code)s", code=code)),
            glance(snapshot, "vr", code),
            crossing_notice(snapshot, "vr", code),
            risk_panel(snapshot, code),
            tiles,
            compare_with_links(snapshot.reference, "vr", code),
        ],
        id=f"vr-{code}",
    )


def municipality_top(snapshot: Snapshot, code: str, today: date) -> html.Div:
    """Heading, region link and tiles of a municipality."""
    reference = snapshot.reference
    municipality = reference.municipalities[code]
    region = reference.regions[municipality.region_code]
    tiles = _tiles(snapshot, "gm", code, shown_headline(snapshot, "gm", code), today)
    return html.Div(
        [
            area_heading(municipality.name, _("Municipality")),
            html.P(
                [
                    _("Safety region:"),
                    " ",
                    dcc.Link(
                        region.name, href=path_for(current_language(), "vr", region.code), id="region-link"
                    ),
                ],
                className="region-of",
            ),
            merged_note(snapshot.reference, code),
            glance(snapshot, "gm", code),
            crossing_notice(snapshot, "gm", code),
            _newest_figures(tiles),
            compare_with_links(reference, "gm", code),
        ],
        id=f"gm-{code}",
    )


def area_charts(snapshot: Snapshot, level: str, code: str, today: date) -> html.Div:
    """The charts of an area and its sewage and (for a region) nursing-home and municipality panels.

    Sent with the area's heading in the router's one answer; each chart card is drawn by its own
    callback only when it comes into view (``lazy_chart_card``), from the worker's render cache.
    """
    sections: list[Component] = []
    for entry in SECTIONS:
        if entry.id == "sewage":
            sections.append(section("sewage", _(entry.title), sewage_panel(snapshot, level, code, today)))
        elif entry.id == "nursing-homes":
            if level == "vr":
                sections += region_panel(snapshot, code, today)
        elif charts := section_charts(entry.id, level):
            sections.append(section(entry.id, _(entry.title), [_chart(level, code, m) for m in charts]))
    return html.Div(sections, id=f"{level}-charts")


def sewage_panel(snapshot: Snapshot, level: str, code: str, today: date) -> list[Component | None]:
    """The area's sewage figures: the per-plant chart, one plant's line, or a sentence that there is none."""
    plants = snapshot.sewage_plants
    count = len(plants.plants_of(level, code)) if plants is not None else 0
    content: list[Component | None] = []
    if level == "vr":
        content.append(_tiles(snapshot, level, code, section_tiles("sewage", level), today))
    if count == 0:
        content.append(html.P(_("No sewage treatment plant is linked to this area."), className="no-sewage"))
    elif count == 1 and level == "gm":
        content += [_chart(level, code, m) for m in section_charts("sewage", level)]
    else:
        content.append(special_charts.sewage_plants_card(snapshot, level, code))
    return content


def region_panel(snapshot: Snapshot, code: str, today: date) -> list[Component]:
    """Nursing homes and the table of municipalities of a safety region."""
    entry = SECTION_BY_ID["nursing-homes"]
    nursing = section(
        entry.id,
        _(entry.title),
        [
            _tiles(snapshot, "vr", code, section_tiles(entry.id, "vr"), today),
            *(_chart("vr", code, m) for m in section_charts(entry.id, "vr")),
        ],
    )
    table = section(
        "municipalities", _("Municipalities in this region"), [municipality_table(snapshot, code)]
    )
    return [nursing, table]


def index_top(level: str) -> html.Div:
    """The tab without a chosen area: an invitation to search or use the map or the list."""
    if level == "vr":
        intro = _("Choose a safety region with the search box, on the map or in the list below.")
        title = _("Safety regions")
    else:
        intro = _("Choose a municipality with the search box, on the map or in the list below.")
        title = _("Municipalities")
    return html.Div([area_heading(title), html.P(intro)], id=f"{level}-index")


def index_listing(snapshot: Snapshot, level: str) -> html.Section:
    if level == "vr":
        return region_list(snapshot.reference)
    return municipality_list(snapshot.reference)
