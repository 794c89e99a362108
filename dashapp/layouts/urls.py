"""Addresses the pages link to that are built from a chart's area, language and range."""

from __future__ import annotations


def download_href(language: str, level: str, code: str, chart_id: str, range_name: str) -> str:
    return f"/download/{language}/{level}/{code}/{chart_id}.csv?range={range_name}"
