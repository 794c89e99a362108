"""The comparison of areas: the selection in the URL, its numbers (against the export), its files,
its chart and table, and its callbacks over HTTP."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs

import pytest
from dash import dcc, html

from dashapp.data.reference import load_reference
from dashapp.export import format_value, rows
from dashapp.i18n import use_language
from dashapp.insights.compare_figure import PALETTE, short, spread, style
from dashapp.insights.comparison import as_json, compare, csv_text, records
from dashapp.insights.selection import (
    COMPARABLE,
    DEFAULT_METRIC,
    MAX_AREAS,
    MAX_QUERY,
    Selection,
    metrics_for,
    parse_selection,
)
from dashapp.layouts import compare as page
from tests.insights.compare_app import compare_server

REFERENCE = load_reference()
TEN = "GM0363,GM0599,VR13,NL,GM0518,GM0344,VR01,VR25,GM0014,GM0153"


@pytest.fixture(scope="module")
def snapshot(store):
    return store.current


@pytest.fixture(scope="module")
def client(store):
    return compare_server(store).test_client()


# --- the selection ---------------------------------------------------------------------------------------


def test_a_query_gives_its_areas_metric_and_range():
    selection = parse_selection("?areas=gm0363,GM0599,VR13,NL&metric=deceased_per_100k&range=1y", REFERENCE)
    assert selection == Selection(("GM0363", "GM0599", "VR13", "NL"), "deceased_per_100k", "1y")
    assert parse_selection(selection.query(), REFERENCE) == selection


def test_unknown_and_repeated_codes_are_left_out_and_ten_is_the_most():
    selection = parse_selection("areas=GM0363,GM9999,<b>,GM0363,VR13," + TEN, REFERENCE)
    assert selection.areas[:2] == ("GM0363", "VR13")
    assert len(selection.areas) == MAX_AREAS
    assert len(set(selection.areas)) == MAX_AREAS


@pytest.mark.parametrize(
    "query, metric, range_name",
    [
        ("areas=GM0363&metric=nothing&range=forever", DEFAULT_METRIC, "3m"),
        ("areas=GM0363,VR13&metric=ggd_positive_pct", DEFAULT_METRIC, "3m"),  # no GGD share per municipality
        ("areas=VR13,NL&metric=ggd_positive_pct&range=all", "ggd_positive_pct", "all"),
        ("areas=NL&metric=reproduction_number", "reproduction_number", "3m"),
        ("areas=GM0363&metric=positive_tests", DEFAULT_METRIC, "3m"),  # the count: its per 100,000 instead
    ],
)
def test_a_metric_must_exist_at_every_level_chosen(query, metric, range_name):
    selection = parse_selection(query, REFERENCE)
    assert (selection.metric, selection.range_name) == (metric, range_name)


def test_metrics_per_100k_replace_counts():
    at_all_levels = metrics_for(("nl", "vr", "gm"))
    assert "positive_tests_per_100k" in at_all_levels
    assert "deceased_per_100k" in at_all_levels
    assert not {"positive_tests", "deceased", "deceased_7d_avg", "ggd_positive_pct"} & set(at_all_levels)
    assert "reproduction_number_low" not in COMPARABLE


def test_a_huge_query_is_cut_before_it_is_read():
    selection = parse_selection("areas=" + ",".join(["GM0363"] * 10_000), REFERENCE)
    assert selection.areas == ("GM0363",)
    assert len("areas=" + TEN) < MAX_QUERY


# --- the numbers -----------------------------------------------------------------------------------------


_EXPORTED: dict[tuple[str, str], dict[tuple[str, str], object]] = {}


def exported(snapshot, code: str) -> dict[tuple[str, str], object]:
    """What ``python -m dashapp export`` prints for an area: {(indicator, day): value}."""
    key = (snapshot.version, code)
    if key not in _EXPORTED:
        level = "nl" if code == "NL" else "vr" if code.startswith("VR") else "gm"
        _EXPORTED[key] = {
            (indicator, day): format_value(indicator, value)
            for _area, day, indicator, value in rows(snapshot, level, [code])
        }
    return _EXPORTED[key]


@pytest.mark.parametrize(
    "query",
    [
        f"areas={TEN}&metric=positive_tests_per_100k&range=all",
        "areas=VR13,NL,VR01&metric=ggd_positive_pct&range=6m",
        "areas=GM0363,VR13,NL&metric=sewer_average&range=3m",
        "areas=GM0363,NL&metric=positive_tests_per_100k_7d_avg&range=30d",
    ],
)
def test_every_number_of_the_comparison_is_the_exports(snapshot, query):
    selection = parse_selection(query, snapshot.reference, snapshot.tables)
    comparison = compare(snapshot, selection)
    found = list(csv.reader(io.StringIO(csv_text(comparison))))
    assert found[0] == ["area_code", "date", "indicator", "value"]
    assert len(found) > len(selection.areas)
    for code, day, indicator, value in found[1:]:
        assert str(exported(snapshot, code)[(indicator, day)]) == value, (code, day, indicator)
    # The series hold every exported value of the metric inside the range, and nothing else.
    for item in comparison.series:
        start = item.index[0].date().isoformat()
        expected = {
            day
            for indicator, day in exported(snapshot, item.code)
            if indicator == selection.metric and day >= start
        }
        shown = {
            day.date().isoformat()
            for day, value in zip(item.index, item.values, strict=True)
            if value == value
        }
        assert shown == expected


def test_the_table_row_of_an_area(snapshot):
    selection = parse_selection(
        "areas=VR13,GM0363&metric=positive_tests_per_100k", snapshot.reference, snapshot.tables
    )
    region, municipality = compare(snapshot, selection).rows
    latest = snapshot.latest("vr", "VR13", "positive_tests_per_100k")
    assert region.latest == latest
    assert region.change == pytest.approx(round(latest.value - latest.week_earlier, 1))
    assert region.sum_7d == snapshot.latest("vr", "VR13", "positive_tests_7d_per_100k")
    assert region.band == snapshot.latest("vr", "VR13", "risk_level_indicative")
    assert municipality.band is None  # a band is given for regions only


def test_the_json_holds_the_numbers_of_the_csv(snapshot):
    selection = parse_selection("areas=VR13,GM0363,NL&range=5w", snapshot.reference, snapshot.tables)
    comparison = compare(snapshot, selection)
    document = json.loads(as_json(comparison, snapshot.reference))
    from_json = {
        (area["area_code"], day, document["indicator"]): value
        for area in document["areas"]
        for day, value in area["series"]
    }
    from_csv = {
        (code, day, indicator): format_value(indicator, value)
        for code, day, indicator, value in records(comparison)
    }
    assert from_json.items() <= from_csv.items()
    region = next(area for area in document["areas"] if area["area_code"] == "VR13")
    assert (
        from_csv[("VR13", region["risk_level_indicative"]["date"], "risk_level_indicative")]
        == region["risk_level_indicative"]["value"]
    )


# --- the files -------------------------------------------------------------------------------------------


def test_the_csv_download_is_the_comparisons(client, snapshot):
    query = "areas=GM0363,VR13,NL&metric=positive_tests_per_100k&range=3m"
    response = client.get(f"/download/en/compare.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    expected = csv_text(compare(snapshot, parse_selection(query, snapshot.reference, snapshot.tables)))
    assert response.get_data(as_text=True) == expected
    document = client.get(f"/download/nl/compare.json?{query}").get_json()
    assert [area["area_code"] for area in document["areas"]] == ["GM0363", "VR13", "NL"]


@pytest.mark.parametrize(
    "path",
    [
        "/download/nl/compare.csv",
        "/download/nl/compare.csv?areas=GM9999",
        "/download/nl/compare.csv?areas=%3Cscript%3E",
        "/download/nl/compare.xml?areas=GM0363",
        "/download/de/compare.csv?areas=GM0363",
    ],
)
def test_a_download_without_a_comparison_is_404(client, path):
    assert client.get(path).status_code == 404


# --- the chart -------------------------------------------------------------------------------------------


def test_labels_are_spread_apart_inside_the_axis():
    assert spread([1.0, 1.1, 5.0], 0.5, 0.0, 10.0) == pytest.approx([1.0, 1.5, 5.0])
    assert spread([9.9, 9.8], 0.5, 0.0, 10.0) == pytest.approx([10.0, 9.5])  # pushed down from the top
    assert spread([3.0, 1.0], 0.5, 0.0, 10.0) == pytest.approx([3.0, 1.0])
    assert spread([], 0.5, 0.0, 10.0) == []


def test_ten_lines_differ_by_more_than_colour():
    styles = [style(position) for position in range(MAX_AREAS)]
    assert len(set(styles)) == MAX_AREAS
    assert {colour for colour, _dash in styles} <= set(PALETTE)
    assert "#F0E442" not in PALETTE  # Okabe-Ito's yellow: too light on white


def find(component, kind) -> list:
    """Every component of ``kind`` in a layout, in order."""
    found = []

    def walk(node):
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        if isinstance(node, kind):
            found.append(node)
        if node is not None and hasattr(node, "children"):
            walk(node.children)

    walk(component)
    return found


def test_the_page_draws_a_labelled_line_per_area_and_a_row_per_area(snapshot):
    with use_language("nl"):
        layout = page.layout(
            snapshot, snapshot.reference, f"?areas={TEN}&metric=positive_tests_per_100k&range=all"
        )
    graph = next(item for item in find(layout, dcc.Graph) if item.id == "compare-graph")
    traces = graph.figure["data"]
    assert [trace["name"] for trace in traces][:4] == [
        "Amsterdam",
        "Rotterdam",
        "Amsterdam-Amstelland",
        "Nederland",
    ]
    labels = {annotation["text"] for annotation in graph.figure["layout"]["annotations"]}
    assert {short(trace["name"]) for trace in traces} <= labels  # each line named at its end
    assert any("Signaalwaarde" in text for text in labels)  # the signal value, labelled
    table = next(item for item in find(layout, html.Table) if "compare-table" in item.className)
    body = find(table, html.Tbody)[0]
    assert len(body.children) == MAX_AREAS
    # Every area can be removed with one button that says which.
    buttons = [
        item
        for item in find(layout, html.Button)
        if isinstance(item.id, dict) and item.id["type"] == page.REMOVE
    ]
    assert len(buttons) == MAX_AREAS
    assert (
        buttons[0].to_plotly_json()["props"]["aria-label"] == "Amsterdam (gemeente) uit de vergelijking halen"
    )


def test_the_country_is_shown_when_the_address_names_no_area(snapshot):
    with use_language("en"):
        layout = page.layout(snapshot, snapshot.reference, "")
    assert [store.data for store in find(layout, dcc.Store)] == [
        {"areas": ["NL"], "metric": DEFAULT_METRIC, "range": "3m"}
    ]


# --- the callbacks over HTTP -----------------------------------------------------------------------------


def dependency(client, output_part: str) -> dict:
    return next(dep for dep in client.get("/_dash-dependencies").get_json() if output_part in dep["output"])


def button_inputs(kind: str, field: str, clicks: dict[str, int]) -> list[dict]:
    return [
        {"id": {field: value, "type": kind}, "property": "n_clicks", "value": count}
        for value, count in clicks.items()
    ]


def post(
    client, changed: str, selection: dict, *, query: str = "", buttons=None, pathname: str = "/nl/vergelijk"
):
    """The comparison's callback as the page sends it; ``buttons`` gives the clicks of the pattern
    buttons by kind: {"compare-remove": {"GM0363": 1}, ...}."""
    buttons = buttons or {}
    dep = dependency(client, "compare-selection.data")
    outputs = []
    for part in dep["output"].strip(".").split("..."):
        component, _, prop = part.rpartition(".")
        outputs.append({"id": component, "property": prop})
    payload = {
        "output": dep["output"],
        "outputs": outputs,
        "inputs": [
            {
                "id": "compare-search",
                "property": "n_submit",
                "value": 1 if changed.startswith("compare-search.") else None,
            },
            {"id": "compare-search-button", "property": "n_clicks", "value": 0},
            button_inputs("compare-pick", "code", buttons.get("compare-pick", {})),
            button_inputs(
                "compare-remove", "code", buttons.get("compare-remove", {c: 0 for c in selection["areas"]})
            ),
            button_inputs("compare-metric-pick", "metric", buttons.get("compare-metric-pick", {})),
            button_inputs("compare-range-pick", "range", buttons.get("compare-range-pick", {})),
        ],
        "changedPropIds": [changed],
        "state": [
            {"id": "compare-search", "property": "value", "value": query},
            {"id": "compare-selection", "property": "data", "value": selection},
            {"id": "url", "property": "pathname", "value": pathname},
        ],
    }
    response = client.post("/_dash-update-component", json=payload)
    return response.status_code, response.get_json(silent=True)


def pattern(kind: str, field: str, value: str) -> str:
    return json.dumps({field: value, "type": kind}, separators=(",", ":")) + ".n_clicks"


START = {"areas": ["GM0363", "VR13"], "metric": "positive_tests_per_100k", "range": "3m"}


def test_adding_an_area_by_search_writes_the_url_and_the_language_link(client):
    status, answer = post(client, "compare-search.n_submit", START, query="Rotterdam (gemeente)")
    assert status == 200
    response = answer["response"]
    assert response["compare-selection"]["data"]["areas"] == ["GM0363", "VR13", "GM0599"]
    search = response["url"]["search"]
    assert parse_qs(search.lstrip("?"))["areas"] == ["GM0363,VR13,GM0599"]
    assert response["compare-search"]["value"] == ""  # ready for the next area
    assert "Rotterdam" in json.dumps(response["compare-status"]["children"])
    link = json.dumps(response["language-nav"]["children"])
    assert "/en/compare?areas=GM0363,VR13,GM0599" in link


@pytest.mark.parametrize("typed", ["nederland", "The Netherlands", "Nederland (land)"])
def test_the_country_is_found_by_its_name(client, typed):
    status, answer = post(client, "compare-search.n_submit", START, query=typed)
    assert status == 200
    assert answer["response"]["compare-selection"]["data"]["areas"] == ["GM0363", "VR13", "NL"]


def test_a_search_with_several_matches_offers_them_as_buttons(client):
    status, answer = post(client, "compare-search.n_submit", START, query="utrecht")
    assert status == 200
    response = answer["response"]
    assert "compare-selection" not in response  # nothing added yet
    offered = json.dumps(response["compare-status"]["children"])
    assert '"code": "GM0344"' in offered and '"code": "VR09"' in offered
    # Pressing an offered button adds that area.
    status, answer = post(
        client,
        pattern("compare-pick", "code", "GM0344"),
        START,
        buttons={"compare-pick": {"GM0344": 1, "VR09": 0}},
    )
    assert answer["response"]["compare-selection"]["data"]["areas"] == ["GM0363", "VR13", "GM0344"]


def test_a_search_that_finds_nothing_says_so(client):
    status, answer = post(client, "compare-search.n_submit", START, query="<b>nergens</b>")
    assert status == 200
    text = json.dumps(answer["response"]["compare-status"]["children"], ensure_ascii=False)
    assert "nergens" in text and "compare-selection" not in answer["response"]


def test_removing_an_area_takes_one_click(client):
    removes = {"GM0363": 1, "VR13": 0}
    status, answer = post(
        client, pattern("compare-remove", "code", "GM0363"), START, buttons={"compare-remove": removes}
    )
    assert status == 200
    assert answer["response"]["compare-selection"]["data"]["areas"] == ["VR13"]


def test_a_new_button_without_clicks_changes_nothing(client):
    status, _answer = post(
        client, pattern("compare-remove", "code", "GM0363"), START, buttons={"compare-remove": {"GM0363": 0}}
    )
    assert status == 204


def test_choosing_a_figure_and_a_range(client):
    status, answer = post(
        client,
        pattern("compare-metric-pick", "metric", "deceased_per_100k"),
        START,
        buttons={"compare-metric-pick": {"positive_tests_per_100k": 0, "deceased_per_100k": 1}},
    )
    assert status == 200
    response = answer["response"]
    assert response["compare-selection"]["data"]["metric"] == "deceased_per_100k"
    assert "metric=deceased_per_100k" in response["url"]["search"]
    pressed = [
        button["props"]["id"]["metric"]
        for button in response["compare-metrics"]["children"]["props"]["children"]
        if button["props"]["aria-pressed"] == "true"
    ]
    assert pressed == ["deceased_per_100k"]
    _status, answer = post(
        client,
        pattern("compare-range-pick", "range", "all"),
        START,
        buttons={"compare-range-pick": {"all": 1}},
    )
    assert answer["response"]["compare-selection"]["data"]["range"] == "all"


def test_an_eleventh_area_is_refused_with_a_message(client):
    full = {**START, "areas": TEN.split(",")}
    status, answer = post(client, "compare-search.n_submit", full, query="Zwolle", pathname="/en/compare")
    assert status == 200
    assert "compare-selection" not in answer["response"]
    assert "At most 10 areas" in json.dumps(answer["response"]["compare-status"]["children"])


def test_a_metric_missing_at_a_new_level_falls_back(client):
    regions = {"areas": ["VR13", "NL"], "metric": "ggd_positive_pct", "range": "all"}
    status, answer = post(client, "compare-search.n_submit", regions, query="Amsterdam (gemeente)")
    assert status == 200
    response = answer["response"]
    assert response["compare-selection"]["data"]["metric"] == DEFAULT_METRIC
    assert "ggd_positive_pct" not in json.dumps(response["compare-metrics"]["children"])


def test_a_malformed_store_still_gives_a_valid_comparison(client):
    broken = {"areas": "x", "metric": 3, "range": None}
    status, answer = post(
        client,
        pattern("compare-range-pick", "range", "1y"),
        broken,
        buttons={"compare-range-pick": {"1y": 1}},
    )
    assert status == 200
    assert answer["response"]["compare-selection"]["data"] == {
        "areas": [],
        "metric": DEFAULT_METRIC,
        "range": "1y",
    }


def test_compare_with_links_of_a_municipality_and_a_region():
    with use_language("en"):
        municipality = page.compare_with_links(REFERENCE, "gm", "GM0363")
        region = page.compare_with_links(REFERENCE, "vr", "VR13")
        assert page.compare_with_links(REFERENCE, "nl", "NL") is None
    hrefs = [link.href for link in find(municipality, dcc.Link)]
    selections = [parse_selection(href.partition("?")[2], REFERENCE) for href in hrefs]
    assert all(href.startswith("/en/compare?") for href in hrefs)
    assert selections[0].areas == ("GM0363", "VR13")
    members = set(REFERENCE.members("VR13")) - {"GM0363"}
    assert selections[1].areas[0] == "GM0363"
    assert set(selections[1].areas[1:]) <= members
    assert len(selections[1].areas) == min(MAX_AREAS, len(members) + 1)
    assert selections[2].areas == ("GM0363", "NL")
    region_areas = [
        parse_selection(link.href.partition("?")[2], REFERENCE).areas for link in find(region, dcc.Link)
    ]
    assert region_areas[0][0] == "VR13" and set(region_areas[0][1:]) <= set(REFERENCE.members("VR13"))
    assert region_areas[1] == ("VR13", "NL")


def test_the_sites_server_serves_the_comparisons_files(store, snapshot):
    from dashapp.app import create_server
    from dashapp.config import Config

    site = create_server(Config(), store=store).test_client()
    query = "areas=GM0363,VR13&metric=positive_tests_per_100k&range=30d"
    response = site.get(f"/download/nl/compare.csv?{query}")
    assert response.status_code == 200
    expected = csv_text(compare(snapshot, parse_selection(query, snapshot.reference, snapshot.tables)))
    assert response.get_data(as_text=True) == expected
    assert site.get("/download/nl/compare.json?areas=GM9999").status_code == 404
