"""Security and delivery of the page: headers, errors, limits, security.txt, vendor files, caching and
compression, installed on the Flask server by one call right after the Dash app is created."""

from __future__ import annotations

import dash
import flask

from dashapp.web.caching import CachePolicy, install_cache_policy
from dashapp.web.callback_guard import install_callback_guard
from dashapp.web.compression import install_compression
from dashapp.web.errors import install_error_handling
from dashapp.web.limits import install_body_limit
from dashapp.web.security import hsts_enabled, install_security_headers
from dashapp.web.security_txt import install_security_txt
from dashapp.web.vendor import install_vendor_files, plotly_basic_bundle

COMPRESSED_FILES_KEY = "dashapp_compressed_files"
DASH_APP_KEY = "dashapp_dash_app"


def install_hardening(server: flask.Flask, app: dash.Dash) -> None:
    prefix = app.config.routes_pathname_prefix
    hsts = hsts_enabled()
    vendor = install_vendor_files(server, app, plotly_basic_bundle())
    install_error_handling(server, dash_prefix=prefix)
    server.extensions[DASH_APP_KEY] = app
    callback_path = f"{prefix}_dash-update-component"
    install_body_limit(server, callback_path=callback_path)
    install_callback_guard(server, app, callback_path=callback_path)
    install_security_txt(server, https=hsts)
    policy = CachePolicy(prefix, {route: vendor_file.version for route, vendor_file in vendor.items()})
    server.extensions[COMPRESSED_FILES_KEY] = install_compression(server, is_static=policy.is_static_file)
    install_cache_policy(server, policy)
    install_security_headers(server, app, hsts=hsts)
