"""The per-worker cache of rendered area headers."""

from __future__ import annotations

import json

from plotly.io.json import to_json_plotly

from dashapp.callbacks.render_cache import RenderCache
from dashapp.layouts import areas
from tests.ui.layout_tools import page_context


def test_a_cached_header_is_exactly_the_rendered_one(demo_snapshot):
    cache = RenderCache()
    with page_context("en"):
        direct = json.loads(to_json_plotly(areas.municipality_top(demo_snapshot, "GM0363", "en")))
        calls = []

        def build():
            calls.append(1)
            return areas.municipality_top(demo_snapshot, "GM0363", "en")

        first = cache.get("v1", ("en", "gm", "GM0363"), build)
        second = cache.get("v1", ("en", "gm", "GM0363"), build)
    assert first == second == direct
    assert len(calls) == 1 and (cache.hits, cache.misses) == (1, 1)


def test_new_data_empty_the_cache():
    cache = RenderCache()
    cache.get("v1", "a", lambda: {"x": 1})
    assert cache.get("v2", "a", lambda: {"x": 2}) == {"x": 2}
    assert len(cache) == 1


def test_the_least_recently_used_entry_makes_way():
    cache = RenderCache(entries=2)
    cache.get("v", "a", lambda: 1)
    cache.get("v", "b", lambda: 2)
    cache.get("v", "a", lambda: 1)  # a is now the most recent
    cache.get("v", "c", lambda: 3)  # full: b, the least recently used, goes
    built = []
    assert cache.get("v", "a", lambda: built.append("a") or 1) == 1
    assert cache.get("v", "b", lambda: built.append("b") or 2) == 2
    assert built == ["b"]
    assert len(cache) == 2
