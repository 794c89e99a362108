"""The ingest renders the page parts of a version once for every worker: workers answer the same
pages from that file without rendering them or keeping copies, and render on demand what it lacks."""

from __future__ import annotations

import shutil
import time
import zlib
from datetime import date, timedelta

import pytest

from dashapp.app import CACHES_KEY, create_server, make_map_view
from dashapp.callbacks import shared_renders
from dashapp.callbacks.prerender import BackgroundRenders, RendersWriter
from dashapp.callbacks.render_cache import RenderCache
from dashapp.callbacks.shared_renders import SharedRenders, SharedRendersLookup, file_name, pack
from dashapp.config import Config
from dashapp.data.ingest import Ingest
from dashapp.data.repository import RENDERS, SnapshotRepository
from dashapp.data.serving import PublishedStore
from dashapp.data.store import DataStore, DirectorySource
from tests.dash_client import route

TODAY = date.today()
AREAS = {"vr": ["VR13"], "gm": ["GM0363"]}


def test_a_renders_file_gives_back_each_text_by_its_key(tmp_path):
    entries = {"pages|('a',)": zlib.compress(b"first"), "charts|('b', 2)": zlib.compress(b"second" * 100)}
    path = tmp_path / "x.bin"
    path.write_bytes(pack(entries))
    renders = SharedRenders(path)
    assert len(renders) == 2
    assert zlib.decompress(renders.get("charts|('b', 2)") or b"") == b"second" * 100
    assert renders.get("pages|('missing',)") is None
    path.write_bytes(b"not a renders file")
    with pytest.raises(ValueError):
        SharedRenders(path)


