"""The derived files that follow a snapshot (its addendum): the snapshot is published and served
first, the addendum is added to the same immutable version and named in the manifest, workers take it
up without switching version, and an ingest that stopped in between completes it at its next run."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest

from dashapp.data import artefacts, published
from dashapp.data.ingest import Ingest
from dashapp.data.published import ADDENDA_DIR, ARTEFACTS_DIR, PublishedFiles
from dashapp.data.repository import MANIFEST, VERSIONS, SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.snapshot import Snapshot
from dashapp.data.store import DataStore, DirectorySource

TODAY = date(2026, 11, 23)
made: list[str] = []


def table_counts(snapshot: Snapshot) -> Mapping[str, bytes]:
    """A deferred producer: how many tables each level has."""
    made.append(snapshot.version)
    levels = sorted({level for level, _ in snapshot.tables})
    return {
        f"{level}.txt": str(sum(1 for lv, _ in snapshot.tables if lv == level)).encode() for level in levels
    }


def table_counts_otherwise(snapshot: Snapshot) -> Mapping[str, bytes]:
    """The same group as a later release derives it (another file layout)."""
    return {"all.txt": str(len(snapshot.tables)).encode()}


def area_count(snapshot: Snapshot) -> Mapping[str, bytes]:
    """A producer published with the snapshot."""
    return {"areas.txt": str(len(snapshot.reference.municipalities)).encode()}


@pytest.fixture(scope="module")
def small_demo(tmp_path_factory) -> Path:
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("addendum-demo")
    write_demo_sources(directory, TODAY, days=30)
    return directory


@pytest.fixture
def producers(monkeypatch):
    """Groups "areas" (with the snapshot) and "counts" (deferred), with the given producer of counts."""
    made.clear()

    def use(counts: str = "table_counts") -> None:
        monkeypatch.setattr(
            artefacts,
            "PRODUCERS",
            {"areas": f"{__name__}:area_count", "counts": f"{__name__}:{counts}"},
        )
        monkeypatch.setattr(artefacts, "DEFERRED", frozenset({"counts"}))

    use()
    return use


def ingest_for(small_demo: Path, snapshots: Path) -> Ingest:
    data = snapshots.parent / "data"
    if not data.exists():
        shutil.copytree(small_demo, data)
    store = DataStore(DirectorySource(data, demo=True), today=lambda: TODAY)
    return Ingest(store, SnapshotRepository(snapshots))


def manifest_of(snapshots: Path) -> dict[str, object]:
    return json.loads((snapshots / MANIFEST).read_text())


def worker_for(snapshots: Path) -> PublishedStore:
    worker = PublishedStore(SnapshotRepository(snapshots), today=lambda: TODAY)
    assert worker.check()
    return worker


def test_the_snapshot_is_served_before_its_addendum_which_follows_in_the_same_version(
    small_demo, tmp_path, producers
):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(small_demo, snapshots)
    outcome = ingest.publish_snapshot()
    assert outcome.published and outcome.error is None
    assert manifest_of(snapshots)["addendum"] is None
    folder = snapshots / VERSIONS / str(outcome.version)
    assert not (folder / ADDENDA_DIR).exists()
    assert made == []  # the deferred group is not made before the snapshot is published

    worker = worker_for(snapshots)
    snapshot = worker.current
    assert snapshot.version == outcome.version
    assert (folder / ARTEFACTS_DIR / "areas" / "areas.txt").is_file()
    assert "counts" not in snapshot.artefacts
    assert worker.health()["addendum"] == {
        "groups": ["counts"],
        "manifest": None,
        "published_at": None,
        "served": None,
    }
    before = {p.relative_to(folder): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}

    addendum = ingest.complete_addendum()
    named = manifest_of(snapshots)["addendum"]
    assert named["id"] == addendum and named["groups"] == ["counts"]
    assert manifest_of(snapshots)["version"] == outcome.version
    # Nothing that was in the version folder changed; the addendum came in beside it, whole.
    after = {p.relative_to(folder): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}
    assert {name: after[name] for name in before} == before
    assert not [p for p in folder.rglob(".*")]
    regional = sum(1 for level, _ in ingest.store.current.tables if level == "vr")
    assert (folder / ADDENDA_DIR / str(addendum) / "counts" / "vr.txt").read_text() == str(regional)

    switches = worker.switches
    worker.check()
    assert worker.current is snapshot and worker.switches == switches  # the same version, not reloaded
    files = artefacts.files_of(snapshot, "counts")
    assert isinstance(files, PublishedFiles) and files["vr.txt"] == str(regional).encode()
    assert (
        artefacts.files_of(snapshot, "areas")["areas.txt"]
        == str(len(snapshot.reference.municipalities)).encode()
    )
    health = worker.health()["addendum"]
    assert health["manifest"] == health["served"] == addendum
    assert made == [ingest.store.current.version]  # made once, by the ingest


def test_a_worker_makes_a_missing_addendum_group_itself_meanwhile(small_demo, tmp_path, producers):
    snapshots = tmp_path / "snapshots"
    ingest_for(small_demo, snapshots).publish_snapshot()
    snapshot = worker_for(snapshots).current
    files = artefacts.files_of(snapshot, "counts")
    assert sorted(files) == ["gm.txt", "nl.txt", "vr.txt"]
    assert made == [snapshot.version]


def test_an_ingest_stopped_before_the_addendum_completes_it_at_its_next_run(small_demo, tmp_path, producers):
    snapshots = tmp_path / "snapshots"
    first = ingest_for(small_demo, snapshots).publish_snapshot()  # then the process dies
    worker = worker_for(snapshots)

    restarted = ingest_for(small_demo, snapshots)
    assert restarted.restore() > 0
    outcome = restarted.run_once()
    assert not outcome.published and outcome.version == first.version  # the snapshot is not published again
    named = manifest_of(snapshots)["addendum"]
    assert named is not None
    assert (
        snapshots / VERSIONS / str(first.version) / ADDENDA_DIR / named["id"] / "counts" / "nl.txt"
    ).is_file()
    worker.check()
    assert worker.current.artefacts.addendum == named["id"]

    # Once complete, a further restart finds it named and writes nothing.
    stamp = (snapshots / MANIFEST).stat().st_mtime_ns
    again = ingest_for(small_demo, snapshots)
    again.restore()
    assert again.run_once().version == first.version
    assert (snapshots / MANIFEST).stat().st_mtime_ns == stamp


def test_an_addendum_that_fails_half_way_leaves_no_trace_and_is_written_at_the_next_run(
    small_demo, tmp_path, producers, monkeypatch
):
    snapshots = tmp_path / "snapshots"
    ingest = ingest_for(small_demo, snapshots)
    fs = ingest.repository.fs
    real_pipe = fs.pipe_file
    written: list[str] = []

    def disk_full(path: str, data: bytes, **options: object) -> None:
        if ".addendum-" in path:
            if written:  # the second file of the addendum
                raise OSError(28, "No space left on device")
            written.append(path)
        real_pipe(path, data, **options)

    monkeypatch.setattr(fs, "pipe_file", disk_full)
    outcome = ingest.run_once()
    assert outcome.published  # the snapshot is out and served
    folder = snapshots / VERSIONS / str(outcome.version)
    assert manifest_of(snapshots)["addendum"] is None
    assert not (folder / ADDENDA_DIR).exists() or not any((folder / ADDENDA_DIR).iterdir())
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]

    monkeypatch.setattr(fs, "pipe_file", real_pipe)
    assert ingest.run_once().version == outcome.version  # nothing new to read: the addendum is retried
    named = manifest_of(snapshots)["addendum"]
    assert named is not None and (folder / ADDENDA_DIR / named["id"] / "counts" / "gm.txt").is_file()


def test_a_release_that_derives_the_addendum_otherwise_adds_a_new_one_to_the_same_version(
    small_demo, tmp_path, producers
):
    snapshots = tmp_path / "snapshots"
    first = ingest_for(small_demo, snapshots)
    outcome = first.run_once()
    old = manifest_of(snapshots)["addendum"]["id"]
    worker = worker_for(snapshots)
    old_files = artefacts.files_of(worker.current, "counts")

    producers(counts="table_counts_otherwise")
    restarted = ingest_for(small_demo, snapshots)
    restarted.restore()
    assert restarted.run_once().version == outcome.version
    new = manifest_of(snapshots)["addendum"]["id"]
    assert new != old
    addenda = snapshots / VERSIONS / str(outcome.version) / ADDENDA_DIR
    assert sorted(p.name for p in addenda.iterdir()) == sorted(
        [old, new]
    )  # the old one stays for its readers
    assert old_files["nl.txt"]  # still readable
    worker.check()
    assert sorted(artefacts.files_of(worker.current, "counts")) == ["all.txt"]


def test_an_object_store_worker_copies_the_addendum_once_it_is_named(small_demo, tmp_path, producers):
    url = f"memory://dashapp-addendum-{tmp_path.name}/snapshots"
    data = tmp_path / "data"
    shutil.copytree(small_demo, data)
    ingest = Ingest(DataStore(DirectorySource(data, demo=True), today=lambda: TODAY), SnapshotRepository(url))
    outcome = ingest.publish_snapshot()
    worker = PublishedStore(SnapshotRepository(url, cache_dir=tmp_path / "cache"), today=lambda: TODAY)
    assert worker.check()
    assert "counts" not in worker.current.artefacts
    addendum = ingest.complete_addendum()
    worker.check()
    assert worker.current.artefacts.addendum == addendum
    copied = tmp_path / "cache" / str(outcome.version) / ADDENDA_DIR / str(addendum) / "counts" / "nl.txt"
    assert copied.is_file()
    expected = table_counts(ingest.store.current)["nl.txt"]
    assert artefacts.files_of(worker.current, "counts")["nl.txt"] == expected


def test_the_version_id_does_not_depend_on_the_addendum(small_demo, tmp_path, producers):
    ingest = ingest_for(small_demo, tmp_path / "snapshots")
    outcome = ingest.run_once()
    snapshot = ingest.store.current
    with_snapshot = {"areas": area_count(snapshot)}
    assert published.serialise(snapshot, with_snapshot).version == outcome.version
    assert (
        published.serialise(snapshot, {**with_snapshot, "counts": table_counts(snapshot)}).version
        != outcome.version
    )
