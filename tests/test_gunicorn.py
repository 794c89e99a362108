"""A smoke test of the real server: gunicorn with two workers serving /healthz and a page."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def gunicorn_url(demo_data_dir):
    port = free_port()
    env = {
        **os.environ,
        "DASHAPP_DATA_DIR": str(demo_data_dir),
        "DASHAPP_BIND": f"127.0.0.1:{port}",
        "DASHAPP_REFRESH_SECONDS": "30",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn), "-c", "gunicorn.conf.py", "wsgi:server"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {process.stderr.read()[-2000:]}")
        try:
            if fetch(url + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.terminate()
        pytest.fail("gunicorn did not answer within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=15)
    process.stderr.close()


def test_gunicorn_serves_healthz_with_a_running_refresh_thread(gunicorn_url):
    status, body = fetch(gunicorn_url + "/healthz")
    health = json.loads(body)
    assert status == 200
    # The fixture's demo data end on a fixed day, so its sources become late as the calendar moves
    # on; what must hold is that every file was read.
    assert health["problems"] == []
    assert all(source["ok"] for source in health["sources"].values() if source["file"])
    assert health["refreshing"] is True  # started after the fork, in the worker
    assert health["version"]


def test_gunicorn_serves_pages_and_404(gunicorn_url):
    status, body = fetch(gunicorn_url + "/en/gemeente/GM0363")
    assert status == 200
    assert '<html lang="en">' in body
    assert fetch(gunicorn_url + "/en/gemeente/GM0000")[0] == 404
