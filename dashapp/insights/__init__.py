"""Insights across areas: the comparison of areas and the week's crossings of thresholds.

The routes here are not Dash pages: the Atom feed of the crossings (``/{lang}/deze-week/feed.xml``,
``/{lang}/this-week/feed.xml``, ``?area=GM0363`` for one area) and the comparison's numbers as CSV and
JSON (``/download/{lang}/compare.csv`` and ``.json``, with the page's query string).
"""

from __future__ import annotations

import hashlib
from typing import NoReturn

import flask

from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, use_language
from dashapp.routes import CHANGES, FEED, parse_path, path_for

# A code is at most 6 characters (GM0363); anything much longer is not an area.
MAX_AREA_PARAMETER = 16


def _etag(snapshot: Snapshot, request: flask.Request) -> str:
    return hashlib.sha1(f"{snapshot.version}|{request.full_path}".encode()).hexdigest()[:20]


def _snapshot(store: CurrentSnapshot) -> Snapshot:
    snapshot = store.current
    if snapshot is None:
        flask.abort(503)
    return snapshot


def _bad_request() -> NoReturn:
    flask.abort(400)


def register_insights(server: flask.Flask, store: CurrentSnapshot) -> None:
    """Add the routes that are not Dash pages (the Atom feed, the comparison's files) to ``server``."""
    from dashapp.insights.compare_files import register_compare_files
    from dashapp.insights.crossings import crossings
    from dashapp.insights.feed import MEDIA_TYPE, atom_feed

    @server.get("/<language>/<page>/feed.xml")
    def crossings_feed(language: str, page: str) -> flask.Response:
        request = flask.request
        route = parse_path(request.path, store.reference)
        if route.level != FEED or language not in LANGUAGES:
            flask.abort(404)
        area = request.args.get("area")
        snapshot = _snapshot(store)
        if area is not None:
            area = area.strip().upper()
            if not area or len(area) > MAX_AREA_PARAMETER:
                _bad_request()
            if not any(area in snapshot.area_codes(level) for level in ("nl", "vr", "gm")):
                flask.abort(404)
        found = crossings(snapshot)
        items = found.of_area(area) if area else found.items
        self_path = path_for(language, FEED) + (f"?area={area}" if area else "")
        with use_language(language):
            body = atom_feed(
                items,
                snapshot.reference,
                base_url=request.host_url.rstrip("/"),
                self_path=self_path,
                page_path=path_for(language, CHANGES),
                area=area,
                built_at=snapshot.built_at,
            )
        response = flask.Response(body, mimetype=MEDIA_TYPE)
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(_etag(snapshot, request))
        response.make_conditional(request)
        return response

    register_compare_files(server, store)
