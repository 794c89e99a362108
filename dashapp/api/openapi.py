"""The OpenAPI 3.1 description of ``/api/v1``, served at ``/api/v1/openapi.json``."""

from __future__ import annotations

import functools
from typing import Any

from dashapp.charts.ranges import RANGES
from dashapp.metrics.model import LEVELS
from dashapp.metrics.registry import METRICS

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _response(name: str) -> Schema:
    return {"$ref": f"#/components/responses/{name}"}


NAMES: Schema = {
    "type": "object",
    "description": "A text in Dutch and in English.",
    "properties": {"nl": {"type": "string"}, "en": {"type": "string"}},
    "required": ["nl", "en"],
}
DAY: Schema = {"type": "string", "format": "date"}

SCHEMAS: dict[str, Schema] = {
    "Names": NAMES,
    "Area": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "examples": ["GM0363"]},
            "level": {"enum": list(LEVELS)},
            "name": _ref("Names"),
            "parent": {
                "type": ["string", "null"],
                "description": "The safety region of a municipality; NL for a region; null for NL.",
            },
            "inhabitants": {"type": "integer"},
        },
        "required": ["code", "level", "name", "parent", "inhabitants"],
    },
    "Source": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "name": _ref("Names"),
            "url": {"type": ["string", "null"]},
            "obtained_on": {**DAY, "description": "When the file in use was published."},
        },
        "required": ["id", "name", "url", "obtained_on"],
    },
    "Indicator": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "examples": ["positive_tests_per_100k"]},
            "name": _ref("Names"),
            "unit": {"type": "string", "description": "number, percent, or a unit of its own"},
            "unit_note": {"oneOf": [_ref("Names"), {"type": "null"}]},
            "decimals": {"type": "integer", "minimum": 0},
            "levels": {"type": "array", "items": {"enum": list(LEVELS)}},
            "cadence": {"enum": ["daily", "weekly"]},
            "sources": {"type": "array", "items": _ref("Source")},
            "methodology": _ref("Names"),
        },
        "required": ["id", "name", "unit", "levels", "cadence", "sources", "methodology"],
    },
    "Value": {
        "type": "object",
        "properties": {
            "date": {**DAY, "description": "The day the value is of; a week's value: its Monday."},
            "value": {"type": "number"},
        },
        "required": ["date", "value"],
    },
    "Series": {
        "type": "object",
        "properties": {
            "indicator": {"type": "string"},
            "unit": {"type": "string"},
            "cadence": {"enum": ["daily", "weekly"]},
            "source": {"type": "string"},
            "obtained_on": {**DAY, "description": "When the source file of these values was published."},
            "values": {"type": "array", "items": _ref("Value")},
        },
        "required": ["indicator", "unit", "cadence", "source", "obtained_on", "values"],
    },
    "LatestValue": {
        "type": "object",
        "properties": {
            "code": {"type": "string"},
            "name": _ref("Names"),
            "value": {"type": "number"},
            "value_of": DAY,
            "obtained_on": DAY,
            "source": {"type": "string"},
        },
        "required": ["code", "name", "value", "value_of", "obtained_on", "source"],
    },
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {"status": {"type": "integer"}, "message": {"type": "string"}},
                "required": ["status", "message"],
            }
        },
        "required": ["error"],
    },
}

PARAMETERS: dict[str, Schema] = {
    "level": {
        "name": "level",
        "in": "path",
        "required": True,
        "description": "nl (the country), vr (safety regions) or gm (municipalities, 2020 division)",
        "schema": {"enum": list(LEVELS)},
    },
    "code": {
        "name": "code",
        "in": "path",
        "required": True,
        "description": "An area code: NL, VR01..VR25, or a CBS municipality code such as GM0363.",
        "schema": {"type": "string"},
    },
    "format": {
        "name": "format",
        "in": "query",
        "description": "json (the default) or csv",
        "schema": {"enum": ["json", "csv"], "default": "json"},
    },
}


def _error(description: str) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


RESPONSES: dict[str, Schema] = {
    "NotModified": {"description": "The client's copy (If-None-Match or If-Modified-Since) is current."},
    "BadRequest": _error("A malformed parameter: a range, a date, a format, too many indicators."),
    "NotFound": _error("An unknown level, area, indicator or endpoint."),
    "TooManyRequests": {
        **_error("More requests than the fair-use limit; the Retry-After header says when to retry."),
        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}},
    },
}


