"""Finding areas (accents, aliases, order) and the sortable table of a region's municipalities."""

from __future__ import annotations

import pytest

from dashapp.data.reference import load_reference
from dashapp.i18n import use_language
from dashapp.layouts import areas
from dashapp.layouts.search import folded, search_options, sort_key, target_path

REFERENCE = load_reference()


@pytest.fixture(scope="module")
def options():
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context("/"), use_language("en"):
        return search_options(REFERENCE)


def matches(options, typed: str) -> list[str]:
    """What a browser search that ignores case finds: every word typed in the label or the search terms."""
    words = typed.casefold().split()
    found = []
    for option in options:
        haystack = (option["label"] + " " + option["search"]).casefold()
        if all(word in haystack for word in words):
            found.append(option["value"])
    return found


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("den bosch", "gm:GM0796"),
        ("DEN BOSCH", "gm:GM0796"),
        ("hertogenbosch", "gm:GM0796"),
        ("friesland", "vr:VR02"),
        ("fryslan", "vr:VR02"),
        ("Fryslân", "vr:VR02"),
        ("den haag", "gm:GM0518"),
        ("sudwest", "gm:GM1900"),
    ],
)
def test_names_are_found_without_accents_case_or_official_spelling(options, typed, expected):
    assert expected in matches(options, typed)


def test_every_area_is_an_option_once(options):
    values = [option["value"] for option in options]
    assert len(values) == len(set(values)) == 25 + 355


def test_folding_and_alphabetical_order():
    assert folded("'s-Hertogenbosch") == "s-hertogenbosch"
    assert folded("Súdwest-Fryslân") == "sudwest-fryslan"
    names = ["Zwolle", "'s-Gravenhage", "Aa en Hunze", "Gemert-Bakel"]
    assert sorted(names, key=sort_key) == ["Aa en Hunze", "Gemert-Bakel", "'s-Gravenhage", "Zwolle"]


def test_an_option_leads_to_its_page():
    assert target_path("gm:GM0363", "en") == "/en/gemeente/GM0363"
    assert target_path("vr:VR02", "nl") == "/nl/veiligheidsregio/VR02"
    assert target_path("xx:1", "nl") is None
    assert target_path(None, "nl") is None


def test_municipality_table_sorts_by_value_with_missing_last(demo_snapshot):
    rows = areas.municipality_rows(demo_snapshot, "VR13", "positive_tests_per_100k", True)
    values = [row[2] for row in rows if row[2] is not None]
    assert values == sorted(values, reverse=True)
    assert {row[0] for row in rows} == set(REFERENCE.members("VR13"))
    by_name = areas.municipality_rows(demo_snapshot, "VR13", "name", False)
    assert by_name[0][1] == "Aalsmeer"


def test_sorting_again_on_the_same_column_reverses_it():
    assert areas.next_sort("name", None) == {"column": "name", "descending": True}
    assert areas.next_sort("positive_tests_per_100k", {"column": "name", "descending": False}) == {
        "column": "positive_tests_per_100k",
        "descending": True,
    }
    assert areas.next_sort(
        "positive_tests_per_100k", {"column": "positive_tests_per_100k", "descending": True}
    ) == {
        "column": "positive_tests_per_100k",
        "descending": False,
    }
