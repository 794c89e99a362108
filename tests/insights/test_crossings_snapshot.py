"""The crossings a snapshot gives, on small hand-built tables; the file they are published in."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from dashapp.data.reference import load_reference
from dashapp.data.snapshot import IndicatorTable, Snapshot
from dashapp.insights import crossings as module
from dashapp.insights.crossings import (
    FILE_NAME,
    HOSPITAL,
    RISK_BAND,
    SEWAGE,
    SIGNAL,
    Crossing,
    crossings,
    crossings_files,
    crossings_of_snapshot,
    decode,
)
from dashapp.insights.rules import DOWN, UP

REFERENCE = load_reference()
WEEKLY_INDICATORS = {"risk_level_indicative", "ggd_positive_pct", "sewer_average"}


def snapshot_of(frames: dict[tuple[str, str], pd.DataFrame], version: str = "v1") -> Snapshot:
    tables = {
        (level, indicator): IndicatorTable(
            indicator,
            level,
            "weekly" if indicator in WEEKLY_INDICATORS else "daily",
            frame.astype(float),
            "test",
            date(2020, 11, 30),
        )
        for (level, indicator), frame in frames.items()
    }
    return Snapshot(
        version=version,
        built_at=datetime(2020, 11, 30, tzinfo=UTC),
        demo=True,
        reference=REFERENCE,
        tables=tables,
        sources={},
    )


def daily(start: str, columns: dict[str, list[float]]) -> pd.DataFrame:
    length = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.date_range(start, periods=length, freq="D"))


def weekly(start: str, columns: dict[str, list[float]]) -> pd.DataFrame:
    length = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.date_range(start, periods=length, freq="7D"))


def week_of(value_before: float, value_after: float) -> list[float]:
    """Eight days: the first is a week before the last; the days between do not count."""
    return [value_before, 3.0, 30.0, 3.0, 30.0, 3.0, 30.0, value_after]


def test_signal_crossings_compare_the_newest_day_with_a_week_earlier():
    frame = daily(
        "2020-10-01",
        {
            "GM0363": week_of(6.9, 7.1),  # just above: rose
            "GM0599": week_of(6.9, 7.0),  # exactly at: nothing
            "GM0518": week_of(7.3, 7.0),  # back to 7: fell
            "GM0344": week_of(6.5, 6.9),  # just below: nothing
            "GM0014": week_of(np.nan, 9.0),  # no value a week earlier
        },
    )
    found = crossings_of_snapshot(snapshot_of({("gm", "positive_tests_per_100k_7d_avg"): frame}))
    assert found.items == (
        Crossing(SIGNAL, UP, "gm", "GM0363", 6.9, 7.1, date(2020, 10, 1), date(2020, 10, 8), False),
        Crossing(SIGNAL, DOWN, "gm", "GM0518", 7.3, 7.0, date(2020, 10, 1), date(2020, 10, 8), False),
    )
    assert found.newest_day == date(2020, 10, 8)


def test_band_crossings_carry_the_numbers_behind_the_bands():
    bands = weekly("2020-10-05", {"VR13": [1, 2], "VR01": [3, 2], "VR02": [2, 2]})
    incidence = daily(
        "2020-10-11", {"VR13": [45.0] + [0.0] * 6 + [50.5], "VR01": [160.0] * 8, "VR02": [60.0] * 8}
    )
    share = weekly("2020-10-05", {"VR13": [4.0, 4.5], "VR01": [10.2, 9.1], "VR02": [3.0, 3.0]})
    snapshot = snapshot_of(
        {
            ("vr", "risk_level_indicative"): bands,
            ("vr", "positive_tests_7d_per_100k"): incidence,
            ("vr", "ggd_positive_pct"): share,
        }
    )
    found = {item.code: item for item in crossings_of_snapshot(snapshot).of_rule(RISK_BAND)}
    assert set(found) == {"VR13", "VR01"}
    up = found["VR13"]
    assert (up.direction, up.before, up.after) == (UP, 1, 2)
    assert (up.before_date, up.after_date) == (date(2020, 10, 5), date(2020, 10, 12))
    # The 7-day sums on the weeks' Sundays (11 and 18 October) and the weeks' GGD shares.
    assert (up.incidence_before, up.incidence_after) == (45.0, 50.5)
    assert (up.share_before, up.share_after) == (4.0, 4.5)
    assert found["VR01"].direction == DOWN


def hospital_days(*totals: float) -> list[float]:
    """Whole weeks whose Monday holds the week's total."""
    return [value for total in totals for value in [total, 0, 0, 0, 0, 0, 0]]


