"""The fault suite's ground: a small demo data directory written once per session and copied per case,
a store over a copy with a fixed clock, and helpers to break one line or field of a file.

A case's copy is made of hard links to the session's files (no bytes copied, and a file
the case leaves alone keeps the signature the loader already knows, so it is not read
again). A case must therefore never write into a file in place: ``rewrite`` and the
helpers built on it replace the file by a new one. An autouse check fails any test that
changed a session file all the same.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import pytest

from dashapp.data.snapshot import Snapshot
from dashapp.data.sources.base import SourceSpec
from dashapp.data.store import DataStore, DirectorySource

TODAY = date(2026, 11, 23)  # the demo's last day; the store's clock in every fault test
DEMO_DAYS = 30
SEWAGE_PLANTS = 20
OVERSIZED_BYTES = 200 * 1024 * 1024

CUMULATIVE = "COVID-19_aantallen_gemeente_cumulatief.csv"
SEWAGE = "COVID-19_rioolwaterdata.csv"
CASES = "COVID-19_casus_landelijk.csv"
LCPS = "covid-19.csv"
GGD = "COVID-19_uitgevoerde_testen.csv"
NICE_IC = "new-intake.json"
REPRODUCTION = "COVID-19_reproductiegetal.json"
PREVALENCE = "COVID-19_prevalentie.json"
NIVEL = "Nivel-verdenkingen-COVID-19.txt"
NURSING_LOCATIONS_VR = "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_naar_veiligheidsregio"


def keep_sewage_plants(path: Path, count: int) -> None:
    """Keep the measurements of the first ``count`` plants (by code) of a 2021-layout sewage file."""
    header, *rows = path.read_bytes().splitlines(keepends=True)
    plants = sorted({row.split(b";")[2] for row in rows}, key=int)[:count]
    path.write_bytes(b"".join([header, *(row for row in rows if row.split(b";")[2] in plants)]))


@pytest.fixture(scope="session")
def fault_base(tmp_path_factory) -> Path:
    """Every demo file of the 30 days ending on TODAY, the sewage file cut to 20 plants; never changed.

    Small on purpose, since every case builds two snapshots: a snapshot build spends most of
    its time on per-area and per-plant tables, whose number a shorter window does not lower
    but fewer plants do; the faults are about reading files, not about sewage.
    """
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("fault-base")
    write_demo_sources(directory, TODAY, days=DEMO_DAYS)
    keep_sewage_plants(directory / SEWAGE, SEWAGE_PLANTS)
    return directory


@pytest.fixture(scope="session")
def oversized_file(tmp_path_factory, fault_base) -> Path:
    """A 200 MB LCPS file: the real header and rows, then a sparse tail (no disk blocks, made at once).

    Read, it would fail on its NUL bytes; refused on its size, it is never read.
    """
    path = tmp_path_factory.mktemp("oversized") / LCPS
    shutil.copyfile(fault_base / LCPS, path)  # a copy: the session's file must stay as it is
    with path.open("r+b") as handle:
        handle.truncate(OVERSIZED_BYTES)
    return path


def _signatures(directory: Path) -> dict[str, tuple[int, int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_mode) for p in directory.iterdir()}


@pytest.fixture(scope="session")
def fault_base_signatures(fault_base) -> dict[str, tuple[int, int, int]]:
    return _signatures(fault_base)


@pytest.fixture(autouse=True)
def _session_files_stay_intact(request):
    # The fixtures are asked for before the test runs: pytest no longer allows it during teardown.
    uses_base = "fault_base" in request.fixturenames
    base = request.getfixturevalue("fault_base") if uses_base else None
    expected = request.getfixturevalue("fault_base_signatures") if uses_base else None
    yield
    if uses_base:
        assert _signatures(base) == expected, "a test wrote in place"


@pytest.fixture
def data_dir(fault_base, fault_base_signatures, tmp_path) -> Path:
    """A private copy of the demo directory for one case (hard links: see the module's note)."""
    return Path(shutil.copytree(fault_base, tmp_path / "data", copy_function=os.link))


def rewrite(path: Path, data: bytes) -> None:
    """Replace ``path`` by a new file holding ``data`` (never writing into a hard-linked file)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def make_store(
    directory: Path, *, specs: Iterable[SourceSpec] | None = None, today: date = TODAY
) -> DataStore:
    options = {} if specs is None else {"specs": specs}
    return DataStore(DirectorySource(directory), refresh_seconds=3600, today=lambda: today, **options)


def good_store(directory: Path, **options) -> DataStore:
    """A store whose first refresh read every file of ``directory`` without a problem."""
    store = make_store(directory, **options)
    outcome = store.refresh()
    assert outcome.changed and outcome.error is None, outcome.error
    assert store.health()["status"] == "ok", store.health()
    return store


def tables_of(snapshot: Snapshot, kind: str) -> dict[tuple[str, str], object]:
    """Every table a source kind feeds, by (level, indicator)."""
    return {key: table for key, table in snapshot.tables.items() if table.source == kind}


def assert_still_served(before: Snapshot, after: Snapshot, kind: str) -> None:
    """Every table of ``kind`` holds exactly the values it held before."""
    previous = tables_of(before, kind)
    assert previous, f"no table comes from {kind}"
    current = tables_of(after, kind)
    assert current.keys() == previous.keys()
    for key, table in previous.items():
        assert current[key].values.equals(table.values), key
        assert current[key].obtained_on == table.obtained_on, key


def problem_of(health: dict, kind: str) -> dict:
    found = [problem for problem in health["problems"] if problem["kind"] == kind]
    assert len(found) == 1, health["problems"]
    return found[0]


# --------------------------------------------------------------------------- editing files


def lines_of(path: Path) -> list[bytes]:
    """The lines of a file with their line ends (``b"...\\r\\n"``)."""
    return path.read_bytes().splitlines(keepends=True)


def write_lines(path: Path, lines: list[bytes]) -> None:
    rewrite(path, b"".join(lines))


def edit_line(path: Path, number: int, edit: Callable[[str], str]) -> None:
    """Rewrite line ``number`` (1-based, the header is line 1), keeping its line end."""
    lines = lines_of(path)
    body = lines[number - 1].rstrip(b"\r\n")
    ending = lines[number - 1][len(body) :]
    lines[number - 1] = edit(body.decode()).encode() + ending
    write_lines(path, lines)


def set_field(path: Path, number: int, column: str, value: str, sep: str) -> None:
    """Set the cell of ``column`` on line ``number``."""
    header = lines_of(path)[0].rstrip(b"\r\n").decode().split(sep)
    position = header.index(column)

    def edit(line: str) -> str:
        cells = line.split(sep)
        cells[position] = value
        return sep.join(cells)

    edit_line(path, number, edit)


def field(path: Path, number: int, column: str, sep: str) -> str:
    lines = lines_of(path)
    header = lines[0].rstrip(b"\r\n").decode().split(sep)
    return lines[number - 1].rstrip(b"\r\n").decode().split(sep)[header.index(column)]