def _ok(description: str, schema: Schema, csv: bool = True) -> Schema:
    content: Schema = {"application/json": {"schema": schema}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {
        "description": description,
        "headers": {
            "ETag": {"schema": {"type": "string"}, "description": "changes with the data version"},
            "Last-Modified": {"schema": {"type": "string"}},
            "Cache-Control": {"schema": {"type": "string"}},
        },
        "content": content,
    }


def _errors(*names: str) -> dict[str, Schema]:
    codes = {"BadRequest": "400", "NotFound": "404"}
    found = {codes[name]: _response(name) for name in names}
    return {"304": _response("NotModified"), **found, "429": _response("TooManyRequests")}


def _object(**properties: Schema) -> Schema:
    return {"type": "object", "properties": properties, "required": list(properties)}


VERSION = {"type": "string", "description": "The data version every number of the answer comes from."}


@functools.cache
def openapi_document() -> dict[str, Any]:
    fmt = {"$ref": "#/components/parameters/format"}
    level = {"$ref": "#/components/parameters/level"}
    code = {"$ref": "#/components/parameters/code"}
    indicator_ids = sorted(METRICS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Coronavirus dashboard of the Netherlands: open data",
            "version": "1.0.0",
            "description": (
                "The figures of the dashboard, from the same data version the pages show. Every value "
                "has the date it is of and the date its source file was published (obtained_on). "
                "Answers carry an ETag and Last-Modified and may be cached for five minutes; any site "
                "may read them (CORS). The documentation page is /en/open-data (Dutch: /nl/open-data)."
            ),
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
        "paths": {
            "/api/v1/areas": {
                "get": {
                    "summary": "Every area: code, names, level, parent region, inhabitants",
                    "operationId": "listAreas",
                    "parameters": [
                        {
                            "name": "level",
                            "in": "query",
                            "description": "only the areas of this level",
                            "schema": {"enum": list(LEVELS)},
                        },
                        fmt,
                    ],
                    "responses": {
                        "200": _ok(
                            "The areas",
                            _object(data_version=VERSION, areas={"type": "array", "items": _ref("Area")}),
                        ),
                        **_errors("BadRequest", "NotFound"),
                    },
                }
            },
            "/api/v1/areas/{level}/{code}": {
                "get": {
                    "summary": "One area",
                    "operationId": "getArea",
                    "parameters": [level, code],
                    "responses": {
                        "200": _ok("The area", _object(data_version=VERSION, area=_ref("Area")), csv=False),
                        **_errors("NotFound"),
                    },
                }
            },
            "/api/v1/areas/{level}/{code}/series": {
                "get": {
                    "summary": "One area's values of one or more indicators over a period",
                    "operationId": "getSeries",
                    "parameters": [
                        level,
                        code,
                        {
                            "name": "indicator",
                            "in": "query",
                            "required": True,
                            "description": "An indicator id; repeat it, or separate ids by commas.",
                            "schema": {
                                "type": "array",
                                "items": {"type": "string", "examples": indicator_ids[:3]},
                            },
                            "style": "form",
                            "explode": True,
                        },
                        {
                            "name": "range",
                            "in": "query",
                            "description": (
                                "A period counted back from the newest value, as on the charts; "
                                "default: everything."
                            ),
                            "schema": {"enum": list(RANGES), "default": "all"},
                        },
                        {"name": "from", "in": "query", "description": "first day", "schema": DAY},
                        {"name": "to", "in": "query", "description": "last day", "schema": DAY},
                        fmt,
                    ],
                    "responses": {
                        "200": _ok(
                            "The series",
                            _object(
                                data_version=VERSION,
                                area=_object(
                                    code={"type": "string"}, level={"enum": list(LEVELS)}, name=_ref("Names")
                                ),
                                range={"enum": list(RANGES)},
                                series={"type": "array", "items": _ref("Series")},
                            ),
                        ),
                        **_errors("BadRequest", "NotFound"),
                    },
                }
            },
            "/api/v1/indicators": {
                "get": {
                    "summary": "The catalogue of indicators",
                    "operationId": "listIndicators",
                    "parameters": [fmt],
                    "responses": {
                        "200": _ok(
                            "The indicators with data",
                            _object(
                                data_version=VERSION, indicators={"type": "array", "items": _ref("Indicator")}
                            ),
                        ),
                        **_errors("BadRequest"),
                    },
                }
            },
            "/api/v1/latest/{level}/{indicator}": {
                "get": {
                    "summary": "The newest value of an indicator for every area of a level (as on a map)",
                    "operationId": "getLatest",
                    "parameters": [
                        level,
                        {"name": "indicator", "in": "path", "required": True, "schema": {"type": "string"}},
                        fmt,
                    ],
                    "responses": {
                        "200": _ok(
                            "The latest values",
                            _object(
                                data_version=VERSION,
                                level={"enum": list(LEVELS)},
                                indicator={"type": "string"},
                                unit={"type": "string"},
                                cadence={"enum": ["daily", "weekly"]},
                                values={"type": "array", "items": _ref("LatestValue")},
                            ),
                        ),
                        **_errors("BadRequest", "NotFound"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "getOpenApi",
                    "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}},
                }
            },
        },
        "components": {"schemas": SCHEMAS, "parameters": PARAMETERS, "responses": RESPONSES},
    }
