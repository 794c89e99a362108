"""Map figures and patches: bins, legend, figure structure, clicks, patch size and content, fallback."""

from __future__ import annotations

import dataclasses
import itertools
import json
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


DEFAULT = "positive_tests_per_100k"


# Runs clientside callbacks' functions in node, each with Dash's ``window.dash_clientside`` as the
# renderer sets it for a call: [{"script", "args", "triggered_id", "count", "outputs_list"}, ...] in,
# their results out (the string "no_update" for Dash's no_update).
RUN_CLIENTSIDE_JS = """
const calls = JSON.parse(require("fs").readFileSync(0, "utf8"));
const noUpdate = {};
process.stdout.write(JSON.stringify(calls.map(function (call) {
  global.window = {dash_clientside: {no_update: noUpdate, callback_context: {
    triggered_id: call.triggered_id, triggered: [{prop_id: "x.n_clicks", value: call.count}],
    outputs_list: call.outputs_list}}};
  const result = eval("(" + call.script + ")").apply(null, call.args);
  return result === noUpdate ? "no_update" : result;
})));
"""


def clientside_call(script: str, args: list, triggered_id: dict, count: int, outputs_list: list) -> dict:
    return {
        "script": script,
        "args": args,
        "triggered_id": triggered_id,
        "count": count,
        "outputs_list": outputs_list,
    }


