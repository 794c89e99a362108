"""Third-party browser files served from this server under content-versioned URLs.

- Bootstrap's CSS from the bootstrap-flask wheel (so the page needs no CDN).
- our script of the chart cards' share controls (``static/share.js``).
- our script that starts Dash (``static/start.js``): at once with a mouse, at the first touch on a
  touch screen (``on_demand_scripts``).
- plotly.js's *basic* partial bundle (scatter, bar, pie) from npm's ``plotly.js-basic-dist-min``,
  installed into ``node_modules`` by ``scripts/setup.sh``. Dash's Graph loads its own full plotly.js
  (4.8 MB) only when ``window.Plotly`` is missing, so a script tag for the basic bundle ahead of Dash's
  component scripts replaces it. Without ``node_modules`` the app logs a warning and Dash's full
  bundle is used.

Each URL carries ``?v=`` with a hash of the file's content, so a browser may keep it for a year.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import dash
import flask

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]
PLOTLY_BASIC_PACKAGE = PROJECT_DIR / "node_modules" / "plotly.js-basic-dist-min"
URL_PREFIX = "/vendor/"
# Where ``install_vendor_files`` leaves the versioned URL of the script that starts Dash.
START_SCRIPT_KEY = "dashapp_start_script"


@dataclass(frozen=True)
class VendorFile:
    name: str
    path: Path
    mimetype: str
    version: str

    @classmethod
    def at(cls, name: str, path: Path, mimetype: str) -> VendorFile:
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        return cls(name=name, path=path, mimetype=mimetype, version=version)

    @property
    def route(self) -> str:
        return URL_PREFIX + self.name

    @property
    def url(self) -> str:
        return f"{self.route}?v={self.version}"


def bootstrap_css() -> VendorFile:
    import flask_bootstrap

    folder = Path(flask_bootstrap.__file__).resolve().parent / "static" / "bootstrap5" / "css"
    return VendorFile.at("bootstrap.min.css", folder / "bootstrap.min.css", "text/css")


def share_script() -> VendorFile:
    """Our script of the chart cards' share controls (``dashapp/layouts/share.py``)."""
    script = Path(__file__).resolve().parent / "static" / "share.js"
    return VendorFile.at("share.js", script, "text/javascript")


def start_script() -> VendorFile:
    """Our script that fetches and starts Dash's scripts (``on_demand_scripts``)."""
    script = Path(__file__).resolve().parent / "static" / "start.js"
    return VendorFile.at("start.js", script, "text/javascript")


def plotly_basic_bundle(package_dir: Path | None = None) -> VendorFile | None:
    """The installed basic bundle, or None (with a warning) when npm did not install it."""
    package_dir = package_dir or PLOTLY_BASIC_PACKAGE
    bundle = package_dir / "plotly-basic.min.js"
    if not bundle.is_file():
        logger.warning(
            "plotly.js basic bundle not found at %s (scripts/setup.sh installs it with npm); "
            "the page falls back to Dash's full plotly.js",
            bundle,
        )
        return None
    from plotly.offline import get_plotlyjs_version

    installed = json.loads((package_dir / "package.json").read_text())["version"]
    if installed != get_plotlyjs_version():
        logger.warning(
            "plotly.js basic bundle %s differs from plotly.js %s that plotly.py writes figures for",
            installed,
            get_plotlyjs_version(),
        )
    return VendorFile.at("plotly-basic.min.js", bundle, "text/javascript")


def install_vendor_files(
    server: flask.Flask, app: dash.Dash, plotly_bundle: VendorFile | None
) -> dict[str, VendorFile]:
    """Serve the files and make Dash's index page link to their versioned URLs.

    Returns the served files by route, for the cache policy.
    """
    css = bootstrap_css()
    share = share_script()
    start = start_script()
    files = [css, share, start] if plotly_bundle is None else [css, share, start, plotly_bundle]
    for vendor_file in files:
        server.add_url_rule(
            vendor_file.route, f"vendor_{vendor_file.name}", _sender(vendor_file), methods=["GET"]
        )
    stylesheets = [sheet for sheet in app.config.external_stylesheets if not _names(sheet, css)]
    app.config.external_stylesheets = [css.url, *stylesheets]
    scripts = [entry for entry in app.config.external_scripts if not _names(entry, share)]
    app.config.external_scripts = [share.url, *scripts]
    if plotly_bundle is not None:
        app.config.external_scripts = [plotly_bundle.url, *app.config.external_scripts]
    server.extensions[START_SCRIPT_KEY] = start.url
    return {vendor_file.route: vendor_file for vendor_file in files}


def _names(entry: object, vendor_file: VendorFile) -> bool:
    """Whether an external stylesheet or script entry is (any version of) this vendor file."""
    return isinstance(entry, str) and entry.split("?", 1)[0] == vendor_file.route


def _sender(vendor_file: VendorFile) -> Callable[[], flask.Response]:
    def send() -> flask.Response:
        return flask.send_file(vendor_file.path, mimetype=vendor_file.mimetype, max_age=None)

    return send


# Dash's script tags that a current browser does without: Babel's polyfill bundle (core-js 2 and the
# generator runtime, for browsers without ES2015+; its only use by Dash's bundles, the generator
# runtime of their lazy loader, is ``assets/app.js``'s) and DataTable's bundle (no page uses it).
UNNEEDED_SCRIPTS = ("/deps/polyfill@", "/dash_table/bundle.")
# Our script that must run before the page is painted: it sets the light or dark theme.
HEAD_SCRIPT = "/assets/theme.js"
_SCRIPT_TAG = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]*)\"[^>]*>\s*</script>\s*")


@dataclass(frozen=True)
class PageScripts:
    head: str  # script tags for <head>, run before the body is painted
    body: str  # the rest, in Dash's order


def page_scripts(scripts_html: str) -> PageScripts:
    """Dash's script tags for the index page, without the ones a current browser does not need and
    with the theme script taken out for ``<head>``."""
    head: list[str] = []

    def sort_out(match: re.Match[str]) -> str:
        source = match.group(1)
        if any(part in source for part in UNNEEDED_SCRIPTS):
            return ""
        if source.split("?", 1)[0] == HEAD_SCRIPT:
            head.append(match.group(0).strip())
            return ""
        return match.group(0)

    body = _SCRIPT_TAG.sub(sort_out, scripts_html)
    return PageScripts(head="".join(head), body=body)


def on_demand_scripts(body_scripts: str, renderer: str, start_url: str) -> str:
    """Dash's script tags (``page_scripts(...).body``) and its renderer tag, kept inert in a
    ``<template>`` that ``static/start.js`` plays in their order: at once with a mouse, at the first
    touch, key or scroll on a touch screen (and when the visitor asked to save data)."""
    return (
        f'<template id="dash-scripts">{body_scripts}{renderer}</template>'
        f'<script src="{html.escape(start_url)}"></script>'
    )
