"""The store swaps in snapshots, keeps the last good data when a refresh fails, and runs on a timer."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from dashapp.data import store as store_module
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import NO_CONTEXT
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
FILE_DAY = date(2020, 10, 3)  # the newest report day of GOOD_DAYS


def on(day: date):
    """A clock that always says ``day``."""
    return lambda: day


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_cumulative(tmp_path, GOOD_DAYS)
    return tmp_path


def test_refresh_builds_a_snapshot_with_dates_from_the_file(data_dir):
    store = DataStore(DirectorySource(data_dir), today=on(FILE_DAY))
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


def test_health_says_per_source_whether_it_is_late_and_by_when_a_newer_file_was_due(data_dir):
    today = [FILE_DAY]
    store = DataStore(DirectorySource(data_dir), today=lambda: today[0])
    store.refresh()
    source = store.health()["sources"]["rivm_cumulative"]
    assert (source["stale"], source["expected_by"], source["days_late"]) == (False, "2020-10-05", 0)
    assert source["cadence"] == "daily"

    today[0] = date(2020, 10, 7)  # no new file for four days
    health = store.health()

    assert health["status"] == "degraded"
    assert health["today"] == "2020-10-07"
    assert health["stale"] == ["rivm_cumulative"]
    assert health["problems"] == [] and health["last_error"] is None  # late, not broken
    source = health["sources"]["rivm_cumulative"]
    assert (source["stale"], source["expected_by"], source["days_late"]) == (True, "2020-10-05", 2)
    assert store.freshness()["rivm_cumulative"].late
    # A kind without a file is neither late nor a problem.
    assert health["sources"]["lcps_beds"]["stale"] is False
    assert health["sources"]["lcps_beds"]["expected_by"] is None


class CountingReads:
    """Specs whose readers count how often each kind was read."""

    def __init__(self):
        self.reads: dict[str, int] = {}

    def specs(self):
        return tuple(replace(spec, read=self._counted(spec)) for spec in ALL_SPECS)

    def _counted(self, spec):
        def read(path, context=NO_CONTEXT):
            self.reads[spec.kind] = self.reads.get(spec.kind, 0) + 1
            return spec.read(path, context)

        return read


def test_an_unchanged_file_is_not_read_again_unless_the_refresh_is_forced(data_dir):
    counter = CountingReads()
    store = DataStore(DirectorySource(data_dir), specs=counter.specs(), today=on(FILE_DAY))
    store.refresh()
    lcps = data_dir / "covid-19.csv"
    lcps.write_text(
        "Datum,IC_Bedden_COVID,IC_Bedden_Non_COVID,Kliniek_Bedden,IC_Nieuwe_Opnames_COVID,"
        "Kliniek_Nieuwe_Opnames_COVID\n03-10-2020,10,500,40,1,5\n",
        encoding="utf-8",
    )
    assert store.refresh().changed
    assert counter.reads == {"rivm_cumulative": 1, "lcps_beds": 1}  # the new file only

    assert store.refresh(force=True).changed
    assert counter.reads == {"rivm_cumulative": 2, "lcps_beds": 2}


def test_a_refused_file_alone_changes_the_statuses_but_not_the_figures(data_dir):
    store = DataStore(DirectorySource(data_dir), today=on(FILE_DAY))
    store.refresh()
    before = store.current
    (data_dir / "covid-19.csv").write_text("<html>502</html>", encoding="utf-8")

    outcome = store.refresh()

    assert outcome.changed and store.current is not before
    assert store.current.version != before.version
    assert store.current.tables is before.tables  # nothing new to compute
    assert store.current.sources["lcps_beds"].problem.reason.startswith("file is an HTML page")
    assert store.refresh(force=True).changed
    assert store.current.tables is not before.tables


def test_a_future_date_is_refused_against_the_injected_clock(data_dir):
    write_cumulative(data_dir, [*GOOD_DAYS, ("2020-10-04", 140, 16)])
    store = DataStore(DirectorySource(data_dir), today=on(FILE_DAY))

    outcome = store.refresh()

    assert outcome.error == (
        "COVID-19_aantallen_gemeente_cumulatief.csv, line 11, column Date_of_report:"
        " date 2020-10-04 is in the future (today is 2020-10-03 in Europe/Amsterdam)"
    )
    assert store.health()["sources"]["rivm_cumulative"]["rows"] == 0
