"""Callbacks: thin functions that read the store's current Snapshot and hand it to layouts.

One module per feature, each with a ``register_…`` function: the router (``routing``), the chart
cards (``chart_cards``), the sewage plants (``area_panels``), the maps (``maps``), the search box
(``search``) and the table of municipalities (``tables``). Each callback sets the page's language
once (``use_language``), where the request enters; everything below it reads that language.
``register_callbacks`` wires them all to one app (``app.callback``, never the global decorator, so
that each app instance gets its own) and gives the app the layout Dash checks them against.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dash import Dash

from dashapp.callbacks.area_panels import register_area_panels
from dashapp.callbacks.chart_cards import register_chart_cards
from dashapp.callbacks.compare import register_compare
from dashapp.callbacks.maps import register_maps
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.routing import changed_version, register_routing
from dashapp.callbacks.search import register_search
from dashapp.callbacks.tables import register_tables
from dashapp.data.current import CurrentSnapshot
from dashapp.data.postcodes import PostcodeTable
from dashapp.layouts.map_view import MapView
from dashapp.layouts.validation import validation_layout

__all__ = ["RenderCaches", "changed_version", "register_callbacks"]


@dataclass
class RenderCaches:
    """What the callbacks of one worker keep rendered: pages, areas and their HTML, and chart answers."""

    # Per language: the national page, the search box, the frame of each level, the maps, every
    # area's top and charts and the HTML of the pages visited (about 1,600 entries after warming both
    # languages, 2,400 with every page's HTML).
    pages: RenderCache = field(default_factory=lambda: RenderCache(entries=4096, name="pages"))
    # The default view of every chart of every area in both languages is about 4,900 answers.
    charts: RenderCache = field(default_factory=lambda: RenderCache(entries=6144, name="charts"))


def register_callbacks(
    app: Dash,
    store: CurrentSnapshot,
    map_view: MapView | None = None,
    caches: RenderCaches | None = None,
    postcodes: PostcodeTable | None = None,
) -> None:
    caches = caches or RenderCaches()
    register_routing(app, store, map_view, caches.pages)
    register_search(app, postcodes, store.reference)
    register_chart_cards(app, store, caches.charts)
    register_area_panels(app, store)
    register_tables(app, store)
    register_compare(app, store)
    if map_view is not None:
        register_maps(app, store, map_view, caches.pages)
    # Every component a callback names, so that Dash checks each callback's ids against it (the
    # renderer reports an id that no layout has) instead of letting a typo fail silently.
    app.validation_layout = validation_layout()  # type: ignore[assignment]  # Dash declares it None
    app.config.suppress_callback_exceptions = False
