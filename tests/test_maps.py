"""Map figures and patches: bins, legend, figure structure, clicks, patch size and content, fallback."""

from __future__ import annotations

import dataclasses
import itertools
import math
import random
from collections.abc import Iterator

import pytest
from babel.numbers import format_decimal
from dash._utils import to_json

from dashapp.data.boundaries import label_point_geometry, load_boundaries, load_map_geometry
from dashapp.data.reference import load_reference
from dashapp.figures import maps
from dashapp.i18n import format_number, use_language
from dashapp.metrics import bins
from tests.test_boundaries import rd_squares, tiny_reference
from tests.ui.layout_tools import page_context, texts, walk

NAMES = {"GM0001": "Town 1", "GM0002": "Town 2", "GM0003": "Town 3", "VR01": "North", "VR02": "South"}


@pytest.fixture
def english() -> Iterator[None]:
    with page_context("en"):
        yield


@pytest.fixture
def tiny(tmp_path):
    """GM0001 and GM0002 (1 km squares side by side, GM0002 with a hole) in VR01; GM0003 in VR02."""
    return load_boundaries(rd_squares(tmp_path), tiny_reference())


def operations(patch) -> list[dict]:
    return patch.to_plotly_json()["operations"]


# --- bins ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),
        (3.99, 0),
        (4, 1),  # exactly on a threshold: the bin that starts there ("4 to under 7")
        (6.999, 1),
        (7, 2),
        (29.9, 4),
        (30, 5),  # the last bin is open-ended
        (1000, 5),
        (-2, 0),  # below the first bound: the first bin
        (None, None),
        (math.nan, None),
    ],
)
def test_positive_tests_bins(value, expected):
    assert maps.bin_index(value, maps.POSITIVE_TESTS) == expected


@pytest.mark.parametrize(
    ("scale", "value", "expected"),
    [
        (maps.HOSPITAL_ADMISSIONS_GM, 3, 1),
        (maps.HOSPITAL_ADMISSIONS_GM, 15, 4),
        (maps.HOSPITAL_ADMISSIONS_VR, 16, 2),
        (maps.HOSPITAL_ADMISSIONS_VR, 30.9, 3),
        (maps.NURSING_HOME_LOCATIONS, 40, 4),
        (maps.SEWAGE, 249.99, 1),
        (maps.SEWAGE, 250, 2),
        (maps.RISK_LEVEL, 1, 0),
        (maps.RISK_LEVEL, 4.0, 3),
        (maps.RISK_LEVEL, 5, None),  # not a level the legend has: no colour rather than a wrong one
        (maps.RISK_LEVEL, 2.5, None),
    ],
)
def test_bins_of_the_other_scales(scale, value, expected):
    assert maps.bin_index(value, scale) == expected


def test_a_scale_needs_one_colour_per_ascending_threshold():
    with pytest.raises(ValueError, match="one colour per threshold"):
        maps.ColourScale("x", (0, 4), ("#000000",), 0)
    with pytest.raises(ValueError, match="ascending"):
        maps.ColourScale("x", (4, 0), ("#000000", "#ffffff"), 0)


def test_risk_levels_have_four_distinct_colours_darker_with_every_level():
    def lightness(colour: str) -> float:
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    levels = [lightness(colour) for colour in maps.RISK_LEVEL.colours]
    assert len(set(maps.RISK_LEVEL.colours)) == 4
    assert all(a - b > 25 for a, b in itertools.pairwise(levels))


# --- texts --------------------------------------------------------------------------------------


def test_legend_entries(english):
    entries = maps.legend_entries(maps.POSITIVE_TESTS)
    assert [e.label for e in entries] == [
        "under 4",
        "4 to under 7",
        "7 to under 10",
        "10 to under 20",
        "20 to under 30",
        "30 or more",
        "No data",
    ]
    assert [e.colour for e in entries] == [*bins.YLGNBU_6, maps.NO_DATA_COLOUR]
    assert [e.hatched for e in entries] == [False] * 6 + [True]


