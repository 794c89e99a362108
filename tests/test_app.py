"""The server through Flask's test client: redirects, languages, not-found, /healthz and the page callback."""

from __future__ import annotations

import json

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from tests.dash_client import route, text_of


@pytest.fixture(scope="module")
def store(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()


@pytest.fixture(scope="module")
def client(store):
    server = create_server(Config(), store=store)
    server.testing = True
    return server.test_client()


def render(client, pathname: str) -> str:
    outputs, _raw = route(client, pathname)
    return text_of(outputs)


@pytest.mark.parametrize(
    "headers, cookie, target",
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "/en/"),
        ({"Accept-Language": "nl-NL"}, None, "/nl/"),
        ({}, None, "/nl/"),
        ({"Accept-Language": "en"}, "nl", "/nl/"),
    ],
)
def test_root_goes_to_the_remembered_or_preferred_language(store, headers, cookie, target):
    server = create_server(Config(), store=store)
    client = server.test_client()
    if cookie:
        client.set_cookie("lang", cookie)
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(target)


@pytest.mark.parametrize("language, title", [("nl", "Coronadashboard"), ("en", "Coronavirus dashboard")])
def test_pages_carry_their_language_and_title(client, language, title):
    response = client.get(f"/{language}/gemeente/GM0363")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert f"<title>{title}</title>" in html
    assert response.headers["Set-Cookie"].startswith(f"lang={language}")


@pytest.mark.parametrize("path", ["/nl/gemeente/GM9999", "/en/veiligheidsregio/VR99", "/xx/", "/nl/niets"])
def test_unknown_pages_answer_404_with_the_app(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "_dash-config" in response.get_data(as_text=True)


def test_healthz_reports_version_age_and_sources(client, store):
    response = client.get("/healthz")
    assert response.status_code == 200
    health = response.get_json()
    assert health["version"] == store.current.version
    assert health["demo"] is True
    assert health["age_seconds"] >= 0
    assert health["last_error"] is None
    assert health["sources"]["rivm_cumulative"]["ok"]


def test_healthz_is_503_before_any_data(tmp_path):
    empty_store = DataStore(DirectorySource(tmp_path / "missing"))
    server = create_server(Config(), store=empty_store, load=False)
    response = server.test_client().get("/healthz")
    empty_store.stop()
    assert response.status_code == 503
    assert response.get_json()["status"] == "starting"


def test_bootstrap_is_served_locally(client):
    response = client.get("/vendor/bootstrap.min.css")
    assert response.status_code == 200
    assert b"Bootstrap" in response.data[:200]
    response.close()


@pytest.mark.parametrize(
    "language, words",
    [
        (
            "nl",
            [
                "Positief geteste mensen per 100.000 inwoners",
                "Waarde van",
                "Verkregen op",
                "Demonstratiegegevens",
            ],
        ),
        ("en", ["Positive tests per 100,000 inhabitants", "Value of", "Obtained on", "Demonstration data"]),
    ],
)
def test_national_page_shows_the_headline_with_both_dates(client, store, language, words):
    text = render(client, f"/{language}/")
    for word in words:
        assert word in text
    latest = store.current.latest("nl", "NL", "positive_tests_per_100k")
    shown = f"{latest.value:,.1f}"
    if language == "nl":
        shown = shown.replace(",", "_").replace(".", ",").replace("_", ".")
    assert json.dumps(shown) in text


def test_municipality_page_names_its_region_and_links_to_it(client):
    text = render(client, "/nl/gemeente/GM0363")
    assert "Amsterdam" in text
    assert "Amsterdam-Amstelland" in text
    assert "/nl/veiligheidsregio/VR13" in text


def test_region_page_in_english(client):
    text = render(client, "/en/veiligheidsregio/VR13")
    assert "Amsterdam-Amstelland" in text
    assert "Safety region" in text


def test_not_found_view_shows_the_code_as_text(client):
    text = render(client, "/en/gemeente/<script>alert(1)</script>")
    assert "Page not found" in text


def test_version_poll_reports_only_new_data(store):
    from dash import no_update

    from dashapp.callbacks import changed_version

    assert changed_version(store, store.current.version) is no_update
    assert changed_version(store, "an older version") == store.current.version


@pytest.mark.parametrize(
    "path, language, words",
    [
        ("/nl/gemeente/GM0363", "nl", ["Neemt het virus toe?", "Hoe COVID-19 zich ontwikkelt", "Amsterdam"]),
        ("/en/", "en", ["Is the virus gaining ground?", "How COVID-19 develops in the Netherlands"]),
    ],
)
def test_index_page_speaks_the_language_of_its_path(client, path, language, words):
    html = client.get(path).get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    # The page's content comes with the HTML: no "Loading..." of Dash's while its scripts arrive.
    assert "Loading..." not in html and "_dash-loading" not in html
    for word in words:
        assert word in html
    assert '<meta name="description"' in html
