"""The per-worker cache of rendered area headers."""

from __future__ import annotations

import json

from plotly.io.json import to_json_plotly

from dashapp.callbacks.render_cache import RenderCache
from dashapp.layouts import areas
from tests.conftest import DEMO_END
from tests.ui.layout_tools import page_context


def test_a_cached_header_is_exactly_the_rendered_one(demo_snapshot):
    cache = RenderCache()
    with page_context("en"):
        direct = json.loads(to_json_plotly(areas.municipality_top(demo_snapshot, "GM0363", DEMO_END)))
        calls = []

        def build():
            calls.append(1)
            return areas.municipality_top(demo_snapshot, "GM0363", DEMO_END)

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


def test_warming_renders_every_area_so_that_first_visits_are_look_ups(demo_snapshot):
    from datetime import date

    from dashapp.callbacks.router import navigate, warm
    from dashapp.i18n import LANGUAGES
    from dashapp.routes import parse_path

    cache = RenderCache(entries=4096)
    today = date(2026, 11, 23)
    with page_context("nl"):
        built = warm(cache, demo_snapshot, None, today)
    areas_count = len(demo_snapshot.reference.regions) + len(demo_snapshot.reference.municipalities)
    assert built == areas_count * len(LANGUAGES)
    # Each area's top, charts and language links; per language the national page, the search box,
    # the header, notices, tabs and footer of each of the three levels, and each level's language links.
    assert len(cache) == 3 * built + (2 + 4 * 3 + 3) * len(LANGUAGES)
    misses = cache.misses
    with page_context("en"):
        from unittest import mock

        with mock.patch("dashapp.callbacks.router.today_in_amsterdam", return_value=today):
            reference = demo_snapshot.reference
            for path, frame in (("/en/gemeente/GM0014", "x"), ("/en/", None)):
                navigate(parse_path(path, reference), path, frame, demo_snapshot, reference, None, cache)
    assert cache.misses == misses


def test_store_listeners_hear_of_each_new_snapshot_and_cannot_stop_it(demo_data_dir, caplog):
    import time

    from dashapp.data.store import DataStore, DirectorySource

    heard = []
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.on_new_snapshot(lambda snapshot: heard.append(snapshot.version))
    store.on_new_snapshot(lambda snapshot: 1 / 0)
    store.start()
    deadline = time.monotonic() + 60
    while not heard and time.monotonic() < deadline:
        time.sleep(0.05)
    store.stop()
    assert heard == [store.current.version]
    assert "listener" in caplog.text and "ZeroDivisionError" in caplog.text


def test_warming_draws_the_default_view_of_every_chart_of_every_area(demo_snapshot):
    """After the warm-up, a chart card that comes into view (its default range, no table) is a
    look-up for every chart of every area in both languages."""
    from datetime import date

    from dashapp.callbacks.charts import ChartRequest, chart_update
    from dashapp.callbacks.router import warm
    from dashapp.charts.specs import CHARTS
    from dashapp.i18n import LANGUAGES

    pages, charts = RenderCache(), RenderCache(entries=8192)
    with page_context("nl"):
        warm(pages, demo_snapshot, None, date(2026, 11, 23), charts=charts)
    reference = demo_snapshot.reference
    per_language = len(CHARTS["nl"]) + len(CHARTS["vr"]) * len(reference.regions)
    per_language += len(CHARTS["gm"]) * len(reference.municipalities)
    assert len(charts) == per_language * len(LANGUAGES)
    misses = charts.misses
    for language in LANGUAGES:
        with page_context(language):
            for level, code in (("nl", "NL"), ("vr", "VR02"), ("gm", "GM0796")):
                for chart_id in CHARTS[level]:
                    request = ChartRequest(level, code, chart_id, None, toggled=False, table_open=False)
                    chart_update(demo_snapshot, request, charts)
    assert charts.misses == misses
