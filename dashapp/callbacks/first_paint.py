"""The page the server sends: the router's answer for the requested path, rendered to HTML.

A visitor sees the figures as soon as the HTML arrives (and without JavaScript at all); Dash then
builds the same page behind it from the same answer, and ``assets/app.js`` swaps the two when the
router's answer is on screen. The HTML of a page is kept in the worker's render cache, per data
version, language, page and day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Patch, no_update

from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.router import navigate
from dashapp.callbacks.routing import ROUTER_OUTPUTS
from dashapp.data.reference import Reference
from dashapp.data.snapshot import Snapshot
from dashapp.layouts.map_view import MapView
from dashapp.layouts.server_html import render
from dashapp.layouts.shell import static_layout
from dashapp.routes import PAGE, Route, path_for

SERVER_PAGE_ID = "server-page"
# Pages with one address each; others (unknown addresses, later municipality codes) are built each time.
CACHED_LEVELS = frozenset({"nl", "vr", "gm", PAGE})


def slot_fill(answer: dict[str, object]) -> dict[str, dict[str, Any]]:
    """The router's answer as properties per component id (what stays unchanged is left out)."""
    fill: dict[str, dict[str, Any]] = {}
    for name, output in ROUTER_OUTPUTS.items():
        value = answer.get(name, no_update)
        if value is no_update or isinstance(value, Patch):
            continue
        fill.setdefault(str(output.component_id), {})[output.component_property] = value
    return fill


def page_html(
    route: Route,
    pathname: str,
    snapshot: Snapshot | None,
    reference: Reference,
    map_view: MapView | None,
    pages: RenderCache | None,
    today: date,
) -> str:
    """The whole page for ``route`` on ``today`` as HTML. Call inside ``use_language(route.language)``."""
    answer = navigate(route, pathname, None, snapshot, reference, map_view, pages, today)
    return render(static_layout(), slot_fill(answer))


def cached_page_html(
    route: Route,
    pathname: str,
    snapshot: Snapshot | None,
    reference: Reference,
    map_view: MapView | None,
    pages: RenderCache,
    today: date,
) -> str:
    """``page_html`` from the cache: the same for every visitor of a page on one day and version."""
    if snapshot is None or route.level not in CACHED_LEVELS:
        return page_html(route, pathname, snapshot, reference, map_view, pages, today)
    # One address per page (a code in lower case leads to the same page and the same links).
    canonical = path_for(route.language, route.level, route.code)
    key = ("html", route.language, route.level, route.code, today)
    return pages.get_text(
        snapshot.version,
        key,
        lambda: page_html(route, canonical, snapshot, reference, map_view, pages, today),
    )
