"""Snapshot build time and a worker's memory.

    .venv/bin/python benchmarks/bench_snapshot.py                   # demo source at full size
    .venv/bin/python benchmarks/bench_snapshot.py --real ../shared/data

Prints medians over repeated runs of: reading every file, building the Snapshot from the parsed
frames (the indicator maths), and a full forced refresh; then the resident memory of a fresh
process that has done what a gunicorn worker does at start-up (create the server and build its
first Snapshot). Targets: build <= 1 s median at full size; <= 300 MB resident per worker.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from dashapp.clock import today_in_amsterdam
from dashapp.data.build import build_snapshot
from dashapp.data.loader import load_directory, read_context
from dashapp.data.reference import load_reference
from dashapp.data.store import DataStore, DirectorySource

REPO = Path(__file__).resolve().parent.parent
# A process that builds its own snapshot from the raw files (as each web worker did before the ingest
# was split off; today the ingest process does this): bench_workers.py measures the web workers.
WORKER = """
import dataclasses, json, gc, psutil
from dashapp.app import create_server
from dashapp.config import Config
server = create_server(dataclasses.replace(Config.from_env(), snapshot_dir=None))
gc.collect()
print(json.dumps({"rss_mb": psutil.Process().memory_info().rss / 1e6}))
"""


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def worker_memory(directory: Path) -> float:
    """Resident MB of a new process after create_server() built its first Snapshot from ``directory``."""
    env = {**os.environ, "DASHAPP_DATA_DIR": str(directory), "DASHAPP_LOG_LEVEL": "WARNING"}
    output = subprocess.run(
        [sys.executable, "-c", WORKER], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["rss_mb"]


def bench(label: str, directory: Path, repeat: int) -> None:
    reference = load_reference()
    context = read_context(reference, today_in_amsterdam())
    load_time, loaded = timed(lambda: load_directory(directory, context=context), repeat)
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
    print(f"  a process after its own build {worker_memory(directory):6.1f} MB resident")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=Path, help="the shared data folder (its files are linked flat)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        started = time.perf_counter()
        label = sources.fill(directory, args.real)
        size = sum(p.stat().st_size for p in directory.iterdir()) / 1e6
        print(f"{label}: {size:.1f} MB of files, in place after {time.perf_counter() - started:.1f} s")
        bench(label, directory, args.repeat)


if __name__ == "__main__":
    main()
