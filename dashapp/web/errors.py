"""No debug mode and no internals to the client: unexpected errors are logged here and answered with a
plain 500 (JSON on Dash's own endpoints, a short page elsewhere)."""

from __future__ import annotations

import logging

import flask
from dash.exceptions import DependencyException
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, NotFound

logger = logging.getLogger(__name__)
# The open-data API answers its errors as JSON too (``dashapp/api``).
API_PREFIX = "/api/"

# These pages are answered when something may be broken, so they do not depend on the catalogs:
# each says the same in Dutch and English (the page is Dutch, the English part is marked as such).
# (status: Dutch title, Dutch sentence, English title, English sentence)
PAGE_TEXTS = {
    404: ("Niet gevonden", "Dit adres bestaat niet.", "Not found", "This address does not exist."),
    405: (
        "Niet toegestaan",
        "Dit verzoek kan hier niet.",
        "Not allowed",
        "This request is not allowed here.",
    ),
    413: ("Te groot", "Dit verzoek is te groot.", "Too large", "This request is too large."),
    500: (
        "Er ging iets mis",
        "Er ging bij ons iets mis. Probeer het later opnieuw.",
        "Something went wrong",
        "Something went wrong on our side. Please try again later.",
    ),
}
DEFAULT_TEXTS = (
    "Fout",
    "Dit verzoek kon niet worden uitgevoerd.",
    "Error",
    "This request could not be served.",
)
PAGE = """<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>{nl_title} / {en_title}</title></head>
<body>
<h1>{nl_title}</h1>
<p>{nl_text} <a href="/nl/">Naar het dashboard</a></p>
<h2 lang="en">{en_title}</h2>
<p lang="en">{en_text} <a href="/en/">To the dashboard</a></p>
</body>
</html>
"""


def error_page(status: int) -> str:
    nl_title, nl_text, en_title, en_text = PAGE_TEXTS.get(status, DEFAULT_TEXTS)
    return PAGE.format(nl_title=nl_title, nl_text=nl_text, en_title=en_title, en_text=en_text)


ERROR_PAGE = error_page(500)


def install_error_handling(server: flask.Flask, dash_prefix: str) -> None:
    """``dash_prefix`` is the Dash app's routes prefix; paths under ``{prefix}_dash-`` get JSON errors."""
    # Never the Werkzeug debugger or Dash's dev tools, whatever FLASK_DEBUG says.
    server.debug = False
    dash_paths = f"{dash_prefix}_dash-"

    def wants_json() -> bool:
        return flask.request.path.startswith((dash_paths, API_PREFIX))

    def json_body(status: int, name: str) -> bytes:
        if flask.request.path.startswith(API_PREFIX):  # the API's own shape of an error
            return flask.json.dumps({"error": {"status": status, "message": name}}).encode()
        return flask.json.dumps({"error": name}).encode()

    @server.errorhandler(Exception)
    def handle_error(error: Exception) -> ResponseReturnValue:
        if isinstance(error, HTTPException):
            if error.code is None or error.code < 400:
                return error  # redirects
            if not wants_json():
                # In both languages rather than Werkzeug's English page (which carries no internals either).
                response = error.get_response()  # keeps headers such as Allow on a 405
                response.set_data(error_page(error.code))
                response.mimetype = "text/html"
                return response
            response = error.get_response()  # keeps headers such as Allow on a 405
            response.set_data(json_body(error.code, error.name))
            response.mimetype = "application/json"
            return response
        if isinstance(error, DependencyException):
            # Dash raises this for a request of a component file it does not serve: the client's mistake.
            logger.info("No such component file: %s", flask.request.path)
            return handle_error(NotFound())
        logger.exception("Unhandled error on %s %s", flask.request.method, flask.request.path)
        if wants_json():
            body = json_body(500, "Internal Server Error")
            return flask.Response(body, status=500, mimetype="application/json")
        return flask.Response(ERROR_PAGE, status=500, mimetype="text/html")
