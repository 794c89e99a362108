"""Cache-Control for every response: a year for files whose URL names their version, revalidation for
pages, Dash's JSON and unversioned files, and nothing stored for health checks and errors. A view of
the app that chose its own Cache-Control (such as a download) keeps it."""

from __future__ import annotations

from collections.abc import Mapping

import dash
import flask
from dash.fingerprint import check_fingerprint

from dashapp.web.security_txt import PATH as SECURITY_TXT_PATH

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NO_STORE = "no-store"
SECURITY_TXT = "public, max-age=86400"
HEALTH_PATH = "/healthz"


class CachePolicy:
    """``dash_prefix``: the Dash app's routes prefix. ``vendor_versions``: route -> current version."""

    def __init__(self, dash_prefix: str, vendor_versions: Mapping[str, str]) -> None:
        self.component_suites = f"{dash_prefix}_dash-component-suites/"
        self.assets = f"{dash_prefix}assets/"
        self.favicon = f"{dash_prefix}_favicon.ico"
        self.vendor_versions = dict(vendor_versions)

    def is_static_file(self, path: str) -> bool:
        """Whether the path serves a file whose bytes do not depend on the request."""
        return (
            path.startswith((self.component_suites, self.assets))
            or path == self.favicon
            or path in self.vendor_versions
        )

    def is_versioned(self, path: str, args: Mapping[str, str]) -> bool:
        """Whether the URL changes whenever the file's content does."""
        if path.startswith(self.component_suites):
            # Dash writes the package version and file mtime into the name: .../dcc/x.v4_4_1m17.js
            return check_fingerprint(path)[1]
        if path.startswith(self.assets):
            return "m" in args  # Dash appends ?m=<mtime> to every file of the assets folder
        if path == self.favicon:
            return args.get("v") == dash.__version__
        version = self.vendor_versions.get(path)
        return version is not None and args.get("v") == version

    def cache_control(self, path: str, args: Mapping[str, str], status: int, chosen: str | None) -> str:
        """``chosen``: the Cache-Control the view set, if any."""
        if status >= 400 or path == HEALTH_PATH:
            return NO_STORE
        if path == SECURITY_TXT_PATH:
            return SECURITY_TXT
        if self.is_static_file(path):
            return IMMUTABLE if status in (200, 304) and self.is_versioned(path, args) else REVALIDATE
        return chosen or REVALIDATE


def install_cache_policy(server: flask.Flask, policy: CachePolicy) -> None:
    @server.after_request
    def set_cache_control(response: flask.Response) -> flask.Response:
        request = flask.request
        chosen = response.headers.get("Cache-Control")
        decided = policy.cache_control(request.path, request.args, response.status_code, chosen)
        if decided != chosen:
            response.headers["Cache-Control"] = decided
            response.headers.pop("Expires", None)  # Cache-Control alone decides
        return response
