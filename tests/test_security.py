"""Security of the server: headers on every response, HSTS, security.txt, error answers and body limits.

The browser test at the end loads the real app from a real gunicorn in Debian's chromium.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import dash
import flask
import pytest
from dash import Input, Output, dcc, html

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web import install_hardening
from dashapp.web.limits import MAX_BODY_BYTES
from dashapp.web.security import HSTS_ENV
from dashapp.web.security_txt import CONTACT
from tests.servers import CHROMEDRIVER, CHROMIUM, ServerFailed, gunicorn, missing_browser_binaries

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def callback_body(value: str, output: str = "echo") -> dict:
    """A callback request as Dash's renderer sends it (the app's page callback measured 1,315 bytes)."""
    return {
        "output": f"{output}.children",
        "outputs": {"id": output, "property": "children"},
        "inputs": [{"id": "text", "property": "value", "value": value}],
        "changedPropIds": ["text.value"],
        "state": [],
    }


@pytest.fixture(scope="module")
def echo_client():
    """A Dash app of the tests' own behind the same hardening: one callback echoes, one fails."""
    server = flask.Flask(__name__)
    app = dash.Dash(__name__, server=server, serve_locally=True)
    install_hardening(server, app)
    app.layout = html.Div([dcc.Input(id="text"), html.Div(id="echo"), html.Div(id="broken")])

    @app.callback(Output("echo", "children"), Input("text", "value"))
    def echo(value):
        return value

    @app.callback(Output("broken", "children"), Input("text", "value"))
    def broken(value):
        raise RuntimeError(f"secret-internal-detail of {value}")

    return server.test_client()


@pytest.fixture(scope="module")
def store(demo_data_dir) -> Iterator[DataStore]:
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()


@pytest.fixture(scope="module")
def server(store) -> flask.Flask:
    return create_server(Config(), store=store)


@pytest.fixture
def client(server):
    return server.test_client()


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def linked_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/[^"]*)"', html)


def assert_security_headers(response) -> None:
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    # the share controls' "copy" buttons write to the clipboard, on our own pages only; nothing reads it
    assert "clipboard-write=(self)" in response.headers["Permissions-Policy"]
    assert "clipboard-read=()" in response.headers["Permissions-Policy"]
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    script_sources = directives["script-src"]
    assert script_sources[0] == "'self'"
    assert "'unsafe-eval'" not in script_sources
    assert "'unsafe-inline'" not in script_sources
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]+=*'", source) for source in script_sources[1:])
    assert "Strict-Transport-Security" not in response.headers


def test_headers_on_a_page_a_dash_endpoint_an_asset_a_404_and_healthz(client):
    page = client.get("/nl/")
    assert page.status_code == 200
    asset = next(url for url in linked_urls(page.get_data(as_text=True)) if url.startswith("/assets/"))
    responses = {
        "page": page,
        "layout": client.get("/_dash-layout"),
        "dependencies": client.get("/_dash-dependencies"),
        "asset": client.get(asset),
        "component": client.get(
            next(url for url in linked_urls(page.get_data(as_text=True)) if "dash_renderer" in url)
        ),
        "404 page": client.get("/nl/niets"),
        "404 file": client.get("/assets/no-such-file.css"),
        "healthz": client.get("/healthz"),
        "security.txt": client.get("/.well-known/security.txt"),
    }
    assert responses["404 page"].status_code == 404
    assert responses["404 file"].status_code == 404
    for name, response in responses.items():
        assert response.status_code in (200, 404), name
        assert_security_headers(response)


def test_every_inline_script_of_the_index_is_admitted_by_its_hash(client):
    response = client.get("/en/")
    # Dash's index keeps an IE-only <script> inside a conditional comment, which browsers never run.
    html = re.sub(r"<!--.*?-->", "", response.get_data(as_text=True), flags=re.S)
    inline = [
        body
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        if "src=" not in attributes and "application/json" not in attributes
    ]
    assert inline, "Dash's index has its renderer start-up inline"
    allowed = set(csp_directives(response)["script-src"])
    for body in inline:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed


