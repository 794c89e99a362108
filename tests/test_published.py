"""Ingest once, publish an immutable version, serve it from every worker: the files, the manifest,
the last good data through restarts, and the workers' switch to a new version."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp.data import published
from dashapp.data.ingest import Ingest
from dashapp.data.repository import FRAMES, MANIFEST, VERSIONS, SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.store import DataStore, DirectorySource

TODAY = date(2026, 11, 23)
LCPS = "covid-19.csv"
REPRODUCTION = "COVID-19_reproductiegetal.json"


def on(day: date):
    return lambda: day


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("published-demo")
    write_demo_sources(directory, TODAY, days=40)
    return directory


@pytest.fixture
def data_dir(small_demo, tmp_path) -> Path:
    """A private copy that a test may change (files are replaced, never written in place)."""
    target = tmp_path / "data"
    shutil.copytree(small_demo, target)
    return target


def ingest_for(data_dir: Path, snapshots: str | Path) -> Ingest:
    store = DataStore(DirectorySource(data_dir, demo=True), today=on(TODAY))
    return Ingest(store, SnapshotRepository(snapshots))


def replace_file(path: Path, text: str) -> None:
    scratch = path.with_name("." + path.name + ".new")
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(path)


def same_latest(left, right) -> bool:
    def equal(a, b):
        return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))

    return all(
        equal(a, b) for a, b in zip(dataclasses.astuple(left), dataclasses.astuple(right), strict=True)
    )


def test_a_published_version_loads_back_as_the_same_snapshot_without_copying_its_numbers(
    demo_snapshot, tmp_path
):
    serialised = published.serialise(demo_snapshot)
    for name, data in serialised.files.items():
        (tmp_path / name).write_bytes(data)
    loaded = published.load(tmp_path, demo_snapshot.reference)

    assert loaded.version == serialised.version
    assert loaded.tables.keys() == demo_snapshot.tables.keys()
    for key, table in demo_snapshot.tables.items():
        back = loaded.tables[key]
        pd.testing.assert_frame_equal(back.values, table.values, check_freq=False)
        assert (back.source, back.obtained_on, back.unit, back.frequency) == (
            table.source,
            table.obtained_on,
            table.unit,
            table.frequency,
        )
        # A view of the memory-mapped file: read-only, and the frame shares it.
        assert not back.array.flags.writeable
        assert np.shares_memory(back.array, back.values.to_numpy())
    original, again = dict(demo_snapshot.latest_values), dict(loaded.latest_values)
    assert original.keys() == again.keys()
    assert all(same_latest(original[key], again[key]) for key in original)
    assert loaded.sources == demo_snapshot.sources
    plants = demo_snapshot.sewage_plants
    assert loaded.sewage_plants.series.keys() == plants.series.keys()
    for code, series in plants.series.items():
        pd.testing.assert_series_equal(loaded.sewage_plants.series[code], series, check_names=False)
    assert loaded.sewage_plants.region_of == plants.region_of
    assert published.serialise(loaded).version == serialised.version


def test_the_version_id_follows_the_content(demo_snapshot):
    first = published.serialise(demo_snapshot).version
    rebuilt = dataclasses.replace(demo_snapshot, version="other", built_at=datetime(2030, 1, 1, tzinfo=UTC))
    assert published.serialise(rebuilt).version == first
    key = ("nl", "positive_tests")
    table = demo_snapshot.tables[key]
    changed_values = table.values.copy()
    changed_values.iloc[-1, 0] += 1
    changed = dataclasses.replace(
        demo_snapshot,
        tables={**demo_snapshot.tables, key: dataclasses.replace(table, values=changed_values)},
        latest_values=None,
    )
    assert published.serialise(changed).version != first


def test_the_ingest_publishes_a_version_and_a_manifest_naming_its_files(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    outcome = ingest_for(data_dir, snapshots).run_once()
    assert outcome.published and outcome.error is None
    manifest = json.loads((snapshots / MANIFEST).read_text())
    assert manifest["version"] == outcome.version
    folder = snapshots / VERSIONS / outcome.version
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == sorted(published.FILES)
    assert {p.name for p in folder.iterdir() if p.is_dir()} == {
        published.ARTEFACTS_DIR,
        published.ADDENDA_DIR,
    }
    assert not [p for p in (snapshots / VERSIONS).iterdir() if p.name.startswith(".")]  # nothing half-written
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]
    # The bulk downloads follow the snapshot as its addendum, which the manifest names once complete.
    addendum = manifest["addendum"]
    assert addendum["groups"] == ["bulk"]
    assert addendum["path"] == f"{VERSIONS}/{outcome.version}/{published.ADDENDA_DIR}/{addendum['id']}"
    assert (snapshots / addendum["path"] / "bulk" / "nl.parquet").is_file()
    assert sorted(p.name for p in (folder / published.ARTEFACTS_DIR).iterdir()) == ["crossings"]
    lcps = next(item for item in manifest["files"] if item["kind"] == "lcps_beds")
    raw = (data_dir / LCPS).read_bytes()
    assert lcps["file"] == LCPS and lcps["size"] == len(raw)
    assert lcps["sha256"] == __import__("hashlib").sha256(raw).hexdigest()
    assert lcps["obtained_on"] == "2026-11-23"
    assert (snapshots / lcps["blob"]).is_file()


def test_an_unchanged_snapshot_is_not_published_again(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    first = ingest.run_once()
    stamp = (snapshots / MANIFEST).stat().st_mtime_ns
    second = ingest.run_once()
    assert not second.published and second.version == first.version
    assert (snapshots / MANIFEST).stat().st_mtime_ns == stamp
    # A new ingest over the same files (a restart) reads nothing again and publishes nothing.
    restarted = ingest_for(data_dir, snapshots)
    assert restarted.restore() > 0
    third = restarted.run_once()
    assert not third.published and third.version == first.version


def lcps_text(data_dir: Path, change: int) -> str:
    """The LCPS file with the newest day's COVID IC beds changed by ``change``."""
    header, *rows = (data_dir / LCPS).read_text(encoding="utf-8").splitlines()
    cells = rows[0].split(",")  # LCPS lists the newest day first
    index = header.split(",").index("IC_Bedden_COVID")
    cells[index] = str(int(cells[index]) + change)
    return "\n".join([header, ",".join(cells), *rows[1:]]) + "\n"


