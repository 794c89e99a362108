"""After a file changes, the store rebuilds only the tables of that source: the result is the very
snapshot a full build of the same files gives, and the other tables are taken over unchanged."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from dashapp.data import published
from dashapp.data.store import DataStore, DirectorySource

TODAY = date(2026, 11, 23)
LCPS = "covid-19.csv"
SEWAGE = "COVID-19_rioolwaterdata.csv"


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("incremental-demo")
    write_demo_sources(directory, TODAY, days=60)
    return directory


def store_over(data: Path) -> DataStore:
    return DataStore(DirectorySource(data, demo=True), today=lambda: TODAY)


def raise_column(path: Path, column: str, step: int) -> None:
    """Replace the file with one whose ``column`` is ``step`` higher on every row that has a value."""
    separator = ";" if path.name.startswith("COVID-19_") else ","
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    position = header.split(separator).index(column)
    changed = []
    for row in rows:
        cells = row.split(separator)
        if cells[position]:
            cells[position] = str(int(cells[position]) + step)
        changed.append(separator.join(cells))
    scratch = path.with_name("." + path.name + ".new")
    scratch.write_text("\n".join([header, *changed]) + "\n", encoding="utf-8")
    scratch.replace(path)


@pytest.mark.parametrize(("changed", "column"), [(LCPS, "IC_Bedden_COVID"), (SEWAGE, "RNA_flow_per_100000")])
def test_a_rebuild_after_one_changed_file_equals_a_full_build(small_demo, tmp_path, changed, column):
    data = tmp_path / "data"
    shutil.copytree(small_demo, data)
    store = store_over(data)
    store.refresh()
    before = store.current
    raise_column(data / changed, column, 7_000_000)
    assert store.refresh().changed
    rebuilt = store.current

    full = store_over(data)
    full.refresh()
    assert published.serialise(rebuilt).version == published.serialise(full.current).version
    assert rebuilt.tables.keys() == full.current.tables.keys()
    for key, table in full.current.tables.items():
        assert np.array_equal(rebuilt.tables[key].array, table.array, equal_nan=True), key

    changed_kind = next(kind for kind, frame in store.frames.items() if frame.path.name == changed)
    taken_over = [key for key, table in rebuilt.tables.items() if table is before.tables.get(key)]
    recomputed = [key for key, table in rebuilt.tables.items() if table.source == changed_kind]
    assert taken_over, "tables of unchanged sources are taken over"
    assert all(rebuilt.tables[key] is not before.tables.get(key) for key in recomputed)
    assert any(
        not np.array_equal(rebuilt.tables[key].array, before.tables[key].array, equal_nan=True)
        for key in recomputed
        if key in before.tables
    ), "the changed file's tables show the change"


def test_bulk_files_of_levels_whose_tables_were_taken_over_are_not_written_again(small_demo, tmp_path):
    from dashapp.api import bulk

    data = tmp_path / "data"
    shutil.copytree(small_demo, data)
    store = store_over(data)
    store.refresh()
    before = bulk.bulk_files(store.current)
    raise_column(data / LCPS, "IC_Bedden_COVID", 3)  # LCPS feeds national figures only
    store.refresh()
    after = bulk.bulk_files(store.current)
    for name in ("vr.parquet", "gm.parquet", "vr.csv.zip"):
        assert after[name] is before[name], name
    assert after["nl.parquet"] != before["nl.parquet"]

    full = store_over(data)
    full.refresh()
    bulk._made.clear()
    assert bulk.bulk_files(full.current) == after