def test_hsts_only_when_configured(store, monkeypatch):
    monkeypatch.delenv(HSTS_ENV, raising=False)
    plain = create_server(Config(), store=store).test_client()
    assert "Strict-Transport-Security" not in plain.get("/healthz").headers
    monkeypatch.setenv(HSTS_ENV, "1")
    tls = create_server(Config(), store=store).test_client()
    for path in ("/healthz", "/nl/", "/nl/niets"):
        assert tls.get(path).headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    # Behind a TLS proxy the request says http, but security.txt names the https address.
    text = tls.get("/.well-known/security.txt", base_url="http://dashboard.example.nl").get_data(as_text=True)
    assert "Canonical: https://dashboard.example.nl/.well-known/security.txt" in text


def test_security_txt_has_the_rfc_9116_fields(client):
    before = datetime.now(UTC)
    response = client.get("/.well-known/security.txt", base_url="http://dashboard.example.nl:8443")
    assert response.status_code == 200
    assert response.content_type == "text/plain; charset=utf-8"
    lines = response.get_data(as_text=True).splitlines()
    fields = dict(line.split(": ", 1) for line in lines)
    assert len(fields) == len(lines)
    assert fields["Contact"] == CONTACT == "https://www.ncsc.nl/contact/kwetsbaarheid-melden"
    assert fields["Preferred-Languages"] == "nl, en"
    assert fields["Canonical"] == "http://dashboard.example.nl:8443/.well-known/security.txt"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before < expires < before + timedelta(days=365)


