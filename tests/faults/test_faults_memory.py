"""Resident memory stays flat over 100 refreshes alternating a broken and a good file, with forced rebuilds.

The bound: after 20 warm-up refreshes, the resident set may grow by at most ``BOUND_MB``
over the next 80. Measured on this directory, it drifts by under 3 MB (allocator arenas,
pandas' caches); a store that kept one snapshot per refresh (the leak this test is for: a
list of old snapshots, an exception holding its reader's frames through its traceback)
grows by about 0.7 MB per refresh, some 55 MB over the 80. ``BOUND_MB`` sits between.
``benchmarks/bench_refresh_memory.py`` does the same at full size.
"""

from __future__ import annotations

import gc
import os
import shutil

import psutil

from tests.faults.conftest import CUMULATIVE, GGD, LCPS, NICE_IC, NIVEL, PREVALENCE, REPRODUCTION, make_store

REFRESHES = 100
WARM_UP = 20
BOUND_MB = 12
# The demo files that the refreshes rebuild from: the national feeds and the cumulative file of every
# municipality (the largest frame, re-read on every good refresh). Sewage, cases and nursing homes
# add build time, not different kinds of memory.
FILES = (CUMULATIVE, LCPS, NICE_IC, "zkh-new-intake.json", REPRODUCTION, PREVALENCE, NIVEL, GGD)


def resident_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def test_resident_memory_stays_flat_over_100_refreshes(fault_base, tmp_path):
    directory = tmp_path / "data"
    directory.mkdir()
    for name in FILES:
        os.link(fault_base / name, directory / name)
    good = (fault_base / CUMULATIVE).read_bytes()
    broken = good[: len(good) // 2]  # cut off mid-file: refused, the previous frame is served
    store = make_store(directory)
    path = directory / CUMULATIVE
    readings: list[float] = []
    refused = 0

    for number in range(REFRESHES):
        shutil.move(path, tmp_path / "old.csv")  # a new file each time, as a download would write it
        path.write_bytes(broken if number % 2 else good)
        # A broken file alone changes only statuses; every fifth one is forced through a full rebuild
        # around the previous frame. Every good file is read and built.
        outcome = store.refresh(force=number % 10 == 9)
        assert outcome.changed
        refused += outcome.error is not None
        if number + 1 == WARM_UP:
            readings.append(resident_mb())
    readings.append(resident_mb())

    assert refused == REFRESHES // 2
    assert store.current.sources["rivm_cumulative"].rows == len(good.splitlines()) - 1
    growth = readings[1] - readings[0]
    assert growth < BOUND_MB, f"resident memory grew by {growth:.1f} MB over {REFRESHES - WARM_UP} refreshes"
