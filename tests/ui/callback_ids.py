"""Checking the ids and properties that an app's callbacks name against a layout."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dash import Dash
from dash._utils import split_callback_id
from dash.development.base_component import Component

WILDCARDS = (["MATCH"], ["ALL"], ["ALLSMALLER"])


@dataclass(frozen=True, eq=False)
class Dependency:
    """One output, input or state of a callback: a plain id or a pattern id, and a property."""

    component: str | dict[str, Any]
    prop: str

    def matches(self, component_id: Any) -> bool:
        if isinstance(self.component, str):
            return component_id == self.component
        if not isinstance(component_id, dict) or component_id.keys() != self.component.keys():
            return False
        return all(
            wanted in WILDCARDS or component_id[key] == wanted for key, wanted in self.component.items()
        )

    def __str__(self) -> str:
        component = self.component
        return f"{json.dumps(component) if isinstance(component, dict) else component}.{self.prop}"


def _dependency(component_id: str | dict, prop: str) -> Dependency:
    if isinstance(component_id, str) and component_id.startswith("{"):
        component_id = json.loads(component_id)
    return Dependency(component_id, prop.split("@", 1)[0])  # allow_duplicate outputs carry "@<hash>"


def callback_dependencies(app: Dash) -> list[Dependency]:
    """Every (id, property) that a callback of ``app`` writes or reads, once, in name order."""
    found: dict[str, Dependency] = {}
    for callback in app._callback_list:
        outputs = split_callback_id(callback["output"])
        for item in [
            *(outputs if isinstance(outputs, list) else [outputs]),
            *callback["inputs"],
            *callback["state"],
        ]:
            dependency = _dependency(item["id"], item["property"])
            found[str(dependency)] = dependency
    return [found[name] for name in sorted(found)]


def components(layout: Component) -> Iterator[Component]:
    yield layout
    for _path, component in layout._traverse_with_paths():
        if isinstance(component, Component):
            yield component


def has_property(component: Component, prop: str) -> bool:
    wildcards = getattr(component, "_valid_wildcard_attributes", [])
    return prop in component._prop_names or any(prop.startswith(prefix) for prefix in wildcards)


def unknown_dependencies(app: Dash, layout: Component) -> list[str]:
    """What a callback of ``app`` names that ``layout`` lacks: no component with the id, or none whose
    type has the property. Empty when every id and property is there."""
    with_ids = [component for component in components(layout) if getattr(component, "id", None) is not None]
    problems = []
    for dependency in callback_dependencies(app):
        matching = [component for component in with_ids if dependency.matches(component.id)]
        if not matching:
            problems.append(f"{dependency}: no component has this id")
        elif not any(has_property(component, dependency.prop) for component in matching):
            types = sorted({type(component).__name__ for component in matching})
            problems.append(f"{dependency}: {', '.join(types)} has no property {dependency.prop!r}")
    return problems


def types_by_id(layout: Any) -> dict[str, str]:
    """The component type of every id in a layout, ids written as Dash writes them."""
    root = layout if isinstance(layout, Component) else None
    nodes = components(root) if root is not None else (c for item in layout for c in components(item))
    return {
        json.dumps(c.id, sort_keys=True) if isinstance(c.id, dict) else c.id: type(c).__name__
        for c in nodes
        if getattr(c, "id", None) is not None
    }
