"""Compression: Brotli or gzip for every compressible response, and each static file compressed once.

Dynamic answers (pages, Dash's layout and callback JSON) go through flask-compress at a fast level.
Static files (Dash's component bundles, the assets folder, the vendor files) would otherwise be
recompressed on every request (plotly.js basic: about 0.1 s of CPU each time). They are compressed here
once per worker, at a higher level, and kept in a bounded in-memory cache, so later requests only look
the bytes up. The cache key is the file's path without Dash's fingerprint or any query string plus a
checksum of its content: a client cannot fill the cache by inventing query strings or fingerprints.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable

import brotli
import flask
from dash.fingerprint import check_fingerprint
from flask_compress import Compress

ENCODINGS = ("br", "gzip")
MIN_SIZE = 500
COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/csv",
        "text/plain",
        "text/javascript",
        "application/javascript",
        "application/json",
        "image/svg+xml",
        "image/x-icon",
        "image/vnd.microsoft.icon",
    }
)
# Fast levels for answers built per request; compressing a static file happens once, so spend more.
# Brotli 3, not 4: measured on the demo's answers (fastest of 21 rounds, a loaded machine), a move's
# answer of 44 kB takes 0.14 ms at 3 against 0.23 ms at 4 (4.5 kB against 4.3 kB), a municipality's
# page of 70 kB 0.30 against 0.69 ms (11.2 against 10.7 kB), the national page of 126 kB 0.45
# against 0.81 ms: about half the time for 4-6 % more bytes. Level 1 saves a further 0.1-0.3 ms but
# sends 12-13 % more than level 4, bytes that a phone on a slow link waits for.
DYNAMIC_BR_LEVEL = 3
DYNAMIC_GZIP_LEVEL = 6
STATIC_BR_LEVEL = 9
STATIC_GZIP_LEVEL = 9
CACHE_BYTES = 32 * 1024 * 1024


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(data, quality=STATIC_BR_LEVEL)
    if encoding == "gzip":
        return zlib.compress(data, STATIC_GZIP_LEVEL, wbits=31)  # wbits 31: gzip framing
    raise ValueError(f"unknown encoding {encoding!r}")


class CompressedFiles:
    """A thread-safe LRU of compressed bodies, bounded by their total size in bytes."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            self._size -= len(old) if old is not None else 0
            self._entries[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted)

    def __len__(self) -> int:
        return len(self._entries)


def install_compression(
    server: flask.Flask, is_static: Callable[[str], bool], cache: CompressedFiles | None = None
) -> CompressedFiles:
    """``is_static(path)``: whether a path serves a file whose bytes do not depend on the request."""
    server.config.update(
        COMPRESS_ALGORITHM=list(ENCODINGS),
        COMPRESS_ALGORITHM_STREAMING=["br"],
        COMPRESS_MIMETYPES=sorted(COMPRESSIBLE),
        COMPRESS_MIN_SIZE=MIN_SIZE,
        COMPRESS_BR_LEVEL=DYNAMIC_BR_LEVEL,
        COMPRESS_LEVEL=DYNAMIC_GZIP_LEVEL,
    )
    Compress(server)
    files = cache if cache is not None else CompressedFiles()

    # Registered after flask-compress, so it runs before it (Flask runs after_request hooks in reverse);
    # flask-compress leaves a response alone once it has a Content-Encoding.
    @server.after_request
    def compress_static_once(response: flask.Response) -> flask.Response:
        request = flask.request
        if not is_static(request.path):
            return response
        response.vary.add("Accept-Encoding")
        encoding = request.accept_encodings.best_match(ENCODINGS)
        if (
            encoding is None
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
        ):
            return response
        response.direct_passthrough = False  # send_file's file wrapper: read it here
        data = response.get_data()
        if len(data) < MIN_SIZE:
            return response
        key = f"{encoding}:{check_fingerprint(request.path)[0]}:{len(data)}:{zlib.crc32(data):08x}"
        body = files.get(key)
        if body is None:
            body = compress(data, encoding)
            files.put(key, body)
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        response.headers.pop("Accept-Ranges", None)  # byte ranges of the uncompressed file no longer apply
        etag, weak = response.get_etag()
        if etag and not weak:
            response.set_etag(f"{etag}:{encoding}")
        response.make_conditional(request)  # returns the response itself (typed as werkzeug's base class)
        return response

    return files
