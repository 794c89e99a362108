"""The two special charts' cards (ages, sewage plants) offer what every chart card offers: a CSV, and
in their share box a permalink to their card, an embed snippet and a picture; every address they
give answers with that chart."""

from __future__ import annotations

import html as html_text
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


def _share_box(card) -> dict[str, str]:
    box = next(part for part in _walk(card) if getattr(part, "className", None) == "chart-share")
    fields = {
        part.className.split()[-1]: part.children for part in _walk(box) if isinstance(part, html.Textarea)
    }
    picture = next(part for part in _walk(box) if "share-picture" in (getattr(part, "className", "") or ""))
    csv = next(
        part.href
        for part in _walk(card)
        if isinstance(part, html.A) and (part.href or "").startswith("/download/")
    )
    return {
        "link": fields["share-link"],
        "embed": fields["share-embed"],
        "picture": picture.href,
        "csv": csv,
        "anchor": box.to_plotly_json()["props"]["data-share-anchor"],
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
    assert age["link"] == "/en/?range=3m#chart-age" and age["anchor"] == age["id"] == "chart-age"
    assert age["embed"].startswith('<iframe src="/en/embed/nl/NL/age_distribution?range=3m" ')
    assert 'title="Positive tests by age group"' in age["embed"]
    assert age["picture"] == "/download/en/nl/NL/age_distribution.svg?range=3m"


def test_the_plants_card_shares_a_permalink_to_itself_its_embed_and_its_picture(cards):
    plants = cards["plants"]
    assert plants["link"] == "/en/veiligheidsregio/VR13?range=3m#chart-sewer-plants"
    assert plants["anchor"] == plants["id"] == "chart-sewer-plants"
    assert plants["embed"].startswith('<iframe src="/en/embed/vr/VR13/sewer_plants?range=3m" ')
    assert plants["picture"] == "/download/en/vr/VR13/sewer_plants.svg?range=3m"


@pytest.mark.parametrize("card", ["age", "plants"])
def test_every_address_a_special_card_gives_answers_with_its_chart(api_client, cards, card):
    found = cards[card]
    embed = html_text.unescape(re.search(r'src="([^"]+)"', found["embed"]).group(1))
    for path, kind in (
        (embed, "text/html"),
        (found["picture"], "image/svg+xml"),
        (found["csv"], "text/csv"),
        (found["csv"].replace(".csv?", ".json?"), "application/json"),
    ):
        answer = api_client.get(path)
        assert (answer.status_code, answer.mimetype) == (200, kind), path
    page = api_client.get(found["link"].split("#")[0])
    assert page.status_code == 200
    assert f'id="{found["anchor"]}"' in page.get_data(as_text=True)  # the server's HTML has the card
