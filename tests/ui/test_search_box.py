"""What the search box finds for what people type: municipalities before regions of the same alias,
both when a name is both, a word when nothing matches, postcodes with and without a table."""

from __future__ import annotations

import pytest
from dash import no_update

from dashapp.callbacks.search import answer
from dashapp.data.postcodes import read_postcodes
from dashapp.data.reference import load_reference
from dashapp.layouts.search import (
    CHOOSE,
    MAX_OFFERED,
    NOTHING,
    OPEN,
    POSTCODE_UNKNOWN,
    POSTCODES_OFF,
    SEARCH_RESULTS,
    SEARCH_SUGGESTIONS,
    Found,
    find_areas,
    search_box,
)
from tests.ui.layout_tools import by_id, page_context, texts, walk

REFERENCE = load_reference()


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Den Haag", "GM0518"),  # also an alias of Haaglanden (VR15): the municipality wins
        ("den haag", "GM0518"),
        ("Amsterdam", "GM0363"),  # not Amsterdam-Amstelland (VR13)
        ("  AMSTERDAM ", "GM0363"),
        ("'s-Gravenhage", "GM0518"),
        ("s gravenhage", "GM0518"),
        ("den bosch", "GM0796"),
        ("Friesland", "VR02"),
        ("fryslan", "VR02"),
        ("Fryslân", "VR02"),
        ("sudwest", "GM1900"),
        ("Utrecht (gemeente)", "GM0344"),  # a suggestion picked from the list
        ("Utrecht (safety region)", "VR09"),
        ("Bergen (L.) (municipality)", "GM0893"),
        ("Amsterdam-Amstelland", "VR13"),
    ],
)
def test_a_name_or_alias_opens_one_area(typed, code):
    assert find_areas(REFERENCE, typed) == Found(OPEN, (code,))


@pytest.mark.parametrize(
    "typed, codes",
    [("Utrecht", ("GM0344", "VR09")), ("groningen", ("GM0014", "VR01"))],
)
def test_a_name_of_both_a_municipality_and_a_region_offers_both_municipality_first(typed, codes):
    assert find_areas(REFERENCE, typed) == Found(CHOOSE, codes)


def test_a_part_of_a_name_offers_what_starts_with_it_first():
    found = find_areas(REFERENCE, "amster")
    assert found.outcome == CHOOSE
    assert found.codes[:2] == ("GM0363", "VR13")  # Amsterdam, Amsterdam-Amstelland; then Amstelveen...
    bergen = find_areas(REFERENCE, "bergen")
    assert bergen.outcome == CHOOSE and {"GM0373", "GM0893"} <= set(bergen.codes)
    wide = find_areas(REFERENCE, "e")
    assert wide.outcome == CHOOSE and len(wide.codes) == MAX_OFFERED and wide.more > 100


@pytest.mark.parametrize("typed", ["Atlantis", "xyz123", "()", "Utrecht (provincie) x"])
def test_nothing_found(typed):
    assert find_areas(REFERENCE, typed).outcome == NOTHING


def test_postcodes_with_and_without_a_table(tmp_path):
    assert find_areas(REFERENCE, "3511") == Found(POSTCODES_OFF)
    assert find_areas(REFERENCE, "3511 AB") == Found(POSTCODES_OFF)
    path = tmp_path / "postcodes.csv"
    path.write_text("postcode,municipality_code\n3511,GM0344\n1103AA,GM0363\n1103AB,GM0437\n")
    table = read_postcodes(path, REFERENCE)
    assert find_areas(REFERENCE, "3511", table) == Found(OPEN, ("GM0344",))
    assert find_areas(REFERENCE, "1103 ab", table) == Found(OPEN, ("GM0437",))
    assert find_areas(REFERENCE, "1103", table) == Found(CHOOSE, ("GM0363", "GM0437"))
    assert find_areas(REFERENCE, "9999", table) == Found(POSTCODE_UNKNOWN)


