"""CSV downloads of a chart's numbers: ``/download/{lang}/{level}/{code}/{chart}.csv?range=3m``.

Made from the same ``ChartData`` as the figure and the table on screen, from the current Snapshot,
so a downloaded number is the number shown (and the number ``python -m dashapp export`` prints).
"""

from __future__ import annotations

from typing import NoReturn

import flask

from dashapp.charts import categories, ranges, render
from dashapp.charts.data import chart_data
from dashapp.charts.specs import CHARTS, chart
from dashapp.data.current import CurrentSnapshot
from dashapp.i18n import LANGUAGES, use_language

SPECIAL = {"age_distribution": ("nl",), "sewer_plants": ("vr", "gm")}


def csv_for(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> str | None:
    """The CSV text, or ``None`` when the address names no chart of a known area."""
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or code not in snapshot.area_codes(level):
        return None
    with use_language(language):
        if chart_id == "age_distribution" and level in SPECIAL[chart_id]:
            distribution = categories.age_distribution(snapshot)
            return None if distribution is None else categories.age_csv(distribution)
        if chart_id == "sewer_plants" and level in SPECIAL[chart_id]:
            data = chart_data(snapshot, CHARTS[level]["sewer_average"], level, code, range_name)
            start = None if data.empty else data.index[0]
            return categories.plant_measurements_csv(snapshot, level, code, start)
        spec = chart(level, chart_id)
        if spec is None:
            return None
        return render.csv_text(chart_data(snapshot, spec, level, code, range_name))


def register_downloads(server: flask.Flask, store: CurrentSnapshot) -> None:
    @server.get("/download/<language>/<level>/<code>/<chart_id>.csv")
    def download_csv(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        text = csv_for(store, language, level, code.upper(), chart_id, range_name)
        if text is None:
            flask.abort(404)
        response = flask.Response(text, mimetype="text/csv")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{chart_id}-{code.upper()}-{range_name}.csv"'
        )
        response.headers["Cache-Control"] = "no-cache"
        return response

    # Without this, Dash's catch-all page route answered any other address under /download/ with the
    # page shell and 200. GET only (HEAD follows), so that another method on a real download stays 405.
    @server.get("/download/", defaults={"rest": ""})
    @server.get("/download/<path:rest>")
    def no_such_download(rest: str) -> NoReturn:
        flask.abort(404)
