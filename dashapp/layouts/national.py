"""The national tab."""

from __future__ import annotations

from dash import html
from flask_babel import gettext as _

from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot
from dashapp.layouts.components import area_heading, kpi_tile

HEADLINE_INDICATORS = (
    "positive_tests_per_100k",
    "positive_tests",
    "hospital_admissions_3d_avg",
    "ic_admissions_3d_avg",
)


def layout(snapshot: Snapshot, language: str):
    tiles = [
        kpi_tile(indicator, snapshot.latest("nl", NATIONAL_CODE, indicator), language)
        for indicator in HEADLINE_INDICATORS
    ]
    return html.Div(
        [area_heading(_("The Netherlands")), html.Div(tiles, className="kpi-grid")],
        id="national",
    )
