"""Callback requests that no page of the dashboard sends are refused with 400 before Dash dispatches them.

Dash trusts the body it is sent: an unknown output is a KeyError, a missing input a TypeError in the
callback, a number where a path belongs an AttributeError deep in the router, 10,000 nested lists a
RecursionError. Each was a 500 with a traceback in the log, so anyone could fill the log with
"errors" that are no fault of ours. Here the body is parsed once (Flask caches the parse, so Dash does
not parse it again), its nesting is bounded, its shape is compared with the callback it names
(``app.callback_map``) and the values of well-known properties are checked against a small table.

The shape checks cover every callback, including ones added later; a value is checked only where the
table names its property (and, for some, its component), so an unknown property passes through.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import dash
import flask
from dash._utils import split_callback_id
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import BadRequest

from dashapp.charts.ranges import RANGES

logger = logging.getLogger(__name__)

# A body is an object of lists of objects (3 levels) before any value starts. A component tree sent as
# State nests three levels per component ({"props": {"children": [...]}}), so 64 admits about twenty
# nested components, far more than any state of this app, and bounds the work of anything that walks it.
MAX_DEPTH = 64
PATTERN_WILDCARDS_OF_MANY = (["ALL"], ["ALLSMALLER"])
PATTERN_ID_VALUE_TYPES = (str, int, float, bool)


class RefusedCallback(Exception):
    """A body no page sends. ``reason`` names the fault without repeating what the client sent."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


# --- values by property ---------------------------------------------------------------------------


def optional(*types: type) -> Callable[[Any], bool]:
    def accepts(value: Any) -> bool:
        return value is None or (isinstance(value, types) and not isinstance(value, bool))

    return accepts


def count(value: Any) -> bool:
    return value is None or (type(value) is int and value >= 0)


def one_of(choices: tuple[str, ...]) -> Callable[[Any], bool]:
    allowed = frozenset(choices)
    return lambda value: value is None or (isinstance(value, str) and value in allowed)


@dataclass(frozen=True)
class ValueRule:
    """What a property's value must be; ``component`` (a regular expression), when given, limits the
    rule to the components whose id (or a pattern id's ``type``) it matches in full."""

    prop: str
    accepts: Callable[[Any], bool]
    expected: str
    component: str | None = None

    def applies_to(self, component_name: str, prop: str) -> bool:
        return prop == self.prop and (
            self.component is None or re.fullmatch(self.component, component_name) is not None
        )


# The first rule that applies decides, so a rule for some components comes before the general one.
VALUE_RULES: tuple[ValueRule, ...] = (
    ValueRule("data", one_of(RANGES), f"one of {', '.join(RANGES)} or null", component=r"chart-range"),
    ValueRule("value", optional(str), "a string or null", component=r"area-search"),
    ValueRule("pathname", optional(str), "a string or null"),
    ValueRule("search", optional(str), "a string or null", component=r"url"),
    # The frame the page shows: a text the router wrote.
    ValueRule("data", optional(str), "a string or null", component=r"frame-key"),
    ValueRule("clickData", optional(dict), "an object or null"),
    ValueRule("hoverData", optional(dict), "an object or null"),
    ValueRule("selectedData", optional(dict), "an object or null"),
    ValueRule("n_clicks", count, "a whole number or null"),
    ValueRule("n_intervals", count, "a whole number or null"),
    ValueRule("aria-expanded", optional(str), "a string or null"),
)


def rule_for(component_name: str, prop: str) -> ValueRule | None:
    return next((rule for rule in VALUE_RULES if rule.applies_to(component_name, prop)), None)


# --- the shape of one callback ----------------------------------------------------------------------


@dataclass(frozen=True)
class Dependency:
    """One declared output, input or state. ``component`` is a plain id, or a pattern id whose wildcards
    are written as Dash writes them (``["MATCH"]``); ``many``: an ALL or ALLSMALLER pattern, for which
    the page sends a list of every matching component."""

    component: str | Mapping[str, Any]
    prop: str
    many: bool
    rule: ValueRule | None

    @classmethod
    def declared(cls, component_id: str, prop: str) -> Dependency:
        prop = prop.split("@", 1)[0]  # allow_duplicate outputs carry "@<hash>"
        if component_id.startswith("{"):
            pattern = json.loads(component_id)
            many = any(value in PATTERN_WILDCARDS_OF_MANY for value in pattern.values())
            return cls(pattern, prop, many, rule_for(str(pattern.get("type", "")), prop))
        return cls(component_id, prop, False, rule_for(component_id, prop))

    @property
    def name(self) -> str:
        component = self.component
        return f"{component if isinstance(component, str) else component.get('type', '{…}')}.{self.prop}"

    def id_matches(self, sent: Any) -> bool:
        if isinstance(self.component, str):
            return sent == self.component
        if not isinstance(sent, dict) or sent.keys() != self.component.keys():
            return False
        return all(
            isinstance(sent[key], PATTERN_ID_VALUE_TYPES) if isinstance(wanted, list) else sent[key] == wanted
            for key, wanted in self.component.items()
        )

    def check(self, sent: Any, role: str, with_value: bool) -> None:
        """``sent``: what the body holds at this dependency's place; ``role`` names that place."""
        if self.many and not isinstance(sent, list):
            raise RefusedCallback(f"{role} ({self.name}) must be a list of components")
        for item in sent if self.many else (sent,):
            if not isinstance(item, dict) or not self.id_matches(item.get("id")):
                raise RefusedCallback(f"{role} must be {self.name}")
            sent_prop = item.get("property")
            if not isinstance(sent_prop, str) or sent_prop.split("@", 1)[0] != self.prop:
                raise RefusedCallback(f"{role} must be {self.name}")
            if with_value and self.rule is not None and not self.rule.accepts(item.get("value")):
                raise RefusedCallback(f"{role} ({self.name}) must be {self.rule.expected}")