def test_security_txt_refuses_a_malformed_host(client):
    response = client.get("/.well-known/security.txt", headers={"Host": "evil.example/phish?"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_a_failing_view_answers_a_plain_500_without_internals(store, caplog):
    server = create_server(Config(), store=store)

    @server.get("/vendor/provoke-error")
    def provoke_error():
        raise RuntimeError("secret-internal-detail in /srv/dashapp/module.py")

    @server.get("/_dash-provoke-error")
    def provoke_dash_error():
        raise RuntimeError("secret-internal-detail in /srv/dashapp/module.py")

    client = server.test_client()
    with caplog.at_level(logging.ERROR, logger="dashapp.web.errors"):
        page = client.get("/vendor/provoke-error")
        dash_endpoint = client.get("/_dash-provoke-error")
    assert page.status_code == 500
    assert page.mimetype == "text/html"
    assert dash_endpoint.status_code == 500
    assert dash_endpoint.get_json() == {"error": "Internal Server Error"}
    for response in (page, dash_endpoint):
        body = response.get_data(as_text=True)
        assert "secret-internal-detail" not in body
        assert "Traceback" not in body
        assert "RuntimeError" not in body
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"
    # ...while the log has the whole story.
    logged = [record for record in caplog.records if record.exc_info]
    assert len(logged) == 2
    assert "secret-internal-detail" in str(logged[0].exc_info[1])


def test_a_failing_callback_answers_json_500_without_internals(echo_client, caplog):
    with caplog.at_level(logging.ERROR, logger="dashapp.web.errors"):
        response = echo_client.post("/_dash-update-component", json=callback_body("x", output="broken"))
    assert response.status_code == 500
    assert response.get_json() == {"error": "Internal Server Error"}
    assert "secret-internal-detail" not in response.get_data(as_text=True)
    assert_security_headers(response)
    assert any(
        "secret-internal-detail" in str(record.exc_info[1]) for record in caplog.records if record.exc_info
    )


def test_an_unknown_component_file_is_a_404_not_a_500(client):
    response = client.get("/_dash-component-suites/dash/no-such-file.js")
    assert response.status_code == 404
    assert response.get_json() == {"error": "Not Found"}


def test_debug_mode_is_off_even_when_flask_debug_is_set(store, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert create_server(Config(), store=store).debug is False


def test_a_callback_body_fits_and_a_large_one_is_refused_with_413(echo_client, server):
    assert server.config["MAX_CONTENT_LENGTH"] == MAX_BODY_BYTES == 64 * 1024
    small = echo_client.post("/_dash-update-component", json=callback_body("hallo"))
    assert small.status_code == 200
    assert small.get_json()["response"]["echo"]["children"] == "hallo"
    # just under the limit still reaches the callback, intact
    filler = "y" * (MAX_BODY_BYTES - len(json.dumps(callback_body(""))))
    assert len(json.dumps(callback_body(filler))) == MAX_BODY_BYTES
    assert echo_client.post("/_dash-update-component", json=callback_body(filler)).status_code == 200
    response = echo_client.post("/_dash-update-component", json=callback_body(filler + "y"))
    assert response.status_code == 413
    assert response.get_json() == {"error": "Request Entity Too Large"}
    assert_security_headers(response)


def test_a_chunked_body_without_length_is_measured_and_refused(echo_client):
    def chunked(value: str):
        return echo_client.post(
            "/_dash-update-component",
            input_stream=io.BytesIO(json.dumps(callback_body(value)).encode()),
            headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
            # what gunicorn sets when it de-chunks a body
            environ_overrides={"wsgi.input_terminated": True},
        )

    small = chunked("hallo")
    assert small.status_code == 200
    assert small.get_json()["response"]["echo"]["children"] == "hallo"
    assert chunked("y" * MAX_BODY_BYTES).status_code == 413


# --- in Debian's chromium, against gunicorn ---------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn_base_url(demo_data_dir, tmp_path_factory) -> Iterator[str]:
    try:
        with gunicorn(demo_data_dir, tmp_path_factory.mktemp("security-gunicorn"), workers=1) as server:
            yield server.url
    except ServerFailed as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def chromium():
    if missing_browser_binaries():
        pytest.skip("Debian's chromium and chromedriver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    # Record CSP violations from the first byte of every page (CDP scripts are exempt from the CSP).
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {
            "source": "window.__cspViolations = [];"
            "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
        },
    )
    yield driver
    driver.quit()


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.mark.browser
def test_the_page_works_in_chromium_under_the_policy(chromium, gunicorn_base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get_log("browser")
    chromium.get_log("performance")
    chromium.get(gunicorn_base_url + "/nl/")
    # Dash has taken over from the server's HTML (it removes #server-page once its router answered).
    headline_css = "#kpi-positive_tests_per_100k .kpi-value"
    WebDriverWait(chromium, 30).until(
        lambda driver: (
            not driver.find_elements(By.ID, "server-page")
            and driver.find_elements(By.CSS_SELECTOR, f"#react-entry-point {headline_css}")
        )
    )
    headline = chromium.find_element(By.CSS_SELECTOR, headline_css)
    assert re.fullmatch(r"[\d.]+,\d", headline.text)  # the callback ran: a number in Dutch notation
    assert chromium.execute_script("return window.__cspViolations") == []
    assert chromium.get_log("browser") == []  # no error, no warning (unknown Permissions-Policy features)
    hosts = {urlsplit(url).netloc for url in requested_urls(chromium) if not url.startswith("data:")}
    assert hosts == {urlsplit(gunicorn_base_url).netloc}


def test_only_the_embeds_may_be_framed_and_run_no_script(client):
    for path in ("/nl/embed/gm/GM0363/positive_tests_per_100k", "/en/embed/gm/GM9999/deceased"):
        response = client.get(path)
        directives = csp_directives(response)
        assert directives["frame-ancestors"] == ["*"], path
        assert "X-Frame-Options" not in response.headers, path
        assert "script-src" not in directives and directives["default-src"] == ["'none'"], path
    for path in ("/nl/", "/nl/embed", "/download/nl/gm/GM0363/deceased.csv", "/api/v1/areas", "/healthz"):
        response = client.get(path)
        assert csp_directives(response)["frame-ancestors"] == ["'none'"], path
        assert response.headers["X-Frame-Options"] == "DENY", path


def test_error_pages_outside_dash_speak_both_languages(client):
    response = client.get("/download/en/gm/GM9999/positive_tests_per_100k.csv")
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Niet gevonden" in text and "Not found" in text
    assert '<html lang="nl">' in text and 'lang="en"' in text


def test_the_callback_guard_knows_callbacks_registered_after_it(echo_client, caplog):
    """The echo app registers its callbacks after install_hardening: the guard reads them at request time."""
    assert echo_client.post("/_dash-update-component", json=callback_body("hallo")).status_code == 200
    unknown = callback_body("hallo", output="nowhere")
    wrong_input = callback_body("hallo")
    wrong_input["inputs"][0]["id"] = "other-text"
    with caplog.at_level(logging.WARNING, logger="dashapp.web.callback_guard"):
        responses = [
            echo_client.post("/_dash-update-component", json=body) for body in (unknown, wrong_input)
        ]
    assert [response.status_code for response in responses] == [400, 400]
    assert responses[0].get_json() == {"error": "'output' names no callback of this app"}
    assert responses[1].get_json() == {"error": "input 1 must be text.value"}
    for response in responses:
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"
    assert [record.levelname for record in caplog.records] == ["WARNING", "WARNING"]