def test_a_refused_file_keeps_its_last_good_data_through_a_restart_of_the_ingest(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    good = ingest_for(data_dir, snapshots).run_once()
    before = SnapshotRepository(snapshots)
    good_beds = published.load(before.local_version(good.version), before_reference()).latest(
        "nl", "NL", "ic_beds_occupied"
    )
    replace_file(data_dir / LCPS, "Datum,IC_Bedden_COVID\n2026-11-23,12,13\n")  # broken

    restarted = ingest_for(data_dir, snapshots)  # a new process: nothing in memory
    restarted.restore()
    outcome = restarted.run_once()
    assert outcome.published
    snapshot = published.load(before.local_version(outcome.version), before_reference())
    status = snapshot.sources["lcps_beds"]
    assert status.serving_previous and not status.ok
    assert (status.problem.file, status.problem.line, status.problem.column) == (
        LCPS,
        1,
        "IC_Bedden_Non_COVID",
    )
    assert same_latest(snapshot.latest("nl", "NL", "ic_beds_occupied"), good_beds)
    manifest = before.read_manifest()
    assert [problem["file"] for problem in manifest.problems] == [LCPS]
    assert manifest.previous == (good.version,)


def before_reference():
    from dashapp.data.reference import load_reference

    return load_reference()


def test_a_broken_source_does_not_stop_the_others_from_updating(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    first = ingest.run_once()
    replace_file(data_dir / REPRODUCTION, "[" * 100_000 + "]" * 100_000)
    replace_file(data_dir / LCPS, lcps_text(data_dir, +7))
    outcome = ingest.run_once()
    assert outcome.published and outcome.version != first.version
    repository = SnapshotRepository(snapshots)
    snapshot = published.load(repository.local_version(outcome.version), before_reference())
    assert snapshot.sources["lcps_beds"].ok
    assert snapshot.sources["rivm_reproduction"].problem.file == REPRODUCTION
    assert snapshot.sources["rivm_reproduction"].serving_previous
    earlier = published.load(repository.local_version(first.version), before_reference())
    beds = snapshot.latest("nl", "NL", "ic_beds_occupied").value
    assert beds == earlier.latest("nl", "NL", "ic_beds_occupied").value + 7


def test_old_versions_and_unused_frames_are_removed_after_a_few_publishes(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    versions = [ingest.run_once().version]
    for change in range(1, 6):
        replace_file(data_dir / LCPS, lcps_text(data_dir, change))
        versions.append(ingest.run_once().version)
    kept = {p.name for p in (snapshots / VERSIONS).iterdir()}
    assert kept == set(versions[-4:])
    lcps_frames = [p for p in (snapshots / FRAMES).iterdir() if p.name.startswith("lcps_beds-")]
    assert len(lcps_frames) == 1


def test_a_worker_serves_the_published_version_and_switches_with_one_look_at_the_manifest(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    worker = PublishedStore(SnapshotRepository(snapshots), today=on(TODAY))
    assert worker.current is None and not worker.check()  # nothing published yet
    first = ingest.run_once()
    worker.start()  # loads at once, before its first poll
    try:
        assert worker.current.version == first.version
        reads = []
        original = worker.repository.read_manifest
        worker.repository.read_manifest = lambda: reads.append(1) or original()
        assert not worker.check()
        assert reads == []  # an unchanged manifest is a stat, not a read
        replace_file(data_dir / LCPS, lcps_text(data_dir, 3))
        second = ingest.run_once()
        worker.ensure_at_least(second.version)  # a page of the newer version asks
        assert worker.current.version == second.version
        health = worker.health()
        assert health["served_version"] == health["manifest_version"] == second.version
        assert health["ingest"]["version"] == second.version
    finally:
        worker.stop()


def test_a_damaged_version_leaves_the_worker_on_the_last_one_it_could_load(data_dir, tmp_path):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    first = ingest.run_once()
    worker = PublishedStore(SnapshotRepository(snapshots), today=on(TODAY))
    worker.check()
    replace_file(data_dir / LCPS, lcps_text(data_dir, 2))
    second = ingest.run_once()
    (snapshots / VERSIONS / second.version / published.META_FILE).write_text("{not json")
    assert not worker.check()
    assert worker.current.version == first.version
    assert "could not be loaded" in worker.health()["last_error"]


def test_an_object_store_url_is_published_to_and_served_from_a_local_copy(data_dir, tmp_path):
    url = f"memory://dashapp-test-{tmp_path.name}/snapshots"
    outcome = ingest_for(data_dir, url).run_once()
    worker = PublishedStore(SnapshotRepository(url, cache_dir=tmp_path / "cache"), today=on(TODAY))
    assert worker.check()
    assert worker.current.version == outcome.version
    assert (tmp_path / "cache" / outcome.version / published.TABLES_FILE).is_file()
    assert worker.current.latest("nl", "NL", "positive_tests") is not None


def test_a_slow_listener_does_not_keep_a_worker_on_an_old_version(data_dir, tmp_path):
    """Pre-rendering a version takes seconds; meanwhile the worker must still switch to a newer one."""
    import threading
    import time

    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(data_dir, snapshots)
    ingest.run_once()
    worker = PublishedStore(SnapshotRepository(snapshots), today=on(TODAY), poll_seconds=0.05)
    release = threading.Event()
    seen: list[str] = []
    worker.on_new_snapshot(lambda snapshot: (seen.append(snapshot.version), release.wait(10)))
    worker.start()
    try:
        deadline = time.monotonic() + 5
        while not seen and time.monotonic() < deadline:
            time.sleep(0.01)
        assert seen  # the listener is busy with the first version
        replace_file(data_dir / LCPS, lcps_text(data_dir, 2))
        second = ingest.run_once()
        deadline = time.monotonic() + 5
        while worker.current.version != second.version and time.monotonic() < deadline:
            time.sleep(0.01)
        assert worker.current.version == second.version
        assert not release.is_set()  # switched while the listener was still busy
    finally:
        release.set()
        worker.stop()
