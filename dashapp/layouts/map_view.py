"""The maps on the pages: which map, coloured by what, and how it changes when the area changes.

``MapView`` holds the process's geometry (read once at start-up) and answers for the router: on a
new frame the texts around the map and an empty box of its height, on a move within the tab only a
highlight-and-zoom ``Patch``. Every map is drawn only when its box nears the screen: the box carries
``data-lazy`` (the id of a Store that ``assets/app.js`` sets to true), and a callback then sends the
figure (``area_figure``, ``national_figure``, ``sewage_figure``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypedDict

from dash import NoUpdate, Patch, dcc, html, no_update
from dash.development.base_component import Component

from dashapp import ids
from dashapp.data.boundaries import MapGeometry
from dashapp.data.snapshot import LatestValue, Snapshot
from dashapp.figures import maps
from dashapp.i18n import format_date, format_number, format_week
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.metrics.model import WEEKLY
from dashapp.metrics.registry import METRICS as REGISTRY
from dashapp.routes import Route, path_for

DEFAULT_METRIC = "positive_tests_per_100k"
SEWAGE_METRIC = "sewer_average"  # the national sewage map, by safety region
LEVELS = ("gm", "vr")

# Component ids of the maps' controls (pattern ids: {"type": ..., "metric" or "level": ...}).
MAP_METRIC_CHOICE = "map-metric-choice"  # the area tabs' map: which metric colours it
NATIONAL_METRIC_CHOICE = "national-map-metric"  # the national map: which metric ...
NATIONAL_LEVEL_CHOICE = "national-map-level-choice"  # ... by municipality or by safety region
NATIONAL_MAP_CHOICE = "national-map-choice"  # a Store of the national map's metric and level
NATIONAL_MAP_LEGEND = "national-map-legend"
NATIONAL_MAP_TABLE = "national-map-table"  # the map's areas as a table, built when asked for
NATIONAL_MAP_TABLE_TOGGLE = "national-map-table-toggle"
# The area tab's map, in its controls (so that every new frame brings them anew): whether this
# frame's map has been drawn, the metric chosen (None on the regions' map of risk levels), and the
# page a move within the frame went to while the map was on its way (``callbacks.maps``).
AREA_MAP_DRAWN = "area-map-drawn"
AREA_MAP_METRIC = "area-map-metric"
AREA_MAP_MOVED = "area-map-moved"

MAP_HEIGHT = 460  # px, the box of every map, drawn or not
# What a map's graph holds until it is drawn: nothing to draw, so plotly builds an empty plot, not
# hundreds of shapes, and the page sends no geometry before the map is wanted.
EMPTY_MAP: dict[str, Any] = {
    "data": [],
    "layout": {
        "height": MAP_HEIGHT,
        "xaxis": {"visible": False, "fixedrange": True},
        "yaxis": {"visible": False, "fixedrange": True},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "dragmode": False,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    },
}

Toggle = TypedDict("Toggle", {"aria-pressed": str, "aria-expanded": str, "aria-controls": str}, total=False)


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


def latest_of(snapshot: Snapshot, level: str, indicator: str) -> dict[str, LatestValue]:
    """The newest value (with its date) of every area of a level that has one."""
    found = {}
    for code in snapshot.area_codes(level):
        latest = snapshot.latest(level, code, indicator)
        if latest is not None:
            found[code] = latest
    return found


def latest_values(snapshot: Snapshot, level: str, indicator: str) -> dict[str, float]:
    """The newest value of every area of a level."""
    return {code: latest.value for code, latest in latest_of(snapshot, level, indicator).items()}


def date_text(latest: LatestValue) -> str:
    """The date of a value as a table cell says it: a day, or a week for weekly figures."""
    return format_week(latest.value_of) if latest.frequency == WEEKLY else format_date(latest.value_of)


def value_dates(latest: Mapping[str, LatestValue]) -> dict[str, str]:
    """What the hover says under each value: "Value of 2 December 2020" (looked up once per date)."""
    texts: dict[tuple[date, str], str] = {}
    dates = {}
    for code, value in latest.items():
        key = (value.value_of, value.frequency)
        if key not in texts:
            texts[key] = _("Value of %(date)s", date=date_text(value))
        dates[code] = texts[key]
    return dates


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


def area_map_stores(metric: str | None) -> list[dcc.Store]:
    """What the area tab's map keeps in its controls besides "in view" (see ``callbacks.maps``)."""
    return [
        dcc.Store(id=AREA_MAP_DRAWN, data=False),
        dcc.Store(id=AREA_MAP_METRIC, data=metric),
        dcc.Store(id=AREA_MAP_MOVED),
    ]


