"""The addresses that serve one chart of one area (its downloads, its picture, its embed): one way to
read them, so that every kind answers 404 alike to an unknown language, level, area or chart."""

from __future__ import annotations

from collections.abc import Callable

import flask

from dashapp.api.chart_view import ChartView, chart_view
from dashapp.charts import ranges
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, use_language
from dashapp.metrics.model import LEVELS

# What a route makes of the chart: (snapshot, view, language) -> the answer (called inside use_language).
Answer = Callable[[Snapshot, ChartView, str], flask.Response]


def find_view(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> tuple[Snapshot, ChartView] | None:
    """The chart an address names (call inside ``use_language(language)``), or ``None``."""
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or level not in LEVELS:
        return None
    if code not in snapshot.area_codes(level):
        return None
    view = chart_view(snapshot, level, code, chart_id, range_name)
    return None if view is None else (snapshot, view)


def add_chart_route(
    server: flask.Flask, rule: str, endpoint: str, store: CurrentSnapshot, answer: Answer
) -> None:
    """``rule`` names ``<language>``, ``<level>``, ``<code>`` and ``<chart_id>``; ``?range=`` is read as
    the charts read it."""

    def route(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        if language not in LANGUAGES:
            flask.abort(404)
        with use_language(language):
            found = find_view(store, language, level, code.upper(), chart_id, range_name)
            if found is None:
                flask.abort(404)
            return answer(*found, language)

    server.add_url_rule(rule, endpoint, route, methods=["GET"])
