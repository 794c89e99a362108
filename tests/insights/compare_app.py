"""A small server with the comparison's callbacks and routes, for tests and the benchmark, until the
router and ``register_callbacks`` carry them (the lead wires them): the shell's URL and language link,
the compare page's components, Flask-Babel, and plotly's JSON engine as the app sets it."""

from __future__ import annotations

import dash
import flask
import plotly.io
from dash import dcc, html
from flask_babel import Babel

from dashapp import ids
from dashapp.app import PROJECT_DIR
from dashapp.callbacks.compare import register_compare
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import select_locale
from dashapp.insights import register_insights
from dashapp.layouts.compare import validation_components


def compare_server(store: CurrentSnapshot) -> flask.Flask:
    plotly.io.json.config.default_engine = "json"
    server = flask.Flask(__name__)
    server.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_DIR / "translations")
    Babel(server, locale_selector=select_locale)
    app = dash.Dash(__name__, server=server, url_base_pathname="/")  # type: ignore[arg-type]
    app.layout = html.Div(
        [dcc.Location(id=ids.URL), html.Div(id=ids.LANGUAGE_NAV), html.Div(validation_components())]
    )
    register_compare(app, store)
    register_insights(server, store)
    server.testing = True
    return server