def lazy_marker(visible_id: str, children: Sequence[Component | None], **props: Any) -> html.Div:
    """A block that ``assets/app.js`` watches: when it nears the screen, the Store ``visible_id``
    inside it becomes true (the watcher shared with the chart cards, ``data-lazy``). It must have a
    size: an empty block never counts as intersecting the screen."""
    extra = {"data-lazy": json.dumps(visible_id), **props}
    return html.Div([dcc.Store(id=visible_id, data=False), *children], **extra)


def map_graph(graph_id: str) -> dcc.Graph:
    """A map's graph before it is drawn: a box of the map's height."""
    return dcc.Graph(
        id=graph_id,
        figure=EMPTY_MAP,
        config=maps.GRAPH_CONFIG,
        className="map-graph",
        style={"height": f"{MAP_HEIGHT}px"},
    )


def legend(scale: maps.ColourScale, attribution: str | None = None) -> list[Component]:
    """The colours of a map and what they mean, "no data" included (grey, hatched as on the map);
    then whose borders it draws (the licence asks it)."""
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


# --- the controls: toggle buttons in a fieldset -------------------------------------------------------
# Plain buttons with aria-pressed rather than dcc.RadioItems, whose markup (a focusable radio inside a
# role="option" label) axe reports as nested-interactive. Tab reaches each button; Enter or Space
# chooses it.


def pressed(flag: bool) -> str:
    return "true" if flag else "false"


def choice_group(legend_text: str, buttons: Sequence[Component], class_name: str = "") -> html.Fieldset:
    return html.Fieldset(
        [
            html.Legend(legend_text, className="chart-range-legend"),
            html.Div(buttons, className="map-choices"),
        ],
        className=f"chart-range-group map-choice-group {class_name}".strip(),
    )


def choice_button(
    component_id: dict[str, str], label: str, chosen: bool, disabled: bool = False
) -> html.Button:
    return html.Button(
        label,
        id=component_id,
        type="button",
        n_clicks=0,
        disabled=disabled,
        className="map-choice",
        **Toggle({"aria-pressed": pressed(chosen)}),
    )


def metrics_of(level: str) -> list[str]:
    return [metric for metric, spec in METRICS.items() if level in spec.scales]


def levels_of(metric: str) -> tuple[str, ...]:
    return tuple(level for level in LEVELS if level in METRICS[metric].scales)


def metric_control(level: str, value: str = DEFAULT_METRIC) -> html.Fieldset:
    """The area tabs' choice of what colours the map of municipalities."""
    buttons = [
        choice_button(
            {"type": MAP_METRIC_CHOICE, "metric": metric}, _(METRICS[metric].label), metric == value
        )
        for metric in metrics_of(level)
    ]
    return choice_group(_("Colour the map by"), buttons)


@dataclass(frozen=True)
class NationalChoice:
    """What the national map shows: a metric, by municipality (``gm``) or safety region (``vr``)."""

    metric: str = DEFAULT_METRIC
    level: str = "vr"

    def to_json(self) -> dict[str, str]:
        return {"metric": self.metric, "level": self.level}

    @classmethod
    def of(cls, stored: object) -> NationalChoice:
        """The choice kept in the page's Store; anything malformed is the default."""
        if not isinstance(stored, Mapping):
            return cls()
        metric, level = stored.get("metric"), stored.get("level")
        if metric not in METRICS or level not in LEVELS:
            return cls()
        return cls(metric, level).fitted()

    def fitted(self) -> NationalChoice:
        """The same metric at a level it has (the nursing homes' share exists only per region)."""
        levels = levels_of(self.metric)
        return self if self.level in levels else NationalChoice(self.metric, levels[-1])

    def after(self, clicked: object) -> NationalChoice:
        """The choice after a click on the button whose id is ``clicked``."""
        if not isinstance(clicked, Mapping):
            return self
        if clicked.get("type") == NATIONAL_METRIC_CHOICE and clicked.get("metric") in METRICS:
            return NationalChoice(str(clicked["metric"]), self.level).fitted()
        if clicked.get("type") == NATIONAL_LEVEL_CHOICE and clicked.get("level") in levels_of(self.metric):
            return NationalChoice(self.metric, str(clicked["level"]))
        return self


