"""The ingest renders the page parts of a version once for every worker: workers answer the same
pages from that file without rendering them or keeping copies, and render on demand what it lacks."""

from __future__ import annotations

import shutil
import zlib
from datetime import date, timedelta

import pytest

from dashapp.app import CACHES_KEY, create_server, make_map_view
from dashapp.callbacks import shared_renders
from dashapp.callbacks.prerender import BackgroundRenders, RendersWriter
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
    keys = {key.split("|", 1)[0] for key in renders._index}
    assert keys == {"pages", "charts"}
    assert any("'GM0363'" in key and "'html'" in key for key in renders._index)


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
        def render(self, version: str) -> str | None:
            rendered.append(version)
            return None

    background = BackgroundRenders(Recording(repository, writer.reference, None))
    background(version)
    assert background.wait_idle(timeout=30)
    assert rendered == [version]
