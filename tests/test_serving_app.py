"""The web side of a published snapshot, through Flask's test client: every data response names its
version, pages and downloads carry an ETag of it, and a page of a newer version pulls a worker along."""

from __future__ import annotations

from datetime import date

import pytest

from dashapp.app import PAGE_VERSION_HEADER, VERSION_HEADER, create_server
from dashapp.config import Config
from dashapp.data.ingest import Ingest
from dashapp.data.repository import SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.store import DataStore, DirectorySource
from tests.dash_client import route

TODAY = date(2026, 11, 23)
LCPS = "covid-19.csv"


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """An ingest over a private demo folder, and a worker's server over what it publishes."""
    from dashapp.data.demo import write_demo_sources

    folder = tmp_path_factory.mktemp("serving")
    data = folder / "data"
    write_demo_sources(data, TODAY, days=40)
    ingest = Ingest(
        DataStore(DirectorySource(data, demo=True), today=lambda: TODAY), SnapshotRepository(folder)
    )
    first = ingest.run_once()
    # A long poll interval: in these tests only a request makes the worker look at the manifest.
    store = PublishedStore(SnapshotRepository(folder), today=lambda: TODAY, poll_seconds=3600)
    server = create_server(Config(), store=store)
    server.testing = True
    yield ingest, store, server.test_client(), first.version, data
    store.stop()


def test_a_page_names_its_version_in_a_header_a_meta_tag_and_its_etag(deployment):
    _ingest, _store, client, version, _data = deployment
    response = client.get("/nl/")
    assert response.status_code == 200
    assert response.headers[VERSION_HEADER] == version
    assert f'<meta name="data-version" content="{version}">' in response.get_data(as_text=True)
    etag = response.headers["ETag"]
    again = client.get("/nl/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/en/", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another page, another ETag


def test_callback_answers_and_healthz_name_the_version_served(deployment):
    _ingest, _store, client, version, _data = deployment
    outputs, _raw = route(client, "/nl/")
    assert outputs["shown-version"]["data"] == version
    response = client.get("/healthz")
    health = response.get_json()
    assert health["served_version"] == health["manifest_version"] == version
    assert health["ingest"]["version"] == version
    assert response.headers[VERSION_HEADER] == version


def test_a_request_from_a_page_of_a_newer_version_makes_the_worker_switch_first(deployment):
    ingest, store, client, version, data = deployment
    header, *rows = (data / LCPS).read_text().splitlines()
    cells = rows[0].split(",")
    cells[1] = str(int(cells[1]) + 5)
    scratch = data / ".lcps.new"
    scratch.write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
    scratch.replace(data / LCPS)
    newer = ingest.run_once()
    assert newer.published and newer.version != version
    assert store.current.version == version  # the worker has not looked yet (long poll interval)

    route(client, "/nl/")  # from a page still on the old version: no switch asked
    assert store.current.version == version
    response = client.post(
        "/_dash-update-component",
        json={
            "output": "data-version.data",
            "outputs": {"id": "data-version", "property": "data"},
            "inputs": [{"id": "version-poll", "property": "n_intervals", "value": 2}],
            "state": [{"id": "shown-version", "property": "data", "value": newer.version}],
            "changedPropIds": ["version-poll.n_intervals"],
        },
        headers={PAGE_VERSION_HEADER: newer.version},
    )
    assert response.headers[VERSION_HEADER] == newer.version
    assert store.current.version == newer.version


def test_a_worker_with_nothing_published_answers_503_and_serves_as_soon_as_a_version_exists(tmp_path):
    from dashapp.data.demo import write_demo_sources

    store = PublishedStore(SnapshotRepository(tmp_path / "snapshots"), today=lambda: TODAY, poll_seconds=3600)
    client = create_server(Config(), store=store, load=False).test_client()
    assert client.get("/healthz").status_code == 503
    write_demo_sources(tmp_path / "data", TODAY, days=30)
    Ingest(
        DataStore(DirectorySource(tmp_path / "data", demo=True), today=lambda: TODAY),
        SnapshotRepository(tmp_path / "snapshots"),
    ).run_once()
    assert client.get("/healthz").status_code == 200  # looked at once, no poll interval waited
    store.stop()
