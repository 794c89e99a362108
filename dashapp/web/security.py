"""Security headers on every response: a Content-Security-Policy that admits only our own files and the
hashed inline scripts of Dash's index page, plus framing, sniffing, referrer, permission, opener and
(when the site is served over TLS) HSTS headers."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache

import dash
import flask

HSTS_ENV = "DASHAPP_HSTS"
HSTS_VALUE = "max-age=31536000; includeSubDomains"

# Browser features the dashboard never uses: denied to the page and to anything it could embed.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
# The chart cards' "copy link" and "copy code" buttons write to the clipboard, on our own pages only.
PERMISSIONS_POLICY = ", ".join([*(f"{feature}=()" for feature in DENIED_FEATURES), "clipboard-write=(self)"])
# The embeddable charts (``/{lang}/embed/...``): the one kind of page any site may frame.
EMBED_PREFIXES = ("/nl/embed/", "/en/embed/")
# Open data that any site may use: the API (read with CORS) and the embeddable charts.
OPEN_PREFIXES = ("/api/", *EMBED_PREFIXES)
# An embed is plain HTML with a server-drawn SVG chart and no script; its view sets a policy admitting
# its one inline style sheet by hash (``dashapp/api/embed.py``). Other answers there (errors) get this.
EMBED_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *"

STATIC_HEADERS: Mapping[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    # Our files are for our own pages; other sites may not embed them with <script> or <img>.
    "Cross-Origin-Resource-Policy": "same-origin",
}


def hsts_enabled(environ: Mapping[str, str] | None = None) -> bool:
    """HSTS only when the operator says the site is served over TLS (``DASHAPP_HSTS=1``)."""
    env = os.environ if environ is None else environ
    return env.get(HSTS_ENV, "").strip() == "1"


@lru_cache(maxsize=8)
def content_security_policy(script_hashes: tuple[str, ...]) -> str:
    """The policy for a page whose only inline scripts are those with the given CSP hashes."""
    directives = {
        # Anything not named below (fonts, workers, manifests, media, frames) only from our own origin.
        "default-src": ("'self'",),
        # Our files plus Dash's inline renderer start-up (and any inline clientside callbacks), each
        # admitted by its hash. No 'unsafe-inline' and no 'unsafe-eval': Dash 4, its components and
        # plotly.js run without eval (checked in chromium: tests/test_security.py, tests/test_delivery.py).
        "script-src": ("'self'", *script_hashes),
        # 'unsafe-inline' for styles only. Measured in chromium with style-src 'self': Dash's renderer and
        # its dcc components insert <style> elements at run time (their CSS ships inside the JS bundles),
        # and plotly.js inserts a <style> element and sets style attributes on the SVG it draws. These
        # are computed at run time, so hashes cannot list them. Inline CSS cannot run code and the page
        # shows no user-supplied markup, so scripts stay locked down.
        "style-src": ("'self'", "'unsafe-inline'"),
        # Bootstrap's CSS draws form controls with data: SVG images, and plotly's "download plot as png"
        # renders the chart through a data: image.
        "img-src": ("'self'", "data:"),
        # Dash fetches its layout, dependencies and callback answers from this origin only.
        "connect-src": ("'self'",),
        # No plugins, no <base> rewriting, forms post only here, and no site may frame the dashboard.
        "object-src": ("'none'",),
        "base-uri": ("'self'",),
        "form-action": ("'self'",),
        "frame-ancestors": ("'none'",),
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def install_security_headers(server: flask.Flask, app: dash.Dash, *, hsts: bool) -> None:
    """Add the headers to every response, errors and static files included."""

    @server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        path = flask.request.path
        response.headers.update(STATIC_HEADERS)
        if path.startswith(EMBED_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", EMBED_POLICY)
            del response.headers["X-Frame-Options"]  # frame-ancestors * says it; XFO has no "anyone"
        else:
            # Hashes are taken per response, so inline scripts registered after start-up are covered too.
            response.headers["Content-Security-Policy"] = content_security_policy(tuple(app.csp_hashes()))
        if path.startswith(OPEN_PREFIXES):
            response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
        if hsts:
            response.headers["Strict-Transport-Security"] = HSTS_VALUE
        return response
