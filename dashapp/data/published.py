"""A Snapshot as files: what the ingest publishes and every web worker loads.

A published version is a folder of three files:

- ``tables.arrow``: Arrow IPC, one row per indicator table. Its ``values`` column holds each
  table's dates x areas numbers as one flat run of float64 (row-major), so that a worker that
  memory-maps the file gets every table as a NumPy view of the mapped pages: no copy, and the
  workers of a host share those pages through the page cache.
- ``sewage.arrow``: Arrow IPC, every representative measurement of every plant, sorted by plant.
- ``snapshot.json``: the rest (source statuses with their problems, official risk levels, the
  sewage plants' names and areas), small.
- ``artefacts/<group>/<file>``: files derived from the snapshot once, at publish time (see
  ``dashapp.data.artefacts``); a worker reads one when it is asked for.
- ``addenda/<id>/<group>/<file>``: the groups that follow the snapshot (``artefacts.DEFERRED``),
  added to the version once it is served: written under a temporary name and renamed in, never
  changing a file already there. The manifest names the addendum once it is complete; its id is
  the hash of its files, so that a release that derives them otherwise adds a new addendum.

The version id is derived from the content (``content_id``) of the snapshot and of the groups
published with it: the same figures and statuses give the same id, so an unchanged snapshot is
recognised and not published again. The addendum is not part of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from dashapp.data.errors import Problem
from dashapp.data.loader import SourceStatus
from dashapp.data.reference import Reference
from dashapp.data.snapshot import IndicatorTable, OfficialLevel, PackedSeries, SewagePlants, Snapshot

FORMAT = 1
TABLES_FILE = "tables.arrow"
SEWAGE_FILE = "sewage.arrow"
META_FILE = "snapshot.json"
FILES = (TABLES_FILE, SEWAGE_FILE, META_FILE)
ARTEFACTS_DIR = "artefacts"
ADDENDA_DIR = "addenda"

TABLES_SCHEMA = pa.schema(
    [
        ("level", pa.string()),
        ("indicator", pa.string()),
        ("frequency", pa.string()),
        ("source", pa.string()),
        ("obtained_on", pa.date32()),
        ("unit", pa.string()),
        ("index_name", pa.string()),
        ("dates", pa.list_(pa.timestamp("us"))),
        ("codes", pa.list_(pa.string())),
        ("values", pa.large_list(pa.float64())),
    ]
)
SEWAGE_SCHEMA = pa.schema([("plant", pa.string()), ("date", pa.timestamp("us")), ("value", pa.float64())])


class PublishedFormatError(ValueError):
    """A published version that this code cannot read (another format, or damaged files)."""


@dataclass(frozen=True)
class SerialisedSnapshot:
    """The files of one version, and its content-derived id."""

    version: str
    # File name (a relative path) -> content; pyarrow's buffers are passed on without a copy.
    files: Mapping[str, bytes | pa.Buffer]


def _ipc_bytes(table: pa.Table) -> pa.Buffer:
    """The table as an Arrow IPC file, written into one buffer of its exact size (measured first,
    without copying): a growing buffer copies tens of megabytes at each doubling."""
    measured = pa.MockOutputStream()
    with pa.ipc.new_file(measured, table.schema) as writer:
        writer.write_table(table)
    buffer = pa.allocate_buffer(measured.size())
    with pa.ipc.new_file(pa.FixedSizeBufferWriter(buffer), table.schema) as writer:
        writer.write_table(table)
    return buffer


def _row_major_values(ordered: list[IndicatorTable]) -> tuple[pa.Array, np.ndarray]:
    """Every table's values, row-major, one after the other in one array (one copy), and the
    offsets where each table starts. The array's memory comes from Arrow's pool, which keeps it
    for the next publish: NumPy would map tens of megabytes afresh each time, and fault them in."""
    sizes = [table.array.size for table in ordered]
    offsets = np.cumsum([0, *sizes])
    count = int(offsets[-1])
    memory = pa.allocate_buffer(count * 8)
    values = np.frombuffer(memory, dtype=np.float64)
    for table, start in zip(ordered, offsets[:-1], strict=False):
        values[start : start + table.array.size].reshape(table.array.shape)[...] = table.array
    return pa.Array.from_buffers(pa.float64(), count, [None, memory]), offsets


def _tables_arrow(tables: Mapping[tuple[str, str], IndicatorTable]) -> pa.Buffer:
    ordered = [tables[key] for key in sorted(tables)]
    values, offsets = _row_major_values(ordered)
    columns = {
        "level": [t.level for t in ordered],
        "indicator": [t.indicator for t in ordered],
        "frequency": [t.frequency for t in ordered],
        "source": [t.source for t in ordered],
        "obtained_on": [t.obtained_on for t in ordered],
        "unit": [t.unit for t in ordered],
        "index_name": [t.values.index.name for t in ordered],
        "dates": [t.values.index.to_numpy(dtype="datetime64[us]") for t in ordered],
        "codes": [[str(code) for code in t.values.columns.tolist()] for t in ordered],
        "values": pa.LargeListArray.from_arrays(offsets, values),
    }
    return _ipc_bytes(pa.table(columns, schema=TABLES_SCHEMA))


def _sewage_arrow(plants: SewagePlants | None) -> pa.Buffer:
    codes: list[str] = []
    dates: list[np.ndarray] = []
    values: list[np.ndarray] = []
    series_of = plants.series if plants else {}
    for code in sorted(series_of):
        day: pd.Index
        if isinstance(series_of, PackedSeries):  # the slices of its arrays, no Series made
            start, end = series_of.bounds[code]
            day, value = series_of.dates[start:end], series_of.numbers[start:end]
        else:
            series = series_of[code]
            day, value = series.index, series.to_numpy()
        codes += [code] * len(value)
        dates.append(day.to_numpy(dtype="datetime64[us]"))
        values.append(np.asarray(value, dtype=np.float64))
    table = pa.table(
        {
            "plant": codes,
            "date": np.concatenate(dates) if dates else np.array([], dtype="datetime64[us]"),
            "value": np.concatenate(values) if values else np.array([], dtype=np.float64),
        },
        schema=SEWAGE_SCHEMA,
    )
    return _ipc_bytes(table)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def status_to_json(status: SourceStatus) -> dict[str, object]:
    return {"kind": status.kind, "description": status.description, **status.to_json()}


def status_from_json(data: Mapping[str, Any]) -> SourceStatus:
    problem = data.get("problem")

    def day(name: str) -> date | None:
        text = data.get(name)
        return date.fromisoformat(text) if text else None

    return SourceStatus(
        kind=data["kind"],
        description=data["description"],
        file=data["file"],
        ok=data["ok"],
        rows=data["rows"],
        obtained_on=day("obtained_on"),
        first_date=day("first_date"),
        last_date=day("last_date"),
        problem=Problem(problem["file"], problem["reason"], problem["line"], problem["column"])
        if problem
        else None,
        notes=tuple(data["notes"]),
        serving_previous=data["serving_previous"],
    )


def _meta(snapshot: Snapshot) -> dict[str, object]:
    """Everything but the tables and the plants' measurements, as JSON values (version excluded)."""
    plants = snapshot.sewage_plants
    return {
        "format": FORMAT,
        "demo": snapshot.demo,
        "sources": {kind: status_to_json(status) for kind, status in sorted(snapshot.sources.items())},
        "official_levels": {
            code: [[item.level, item.valid_from.isoformat()] for item in levels]
            for code, levels in sorted(snapshot.official_levels.items())
        },
        "sewage_plants": None
        if plants is None
        else {
            "names": dict(sorted(plants.names.items())),
            "region_of": dict(sorted(plants.region_of.items())),
            "municipality_of": dict(sorted(plants.municipality_of.items())),
            "unit": plants.unit,
            "source": plants.source,
            "obtained_on": plants.obtained_on.isoformat(),
        },
    }


