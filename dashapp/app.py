"""The app factory: one Flask server with Flask-Babel, one Dash app, the data store and /healthz."""

from __future__ import annotations

import logging
import time
from functools import partial
from pathlib import Path

import dash
import flask
import plotly.io
from flask_babel import Babel
from markupsafe import escape

from dashapp.callbacks import RenderCaches, register_callbacks
from dashapp.callbacks.router import warm
from dashapp.clock import today_in_amsterdam
from dashapp.config import Config
from dashapp.data.boundaries import configured_geometry
from dashapp.data.demo_source import DemoSource
from dashapp.data.store import DataStore, DirectorySource
from dashapp.downloads import register_downloads
from dashapp.i18n import LANGUAGE_COOKIE, language_of_path, preferred_language, select_locale, use_language
from dashapp.i18n import gettext as _
from dashapp.layouts.map_view import MapView
from dashapp.layouts.shell import static_layout
from dashapp.routes import parse_path
from dashapp.web import install_hardening

PROJECT_DIR = Path(__file__).resolve().parent.parent
STORE_KEY = "dashapp_store"
MAP_KEY = "dashapp_map_view"
CACHES_KEY = "dashapp_render_caches"
log = logging.getLogger(__name__)
# Requests to these prefixes are Dash's own or ours, never pages.
NON_PAGE_PREFIXES = (
    "/_dash",
    "/_reload",
    "/_favicon",
    "/assets/",
    "/healthz",
    "/vendor/",
    "/download/",
    "/.well-known/",
)


class LocalizedDash(dash.Dash):
    """Dash whose index page carries the request's language and a translated title."""

    def interpolate_index(self, **kwargs):
        language = select_locale()
        with use_language(language):
            kwargs["title"] = _("Coronavirus dashboard")
            description = escape(
                _("How COVID-19 develops in the Netherlands, its safety regions and municipalities.")
            )
            kwargs["metas"] = f'<meta name="description" content="{description}">' + kwargs.get("metas", "")
            # Dash's own placeholder says "Loading..." in English whatever the page's language.
            loading = escape(_("The dashboard is loading…"))
            kwargs["app_entry"] = (
                f'<div id="react-entry-point"><div class="_dash-loading" role="status">{loading}</div></div>'
            )
            html = super().interpolate_index(**kwargs)
        return html.replace("<html>", f'<html lang="{language}">', 1)


def make_store(config: Config) -> DataStore:
    if config.data_dir is not None:
        source = DirectorySource(config.data_dir)
    else:
        source = DemoSource(config.demo_dir, days=config.demo_days)
    return DataStore(source, refresh_seconds=config.refresh_seconds, risk_levels=config.risk_levels)


def warm_caches(server: flask.Flask, caches: RenderCaches, map_view: MapView, snapshot) -> None:
    """Pre-render pages and area headers for a new snapshot (in the refresh thread)."""
    started = time.perf_counter()
    with server.app_context(), server.test_request_context("/"):
        built = warm(caches.pages, snapshot, map_view, today_in_amsterdam())
    log.info("rendered %d area headers ahead in %.1f s", built, time.perf_counter() - started)


def make_map_view(config: Config) -> MapView:
    """The map geometry of this process: the configured boundary file, else the download cache, else
    label points. A broken file is logged and reported on /healthz; the maps then use label points."""
    geometry, problem = configured_geometry(config.boundaries)
    if problem is None:
        return MapView(geometry)
    log.error("boundaries not used: %s", problem.describe())
    return MapView(geometry, problem=problem.describe())


def create_server(
    config: Config | None = None, store: DataStore | None = None, *, load: bool = True
) -> flask.Flask:
    """Build the server. With ``load`` the first Snapshot is built before this returns.

    The refresh thread is not started here (that must happen after gunicorn forks): see
    ``gunicorn.conf.py`` and the lazy start in ``before_request``.
    """
    config = config or Config.from_env()
    # Dash serialises callback answers with plotly's JSON module. Its orjson engine first walks
    # every value in Python to make it orjson-safe; for our answers (component trees of strings and
    # small lists) the standard library engine is about twice as fast (measured: 1.7 vs 3.6 ms for a
    # municipality page).
    plotly.io.json.config.default_engine = "json"
    logging.basicConfig(level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    store = store or make_store(config)
    if load and store.current is None:
        store.refresh()

    server = flask.Flask(__name__)
    server.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_DIR / "translations")
    server.config["BABEL_DEFAULT_LOCALE"] = "nl"
    Babel(server, locale_selector=select_locale)
    server.extensions[STORE_KEY] = store

    app = LocalizedDash(
        __name__,
        server=server,
        url_base_pathname="/",
        title="",
        update_title=None,
        # Dash's own index wraps its scripts in a <footer>: a second "contentinfo" landmark.
        index_string=dash.dash._default_index.replace("<footer>", "<div>").replace("</footer>", "</div>"),
        suppress_callback_exceptions=True,
        serve_locally=True,
        assets_folder=str(Path(__file__).resolve().parent / "assets"),
    )
    install_hardening(server, app)
    app.layout = static_layout
    map_view = make_map_view(config)
    server.extensions[MAP_KEY] = map_view
    caches = RenderCaches()
    server.extensions[CACHES_KEY] = caches
    register_callbacks(app, store, map_view, caches)
    if config.warm_cache:
        store.on_new_snapshot(partial(warm_caches, server, caches, map_view))
    register_downloads(server, store)
    _register_routes(server, app, store, map_view)
    return server


def _register_routes(server: flask.Flask, app: dash.Dash, store: DataStore, map_view: MapView) -> None:
    @server.before_request
    def route_pages():
        if not store.running:
            store.start()
        path = flask.request.path
        if path.startswith(NON_PAGE_PREFIXES):
            return None
        if path == "/":
            response = flask.redirect(f"/{preferred_language()}/", code=302)
            response.headers["Vary"] = "Accept-Language, Cookie"
            return response
        if not parse_path(path, store.reference).found:
            return flask.make_response(app.index(), 404)
        return None

    @server.after_request
    def remember_language(response: flask.Response):
        language = language_of_path(flask.request.path)
        if language and response.mimetype == "text/html":
            response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    @server.get("/healthz")
    def healthz():
        health = store.health()
        geometry = map_view.geometry
        health["maps"] = {
            "borders": geometry.has_borders,
            "file": str(geometry.source) if geometry.source else None,
            "error": map_view.problem,
        }
        return flask.jsonify(health), 200 if store.current is not None else 503
