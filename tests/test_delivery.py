"""Delivery of the page: compression (each static file compressed once), cache lifetimes, the versioned
vendor files and plotly.js's basic bundle from npm."""

from __future__ import annotations

import gzip
import json
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
import dash
import flask
import pytest
from dash import Input, Output, dcc, html
from plotly.offline import get_plotlyjs_version
from werkzeug.serving import make_server

import dashapp.web.compression as compression
import dashapp.web.vendor as vendor
from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web import COMPRESSED_FILES_KEY, install_hardening
from dashapp.web.caching import IMMUTABLE
from dashapp.web.compression import CompressedFiles
from tests.conftest import REPO
from tests.servers import BASIC_BUNDLE
from tests.test_security import assert_security_headers, chromium, linked_urls, requested_urls  # noqa: F401

needs_basic_bundle = pytest.mark.skipif(
    not BASIC_BUNDLE.is_file(), reason="node_modules is absent: scripts/setup.sh installs it with npm"
)


@pytest.fixture(scope="module")
def store(demo_data_dir) -> Iterator[DataStore]:
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()


@pytest.fixture
def server(store) -> flask.Flask:
    return create_server(Config(), store=store)


@pytest.fixture
def client(server):
    return server.test_client()


def index_urls(client, path: str = "/nl/") -> list[str]:
    return linked_urls(client.get(path).get_data(as_text=True))


def component_url(client, fragment: str) -> str:
    return next(url for url in index_urls(client) if fragment in url)


def test_static_files_are_compressed_with_brotli_or_gzip(client):
    url = component_url(client, "dash_core_components.v")
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    br = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert br.headers["Content-Encoding"] == "br"
    assert brotli.decompress(br.data) == plain.data
    assert int(br.headers["Content-Length"]) == len(br.data) < len(plain.data) / 3
    gz = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.data) == plain.data
    for response in (plain, br, gz):
        assert "Accept-Encoding" in response.headers["Vary"]
        assert_security_headers(response)


