"""The share boxes of the chart cards: in the page, a permalink to the card (also without script) and
the addresses ``share.js`` builds the controls from; the two special charts' cards (ages, sewage
plants) offer what every chart card offers; every address a box gives answers with that chart."""

from __future__ import annotations

import html as html_text
import json
import re

import pytest
from dash import html

from dashapp.i18n import use_language
from dashapp.layouts import special_charts


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


def filled(text: str, range_name: str, origin: str = "") -> str:
    """An address of a box as ``share.js`` fills it for a card that shows ``range_name``."""
    return text.replace("{range}", range_name).replace("{origin}", origin)


def _share_box(card) -> dict[str, object]:
    box = next(part for part in _walk(card) if getattr(part, "className", None) == "chart-share")
    csv = next(
        part.href
        for part in _walk(card)
        if isinstance(part, html.A) and (part.href or "").startswith("/download/")
    )
    permalink = next(part for part in _walk(box) if getattr(part, "className", None) == "share-permalink")
    return {
        "data": json.loads(box.to_plotly_json()["props"]["data-share"]),
        "permalink": permalink.href,
        "parts": sum(1 for _part in _walk(box)),
        "csv": csv,
        "id": card.id,
    }


@pytest.fixture(scope="module")
def cards(api_store):
    snapshot = api_store.current
    with use_language("en"):
        return {
            "age": _share_box(special_charts.age_card(snapshot)),
            "plants": _share_box(special_charts.sewage_plants_card(snapshot, "vr", "VR13")),
        }


def test_the_age_card_shares_a_permalink_to_itself_its_embed_and_its_picture(cards):
    age = cards["age"]
    links = age["data"]["links"]
    assert age["permalink"] == "/en/?range=3m#chart-age" and age["id"] == "chart-age"
    assert filled(links["page"], "3m", "https://example.org") == "https://example.org/en/?range=3m#chart-age"
    assert filled(links["embed"], "3m", "https://example.org").startswith(
        '<iframe src="https://example.org/en/embed/nl/NL/age_distribution?range=3m" '
    )
    assert 'title="Positive tests by age group"' in links["embed"]
    assert filled(links["picture"], "3m") == "/download/en/nl/NL/age_distribution.svg?range=3m"
    assert filled(links["file"], "3m") == "age_distribution-NL-3m.png"


def test_the_plants_card_shares_a_permalink_to_itself_its_embed_and_its_picture(cards):
    plants = cards["plants"]
    links = plants["data"]["links"]
    assert plants["permalink"] == "/en/veiligheidsregio/VR13?range=3m#chart-sewer-plants"
    assert plants["id"] == "chart-sewer-plants"
    assert filled(links["page"], "6m") == "/en/veiligheidsregio/VR13?range=6m#chart-sewer-plants"
    assert filled(links["embed"], "6m").startswith('<iframe src="/en/embed/vr/VR13/sewer_plants?range=6m" ')
    assert filled(links["picture"], "6m") == "/download/en/vr/VR13/sewer_plants.svg?range=6m"


def test_a_box_in_the_page_is_its_summary_and_permalink_only(cards):
    # the controls (fields, buttons, picture) are built by the script when the box is opened
    assert cards["age"]["parts"] == cards["plants"]["parts"] == 3


@pytest.mark.parametrize("card", ["age", "plants"])
@pytest.mark.parametrize("range_name", ["3m", "1y"])
def test_every_address_a_special_card_gives_answers_with_its_chart(api_client, cards, card, range_name):
    found = cards[card]
    links = found["data"]["links"]
    embed = html_text.unescape(re.search(r'src="([^"]+)"', filled(links["embed"], range_name)).group(1))
    for path, kind in (
        (embed, "text/html"),
        (filled(links["picture"], range_name), "image/svg+xml"),
        (found["csv"], "text/csv"),
        (found["csv"].replace(".csv?", ".json?"), "application/json"),
        (links["data"], "text/html"),
    ):
        answer = api_client.get(path)
        assert (answer.status_code, answer.mimetype) == (200, kind), path
    for page_link in (found["permalink"], filled(links["page"], range_name)):
        page = api_client.get(page_link.split("#")[0])
        assert page.status_code == 200
        assert f'id="{page_link.split("#")[1]}"' in page.get_data(
            as_text=True
        )  # the server's HTML has the card


@pytest.mark.parametrize(
    ("path", "summary", "link_text", "copy_text"),
    [
        ("/nl/gemeente/GM0363", "Deel of plaats deze grafiek", "Link naar deze grafiek", "Kopieer de link"),
        ("/en/gemeente/GM0363", "Share or embed this chart", "Link to this chart", "Copy link"),
    ],
)
def test_the_servers_page_offers_every_chart_a_permalink_in_its_language(
    api_client, path, summary, link_text, copy_text
):
    page = api_client.get(path).get_data(as_text=True)
    boxes = re.findall(r'<details class="chart-share" data-share="([^"]*)">(.*?)</details>', page, re.S)
    card_ids = [
        re.search(r'id="(chart-[a-z0-9_-]+)"', tag).group(1)
        for tag in re.findall(r'<section [^>]*class="chart-card"[^>]*>', page)
    ]
    assert boxes and len(boxes) == len(card_ids)
    for (data, inside), card_id in zip(boxes, card_ids, strict=True):
        permalink = re.fullmatch(
            rf'<summary class="chart-share-summary">{summary}</summary>'
            rf'<a class="share-permalink" href="([^"]+)">{link_text}</a>',
            inside,
        )
        assert permalink is not None, inside
        assert html_text.unescape(permalink.group(1)) == f"{path}?range=3m#{card_id}"
        texts = json.loads(html_text.unescape(data))["texts"]
        assert (texts["link"], texts["copyLink"]) == (link_text, copy_text)
