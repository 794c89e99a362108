"""No debug mode and no internals to the client: unexpected errors are logged here and answered with a
plain 500 (JSON on Dash's own endpoints, a short page elsewhere)."""

from __future__ import annotations

import logging

import flask
from dash.exceptions import DependencyException
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, NotFound

logger = logging.getLogger(__name__)

ERROR_PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Serverfout / Server error</title></head>
<body>
<h1>Er ging iets mis</h1>
<p>Er ging bij ons iets mis. Probeer het later opnieuw.</p>
<p lang="en">Something went wrong on our side. Please try again later.</p>
</body>
</html>
"""


def install_error_handling(server: flask.Flask, dash_prefix: str) -> None:
    """``dash_prefix`` is the Dash app's routes prefix; paths under ``{prefix}_dash-`` get JSON errors."""
    # Never the Werkzeug debugger or Dash's dev tools, whatever FLASK_DEBUG says.
    server.debug = False
    dash_paths = f"{dash_prefix}_dash-"

    def wants_json() -> bool:
        return flask.request.path.startswith(dash_paths)

    @server.errorhandler(Exception)
    def handle_error(error: Exception) -> ResponseReturnValue:
        if isinstance(error, HTTPException):
            if error.code is None or error.code < 400 or not wants_json():
                return error  # redirects and Werkzeug's own short error pages carry no internals
            response = error.get_response()  # keeps headers such as Allow on a 405
            response.set_data(flask.json.dumps({"error": error.name}))
            response.mimetype = "application/json"
            return response
        if isinstance(error, DependencyException):
            # Dash raises this for a request of a component file it does not serve: the client's mistake.
            logger.info("No such component file: %s", flask.request.path)
            return handle_error(NotFound())
        logger.exception("Unhandled error on %s %s", flask.request.method, flask.request.path)
        if wants_json():
            return flask.jsonify(error="Internal Server Error"), 500
        return flask.Response(ERROR_PAGE, status=500, mimetype="text/html")
