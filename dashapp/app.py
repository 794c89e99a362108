"""The app factory: one Flask server with Flask-Babel, one Dash app, the data store and /healthz."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from functools import partial
from pathlib import Path

import dash
import flask
import plotly.io
from flask.typing import ResponseReturnValue
from flask_babel import Babel
from markupsafe import escape

from dashapp.api import register_open_data
from dashapp.callbacks import RenderCaches, register_callbacks
from dashapp.callbacks.first_paint import SERVER_PAGE_ID, cached_page_html
from dashapp.callbacks.router import warm
from dashapp.callbacks.shared_renders import SharedRendersLookup, render_release
from dashapp.clock import today_in_amsterdam
from dashapp.config import Config
from dashapp.data.boundaries import configured_geometry
from dashapp.data.errors import SourceError
from dashapp.data.postcodes import configured_postcodes
from dashapp.data.repository import SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.snapshot import Snapshot
from dashapp.data.store import DataStore, store_for
from dashapp.downloads import register_downloads
from dashapp.i18n import LANGUAGE_COOKIE, language_of_path, preferred_language, select_locale, use_language
from dashapp.i18n import gettext as _
from dashapp.insights import register_insights
from dashapp.layouts.map_view import MapView
from dashapp.layouts.shell import static_layout
from dashapp.routes import parse_path
from dashapp.web import install_hardening
from dashapp.web.preload import DASH_KEY
from dashapp.web.security import EMBED_PREFIXES
from dashapp.web.vendor import START_SCRIPT_KEY, on_demand_scripts, page_scripts

PROJECT_DIR = Path(__file__).resolve().parent.parent
STORE_KEY = "dashapp_store"
# The data version a response was computed from, and (sent by the page's script) the one it shows.
VERSION_HEADER = "X-Data-Version"
PAGE_VERSION_HEADER = "X-Page-Version"
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
    "/api/",
    *EMBED_PREFIXES,
)


class LocalizedDash(dash.Dash):
    """Dash whose index page carries the request's language and a translated title."""

    def interpolate_index(
        self,
        metas: str = "",
        title: str = "",
        css: str = "",
        config: str = "",
        scripts: str = "",
        app_entry: str = "",
        favicon: str = "",
        renderer: str = "",
    ) -> str:
        # Dash's own parameters (it passes them by keyword); the title, metas and app entry are replaced.
        language = select_locale()
        with use_language(language):
            title = _("Coronavirus dashboard")
            description = escape(
                _("How COVID-19 develops in the Netherlands, its safety regions and municipalities.")
            )
            metas = f'<meta name="description" content="{description}">' + metas
            snapshot = flask.current_app.extensions[STORE_KEY].current
            if snapshot is not None:
                metas += f'<meta name="data-version" content="{escape(snapshot.version)}">'
            # The page itself, from the server: read at once, also without JavaScript. Dash renders the
            # same page behind it and ``assets/app.js`` swaps the two when Dash's is complete.
            app_entry = (
                f'<div id="{SERVER_PAGE_ID}">{self._server_page(language)}</div>'
                '<div id="react-entry-point" class="dash-behind"></div>'
            )
            # No polyfills for browsers of another decade; the theme is set before the first paint.
            sorted_scripts = page_scripts(scripts)
            # Dash's scripts are started by ours: at once with a mouse, at the first touch on a phone.
            body_scripts = on_demand_scripts(
                sorted_scripts.body, renderer, flask.current_app.extensions[START_SCRIPT_KEY]
            )
            html: str = super().interpolate_index(
                metas=metas + sorted_scripts.head,
                title=title,
                css=css,
                config=config,
                scripts=body_scripts,
                app_entry=app_entry,
                favicon=favicon,
                renderer="",
            )
        return html.replace("<html>", f'<html lang="{language}">', 1)

    def _server_page(self, language: str) -> str:
        extensions = flask.current_app.extensions
        store = extensions[STORE_KEY]
        path = flask.request.path
        route = parse_path(path, store.reference, default_language=language)
        return cached_page_html(
            route,
            path,
            store.current,
            store.reference,
            extensions.get(MAP_KEY),
            extensions[CACHES_KEY].pages,
            today_in_amsterdam(),
        )


Store = DataStore | PublishedStore


def make_serving_store(config: Config) -> PublishedStore:
    """The web workers' store: the versions published into ``config.snapshot_dir``."""
    assert config.snapshot_dir is not None
    return PublishedStore(
        SnapshotRepository(config.snapshot_dir),
        poll_seconds=config.manifest_seconds,
        demo=config.uses_demo,
    )


def make_store(config: Config) -> DataStore:
    """A store that reads the raw files itself: the ingest's, and that of tests and scripts."""
    return store_for(config)


def warm_caches(server: flask.Flask, caches: RenderCaches, map_view: MapView, snapshot: Snapshot) -> None:
    """Pre-render pages and area headers for a new snapshot (in the refresh thread)."""
    started = time.perf_counter()
    with server.app_context(), server.test_request_context("/"):
        built = warm(caches.pages, snapshot, map_view, today_in_amsterdam(), charts=caches.charts)
    log.info("rendered %d areas and their charts ahead in %.1f s", built, time.perf_counter() - started)


