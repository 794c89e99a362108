"""The ingest: read + build + publish, at 1,000 and 2,000 days of the demo source, and what a web
worker pays to load a published version.

    .venv/bin/python benchmarks/bench_ingest.py                 # 1,000 and 2,000 days, 5 runs each
    .venv/bin/python benchmarks/bench_ingest.py --days 1000 --repeat 9

For each size, medians of:
- a cold ingest (a new DataStore and an empty snapshot folder: every file read, the snapshot built,
  serialised and published), split into its parts: until the snapshot is published (the manifest
  names it and workers serve it), and until its addendum is complete (the derived files that follow
  it, ``dashapp.data.artefacts.DEFERRED``: the bulk downloads, which workers make themselves meanwhile);
- an ingest after one source file changed (the others are not read again), the same two ways;
- a worker's load of the published version (memory-mapped);
- the reference, measured in the same run: a forced refresh of an in-memory store, which is what
  every web worker did before the ingest was split from serving.
Targets (issue 9): a cold ingest <= 1.0 s at 1,000 days and <= 2.0 s at 2,000 days, until the
snapshot is published (what visitors are served); the addendum's time is printed beside it.
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


def change_lcps(directory: Path, step: int) -> None:
    header, *rows = (directory / LCPS).read_text().splitlines()
    cells = rows[0].split(",")
    cells[1] = str(int(cells[1]) + step)
    scratch = directory / ".lcps.new"
    scratch.write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
    scratch.replace(directory / LCPS)


derived_seconds: list[float] = []
_make_derived = ingest_module.derived_files


def _timed_derived_files(snapshot, groups=None):
    started = time.perf_counter()
    try:
        return _make_derived(snapshot, groups)
    finally:
        derived_seconds.append(time.perf_counter() - started)


ingest_module.derived_files = _timed_derived_files


def run_timed(ingest: Ingest) -> tuple[float, float, float, float, float]:
    """A run of the ingest, timed: until the snapshot is published, until its addendum is complete
    (both from the start), the CPU time of each (all threads: on a shared machine elapsed time grows
    with the other processes' load, CPU time much less), and the derived files' share of the
    snapshot."""
    gc.collect()
    derived_seconds.clear()
    started, cpu = time.perf_counter(), time.process_time()
    ingest.publish_snapshot()
    published_after, published_cpu = time.perf_counter() - started, time.process_time() - cpu
    derived = sum(derived_seconds)
    ingest.complete_addendum()
    total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
    return published_after, published_cpu, total, total_cpu, derived


def bench(days: int, repeat: int, scratch: Path) -> None:
    data = scratch / f"data-{days}"
    write_demo_sources(data, date.today(), days=days)
    reference = load_reference()
    names = ("cold", "cold_cpu", "cold_all", "cpu", "derived", "refresh", "serialise")
    names += ("incremental", "incremental_all")
    samples: dict[str, list[float]] = {name: [] for name in (*names, "load")}
    for run in range(repeat):
        store = DataStore(DirectorySource(data, demo=True), refresh_seconds=3600)
        ingest = Ingest(store, SnapshotRepository(scratch / f"snapshots-{days}-{run}"))
        cold, cold_cpu, cold_all, cpu, derived = run_timed(ingest)
        samples["cold"].append(cold)
        samples["cold_cpu"].append(cold_cpu)
        samples["cold_all"].append(cold_all)
        samples["cpu"].append(cpu)
        samples["derived"].append(derived)
        samples["refresh"].append(timed(lambda store=store: store.refresh(force=True)))
        snapshot = store.current
        samples["serialise"].append(timed(lambda snapshot=snapshot: published.serialise(snapshot)))
        change_lcps(data, 1 + run)
        incremental, _, incremental_all, _, _ = run_timed(ingest)
        samples["incremental"].append(incremental)
        samples["incremental_all"].append(incremental_all)
        version = ingest.repository.local_version(ingest.last_published or "")
        samples["load"].append(timed(lambda version=version: published.load(version, reference)))
    size = sum(p.stat().st_size for p in data.iterdir()) / 1e6
    print(f"demo source, {days:,} days ({size:.0f} MB of files), {repeat} runs, medians:")
    print(f"  cold ingest, snapshot published          {median_ms(samples['cold'])}   (target)")
    print(f"    its CPU time (all threads)             {median_ms(samples['cold_cpu'])}")
    with_snapshot = ", ".join(ingest_module.artefacts.with_snapshot()) or "none"
    print(f"    of which derived files ({with_snapshot}){median_ms(samples['derived'])}")
    print(f"    of which serialising the snapshot      {median_ms(samples['serialise'])}")
    later = ", ".join(ingest_module.artefacts.deferred()) or "none"
    print(f"  cold ingest, addendum ({later}) complete {median_ms(samples['cold_all'])}")
    print(f"    its CPU time (all threads)             {median_ms(samples['cpu'])}")
    print(f"  one file changed, snapshot published     {median_ms(samples['incremental'])}")
    print(f"  one file changed, addendum complete      {median_ms(samples['incremental_all'])}")
    print(f"  a worker loads the published version     {median_ms(samples['load'])}")
    print(f"  reference: in-memory refresh (old worker){median_ms(samples['refresh'])}")
    ratio = statistics.median(samples["cold"]) / statistics.median(samples["refresh"])
    print(f"  snapshot published / reference           {ratio:8.2f} x")


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