def test_hospital_admissions_rising_for_the_third_week_running():
    # Monday 5 October to Sunday 1 November, then two days of a week that is not complete yet.
    frame = daily(
        "2020-10-05",
        {
            "VR13": [*hospital_days(5, 6, 8, 9), 0, 0],  # three rises: 5 -> 6 -> 8 -> 9
            "VR01": [*hospital_days(5, 6, 8, 8), 50, 50],  # the last complete week did not rise
            "VR02": [*hospital_days(9, 6, 8, 9), 0, 0],  # two rises only
        },
    )
    found = crossings_of_snapshot(snapshot_of({("vr", "hospital_admissions"): frame})).of_rule(HOSPITAL)
    assert found == (
        Crossing(HOSPITAL, UP, "vr", "VR13", 5, 9, date(2020, 10, 5), date(2020, 10, 26), True, weeks=3),
    )


def test_a_week_with_a_missing_day_has_no_total():
    days = hospital_days(5, 6, 8, 9)
    days[20] = np.nan  # a day of the third week
    frame = daily("2020-10-05", {"VR13": days})
    assert crossings_of_snapshot(snapshot_of({("vr", "hospital_admissions"): frame})).of_rule(HOSPITAL) == ()


def test_sewage_gives_the_largest_rises_of_each_level():
    codes = sorted(REFERENCE.municipalities)[:12]
    frame = weekly("2020-10-05", {code: [10.0, 10.0 + rise] for rise, code in enumerate(codes)})
    found = crossings_of_snapshot(snapshot_of({("gm", "sewer_average"): frame})).of_rule(SEWAGE)
    assert [item.code for item in found] == list(reversed(codes))[:10]
    assert found[0].after - found[0].before == 11


def test_a_source_that_stopped_gives_no_crossings_this_week():
    positive = daily("2020-11-23", {"NL": week_of(6.0, 8.0)})  # newest day 30 November
    sewage = weekly("2020-10-05", {"GM0363": [10.0, 20.0]})  # its newest week ended 18 October
    found = crossings_of_snapshot(
        snapshot_of({("nl", "positive_tests_per_100k_7d_avg"): positive, ("gm", "sewer_average"): sewage})
    )
    assert found.newest_day == date(2020, 11, 30)
    assert [item.rule for item in found.items] == [SIGNAL]


def test_the_file_round_trips_and_entry_ids_are_stable_across_versions():
    frame = daily("2020-10-01", {"GM0363": week_of(6.9, 7.1), "VR13": week_of(8.0, 6.0)})
    first = snapshot_of({("gm", "positive_tests_per_100k_7d_avg"): frame}, version="a")
    second = snapshot_of({("gm", "positive_tests_per_100k_7d_avg"): frame}, version="b")
    files = crossings_files(first)
    assert set(files) == {FILE_NAME}
    assert decode(files[FILE_NAME]) == crossings_of_snapshot(first)
    assert files == crossings_files(second)  # the same bytes: nothing of the version in them
    ids = [item.entry_id for item in crossings(first).items]
    assert ids == [item.entry_id for item in crossings(second).items]
    assert len(set(ids)) == len(ids) and all(entry.startswith("urn:uuid:") for entry in ids)


def test_the_file_is_parsed_once_per_version(monkeypatch):
    frame = daily("2020-10-01", {"GM0363": week_of(6.9, 7.1)})
    snapshot = snapshot_of({("gm", "positive_tests_per_100k_7d_avg"): frame}, version="parse-once")
    calls = []
    real = module.decode
    monkeypatch.setattr(module, "decode", lambda data: calls.append(1) or real(data))
    assert crossings(snapshot) is crossings(snapshot)
    assert len(calls) == 1


def test_published_files_are_read_rather_than_made(monkeypatch):
    published = crossings_files(
        snapshot_of(
            {("gm", "positive_tests_per_100k_7d_avg"): daily("2020-10-01", {"GM0363": week_of(6.9, 7.1)})}
        )
    )
    snapshot = Snapshot(
        version="published",
        built_at=datetime(2020, 11, 30, tzinfo=UTC),
        demo=True,
        reference=REFERENCE,
        tables={},
        sources={},
        artefacts={"crossings": published},
    )
    monkeypatch.setattr(module, "crossings_of_snapshot", pytest.fail)
    assert [item.code for item in crossings(snapshot).items] == ["GM0363"]
