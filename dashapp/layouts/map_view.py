"""The maps on the pages: which map, coloured by what, and how it changes when the area changes.

``MapView`` holds the process's geometry (read once at start-up) and answers for the router: on a
new frame the whole figure, on a move within the tab only a highlight-and-zoom ``Patch``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dash import dcc, html, no_update

from dashapp import ids
from dashapp.data.boundaries import MapGeometry
from dashapp.data.snapshot import Snapshot
from dashapp.figures import maps
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.metrics.registry import METRICS as REGISTRY
from dashapp.routes import Route

DEFAULT_METRIC = "positive_tests_per_100k"
SEWAGE_METRIC = "sewer_average"  # the national sewage map, by safety region


@dataclass(frozen=True)
class Metric:
    indicator: str
    scales: Mapping[str, maps.ColourScale]
    label: str


# Every metric whose record has colour bins, in registry order.
METRICS: dict[str, Metric] = {
    record.id: Metric(record.id, record.map.bins, record.map.label)
    for record in REGISTRY.values()
    if record.map is not None
}


def latest_values(snapshot: Snapshot, level: str, indicator: str) -> dict[str, float]:
    """The newest value of every area of a level."""
    values = {}
    for code in snapshot.area_codes(level):
        latest = snapshot.latest(level, code, indicator)
        if latest is not None:
            values[code] = latest.value
    return values


def area_names(snapshot: Snapshot, level: str) -> dict[str, str]:
    """The name of every area of a level, as the map's hover shows it."""
    reference = snapshot.reference
    areas = reference.municipalities if level == "gm" else reference.regions
    return {code: area.name for code, area in areas.items()}


def risk_values(snapshot: Snapshot) -> tuple[dict[str, float], bool]:
    """Each region's official level where a file of levels is configured, else its indicative band."""
    if snapshot.official_levels:
        levels = {code: snapshot.official_level(code) for code in snapshot.reference.regions}
        return {code: float(level.level) for code, level in levels.items() if level is not None}, True
    return latest_values(snapshot, "vr", "risk_level_indicative"), False


def legend(scale: maps.ColourScale, attribution: str | None = None):
    """The colours of a map and what they mean; then whose borders it draws (the licence asks it)."""
    entries = maps.legend_entries(scale)
    credit = [html.P(_("Borders: %(source)s", source=attribution), className="map-attribution")]
    return [
        html.P(maps.legend_title(scale), className="map-legend-title"),
        html.Ul(
            [
                html.Li(
                    [
                        html.Span(
                            className="legend-swatch hatched" if entry.hatched else "legend-swatch",
                            style={"backgroundColor": entry.colour},
                            **Aria({"aria-hidden": "true"}),
                        ),
                        entry.label,
                    ]
                )
                for entry in entries
            ],
            className="map-legend-list",
        ),
        *(credit if attribution else []),
    ]


def metric_control(level: str, value: str = DEFAULT_METRIC):
    options = [
        {"label": _(spec.label), "value": metric} for metric, spec in METRICS.items() if level in spec.scales
    ]
    return html.Fieldset(
        [
            html.Legend(_("Colour the map by"), className="chart-range-legend"),
            dcc.RadioItems(
                id=ids.MAP_METRIC, options=options, value=value, className="chart-range", inline=True
            ),
        ],
        className="chart-range-group",
    )


