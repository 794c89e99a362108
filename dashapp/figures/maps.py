"""Choropleth maps of municipalities or safety regions: Plotly figure dicts and small Dash Patches.

Only ``scatter`` traces on plain cartesian axes are used, so the basic plotly.js bundle draws them and
nothing is fetched at run time. Coordinates are RD New metres, both axes at the same scale.

Traces of a map figure, by index (``n`` = number of areas of the level that have a shape):

- 0: background: shapes whose codes are not in the 2020 division (a newer boundary file); no hover.
- 1 .. n: one filled polygon trace per area, in ``area_codes(geometry, level)`` order. The fill is
  the hover target (``hoveron="fills"``), so hovering or clicking anywhere inside an area reports its
  trace's ``curveNumber``. A fill hover has no point index and so no ``customdata``; its label shows
  the trace ``name``, which therefore holds the hover text.
- n + 1: label points of the areas without a shape (every area when no boundary file is installed),
  with the area code as ``customdata``.

The selected area's outline is a layout shape, so moving it redraws no trace. ``code_from_click``
turns a ``clickData`` into an area code for both kinds of target.

Patches, and why they are small and cheap in the browser: ``highlight_patch`` assigns only the
highlight shape and the two axis ranges; ``recolour_patch`` merges ``fillcolor``, ``fillpattern`` and
``name`` into each area trace and the ``hovertext`` and marker arrays of the points trace, all of
which plotly.js restyles without recomputing the traces.

Texts and numbers are in the page's language: call the text-producing functions inside
``dashapp.i18n.use_language``. The names of the areas come from the caller (the snapshot's reference).
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dash import Patch, dcc

from dashapp.data.boundaries import BBox, MapGeometry, Shape, level_of
from dashapp.i18n import current_language, format_number, number_formatter
from dashapp.i18n import gettext as _
from dashapp.labels import risk_level_name
from dashapp.metrics.bins import (
    HOSPITAL_ADMISSIONS_GM,
    HOSPITAL_ADMISSIONS_VR,
    NURSING_HOME_LOCATIONS,
    POSITIVE_TESTS,
    RISK_LEVEL,
    SEWAGE,
    ColourScale,
)

# The scales live with the metric registry; the ones tests and benchmarks name are re-exported here.
__all__ = [
    "HOSPITAL_ADMISSIONS_GM",
    "HOSPITAL_ADMISSIONS_VR",
    "NURSING_HOME_LOCATIONS",
    "POSITIVE_TESTS",
    "RISK_LEVEL",
    "SEWAGE",
    "ColourScale",
]

NO_DATA_COLOUR = "#ececec"
NO_DATA_HATCH = {"shape": "/", "fgcolor": "#8c8c8c", "size": 6, "solidity": 0.15}
NO_HATCH = {"shape": ""}
BORDER = {"color": "#ffffff", "width": 0.6}
HIGHLIGHT = {"color": "#000000", "width": 3}
HIGHLIGHT_RADIUS_PX = 9
# A view gets this share of its size as margin on each side and is never narrower than MIN_VIEW_M.
VIEW_MARGIN = 0.06
MIN_VIEW_M = 20_000.0
# Stand-ins that mark where a translated template takes its value and a level's name.
_VALUE, _NAME = "\x00", "\x01"

# For dcc.Graph(config=...): a fixed map without the mode bar.
GRAPH_CONFIG: dcc.Graph.Config = {
    "displayModeBar": False,
    "scrollZoom": False,
    "doubleClick": False,
    "showTips": False,
}


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    hatched: bool = False  # "no data": grey with diagonal hatching


Values = Mapping[str, float | None]
# The date of each area's value as the hover says it ("Value of 2 December 2020"), by area code.
Dates = Mapping[str, str]


@dataclass(frozen=True)
class Colouring:
    """What colours a map and what its hover says: each area's value (a missing code, None or NaN: no
    data) binned by ``scale``, its name, and the date of its value (shown under the value), by code."""

    values: Values
    scale: ColourScale
    names: Mapping[str, str]
    dates: Dates = field(default_factory=dict)


# --- bins and texts ---------------------------------------------------------------------------------


def bin_index(value: float | None, scale: ColourScale) -> int | None:
    """The bin of a value, or None for no data (and, on a categorical scale, for unknown categories)."""
    if value is None or math.isnan(value):
        return None
    if scale.categorical:
        return scale.thresholds.index(value) if value in scale.thresholds else None
    return max(0, bisect.bisect_right(scale.thresholds, value) - 1)


def _risk_name(level: int) -> str:
    return risk_level_name(level)


def _unit_template(scale: ColourScale) -> str:
    """The translated text around a value of the scale, with ``_VALUE`` where the number goes (and
    ``_NAME`` where a category's name goes)."""
    return _(scale.value_template, value=_VALUE, level=_VALUE, name=_NAME)


def _value_texter(scale: ColourScale) -> Callable[[float | None], str]:
    """A function giving a value with its unit, as the hover shows it; translations looked up once."""
    no_data = _("No data")
    number = number_formatter(scale.decimals, current_language())
    template = _unit_template(scale)
    level_names = {level: _risk_name(int(level)) for level in scale.thresholds} if scale.categorical else {}

    def text(value: float | None) -> str:
        index = bin_index(value, scale)
        if index is None or value is None:
            return no_data
        filled = template.replace(_VALUE, number(value))
        return filled.replace(_NAME, level_names[scale.thresholds[index]]) if level_names else filled

    return text


def value_text(value: float | None, scale: ColourScale) -> str:
    """One value with its unit, e.g. "12,3 per 100.000 inwoners" or "Niveau 2: Zorgelijk"."""
    return _value_texter(scale)(value)


def legend_title(scale: ColourScale) -> str:
    return _(scale.legend_title) if scale.legend_title else scale.key


def legend_entries(scale: ColourScale) -> list[LegendEntry]:
    """One entry per bin, lowest first, then "no data"; bounds formatted for the language."""
    bounds = [format_number(t, 0) for t in scale.thresholds]
    entries = []
    for i, colour in enumerate(scale.colours):
        if scale.categorical:
            label = f"{bounds[i]} {_risk_name(int(scale.thresholds[i]))}"
        elif i == 0:
            label = _("under %(upper)s", upper=bounds[1])
        elif i == len(bounds) - 1:
            label = _("%(lower)s or more", lower=bounds[i])
        else:
            label = _("%(lower)s to under %(upper)s", lower=bounds[i], upper=bounds[i + 1])
        entries.append(LegendEntry(colour, label))
    entries.append(LegendEntry(NO_DATA_COLOUR, _("No data"), hatched=True))
    return entries


def map_note(geometry: MapGeometry, level: str) -> str | None:
    """The sentence to show under a map whose areas are (partly) dots rather than shapes, else None."""
    if not geometry.has_borders:
        return _("Exact borders are not installed: each area is shown as a dot at its centre.")
    missing = len(geometry.point_codes(level))
    if missing:
        return _(
            "%(count)s areas are missing from the installed borders and are shown as dots.",
            count=format_number(missing, 0),
        )
    return None


def _escaped(text: str) -> str:
    """Plotly draws hover texts as its own small HTML: a name or date must not become markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _hover(name: str, text: str, dated: str | None = None) -> str:
    """Name, value and (when there is a value) its date: "<b>Amsterdam</b><br>12,3 per …<br>Waarde van …"."""
    lines = [f"<b>{_escaped(name)}</b>", _escaped(text)]
    if dated:
        lines.append(_escaped(dated))
    return "<br>".join(lines)


def _fill(value: float | None, scale: ColourScale) -> tuple[str, dict[str, Any]]:
    index = bin_index(value, scale)
    if index is None:
        return NO_DATA_COLOUR, NO_DATA_HATCH
    return scale.colours[index], NO_HATCH


# --- static geometry per level, built once per MapGeometry ------------------------------------------


@dataclass(frozen=True)
class _Drawing:
    codes: tuple[str, ...]  # areas with a shape: trace i + 1 draws codes[i]
    paths: tuple[tuple[list[int | None], list[int | None]], ...]
    point_codes: tuple[str, ...]
    point_x: list[int]
    point_y: list[int]
    background: tuple[list[int | None], list[int | None]]

    @property
    def points_trace(self) -> int:
        return len(self.codes) + 1


def _xy(shapes: Sequence[Shape]) -> tuple[list[int | None], list[int | None]]:
    """x and y of every ring, each closed (so its outline closes too), separated by None."""
    xs: list[int | None] = []
    ys: list[int | None] = []
    for shape in shapes:
        for polygon in shape.polygons:
            for ring in polygon:
                if xs:
                    xs.append(None)
                    ys.append(None)
                xs.extend(x for x, _ in ring)
                ys.extend(y for _, y in ring)
                xs.append(ring[0][0])
                ys.append(ring[0][1])
    return xs, ys


@functools.lru_cache(maxsize=8)
def _drawing(geometry: MapGeometry, level: str) -> _Drawing:
    codes = geometry.shaped_codes(level)
    point_codes = geometry.point_codes(level)
    points = geometry.points[level]
    return _Drawing(
        codes=codes,
        paths=tuple(_xy([geometry.shapes[level][code]]) for code in codes),
        point_codes=point_codes,
        point_x=[points[code][0] for code in point_codes],
        point_y=[points[code][1] for code in point_codes],
        background=_xy(geometry.background) if level == "gm" else ([], []),
    )


def area_codes(geometry: MapGeometry, level: str) -> tuple[str, ...]:
    """Codes of the polygon traces: trace ``i + 1`` draws ``area_codes(...)[i]``."""
    return _drawing(geometry, level).codes


def code_from_click(click_data: Mapping[str, Any] | None, geometry: MapGeometry, level: str) -> str | None:
    """The area code that a map's ``clickData`` (or ``hoverData``) points at, or None.

    A label point carries its code as ``customdata``; a click inside a polygon carries only the
    trace's ``curveNumber``, which ``area_codes`` maps to the code.
    """
    points = (click_data or {}).get("points") or []
    if not points or not isinstance(points[0], Mapping):
        return None
    point = points[0]
    custom = point.get("customdata")
    if isinstance(custom, str) and custom in geometry.points[level]:
        return custom
    codes = _drawing(geometry, level).codes
    curve = point.get("curveNumber")
    if isinstance(curve, int) and not isinstance(curve, bool) and 1 <= curve <= len(codes):
        return codes[curve - 1]
    return None


# --- view and highlight -----------------------------------------------------------------------------


def focus_box(geometry: MapGeometry, focus: str | None) -> BBox:
    """What to show: the whole country (None), a region's municipalities (VR code), or the
    municipalities of the region a municipality lies in (GM code), as the original zoomed."""
    if focus is None:
        return geometry.full_bbox()
    region = focus if level_of(focus) == "vr" else geometry.region_of[focus]
    return geometry.members_bbox(region)


def view_ranges(box: BBox) -> tuple[list[int], list[int]]:
    """Axis ranges around a box, with a margin; the map keeps equal scales, so plotly widens one."""
    x0, y0, x1, y1 = box
    half_width = max(x1 - x0, MIN_VIEW_M) * (0.5 + VIEW_MARGIN)
    half_height = max(y1 - y0, MIN_VIEW_M) * (0.5 + VIEW_MARGIN)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (
        [round(cx - half_width), round(cx + half_width)],
        [round(cy - half_height), round(cy + half_height)],
    )


@functools.lru_cache(maxsize=1024)
def _outline_path(geometry: MapGeometry, code: str) -> str:
    shape = geometry.shapes[level_of(code)][code]
    return "".join(
        "M" + "L".join(f"{x},{y}" for x, y in ring) + "Z" for polygon in shape.polygons for ring in polygon
    )


def highlight_shapes(geometry: MapGeometry, selected: str | None) -> list[dict[str, Any]]:
    """``layout.shapes`` outlining ``selected`` (a GM or VR code): its border, or a ring round its dot."""
    if selected is None:
        return []
    level = level_of(selected)
    if selected in geometry.shapes[level]:
        return [{"type": "path", "path": _outline_path(geometry, selected), "line": HIGHLIGHT}]
    x, y = geometry.points[level][selected]
    r = HIGHLIGHT_RADIUS_PX
    return [
        {
            "type": "circle",
            "xsizemode": "pixel",
            "ysizemode": "pixel",
            "xanchor": x,
            "yanchor": y,
            "x0": -r,
            "x1": r,
            "y0": -r,
            "y1": r,
            "line": HIGHLIGHT,
        }
    ]


# --- figure and patches -----------------------------------------------------------------------------


def _area_style(drawing: _Drawing, colouring: Colouring) -> list[dict[str, Any]]:
    """Per polygon trace: what a metric decides (colour, hatching, hover text)."""
    scale, dates = colouring.scale, colouring.dates
    text = _value_texter(scale)
    styles = []
    for code in drawing.codes:
        value = colouring.values.get(code)
        colour, hatch = _fill(value, scale)
        dated = dates.get(code) if bin_index(value, scale) is not None else None
        styles.append(
            {
                "fillcolor": colour,
                "fillpattern": hatch,
                "name": _hover(colouring.names[code], text(value), dated),
            }
        )
    return styles


def _point_style(drawing: _Drawing, colouring: Colouring) -> dict[str, list[str]]:
    scale, dates = colouring.scale, colouring.dates
    text = _value_texter(scale)
    colours, symbols, texts = [], [], []
    for code in drawing.point_codes:
        value = colouring.values.get(code)
        index = bin_index(value, scale)
        colours.append(NO_DATA_COLOUR if index is None else scale.colours[index])
        symbols.append("circle-x" if index is None else "circle")
        dated = dates.get(code) if index is not None else None
        texts.append(_hover(colouring.names[code], text(value), dated))
    return {"color": colours, "symbol": symbols, "hovertext": texts}


def map_figure(
    geometry: MapGeometry,
    level: str,
    colouring: Colouring,
    *,
    selected: str | None = None,
    focus: str | None = None,
) -> dict[str, Any]:
    """The map of every area of a level (``"gm"`` or ``"vr"``), coloured and labelled by ``colouring``.

    ``selected`` is outlined (a GM or VR code, on either level's map); ``focus`` chooses the view
    (``focus_box``).
    The returned dict shares its coordinate lists with a cache: serialise it, never mutate it.
    """
    drawing = _drawing(geometry, level)
    data: list[dict[str, Any]] = [
        {
            "x": drawing.background[0],
            "y": drawing.background[1],
            "fillcolor": "#f7f7f7",
            "line": {"color": "#d0d0d0", "width": 0.6},
            "hoverinfo": "skip",
        }
    ]
    for (xs, ys), style in zip(drawing.paths, _area_style(drawing, colouring), strict=True):
        data.append({"x": xs, "y": ys, **style})
    point_style = _point_style(drawing, colouring)
    data.append(
        {
            "x": drawing.point_x,
            "y": drawing.point_y,
            "mode": "markers",
            "fill": "none",
            "hoveron": "points",
            "customdata": list(drawing.point_codes),
            "hovertext": point_style["hovertext"],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {
                "size": 10,
                "color": point_style["color"],
                "symbol": point_style["symbol"],
                "line": {"color": "#4d4d4d", "width": 1},
            },
        }
    )
    x_range, y_range = view_ranges(focus_box(geometry, focus))
    axis = {"visible": False, "fixedrange": True}
    return {
        "data": data,
        "layout": {
            # Defaults of every trace, so that 355 polygon traces need not repeat them.
            "template": {
                "data": {
                    "scatter": [
                        {
                            "type": "scatter",
                            "mode": "lines",
                            "fill": "toself",
                            "line": BORDER,
                            "hoveron": "fills",
                            "hoverinfo": "text",
                            "showlegend": False,
                        }
                    ]
                }
            },
            "shapes": highlight_shapes(geometry, selected),
            "xaxis": {**axis, "range": x_range},
            "yaxis": {**axis, "range": y_range, "scaleanchor": "x", "scaleratio": 1},
            "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
            "hovermode": "closest",
            # Over polygons a dot should win only when the pointer is on it, not 20 px around it.
            "hoverdistance": 8 if drawing.codes else 20,
            "dragmode": False,
            "showlegend": False,
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "hoverlabel": {"bgcolor": "#ffffff", "bordercolor": "#333333", "font": {"color": "#000000"}},
        },
    }


def recolour_patch(geometry: MapGeometry, level: str, colouring: Colouring) -> Patch:
    """Colours and hover texts for other values (another metric, date or language) on the same map."""
    drawing = _drawing(geometry, level)
    patch = Patch()
    for trace, style in enumerate(_area_style(drawing, colouring), start=1):
        patch["data"][trace].update(style)
    if drawing.point_codes:
        point_style = _point_style(drawing, colouring)
        points = patch["data"][drawing.points_trace]
        points["hovertext"] = point_style["hovertext"]
        points["marker"]["color"] = point_style["color"]
        points["marker"]["symbol"] = point_style["symbol"]
    return patch


def highlight_patch(geometry: MapGeometry, selected: str | None, *, focus: str | None = None) -> Patch:
    """Outline ``selected`` (None: nothing) and show the view of ``focus``, on either level's map."""
    patch = Patch()
    patch["layout"]["shapes"] = highlight_shapes(geometry, selected)
    x_range, y_range = view_ranges(focus_box(geometry, focus))
    patch["layout"]["xaxis"]["range"] = x_range
    patch["layout"]["yaxis"]["range"] = y_range
    return patch
