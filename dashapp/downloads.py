"""Downloads of a chart's numbers, ``/download/{lang}/{level}/{code}/{chart}.csv|json?range=3m``, and the
bulk files of a level, ``/download/bulk/{level}.parquet`` (and ``.csv.zip`` for nl and vr).

Made from the same ``ChartData`` as the figure and the table on screen, from the current Snapshot,
so a downloaded number is the number shown (and the number ``python -m dashapp export`` prints).

A chart's file is in long form, one row per date and series, with the columns of its
``dashapp.api.chart_view.ChartView`` (``COLUMNS``; the sewage plants add the plant's code and name). The
numbers are written for a spreadsheet of the file's language (the documented choice, see the open
data page): the Dutch file separates columns with ";" and writes decimals with a comma, as Excel and
LibreOffice set up for Dutch read a CSV; the English file uses "," and a point. Neither writes a
thousands separator; dates are ISO (YYYY-MM-DD), which both read as dates. Both files start with a
UTF-8 byte order mark so that Excel reads names such as "Súdwest-Fryslân" correctly. The JSON has
the same rows, numbers as JSON numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import NoReturn

import flask
import orjson

from dashapp.api.bulk import file_names
from dashapp.api.chart_routes import add_chart_route
from dashapp.api.chart_view import ChartView, Row
from dashapp.api.links import file_name
from dashapp.charts import categories
from dashapp.data.artefacts import files_of
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot

# Column separator and decimal sign of each language's CSV.
CSV_STYLE = {"nl": (";", ","), "en": (",", ".")}
BOM = "\ufeff"
BULK_MIMETYPES = {"parquet": "application/vnd.apache.parquet", "zip": "application/zip"}
# Texts from the data files, which a spreadsheet must not take for a formula.
NAME_COLUMNS = frozenset({"area_name", "indicator_name", "plant_name"})


def _number_text(value: int | float, decimal: str) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", decimal) if decimal != "." else text


def _cell(column: str, value: object, decimal: str) -> object:
    if column == "value":
        return _number_text(value, decimal)  # type: ignore[arg-type]
    if column in NAME_COLUMNS:
        return categories.spreadsheet_safe(str(value))
    return value


def rows_csv(columns: tuple[str, ...], rows: Iterable[Row], language: str) -> str:
    separator, decimal = CSV_STYLE[language]
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(column, row[column], decimal) for column in columns] for row in rows)
    return out.getvalue()


def rows_json(snapshot: Snapshot, view: ChartView) -> bytes:
    return orjson.dumps(
        {
            "data_version": snapshot.version,
            "chart": view.chart_id,
            "range": view.range_name,
            "columns": view.columns,
            "rows": [{column: row[column] for column in view.columns} for row in view.rows()],
        }
    )


def _attachment(response: flask.Response, name: str) -> flask.Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chart_file(body: str | bytes, mimetype: str, view: ChartView, kind: str) -> flask.Response:
    response = flask.Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"
    return _attachment(response, file_name(view.chart_id, view.code, view.range_name, kind))


def register_downloads(server: flask.Flask, store: CurrentSnapshot) -> None:
    add_chart_route(
        server,
        "/download/<language>/<level>/<code>/<chart_id>.csv",
        "download_csv",
        store,
        lambda _snapshot, view, language: _chart_file(
            rows_csv(view.columns, view.rows(), language), "text/csv", view, "csv"
        ),
    )
    add_chart_route(
        server,
        "/download/<language>/<level>/<code>/<chart_id>.json",
        "download_json",
        store,
        lambda snapshot, view, _language: _chart_file(
            rows_json(snapshot, view), "application/json", view, "json"
        ),
    )

    @server.get("/download/bulk/<name>")
    def download_bulk(name: str) -> flask.Response:
        snapshot = store.current
        if snapshot is None or name not in file_names():
            flask.abort(404)
        data = files_of(snapshot, "bulk").get(name)
        if data is None:
            flask.abort(404)
        response = flask.Response(data, mimetype=BULK_MIMETYPES[name.rsplit(".", 1)[1]])
        response.headers["Cache-Control"] = "no-cache"
        return _attachment(response, f"covid-19-{snapshot.version}-{name}")

    # Without this, Dash's catch-all page route answered any other address under /download/ with the
    # page shell and 200. GET only (HEAD follows), so that another method on a real download stays 405.
    @server.get("/download/", defaults={"rest": ""})
    @server.get("/download/<path:rest>")
    def no_such_download(rest: str) -> NoReturn:
        flask.abort(404)
