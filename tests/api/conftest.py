"""A server on the demo snapshot of the tests (200 days), with the fair-use limit off unless a test
sets one."""

from __future__ import annotations

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource


@pytest.fixture(scope="session")
def api_store(demo_data_dir):
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    assert store.current is not None
    return store


@pytest.fixture(scope="session")
def api_client(api_store):
    return create_server(Config(api_requests_per_minute=0), store=api_store).test_client()