def test_legend_numbers_follow_the_language():
    with page_context("en"):
        english = maps.legend_entries(maps.SEWAGE)
    with page_context("nl"):
        dutch = maps.legend_entries(maps.SEWAGE)
    assert english[-2].label == "1,000 or more"
    assert "1.000" in dutch[-2].label and "750" in dutch[-3].label


def test_risk_legend_names_every_level(english):
    labels = [e.label for e in maps.legend_entries(maps.RISK_LEVEL)]
    assert labels == ["1 Caution", "2 Concern", "3 Serious", "4 Severe", "No data"]


def test_value_texts(english):
    assert maps.value_text(12.345, maps.POSITIVE_TESTS) == "12.3 per 100,000 inhabitants"
    assert maps.value_text(1234.56, maps.SEWAGE).startswith("1,234.6 × 100 billion")
    assert maps.value_text(12.5, maps.NURSING_HOME_LOCATIONS) == "12.5% of locations"
    assert maps.value_text(2, maps.RISK_LEVEL) == "Level 2: Concern"
    assert maps.value_text(None, maps.POSITIVE_TESTS) == "No data"
    assert maps.value_text(math.nan, maps.HOSPITAL_ADMISSIONS_GM) == "No data"
    assert maps.legend_title(maps.RISK_LEVEL) == "Risk level"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_the_fast_number_format_equals_format_number(language, decimals):
    rng = random.Random(20201117)
    values = [rng.uniform(-2e6, 2e6) for _ in range(500)] + [rng.uniform(-1, 1) for _ in range(500)]
    values += [0, 0.0, -0.0, -0.04, 0.5, 1.5, 2.5, 2.675, 1234567, 999.95, 1e-9]
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    locale = {"nl": "nl_NL", "en": "en_GB"}[language]
    for value in values:
        expected = format_decimal(value, pattern, locale=locale)
        if expected.lstrip("-").strip("0.,") == "":
            expected = expected.lstrip("-")  # Babel writes -0,0 for -0.04; we write 0,0
        with use_language(language):
            assert format_number(value, decimals) == expected, value


# --- figure -------------------------------------------------------------------------------------


def test_figure_structure(tiny, english):
    figure = maps.map_figure(
        tiny, "gm", maps.Colouring({"GM0001": 4, "GM0003": 31.2}, maps.POSITIVE_TESTS, NAMES)
    )
    data, layout = figure["data"], figure["layout"]
    assert len(data) == 1 + 3 + 1  # background, three areas, label points
    assert maps.area_codes(tiny, "gm") == ("GM0001", "GM0002", "GM0003")
    assert data[0]["hoverinfo"] == "skip" and data[0]["x"] == []
    first, second, third = data[1:4]
    assert len(first["x"]) == 5 and first["x"][0] == first["x"][-1] and first["y"][0] == first["y"][-1]
    assert set(zip(first["x"], first["y"], strict=True)) == {
        (100000, 400000),
        (101000, 400000),
        (101000, 401000),
        (100000, 401000),
    }
    assert second["x"].count(None) == 1  # outer ring, gap, hole
    assert first["fillcolor"] == bins.YLGNBU_6[1] and first["fillpattern"] == maps.NO_HATCH
    assert first["name"] == "<b>Town 1</b><br>4.0 per 100,000 inhabitants"
    assert second["fillcolor"] == maps.NO_DATA_COLOUR and second["fillpattern"]["shape"] == "/"
    assert second["name"] == "<b>Town 2</b><br>No data"
    assert third["fillcolor"] == bins.YLGNBU_6[5]
    assert data[4]["customdata"] == [] and data[4]["hoveron"] == "points"
    defaults = layout["template"]["data"]["scatter"][0]
    assert defaults["fill"] == "toself" and defaults["hoveron"] == "fills" and defaults["hoverinfo"] == "text"
    assert layout["yaxis"]["scaleanchor"] == "x" and layout["yaxis"]["scaleratio"] == 1
    assert layout["shapes"] == []
    # The whole country: the box (100000, 400000)-(151000, 451000), 6 % margin on each side.
    assert layout["xaxis"]["range"] == [96940, 154060]
    assert layout["yaxis"]["range"] == [396940, 454060]


