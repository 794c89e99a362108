"""The store swaps in snapshots, keeps the last good data when a refresh fails, and runs on a timer."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dashapp.data import store as store_module
from dashapp.data.store import DataStore, DirectorySource

HEADER = (
    "Date_of_report;Municipality_code;Municipality_name;Province;Total_reported;Hospital_admission;Deceased"
)


def write_cumulative(directory: Path, days: list[tuple[str, int, int]]) -> Path:
    """Amsterdam and Weesp plus an unknown-municipality row; cumulative positives per day."""
    lines = [HEADER]
    for day, amsterdam, weesp in days:
        lines += [
            f"{day} 10:00:00;GM0363;Amsterdam;Noord-Holland;{amsterdam};0;0",
            f"{day} 10:00:00;GM0457;Weesp;Noord-Holland;{weesp};0;0",
            f"{day} 10:00:00;;;Noord-Holland;5;0;0",
        ]
    path = directory / "COVID-19_aantallen_gemeente_cumulatief.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


GOOD_DAYS = [("2020-10-01", 100, 10), ("2020-10-02", 130, 12), ("2020-10-03", 125, 15)]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_cumulative(tmp_path, GOOD_DAYS)
    return tmp_path


def test_refresh_builds_a_snapshot_with_dates_from_the_file(data_dir):
    store = DataStore(DirectorySource(data_dir))
    assert store.current is None
    outcome = store.refresh()
    assert outcome.changed and outcome.error is None
    latest = store.current.latest("gm", "GM0363", "positive_tests_net")
    assert latest.value == -5  # 130 -> 125: a correction
    assert str(latest.value_of) == "2020-10-03"
    assert str(latest.obtained_on) == "2020-10-03"
    assert store.current.latest("gm", "GM0363", "positive_tests").value == 0
    assert store.health()["status"] == "ok"


def test_an_unchanged_directory_is_not_rebuilt(data_dir):
    store = DataStore(DirectorySource(data_dir))
    store.refresh()
    first = store.current
    assert not store.refresh().changed
    assert store.current is first


def test_a_broken_file_keeps_its_last_good_data_and_names_the_problem(data_dir, caplog):
    store = DataStore(DirectorySource(data_dir))
    store.refresh()
    path = data_dir / "COVID-19_aantallen_gemeente_cumulatief.csv"
    path.write_text(HEADER + "\r\n2020-10-04 10:00:00;GM0363;Amsterdam;Noord-Holland;1", encoding="utf-8")
    outcome = store.refresh()
    assert "COVID-19_aantallen_gemeente_cumulatief.csv, line 2" in outcome.error
    status = store.current.sources["rivm_cumulative"]
    assert status.serving_previous and not status.ok
    # Still the data of 3 October, and the page can say so.
    assert str(store.current.latest("gm", "GM0363", "positive_tests").value_of) == "2020-10-03"
    health = store.health()
    assert health["status"] == "degraded"
    assert "line 2" in health["last_error"]
    assert "refused" in caplog.text


def test_a_failed_build_keeps_the_whole_previous_snapshot(data_dir, monkeypatch):
    store = DataStore(DirectorySource(data_dir))
    store.refresh()
    before = store.current

    def broken_build(*args, **kwargs):
        raise RuntimeError("indicator maths exploded")

    monkeypatch.setattr(store_module, "build_snapshot", broken_build)
    outcome = store.refresh(force=True)
    assert not outcome.changed
    assert store.current is before
    assert "indicator maths exploded" in store.health()["last_error"]


def test_a_missing_directory_keeps_the_previous_snapshot(data_dir):
    source = DirectorySource(data_dir)
    store = DataStore(source)
    store.refresh()
    before = store.current
    source.directory = data_dir / "gone"
    assert "does not exist" in store.refresh().error
    assert store.current is before


def test_the_timer_thread_picks_up_new_files_and_stops_promptly(data_dir):
    store = DataStore(DirectorySource(data_dir), refresh_seconds=0.05)
    store.start()
    store.start()  # idempotent
    try:
        deadline = time.monotonic() + 10
        while store.current is None and time.monotonic() < deadline:
            time.sleep(0.02)
        write_cumulative(data_dir, [*GOOD_DAYS, ("2020-10-04", 140, 16)])
        os.utime(data_dir / "COVID-19_aantallen_gemeente_cumulatief.csv", (time.time() + 5, time.time() + 5))
        while time.monotonic() < deadline:
            latest = store.current.latest("gm", "GM0363", "positive_tests")
            if str(latest.value_of) == "2020-10-04":
                break
            time.sleep(0.02)
        assert latest.value == 15
        assert store.health()["refreshing"]
    finally:
        started = time.monotonic()
        store.stop()
    assert time.monotonic() - started < 1
    assert not store.running
