"""The data directories the benchmarks run on: the demo source at full size, or the real files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashapp.data.demo import write_demo_sources
from tests.conftest import link_real_files

FULL_SIZE_DAYS = 1000


def fill(directory: Path, real: Path | None) -> str:
    """Put the benchmark's raw files into ``directory`` and say what they are."""
    if real is not None:
        link_real_files(directory, root=real)
        return "real files"
    write_demo_sources(directory, date.today(), days=FULL_SIZE_DAYS)
    return f"demo source, {FULL_SIZE_DAYS} days"
