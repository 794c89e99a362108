"""Resident memory over 100 refreshes of the full-size demo directory (1000 days, every file).

    .venv/bin/python benchmarks/bench_refresh_memory.py [--days 1000] [--refreshes 100]

Like ``tests/faults/test_faults_memory.py`` at full size: the cumulative municipal file (the
largest) alternates between a copy cut off mid-file (refused: the previous frame is served)
and the intact file (read and built); every fifth broken refresh is forced through a full
rebuild. Prints the resident set after every 10 refreshes, and the growth after the first 20.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashapp.data.demo import write_demo_sources
from dashapp.data.store import DataStore, DirectorySource

END = date(2026, 11, 23)
CUMULATIVE = "COVID-19_aantallen_gemeente_cumulatief.csv"
WARM_UP = 20


def resident_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def run(directory: Path, refreshes: int) -> None:
    store = DataStore(DirectorySource(directory), refresh_seconds=3600, today=lambda: END)
    path = directory / CUMULATIVE
    good = path.read_bytes()
    broken = good[: len(good) // 2]
    print(f"before the first refresh: {resident_mb():7.1f} MB resident")
    started = time.perf_counter()
    store.refresh()
    print(f"first refresh: {time.perf_counter() - started:.2f} s, {resident_mb():7.1f} MB resident")
    warm: float | None = None
    refused = 0
    started = time.perf_counter()
    for number in range(refreshes):
        path.unlink()  # a new file each time, as a download would write it
        path.write_bytes(broken if number % 2 else good)
        outcome = store.refresh(force=number % 10 == 9)
        refused += outcome.error is not None
        if (number + 1) % 10 == 0:
            rss = resident_mb()
            elapsed = time.perf_counter() - started
            done = number + 1
            print(f"after {done:3d} refreshes: {rss:7.1f} MB resident ({elapsed:6.1f} s, {refused} refused)")
            if number + 1 == WARM_UP:
                warm = rss
    if warm is not None:
        print(f"growth after the first {WARM_UP} refreshes: {resident_mb() - warm:+.1f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1000)
    parser.add_argument("--refreshes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as scratch:
        directory = Path(scratch)
        started = time.perf_counter()
        write_demo_sources(directory, END, days=args.days)
        size = sum(path.stat().st_size for path in directory.iterdir()) / 2**20
        print(f"demo: {args.days} days ending {END}, {size:.1f} MB in {time.perf_counter() - started:.1f} s")
        run(directory, args.refreshes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
