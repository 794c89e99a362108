"""The addresses of one chart: on its page, as an embed, as a picture and as a download.

One place for them, so that the share box, the embed's link back and the downloads agree.
"""

from __future__ import annotations

from dashapp.routes import SLUG_OF_LEVEL

# The cards of the two charts that are not simple time series have ids of their own.
SPECIAL_ANCHORS = {"age_distribution": "chart-age", "sewer_plants": "chart-sewer-plants"}


def chart_anchor(chart_id: str) -> str:
    """The id of a chart's card on its page."""
    return SPECIAL_ANCHORS.get(chart_id, f"chart-{chart_id}")


def page_link(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    """The chart on its page: the page of its area, scrolled to its card, with the same range."""
    page = f"/{language}/" if level == "nl" else f"/{language}/{SLUG_OF_LEVEL[level]}/{code}"
    return f"{page}?range={range_name}#{chart_anchor(chart_id)}"


def embed_link(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    return f"/{language}/embed/{level}/{code}/{chart_id}?range={range_name}"


def download_link(language: str, level: str, code: str, chart_id: str, range_name: str, kind: str) -> str:
    """``kind``: ``csv``, ``json`` or ``svg`` (the picture)."""
    return f"/download/{language}/{level}/{code}/{chart_id}.{kind}?range={range_name}"


def file_name(chart_id: str, code: str, range_name: str, kind: str) -> str:
    return f"{chart_id}-{code}-{range_name}.{kind}"