def test_every_key_is_found_among_many_and_in_a_file_cut_short_none_is_trusted(tmp_path):
    entries = {f"charts|('GM{n:04d}', 'cases')": zlib.compress(f"text {n}".encode()) for n in range(3000)}
    path = tmp_path / "many.bin"
    data = pack(entries)
    path.write_bytes(data)
    renders = SharedRenders(path)
    assert sorted(renders.key_texts()) == sorted(entries)
    assert all(
        zlib.decompress(renders.get(key) or b"") == zlib.decompress(packed) for key, packed in entries.items()
    )
    path.write_bytes(data[: len(data) // 100])  # the index says more entries than the file holds
    with pytest.raises(ValueError, match="damaged"):
        SharedRenders(path)


def test_a_garbled_renders_file_is_refused_or_rendered_around_never_an_error(tmp_path):
    entries = {"pages|('a',)": zlib.compress(b"first"), "pages|('b',)": zlib.compress(b"second")}
    data = bytearray(pack(entries))
    path = tmp_path / "garbled.bin"
    index_start = len(shared_renders.MAGIC) + 8
    # An entry's length pointing past the end of the file: refused when opened.
    cut = bytearray(data)
    cut[index_start + 24 : index_start + 32] = (10**9).to_bytes(8, "little")
    path.write_bytes(bytes(cut))
    with pytest.raises(ValueError, match="damaged"):
        SharedRenders(path)
    # Entries inside the file but with garbage for text: the cache renders the part itself.
    garbage = bytearray(data)
    garbage[-3:] = b"\xff\xff\xff"
    path.write_bytes(bytes(garbage))
    renders = SharedRenders(path)
    cache = RenderCache(name="pages")
    cache.shared = lambda version, name, key: renders.get(f"{name}|{key!r}")
    answers = [cache.get_text("v1", (letter,), lambda letter=letter: f"built {letter}") for letter in "ab"]
    assert set(answers) <= {"first", "second", "built a", "built b"}
    assert "built a" in answers or "built b" in answers


def test_keys_whose_hashes_collide_are_told_apart_by_their_text(tmp_path, monkeypatch):
    monkeypatch.setattr(shared_renders, "key_hash", lambda key: 7)
    entries = {"pages|('a',)": b"A", "pages|('b',)": b"B", "pages|('c',)": b"C"}
    path = tmp_path / "same.bin"
    path.write_bytes(pack(entries))
    renders = SharedRenders(path)
    assert [renders.get(key) for key in entries] == [b"A", b"B", b"C"]
    assert renders.get("pages|('d',)") is None


def test_a_worker_looks_again_for_a_file_the_ingest_had_not_written_yet(tmp_path, monkeypatch):
    monkeypatch.setattr(shared_renders, "RETRY_SECONDS", 0.0)
    name = file_name("v1", "r1", TODAY)
    lookup = SharedRendersLookup(
        lambda n: tmp_path / n if (tmp_path / n).is_file() else None, "r1", lambda: TODAY
    )
    assert lookup.get("v1", "pages", ("a",)) is None
    (tmp_path / name).write_bytes(pack({"pages|('a',)": b"packed"}))
    assert lookup.get("v1", "pages", ("a",)) == b"packed"
    # Another version, release or day is another file: nothing of this one is used for it.
    assert lookup.get("v2", "pages", ("a",)) is None
    other_day = SharedRendersLookup(lookup._locate, "r1", lambda: TODAY + timedelta(days=1))
    assert other_day.get("v1", "pages", ("a",)) is None


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from dashapp.data.demo import write_demo_sources

    folder = tmp_path_factory.mktemp("shared-renders")
    write_demo_sources(folder / "data", TODAY, days=40)
    repository = SnapshotRepository(folder / "snapshots")
    store = DataStore(DirectorySource(folder / "data", demo=True))
    # The map of the workers (the default borders), as ``python -m dashapp ingest`` passes it.
    map_view = make_map_view(Config())
    writer = RendersWriter(repository, store.reference, map_view, languages=("nl",), areas=AREAS)
    ingest = Ingest(store, repository, after_run=writer.render)
    outcome = ingest.run_once()
    assert outcome.version is not None
    return folder, repository, writer, outcome.version


def server_on(repository: SnapshotRepository, *, shared: bool):
    config = Config(snapshot_dir=repository.url, shared_renders=shared)
    return create_server(config, store=PublishedStore(repository))


def test_the_ingest_writes_the_renders_of_the_version_it_published(published):
    folder, _repository, writer, version = published
    name = file_name(version, writer.release, TODAY)
    assert [p.name for p in (folder / "snapshots" / RENDERS).iterdir()] == [name]
    renders = SharedRenders(folder / "snapshots" / RENDERS / name)
    keys = {key.split("|", 1)[0] for key in renders.key_texts()}
    assert keys == {"pages", "charts"}
    assert any("'GM0363'" in key and "'html'" in key for key in renders.key_texts())


def test_workers_answer_from_the_renders_what_they_would_have_rendered_themselves(published):
    _folder, repository, _writer, _version = published
    with_file, without = server_on(repository, shared=True), server_on(repository, shared=False)
    for path in ("/nl/gemeente/GM0363", "/nl/veiligheidsregio/VR13", "/nl/"):
        assert with_file.test_client().get(path).status_code == 200
        shared_answer, _ = route(with_file.test_client(), path)
        own_answer, _ = route(without.test_client(), path)
        assert shared_answer == own_answer, path
    caches = with_file.extensions[CACHES_KEY]
    # Parts found in the file are not copied into the worker's memory.
    assert caches.pages.hits > 0 and len(caches.pages) == 0


def test_what_the_file_lacks_is_rendered_on_demand(published):
    _folder, repository, _writer, _version = published
    with_file, without = server_on(repository, shared=True), server_on(repository, shared=False)
    path = "/nl/gemeente/GM0599"  # not in the rendered areas
    assert route(with_file.test_client(), path)[0] == route(without.test_client(), path)[0]
    assert len(with_file.extensions[CACHES_KEY].pages) > 0


def test_renders_of_versions_no_longer_kept_are_collected(published, tmp_path):
    folder, repository, writer, version = published
    copy = tmp_path / "snapshots"
    shutil.copytree(folder / "snapshots", copy)
    repository = SnapshotRepository(copy)
    manifest = repository.read_manifest()
    assert manifest is not None
    stale = copy / RENDERS / file_name("0000000000000000", writer.release, TODAY)
    stale.write_bytes(b"x")
    repository.collect_garbage(manifest)
    assert not stale.exists()
    assert (copy / RENDERS / file_name(version, writer.release, TODAY)).is_file()


def test_rendering_in_the_background_renders_the_newest_version_given(published, tmp_path):
    _folder, repository, writer, version = published
    rendered: list[str] = []

    class Recording(RendersWriter):
        def render(self, version: str, stop=None) -> str | None:
            rendered.append(version)
            return None

    background = BackgroundRenders(Recording(repository, writer.reference, None), settle=0.0)
    background(version)
    assert background.wait_idle(timeout=30)
    assert rendered == [version]


def test_versions_in_quick_succession_are_rendered_once_for_the_newest(published):
    _folder, repository, writer, _version = published
    rendered: list[str] = []

    class Recording(RendersWriter):
        def render(self, version: str, stop=None) -> str | None:
            rendered.append(version)
            return None

    background = BackgroundRenders(Recording(repository, writer.reference, None), settle=0.5)
    for version in ("v1", "v2", "v3"):  # a burst of publishes, each well within the settling time
        background(version)
    assert background.wait_idle(timeout=30)
    assert rendered == ["v3"]


def test_a_newer_version_stops_the_rendering_of_the_one_before(published):
    import threading

    _folder, repository, writer, _version = published
    started, finished = threading.Event(), []

    class Slow(RendersWriter):
        def render(self, version: str, stop=None) -> str | None:
            started.set()
            deadline = time.monotonic() + (30 if version == "v1" else 0.05)
            while time.monotonic() < deadline:
                if stop is not None and stop():
                    finished.append((version, "stopped"))
                    return None
                time.sleep(0.01)
            finished.append((version, "rendered"))
            return version

    background = BackgroundRenders(Slow(repository, writer.reference, None), settle=0.0)
    background("v1")
    assert started.wait(timeout=30)
    background("v2")
    assert background.wait_idle(timeout=30)
    assert finished == [("v1", "stopped"), ("v2", "rendered")]


def test_the_rendering_of_a_version_stops_between_areas_when_told(published):
    from dashapp.app import translated_server
    from dashapp.callbacks.prerender import render_everything
    from dashapp.callbacks.router import RenderingStopped
    from dashapp.data import published as published_versions

    _folder, repository, writer, version = published
    snapshot = published_versions.load(repository.local_version(version), writer.reference)
    asked = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 1  # after the first area

    server = translated_server()
    with server.app_context(), server.test_request_context("/"), pytest.raises(RenderingStopped):
        render_everything(snapshot, None, TODAY, ("nl",), AREAS, stop)
    assert len(asked) == 2