def code_release() -> str:
    """Changes with any file of the app's code or assets: part of every page's ETag, so that a new
    release is never answered from a cache with the old one's HTML."""
    digest = hashlib.sha1()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".js", ".css", ".md") and path.is_file():
            info = path.stat()
            digest.update(f"{path.relative_to(package)}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def version_etag(release: str, version: str, full_path: str) -> str:
    """A page's or download's ETag: its data version, the code's release and its URL."""
    return hashlib.sha1(f"{release}|{version}|{full_path}".encode()).hexdigest()[:20]


def make_map_view(config: Config) -> MapView:
    """The map geometry of this process: the configured boundary file, else the download cache, else
    the file shipped with the app. A refused file is logged and reported on /healthz; the maps then
    use the shipped file."""
    geometry, problem = configured_geometry(config.boundaries)
    if problem is None:
        return MapView(geometry)
    log.error("boundaries not used: %s", problem.describe())
    return MapView(geometry, problem=problem.describe())


def translated_server() -> flask.Flask:
    """A Flask server with the app's translations (the locale from the path, cookie or browser)."""
    server = flask.Flask(__name__)
    server.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_DIR / "translations")
    server.config["BABEL_DEFAULT_LOCALE"] = "nl"
    Babel(server, locale_selector=select_locale)
    return server


def create_server(
    config: Config | None = None, store: Store | None = None, *, load: bool = True
) -> flask.Flask:
    """Build the server. With ``load`` the first Snapshot is built (or loaded) before this returns.

    With a snapshot directory in the configuration (as ``Config.from_env`` always sets) the server
    serves the published versions and never reads raw files; without one it builds its own.
    No thread is started here (that must happen after gunicorn forks): see ``gunicorn.conf.py``
    and the lazy start in ``before_request``.
    """
    config = config or Config.from_env()
    # Dash serialises callback answers with plotly's JSON module. Its orjson engine first walks
    # every value in Python to make it orjson-safe; for our answers (component trees of strings and
    # small lists) the standard library engine is about twice as fast (measured: 1.7 vs 3.6 ms for a
    # municipality page).
    plotly.io.json.config.default_engine = "json"
    logging.basicConfig(level=config.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if store is None:
        store = make_serving_store(config) if config.snapshot_dir else make_store(config)
    if load and store.current is None:
        store.refresh()

    server = translated_server()
    server.extensions[STORE_KEY] = store

    app = LocalizedDash(
        __name__,
        server=server,  # type: ignore[arg-type]  # Dash's hints omit the Flask server it accepts
        url_base_pathname="/",
        title="",
        update_title=None,  # type: ignore[arg-type]  # None turns the "Updating..." title off
        # Dash's own index wraps its scripts in a <footer>: a second "contentinfo" landmark.
        index_string=dash.dash._default_index.replace("<footer>", "<div>").replace("</footer>", "</div>"),
        serve_locally=True,
        assets_folder=str(Path(__file__).resolve().parent / "assets"),
    )
    install_hardening(server, app)
    server.extensions[DASH_KEY] = app
    app.layout = static_layout
    map_view = make_map_view(config)
    server.extensions[MAP_KEY] = map_view
    caches = RenderCaches()
    server.extensions[CACHES_KEY] = caches
    postcodes, postcode_problem = configured_postcodes(config.postcodes, store.reference)
    if postcode_problem is not None:
        log.error("postcode table not used: %s", postcode_problem.describe())
    register_callbacks(app, store, map_view, caches, postcodes=postcodes)
    if isinstance(store, PublishedStore) and config.shared_renders:
        # The ingest renders every part once for all workers; a part it has not rendered (yet) is
        # rendered here when first asked for.
        release = render_release(map_view)
        lookup = SharedRendersLookup(store.repository.local_renders, release, today_in_amsterdam)
        caches.pages.shared = caches.charts.shared = lookup.get
    elif config.warm_cache:
        store.on_new_snapshot(partial(warm_caches, server, caches, map_view))
    register_downloads(server, store)
    register_open_data(server, store, config)
    register_insights(server, store)
    _register_routes(server, app, store, map_view, config, postcode_problem)
    return server


def _register_routes(
    server: flask.Flask,
    app: dash.Dash,
    store: Store,
    map_view: MapView,
    config: Config,
    postcode_problem: SourceError | None,
) -> None:
    @server.before_request
    def route_pages() -> ResponseReturnValue | None:
        if not store.running:
            store.start()
        if isinstance(store, PublishedStore):
            store.ensure_at_least(flask.request.headers.get(PAGE_VERSION_HEADER))
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

    release = code_release()

    # Registered after the compression hooks, so it runs before them: they extend a strong ETag with
    # the encoding and answer If-None-Match for the compressed body.
    @server.after_request
    def name_the_version(response: flask.Response) -> ResponseReturnValue:
        snapshot = store.current
        if snapshot is None:
            return response
        response.headers[VERSION_HEADER] = snapshot.version
        request = flask.request
        cacheable = response.mimetype == "text/html" or request.path.startswith("/download/")
        if request.method in ("GET", "HEAD") and response.status_code == 200 and cacheable:
            # The page's lateness notes change with the date as well as with the data.
            shown = f"{snapshot.version}|{today_in_amsterdam().isoformat()}"
            response.set_etag(version_etag(release, shown, request.full_path))
            return response.make_conditional(request)
        return response

    @server.after_request
    def remember_language(response: flask.Response) -> flask.Response:
        language = language_of_path(flask.request.path)
        # An embedded chart lives inside another site: a cookie there has no use and stops caching.
        embedded = flask.request.path.startswith(EMBED_PREFIXES)
        if language and response.mimetype == "text/html" and not embedded:
            response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    @server.get("/healthz")
    def healthz() -> tuple[flask.Response, int]:
        health = store.health()
        health["worker_pid"] = os.getpid()  # which process answered: workers are told apart by it
        geometry = map_view.geometry
        health["maps"] = {
            "borders": geometry.has_borders,
            "file": str(geometry.source) if geometry.source else None,
            "attribution": geometry.attribution,
            "error": map_view.problem,
        }
        health["postcodes"] = {
            "file": str(config.postcodes) if config.postcodes else None,
            "error": postcode_problem.describe() if postcode_problem else None,
        }
        return flask.jsonify(health), 200 if store.current is not None else 503
