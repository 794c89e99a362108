"""The app factory: one Flask server with Flask-Babel, one Dash app, the data store and /healthz."""

from __future__ import annotations

import logging
from pathlib import Path

import dash
import flask
from flask_babel import Babel, force_locale
from flask_babel import gettext as _

from dashapp.callbacks import register_callbacks
from dashapp.config import Config
from dashapp.data.demo_source import DemoSource
from dashapp.data.store import DataStore, DirectorySource
from dashapp.i18n import LANGUAGE_COOKIE, language_of_path, preferred_language, select_locale
from dashapp.layouts.shell import static_layout
from dashapp.routes import parse_path

PROJECT_DIR = Path(__file__).resolve().parent.parent
STORE_KEY = "dashapp_store"
# Requests to these prefixes are Dash's own or ours, never pages.
NON_PAGE_PREFIXES = ("/_dash", "/_reload", "/_favicon", "/assets/", "/healthz", "/vendor/")


class LocalizedDash(dash.Dash):
    """Dash whose index page carries the request's language and a translated title."""

    def interpolate_index(self, **kwargs):
        language = select_locale()
        with force_locale(language):
            kwargs["title"] = _("Coronavirus dashboard")
            html = super().interpolate_index(**kwargs)
        return html.replace("<html>", f'<html lang="{language}">', 1)


def make_store(config: Config) -> DataStore:
    if config.data_dir is not None:
        source = DirectorySource(config.data_dir)
    else:
        source = DemoSource(config.demo_dir, days=config.demo_days)
    return DataStore(source, refresh_seconds=config.refresh_seconds)


def create_server(
    config: Config | None = None, store: DataStore | None = None, *, load: bool = True
) -> flask.Flask:
    """Build the server. With ``load`` the first Snapshot is built before this returns.

    The refresh thread is not started here (that must happen after gunicorn forks): see
    ``gunicorn.conf.py`` and the lazy start in ``before_request``.
    """
    config = config or Config.from_env()
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
        suppress_callback_exceptions=True,
        serve_locally=True,
        external_stylesheets=["/vendor/bootstrap.min.css"],
        assets_folder=str(Path(__file__).resolve().parent / "assets"),
    )
    app.layout = static_layout
    register_callbacks(app, store)
    _register_routes(server, app, store)
    return server


def _register_routes(server: flask.Flask, app: dash.Dash, store: DataStore) -> None:
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
        return flask.jsonify(health), 200 if store.current is not None else 503

    @server.get("/vendor/bootstrap.min.css")
    def bootstrap_css():
        import flask_bootstrap

        folder = Path(flask_bootstrap.__file__).resolve().parent / "static" / "bootstrap5" / "css"
        return flask.send_from_directory(folder, "bootstrap.min.css", max_age=7 * 24 * 3600)
