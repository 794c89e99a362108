"""Foundation benchmarks: snapshot build time, worker memory, and the municipality-switch callback.

    .venv/bin/python benchmarks/bench_foundation.py            # demo source at full size
    .venv/bin/python benchmarks/bench_foundation.py --real ../shared/data

Prints medians over repeated runs. Targets: snapshot build <= 1 s, <= 300 MB resident per
worker, municipality switch <= 3 ms median server time.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.build import build_snapshot
from dashapp.data.demo import write_demo_sources
from dashapp.data.loader import load_directory
from dashapp.data.reference import load_reference
from dashapp.data.store import DataStore, DirectorySource


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def bench_directory(label: str, directory: Path, repeat: int) -> DataStore:
    reference = load_reference()
    load_time, loaded = timed(lambda: load_directory(directory), repeat)
    build_time, _ = timed(
        lambda: build_snapshot(loaded.frames, loaded.statuses, reference, version="bench", demo=False), repeat
    )
    store = DataStore(DirectorySource(directory), refresh_seconds=3600)
    refresh_time, _ = timed(lambda: store.refresh(force=True), repeat)
    rows = sum(frame.rows for frame in loaded.frames.values())
    print(f"{label}: {len(loaded.frames)} sources, {rows:,} rows")
    print(f"  read all files            median {load_time * 1000:8.1f} ms")
    print(f"  build snapshot (maths)    median {build_time * 1000:8.1f} ms")
    print(f"  full refresh (read+build) median {refresh_time * 1000:8.1f} ms")
    return store


def bench_switch(store: DataStore, repeat: int) -> None:
    server = create_server(Config(), store=store)
    client = server.test_client()
    codes = list(store.reference.municipalities)

    def payload(code: str) -> dict:
        return {
            "output": "..page.children...shown-version.data..",
            "outputs": [{"id": "page", "property": "children"}, {"id": "shown-version", "property": "data"}],
            "inputs": [
                {"id": "url", "property": "pathname", "value": f"/nl/gemeente/{code}"},
                {"id": "data-version", "property": "data", "value": None},
            ],
            "changedPropIds": ["url.pathname"],
            "state": [],
        }

    for code in codes[:20]:  # warm up translations and caches
        client.post("/_dash-update-component", json=payload(code))
    times, sizes = [], []
    for i in range(repeat):
        body = payload(codes[i % len(codes)])
        started = time.perf_counter()
        response = client.post("/_dash-update-component", json=body)
        times.append(time.perf_counter() - started)
        sizes.append(len(response.data))
        assert response.status_code == 200
    store.stop()
    print(
        f"  municipality switch       median {statistics.median(times) * 1000:8.2f} ms "
        f"(p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms, {len(times)} requests, "
        f"response median {statistics.median(sizes) / 1024:.1f} kB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=Path, help="the shared data folder (its files are linked flat)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--switches", type=int, default=1000)
    args = parser.parse_args()
    process = psutil.Process()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        if args.real:
            from tests.conftest import REAL_FILES

            for relative in REAL_FILES:
                (directory / Path(relative).name).symlink_to((args.real / relative).resolve())
            label = "real files"
        else:
            write_time, _ = timed(lambda: write_demo_sources(directory, date.today(), days=1000), 3)
            size = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
            label = "demo source, 1000 days"
            print(f"demo files written: median {write_time * 1000:.0f} ms, {size:.1f} MB")
        store = bench_directory(label, directory, args.repeat)
        gc.collect()
        print(f"  resident memory after     {process.memory_info().rss / 1e6:8.1f} MB")
        bench_switch(store, args.switches)


if __name__ == "__main__":
    main()
