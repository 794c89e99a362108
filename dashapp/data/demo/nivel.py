"""Nivel ``Nivel-verdenkingen-COVID-19.txt``: GP consultations per complete ISO week, as Stata-style JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from dashapp.data.demo.calendar import ANCHOR
from dashapp.data.demo.epidemic import Epidemic
from dashapp.data.demo.streams import Stream
from dashapp.data.demo.text import write_text
from dashapp.data.sources import nivel_gp


def _decimal_comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def nivel_json(records: Sequence[dict[str, str]]) -> str:
    """Nivel's Stata-style JSON: ``" : "`` separators, ``}, {`` between records, no final newline."""
    blocks = [
        "{\n" + ",\n".join(f'    "{key}" : "{value}"' for key, value in record.items()) + "\n  }"
        for record in records
    ]
    head = '{\n  "source" : "temp_json.dta",\n  "name" : "DataSet",\n  "data" : [ '
    return head + ", ".join(blocks) + " ]\n}"


def write_nivel(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    monday = -ANCHOR.weekday()
    weeks = (calendar.size - monday) // 7 + 1
    noise = epidemic.rng(Stream.NIVEL).lognormal(0.0, 0.05, (weeks, 3))
    incidence = epidemic.national_incidence
    season = calendar.season()
    population = epidemic.areas.inhabitants.sum()
    key = nivel_gp.VALUES
    records = []
    for week in range(weeks):
        start = monday + 7 * week
        if start < calendar.first or start + 6 > calendar.last:
            continue
        days = slice(start, start + 7)
        rate = 7 * (0.9 + 0.35 * season[days].mean() + 0.17 * incidence[days].mean()) * noise[week, 0]
        estimate = round(rate * population / 1e5 * noise[week, 1])
        half = 1.6 / math.sqrt(max(estimate / 40, 1.0)) * noise[week, 2]
        year, number, _ = (ANCHOR + timedelta(days=start)).isocalendar()
        records.append(
            {  # in the real file's order of keys
                key["incidence_per_100k"]: _decimal_comma(rate),
                key["upper"]: str(round(estimate * math.exp(1.1 * half))),
                "week": str(number),
                "diagnose": "Verdenking COVID-19",
                "jaar": str(year),
                key["estimated_count"]: str(estimate),
                key["lower"]: str(round(estimate * math.exp(-half))),
            }
        )
    return write_text(directory / nivel_gp.FILE_NAME, nivel_json(records))
