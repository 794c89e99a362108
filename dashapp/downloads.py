"""Downloads of a chart's numbers, ``/download/{lang}/{level}/{code}/{chart}.csv|json?range=3m``, and the
bulk files of a level, ``/download/bulk/{level}.parquet`` (and ``.csv.zip`` for nl and vr).

Made from the same ``ChartData`` as the figure and the table on screen, from the current Snapshot,
so a downloaded number is the number shown (and the number ``python -m dashapp export`` prints).

A chart's file is in long form, one row per date and series, with the columns ``COLUMNS``. The
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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NoReturn

import flask
import orjson

from dashapp.api.bulk import file_names
from dashapp.api.data import area_name, unit_of
from dashapp.charts import categories, ranges
from dashapp.charts.data import ChartData, chart_data
from dashapp.charts.specs import CHARTS, chart
from dashapp.data.artefacts import files_of
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.export import format_value
from dashapp.i18n import LANGUAGES, use_language
from dashapp.labels import indicator_label
from dashapp.metrics.model import LEVELS

SPECIAL = {"age_distribution": ("nl",), "sewer_plants": ("vr", "gm")}
COLUMNS = (
    "area_code",
    "area_name",
    "indicator",
    "indicator_name",
    "date",
    "value",
    "unit",
    "source",
    "obtained_on",
)
# Column separator and decimal sign of each language's CSV.
CSV_STYLE = {"nl": (";", ","), "en": (",", ".")}
BOM = "\ufeff"
BULK_MIMETYPES = {"parquet": "application/vnd.apache.parquet", "zip": "application/zip"}


@dataclass(frozen=True)
class Row:
    area_code: str
    area_name: str
    indicator: str
    indicator_name: str
    date: str
    value: int | float
    unit: str
    source: str
    obtained_on: str


def _known_area(snapshot: Snapshot, level: str, code: str) -> bool:
    return level in LEVELS and code in snapshot.area_codes(level)


def chart_rows(snapshot: Snapshot, data: ChartData, language: str) -> Iterator[Row]:
    """The chart's numbers, series by series, each in date order (call inside ``use_language``)."""
    name = area_name(snapshot, data.code)[language]
    for indicator, values in data.columns.items():
        table = snapshot.table(data.level, indicator)
        if table is None:
            continue
        label = indicator_label(indicator)
        unit = unit_of(table)
        obtained = table.obtained_on.isoformat()
        for day, value in zip(data.index, values.tolist(), strict=True):
            if value != value:  # NaN: no value that day
                continue
            number = format_value(indicator, value, data.decimals[indicator])
            yield Row(
                data.code,
                name,
                indicator,
                label,
                day.date().isoformat(),
                number if isinstance(number, int | float) else float(number),
                unit,
                table.source,
                obtained,
            )


def _number_text(value: int | float, decimal: str) -> str:
    text = repr(value) if isinstance(value, float) else str(value)
    return text.replace(".", decimal) if decimal != "." else text


def rows_csv(rows: Iterator[Row], language: str) -> str:
    separator, decimal = CSV_STYLE[language]
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.area_code,
                categories.spreadsheet_safe(row.area_name),
                row.indicator,
                categories.spreadsheet_safe(row.indicator_name),
                row.date,
                _number_text(row.value, decimal),
                row.unit,
                row.source,
                row.obtained_on,
            )
        )
    return out.getvalue()


def rows_json(snapshot: Snapshot, data: ChartData, rows: Iterator[Row]) -> bytes:
    return orjson.dumps(
        {
            "data_version": snapshot.version,
            "chart": data.spec.id,
            "range": data.range_name,
            "columns": COLUMNS,
            "rows": [row.__dict__ for row in rows],
        }
    )


def _chart_data(
    snapshot: Snapshot, level: str, code: str, chart_id: str, range_name: str
) -> ChartData | None:
    spec = chart(level, chart_id)
    return None if spec is None else chart_data(snapshot, spec, level, code, range_name)


def csv_for(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> str | None:
    """The CSV text, or ``None`` when the address names no chart of a known area."""
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or not _known_area(snapshot, level, code):
        return None
    with use_language(language):
        if chart_id == "age_distribution" and level in SPECIAL[chart_id]:
            distribution = categories.age_distribution(snapshot)
            return None if distribution is None else categories.age_csv(distribution)
        if chart_id == "sewer_plants" and level in SPECIAL[chart_id]:
            data = chart_data(snapshot, CHARTS[level]["sewer_average"], level, code, range_name)
            start = None if data.empty else data.index[0]
            return categories.plant_measurements_csv(snapshot, level, code, start)
        found = _chart_data(snapshot, level, code, chart_id, range_name)
        return None if found is None else rows_csv(chart_rows(snapshot, found, language), language)


def json_for(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> bytes | None:
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or not _known_area(snapshot, level, code):
        return None
    with use_language(language):
        found = _chart_data(snapshot, level, code, chart_id, range_name)
        return None if found is None else rows_json(snapshot, found, chart_rows(snapshot, found, language))


def _attachment(response: flask.Response, name: str) -> flask.Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def register_downloads(server: flask.Flask, store: CurrentSnapshot) -> None:
    @server.get("/download/<language>/<level>/<code>/<chart_id>.csv")
    def download_csv(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        text = csv_for(store, language, level, code.upper(), chart_id, range_name)
        if text is None:
            flask.abort(404)
        response = flask.Response(text, mimetype="text/csv")
        response.headers["Cache-Control"] = "no-cache"
        return _attachment(response, f"{chart_id}-{code.upper()}-{range_name}.csv")

    @server.get("/download/<language>/<level>/<code>/<chart_id>.json")
    def download_json(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        body = json_for(store, language, level, code.upper(), chart_id, range_name)
        if body is None:
            flask.abort(404)
        response = flask.Response(body, mimetype="application/json")
        response.headers["Cache-Control"] = "no-cache"
        return _attachment(response, f"{chart_id}-{code.upper()}-{range_name}.json")

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
