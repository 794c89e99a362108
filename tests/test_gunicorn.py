"""A smoke test of the real server: gunicorn with two workers serving /healthz and a page."""

from __future__ import annotations

import json

import pytest

from tests.servers import ServerFailed, fetch, gunicorn


@pytest.fixture(scope="module")
def gunicorn_url(demo_data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("smoke-gunicorn")
    try:
        with gunicorn(demo_data_dir, folder, env={"DASHAPP_REFRESH_SECONDS": "30"}) as server:
            yield server.url
    except ServerFailed as error:
        pytest.fail(str(error))


def text_of(url: str) -> tuple[int, str]:
    status, _headers, body = fetch(url)
    return status, body.decode()


def test_gunicorn_serves_healthz_with_a_running_refresh_thread(gunicorn_url):
    status, body = text_of(gunicorn_url + "/healthz")
    health = json.loads(body)
    assert status == 200
    # The fixture's demo data end on a fixed day, so its sources become late as the calendar moves
    # on; what must hold is that every file was read.
    assert health["problems"] == []
    assert all(source["ok"] for source in health["sources"].values() if source["file"])
    assert health["refreshing"] is True  # started after the fork, in the worker
    assert health["version"]


def test_gunicorn_serves_pages_and_404(gunicorn_url):
    status, body = text_of(gunicorn_url + "/en/gemeente/GM0363")
    assert status == 200
    assert '<html lang="en">' in body
    assert text_of(gunicorn_url + "/en/gemeente/GM0000")[0] == 404
