"""The embeddable chart: a light page with the chart's numbers, title, dates, source and a link back,
which only it may be framed by other sites; and the chart as a standalone picture."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import brotli
import numpy as np
import pandas as pd
import pytest

from dashapp.api.svg import POINT_COLOUR, chart_svg, nice_step
from dashapp.charts import categories
from dashapp.charts.data import ChartData, chart_data
from dashapp.charts.specs import chart
from dashapp.i18n import format_number, use_language

EMBED = "/nl/embed/gm/GM0363/positive_tests_per_100k?range=3m"
SVG_NS = "{http://www.w3.org/2000/svg}"


def test_the_embed_shows_the_chart_with_its_title_dates_source_and_a_link_back(api_client, api_store):
    answer = api_client.get(EMBED)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    page = answer.get_data(as_text=True)
    snapshot = api_store.current
    data = chart_data(snapshot, chart("gm", "positive_tests_per_100k"), "gm", "GM0363", "3m")
    assert '<html lang="nl">' in page
    assert re.search(r"<h1>[^<]*Amsterdam</h1>", page)
    assert "RIVM" in page and "Verkregen op" in page
    with use_language("nl"):
        from dashapp.i18n import format_date

        assert f"{format_date(data.first_day)} – {format_date(data.last_day)}" in page
        assert format_date(data.obtained_on) in page
    assert 'href="/nl/gemeente/GM0363?range=3m#chart-positive_tests_per_100k"' in page
    assert "<script" not in page


def test_the_embed_draws_a_bar_per_value_with_the_number_as_on_screen(api_client, api_store):
    page = api_client.get(EMBED).get_data(as_text=True)
    snapshot = api_store.current
    data = chart_data(snapshot, chart("gm", "positive_tests_per_100k"), "gm", "GM0363", "3m")
    values = data.columns["positive_tests_per_100k"]
    bars = re.findall(r"<rect [^>]*><title>([^<]*)</title></rect>", page)
    assert len(bars) == int(np.isfinite(values).sum())
    with use_language("nl"):
        from dashapp.i18n import format_date

        last = f"{format_date(data.last_day)}: {format_number(float(values[-1]), 1)}"
    assert bars[-1] == last


def test_only_the_embed_may_be_framed_by_any_site(api_client):
    embed = api_client.get(EMBED)
    policy = embed.headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "X-Frame-Options" not in embed.headers
    assert "script-src" not in policy and "default-src 'none'" in policy  # no script may run at all
    assert embed.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    for path in ("/nl/", "/en/gemeente/GM0363", "/api/v1/indicators", "/nl/about"):
        other = api_client.get(path)
        assert "frame-ancestors 'none'" in other.headers["Content-Security-Policy"], path
        assert other.headers["X-Frame-Options"] == "DENY", path


def test_the_embed_is_light_and_cacheable(api_client):
    path = "/en/embed/nl/NL/hospital_admissions?range=all"  # the longest series, every day
    answer = api_client.get(path, headers={"Accept-Encoding": "br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert len(answer.data) <= 250_000
    assert len(brotli.decompress(answer.data)) <= 400_000
    assert answer.headers["Cache-Control"] == "public, max-age=300"
    again = api_client.get(path, headers={"Accept-Encoding": "br", "If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/nl/embed/gm/GM9999/positive_tests_per_100k",
        "/nl/embed/gm/GM0363/no_such_chart",
        "/nl/embed/zz/GM0363/positive_tests_per_100k",
        "/nl/embed/gm/GM0363/age_distribution",
        "/nl/embed/nl/NL/sewer_plants",
        "/nl/embed/gm/<script>/positive_tests_per_100k",
    ],
)
def test_an_embed_of_nothing_is_not_found(api_client, path):
    answer = api_client.get(path)
    assert answer.status_code == 404
    assert "<script>" not in answer.get_data(as_text=True)


def test_an_embed_in_a_language_we_do_not_serve_is_not_found(api_client):
    assert api_client.get("/xx/embed/gm/GM0363/positive_tests_per_100k").status_code == 404


def test_a_range_the_charts_do_not_know_falls_back_as_on_the_charts(api_client):
    page = api_client.get("/nl/embed/nl/NL/reproduction_number?range=<b>x</b>").get_data(as_text=True)
    assert "<b>x</b>" not in page
    assert 'href="/nl/?range=3m#chart-reproduction_number"' in page


def test_texts_in_the_picture_are_escaped():
    index = pd.DatetimeIndex(pd.date_range("2026-11-01", periods=3))
    spec = chart("nl", "hospital_admissions")
    data = ChartData(
        spec,
        "nl",
        "NL",
        "all",
        index,
        {"hospital_admissions": np.array([1.0, 2.0, 3.0])},
        {"hospital_admissions": 0},
        None,
        None,
        None,
    )
    with use_language("en"):
        svg = chart_svg(data, 'A <b>"title"</b> & more', "</desc><script>alert(1)</script>")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.find(f"{SVG_NS}title").text == 'A <b>"title"</b> & more'
    assert root.find(f"{SVG_NS}desc").text == "</desc><script>alert(1)</script>"
    assert root.find(f".//{SVG_NS}script") is None
    assert len(root.findall(f"{SVG_NS}rect")) == 3


@pytest.mark.parametrize(
    ("span", "step"), [(17.3, 5), (1.62, 0.5), (480, 200), (100, 50), (0.09, 0.05), (0, 1)]
)
def test_axis_steps_are_round(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_the_picture_download_names_its_title_dates_and_source(api_client):
    answer = api_client.get("/download/en/vr/VR13/hospital_admissions.svg?range=6m")
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    root = ET.fromstring(answer.data)
    texts = [element.text or "" for element in root.iter(f"{SVG_NS}text")]
    assert texts[0].startswith("Hospital admissions") and texts[0].endswith("Amsterdam-Amstelland")
    assert re.fullmatch(r"\d+ \w+ 20\d\d – \d+ \w+ 20\d\d", texts[1])
    assert texts[-1].startswith("Source: RIVM · Obtained on ")
    assert api_client.get("/download/en/vr/VR99/hospital_admissions.svg").status_code == 404


# --- the two charts that are not simple time series ------------------------------------------------


def test_the_age_chart_embeds_with_a_bar_per_age_group(api_client, api_store):
    distribution = categories.age_distribution(api_store.current)
    answer = api_client.get("/en/embed/nl/NL/age_distribution")
    assert answer.status_code == 200
    assert "frame-ancestors *" in answer.headers["Content-Security-Policy"]
    page = answer.get_data(as_text=True)
    assert "<h1>Positive tests by age group – The Netherlands</h1>" in page
    bars = re.findall(r"<rect [^>]*><title>([^<]*)</title></rect>", page)
    with use_language("en"):
        from dashapp.i18n import format_date

        assert f"{format_date(distribution.first_day)} – {format_date(distribution.last_day)}" in page
        assert bars == [
            f"{band}: {format_number(count, 0)} ({round(share)}%)"
            for band, count, share in zip(
                distribution.bands, distribution.counts, distribution.shares(), strict=True
            )
        ]
    assert 'href="/en/?range=3m#chart-age"' in page  # the card's own id on the page
    assert "RIVM" in page and "<script" not in page


def test_the_sewage_plants_chart_embeds_each_measurement_as_a_dot(api_client, api_store):
    snapshot = api_store.current
    page = api_client.get("/nl/embed/vr/VR13/sewer_plants?range=all").get_data(as_text=True)
    plants = snapshot.sewage_plants
    measurements = sum(int(plants.series[plant].notna().sum()) for plant in plants.plants_of("vr", "VR13"))
    assert page.count(f'r="2" fill="{POINT_COLOUR}"') == measurements
    assert "<polyline" in page  # the weekly average of the region
    assert 'href="/nl/veiligheidsregio/VR13?range=all#chart-sewer-plants"' in page
    legend = re.findall(r"</svg>([^<]+)</li>", page)
    assert legend == ["Metingen van de zuiveringsinstallaties", "Weekgemiddelde van het gebied"]


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/download/en/nl/NL/age_distribution.svg", "Positive tests by age group – The Netherlands"),
        (
            "/download/en/vr/VR13/sewer_plants.svg",
            "Virus particles in sewage per plant – Amsterdam-Amstelland",
        ),
    ],
)
def test_the_special_charts_pictures_name_their_title_dates_and_source(api_client, path, title):
    answer = api_client.get(path)
    assert answer.status_code == 200 and answer.mimetype == "image/svg+xml"
    root = ET.fromstring(answer.data)
    texts = [element.text or "" for element in root.iter(f"{SVG_NS}text")]
    assert texts[0] == title
    assert re.fullmatch(r"\d[^–]*(–[^–]*)? 20\d\d – \d[^–]*(–[^–]*)? 20\d\d", texts[1]), texts[1]
    assert texts[-1].startswith("Source: RIVM · Obtained on ")