def test_pages_and_callbacks_are_compressed_too(client):
    page = client.get("/nl/", headers={"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br"
    assert b'<html lang="nl">' in brotli.decompress(page.data)
    assert "Accept-Encoding" in page.headers["Vary"]


def test_each_static_file_is_compressed_only_once(client, server, monkeypatch):
    calls: list[tuple[int, str]] = []
    original = compression.compress

    def counting(data: bytes, encoding: str) -> bytes:
        calls.append((len(data), encoding))
        return original(data, encoding)

    monkeypatch.setattr(compression, "compress", counting)
    url = component_url(client, "dash_renderer.v")
    first = client.get(url, headers={"Accept-Encoding": "br"})
    second = client.get(url, headers={"Accept-Encoding": "br"})
    # Another fingerprint or query string names the same file: no new work, no new cache entry.
    other = client.get(url.replace(".v4_4_1m", ".v9_9_9m") + "?x=1", headers={"Accept-Encoding": "br"})
    assert first.data == second.data == other.data
    assert calls == [(len(brotli.decompress(first.data)), "br")]
    client.get(url, headers={"Accept-Encoding": "gzip"})
    assert [encoding for _, encoding in calls] == ["br", "gzip"]
    assert len(server.extensions[COMPRESSED_FILES_KEY]) == 2


def test_a_compressed_file_revalidates_to_304(client):
    page_css = next(url for url in index_urls(client) if url.startswith("/assets/"))
    first = client.get(page_css.split("?")[0], headers={"Accept-Encoding": "br"})
    etag = first.headers["ETag"]
    assert etag.endswith(':br"')
    again = client.get(page_css.split("?")[0], headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304


def test_the_compressed_cache_is_bounded_by_bytes():
    files = CompressedFiles(max_bytes=10)
    files.put("a", b"12345")
    files.put("b", b"12345")
    assert files.get("a") == b"12345"  # now the most recently used
    files.put("c", b"123")
    assert files.get("b") is None
    assert files.get("a") == b"12345"
    assert files.get("c") == b"123"
    files.put("huge", b"x" * 11)
    assert files.get("huge") is None


@pytest.mark.parametrize(
    "fragment",
    ["dash_renderer.v", "react@18.v", "dash_core_components.v", "bootstrap.min.css?v=", "_favicon"],
)
def test_versioned_files_are_cached_for_a_year(client, fragment):
    response = client.get(component_url(client, fragment))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert "Expires" not in response.headers


def test_assets_with_their_mtime_are_cached_for_a_year_and_without_it_revalidate(client):
    url = next(url for url in index_urls(client) if url.startswith("/assets/"))
    assert "?m=" in url
    assert client.get(url).headers["Cache-Control"] == IMMUTABLE
    assert client.get(url.split("?")[0]).headers["Cache-Control"] == "no-cache"


def test_pages_and_dash_json_revalidate_and_health_is_never_stored(client):
    assert client.get("/nl/").headers["Cache-Control"] == "no-cache"
    assert client.get("/nl/niets").headers["Cache-Control"] == "no-store"
    assert client.get("/_dash-layout").headers["Cache-Control"] == "no-cache"
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"
    # Dash's unfingerprinted chunks (loaded by its own code) revalidate with their ETag.
    assert (
        client.get("/_dash-component-suites/dash/dcc/async-graph.js").headers["Cache-Control"] == "no-cache"
    )


def test_a_view_that_chooses_its_own_cache_control_keeps_it(store):
    server = create_server(Config(), store=store)

    @server.get("/download/test.csv")
    def download():
        return flask.Response("a,b\n", mimetype="text/csv", headers={"Cache-Control": "private, max-age=60"})

    assert server.test_client().get("/download/test.csv").headers["Cache-Control"] == "private, max-age=60"


def test_bootstrap_has_a_versioned_url_and_the_old_one_still_works(client):
    links = [url for url in index_urls(client) if "bootstrap" in url]
    assert len(links) == 1
    route, version = links[0].split("?v=")
    assert route == "/vendor/bootstrap.min.css"
    css = Path(vendor.bootstrap_css().path).read_bytes()
    assert version == vendor.VendorFile.at("x", vendor.bootstrap_css().path, "text/css").version
    unversioned = client.get(route)
    assert unversioned.status_code == 200
    assert unversioned.data == css
    assert unversioned.headers["Cache-Control"] == "no-cache"
    assert client.get(route + "?v=0000").headers["Cache-Control"] == "no-cache"
    assert client.get(links[0]).headers["Cache-Control"] == IMMUTABLE


@needs_basic_bundle
def test_the_index_loads_the_basic_plotly_bundle_before_dash_when_installed(client):
    scripts = re.findall(r'<script src="([^"]+)"', client.get("/nl/").get_data(as_text=True))
    basic = [index for index, url in enumerate(scripts) if url.startswith("/vendor/plotly-basic.min.js?v=")]
    renderer = next(index for index, url in enumerate(scripts) if "dash_renderer" in url)
    assert len(basic) == 1
    assert basic[0] < renderer
    assert not any("package_data/plotly" in url for url in scripts)
    response = client.get(scripts[basic[0]], headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.mimetype == "text/javascript"
    served = brotli.decompress(response.data)
    assert served == BASIC_BUNDLE.read_bytes()
    assert f"plotly.js (basic - minified) v{get_plotlyjs_version()}".encode() in served[:200]
    assert len(response.data) < 420_000  # about 357 kB with Brotli, against 1.2 MB for Dash's own


def test_without_node_modules_dash_serves_its_full_bundle(store, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(vendor, "PLOTLY_BASIC_PACKAGE", tmp_path / "absent")
    with caplog.at_level(logging.WARNING, logger="dashapp.web.vendor"):
        client = create_server(Config(), store=store).test_client()
    assert "falls back to Dash's full plotly.js" in caplog.text
    page = client.get("/nl/")
    assert page.status_code == 200
    assert "plotly-basic" not in page.get_data(as_text=True)
    full = client.get(
        "/_dash-component-suites/plotly/package_data/plotly.min.js", headers={"Accept-Encoding": "br"}
    )
    assert full.status_code == 200
    assert full.headers["Content-Encoding"] == "br"


def test_the_npm_files_are_pinned_and_come_from_the_npm_registry():
    package = json.loads((REPO / "package.json").read_text())
    wanted = {**package["dependencies"], **package["devDependencies"]}
    assert wanted["plotly.js-basic-dist-min"] == get_plotlyjs_version() == "4.1.1"
    assert wanted["axe-core"] == "4.14.1"
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in wanted.values())  # exact versions
    lock = json.loads((REPO / "package-lock.json").read_text())
    locked = {path.removeprefix("node_modules/"): entry for path, entry in lock["packages"].items() if path}
    for name, version in wanted.items():
        assert locked[name]["version"] == version
    for entry in locked.values():
        assert entry["integrity"].startswith("sha512-")
        assert entry.get("resolved", "https://registry.npmjs.org/").startswith("https://registry.npmjs.org/")
    assert "node_modules/" in (REPO / ".gitignore").read_text().splitlines()


# --- plotly.js under the policy, in chromium ---------------------------------------------------------


@pytest.fixture(scope="module")
def chart_app_url() -> Iterator[str]:
    """A small app with scatter and bar traces behind the same hardening, served from a thread."""
    server = flask.Flask(__name__)
    app = dash.Dash(__name__, server=server, serve_locally=True, update_title=None)
    install_hardening(server, app)
    app.layout = html.Div([dcc.Dropdown(id="kind", options=["a", "b"], value="a"), dcc.Graph(id="chart")])

    @app.callback(Output("chart", "figure"), Input("kind", "value"))
    def chart(kind):
        days = list(range(60))
        return {
            "data": [
                {"type": "bar", "x": days, "y": [day % 7 for day in days], "name": "<b>per day</b>"},
                {"type": "scatter", "x": days, "y": [day / 10 for day in days], "name": kind},
            ],
            "layout": {"title": {"text": "<i>scatter</i> and bar"}, "hovermode": "x unified"},
        }

    http = make_server("127.0.0.1", 0, server, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()


@pytest.mark.browser
@needs_basic_bundle
def test_plotly_draws_scatter_and_bar_from_the_basic_bundle_without_violations(chromium, chart_app_url):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get_log("browser")
    chromium.get_log("performance")
    chromium.get(chart_app_url + "/")
    WebDriverWait(chromium, 30).until(lambda driver: driver.find_elements(By.CSS_SELECTOR, ".main-svg .bars"))
    WebDriverWait(chromium, 10).until(
        lambda driver: driver.find_elements(By.CSS_SELECTOR, ".main-svg .scatter")
    )
    assert chromium.execute_script("return window.Plotly.version") == get_plotlyjs_version()
    assert chromium.execute_script("return window.__cspViolations") == []
    assert chromium.get_log("browser") == []
    urls = requested_urls(chromium)
    assert not any("package_data/plotly" in url for url in urls)  # Dash skipped its own 4.8 MB bundle
    assert all(url.startswith(chart_app_url) for url in urls if not url.startswith("data:"))
