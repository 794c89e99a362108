"""Calling Dash callbacks through Flask's test client, as the browser does."""

from __future__ import annotations

import json
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


def route(
    client, pathname: str, frame_key: str | None = None, search: str | None = None
) -> tuple[dict, bytes]:
    """The router's answer for a path: {output id: value} (absent = no update) and the raw body."""
    status, data, raw = post_callback(
        client,
        ROUTER_OUTPUT_IDS,
        [("url", "pathname", pathname), ("data-version", "data", None)],
        [("frame-key", "data", frame_key), ("url", "search", search)],
    )
    assert status == 200, raw[:800]
    response = data["response"]
    return {component: props for component, props in response.items()}, raw


def text_of(value: Any) -> str:
    """Everything of a callback answer as text (Dash escapes "/" and "<"; this decodes them)."""
    return json.dumps(value, ensure_ascii=False)
