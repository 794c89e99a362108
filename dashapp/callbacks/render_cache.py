"""A small per-worker cache of rendered area headers (heading, risk level, tiles).

Moving between areas re-renders only this part of the page; building it means some sixty Dash
components, most of the switch's server time. The same area shows the same thing until the data
change or the date does (lateness of sources is judged per day), so the rendered part is kept as
compact JSON text (about 9 kB per area and language) keyed by all four, and the oldest entries make
way when the cache is full.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from plotly.io.json import to_json_plotly

DEFAULT_ENTRIES = 1024  # every municipality and region in both languages, about 9 MB


class RenderCache:
    def __init__(self, entries: int = DEFAULT_ENTRIES):
        self.entries = entries
        self._texts: OrderedDict[Hashable, str] = OrderedDict()
        self._version: Hashable | None = None
        # gunicorn's threaded workers may serve two requests of one process at once.
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, version: Hashable, key: Hashable, build: Callable[[], object]) -> object:
        """The part for ``key`` as plain JSON values (what Dash sends), built only when not cached."""
        with self._lock:
            if version != self._version:
                # New data: nothing cached can be shown any more.
                self._texts.clear()
                self._version = version
            text = self._texts.get(key)
            if text is not None:
                self.hits += 1
                self._texts.move_to_end(key)
        if text is None:
            # Built outside the lock: two threads may build the same part once each, never wrongly.
            text = to_json_plotly(build())
            with self._lock:
                self.misses += 1
                if version == self._version:
                    self._texts[key] = text
                    if len(self._texts) > self.entries:
                        self._texts.popitem(last=False)
        return json.loads(text)

    def __len__(self) -> int:
        return len(self._texts)
