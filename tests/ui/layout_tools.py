"""Reading Dash layouts in tests: walk the component tree, collect its text, find ids."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask
from flask_babel import Babel

from dashapp.i18n import TRANSLATIONS_DIR, use_language
from dashapp.layouts.formatting import format_indicator


@contextmanager
def page_context(language: str) -> Iterator[None]:
    """A request context with Flask-Babel and the page's language, as a callback has."""
    app = Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    Babel(app)
    with app.test_request_context(f"/{language}/"), use_language(language):
        yield


def shown_value(indicator: str, value: float | None, language: str) -> str:
    """A value as the page in ``language`` shows it."""
    with use_language(language):
        return format_indicator(indicator, value)


def walk(node) -> Iterator[dict]:
    """Every component of a layout, as its plain JSON form."""
    if hasattr(node, "to_plotly_json"):
        node = node.to_plotly_json()
    if isinstance(node, dict) and "props" in node:
        yield node
        yield from walk(node["props"].get("children"))
    elif isinstance(node, list | tuple):
        for child in node:
            yield from walk(child)


def texts(node) -> str:
    found = []
    for component in walk(node):
        children = component["props"].get("children")
        items = children if isinstance(children, list) else [children]
        found += [item for item in items if isinstance(item, str)]
    return " ".join(found)


def by_id(layout, wanted: Callable[[object], bool]) -> dict[str, dict]:
    return {
        str(component["props"]["id"]): component
        for component in walk(layout)
        if "id" in component["props"] and wanted(component["props"]["id"])
    }


def by_class(layout, class_name: str) -> list[dict]:
    return [c for c in walk(layout) if class_name in str(c["props"].get("className", "")).split()]
