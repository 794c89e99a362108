"""The safety-region and municipality tabs: a picker and the figures of the chosen area."""

from __future__ import annotations

from dash import dcc, html
from flask_babel import gettext as _

from dashapp.data.snapshot import Snapshot
from dashapp.layouts.components import area_heading, area_picker, kpi_tile
from dashapp.routes import path_for

HEADLINE_INDICATORS = ("positive_tests_per_100k", "positive_tests", "positive_tests_7d_per_100k")


def _options(snapshot: Snapshot, level: str) -> list[dict[str, str]]:
    reference = snapshot.reference
    areas = reference.regions if level == "vr" else reference.municipalities
    return sorted(
        ({"label": area.name, "value": code} for code, area in areas.items()),
        key=lambda option: option["label"].lstrip("'").casefold(),
    )


def layout(snapshot: Snapshot, level: str, code: str | None, language: str):
    if level == "vr":
        label, placeholder = _("Choose a safety region"), _("Type or choose a safety region")
    else:
        label, placeholder = _("Choose a municipality"), _("Type or choose a municipality")
    picker = area_picker(f"{level}-picker", label, _options(snapshot, level), code, placeholder)
    if code is None:
        return html.Div([picker], id=f"{level}-index")
    reference = snapshot.reference
    if level == "vr":
        heading = area_heading(reference.regions[code].name, _("Safety region"))
    else:
        municipality = reference.municipalities[code]
        region = reference.regions[municipality.region_code]
        heading = html.Div(
            [
                area_heading(municipality.name, _("Municipality")),
                html.P(
                    [
                        _("Safety region:"),
                        " ",
                        dcc.Link(region.name, href=path_for(language, "vr", region.code), id="region-link"),
                    ]
                ),
            ]
        )
    tiles = [kpi_tile(i, snapshot.latest(level, code, i), language) for i in HEADLINE_INDICATORS]
    return html.Div([picker, heading, html.Div(tiles, className="kpi-grid")], id=f"{level}-{code}")
