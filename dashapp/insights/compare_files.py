"""The comparison's numbers as files: ``/download/{lang}/compare.csv`` and ``.json`` with the page's
query string (``?areas=GM0363,VR13,NL&metric=…&range=3m``): exactly the numbers the page shows."""

from __future__ import annotations

import hashlib

import flask

from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import LANGUAGES
from dashapp.insights.comparison import as_json, compare, csv_text
from dashapp.insights.selection import Selection, parse_selection

MEDIA_TYPES = {"csv": "text/csv", "json": "application/json"}


def download_path(language: str, selection: Selection, kind: str) -> str:
    return f"/download/{language}/compare.{kind}{selection.query()}"


def register_compare_files(server: flask.Flask, store: CurrentSnapshot) -> None:
    @server.get("/download/<language>/compare.<kind>")
    def compare_file(language: str, kind: str) -> flask.Response:
        snapshot = store.current
        if snapshot is None:
            flask.abort(503)
        if language not in LANGUAGES or kind not in MEDIA_TYPES:
            flask.abort(404)
        request = flask.request
        selection = parse_selection(
            request.query_string.decode("utf-8", "replace"), snapshot.reference, snapshot.tables
        )
        if not selection.areas:
            flask.abort(404)
        comparison = compare(snapshot, selection)
        body = csv_text(comparison) if kind == "csv" else as_json(comparison, snapshot.reference)
        response = flask.Response(body, mimetype=MEDIA_TYPES[kind])
        name = f"compare-{selection.metric}-{selection.range_name}.{kind}"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        response.headers["Cache-Control"] = "no-cache"
        digest = hashlib.sha1(f"{snapshot.version}|{request.full_path}".encode()).hexdigest()[:20]
        response.set_etag(digest)
        response.make_conditional(request)
        return response