def test_region_map_with_a_selected_municipality(tiny, english):
    colouring = maps.Colouring({"VR01": 2}, maps.RISK_LEVEL, NAMES)
    figure = maps.map_figure(tiny, "vr", colouring, selected="GM0001", focus="GM0001")
    assert len(figure["data"]) == 1 + 2 + 1
    assert figure["data"][1]["name"] == "<b>North</b><br>Level 2: Concern"
    (shape,) = figure["layout"]["shapes"]
    assert shape["type"] == "path" and shape["line"] == maps.HIGHLIGHT
    path = shape["path"]
    assert path.startswith("M") and path.endswith("Z") and path.count("M") == 1
    pairs = {tuple(int(v) for v in pair.split(",")) for pair in path[1:-1].split("L")}
    assert pairs == {(100000, 400000), (101000, 400000), (101000, 401000), (100000, 401000)}
    # GM0001's region VR01 is 2 km by 1 km; the view is at least 20 km wide, plus 6 % on each side.
    assert figure["layout"]["xaxis"]["range"] == [89800, 112200]
    assert figure["layout"]["yaxis"]["range"] == [389300, 411700]


def test_view_ranges_hand_worked():
    assert maps.view_ranges((0, 0, 100000, 50000)) == ([-6000, 106000], [-3000, 53000])
    assert maps.view_ranges((5000, 5000, 5000, 5000)) == ([-6200, 16200], [-6200, 16200])


def test_code_from_click(tiny):
    assert (
        maps.code_from_click({"points": [{"curveNumber": 2, "x": 101500, "y": 400100}]}, tiny, "gm")
        == "GM0002"
    )
    assert maps.code_from_click({"points": [{"curveNumber": 3}]}, tiny, "gm") == "GM0003"
    assert maps.code_from_click({"points": [{"curveNumber": 0}]}, tiny, "gm") is None  # background
    assert maps.code_from_click({"points": [{"curveNumber": 4, "pointNumber": 0}]}, tiny, "gm") is None
    assert maps.code_from_click({"points": [{"curveNumber": True}]}, tiny, "gm") is None
    assert (
        maps.code_from_click({"points": [{"curveNumber": 4, "customdata": "GM0003"}]}, tiny, "gm") == "GM0003"
    )
    assert maps.code_from_click({"points": [{"customdata": "GM9999"}]}, tiny, "gm") is None
    assert maps.code_from_click({"points": []}, tiny, "gm") is None
    assert maps.code_from_click(None, tiny, "gm") is None
    assert maps.code_from_click({"points": [{"curveNumber": 2}]}, tiny, "vr") == "VR02"


# --- patches ------------------------------------------------------------------------------------


def test_highlight_patch_assigns_only_the_shape_and_the_view(tiny):
    ops = operations(maps.highlight_patch(tiny, "GM0002", focus="VR02"))
    assert [(op["operation"], op["location"]) for op in ops] == [
        ("Assign", ["layout", "shapes"]),
        ("Assign", ["layout", "xaxis", "range"]),
        ("Assign", ["layout", "yaxis", "range"]),
    ]
    (shape,) = ops[0]["params"]["value"]
    assert shape["path"].count("M") == 2  # outer ring and hole
    assert ops[1]["params"]["value"] == [139300, 161700]  # VR02: a 1 km square, widened to 20 km
    cleared = operations(maps.highlight_patch(tiny, None))
    assert cleared[0]["params"]["value"] == []
    assert cleared[1]["params"]["value"] == [96940, 154060]


def test_recolour_patch_merges_colour_hatch_and_hover_text_per_area(tiny, english):
    ops = operations(
        maps.recolour_patch(tiny, "gm", maps.Colouring({"GM0001": 12, "GM0002": 251}, maps.SEWAGE, NAMES))
    )
    assert [(op["operation"], op["location"]) for op in ops] == [("Merge", ["data", i]) for i in (1, 2, 3)]
    first, second, third = (op["params"]["value"] for op in ops)
    assert first == {
        "fillcolor": bins.YLGNBU_6[0],
        "fillpattern": maps.NO_HATCH,
        "name": "<b>Town 1</b><br>12.0 × 100 billion virus particles per 100,000 inhabitants",
    }
    assert second["fillcolor"] == bins.YLGNBU_6[2]
    assert third == {
        "fillcolor": maps.NO_DATA_COLOUR,
        "fillpattern": maps.NO_DATA_HATCH,
        "name": "<b>Town 3</b><br>No data",
    }