class MapView:
    def __init__(self, geometry: MapGeometry, problem: str | None = None):
        self.geometry = geometry
        self.problem = problem

    def _note(self, level: str, extra: str | None = None) -> list[str]:
        parts = [maps.map_note(self.geometry, level), extra]
        parts.append(
            _("Every area on the map can also be reached with the search box or the list on this page.")
        )
        return [" ".join(part for part in parts if part)]

    def figure(self, snapshot: Snapshot, level: str, metric: str, *, selected=None, focus=None):
        scale = METRICS[metric].scales[level]
        values = latest_values(snapshot, level, METRICS[metric].indicator)
        names = area_names(snapshot, level)
        return maps.map_figure(self.geometry, level, values, scale, names, selected=selected, focus=focus)

    def recolour(self, snapshot: Snapshot, metric: str):
        spec = METRICS.get(metric)
        if spec is None or "gm" not in spec.scales:
            return no_update
        values = latest_values(snapshot, "gm", spec.indicator)
        return maps.recolour_patch(self.geometry, "gm", values, spec.scales["gm"], area_names(snapshot, "gm"))

    def legend_for(self, metric: str, level: str):
        return legend(METRICS[metric].scales[level], self.geometry.attribution)

    def area_outputs(self, route: Route, snapshot: Snapshot, *, patch_only: bool) -> dict[str, object]:
        """The router's map outputs for an area tab (with or without a chosen area)."""
        code = route.code
        if route.level == "vr" and code is None:
            values, official = risk_values(snapshot)
            figure = maps.map_figure(self.geometry, "vr", values, maps.RISK_LEVEL, area_names(snapshot, "vr"))
            explanation = (
                None
                if official
                else _("The colours are the indicative risk bands that follow from the guidance thresholds.")
            )
            return {
                "map_hidden": False,
                "map_figure": figure,
                "map_heading": _("Risk level per safety region"),
                "map_controls": None,
                "map_legend": legend(maps.RISK_LEVEL, self.geometry.attribution),
                "map_note": self._note("vr", explanation),
            }
        focus = code
        selected = code
        if patch_only:
            return {"map_figure": maps.highlight_patch(self.geometry, selected, focus=focus)}
        if route.level == "vr":
            heading = _("Municipalities in this safety region")
        elif code is None:
            heading = _("Municipalities")
        else:
            heading = _("Municipalities in the safety region")
        return {
            "map_hidden": False,
            "map_figure": self.figure(snapshot, "gm", DEFAULT_METRIC, selected=selected, focus=focus),
            "map_heading": heading,
            "map_controls": metric_control("gm"),
            "map_legend": self.legend_for(DEFAULT_METRIC, "gm"),
            "map_note": self._note("gm"),
        }

    def code_from_click(self, click_data, level: str) -> str | None:
        return maps.code_from_click(click_data, self.geometry, level)

    # By region by default: 25 shapes draw at once, the 355 municipalities only when asked for.
    def positive_tests_card(self, snapshot: Snapshot, level: str = "vr"):
        """The national map of the newest positive tests per 100,000, by municipality or by region."""
        return html.Section(
            [
                html.H3(_("Positive tests per 100,000 inhabitants on the map"), id="national-map-title"),
                html.Fieldset(
                    [
                        html.Legend(_("Show the map"), className="chart-range-legend"),
                        dcc.RadioItems(
                            id=ids.NATIONAL_MAP_LEVEL,
                            options=[
                                {"label": _("by municipality"), "value": "gm"},
                                {"label": _("by safety region"), "value": "vr"},
                            ],
                            value=level,
                            inline=True,
                            className="chart-range",
                        ),
                    ],
                    className="chart-range-group",
                ),
                dcc.Graph(
                    id=ids.NATIONAL_MAP,
                    figure=self.figure(snapshot, level, DEFAULT_METRIC),
                    config=maps.GRAPH_CONFIG,
                    className="map-graph",
                    style={"height": "460px"},
                ),
                html.Div(self.legend_for(DEFAULT_METRIC, level), className="map-legend"),
                html.P(self._note(level), className="map-note"),
            ],
            className="chart-card",
            id="chart-positive-tests-map",
        )

    def sewage_card(self, snapshot: Snapshot):
        """The national map of each safety region's newest weekly sewage average."""
        return html.Section(
            [
                html.H3(_("Virus particles in sewage per safety region"), id="sewage-map-title"),
                dcc.Graph(
                    id=ids.SEWAGE_MAP,
                    figure=self.figure(snapshot, "vr", SEWAGE_METRIC),
                    config=maps.GRAPH_CONFIG,
                    className="map-graph",
                    style={"height": "460px"},
                ),
                html.Div(self.legend_for(SEWAGE_METRIC, "vr"), className="map-legend"),
                html.P(self._note("vr"), className="map-note"),
            ],
            className="chart-card",
            id="chart-sewage-map",
        )