def national_controls(choice: NationalChoice) -> list[html.Fieldset]:
    metric_buttons = [
        choice_button(
            {"type": NATIONAL_METRIC_CHOICE, "metric": metric}, _(spec.label), metric == choice.metric
        )
        for metric, spec in METRICS.items()
    ]
    level_buttons = [
        choice_button(
            {"type": NATIONAL_LEVEL_CHOICE, "level": level},
            label,
            level == choice.level,
            disabled=level not in levels_of(choice.metric),
        )
        for level, label in (("gm", _("by municipality")), ("vr", _("by safety region")))
    ]
    return [
        choice_group(_("Colour the map by"), metric_buttons),
        choice_group(_("Show the map"), level_buttons, "map-level-choice"),
    ]


def table_toggle_text(is_open: bool) -> str:
    return _("Hide the table of areas") if is_open else _("Show the map's areas as a table")


def areas_table(snapshot: Snapshot, choice: NationalChoice, language: str) -> html.Div:
    """Every area of the map with its value and date, by name, each a link to its page: the keyboard's
    and screen reader's way to every area of the map."""
    spec = METRICS[choice.metric]
    scale = spec.scales[choice.level]
    latest = latest_of(snapshot, choice.level, spec.indicator)
    names = area_names(snapshot, choice.level)
    missing = _("No data")
    rows = []
    for code, name in sorted(names.items(), key=lambda item: (item[1].casefold(), item[0])):
        value = latest.get(code)
        known = value is not None and maps.bin_index(value.value, scale) is not None
        rows.append(
            html.Tr(
                [
                    html.Th(dcc.Link(name, href=path_for(language, choice.level, code)), scope="row"),
                    html.Td(format_number(value.value, scale.decimals) if known and value else missing),
                    html.Td(date_text(value) if known and value else ""),
                ]
            )
        )
    area_word = _("Municipality") if choice.level == "gm" else _("Safety region")
    return html.Div(
        html.Table(
            [
                html.Caption(_(spec.label)),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(area_word, scope="col"),
                            html.Th(maps.legend_title(scale), scope="col"),
                            html.Th(_("Date"), scope="col"),
                        ]
                    )
                ),
                html.Tbody(rows),
            ],
            className="table table-sm map-areas-table",
        ),
        className="chart-table-scroll",
    )


