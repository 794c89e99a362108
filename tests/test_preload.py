"""What gunicorn's master prepares before forking: Dash's set-up done once, no data and no thread."""

from __future__ import annotations

import gc
import threading

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.web.preload import DASH_KEY, prepare_for_workers


@pytest.fixture
def unloaded_server(demo_data_dir, tmp_path):
    config = Config(data_dir=demo_data_dir, snapshot_dir=str(tmp_path / "snapshots"))
    return create_server(config, load=False)


def test_the_master_sets_dash_up_so_that_no_worker_repeats_it(unloaded_server):
    app = unloaded_server.extensions[DASH_KEY]
    assert app._got_first_request["setup_server"] is False
    threads_before = set(threading.enumerate())
    try:
        prepare_for_workers(unloaded_server)
        assert app._got_first_request["setup_server"] is True
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    # The master serves nothing: no snapshot loaded, no thread started (threads do not survive a fork).
    store = unloaded_server.extensions["dashapp_store"]
    assert store.current is None
    assert not store.running
    assert set(threading.enumerate()) == threads_before


def test_a_worker_prepared_by_the_master_serves_its_first_page(unloaded_server):
    try:
        prepare_for_workers(unloaded_server)
    finally:
        gc.unfreeze()
    client = unloaded_server.test_client()
    try:
        response = client.get("/en/")
    finally:
        unloaded_server.extensions["dashapp_store"].stop()
    assert response.status_code == 200
    assert b"<script" in response.data  # Dash's script tags, generated in the master's set-up
