"""The demo data served as the site serves them, one store for every test of the insights."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashapp.data.store import DataStore, DirectorySource


@pytest.fixture(scope="package")
def store(demo_data_dir: Path) -> Iterator[DataStore]:
    store = DataStore(DirectorySource(demo_data_dir, demo=True), refresh_seconds=3600)
    store.refresh()
    yield store
    store.stop()