class MapView:
    def __init__(self, geometry: MapGeometry, problem: str | None = None) -> None:
        self.geometry = geometry
        self.problem = problem
        # The national map's tables of areas of the newest snapshot, by (version, choice, language):
        # building one costs about 0.15 s (1,800 components), serving it again nothing.
        self._tables: dict[tuple[str, NationalChoice, str], html.Div] = {}

    def areas_table(self, snapshot: Snapshot, choice: NationalChoice, language: str) -> html.Div:
        key = (snapshot.version, choice, language)
        table = self._tables.get(key)
        if table is None:
            if any(cached[0] != snapshot.version for cached in list(self._tables)):
                self._tables = {}  # a new snapshot: the old tables are of no more use
            table = self._tables[key] = areas_table(snapshot, choice, language)
        return table

    def _note(self, level: str, extra: str | None = None) -> list[str]:
        parts = [maps.map_note(self.geometry, level), extra]
        parts.append(
            _("Every area on the map can also be reached with the search box or the list on this page.")
        )
        return [" ".join(part for part in parts if part)]

    def _coloured(self, snapshot: Snapshot, level: str, metric: str) -> maps.Colouring:
        spec = METRICS[metric]
        latest = latest_of(snapshot, level, spec.indicator)
        values = {code: value.value for code, value in latest.items()}
        return maps.Colouring(values, spec.scales[level], area_names(snapshot, level), value_dates(latest))

    def figure(self, snapshot: Snapshot, level: str, metric: str, area: str | None = None) -> dict[str, Any]:
        """The map of ``level`` coloured by ``metric``; ``area`` (the page's) outlined, its region in view."""
        colouring = self._coloured(snapshot, level, metric)
        return maps.map_figure(self.geometry, level, colouring, selected=area, focus=area)

    def recolour(self, snapshot: Snapshot, metric: str) -> Patch | NoUpdate:
        spec = METRICS.get(metric)
        if spec is None or "gm" not in spec.scales:
            return no_update
        return maps.recolour_patch(self.geometry, "gm", self._coloured(snapshot, "gm", metric))

    def legend_for(self, metric: str, level: str) -> list[Component]:
        return legend(METRICS[metric].scales[level], self.geometry.attribution)

    def area_figure(self, route: Route, snapshot: Snapshot, metric: str = DEFAULT_METRIC) -> dict[str, Any]:
        """The area tab's map as drawn when it comes into view: the regions by risk level on the
        regions' index, else the municipalities by ``metric``, the page's area outlined."""
        if route.level == "vr" and route.code is None:
            values, _official = risk_values(snapshot)
            colouring = maps.Colouring(values, maps.RISK_LEVEL, area_names(snapshot, "vr"))
            return maps.map_figure(self.geometry, "vr", colouring)
        spec = METRICS.get(metric)
        chosen = metric if spec is not None and "gm" in spec.scales else DEFAULT_METRIC
        return self.figure(snapshot, "gm", chosen, route.code)

    def area_outputs(
        self, route: Route, snapshot: Snapshot, *, patch_only: bool, frame: str = ""
    ) -> dict[str, object]:
        """The router's map outputs for an area tab (with or without a chosen area): on a new frame
        the texts and an empty box (``area_figure`` draws it in view), within a frame a patch.
        ``frame`` (the router's frame key) marks the controls, so that the in-view watcher knows
        a new frame's map from the one it drew before, even where React keeps the element."""
        code = route.code
        watch = {"data-frame": frame}
        if route.level == "vr" and code is None:
            _values, official = risk_values(snapshot)
            explanation = (
                None
                if official
                else _("The colours are the indicative risk bands that follow from the guidance thresholds.")
            )
            return {
                "map_hidden": False,
                "map_figure": EMPTY_MAP,
                "map_heading": _("Risk level per safety region"),
                "map_controls": lazy_marker(
                    ids.AREA_MAP_VISIBLE, area_map_stores(None), style={"minHeight": "1px"}, **watch
                ),
                "map_legend": legend(maps.RISK_LEVEL, self.geometry.attribution),
                "map_note": self._note("vr", explanation),
            }
        if patch_only:
            return {"map_figure": maps.highlight_patch(self.geometry, code, focus=code)}
        if route.level == "vr":
            heading = _("Municipalities in this safety region")
        elif code is None:
            heading = _("Municipalities")
        else:
            heading = _("Municipalities in the safety region")
        return {
            "map_hidden": False,
            "map_figure": EMPTY_MAP,
            "map_heading": heading,
            "map_controls": lazy_marker(
                ids.AREA_MAP_VISIBLE, [*area_map_stores(DEFAULT_METRIC), metric_control("gm")], **watch
            ),
            "map_legend": self.legend_for(DEFAULT_METRIC, "gm"),
            "map_note": self._note("gm"),
        }

    def areas_nav(self, route: Route, snapshot: Snapshot) -> html.Nav | None:
        """The municipalities the area tab's map shows, by name, each a link: the keyboard's
        way to each of them from the map section. The index tabs list every area on the page already
        (the A-Z list, the list of regions), so there it is None."""
        if route.code is None or not route.is_area_level:
            return None
        reference = snapshot.reference
        region = route.code if route.level == "vr" else reference.municipalities[route.code].region_code
        members = sorted(
            reference.members(region), key=lambda code: reference.municipalities[code].name.casefold()
        )
        return html.Nav(
            [
                html.H3(_("Municipalities on this map"), className="map-areas-title", id="map-areas-title"),
                html.Ul(
                    [
                        html.Li(
                            html.Strong(reference.municipalities[code].name)
                            if code == route.code  # the page shown: no link to itself
                            else dcc.Link(
                                reference.municipalities[code].name, href=path_for(route.language, "gm", code)
                            )
                        )
                        for code in members
                    ],
                    className="map-areas-list",
                ),
            ],
            **Aria({"aria-labelledby": "map-areas-title"}),
        )

    def code_from_click(self, click_data: Mapping[str, Any] | None, level: str) -> str | None:
        return maps.code_from_click(click_data, self.geometry, level)

    def national_figure(self, snapshot: Snapshot, choice: NationalChoice) -> dict[str, Any]:
        return self.figure(snapshot, choice.level, choice.metric)

    def sewage_figure(self, snapshot: Snapshot) -> dict[str, Any]:
        return self.figure(snapshot, "vr", SEWAGE_METRIC)

    def national_outputs(self, snapshot: Snapshot, choice: NationalChoice) -> dict[str, object]:
        """The national map's figure and legend for a choice of metric and level."""
        return {
            "figure": self.figure(snapshot, choice.level, choice.metric),
            "legend": self.legend_for(choice.metric, choice.level),
        }

    # By region by default: 25 shapes draw at once, the 355 municipalities only when asked for.
    def positive_tests_card(self, snapshot: Snapshot, level: str = "vr") -> html.Section:
        """The national map: positive tests per 100,000 by default, any mapped metric (positive tests,
        hospital admissions, deaths, nursing homes, sewage) by municipality or by safety region, and
        its areas as a table on request."""
        choice = NationalChoice(DEFAULT_METRIC, level).fitted()
        return html.Section(
            [
                html.H3(_("The Netherlands on the map"), id="national-map-title"),
                dcc.Store(id=NATIONAL_MAP_CHOICE, data=choice.to_json()),
                *national_controls(choice),
                lazy_marker(ids.NATIONAL_MAP_VISIBLE, [map_graph(ids.NATIONAL_MAP)]),
                html.Div(
                    self.legend_for(choice.metric, choice.level),
                    id=NATIONAL_MAP_LEGEND,
                    className="map-legend",
                ),
                html.P(self._note(choice.level), className="map-note"),
                html.Div(
                    html.Button(
                        table_toggle_text(False),
                        id=NATIONAL_MAP_TABLE_TOGGLE,
                        type="button",
                        n_clicks=0,
                        className="btn btn-outline-primary btn-sm",
                        **Toggle({"aria-expanded": "false", "aria-controls": NATIONAL_MAP_TABLE}),
                    ),
                    className="chart-actions",
                ),
                html.Div(id=NATIONAL_MAP_TABLE, className="chart-table"),
            ],
            className="chart-card",
            id="chart-positive-tests-map",
        )

    def sewage_card(self, snapshot: Snapshot) -> html.Section:
        """The national map of each safety region's newest weekly sewage average."""
        return html.Section(
            [
                html.H3(_("Virus particles in sewage per safety region"), id="sewage-map-title"),
                lazy_marker(ids.SEWAGE_MAP_VISIBLE, [map_graph(ids.SEWAGE_MAP)]),
                html.Div(self.legend_for(SEWAGE_METRIC, "vr"), className="map-legend"),
                html.P(self._note("vr"), className="map-note"),
            ],
            className="chart-card",
            id="chart-sewage-map",
        )


def stand_ins() -> list[Component]:
    """One of each map component that a callback names, for the validation layout."""
    return [
        html.Button(id={"type": MAP_METRIC_CHOICE, "metric": DEFAULT_METRIC}),
        html.Button(id={"type": NATIONAL_METRIC_CHOICE, "metric": DEFAULT_METRIC}),
        html.Button(id={"type": NATIONAL_LEVEL_CHOICE, "level": "gm"}),
        dcc.Store(id=NATIONAL_MAP_CHOICE),
        html.Div(id=NATIONAL_MAP_LEGEND),
        html.Div(id=NATIONAL_MAP_TABLE),
        html.Button(id=NATIONAL_MAP_TABLE_TOGGLE),
        dcc.Store(id=ids.AREA_MAP_VISIBLE),
        *area_map_stores(DEFAULT_METRIC),
        dcc.Store(id=ids.NATIONAL_MAP_VISIBLE),
        dcc.Store(id=ids.SEWAGE_MAP_VISIBLE),
    ]
