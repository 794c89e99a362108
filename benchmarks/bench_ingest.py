"""The ingest: read + build + publish, at 1,000 and 2,000 days of the demo source, and what a web
worker pays to load a published version.

    .venv/bin/python benchmarks/bench_ingest.py                 # 1,000 and 2,000 days, 5 runs each
    .venv/bin/python benchmarks/bench_ingest.py --days 1000 --repeat 9

For each size, medians of:
- a cold ingest (a new DataStore and an empty snapshot folder: every file read, the snapshot built,
  serialised and published), split into its parts;
- an ingest after one source file changed (the others are not read again);
- a worker's load of the published version (memory-mapped);
- the reference, measured in the same run: a forced refresh of an in-memory store, which is what
  every web worker did before the ingest was split from serving.
Targets (issue 9): a cold ingest <= 1.0 s at 1,000 days and <= 2.0 s at 2,000 days. The files
derived at publish time (``dashapp.data.artefacts``: the week's crossings, the bulk downloads) came
later; their share is printed on its own line.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashapp.data import ingest as ingest_module
from dashapp.data import published
from dashapp.data.demo import write_demo_sources
from dashapp.data.ingest import Ingest
from dashapp.data.reference import load_reference
from dashapp.data.repository import SnapshotRepository
from dashapp.data.store import DataStore, DirectorySource

LCPS = "covid-19.csv"


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.1f} ms"


def timed(function: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def timed_with_cpu(function: Callable[[], object]) -> tuple[float, float]:
    """Elapsed and CPU seconds (of every thread of this process): on a shared machine the first
    grows with the other processes' load, the second much less."""
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - started, time.process_time() - cpu


def change_lcps(directory: Path, step: int) -> None:
    header, *rows = (directory / LCPS).read_text().splitlines()
    cells = rows[0].split(",")
    cells[1] = str(int(cells[1]) + step)
    scratch = directory / ".lcps.new"
    scratch.write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
    scratch.replace(directory / LCPS)


derived_seconds: list[float] = []
_make_derived = ingest_module.derived_files


def _timed_derived_files(snapshot):
    started = time.perf_counter()
    try:
        return _make_derived(snapshot)
    finally:
        derived_seconds.append(time.perf_counter() - started)


ingest_module.derived_files = _timed_derived_files


def bench(days: int, repeat: int, scratch: Path) -> None:
    data = scratch / f"data-{days}"
    write_demo_sources(data, date.today(), days=days)
    reference = load_reference()
    cold, cold_cpu, derived, refresh, serialise, incremental, load = [], [], [], [], [], [], []
    for run in range(repeat):
        store = DataStore(DirectorySource(data, demo=True), refresh_seconds=3600)
        ingest = Ingest(store, SnapshotRepository(scratch / f"snapshots-{days}-{run}"))
        derived_seconds.clear()
        elapsed, cpu = timed_with_cpu(ingest.run_once)
        cold.append(elapsed)
        cold_cpu.append(cpu)
        derived.append(sum(derived_seconds))
        refresh.append(timed(lambda store=store: store.refresh(force=True)))
        snapshot = store.current
        serialise.append(timed(lambda snapshot=snapshot: published.serialise(snapshot)))
        change_lcps(data, 1 + run)
        incremental.append(timed(ingest.run_once))
        version = ingest.repository.local_version(ingest.last_published or "")
        load.append(timed(lambda version=version: published.load(version, reference)))
    size = sum(p.stat().st_size for p in data.iterdir()) / 1e6
    print(f"demo source, {days:,} days ({size:.0f} MB of files), {repeat} runs, medians:")
    print(f"  cold ingest (read + build + publish)     {median_ms(cold)}")
    print(f"    its CPU time (all threads)             {median_ms(cold_cpu)}")
    groups = ", ".join(ingest_module.artefacts.PRODUCERS)
    print(f"    of which derived files ({groups}){median_ms(derived)}")
    core = [total - made for total, made in zip(cold, derived, strict=True)]
    print(f"  cold ingest without the derived files    {median_ms(core)}")
    print(f"    of which serialising the snapshot      {median_ms(serialise)}")
    print(f"  ingest after one file changed            {median_ms(incremental)}")
    print(f"  a worker loads the published version     {median_ms(load)}")
    print(f"  reference: in-memory refresh (old worker){median_ms(refresh)}")
    ratio = statistics.median(cold) / statistics.median(refresh)
    print(f"  cold ingest / reference                  {ratio:8.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--days", type=int, action="append", help="demo days (repeatable; default 1000 and 2000)"
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for days in args.days or [1000, 2000]:
            bench(days, args.repeat, Path(scratch))


if __name__ == "__main__":
    main()