@dataclass(frozen=True)
class CallbackShape:
    outputs: tuple[Dependency, ...]
    several_outputs: bool
    inputs: tuple[Dependency, ...]
    state: tuple[Dependency, ...]

    @classmethod
    def of(cls, output_key: str, callback: Mapping[str, Any]) -> CallbackShape:
        if callback.get("no_output"):
            outputs: list[dict[str, str]] = []
        else:
            split = split_callback_id(output_key)
            outputs = split if isinstance(split, list) else [split]
        return cls(
            outputs=tuple(Dependency.declared(output["id"], output["property"]) for output in outputs),
            several_outputs=output_key.startswith(".."),
            inputs=tuple(Dependency.declared(entry["id"], entry["property"]) for entry in callback["inputs"]),
            state=tuple(Dependency.declared(entry["id"], entry["property"]) for entry in callback["state"]),
        )


class CallbackShapes:
    """The shapes of the app's server-side callbacks, each worked out on its first request: callbacks
    are registered after the guard is installed."""

    def __init__(self, app: dash.Dash) -> None:
        self._app = app
        self._shapes: dict[str, CallbackShape] = {}

    def get(self, output_key: str) -> CallbackShape | None:
        shape = self._shapes.get(output_key)
        if shape is None:
            callback = self._app.callback_map.get(output_key)
            if callback is None or "callback" not in callback:  # unknown, or runs in the browser only
                return None
            shape = self._shapes[output_key] = CallbackShape.of(output_key, callback)
        return shape


# --- the body ---------------------------------------------------------------------------------------


def nests_deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` levels; without recursion."""
    if not isinstance(value, (dict, list)):
        return False
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        container, depth = stack.pop()
        if depth > limit:
            return True
        for child in container.values() if isinstance(container, dict) else container:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


def may_nest_deeper_than(raw: bytes, limit: int) -> bool:
    """A quick bound: a body with no more brackets than ``limit`` cannot nest deeper (most bodies)."""
    return raw.count(b"[") + raw.count(b"{") > limit


def read_body(request: flask.Request) -> dict[str, Any]:
    """The parsed body (``request.get_json()`` caches it for Dash), or RefusedCallback."""
    if not request.is_json:
        raise RefusedCallback("the body must be JSON (Content-Type: application/json)", status=415)
    try:
        body = request.get_json()
    except BadRequest:
        raise RefusedCallback("the body is not valid JSON") from None
    except RecursionError:
        raise RefusedCallback(f"the body nests deeper than {MAX_DEPTH} levels") from None
    if not isinstance(body, dict):
        raise RefusedCallback("the body must be a JSON object")
    if may_nest_deeper_than(request.get_data(), MAX_DEPTH) and nests_deeper_than(body, MAX_DEPTH):
        raise RefusedCallback(f"the body nests deeper than {MAX_DEPTH} levels")
    return body


def check_list(body: Mapping[str, Any], key: str, declared: tuple[Dependency, ...], role: str) -> None:
    sent = body.get(key, [])
    if not isinstance(sent, list) or len(sent) != len(declared):
        raise RefusedCallback(f"'{key}' must be a list of {len(declared)}")
    for position, (dependency, item) in enumerate(zip(declared, sent, strict=True), start=1):
        dependency.check(item, f"{role} {position}", with_value=True)


def check_outputs(body: Mapping[str, Any], shape: CallbackShape) -> None:
    sent = body.get("outputs")
    if not shape.outputs:
        return
    if not shape.several_outputs:
        shape.outputs[0].check(sent, "'outputs'", with_value=False)
        return
    if not isinstance(sent, list) or len(sent) != len(shape.outputs):
        raise RefusedCallback(f"'outputs' must be a list of {len(shape.outputs)}")
    for position, (dependency, item) in enumerate(zip(shape.outputs, sent, strict=True), start=1):
        dependency.check(item, f"output {position}", with_value=False)


def check_callback_body(body: Mapping[str, Any], shapes: CallbackShapes) -> None:
    """Raises RefusedCallback when the body does not fit the callback it names."""
    output = body.get("output")
    if not isinstance(output, str):
        raise RefusedCallback("'output' must be a string")
    shape = shapes.get(output)
    if shape is None:
        raise RefusedCallback("'output' names no callback of this app")
    check_outputs(body, shape)
    check_list(body, "inputs", shape.inputs, "input")
    check_list(body, "state", shape.state, "state")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(prop_id, str) for prop_id in changed):
        raise RefusedCallback("'changedPropIds' must be a list of strings")


def install_callback_guard(server: flask.Flask, app: dash.Dash, callback_path: str) -> None:
    """Install after the body limit: an oversized body is refused before anything parses it."""
    shapes = CallbackShapes(app)

    @server.before_request
    def refuse_malformed_callbacks() -> ResponseReturnValue | None:
        request = flask.request
        if request.path != callback_path or request.method != "POST":
            return None
        try:
            check_callback_body(read_body(request), shapes)
        except RefusedCallback as refused:
            logger.warning("Refused a callback request: %s", refused.reason)
            return flask.jsonify(error=refused.reason), refused.status
        return None
