"""Shared fixtures: the real files of ../shared/data as a flat data directory, and a small demo directory."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="real source files in ../shared/data are not present"
)

# One published file per kind, as a flat data directory would hold them.
REAL_FILES = (
    "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv",
    "rivm/2020-10-07/COVID-19_rioolwaterdata.csv",
    "rivm/2021-07-25/COVID-19_reproductiegetal.json",
    "rivm/2021-07-25/COVID-19_prevalentie.json",
    "rivm/2021-07-25/COVID-19_ic_opnames.json",
    "rivm/2021-07-25/COVID-19_uitgevoerde_testen.json",
    "rivm/2021-11-08/COVID-19_uitgevoerde_testen.csv",
    "nice/2020-09-15/new-intake.json",
    "lcps/2021-07-26/covid-19.csv",
    "nivel/2020-08/Nivel-verdenkingen-COVID-19.txt",
    *(
        f"rivm/2020-10-14_nursing_homes/{name}_20201014_1107.csv"
        for name in (
            "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD",
            "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_naar_veiligheidsregio",
            "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum",
            "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_naar_veiligheidsregio",
            "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM",
            "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_naar_veiligheidsregio",
        )
    ),
)

DEMO_END = date(2026, 11, 23)
DEMO_DAYS = 200


def link_real_files(target: Path, files: tuple[str, ...] = REAL_FILES, root: Path = SHARED_DATA) -> Path:
    """Hard-link real files into ``target`` under their published names (copied where ``target`` is
    on another file system than ``root``).

    Not symbolic links: the loader refuses a symbolic link that leads out of the data directory.
    """
    target.mkdir(parents=True, exist_ok=True)
    for relative in files:
        place_file(root.resolve() / relative, target)
    return target


def place_file(source: Path, directory: Path, name: str | None = None) -> Path:
    """``source`` in ``directory`` (as ``name``): a hard link, or a copy across file systems."""
    destination = directory / (name or source.name)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
    return destination


@pytest.fixture(scope="session")
def real_data_dir(tmp_path_factory) -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip("real source files in ../shared/data are not present")
    return link_real_files(tmp_path_factory.mktemp("real-data"))


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    from dashapp.data.demo import write_demo_sources

    directory = tmp_path_factory.mktemp("demo-data")
    write_demo_sources(directory, DEMO_END, days=DEMO_DAYS)
    return directory


def build_from(directory: Path, *, demo: bool = False):
    from dashapp.data.store import DataStore, DirectorySource

    store = DataStore(DirectorySource(directory, demo=demo))
    outcome = store.refresh()
    assert store.current is not None, outcome.error
    return store.current


@pytest.fixture(scope="session")
def real_snapshot(real_data_dir):
    return build_from(real_data_dir)


@pytest.fixture(scope="session")
def demo_snapshot(demo_data_dir):
    return build_from(demo_data_dir, demo=True)


def pytest_sessionstart(session):
    """Where the tools must be present (CI sets DASHAPP_REQUIRE_TOOLS=1), their tests must run, not
    skip: a missing chromium or npm package stops the run at once, naming what is missing."""
    from tests.servers import REQUIRE_TOOLS, missing_tools

    if os.environ.get(REQUIRE_TOOLS) == "1" and (missing := missing_tools()):
        raise pytest.UsageError(f"{REQUIRE_TOOLS}=1 but these are missing: {', '.join(missing)}")
