"""HTTP manners of the API: caching a CDN can use, CORS for GET, JSON errors, CSV or JSON bodies."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import flask
import orjson

from dashapp.api.data import ApiError
from dashapp.data.snapshot import Snapshot

PREFIX = "/api/v1"
# Changes whenever an answer's layout changes, so that a cache never mixes two layouts of one version.
FORMAT_REVISION = "1"
# A CDN or browser may reuse an answer this long; after that it revalidates (a 304 until the data change).
MAX_AGE = 300
CACHE_CONTROL = f"public, max-age={MAX_AGE}"
EXPOSED = "ETag, Last-Modified, Retry-After, X-Data-Version, Content-Disposition"
FORMATS = ("json", "csv")


def etag_of(snapshot: Snapshot, full_path: str) -> str:
    return hashlib.sha1(f"{FORMAT_REVISION}|{snapshot.version}|{full_path}".encode()).hexdigest()[:24]


def last_modified(snapshot: Snapshot) -> datetime:
    built = snapshot.built_at
    built = built if built.tzinfo is not None else built.replace(tzinfo=UTC)
    return built.replace(microsecond=0)


def requested_format() -> str:
    wanted = flask.request.args.get("format", "json")
    if wanted not in FORMATS:
        raise ApiError(400, f"unknown format {wanted[:20]!r}: use json or csv")
    return wanted


def not_modified(snapshot: Snapshot) -> flask.Response | None:
    """A 304 when the client holds this answer (its ETag, or a date not before the snapshot's)."""
    request = flask.request
    etag = etag_of(snapshot, request.full_path)
    fresh = False
    if request.if_none_match:
        fresh = request.if_none_match.contains(etag)
    elif request.if_modified_since is not None:
        fresh = request.if_modified_since >= last_modified(snapshot)
    if not fresh:
        return None
    response = flask.Response(status=304)
    return cacheable(response, snapshot)


def cacheable(response: flask.Response, snapshot: Snapshot) -> flask.Response:
    response.set_etag(etag_of(snapshot, flask.request.full_path))
    response.last_modified = last_modified(snapshot)
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def json_response(payload: object, snapshot: Snapshot, status: int = 200) -> flask.Response:
    response = flask.Response(orjson.dumps(payload), status=status, mimetype="application/json")
    return cacheable(response, snapshot)


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[object]], snapshot: Snapshot, filename: str
) -> flask.Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = flask.Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return cacheable(response, snapshot)


def error_response(status: int, message: str) -> flask.Response:
    body = orjson.dumps({"error": {"status": status, "message": message}})
    return flask.Response(body, status=status, mimetype="application/json")


def add_cors(response: flask.Response) -> flask.Response:
    """Any site may read the API with GET (no credentials); a preflight is answered for the
    conditional headers a client sends."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if flask.request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response.headers["Access-Control-Max-Age"] = "86400"
    # The answers are public data for any site: not only for our own pages.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
