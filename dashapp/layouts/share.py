"""A chart card's share box: a ``<details>`` whose summary and plain permalink are in the page, and
whose controls (the link and the ``<iframe>`` code to copy, a picture as PNG, the open-data page) are
built by ``dashapp/web/static/share.js`` when a visitor opens it. Call inside ``use_language``.

A page moves from area to area with a box on every chart card, and few visitors open one: built on
the server, the controls were about 3 kB of every card in each move's answer (some 15 components
each for React). Here a card carries the summary, the permalink (a link that works without script,
also in the server's HTML) and one ``data-share`` attribute: the addresses with ``{range}`` and
``{origin}`` left for the script to fill (the range the card shows, the page's origin), so that the
address patterns stay in ``dashapp.api.links`` alone, and the texts of the controls in the page's
language. No component here has an id: no callback and no id list changes.
"""

from __future__ import annotations

import json
from typing import Any

from dash import html
from markupsafe import escape

from dashapp.api.links import download_link, embed_link, file_name, page_link
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.ids import CHART, parse_chart_key

EMBED_WIDTH, EMBED_HEIGHT = 640, 480
# What the script puts in place of these in the addresses (``share.js``).
RANGE_SLOT, ORIGIN_SLOT = "{range}", "{origin}"


def embed_code(src: str, title: str) -> str:
    """The ``<iframe>`` a website pastes (its title names the chart for screen readers)."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{EMBED_WIDTH}" '
        f'height="{EMBED_HEIGHT}" loading="lazy" style="border:0;max-width:100%"></iframe>'
    )


def share_data(level: str, code: str, chart_id: str, title: str) -> dict[str, dict[str, str]]:
    """What ``share.js`` builds the controls from: the addresses for any range (``{range}``), the page
    address and the embed code to be made absolute (``{origin}``), and the texts."""
    language = current_language()
    return {
        "links": {
            "page": ORIGIN_SLOT + page_link(language, level, code, chart_id, RANGE_SLOT),
            "embed": embed_code(ORIGIN_SLOT + embed_link(language, level, code, chart_id, RANGE_SLOT), title),
            "picture": download_link(language, level, code, chart_id, RANGE_SLOT, "svg"),
            "file": file_name(chart_id, code, RANGE_SLOT, "png"),
            "data": f"/{language}/open-data",
        },
        "texts": {
            "link": _("Link to this chart"),
            "copyLink": _("Copy link"),
            "embed": _("Code to show this chart on your own website"),
            "copyEmbed": _("Copy code"),
            "picture": _("Download as a picture (PNG)"),
            "data": _("Open data: API and downloads"),
            "copied": _("Copied."),
            "copyFailed": _("Select the text and copy it with Ctrl+C (⌘C on a Mac)."),
            "pictureFailed": _("The picture could not be made; the SVG version opens instead."),
        },
    }


def share_controls(level: str, code: str, chart_id: str, range_name: str, title: str) -> html.Details:
    """The share box of one chart of the area ``code``, its permalink naming ``range_name``."""
    language = current_language()
    data = json.dumps(share_data(level, code, chart_id, title), ensure_ascii=False, separators=(",", ":"))
    # ``data-share`` is a wildcard property of Dash's html components (a hyphen keeps it out of
    # Python keywords).
    attributes: dict[str, Any] = {"data-share": data}
    return html.Details(
        [
            html.Summary(_("Share or embed this chart"), className="chart-share-summary"),
            html.A(
                _("Link to this chart"),
                href=page_link(language, level, code, chart_id, range_name),
                className="share-permalink",
            ),
        ],
        className="chart-share",
        **attributes,
    )


def share_for_card(ids: dict[str, dict[str, object]], range_name: str, title: str) -> html.Details:
    """The share box of a chart card, from the ids of its parts (``dashapp.ids.chart_card_ids``),
    whose key names the card's area."""
    part = ids["range"]
    family, key = str(part["type"]).rsplit("-", 1)[0], str(part["key"])
    if family != CHART:
        raise ValueError(f"not the ids of a chart card: {part!r}")
    _language, level, code, chart_id = parse_chart_key(key)
    return share_controls(level, code, chart_id, range_name, title)