# --- without borders: label points --------------------------------------------------------------


def test_label_point_fallback(english):
    geometry = label_point_geometry()
    reference = load_reference()
    names = {code: municipality.name for code, municipality in reference.municipalities.items()}
    values = {"GM0363": 35.0, "GM0014": 4.0}
    figure = maps.map_figure(
        geometry, "gm", maps.Colouring(values, maps.POSITIVE_TESTS, names), selected="GM0363"
    )
    background, points = figure["data"]
    assert background["x"] == []
    assert points["customdata"] == sorted(reference.municipalities)
    amsterdam = points["customdata"].index("GM0363")
    assert points["marker"]["color"][amsterdam] == bins.YLGNBU_6[5]
    assert points["marker"]["symbol"][amsterdam] == "circle"
    assert points["hovertext"][amsterdam] == "<b>Amsterdam</b><br>35.0 per 100,000 inhabitants"
    groningen = points["customdata"].index("GM0014")
    assert points["marker"]["color"][groningen] == bins.YLGNBU_6[1]
    assert points["marker"]["symbol"][0] == "circle-x"  # GM0003 has no value: grey with a cross
    (ring,) = figure["layout"]["shapes"]
    assert ring["type"] == "circle" and ring["xsizemode"] == "pixel"
    assert (ring["xanchor"], ring["yanchor"]) == geometry.points["gm"]["GM0363"]
    assert figure["layout"]["hoverdistance"] == 20
    click = {"points": [{"curveNumber": 1, "pointNumber": amsterdam, "customdata": "GM0363"}]}
    assert maps.code_from_click(click, geometry, "gm") == "GM0363"
    assert maps.map_note(geometry, "gm") == (
        "Exact borders are not installed: each area is shown as a dot at its centre."
    )
    ops = operations(maps.recolour_patch(geometry, "gm", maps.Colouring({}, maps.POSITIVE_TESTS, names)))
    assert [op["location"] for op in ops] == [
        ["data", 1, "hovertext"],
        ["data", 1, "marker", "color"],
        ["data", 1, "marker", "symbol"],
    ]
    assert set(ops[1]["params"]["value"]) == {maps.NO_DATA_COLOUR}


def test_no_note_when_every_area_has_its_border(tiny, english):
    assert maps.map_note(tiny, "gm") is None


# --- the real files: sizes and server time ------------------------------------------------------


def test_real_map_sizes_and_highlight_cost():
    geometry = load_map_geometry(None)  # the shipped borders
    values = {code: (i % 40) * 1.0 for i, code in enumerate(geometry.codes("gm"))}
    names = {code: municipality.name for code, municipality in load_reference().municipalities.items()}
    with page_context("nl"):
        figure = to_json(maps.map_figure(geometry, "gm", maps.Colouring(values, maps.POSITIVE_TESTS, names)))
        recolour = to_json(maps.recolour_patch(geometry, "gm", maps.Colouring(values, maps.SEWAGE, names)))
    assert len(figure) < 300_000  # measured 236 kB (75 kB gzip)
    assert len(recolour) < 100_000  # measured 84 kB (5 kB gzip)
    # Its time is measured by benchmarks/bench_maps.py, not asserted here.
    sizes = [len(to_json(maps.highlight_patch(geometry, code, focus=code))) for code in geometry.codes("gm")]
    assert max(sizes) < 5_000  # measured at most 2.3 kB


def test_areas_without_a_border_are_noted(tiny, english):
    shapes = {"gm": {"GM0001": tiny.shapes["gm"]["GM0001"]}, "vr": tiny.shapes["vr"]}
    partial = dataclasses.replace(tiny, shapes=shapes)
    assert maps.map_note(partial, "gm") == (
        "2 areas are missing from the installed borders and are shown as dots."
    )


