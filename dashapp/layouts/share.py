"""A chart card's share controls: a permalink to copy, the ``<iframe>`` code of its embed, and a picture
(PNG) with its title, dates and source. Call inside ``use_language``.

The controls hold the addresses for the card's area and range as the page is built, so that they work
without script; ``dashapp/web/static/share.js`` keeps them in step with the card's time range (and, on
the area tabs, with the area in the URL), makes absolute addresses of them, copies them, turns the
chart's picture (``/download/…/{chart}.svg``) into a PNG, and on arrival at a permalink selects its
range and scrolls to its card. No component here has an id: the script finds each part within the
controls, so that no callback and no id list changes.
"""

from __future__ import annotations

from typing import Any

from dash import html
from markupsafe import escape

from dashapp.api.links import chart_anchor, download_link, embed_link, file_name, page_link
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.ids import AREA_CHART, CHART, parse_area_chart_key, parse_chart_key

EMBED_WIDTH, EMBED_HEIGHT = 640, 480
# The layout of the controls (the page's CSP admits style attributes): the fields one under the other,
# each with its button beside it, at most as wide as a line of text.
STACK = {"display": "grid", "gap": "0.75rem", "maxWidth": "46rem", "marginTop": "0.5rem"}
ROW = {"display": "flex", "flexWrap": "wrap", "gap": "0.5rem 1rem", "alignItems": "center"}
FIELD = {"display": "grid", "gridTemplateColumns": "1fr auto", "gap": "0.25rem 0.5rem", "alignItems": "end"}


def _field(label: str, text_area: html.Textarea, copy_button: html.Button) -> html.Div:
    """A labelled text area with its copy button beside it."""
    return html.Div(
        [html.Label([label, text_area], className="chart-share-field", style={"margin": 0}), copy_button],
        style=FIELD,
    )


def _data(attributes: dict[str, str]) -> dict[str, Any]:
    """``data-*`` and ``aria-*`` attributes for an html component (wildcard properties of Dash's, which
    a hyphen keeps out of Python keywords)."""
    return dict(attributes)


def embed_code(src: str, title: str) -> str:
    """The ``<iframe>`` a website pastes (its title names the chart for screen readers)."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{EMBED_WIDTH}" '
        f'height="{EMBED_HEIGHT}" loading="lazy" style="border:0;max-width:100%"></iframe>'
    )


def share_controls(level: str, code: str | None, chart_id: str, range_name: str, title: str) -> html.Details:
    """The controls of one chart. ``code`` is ``None`` on the area tabs, whose cards draw the area in
    the URL: the script then fills the addresses in."""
    language = current_language()
    link = page_link(language, level, code, chart_id, range_name) if code else ""
    embed = embed_code(embed_link(language, level, code, chart_id, range_name), title) if code else ""
    picture = download_link(language, level, code, chart_id, range_name, "svg") if code else None
    button = "btn btn-outline-primary btn-sm"
    return html.Details(
        [
            html.Summary(_("Share or embed this chart"), className="chart-share-summary"),
            html.Div(
                [
                    _field(
                        _("Link to this chart"),
                        # a one-line text area: Dash's html has no plain <input>; its text is the value
                        html.Textarea(
                            link, readOnly="readonly", rows=1, wrap="off", className="form-control share-link"
                        ),
                        html.Button(
                            _("Copy link"),
                            type="button",
                            className=button,
                            **_data({"data-share-copy": "link"}),
                        ),
                    ),
                    _field(
                        _("Code to show this chart on your own website"),
                        html.Textarea(
                            embed, readOnly="readonly", rows=3, className="form-control share-embed"
                        ),
                        html.Button(
                            _("Copy code"),
                            type="button",
                            className=button,
                            **_data({"data-share-copy": "embed"}),
                        ),
                    ),
                    html.Div(
                        [
                            html.A(
                                _("Download as a picture (PNG)"),
                                href=picture,
                                className=button + " share-picture",
                                download=file_name(chart_id, code, range_name, "png")
                                if code
                                else f"{chart_id}.png",
                                **_data({"data-share-png": "1"}),
                            ),
                            html.A(_("Open data: API and downloads"), href=f"/{language}/open-data"),
                        ],
                        style=ROW,
                    ),
                    html.P(className="chart-share-status", role="status", **_data({"aria-live": "polite"})),
                ],
                className="chart-share-body",
                style=STACK,
            ),
        ],
        className="chart-share",
        **_data(
            {
                "data-share-language": language,
                "data-share-level": level,
                "data-share-code": code or "",
                "data-share-chart": chart_id,
                "data-share-anchor": chart_anchor(chart_id),
                "data-share-title": title,
                "data-copied": _("Copied."),
                "data-copy-failed": _("Select the text and copy it with Ctrl+C (⌘C on a Mac)."),
                "data-picture-failed": _("The picture could not be made; the SVG version opens instead."),
            }
        ),
    )


def share_for_card(ids: dict[str, dict[str, object]], range_name: str, title: str) -> html.Details:
    """The controls of a chart card, from the ids of its parts (``dashapp.ids.chart_card_ids``): a card
    of the ``CHART`` family names its area, one of the ``AREA_CHART`` family takes the URL's."""
    part = ids["range"]
    family, key = str(part["type"]).rsplit("-", 1)[0], str(part["key"])
    if family == CHART:
        _language, level, code, chart_id = parse_chart_key(key)
        return share_controls(level, code, chart_id, range_name, title)
    if family == AREA_CHART:
        level, chart_id = parse_area_chart_key(key)
        return share_controls(level, None, chart_id, range_name, title)
    raise ValueError(f"not the ids of a chart card: {part!r}")
