"""A small per-worker cache of rendered parts of pages: area headers and charts, chart answers, and the
HTML the server sends for a page.

Moving between areas re-renders only the area's part of the page; building it means a few hundred
Dash components, most of the switch's server time. The same area shows the same thing until the
data change or the date does (lateness of sources is judged per day), so the rendered part is kept
as compact JSON text keyed by all four, and the oldest entries make way when the cache is full.

Texts are kept compressed (zlib level 1): an area's part of about 50-90 kB of JSON takes 6-9 kB, and
unpacking it costs about 0.1 ms against the 1.3 ms of reading its JSON that a hit costs anyway.
"""

from __future__ import annotations

import json
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable

from plotly.io.json import to_json_plotly

log = logging.getLogger(__name__)

DEFAULT_ENTRIES = 1024
COMPRESSION_LEVEL = 1  # fast; JSON of Dash components compresses about tenfold even so


# (version, cache name, key) -> the compressed text rendered once for every worker, or None.
SharedLookup = Callable[[Hashable, str, Hashable], bytes | None]


class RenderCache:
    def __init__(self, entries: int = DEFAULT_ENTRIES, name: str = "pages") -> None:
        self.entries = entries
        self.name = name
        # Where the ingest's renders are looked up before rendering here (``shared_renders``);
        # what is found there is not copied into this worker's memory.
        self.shared: SharedLookup | None = None
        self._texts: OrderedDict[Hashable, bytes] = OrderedDict()
        self._version: Hashable | None = None
        # gunicorn's threaded workers may serve two requests of one process at once.
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, version: Hashable, key: Hashable, build: Callable[[], object]) -> object:
        """The part for ``key`` as plain JSON values (what Dash sends), built only when not cached."""
        return json.loads(self.get_json(version, key, build))

    def get_json(self, version: Hashable, key: Hashable, build: Callable[[], object]) -> str:
        """The part for ``key`` as the JSON text Dash sends (plotly's), built only when not cached."""
        return self.get_text(version, key, lambda: to_json_plotly(build()))

    def get_text(self, version: Hashable, key: Hashable, build: Callable[[], str]) -> str:
        """The text for ``key`` (JSON of a part, or a page's HTML), built only when not cached."""
        with self._lock:
            if version != self._version:
                # New data: nothing cached can be shown any more.
                self._texts.clear()
                self._version = version
            packed = self._texts.get(key)
            if packed is not None:
                self.hits += 1
                self._texts.move_to_end(key)
        if packed is None and self.shared is not None:
            packed = self.shared(version, self.name, key)
            if packed is not None:
                with self._lock:
                    self.hits += 1
        if packed is not None:
            try:
                return zlib.decompress(packed).decode()
            except (zlib.error, UnicodeDecodeError) as error:  # a garbled renders file: render here
                log.warning("%s cache entry %r not readable (%s); rendered again", self.name, key, error)
        # Built outside the lock: two threads may build the same part once each, never wrongly.
        text = build()
        packed = zlib.compress(text.encode(), COMPRESSION_LEVEL)
        with self._lock:
            self.misses += 1
            if version == self._version:
                self._texts[key] = packed
                if len(self._texts) > self.entries:
                    self._texts.popitem(last=False)
        return text

    def entries_packed(self) -> list[tuple[Hashable, bytes]]:
        """Every cached (key, compressed text)."""
        with self._lock:
            return list(self._texts.items())

    def size(self) -> int:
        """The bytes the cached texts take, compressed."""
        with self._lock:
            return sum(len(packed) for packed in self._texts.values())

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._texts

    def __len__(self) -> int:
        return len(self._texts)