@pytest.mark.parametrize(
    "language, credit",
    [("nl", "Grenzen: CBS/Kadaster, CC BY 4.0"), ("en", "Borders: CBS/Kadaster, CC BY 4.0")],
)
def test_every_map_legend_credits_the_borders_as_their_licence_asks(language, credit):
    from dashapp.layouts.map_view import DEFAULT_METRIC, MapView

    view = MapView(load_map_geometry(None))
    with page_context(language):
        for level in ("gm", "vr"):
            assert credit in texts(view.legend_for(DEFAULT_METRIC, level))


# --- hover dates, the national map's choices and its table of areas -------------------------------


def test_the_hover_gives_name_value_and_date_and_no_date_without_a_value(tiny, english):
    dates = {"GM0001": "Value of 2 December 2020", "GM0002": "Value of 2 December 2020"}
    figure = maps.map_figure(tiny, "gm", maps.Colouring({"GM0001": 4}, maps.POSITIVE_TESTS, NAMES, dates))
    first, second = figure["data"][1:3]
    assert first["name"] == "<b>Town 1</b><br>4.0 per 100,000 inhabitants<br>Value of 2 December 2020"
    assert second["name"] == "<b>Town 2</b><br>No data"  # a date without a value is not shown
    patch = maps.recolour_patch(tiny, "gm", maps.Colouring({"GM0002": 300}, maps.SEWAGE, NAMES, dates))
    values = [op["params"]["value"] for op in operations(patch)]
    assert values[1]["name"].endswith("<br>Value of 2 December 2020") and "Value" not in values[0]["name"]


def test_names_and_dates_in_the_hover_cannot_become_markup(tiny, english):
    names = {**NAMES, "GM0001": "<img src=x onerror=alert(1)>"}
    figure = maps.map_figure(
        tiny, "gm", maps.Colouring({"GM0001": 4}, maps.POSITIVE_TESTS, names, {"GM0001": "<i>"})
    )
    assert figure["data"][1]["name"].startswith("<b>&lt;img src=x onerror=alert(1)&gt;</b>")
    assert figure["data"][1]["name"].endswith("<br>&lt;i&gt;")


def test_the_national_choice_keeps_to_levels_the_metric_has():
    from dashapp.layouts.map_view import (
        METRICS,
        NATIONAL_LEVEL_CHOICE,
        NATIONAL_METRIC_CHOICE,
        NationalChoice,
        levels_of,
        pressed_states,
    )

    start = NationalChoice()
    assert (start.metric, start.level) == ("positive_tests_per_100k", "vr")
    by_town = start.after({"type": NATIONAL_LEVEL_CHOICE, "level": "gm"})
    assert by_town == NationalChoice("positive_tests_per_100k", "gm")
    deaths_metric = next(metric for metric in METRICS if metric.startswith("deceased"))
    deaths = by_town.after({"type": NATIONAL_METRIC_CHOICE, "metric": deaths_metric})
    assert levels_of(deaths_metric) == ("gm", "vr") and deaths == NationalChoice(deaths_metric, "gm")
    regional = next(metric for metric in METRICS if levels_of(metric) == ("vr",))  # nursing homes
    nursing = deaths.after({"type": NATIONAL_METRIC_CHOICE, "metric": regional})
    assert nursing == NationalChoice(regional, "vr")  # the metric exists per region only
    assert nursing.after({"type": NATIONAL_LEVEL_CHOICE, "level": "gm"}) == nursing
    for junk in (None, "x", {"type": NATIONAL_METRIC_CHOICE, "metric": "nope"}, {"type": "other"}):
        assert start.after(junk) == start
    for stored in (None, [], {"metric": "nope", "level": "gm"}, {"metric": DEFAULT, "level": "nl"}):
        assert NationalChoice.of(stored) == start
    assert NationalChoice.of({"metric": regional, "level": "gm"}).level == "vr"
    buttons = [{"id": {"type": NATIONAL_LEVEL_CHOICE, "level": level}} for level in ("gm", "vr")]
    assert pressed_states(buttons, "level", "vr") == ["false", "true"]


