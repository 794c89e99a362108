"""The router: what a page shows for a path, and what moving between areas sends again."""

from __future__ import annotations

import json

import pytest
from dash import no_update

from dashapp.app import create_server
from dashapp.callbacks.router import OUTPUTS, navigate
from dashapp.callbacks.routing import ROUTER_OUTPUTS
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.i18n import use_language
from dashapp.routes import parse_path
from tests.dash_client import ROUTER_OUTPUT_IDS, route, text_of


@pytest.fixture(scope="module")
def store(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    return store


@pytest.fixture(scope="module")
def client(store):
    server = create_server(Config(), store=store)
    return server.test_client()


def test_moving_to_another_municipality_sends_only_the_area_part(client):
    first, _raw = route(client, "/nl/gemeente/GM0363")
    frame = first["frame-key"]["data"]
    second, raw = route(client, "/nl/gemeente/GM0014", frame)
    # Dash leaves out outputs that answered no_update; the area's charts come in the same answer.
    assert set(second) == {"top-slot", "charts-slot", "area-map", "page-title", "language-nav"}
    assert "nl|gm|GM0014|positive_tests_per_100k" in text_of(second["charts-slot"])
    assert "GM0363" not in text_of(second["charts-slot"])
    # The language link leads to the municipality now shown, not to the first one.
    assert "/en/gemeente/GM0014" in text_of(second["language-nav"])
    assert "Groningen" in text_of(second["top-slot"])
    assert second["page-title"]["data"] == "Groningen – Coronadashboard"
    assert len(raw) < 80_000


def test_moving_to_another_level_renders_the_frame_again(client):
    first, _raw = route(client, "/nl/gemeente/GM0363")
    second, _raw = route(client, "/nl/veiligheidsregio/VR13", first["frame-key"]["data"])
    assert "header-slot" in second and "charts-slot" in second
    assert "Amsterdam-Amstelland" in text_of(second["top-slot"])
    assert "risk" in json.dumps(second["top-slot"])


def test_area_tab_without_code_lists_every_municipality(client, store):
    result, _raw = route(client, "/en/gemeente")
    listing = text_of(result["bottom-slot"])
    assert listing.count("/en/gemeente/GM") == len(store.reference.municipalities)
    assert "'s-Hertogenbosch" in listing


def test_a_later_municipality_code_names_the_2020_municipalities(client):
    result, _raw = route(client, "/en/gemeente/GM1979")
    text = text_of(result["top-slot"])
    for name in ("Eemsdelta", "Appingedam", "Delfzijl", "Loppersum", "/en/gemeente/GM0003"):
        assert name in text


def test_a_merged_municipality_says_into_what(client):
    result, _raw = route(client, "/en/gemeente/GM0457")
    assert "Weesp became part of Amsterdam" in text_of(result["top-slot"])


def test_explanatory_pages_render_in_both_languages(client):
    dutch, _raw = route(client, "/nl/faq")
    english, _raw = route(client, "/en/faq")
    assert "Veelgestelde vragen" in text_of(dutch["top-slot"])
    assert "Frequently asked questions" in text_of(english["top-slot"])
    assert english["page-title"]["data"].startswith("Frequently asked questions")


def test_markup_in_a_path_is_only_ever_text(client, store):
    path = "/en/gemeente/<img src=x onerror=alert(1)>"
    result, raw = route(client, path)
    assert "Page not found" in text_of(result["top-slot"])
    # Dash escapes "<" in its JSON, and the code is a text child, never markup.
    assert b"<img" not in raw


def test_without_a_snapshot_the_page_says_it_is_loading(store):
    server = create_server(Config(), store=store)
    path = "/nl/gemeente/GM0363"
    with server.test_request_context("/nl/"), use_language("nl"):
        values = navigate(parse_path(path, store.reference), path, None, None, store.reference)
    assert set(values) == set(OUTPUTS)
    assert values["top"] is not no_update
    assert "De cijfers worden geladen" in json.dumps(values["top"].to_plotly_json(), ensure_ascii=False)


def test_every_router_output_is_in_the_page_before_any_callback():
    """Dash refuses a callback whose output does not exist yet: the router's must be in the shell."""
    from dashapp.layouts.shell import static_layout
    from tests.ui.layout_tools import walk

    present = {component["props"]["id"] for component in walk(static_layout()) if "id" in component["props"]}
    assert {output.component_id for output in ROUTER_OUTPUTS.values()} <= present


def test_the_test_client_lists_the_router_outputs_in_the_order_dash_expects():
    """A request must name the outputs in the order of the callback's; the named outputs keep it."""
    declared = [(output.component_id, output.component_property) for output in ROUTER_OUTPUTS.values()]
    assert declared == list(ROUTER_OUTPUT_IDS)
    assert tuple(ROUTER_OUTPUTS) == OUTPUTS
