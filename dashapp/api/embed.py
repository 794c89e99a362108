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

from dashapp.api.data import area_name
from dashapp.api.svg import chart_svg, legend_entries
from dashapp.charts import ranges
from dashapp.charts.data import ChartData, chart_data
from dashapp.charts.specs import chart
from dashapp.data.current import CurrentSnapshot
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, format_date, format_week, use_language
from dashapp.i18n import gettext as _
from dashapp.labels import chart_title, source_label, source_url
from dashapp.metrics.model import LEVELS
from dashapp.routes import SLUG_OF_LEVEL

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


def _known_area(snapshot: Snapshot, level: str, code: str) -> bool:
    return level in LEVELS and code in snapshot.area_codes(level)


def embed_path(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    return f"/{language}/embed/{level}/{code}/{chart_id}?range={range_name}"


def page_path(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    """The chart on the dashboard: its page, scrolled to its card, with the same range."""
    page = f"/{language}/" if level == "nl" else f"/{language}/{SLUG_OF_LEVEL[level]}/{code}"
    return f"{page}?range={range_name}#chart-{chart_id}"


def _dates_text(data: ChartData) -> str:
    first, last = data.first_day, data.last_day
    if first is None or last is None:
        return _("No data available for this chart.")
    if data.spec.weekly:
        return f"{format_week(first)} – {format_week(last)}"
    return f"{format_date(first)} – {format_date(last)}"


def embed_html(snapshot: Snapshot, data: ChartData, language: str) -> str:
    """The whole page (call inside ``use_language``)."""
    title = chart_title(data.spec.id)
    area = area_name(snapshot, data.code)[language]
    heading = f"{title} – {area}"
    dates = _dates_text(data)
    source = ""
    if data.source:
        url = source_url(data.source)
        name = escape(source_label(data.source))
        shown = f'<a href="{escape(url)}" target="_blank" rel="noopener">{name}</a>' if url else name
        obtained = _("Obtained on %(date)s", date=format_date(data.obtained_on)) if data.obtained_on else ""
        source = f'<p class="source">{escape(_("Source:"))} {shown} · {escape(obtained)}</p>'
    back = page_path(language, data.level, data.code, data.spec.id, data.range_name)
    svg = chart_svg(data, heading, dates)
    return (
        "<!doctype html>"
        f'<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        # no icon: an embed opened on its own would otherwise ask for a /favicon.ico that is not there
        '<link rel="icon" href="data:,">'
        f"<title>{escape(heading)}</title><style>{Markup(EMBED_CSS)}</style></head>"
        f'<body><main><h1>{escape(heading)}</h1><p class="dates">{escape(dates)}</p>'
        f"{svg}{_colour_legend(data)}{source}"
        f'<p class="back"><a href="{escape(back)}" target="_blank" rel="noopener">'
        f"{escape(_('See this chart on the coronavirus dashboard'))}</a></p></main></body></html>"
    )


def _colour_legend(data: ChartData) -> str:
    """The legend, its colour keys drawn as tiny SVGs (no style attributes under the page's policy)."""
    items = []
    for kind, colour, label in legend_entries(data):
        if kind == "bar":
            key = f'<rect width="14" height="10" fill="{colour}"/>'
        else:
            dash = ' stroke-dasharray="4 3"' if kind == "reference" else ""
            key = f'<line x1="0" x2="14" y1="5" y2="5" stroke="{colour}" stroke-width="3"{dash}/>'
        items.append(
            f'<li><svg class="key" viewBox="0 0 14 10" aria-hidden="true">{key}</svg>{escape(label)}</li>'
        )
    return f'<ul class="legend">{"".join(items)}</ul>' if items else ""


def embed_for(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> str | None:
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or not _known_area(snapshot, level, code):
        return None
    spec = chart(level, chart_id)
    if spec is None:
        return None
    with use_language(language):
        return embed_html(snapshot, chart_data(snapshot, spec, level, code, range_name), language)


def svg_for(
    store: CurrentSnapshot, language: str, level: str, code: str, chart_id: str, range_name: str
) -> str | None:
    """The chart alone, with its title, dates and source written into the picture (for the PNG export)."""
    snapshot = store.current
    if snapshot is None or language not in LANGUAGES or not _known_area(snapshot, level, code):
        return None
    spec = chart(level, chart_id)
    if spec is None:
        return None
    with use_language(language):
        data = chart_data(snapshot, spec, level, code, range_name)
        return picture_svg(snapshot, data, language)


def picture_svg(snapshot: Snapshot, data: ChartData, language: str) -> str:
    """The chart framed by its title and dates above and its source below, as one standalone SVG."""
    from dashapp.api.svg import HEIGHT, WIDTH

    heading = f"{chart_title(data.spec.id)} – {area_name(snapshot, data.code)[language]}"
    dates = _dates_text(data)
    source = ""
    if data.source:
        source = f"{_('Source:')} {source_label(data.source)}"
        if data.obtained_on:
            source += " · " + _("Obtained on %(date)s", date=format_date(data.obtained_on))
    placed = f'<svg x="0" y="48" width="{WIDTH}" height="{HEIGHT}" '
    inner = chart_svg(data, heading, dates).replace('<svg xmlns="http://www.w3.org/2000/svg" ', placed, 1)
    total = HEIGHT + 48 + 28
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


def register_embeds(server: flask.Flask, store: CurrentSnapshot) -> None:
    @server.get("/<language>/embed/<level>/<code>/<chart_id>")
    def embed(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        html = embed_for(store, language, level, code.upper(), chart_id, range_name)
        if html is None:
            flask.abort(404)
        response = flask.Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = EMBED_POLICY
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response

    @server.get("/download/<language>/<level>/<code>/<chart_id>.svg")
    def chart_picture(language: str, level: str, code: str, chart_id: str) -> flask.Response:
        range_name = ranges.valid_range(flask.request.args.get("range"))
        picture = svg_for(store, language, level, code.upper(), chart_id, range_name)
        if picture is None:
            flask.abort(404)
        response = flask.Response(picture, mimetype="image/svg+xml")
        response.headers["Cache-Control"] = "no-cache"
        response.headers["Content-Disposition"] = (
            f'inline; filename="{chart_id}-{code.upper()}-{range_name}.svg"'
        )
        return response
