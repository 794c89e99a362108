"""Files derived from a snapshot (the week's crossings, the bulk downloads) are made once at publish
time and read by every worker; a worker makes them itself, once per snapshot, only when the ingest
could not."""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import pytest

from dashapp.data import artefacts, published
from dashapp.data.ingest import Ingest
from dashapp.data.repository import SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.snapshot import Snapshot
from dashapp.data.store import DataStore, DirectorySource

TODAY = date(2026, 11, 23)
calls: list[str] = []


def count_files(snapshot: Snapshot) -> Mapping[str, bytes]:
    """A producer: the number of regional tables and the snapshot's national inhabitants."""
    calls.append(snapshot.version)
    regional = sum(1 for level, _ in snapshot.tables if level == "vr")
    return {
        "count.txt": f"{regional}\n".encode(),
        "inhabitants.txt": str(snapshot.reference.national.inhabitants).encode(),
    }


def broken_files(snapshot: Snapshot) -> Mapping[str, bytes]:
    raise RuntimeError("a producer with a bug")


def unsafe_names(snapshot: Snapshot) -> Mapping[str, bytes]:
    return {"../escape.txt": b"x", ".hidden": b"x", "fine.txt": b"ok"}


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("artefacts-demo")
    write_demo_sources(directory, TODAY, days=40)
    return directory


@pytest.fixture
def producers(monkeypatch):
    calls.clear()

    def use(**groups: str) -> None:
        monkeypatch.setattr(
            artefacts, "PRODUCERS", {group: f"{__name__}:{function}" for group, function in groups.items()}
        )

    return use


def publish(small_demo: Path, snapshots: Path) -> Ingest:
    data = snapshots.parent / "data"
    if not data.exists():
        shutil.copytree(small_demo, data)
    ingest = Ingest(
        DataStore(DirectorySource(data, demo=True), today=lambda: TODAY), SnapshotRepository(snapshots)
    )
    outcome = ingest.run_once()
    assert outcome.published and outcome.error is None
    return ingest


def serve(snapshots: Path) -> PublishedStore:
    store = PublishedStore(SnapshotRepository(snapshots))
    store.refresh()
    assert store.current is not None
    return store


def test_the_ingest_publishes_the_derived_files_and_workers_read_them_without_making_them(
    small_demo, tmp_path, producers
):
    producers(counts="count_files")
    ingest = publish(small_demo, tmp_path / "snapshots")
    assert calls == [ingest.store.current.version]  # made once, by the ingest
    folder = ingest.repository.local_version(ingest.last_published or "")
    regional = sum(1 for level, _ in ingest.store.current.tables if level == "vr")
    assert (folder / "artefacts" / "counts" / "count.txt").read_text() == f"{regional}\n"

    snapshot = serve(tmp_path / "snapshots").current
    files = artefacts.files_of(snapshot, "counts")
    assert sorted(files) == ["count.txt", "inhabitants.txt"]
    assert files["count.txt"] == f"{regional}\n".encode()
    assert len(calls) == 1  # the worker read the published files


def test_a_failing_producer_does_not_stop_the_publish_and_workers_make_the_files_themselves_once(
    small_demo, tmp_path, producers
):
    producers(counts="broken_files")
    ingest = publish(small_demo, tmp_path / "snapshots")
    folder = ingest.repository.local_version(ingest.last_published or "")
    assert not (folder / "artefacts").exists()

    producers(counts="count_files")  # e.g. a worker of a release whose producer works
    snapshot = serve(tmp_path / "snapshots").current
    first = artefacts.files_of(snapshot, "counts")
    second = artefacts.files_of(snapshot, "counts")
    assert first is second and calls == [snapshot.version]


def test_new_derived_files_of_the_same_figures_are_a_new_version(small_demo, tmp_path, producers):
    producers(counts="count_files")
    snapshots = tmp_path / "snapshots"
    first = publish(small_demo, snapshots)
    producers(counts="count_files", extra="unsafe_names")
    second = Ingest(first.store, SnapshotRepository(snapshots))
    outcome = second.run_once(force=True)
    assert outcome.published and outcome.version != first.last_published
    folder = second.repository.local_version(outcome.version or "")
    # Only plain file names are written, inside their group's folder.
    assert sorted(p.name for p in (folder / "artefacts" / "extra").iterdir()) == ["fine.txt"]
    assert not (folder / "artefacts" / "escape.txt").exists()


def test_the_same_snapshot_gives_the_same_version_with_or_without_a_repeat(small_demo, tmp_path, producers):
    producers(counts="count_files")
    first = publish(small_demo, tmp_path / "one")
    snapshot = first.store.current
    made = {"counts": count_files(snapshot)}
    assert published.serialise(snapshot, made).version == published.serialise(snapshot, made).version
    assert published.serialise(snapshot, made).version != published.serialise(snapshot).version


@pytest.mark.parametrize("group", sorted(artefacts.PRODUCERS))
def test_each_producer_of_the_app_gives_the_same_bytes_for_the_same_figures(
    small_demo, tmp_path, group, monkeypatch
):
    """A producer whose files held a clock time (a zip entry's date, a "generated at") would make
    every restart of the ingest publish a new version of the same figures."""
    data = tmp_path / "data"
    shutil.copytree(small_demo, data)
    store = DataStore(DirectorySource(data, demo=True), today=lambda: TODAY)
    store.refresh()
    snapshot = store.current
    later = dataclasses.replace(snapshot, built_at=snapshot.built_at + timedelta(hours=5))
    first = dict(artefacts.make_files(snapshot, group))
    assert first, f"the producer of {group!r} made no files"
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 5 * 3600)  # five hours later
    assert first == dict(artefacts.make_files(later, group))
