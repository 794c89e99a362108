"""The router: which content goes into which slot of the page for a URL path.

``navigate`` decides what changes and answers every output by name. Moving to another area of the
same level (and language, and data version) refills only the area's own slots and patches the map;
everything else answers ``no_update``, so the response stays small and cheap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial

from dash import no_update

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
from dashapp.layouts.map_view import MapView
from dashapp.layouts.pages import page_layout, page_title
from dashapp.layouts.search import search_box
from dashapp.routes import CHANGES, COMPARE, FEED, LATER_CODE, PAGE, Route

# The router's outputs by name, in the order of its ``Output``s (``callbacks/routing.py``).
OUTPUTS = (
    "header",
    "notice",
    "tabs",
    "search",
    "top",
    "charts",
    "bottom",
    "footer",
    "map_hidden",
    "map_figure",
    "map_heading",
    "map_controls",
    "map_legend",
    "map_note",
    "frame_key",
    "version",
    "title",
    "language",
)


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


def area_key(language: str, level: str, code: str, today: date) -> tuple:
    return ("area", language, level, code, today)


def area_part(snapshot: Snapshot, level: str, code: str, today: date) -> dict[str, object]:
    """What changes when one moves to another area of a level: its heading and tiles, and its charts."""
    build = areas.region_top if level == "vr" else areas.municipality_top
    return {"top": build(snapshot, code, today), "charts": areas.area_charts(snapshot, level, code, today)}


def national_key(language: str, today: date) -> tuple:
    return ("national", language, today)


def search_key(language: str) -> tuple:
    return ("search", language)


def warm(
    cache: RenderCache,
    snapshot: Snapshot,
    map_view: MapView | None,
    today: date,
    languages: Iterable[str] = LANGUAGES,
    charts: RenderCache | None = None,
    areas: Mapping[str, Iterable[str]] | None = None,
) -> int:
    """Render ahead what the router will be asked for: the national page and every area's part, in
    every language, and (with ``charts``) the default view of every chart of every area. Runs in the
    refresh thread after a new snapshot, so that even a first visit of an area costs a cache look-up.
    Needs an application context (Flask-Babel). ``areas`` (level -> codes) limits the areas rendered.
    Returns the number of areas rendered."""
    built = 0
    reference = snapshot.reference
    for language in languages:
        with use_language(language):
            page = partial(national.layout, snapshot, map_view, today=today)
            cache.get(snapshot.version, national_key(language, today), page)
            cache.get(snapshot.version, search_key(language), partial(search_box, reference))
            if charts is not None:
                warm_charts(charts, snapshot, "nl", NATIONAL_CODE)
            for level, every in (("vr", reference.regions), ("gm", reference.municipalities)):
                codes = every if areas is None else areas.get(level, ())
                for code in codes:
                    key = area_key(language, level, code, today)
                    cache.get(snapshot.version, key, partial(area_part, snapshot, level, code, today))
                    if charts is not None:
                        warm_charts(charts, snapshot, level, code)
                    built += 1
    return built


def warm_charts(charts: RenderCache, snapshot: Snapshot, level: str, code: str) -> None:
    """The default view of every chart of an area, as its card's callback answers it (in the page's
    language: call inside ``use_language``)."""
    for chart_id in CHARTS[level]:
        request = ChartRequest(level, code, chart_id, DEFAULT_RANGE, toggled=False, table_open=False)
        chart_update(snapshot, request, charts)


def _search(
    reference: Reference, route: Route, snapshot: Snapshot | None, cache: RenderCache | None
) -> object:
    if cache is None or snapshot is None:
        return search_box(reference)
    return cache.get(snapshot.version, search_key(route.language), partial(search_box, reference))


def navigate(
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
    """The value of every router output, by name, for ``route`` (parsed from ``pathname``);
    ``shown_frame`` is what the page shows now; ``today`` the page's day (default: the clock's).
    Call inside ``use_language(route.language)``."""
    result: dict[str, object] = dict.fromkeys(OUTPUTS, no_update)
    key = frame_key(route, snapshot)
    same_frame = key == shown_frame and route.is_area_level and snapshot is not None
    result["title"] = _title(route, snapshot)
    # The header stays while one moves within a tab, but its language link must always lead to
    # the page now shown.
    # The query string (a comparison's selection) goes along to the other language.
    result["language"] = shell.language_links(route, (pathname or "/") + (search or ""))
    if not same_frame:
        result.update(
            header=shell.header(route),
            notice=shell.notices(snapshot),
            tabs=shell.tabs(route) if route.level in ("nl", "vr", "gm") else None,
            footer=shell.footer(snapshot),
            search=_search(reference, route, snapshot, cache) if route.is_area_level else None,
            frame_key=key,
            version=snapshot.version if snapshot else None,
            map_hidden=True,
            top=None,
            charts=None,
            bottom=None,
        )
    day = today or today_in_amsterdam()
    result.update(_content(route, snapshot, reference, map_view, cache, day, search))
    if route.is_area_level and snapshot is not None and map_view is not None:
        result.update(map_view.area_outputs(route, snapshot, patch_only=same_frame))
    return result


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
        page = partial(national.layout, snapshot, map_view, today=today)
        # The same for every visitor: built once per language, date and data version.
        key = national_key(route.language, today)
        return {"top": page() if cache is None else cache.get(snapshot.version, key, page), "bottom": None}
    if route.code is None:
        return {"top": areas.index_top(route.level), "bottom": areas.index_listing(snapshot, route.level)}
    part = partial(area_part, snapshot, route.level, route.code, today)
    key = area_key(route.language, route.level, route.code, today)
    content = part() if cache is None else cache.get(snapshot.version, key, part)
    assert isinstance(content, dict)
    return {"top": content["top"], "charts": content["charts"]}