def test_enter_opens_the_municipality_in_the_page_language():
    assert answer(REFERENCE, "Den Haag", "/en/gemeente", None) == {
        "path": "/en/gemeente/GM0518",
        "results": None,
    }
    assert answer(REFERENCE, "Amsterdam", "/nl/", None)["path"] == "/nl/gemeente/GM0363"
    # Already there: nothing moves.
    assert answer(REFERENCE, "Amsterdam", "/nl/gemeente/GM0363", None)["path"] is no_update
    for empty in ("", "   ", None, 12, ["Amsterdam"]):
        assert answer(REFERENCE, empty, "/nl/", None) == {"path": no_update, "results": None}


@pytest.mark.parametrize(
    "language, typed, expected",
    [
        ("nl", "Utrecht", ["Utrecht (gemeente)", "Utrecht (veiligheidsregio)"]),
        ("en", "Utrecht", ["Utrecht (municipality)", "Utrecht (safety region)"]),
    ],
)
def test_both_utrechts_are_offered_as_links(language, typed, expected):
    with page_context(language):
        result = answer(REFERENCE, typed, f"/{language}/", None)
    assert result["path"] is no_update
    links = [c for c in walk(result["results"]) if c["type"] == "Link"]
    assert [link["props"]["children"] for link in links] == expected
    slugs = {"nl": ("gemeente", "veiligheidsregio"), "en": ("gemeente", "veiligheidsregio")}[language]
    assert [link["props"]["href"] for link in links] == [
        f"/{language}/{slugs[0]}/GM0344",
        f"/{language}/{slugs[1]}/VR09",
    ]


@pytest.mark.parametrize(
    "language, typed, words",
    [
        ("en", "Atlantis", "No safety region or municipality matches “Atlantis”."),
        ("nl", "Atlantis", "Geen veiligheidsregio of gemeente gevonden voor “Atlantis”."),
        ("en", "3511", "Postcode search is not set up on this site."),
        ("nl", "3511", "Zoeken op postcode is op deze site niet ingesteld."),
    ],
)
def test_no_result_says_so_and_points_to_the_a_to_z_list(language, typed, words):
    with page_context(language):
        result = answer(REFERENCE, typed, f"/{language}/veiligheidsregio", None)
    assert result["path"] is no_update
    assert words in texts(result["results"])
    (link,) = [c for c in walk(result["results"]) if c["type"] == "Link"]
    assert link["props"]["href"] == f"/{language}/gemeente"


def test_typed_markup_stays_text():
    with page_context("en"):
        result = answer(REFERENCE, "<script>alert(1)</script>", "/en/", None)
    shown = texts(result["results"])
    assert "“<script>alert(1)</script>”" in shown  # a text child: React escapes it, never markup


def test_the_box_is_a_labelled_input_with_every_area_as_a_suggestion():
    with page_context("nl"):
        box = search_box(REFERENCE)
    components = list(walk(box))
    kinds = {c["type"] for c in components}
    assert "Dropdown" not in kinds and "Input" in kinds
    (field,) = [c for c in components if c["type"] == "Input"]
    (label,) = [c for c in components if c["type"] == "Label"]
    assert label["props"]["htmlFor"] == field["props"]["id"] == "area-search"
    assert field["props"]["list"] == SEARCH_SUGGESTIONS and field["props"]["type"] == "search"
    suggestions = by_id(box, lambda i: i == SEARCH_SUGGESTIONS)[SEARCH_SUGGESTIONS]
    values = [option["props"]["value"] for option in walk(suggestions["props"]["children"])]
    assert len(values) == len(set(values)) == 25 + 355
    assert "Utrecht (gemeente)" in values and "Utrecht (veiligheidsregio)" in values
    results = by_id(box, lambda i: i == SEARCH_RESULTS)[SEARCH_RESULTS]
    assert results["props"]["role"] == "status"