DEFAULT = "positive_tests_per_100k"


def test_every_mapped_metric_with_both_levels_is_offered_at_both():
    from dashapp.layouts.map_view import METRICS, levels_of

    both = {metric for metric in METRICS if levels_of(metric) == ("gm", "vr")}
    assert {"positive_tests_per_100k", "sewer_average"} <= both
    assert any(metric.startswith("hospital_admissions") for metric in both)
    assert any(metric.startswith("deceased") for metric in both)  # deaths, once they exist


def test_the_table_of_areas_lists_every_area_with_value_date_and_link(demo_snapshot):
    from dashapp.layouts.map_view import NationalChoice, areas_table, date_text

    reference = demo_snapshot.reference
    with page_context("nl"):
        table = areas_table(demo_snapshot, NationalChoice(DEFAULT, "gm"), "nl")
        amsterdam = demo_snapshot.latest("gm", "GM0363", DEFAULT)
        expected_date = date_text(amsterdam)
        expected_value = format_number(amsterdam.value, 1)
    rows = [c for c in walk(table) if c["type"] == "Tr"][1:]
    assert len(rows) == len(reference.municipalities) == 355
    links = [c for c in walk(table) if c["type"] == "Link"]
    assert {link["props"]["href"] for link in links} == {
        f"/nl/gemeente/{code}" for code in reference.municipalities
    }
    (row,) = [r for r in rows if any(c["props"].get("href") == "/nl/gemeente/GM0363" for c in walk(r))]
    cells = [c["props"]["children"] for c in walk(row) if c["type"] == "Td"]
    assert cells == [expected_value, expected_date]


def test_the_legend_shows_what_no_data_looks_like():
    from dashapp.layouts.map_view import MapView

    view = MapView(load_map_geometry(None))
    with page_context("nl"):
        legend = view.legend_for(DEFAULT, "gm")
    assert "Geen gegevens" in texts(legend)
    swatches = [c for c in walk(legend) if "legend-swatch" in str(c["props"].get("className"))]
    assert swatches[-1]["props"]["className"] == "legend-swatch hatched"
    assert swatches[-1]["props"]["style"]["backgroundColor"] == maps.NO_DATA_COLOUR


def test_a_table_of_areas_is_built_once_per_snapshot_choice_and_language(demo_snapshot):
    import dataclasses as dc

    from dashapp.layouts.map_view import MapView, NationalChoice

    view = MapView(load_map_geometry(None))
    choice = NationalChoice(DEFAULT, "vr")
    with page_context("en"):
        first = view.areas_table(demo_snapshot, choice, "en")
        assert view.areas_table(demo_snapshot, choice, "en") is first
        assert view.areas_table(demo_snapshot, choice, "nl") is not first
        newer = dc.replace(demo_snapshot, version=demo_snapshot.version + "-next")
        assert view.areas_table(newer, choice, "en") is not first
    assert {key[0] for key in view._tables} == {newer.version}  # the old snapshot's tables are gone


def test_the_area_map_lists_its_municipalities_as_links_except_the_page_shown(demo_snapshot):
    from dashapp.layouts.map_view import MapView
    from dashapp.routes import parse_path

    view = MapView(load_map_geometry(None))
    reference = demo_snapshot.reference
    with page_context("nl"):
        municipality = view.areas_nav(parse_path("/nl/gemeente/GM0363", reference), demo_snapshot)
        region = view.areas_nav(parse_path("/nl/veiligheidsregio/VR13", reference), demo_snapshot)
        index = view.areas_nav(parse_path("/nl/gemeente", reference), demo_snapshot)
    members = set(reference.members("VR13"))
    hrefs = {c["props"]["href"] for c in walk(region) if c["type"] == "Link"}
    assert hrefs == {f"/nl/gemeente/{code}" for code in members}
    links = [c["props"]["href"] for c in walk(municipality) if c["type"] == "Link"]
    assert sorted(links) == sorted(f"/nl/gemeente/{code}" for code in members - {"GM0363"})
    assert [c["props"]["children"] for c in walk(municipality) if c["type"] == "Strong"] == ["Amsterdam"]
    assert index is None