def _json_bytes(data: object) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def content_id(
    tables: bytes | pa.Buffer,
    sewage: bytes | pa.Buffer,
    meta: Mapping[str, object],
    artefacts: Mapping[str, bytes] | None = None,
) -> str:
    """A hash of everything published; derived files count too, so that a new way of deriving them
    publishes a new version even when the figures are the same."""
    digest = hashlib.sha256()
    named = sorted((artefacts or {}).items())
    for part in (
        tables,
        sewage,
        _json_bytes(meta),
        *(item for pair in named for item in (pair[0].encode(), pair[1])),
    ):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:16]


def artefact_files(
    artefacts: Mapping[str, Mapping[str, bytes]], folder: str = ARTEFACTS_DIR
) -> dict[str, bytes]:
    """Derived files by their path in a version folder (in an addendum's folder: ``folder=""``)."""
    prefix = f"{folder}/" if folder else ""
    return {
        f"{prefix}{group}/{name}": data
        for group, files in artefacts.items()
        for name, data in files.items()
        if _plain_name(group) and _plain_name(name)
    }


def _plain_name(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def serialise(
    snapshot: Snapshot, artefacts: Mapping[str, Mapping[str, bytes]] | None = None
) -> SerialisedSnapshot:
    """The files of ``snapshot`` and of the files derived from it; its version becomes the id of
    their content."""
    tables = _tables_arrow(snapshot.tables)
    sewage = _sewage_arrow(snapshot.sewage_plants)
    meta = _meta(snapshot)
    derived = artefact_files(artefacts or {})
    version = content_id(tables, sewage, meta, derived)
    described = {**meta, "version": version, "built_at": snapshot.built_at.isoformat()}
    return SerialisedSnapshot(
        version, {TABLES_FILE: tables, SEWAGE_FILE: sewage, META_FILE: _json_bytes(described), **derived}
    )


@dataclass(frozen=True)
class SerialisedAddendum:
    """The files of a version's addendum (paths inside its folder), and the id of their content."""

    id: str
    groups: tuple[str, ...]
    files: Mapping[str, bytes]


def serialise_addendum(artefacts: Mapping[str, Mapping[str, bytes]]) -> SerialisedAddendum:
    files = artefact_files(artefacts, folder="")
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        for part in (name.encode(), data):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    groups = tuple(sorted({name.split("/", 1)[0] for name in files}))
    return SerialisedAddendum(digest.hexdigest()[:16], groups, files)


class PublishedFiles(Mapping[str, bytes]):
    """The derived files of one group in a version folder, read when asked for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._names = tuple(sorted(p.name for p in folder.iterdir() if p.is_file()))

    def __getitem__(self, name: str) -> bytes:
        if name not in self._names:
            raise KeyError(name)
        return (self.folder / name).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _groups_in(folder: Path) -> dict[str, Mapping[str, bytes]]:
    if not folder.is_dir():
        return {}
    return {group.name: PublishedFiles(group) for group in sorted(folder.iterdir()) if group.is_dir()}


class PublishedArtefacts(Mapping[str, Mapping[str, bytes]]):
    """A loaded version's derived files by group: those published with the snapshot, and those of
    its addendum once it is attached (``attach``: one assignment, the snapshot stays the same)."""

    def __init__(self, directory: Path):
        self._with_snapshot = _groups_in(directory / ARTEFACTS_DIR)
        self._groups: Mapping[str, Mapping[str, bytes]] = self._with_snapshot
        self.addendum: str | None = None

    def attach(self, addendum: str, folder: Path) -> None:
        """Add the groups of the addendum ``addendum`` (its files in ``folder``)."""
        if addendum == self.addendum:
            return
        later = _groups_in(folder)
        if not later:
            raise PublishedFormatError(f"{folder}: the addendum {addendum} has no files")
        self._groups = {**later, **self._with_snapshot}
        self.addendum = addendum

    def __getitem__(self, group: str) -> Mapping[str, bytes]:
        return self._groups[group]

    def __iter__(self) -> Iterator[str]:
        return iter(self._groups)

    def __len__(self) -> int:
        return len(self._groups)


def _read_ipc(path: Path) -> pa.Table:
    """The table of an Arrow IPC file, its buffers pointing into a memory map of the file."""
    source = pa.memory_map(str(path), "r")
    return pa.ipc.open_file(source).read_all()


def _flat_values(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """The child values of a large-list column as one zero-copy array, and each row's offsets."""
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    flat = array.values.to_numpy(zero_copy_only=True)
    offsets = array.offsets.to_numpy(zero_copy_only=True)
    return flat, offsets


def _load_tables(path: Path) -> dict[tuple[str, str], IndicatorTable]:
    arrow = _read_ipc(path)
    if arrow.schema != TABLES_SCHEMA:
        raise PublishedFormatError(f"{path.name}: unexpected columns")
    flat, offsets = _flat_values(arrow.column("values"))
    all_dates, date_offsets = _flat_values(arrow.column("dates"))
    codes_column = arrow.column("codes").combine_chunks()
    # Only the few scalar columns become Python objects; dates and numbers stay arrays.
    described = arrow.select(
        ["level", "indicator", "frequency", "source", "obtained_on", "unit", "index_name"]
    )
    tables: dict[tuple[str, str], IndicatorTable] = {}
    for row, info in enumerate(described.to_pylist()):
        dates = pd.DatetimeIndex(
            all_dates[date_offsets[row] : date_offsets[row + 1]], name=info["index_name"]
        )
        codes = pd.Index(codes_column[row].values, dtype="str")
        values = flat[offsets[row] : offsets[row + 1]].reshape(len(dates), len(codes))
        frame = pd.DataFrame(values, index=dates, columns=codes, copy=False)
        tables[(info["level"], info["indicator"])] = IndicatorTable(
            info["indicator"],
            info["level"],
            info["frequency"],
            frame,
            info["source"],
            info["obtained_on"],
            info["unit"],
        )
    return tables


def _load_sewage(path: Path, meta: Mapping[str, Any] | None) -> SewagePlants | None:
    if meta is None:
        return None
    arrow = _read_ipc(path)
    plants = arrow.column("plant").to_numpy()
    dates = pd.DatetimeIndex(arrow.column("date").to_numpy(), name="date")
    values = arrow.column("value").to_numpy()
    return SewagePlants(
        series=PackedSeries.of_runs(plants, dates, values),
        names=meta["names"],
        region_of=meta["region_of"],
        municipality_of=meta["municipality_of"],
        unit=meta["unit"],
        source=meta["source"],
        obtained_on=date.fromisoformat(meta["obtained_on"]),
    )


def load(directory: Path, reference: Reference, addendum: tuple[str, Path] | None = None) -> Snapshot:
    """The snapshot published in ``directory`` (a local folder), memory-mapped; with ``addendum``
    (its id and local folder), that addendum's files attached."""
    try:
        meta = json.loads((directory / META_FILE).read_bytes())
    except (OSError, ValueError) as error:
        raise PublishedFormatError(f"{directory.name}/{META_FILE}: cannot be read ({error})") from error
    if meta.get("format") != FORMAT:
        raise PublishedFormatError(f"{directory.name}: format {meta.get('format')!r}, expected {FORMAT}")
    artefacts = PublishedArtefacts(directory)
    if addendum is not None:
        artefacts.attach(*addendum)
    return Snapshot(
        version=meta["version"],
        built_at=datetime.fromisoformat(meta["built_at"]),
        demo=meta["demo"],
        reference=reference,
        tables=_load_tables(directory / TABLES_FILE),
        sources={kind: status_from_json(status) for kind, status in meta["sources"].items()},
        sewage_plants=_load_sewage(directory / SEWAGE_FILE, meta["sewage_plants"]),
        official_levels={
            code: tuple(OfficialLevel(level, date.fromisoformat(day)) for level, day in levels)
            for code, levels in meta["official_levels"].items()
        },
        artefacts=artefacts,
    )


def prime(reference: Reference) -> None:
    """Run the load path once on a tiny made-up snapshot, so that a process that forks workers has
    done the one-time work (lazy imports, allocator set-up, pandas' caches) that each worker would
    otherwise repeat in memory of its own. Touches no published data."""
    import tempfile

    dates = pd.date_range("2020-03-02", periods=8, freq="D", name="date")
    values = pd.DataFrame(np.arange(16, dtype=float).reshape(8, 2), index=dates, columns=pd.Index(["A", "B"]))
    table = IndicatorTable("primer", "nl", "daily", values, "primer", date(2020, 3, 9))
    plants = SewagePlants(
        series={"1": pd.Series([1.0, 2.0], index=dates[:2])},
        names={"1": "primer"},
        region_of={},
        municipality_of={},
        unit="",
        source="primer",
        obtained_on=date(2020, 3, 9),
    )
    snapshot = Snapshot(
        "primer", datetime(2020, 3, 9), True, reference, {("nl", "primer"): table}, {}, None, plants
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, data in serialise(snapshot).files.items():
            (Path(folder) / name).write_bytes(data)
        loaded = load(Path(folder), reference)
        loaded.latest("nl", "A", "primer")
        del loaded
