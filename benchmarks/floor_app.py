"""The floor Dash itself sets: a Dash 4 page with one ``html.Div`` and one ``dcc.Graph``.

    .venv/bin/gunicorn -w 2 -k gthread -b 127.0.0.1:8098 benchmarks.floor_app:server

Served as the dashboard is served: by gunicorn, with the dashboard's compression (Brotli or gzip,
static files compressed once) and the same plotly.js basic bundle in place of Dash's full one, so that
``benchmarks/lighthouse.sh`` measures what any Dash page with a chart costs before our own work.
No callbacks, no stylesheet, no data.
"""

from __future__ import annotations

import dash
import flask
from dash import dcc, html

from dashapp.web.compression import install_compression
from dashapp.web.vendor import plotly_basic_bundle

FIGURE = {
    "data": [{"type": "bar", "x": ["a", "b", "c", "d"], "y": [3, 1, 4, 1]}],
    "layout": {"height": 300, "margin": {"l": 40, "r": 10, "t": 10, "b": 30}},
}
STATIC_PREFIXES = ("/_dash-component-suites/", "/vendor/")


def create_floor_server() -> flask.Flask:
    server = flask.Flask(__name__)
    bundle = plotly_basic_bundle()
    app = dash.Dash(
        __name__,
        server=server,
        title="Floor",
        # Dash's Graph fetches its full plotly.js only when window.Plotly is missing.
        external_scripts=[bundle.url] if bundle is not None else [],
    )
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    if bundle is not None:
        server.add_url_rule(
            bundle.route,
            "plotly_basic",
            lambda: flask.send_file(bundle.path, mimetype=bundle.mimetype, max_age=365 * 24 * 3600),
        )
    app.layout = html.Div(
        ["A trivial Dash app: one paragraph of text and one chart.", dcc.Graph(figure=FIGURE)]
    )
    install_compression(server, is_static=lambda path: path.startswith(STATIC_PREFIXES))
    return server


server = create_floor_server()
