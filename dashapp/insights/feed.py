"""This week's crossings as an Atom feed (RFC 4287): one entry per crossing, with a stable id.

Built with ElementTree, which escapes every text and attribute. Call inside ``use_language``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from xml.etree import ElementTree

from dashapp.data.reference import Reference
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.insights.crossings import ID_NAMESPACE, Crossing
from dashapp.insights.texts import area_href, area_name, headline, indicative_note, summary

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"
ElementTree.register_namespace("", ATOM)


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _add(
    parent: ElementTree.Element, name: str, text: str | None = None, **attributes: str
) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, _tag(name), attributes)
    if text is not None:
        element.text = text
    return element


def timestamp(day: date) -> str:
    """A crossing's moment in Atom's date format: the start of the last day it looks at (UTC)."""
    return datetime.combine(day, time(), tzinfo=UTC).isoformat().replace("+00:00", "Z")


def feed_id(language: str, area: str | None) -> str:
    return uuid.uuid5(ID_NAMESPACE, f"feed/{language}/{area or 'all'}").urn


def atom_feed(
    items: Sequence[Crossing],
    reference: Reference,
    *,
    base_url: str,
    self_path: str,
    page_path: str,
    area: str | None,
    built_at: datetime,
) -> bytes:
    """The feed document. ``base_url`` ("https://host") makes the links absolute."""
    language = current_language()
    root = ElementTree.Element(_tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": language})
    title = _("What changed this week – Coronavirus dashboard")
    if area is not None:
        title = _(
            "What changed this week in %(area)s – Coronavirus dashboard", area=area_name(reference, area)
        )
    _add(root, "title", title)
    _add(root, "subtitle", indicative_note())
    _add(root, "id", feed_id(language, area))
    _add(root, "link", rel="self", type=MEDIA_TYPE, href=base_url + self_path)
    _add(root, "link", rel="alternate", type="text/html", href=base_url + page_path)
    newest = max((item.ends_on for item in items), default=None)
    _add(
        root,
        "updated",
        timestamp(newest) if newest else built_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    )
    author = _add(root, "author")
    _add(author, "name", _("Coronavirus dashboard"))
    for item in items:
        entry = _add(root, "entry")
        _add(entry, "id", item.entry_id)
        _add(entry, "title", headline(item, reference))
        _add(entry, "updated", timestamp(item.ends_on))
        _add(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=base_url + area_href(language, item.level, item.code),
        )
        _add(entry, "category", term=item.rule)
        _add(entry, "summary", summary(item, reference))
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
