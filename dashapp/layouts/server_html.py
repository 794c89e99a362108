"""Dash component trees as HTML: the page the server sends, readable before (and without) JavaScript.

The same trees that Dash renders in the browser (components, or the plain JSON that the render cache
keeps) are written here as HTML elements with the same ids, classes and texts, so that the server's
page and Dash's page look alike and Dash can take over without a jump. Every text and attribute is
escaped. Components that only work with JavaScript get a stand-in: a graph keeps its box (hidden
when scripting is off, ``assets/glance.css``), a store or a timer writes nothing. An element that
names a picture of its chart (``picture_attributes``) gets it as an ``<img>``: the chart as the
server draws it, shown while Dash has not started and when scripting is off.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypedDict

from dash.development.base_component import Component
from markupsafe import escape

from dashapp.layouts.markdown_html import markdown_html

HTML_NAMESPACE = "dash_html_components"
CORE_NAMESPACE = "dash_core_components"
VOID_ELEMENTS = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"})
ATTRIBUTE_NAMES = {
    "className": "class",
    "htmlFor": "for",
    "tabIndex": "tabindex",
    "hrefLang": "hreflang",
    "colSpan": "colspan",
    "rowSpan": "rowspan",
    "accessKey": "accesskey",
    "maxLength": "maxlength",
    "readOnly": "readonly",
    "autoComplete": "autocomplete",
    "spellCheck": "spellcheck",
}
# Dash's own bookkeeping, not HTML.
SKIPPED_PROPS = frozenset(
    {"children", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps", "key"}
)
_SAFE_ADDRESS = re.compile(r"^(?:/|#|\?|https?://|mailto:|tel:)", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9_:.-]*$")

# The address and the text alternative of a chart's picture, on the element that holds the chart.
PICTURE = "data-picture"
PICTURE_ALT = "data-picture-alt"

# Per component id: properties that replace the tree's own (the router's answer for the slots).
Fill = Mapping[str, Mapping[str, Any]]


def _plain(node: Any) -> Any:
    return node.to_plotly_json() if isinstance(node, Component) else node


def id_text(component_id: Any) -> str:
    """An id as Dash writes it into the page: a dict id as JSON with sorted keys."""
    if isinstance(component_id, dict):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _style(style: Mapping[str, Any]) -> str:
    declarations = []
    for name, value in style.items():
        if value is None:
            continue
        css_name = (
            name if name.startswith("--") else re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), name)
        )
        declarations.append(f"{css_name}:{value}")
    return ";".join(declarations)


def attributes(props: Mapping[str, Any]) -> str:
    """The props of an html component as HTML attributes (escaped; unsafe link addresses dropped)."""
    parts = []
    for name, value in props.items():
        if name in SKIPPED_PROPS or value is None or value is False:
            continue
        attribute = ATTRIBUTE_NAMES.get(name, name)
        if not _ATTRIBUTE.match(attribute):
            continue
        if name == "id":
            value = id_text(value)
        elif name == "style" and isinstance(value, Mapping):
            value = _style(value)
        elif isinstance(value, (dict, list)):
            continue
        if value is True:
            parts.append(f" {attribute}")
            continue
        text = str(value)
        if attribute in ("href", "src", "action") and not _SAFE_ADDRESS.match(text):
            continue
        parts.append(f' {attribute}="{escape(text)}"')
    return "".join(parts)


# Typed by name, as ``dashapp.layouts.aria.Aria`` is, so that mypy matches it against Dash's wildcard.
PictureAttributes = TypedDict("PictureAttributes", {"data-picture": str, "data-picture-alt": str})


def picture_attributes(address: str, alt: str) -> PictureAttributes:
    """The attributes that give an element the picture of its chart in the server's page."""
    return {"data-picture": address, "data-picture-alt": alt}


def _picture(props: Mapping[str, Any]) -> str:
    address, alt = props.get(PICTURE), props.get(PICTURE_ALT)
    if not isinstance(address, str) or not _SAFE_ADDRESS.match(address):
        return ""
    return (
        f'<img class="chart-picture" src="{escape(address)}" alt="{escape(str(alt or ""))}" '
        'loading="lazy" decoding="async">'
    )


def _element(tag: str, props: Mapping[str, Any], inner: str) -> str:
    if tag in VOID_ELEMENTS:
        return f"<{tag}{attributes(props)}>"
    return f"<{tag}{attributes(props)}>{inner}</{tag}>"


def _core(kind: str, props: Mapping[str, Any], fill: Fill) -> str:
    """The stand-in of a dcc component."""
    if kind == "Link":
        keep = {k: props.get(k) for k in ("id", "className", "href", "title", "target")}
        return _element("a", keep, render(props.get("children"), fill))
    if kind == "Markdown":
        body = props.get("children") or ""
        text = body if isinstance(body, str) else " ".join(str(line) for line in body)
        return _element(
            "div", {"id": props.get("id"), "className": props.get("className")}, markdown_html(text)
        )
    if kind == "Graph":
        style = props.get("style") or {}
        classes = " ".join(part for part in ("dash-graph ssr-graph", props.get("className")) if part)
        return _element("div", {"id": props.get("id"), "className": classes, "style": style}, "")
    if kind == "RadioItems":
        return _radio_items(props)
    if kind == "Input":
        keep = {
            "id": props.get("id"),
            "type": props.get("type") or "text",
            "className": props.get("className"),
            "placeholder": props.get("placeholder"),
            "value": props.get("value"),
            "maxLength": props.get("maxLength"),
            "list": props.get("list"),
            "autocomplete": props.get("autoComplete"),
        }
        return _element("input", keep, "")
    if kind == "Dropdown":
        return _element("div", {"id": props.get("id"), "className": "dash-dropdown ssr-dropdown"}, "")
    return ""  # Store, Location, Interval: nothing to show


def _radio_items(props: Mapping[str, Any]) -> str:
    name = id_text(props.get("id", ""))
    options = []
    for option in props.get("options") or []:
        value = option.get("value")
        checked = " checked" if value == props.get("value") else ""
        radio = f'<input type="radio" name="{escape(name)}" value="{escape(str(value))}"{checked} disabled>'
        options.append(f"<label>{radio} {render(option.get('label'))}</label>")
    return f'<div class="{escape(props.get("className") or "")}">{"".join(options)}</div>'


def render(node: Any, fill: Fill | None = None) -> str:
    """``node`` (a component, its JSON form, a text, a number or a list of them) as HTML."""
    fill = fill or {}
    node = _plain(node)
    if node is None or isinstance(node, bool):
        return ""
    if isinstance(node, str):
        return str(escape(node))
    if isinstance(node, (int, float)):
        return str(escape(str(node)))
    if isinstance(node, (list, tuple)):
        return "".join(render(child, fill) for child in node)
    if not isinstance(node, Mapping) or "type" not in node:
        return ""
    props = dict(node.get("props") or {})
    component_id = props.get("id")
    if isinstance(component_id, str) and component_id in fill:
        props.update(fill[component_id])
        if "children" in fill[component_id]:
            # What fills a slot is content, not part of the frame: ids in it are not slots.
            fill = {}
    kind, namespace = str(node["type"]), node.get("namespace")
    if namespace == HTML_NAMESPACE:
        return _element(kind.lower(), props, _picture(props) + render(props.get("children"), fill))
    if namespace == CORE_NAMESPACE:
        return _core(kind, props, fill)
    return render(props.get("children"), fill)
