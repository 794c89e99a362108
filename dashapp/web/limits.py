"""Request bodies: refuse oversized callback requests with 413 before anything parses them.

A real callback body of this dashboard is small: measured in chromium, the page callback that builds
/nl/ sends 1,315 bytes. Dash sends the ``State`` of every input a callback reads, so a callback with a
few stores and dropdowns may reach a few kB. 64 KiB leaves a wide margin for that and still stops a
client from making a worker buffer and parse megabytes of JSON. No endpoint of the app takes larger
bodies, so Flask's MAX_CONTENT_LENGTH is the same limit.
"""

from __future__ import annotations

import io

import flask

MAX_BODY_BYTES = 64 * 1024


def install_body_limit(server: flask.Flask, callback_path: str, limit: int = MAX_BODY_BYTES) -> None:
    server.config["MAX_CONTENT_LENGTH"] = limit

    @server.before_request
    def refuse_large_callback_bodies() -> None:
        request = flask.request
        if request.path != callback_path:
            return
        length = request.content_length
        environ = request.environ
        if length is None and environ.get("wsgi.input_terminated"):
            # A chunked body announces no length (Werkzeug would silently cut it at the limit): read at
            # most one byte past the limit to learn whether it is too large, and hand the rest on.
            body = environ["wsgi.input"].read(limit + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            length = len(body)
        if (length or 0) > limit:
            flask.abort(413)
