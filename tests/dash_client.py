"""Calling Dash callbacks through Flask's test client, as the browser does."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

ROUTER_OUTPUT_IDS = (
    ("header-slot", "children"),
    ("notice-slot", "children"),
    ("tabs-slot", "children"),
    ("search-slot", "children"),
    ("top-slot", "children"),
    ("charts-slot", "children"),
    ("bottom-slot", "children"),
    ("footer-slot", "children"),
    ("map-section", "hidden"),
    ("area-map", "figure"),
    ("map-heading", "children"),
    ("map-controls", "children"),
    ("map-legend", "children"),
    ("map-note", "children"),
    ("frame-key", "data"),
    ("shown-version", "data"),
    ("page-title", "data"),
    ("language-nav", "children"),
)


def _id_text(component_id: Any, pattern_key: str | None = None) -> str:
    """An id as Dash writes it in a callback's output key; a pattern-matching key becomes ["MATCH"]."""
    if isinstance(component_id, dict):
        if pattern_key in component_id:
            component_id = {**component_id, pattern_key: ["MATCH"]}
        return json.dumps(component_id, separators=(",", ":"), sort_keys=True)
    return component_id


def post_callback(client, outputs, inputs, state=(), changed=None, pattern_key: str | None = "key"):
    """POST one callback; ``outputs``/``inputs``/``state`` are (id, property[, value]) tuples.

    For pattern-matching callbacks, ``pattern_key`` names the id field that is MATCHed.
    Returns (status code, decoded JSON or None, raw bytes).
    """
    output_key = ".." + "...".join(f"{_id_text(i, pattern_key)}.{p}" for i, p in outputs) + ".."
    single = f"{_id_text(outputs[0][0], pattern_key)}.{outputs[0][1]}"
    payload = {
        "output": output_key if len(outputs) > 1 else single,
        "outputs": [{"id": i, "property": p} for i, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": changed or [f"{_id_text(inputs[0][0])}.{inputs[0][1]}"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }
    response = client.post("/_dash-update-component", json=payload)
    data = response.get_json(silent=True)
    return response.status_code, data, response.data


def router_request(pathname: object, frame_key: str | None = None, search: str | None = None) -> dict:
    """The router's request body for a path, as the page sends it."""
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in ROUTER_OUTPUT_IDS) + "..",
        "outputs": [{"id": i, "property": p} for i, p in ROUTER_OUTPUT_IDS],
        "inputs": [
            {"id": "url", "property": "pathname", "value": pathname},
            {"id": "data-version", "property": "data", "value": None},
        ],
        "changedPropIds": ["url.pathname"],
        "state": [
            {"id": "frame-key", "property": "data", "value": frame_key},
            {"id": "url", "property": "search", "value": search},
        ],
    }


def route(
    client, pathname: str, frame_key: str | None = None, search: str | None = None
) -> tuple[dict, bytes]:
    """The router's answer for a path: {output id: value} (absent = no update) and the raw body."""
    response = client.post("/_dash-update-component", json=router_request(pathname, frame_key, search))
    assert response.status_code == 200, response.data[:800]
    return dict(response.get_json()["response"]), response.data


def listening_request(app, listening: str, trigger: str, known: Mapping[str, object]) -> dict:
    """The request body of the callback that listens to ``listening``'s data, as the page sends it:
    ``trigger`` ("id.prop") changed, each input and state at its value in ``known`` (by "id.prop";
    absent: None). Its outputs are read from the callback's key in Dash's callback map."""
    key, callback = next(
        (key, callback)
        for key, callback in app.callback_map.items()
        if {"id": listening, "property": "data"} in callback["inputs"]
    )

    def filled(dependencies: list[dict]) -> list[dict]:
        return [{**d, "value": known.get(f"{d['id']}.{d['property']}")} for d in dependencies]

    return {
        "output": key,
        "outputs": [
            dict(zip(("id", "property"), part.split(".", 1), strict=True))
            for part in key.strip(".").split("...")
        ],
        "inputs": filled(callback["inputs"]),
        "changedPropIds": [trigger],
        "state": filled(callback["state"]),
    }


def text_of(value: Any) -> str:
    """Everything of a callback answer as text (Dash escapes "/" and "<"; this decodes them)."""
    return json.dumps(value, ensure_ascii=False)
