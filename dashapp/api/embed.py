"""The embeddable chart: ``/{lang}/embed/{level}/{code}/{chart}?range=3m``.

A minimal page with just that chart (a server-drawn SVG, no script at all), its title, the area, the
dates it covers, its source and publication date and a link back to the chart on the dashboard. The
one kind of page other sites may frame (``dashapp/web/security.py``). Its only style sheet is inline
and admitted by its hash, so that the embed costs one request.
"""

from __future__ import annotations

import base64
import hashlib

import flask
from markupsafe import Markup, escape

from dashapp.api.chart_routes import add_chart_route
from dashapp.api.chart_view import ChartView
from dashapp.api.data import area_name
from dashapp.api.links import file_name, page_link
from dashapp.api.svg import HEIGHT, WIDTH
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import format_date, format_week
from dashapp.i18n import gettext as _
from dashapp.labels import source_label, source_url

EMBED_CSS = """
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#fff}
body{margin:0;padding:8px 12px}
h1{font-size:1.05rem;margin:0 0 2px}
p{margin:2px 0;font-size:.85rem}
.dates{color:#444}
svg.chart{display:block;width:100%;height:auto;max-height:70vh}
ul.legend{list-style:none;margin:4px 0;padding:0;font-size:.8rem;display:flex;flex-wrap:wrap;gap:4px 14px}
.key{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
.key-line,.key-reference{height:0;border-top:3px solid}
.key-reference{border-top-style:dashed}
.source,.back{color:#444}
a{color:#154273}
""".strip()
EMBED_CSS_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(EMBED_CSS.encode()).digest()).decode() + "'"
EMBED_POLICY = "; ".join(
    (
        "default-src 'none'",
        f"style-src {EMBED_CSS_HASH}",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors *",
    )
)
# The embed changes only with the data: a CDN may keep it as long as the API's answers.
CACHE_CONTROL = "public, max-age=300"
PICTURE_TOP, PICTURE_FOOT = 48, 28  # the picture's room for its title and dates, and for its source


def _dates_text(view: ChartView) -> str:
    first, last = view.first_day, view.last_day
    if first is None or last is None:
        return _("No data available for this chart.")
    if view.weekly:
        return f"{format_week(first)} – {format_week(last)}"
    return f"{format_date(first)} – {format_date(last)}"


def _heading(snapshot: Snapshot, view: ChartView, language: str) -> str:
    return f"{view.title} – {area_name(snapshot, view.code)[language]}"


def _obtained(view: ChartView) -> str:
    return _("Obtained on %(date)s", date=format_date(view.obtained_on)) if view.obtained_on else ""


def embed_html(snapshot: Snapshot, view: ChartView, language: str) -> str:
    """The whole page (call inside ``use_language``)."""
    heading = _heading(snapshot, view, language)
    dates = _dates_text(view)
    source = ""
    if view.source:
        url = source_url(view.source)
        name = escape(source_label(view.source))
        shown = f'<a href="{escape(url)}" target="_blank" rel="noopener">{name}</a>' if url else name
        source = f'<p class="source">{escape(_("Source:"))} {shown} · {escape(_obtained(view))}</p>'
    back = page_link(language, view.level, view.code, view.chart_id, view.range_name)
    return (
        "<!doctype html>"
        f'<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        # no icon: an embed opened on its own would otherwise ask for a /favicon.ico that is not there
        '<link rel="icon" href="data:,">'
        f"<title>{escape(heading)}</title><style>{Markup(EMBED_CSS)}</style></head>"
        f'<body><main><h1>{escape(heading)}</h1><p class="dates">{escape(dates)}</p>'
        f"{view.drawing(heading, dates)}{_colour_legend(view)}{source}"
        f'<p class="back"><a href="{escape(back)}" target="_blank" rel="noopener">'
        f"{escape(_('See this chart on the coronavirus dashboard'))}</a></p></main></body></html>"
    )


def _colour_legend(view: ChartView) -> str:
    """The legend, its colour keys drawn as tiny SVGs (no style attributes under the page's policy)."""
    items = []
    for kind, colour, label in view.legend():
        if kind == "bar":
            key = f'<rect width="14" height="10" fill="{colour}"/>'
        elif kind == "point":
            key = f'<circle cx="7" cy="5" r="3" fill="{colour}"/>'
        else:
            dash = ' stroke-dasharray="4 3"' if kind == "reference" else ""
            key = f'<line x1="0" x2="14" y1="5" y2="5" stroke="{colour}" stroke-width="3"{dash}/>'
        items.append(
            f'<li><svg class="key" viewBox="0 0 14 10" aria-hidden="true">{key}</svg>{escape(label)}</li>'
        )
    return f'<ul class="legend">{"".join(items)}</ul>' if items else ""


def picture_svg(snapshot: Snapshot, view: ChartView, language: str) -> str:
    """The chart framed by its title and dates above and its source below, as one standalone SVG."""
    heading = _heading(snapshot, view, language)
    dates = _dates_text(view)
    source = ""
    if view.source:
        source = f"{_('Source:')} {source_label(view.source)}"
        if view.obtained_on:
            source += " · " + _obtained(view)
    placed = f'<svg x="0" y="{PICTURE_TOP}" width="{WIDTH}" height="{HEIGHT}" '
    inner = view.drawing(heading, dates).replace('<svg xmlns="http://www.w3.org/2000/svg" ', placed, 1)
    total = HEIGHT + PICTURE_TOP + PICTURE_FOOT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total}" '
        f'width="{WIDTH}" height="{total}" '
        f'font-family="system-ui, Arial, sans-serif">'
        f'<rect width="{WIDTH}" height="{total}" fill="#ffffff"/>'
        f'<text x="12" y="20" font-size="15" font-weight="bold" fill="#1b1b1b">{escape(heading)}</text>'
        f'<text x="12" y="38" font-size="12" fill="#444">{escape(dates)}</text>'
        f"{inner}"
        f'<text x="12" y="{total - 10}" font-size="11" fill="#444">{escape(source)}</text>'
        "</svg>"
    )


def _embed_page(snapshot: Snapshot, view: ChartView, language: str) -> flask.Response:
    response = flask.Response(embed_html(snapshot, view, language), mimetype="text/html")
    response.headers["Content-Security-Policy"] = EMBED_POLICY
    response.headers["Cache-Control"] = CACHE_CONTROL
    return response


def _picture(snapshot: Snapshot, view: ChartView, language: str) -> flask.Response:
    response = flask.Response(picture_svg(snapshot, view, language), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-cache"
    name = file_name(view.chart_id, view.code, view.range_name, "svg")
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def register_embeds(server: flask.Flask, store: CurrentSnapshot) -> None:
    add_chart_route(server, "/<language>/embed/<level>/<code>/<chart_id>", "embed", store, _embed_page)
    add_chart_route(
        server, "/download/<language>/<level>/<code>/<chart_id>.svg", "chart_picture", store, _picture
    )
