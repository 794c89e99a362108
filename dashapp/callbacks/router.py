"""The router: which content goes into which slot of the page for a URL path.

``answer_parts`` decides what changes and answers every output by name. Moving to another area of
the same level (and language, and data version) refills only the area's own slots and patches the
map; everything else answers ``no_update``, so the response stays small and cheap.

What the router sends is the same for every visitor of a page (per language, data version and day),
so it is kept rendered as JSON text (``JsonText``) in the render cache, which the ingest fills ahead
for every worker (``warm``); ``routing`` writes those texts into Dash's answer as they are, so a move
costs look-ups and one write, not building components and serialising them again. That holds for
the whole of a move within a tab: the area's parts, its language links and the map's patch that
outlines it are each one look-up. ``navigate``
gives the same answer as plain values (for the server's HTML and the tests).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any, ParamSpec

from dash import Patch, no_update
from plotly.io.json import to_json_plotly

from dashapp.callbacks.charts import ChartRequest, chart_update
from dashapp.callbacks.render_cache import RenderCache
from dashapp.charts.ranges import DEFAULT_RANGE
from dashapp.charts.specs import CHARTS
from dashapp.clock import today_in_amsterdam
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, use_language
from dashapp.i18n import gettext as _
from dashapp.layouts import areas, changes, compare, national, shell
from dashapp.layouts.map_view import EMPTY_MAP, MapView
from dashapp.layouts.pages import page_layout, page_title
from dashapp.layouts.search import search_box
from dashapp.routes import CHANGES, COMPARE, FEED, LATER_CODE, PAGE, Route, path_for

P = ParamSpec("P")

# The router's outputs by name, in the order of its ``Output``s, with the component and property
# each fills (``callbacks/routing.py`` declares them from this table).
OUTPUT_TARGETS: dict[str, tuple[str, str]] = {
    "header": ("header-slot", "children"),
    "notice": ("notice-slot", "children"),
    "tabs": ("tabs-slot", "children"),
    "search": ("search-slot", "children"),
    "top": ("top-slot", "children"),
    "charts": ("charts-slot", "children"),
    "bottom": ("bottom-slot", "children"),
    "footer": ("footer-slot", "children"),
    "map_hidden": ("map-section", "hidden"),
    "map_figure": ("area-map", "figure"),
    "map_heading": ("map-heading", "children"),
    "map_controls": ("map-controls", "children"),
    "map_legend": ("map-legend", "children"),
    "map_note": ("map-note", "children"),
    "frame_key": ("frame-key", "data"),
    "version": ("shown-version", "data"),
    "title": ("page-title", "data"),
    "language": ("language-nav", "children"),
}
OUTPUTS = tuple(OUTPUT_TARGETS)
# The parts of the page's frame that stay while one moves within a level: one text per language,
# level, data version and day.
FRAME_PARTS = ("header", "notice", "tabs", "footer")
MAP_PARTS = ("map_hidden", "map_heading", "map_controls", "map_legend", "map_note")


class RenderingStopped(Exception):
    """Rendering ahead was told to stop: what it rendered is of no more use."""


@dataclass(frozen=True, slots=True)
class JsonText:
    """A value already serialised as Dash sends it (plotly's JSON, with "<", ">" and "/" escaped)."""

    text: str

    def value(self) -> object:
        return json.loads(self.text)


def frame_key(route: Route, snapshot: Snapshot | None) -> str:
    """Equal for two routes that share the page's frame: same language, level, kind and data."""
    version = snapshot.version if snapshot else "none"
    kind = "area" if route.code else "index"
    return f"{route.key}|{kind}|{version}"


def _title(route: Route, snapshot: Snapshot | None) -> str:
    site = _("Coronavirus dashboard")
    if route.level == PAGE:
        assert route.code is not None  # a page's route always names the page
        return f"{page_title(route.code)} – {site}"
    if snapshot is not None and route.code and route.level in ("vr", "gm"):
        return f"{snapshot.reference.name(route.code)} – {site}"
    if route.level == COMPARE:
        return f"{_('Compare areas')} – {site}"
    if route.level == CHANGES:
        return f"{_('What changed this week')} – {site}"
    if route.level == "vr":
        return f"{_('Safety regions')} – {site}"
    if route.level == "gm":
        return f"{_('Municipalities')} – {site}"
    if not route.found:
        return f"{_('Page not found')} – {site}"
    return site


def area_key(language: str, level: str, code: str, today: date, part: str = "top") -> tuple[Hashable, ...]:
    """An area's ``part`` (``top``: its heading and tiles; ``charts``: its charts)."""
    return ("area", language, level, code, today, part)


def area_top(snapshot: Snapshot, level: str, code: str, today: date) -> object:
    build = areas.region_top if level == "vr" else areas.municipality_top
    return build(snapshot, code, today)


def area_charts(snapshot: Snapshot, level: str, code: str, today: date) -> object:
    return areas.area_charts(snapshot, level, code, today)


def national_key(language: str, today: date) -> tuple[Hashable, ...]:
    return ("national", language, today)


def search_key(language: str) -> tuple[Hashable, ...]:
    return ("search", language)


def frame_part_key(part: str, language: str, level: str, today: date) -> tuple[Hashable, ...]:
    return ("frame", part, language, level, today)


def language_key(language: str, level: str, code: str | None) -> tuple[Hashable, ...]:
    """The links to a tab's or an area's page in the other languages (from its own address)."""
    return ("language", language, level, code)


def map_patch_key(level: str, code: str) -> tuple[Hashable, ...]:
    """The map's patch that outlines an area and brings it into view: the same in every language."""
    return ("map-patch", level, code)


def map_key(part: str, language: str, level: str, has_code: bool) -> tuple[Hashable, ...]:
    """The map of an area tab: ``texts`` (the heading, controls, legend and note of a new frame),
    ``data`` (its traces, most of its size) or ``layout``; the same for every area of a level but
    for the highlight and the view, which the area's patch sets."""
    return ("map", part, language, level, has_code)


def warm(
    cache: RenderCache,
    snapshot: Snapshot,
    map_view: MapView | None,
    today: date,
    languages: Iterable[str] = LANGUAGES,
    charts: RenderCache | None = None,
    areas: Mapping[str, Iterable[str]] | None = None,
    stop: Callable[[], bool] | None = None,
) -> int:
    """Render ahead what the router will be asked for: its answer for the national page and for every
    area as a first visit (the frame, the search box, the map, the area's part), in every language,
    and (with ``charts``) the default view of every chart of every area. Run after a new snapshot, so
    that even a first visit of an area costs look-ups. Needs an application context (Flask-Babel).
    ``areas`` (level -> codes) limits the areas rendered. ``stop()`` is asked after each area; when
    it says so, ``RenderingStopped`` ends the warming. Returns the number of areas rendered."""
    built = 0
    reference = snapshot.reference
    for language in languages:
        with use_language(language):
            for route in (Route(language, "nl"), Route(language, "vr"), Route(language, "gm")):
                answer_parts(route, _address(route), None, snapshot, reference, map_view, cache, today)
                if map_view is not None and route.is_area_level:
                    area_map_figure(route, snapshot, map_view, cache)
            if charts is not None:
                warm_charts(charts, snapshot, "nl", NATIONAL_CODE)
            for level, every in (("vr", reference.regions), ("gm", reference.municipalities)):
                codes = every if areas is None else areas.get(level, ())
                drawn = False  # the area map's figure: the same for every area of the level
                for code in codes:
                    if stop is not None and stop():
                        raise RenderingStopped
                    route = Route(language, level, code)
                    answer_parts(route, _address(route), None, snapshot, reference, map_view, cache, today)
                    if map_view is not None:  # what a move to this area within its tab sends
                        _map(route, snapshot, map_view, True, cache)
                    if map_view is not None and not drawn:
                        area_map_figure(route, snapshot, map_view, cache)
                        drawn = True
                    if charts is not None:
                        warm_charts(charts, snapshot, level, code)
                    built += 1
    return built


def _address(route: Route) -> str:
    return path_for(route.language, route.level, route.code)


def warm_charts(charts: RenderCache, snapshot: Snapshot, level: str, code: str) -> None:
    """The default view of every chart of an area, as its card's callback answers it (in the page's
    language: call inside ``use_language``)."""
    for chart_id in CHARTS[level]:
        request = ChartRequest(level, code, chart_id, DEFAULT_RANGE, toggled=False, table_open=False)
        chart_update(snapshot, request, charts)


def _cached(
    cache: RenderCache | None, snapshot: Snapshot | None, key: Hashable, build: Callable[[], object]
) -> object:
    """``build()``'s value, kept as JSON text in ``cache`` (without a cache or data: built each time)."""
    if cache is None or snapshot is None:
        return build()
    return JsonText(cache.get_json(snapshot.version, key, build))


def answer_parts(
    route: Route,
    pathname: str | None,
    shown_frame: str | None,
    snapshot: Snapshot | None,
    reference: Reference,
    map_view: MapView | None = None,
    cache: RenderCache | None = None,
    today: date | None = None,
    search: str | None = None,
) -> dict[str, object]:
    """The value of every router output, by name, for ``route`` (parsed from ``pathname``): a value,
    a component, ``JsonText`` from the cache, or ``no_update``. ``shown_frame`` is what the page shows
    now; ``today`` the page's day (default: the clock's). Call inside ``use_language(route.language)``."""
    result: dict[str, object] = dict.fromkeys(OUTPUTS, no_update)
    key = frame_key(route, snapshot)
    same_frame = key == shown_frame and route.is_area_level and snapshot is not None
    day = today or today_in_amsterdam()
    result["title"] = _title(route, snapshot)
    # The header stays while one moves within a tab, but its language link must always lead to
    # the page now shown.
    # The query string (a comparison's selection) goes along to the other language.
    result["language"] = _language_links(route, (pathname or "/") + (search or ""), snapshot, cache)
    if not same_frame:
        result.update(_frame(route, snapshot, cache, day))
        result.update(
            search=_search(reference, route, snapshot, cache) if route.is_area_level else None,
            frame_key=key,
            version=snapshot.version if snapshot else None,
            map_hidden=True,
            # Off the area tabs the map goes: its next frame starts with a new, empty box.
            map_controls=None,
            map_figure=EMPTY_MAP,
            top=None,
            charts=None,
            bottom=None,
        )
    result.update(_content(route, snapshot, reference, map_view, cache, day, search))
    if route.is_area_level and snapshot is not None and map_view is not None:
        result.update(_map(route, snapshot, map_view, same_frame, cache))
    return result


def _decoded(parts: Callable[P, dict[str, object]]) -> Callable[P, dict[str, object]]:
    def decoded(*args: P.args, **kwargs: P.kwargs) -> dict[str, object]:
        answer = parts(*args, **kwargs)
        return {
            name: value.value() if isinstance(value, JsonText) else value for name, value in answer.items()
        }

    return decoded


# ``answer_parts`` (same arguments) with every kept text decoded: each router output, by name, as a
# plain value or component (the server HTML and the tests take this form).
navigate = _decoded(answer_parts)


def _frame(
    route: Route, snapshot: Snapshot | None, cache: RenderCache | None, today: date
) -> dict[str, object]:
    """The header, notices, tabs and footer of a new frame."""
    builders: dict[str, Callable[[], object]] = {
        "header": partial(shell.header, route),
        "notice": partial(shell.notices, snapshot),
        "tabs": partial(shell.tabs, route) if route.level in ("nl", "vr", "gm") else lambda: None,
        "footer": partial(shell.footer, snapshot),
    }
    return {
        part: _cached(cache, snapshot, frame_part_key(part, route.language, route.level, today), build)
        for part, build in builders.items()
    }


def _language_links(
    route: Route, address: str, snapshot: Snapshot | None, cache: RenderCache | None
) -> object:
    """The language links for the page at ``address``. Kept once per tab or area where the address is
    the page's own (what a move sends; a route of a tab or area names only known areas); any other
    address (a query string, another spelling) is built each time, so that no visitor's address
    fills the cache."""
    build = partial(shell.language_links, route, address)
    if route.level not in ("nl", "vr", "gm") or address != _address(route):
        return build()
    return _cached(cache, snapshot, language_key(route.language, route.level, route.code), build)


def _search(
    reference: Reference, route: Route, snapshot: Snapshot | None, cache: RenderCache | None
) -> object:
    return _cached(cache, snapshot, search_key(route.language), partial(search_box, reference))


def _map(
    route: Route, snapshot: Snapshot, map_view: MapView, same_frame: bool, cache: RenderCache | None
) -> dict[str, object]:
    """The map's outputs: a highlight-and-zoom patch within a frame, else the texts around the map
    and an empty box of its height (the figure follows when the box nears the screen:
    ``area_map_figure``). The texts are the same for every area of a level: kept once per language
    and level."""
    if same_frame:
        code = route.code
        if cache is None or code is None:
            return map_view.area_outputs(route, snapshot, patch_only=True)
        # Kept as text: working out the area's outline and view box costs more than the rest of a move.
        patch = partial(map_view.area_outputs, route, snapshot, patch_only=True)
        return {
            "map_figure": JsonText(
                cache.get_json(
                    snapshot.version, map_patch_key(route.level, code), lambda: patch()["map_figure"]
                )
            )
        }
    frame = frame_key(route, snapshot)
    if cache is None:
        return map_view.area_outputs(route, snapshot, patch_only=False, frame=frame)

    def texts() -> object:  # the frame key too is the same for every area of the level
        outputs = map_view.area_outputs(route, snapshot, patch_only=False, frame=frame)
        return {name: outputs[name] for name in (*MAP_PARTS, "map_figure")}

    key = map_key("texts", route.language, route.level, route.code is not None)
    parts: dict[str, object] = json.loads(cache.get_json(snapshot.version, key, texts))
    return parts


def area_map_figure(
    route: Route, snapshot: Snapshot, map_view: MapView, cache: RenderCache | None = None
) -> object:
    """The area tab's map figure for ``route``, its area outlined and in view: a dict, or (with a
    cache) ``JsonText``. Its traces and layout are the same for every area of a level, so they are
    kept once per language and level and the area's highlight patch is applied to the layout."""
    if cache is None:
        return map_view.area_figure(route, snapshot)
    has_code = route.code is not None
    built: dict[str, Any] = {}

    def build(part: str) -> object:
        if not built:
            figure = map_view.area_figure(route, snapshot)
            built["data"], built["layout"] = figure["data"], figure["layout"]
        return built[part]

    version, language = snapshot.version, route.language
    data = cache.get_json(version, map_key("data", language, route.level, has_code), partial(build, "data"))
    layout = json.loads(
        cache.get_json(version, map_key("layout", language, route.level, has_code), partial(build, "layout"))
    )
    if has_code:
        patch = map_view.area_outputs(route, snapshot, patch_only=True)["map_figure"]
        if not isinstance(patch, Patch) or not apply_to_layout(layout, patch):
            return map_view.area_figure(route, snapshot)
    return JsonText(f'{{"data":{data},"layout":{to_json_plotly(layout)}}}')


def apply_to_layout(layout: dict[str, Any], patch: Patch) -> bool:
    """Apply ``patch`` to a figure's ``layout`` in place, if it only assigns values within the layout
    (what a highlight does); False, and ``layout`` unchanged, for any other patch."""
    operations = patch.to_plotly_json()["operations"]
    for operation in operations:
        location = operation.get("location")
        if operation.get("operation") != "Assign" or not location or location[0] != "layout":
            return False
        if len(location) < 2 or not all(isinstance(step, str) for step in location):
            return False
    for operation in operations:
        target = layout
        *path, last = operation["location"][1:]
        for step in path:
            target = target.setdefault(step, {})
        target[last] = operation["params"]["value"]
    return True


def _content(
    route: Route,
    snapshot: Snapshot | None,
    reference: Reference,
    map_view: MapView | None,
    cache: RenderCache | None,
    today: date,
    search: str | None = None,
) -> dict[str, object]:
    """The page's own content on ``today``: the top, bottom and charts slots."""
    if snapshot is None and route.found and route.level != PAGE:
        return {"top": shell.loading_view(), "bottom": None}
    if not route.found:
        return {"top": shell.not_found_view(route), "bottom": None}
    if route.level == PAGE:
        assert route.code is not None  # a page's route always names the page
        return {"top": page_layout(route.code), "bottom": None}
    if route.level == LATER_CODE:
        return {"top": shell.later_code_view(route, reference), "bottom": None}
    assert snapshot is not None
    if route.level == COMPARE:
        return {"top": compare.layout(snapshot, reference, search), "bottom": None}
    if route.level == CHANGES:
        return {"top": changes.layout(snapshot, reference, search), "bottom": None}
    if route.level == FEED:  # the feed's own address is served by dashapp.insights, never by Dash
        return {"top": shell.not_found_view(route), "bottom": None}
    if route.level == "nl":
        # The same for every visitor: built once per language, date and data version.
        page = partial(national.layout, snapshot, map_view, today=today)
        return {"top": _cached(cache, snapshot, national_key(route.language, today), page), "bottom": None}
    if route.code is None:
        return {"top": areas.index_top(route.level), "bottom": areas.index_listing(snapshot, route.level)}
    level, code, language = route.level, route.code, route.language
    return {
        "top": _cached(
            cache,
            snapshot,
            area_key(language, level, code, today),
            partial(area_top, snapshot, level, code, today),
        ),
        "charts": _cached(
            cache,
            snapshot,
            area_key(language, level, code, today, "charts"),
            partial(area_charts, snapshot, level, code, today),
        ),
    }
