"""The routes of ``/api/v1``: areas, indicators, one area's series, the latest values of a level."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

import flask

from dashapp.api import data
from dashapp.api.client_address import ClientAddress
from dashapp.api.data import ApiError
from dashapp.api.fair_use import FairUse
from dashapp.api.http import (
    PREFIX,
    add_cors,
    csv_response,
    error_response,
    json_response,
    not_modified,
    requested_format,
)
from dashapp.api.openapi import openapi_document
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.metrics.model import LEVELS

SERIES_COLUMNS = ("area_code", "area_name", "indicator", "date", "value", "unit", "source", "obtained_on")
LATEST_COLUMNS = ("area_code", "area_name", "indicator", "value_of", "value", "unit", "source", "obtained_on")


# A listing's CSV columns: (header, the value of a record); the JSON holds the records themselves.
Record = dict[str, Any]
CsvColumns = tuple[tuple[str, Callable[[Record], object]], ...]
AREA_CSV: CsvColumns = (
    ("code", lambda r: r["code"]),
    ("level", lambda r: r["level"]),
    ("name_nl", lambda r: r["name"]["nl"]),
    ("name_en", lambda r: r["name"]["en"]),
    ("parent", lambda r: r["parent"]),
    ("inhabitants", lambda r: r["inhabitants"]),
)
INDICATOR_CSV: CsvColumns = (
    ("id", lambda r: r["id"]),
    ("name_nl", lambda r: r["name"]["nl"]),
    ("name_en", lambda r: r["name"]["en"]),
    ("unit", lambda r: r["unit"]),
    ("levels", lambda r: " ".join(r["levels"])),
    ("cadence", lambda r: r["cadence"]),
    ("sources", lambda r: " ".join(source["id"] for source in r["sources"])),
    ("methodology_en", lambda r: r["methodology"]["en"]),
)


def _listing(snapshot: Snapshot, name: str, records: list[Record], columns: CsvColumns) -> flask.Response:
    """A list of records: as JSON under ``name``, or as CSV with ``columns``."""
    if requested_format() == "csv":
        rows = ([value(record) for _header, value in columns] for record in records)
        return csv_response([header for header, _value in columns], rows, snapshot, f"{name}.csv")
    return json_response({"data_version": snapshot.version, name: records}, snapshot)


def _snapshot(store: CurrentSnapshot) -> Snapshot:
    snapshot = store.current
    if snapshot is None:
        raise ApiError(503, "no data have been loaded yet; try again in a minute")
    return snapshot


def _indicators_asked() -> list[str]:
    asked = []
    for value in flask.request.args.getlist("indicator"):
        asked += [part.strip() for part in value.split(",") if part.strip()]
    return asked


def register_api(
    server: flask.Flask, store: CurrentSnapshot, fair_use: FairUse | None, clients: ClientAddress
) -> None:
    @server.before_request
    def limit_fair_use() -> flask.Response | None:
        request = flask.request
        if fair_use is None or request.method == "OPTIONS" or not request.path.startswith("/api/"):
            return None
        client = clients.of(request.remote_addr, request.headers.getlist("X-Forwarded-For"))
        verdict = fair_use.take(client)
        if verdict.allowed:
            return None
        response = error_response(
            429,
            f"more than {fair_use.per_minute} requests a minute from this address; "
            f"try again in {verdict.retry_after} s",
        )
        response.headers["Retry-After"] = str(verdict.retry_after)
        return response

    @server.after_request
    def open_to_every_site(response: flask.Response) -> flask.Response:
        if flask.request.path.startswith("/api/"):
            add_cors(response)
        return response

    @server.errorhandler(ApiError)
    def api_error(error: ApiError) -> flask.Response:
        return error_response(error.status, error.message)

    def answer(build: Callable[[Snapshot], flask.Response]) -> flask.Response:
        snapshot = _snapshot(store)
        requested_format()  # a bad format is a 400 even for a client that holds the answer
        return not_modified(snapshot) or build(snapshot)

    @server.get(PREFIX + "/openapi.json")
    def openapi() -> flask.Response:
        return answer(lambda snapshot: json_response(openapi_document(), snapshot))

    @server.get(PREFIX + "/areas")
    def areas() -> flask.Response:
        level = flask.request.args.get("level")
        levels = LEVELS if level is None else (data.check_level(level),)
        return answer(lambda snapshot: _listing(snapshot, "areas", data.areas(snapshot, levels), AREA_CSV))

    @server.get(PREFIX + "/areas/<level>/<code>")
    def area(level: str, code: str) -> flask.Response:
        def build(snapshot: Snapshot) -> flask.Response:
            found = data.check_area(snapshot, level, code)
            record = next(r for r in data.areas(snapshot, (level,)) if r["code"] == found)
            return json_response({"data_version": snapshot.version, "area": record}, snapshot)

        return answer(build)

    @server.get(PREFIX + "/indicators")
    def indicators() -> flask.Response:
        return answer(
            lambda snapshot: _listing(snapshot, "indicators", data.indicators(snapshot), INDICATOR_CSV)
        )

    @server.get(PREFIX + "/areas/<level>/<code>/series")
    def series(level: str, code: str) -> flask.Response:
        args = flask.request.args
        window = data.parse_window(args.get("range"), args.get("from"), args.get("to"))

        def build(snapshot: Snapshot) -> flask.Response:
            found_code = data.check_area(snapshot, level, code)
            found = data.series(snapshot, level, found_code, _indicators_asked(), window)
            if requested_format() == "csv":
                name = data.area_name(snapshot, found_code)["nl"]
                rows = (
                    (found_code, name, one.indicator, day, value, unit, one.table.source, obtained)
                    for one in found
                    for unit, obtained in [(data.unit_of(one.table), one.table.obtained_on.isoformat())]
                    for day, value in zip(one.dates, one.values, strict=True)
                )
                return csv_response(SERIES_COLUMNS, rows, snapshot, f"{found_code}-series.csv")
            payload = {
                "data_version": snapshot.version,
                "area": {"code": found_code, "level": level, "name": data.area_name(snapshot, found_code)},
                "range": window.range_name,
                "series": list(data.series_records(found)),
            }
            return json_response(payload, snapshot)

        return answer(build)

    @server.get(PREFIX + "/latest/<level>/<indicator>")
    def latest(level: str, indicator: str) -> flask.Response:
        def build(snapshot: Snapshot) -> flask.Response:
            table, found = data.latest(snapshot, level, indicator)
            unit = data.unit_of(table)
            if requested_format() == "csv":
                rows = (
                    (
                        one.code,
                        one.name["nl"],
                        indicator,
                        one.value_of,
                        one.value,
                        unit,
                        one.source,
                        one.obtained_on,
                    )
                    for one in found
                )
                return csv_response(LATEST_COLUMNS, rows, snapshot, f"{indicator}-{level}-latest.csv")
            payload = {
                "data_version": snapshot.version,
                "level": level,
                "indicator": indicator,
                "unit": unit,
                "cadence": table.frequency,
                "values": [
                    {
                        "code": one.code,
                        "name": one.name,
                        "value": one.value,
                        "value_of": one.value_of,
                        "obtained_on": one.obtained_on,
                        "source": one.source,
                    }
                    for one in found
                ],
            }
            return json_response(payload, snapshot)

        return answer(build)

    # Without these, Dash's catch-all page route would answer any other address here with its page.
    @server.route("/api", defaults={"rest": ""}, methods=["GET"])
    @server.route("/api/", defaults={"rest": ""}, methods=["GET"])
    @server.route("/api/<path:rest>", methods=["GET"])
    def no_such_endpoint(rest: str) -> NoReturn:
        raise ApiError(404, "no such endpoint; /api/v1/openapi.json describes the API")
