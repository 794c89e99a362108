"""A smoke test of the real server: gunicorn with two workers serving /healthz and a page."""

from __future__ import annotations

import json
import socket
import time

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


# Silent connections per worker: gunicorn's plain threaded worker with one thread gives each of them
# its only thread for 5 s, one after the other, so the page would wait 20 s behind them.
SILENT_CONNECTIONS = 4
# Generous for a page of a warm worker on a busy machine, far below the 20 s of the old setting.
ANSWER_TIMEOUT = 10.0


@pytest.fixture(scope="module")
def one_worker_server(demo_data_dir, tmp_path_factory):
    """A gunicorn with one web worker, so that every connection of a test reaches the same process."""
    folder = tmp_path_factory.mktemp("one-worker-gunicorn")
    try:
        with gunicorn(demo_data_dir, folder, workers=1, env={"DASHAPP_REFRESH_SECONDS": "30"}) as server:
            yield server
    except ServerFailed as error:
        pytest.fail(str(error))


def test_pages_are_answered_while_connections_opened_ahead_stay_silent(one_worker_server):
    """A browser opens connections ahead and may leave them silent; a first visit (the redirect from
    ``/`` and the page) must not wait for them."""
    server = one_worker_server
    host, port = server.netloc.split(":")
    assert fetch(server.url + "/nl/", timeout=60)[0] == 200  # the worker has rendered the page once
    silent = [
        socket.create_connection((host, int(port)), timeout=ANSWER_TIMEOUT) for _ in range(SILENT_CONNECTIONS)
    ]
    try:
        time.sleep(0.2)  # the worker has accepted them before the visit starts
        with socket.create_connection((host, int(port)), timeout=ANSWER_TIMEOUT) as visit:
            visit.sendall(f"GET / HTTP/1.1\r\nHost: {server.netloc}\r\nAccept-Language: nl\r\n\r\n".encode())
            head = read_head(visit)
        assert head.startswith(b"HTTP/1.1 302") and b"/nl/" in head
        status, _headers, body = fetch(server.url + "/nl/", timeout=ANSWER_TIMEOUT)
        assert status == 200 and b'<html lang="nl">' in body
    finally:
        for connection in silent:
            connection.close()


def test_a_silent_connection_is_closed_by_the_server(one_worker_server):
    """Connections that never send anything do not pile up: the worker closes them (after its
    keep-alive time), as it closes idle kept-alive ones."""
    host, port = one_worker_server.netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=60) as silent:
        assert silent.recv(1) == b""  # end of stream: closed by the server, not a timeout


def read_head(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    return data