def run_clientside(calls: list[dict]) -> list:
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to run the clientside callbacks (Debian: apt-get install nodejs)")
    done = subprocess.run(
        [node, "-e", RUN_CLIENTSIDE_JS], input=json.dumps(calls), capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_the_national_choice_in_the_browser_is_the_servers_choice_for_every_press():
    from dashapp.callbacks.maps import choose_national_script
    from dashapp.layouts.map_view import (
        LEVELS,
        METRICS,
        NATIONAL_LEVEL_CHOICE,
        NATIONAL_METRIC_CHOICE,
        NationalChoice,
    )

    metric_buttons = [{"type": NATIONAL_METRIC_CHOICE, "metric": metric} for metric in METRICS]
    level_buttons = [{"type": NATIONAL_LEVEL_CHOICE, "level": level} for level in LEVELS]
    outputs_list = [
        {"id": "national-map-choice", "property": "data"},
        [{"id": button, "property": "aria-pressed"} for button in metric_buttons],
        [{"id": button, "property": "aria-pressed"} for button in level_buttons],
        [{"id": button, "property": "disabled"} for button in level_buttons],
    ]
    kept = [None, {"metric": "nope", "level": "gm"}] + [
        {"metric": metric, "level": level} for metric in METRICS for level in LEVELS
    ]
    script = choose_national_script()
    cases, calls = [], []
    for stored in kept:
        for pressed in metric_buttons + level_buttons:
            choice = NationalChoice.of(stored).after(pressed)
            expected: object = [
                choice.to_json(),
                ["true" if button["metric"] == choice.metric else "false" for button in metric_buttons],
                ["true" if button["level"] == choice.level else "false" for button in level_buttons],
                [button["level"] not in METRICS[choice.metric].scales for button in level_buttons],
            ]
            if stored == choice.to_json():
                expected = "no_update"  # the choice shown already: nothing to draw again
            cases.append((stored, pressed, expected))
            calls.append(clientside_call(script, [[1], [1], stored], pressed, 1, outputs_list))
    calls.append(clientside_call(script, [[0], [0], None], metric_buttons[1], 0, outputs_list))
    *results, unpressed = run_clientside(calls)
    for (stored, pressed, expected), result in zip(cases, results, strict=True):
        assert result == expected, (stored, pressed)
    assert unpressed == "no_update"


def test_a_press_of_the_area_maps_metric_button_chooses_that_metric_at_once():
    from dashapp.callbacks.maps import CHOOSE_METRIC
    from dashapp.layouts.map_view import MAP_METRIC_CHOICE, metrics_of

    buttons = [{"type": MAP_METRIC_CHOICE, "metric": metric} for metric in metrics_of("gm")]
    outputs_list = [
        {"id": "area-map-metric", "property": "data"},
        [{"id": button, "property": "aria-pressed"} for button in buttons],
    ]
    shown = buttons[0]["metric"]
    calls = [clientside_call(CHOOSE_METRIC, [[1] * len(buttons), shown], b, 1, outputs_list) for b in buttons]
    calls.append(clientside_call(CHOOSE_METRIC, [[0] * len(buttons), shown], buttons[1], 0, outputs_list))
    *results, unpressed = run_clientside(calls)
    assert results[0] == "no_update"  # the metric shown already: nothing to draw again
    for pressed, result in zip(buttons[1:], results[1:], strict=True):
        assert result == [pressed["metric"], ["true" if b == pressed else "false" for b in buttons]]
    assert unpressed == "no_update"


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


# --- the area map's callback: drawn in view, recoloured, asked again on a move while on its way --------


@pytest.fixture(scope="module")
def map_server(demo_data_dir):
    from dashapp.app import create_server
    from dashapp.config import Config
    from dashapp.data.store import DataStore, DirectorySource

    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return create_server(Config(), store=store), store


def area_map_answer(map_server, trigger: str, values: dict[str, object] | None = None) -> tuple[int, dict]:
    """The area map's callback as the page calls it: ``trigger`` (one of its inputs, "id.prop") changed;
    ``values`` by "id.prop" (the defaults: in view, the default metric, not drawn, Amsterdam's page)."""
    known = {
        "area-map-visible.data": True,
        "area-map-metric.data": "positive_tests_per_100k",
        "area-map-drawn.data": False,
        "url.pathname": "/nl/gemeente/GM0363",
        **(values or {}),
    }
    return callback_answer(map_server, "area-map-visible", trigger, known)


def callback_answer(map_server, listening: str, trigger: str, known: dict[str, object]) -> tuple[int, dict]:
    """The callback that listens to ``listening``'s data, called as the page calls it: ``trigger``
    ("id.prop") changed, and each input and state at its value in ``known`` (by "id.prop")."""
    from dashapp.web.preload import DASH_KEY
    from tests.dash_client import listening_request

    server, _store = map_server
    payload = listening_request(server.extensions[DASH_KEY], listening, trigger, known)
    response = server.test_client().post("/_dash-update-component", json=payload)
    return response.status_code, (response.get_json() or {}).get("response", {}) if response.data else {}


def other_metric() -> str:
    from dashapp.layouts.map_view import DEFAULT_METRIC, METRICS

    return next(
        metric for metric, spec in METRICS.items() if "gm" in spec.scales and metric != DEFAULT_METRIC
    )


def afresh(map_server, path: str, metric: str) -> dict:
    from plotly.io.json import to_json_plotly

    from dashapp.app import MAP_KEY
    from dashapp.routes import parse_path

    server, store = map_server
    page = parse_path(path, store.reference)
    with server.test_request_context("/"), use_language(page.language):
        return json.loads(to_json_plotly(server.extensions[MAP_KEY].area_figure(page, store.current, metric)))


def test_a_metric_chosen_before_the_map_arrived_draws_the_whole_map_in_that_metric(map_server):
    metric = other_metric()
    status, answer = area_map_answer(map_server, "area-map-metric.data", {"area-map-metric.data": metric})
    assert status == 200
    assert answer["area-map"]["figure"] == afresh(map_server, "/nl/gemeente/GM0363", metric)
    assert answer["area-map-drawn"]["data"] is True
    with page_context("nl"):
        from dashapp.layouts.map_view import METRICS

        title = maps.legend_title(METRICS[metric].scales["gm"])
    assert title in json.dumps(answer["map-legend"], ensure_ascii=False)


def test_a_metric_chosen_once_the_map_is_drawn_only_recolours_it(map_server):
    metric = other_metric()
    status, answer = area_map_answer(
        map_server, "area-map-metric.data", {"area-map-metric.data": metric, "area-map-drawn.data": True}
    )
    assert status == 200
    assert answer["area-map"]["figure"]["__dash_patch_update"] == "__dash_patch_update"
    assert "area-map-drawn" not in answer
    assert "map-legend" in answer


def test_a_metric_chosen_before_the_map_is_in_view_changes_only_the_legend(map_server):
    status, answer = area_map_answer(
        map_server,
        "area-map-metric.data",
        {"area-map-metric.data": other_metric(), "area-map-visible.data": False},
    )
    assert status == 200
    assert set(answer) == {"map-legend"}


def test_the_map_in_view_is_drawn_in_the_metric_chosen_before(map_server):
    metric = other_metric()
    status, answer = area_map_answer(map_server, "area-map-visible.data", {"area-map-metric.data": metric})
    assert status == 200
    assert answer["area-map"]["figure"] == afresh(map_server, "/nl/gemeente/GM0363", metric)


def test_a_move_within_the_frame_while_the_map_is_on_its_way_draws_the_new_area(map_server):
    from dashapp.callbacks.router import frame_key
    from dashapp.layouts.map_view import DEFAULT_METRIC
    from dashapp.routes import parse_path

    _server, store = map_server
    groningen = "/nl/gemeente/GM0014"
    shown = frame_key(parse_path("/nl/gemeente/GM0363", store.reference), store.current)
    status, answer = area_map_answer(
        map_server,
        "area-map-moved.data",
        {"area-map-moved.data": groningen, "url.pathname": groningen, "frame-key.data": shown},
    )
    assert status == 200
    assert answer["area-map"]["figure"] == afresh(map_server, groningen, DEFAULT_METRIC)
    assert answer["area-map-drawn"]["data"] is True


def test_a_move_to_another_frame_leaves_the_map_to_the_router(map_server):
    from dashapp.callbacks.router import frame_key
    from dashapp.routes import parse_path

    _server, store = map_server
    shown = frame_key(parse_path("/nl/gemeente/GM0363", store.reference), store.current)
    for path in ("/en/gemeente/GM0363", "/nl/veiligheidsregio/VR13", "/nl/"):
        status, answer = area_map_answer(
            map_server,
            "area-map-moved.data",
            {"area-map-moved.data": path, "url.pathname": path, "frame-key.data": shown},
        )
        assert status in (200, 204) and answer == {}, path  # nothing changes


@pytest.mark.parametrize("expanded", ["true", "false"])
def test_a_new_national_choice_redraws_the_map_and_an_open_table_in_one_answer(map_server, expanded):
    from dashapp.layouts.map_view import METRICS, NationalChoice

    metric = other_metric()
    choice = NationalChoice(metric, "gm").to_json()
    known = {
        "national-map-visible.data": True,
        "national-map-choice.data": choice,
        "national-map-table-toggle.aria-expanded": expanded,
        "url.pathname": "/en/",
    }
    status, answer = callback_answer(map_server, "national-map-visible", "national-map-choice.data", known)
    assert status == 200
    figure = answer["national-map"]["figure"]
    assert len(figure["data"]) > 300  # by municipality
    assert answer["national-map"]["clickData"] is None
    with page_context("en"):
        label = METRICS[metric].label
    if expanded == "true":
        assert label in json.dumps(answer["national-map-table"], ensure_ascii=False)
    else:
        assert "national-map-table" not in answer
