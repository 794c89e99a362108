"""Lateness judged from the data, not from a file's modification date (issue 11, item 6): a source is
late when the newest period in its data is older than its publication schedule allows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashapp.data.freshness import assess, published_with
from dashapp.data.health import health_report
from dashapp.data.sources import rivm_sewage
from tests.conftest import SHARED_DATA, build_from, needs_shared_data, place_file

TODAY = date(2026, 12, 3)  # a Thursday; also the modification date of a freshly copied file


@pytest.mark.parametrize(
    "kind, newest, published",
    [
        # Sewage: measurements up to a Sunday, published on the Tuesday after it.
        ("rivm_sewage", date(2021, 3, 18), date(2021, 3, 23)),  # Thursday 18 -> Sunday 21 -> Tuesday 23
        ("rivm_sewage", date(2021, 3, 21), date(2021, 3, 23)),
        ("rivm_sewage", date(2021, 3, 22), date(2021, 3, 30)),  # a Monday opens the next week
        # Nivel: the week of Monday 16 November (to Sunday 22) comes out on Thursday 26.
        ("nivel_gp", date(2026, 11, 16), date(2026, 11, 26)),
        # Daily: data of the publication day; RIVM's IC file of the day before; GGD tests two days.
        ("rivm_cumulative", date(2026, 11, 23), date(2026, 11, 23)),
        ("rivm_ic", date(2026, 11, 23), date(2026, 11, 24)),
        ("rivm_ggd_tests", date(2021, 11, 6), date(2021, 11, 8)),
    ],
)
def test_the_publication_that_carried_the_newest_data(kind, newest, published):
    assert published_with(kind, newest) == published


def test_a_sewage_file_whose_last_week_is_march_2021_is_late_whatever_its_modification_date():
    # Measured to 18 March 2021: published Tuesday 23 March, the next due 30 March, a day of grace.
    fresh = assess("rivm_sewage", TODAY, TODAY, newest=date(2021, 3, 18))
    assert fresh.expected_by == date(2021, 3, 31)
    assert fresh.late and fresh.days_late == (TODAY - date(2021, 3, 31)).days
    # Without the data's date (the old rule) the copy of today looked fresh.
    assert not assess("rivm_sewage", TODAY, TODAY).late


def test_a_sewage_file_with_this_weeks_data_is_on_time_even_with_an_old_modification_date():
    # Measured to Sunday 29 November 2026: published Tuesday 1 December, the next due the 8th.
    fresh = assess("rivm_sewage", date(2020, 1, 1), TODAY, newest=date(2026, 11, 29))
    assert not fresh.late and fresh.expected_by == date(2026, 12, 9)


def test_nivel_by_its_newest_week():
    week = date(2026, 11, 16)  # Monday 16 to Sunday 22 November; out on Thursday 26
    assert assess("nivel_gp", TODAY, date(2026, 12, 4), newest=week).late is False
    late = assess("nivel_gp", TODAY, date(2026, 12, 5), newest=week)
    assert late.late and late.days_late == 1 and late.expected_by == date(2026, 12, 4)


def test_a_daily_file_is_late_when_its_data_are_older_than_its_stamp_allows():
    # A file stamped today whose data end a week ago is late; the stamp alone said it was fresh.
    fresh = assess("rivm_cumulative", TODAY, TODAY, newest=TODAY - timedelta(days=7))
    assert fresh.late and fresh.expected_by == TODAY - timedelta(days=5)
    # Data of today or yesterday: on time.
    assert not assess("rivm_cumulative", TODAY, TODAY, newest=TODAY).late
    assert not assess("rivm_cumulative", TODAY, TODAY, newest=TODAY - timedelta(days=1)).late


def test_the_reproduction_number_is_still_judged_by_its_file_date():
    # Its newest values lag the publication by weeks: the data's date is not used.
    assert not assess("rivm_reproduction", TODAY, TODAY, newest=TODAY - timedelta(days=30)).late


@needs_shared_data
def test_healthz_says_a_march_2021_sewage_file_copied_today_is_late(tmp_path):
    place_file(SHARED_DATA / "rivm/2021-03-24" / rivm_sewage.FILE_NAME, tmp_path)
    snapshot = build_from(tmp_path)
    status = snapshot.sources["rivm_sewage"]
    assert status.last_date == date(2021, 3, 18)
    report = health_report(
        snapshot,
        TODAY,
        demo=False,
        last_attempt=None,
        last_error=None,
        refresh_seconds=None,
        refreshing=False,
        risk_levels={},
    )
    sewage = report["sources"]["rivm_sewage"]
    assert sewage["stale"] and sewage["expected_by"] == "2021-03-31"
    assert "rivm_sewage" in report["stale"] and report["status"] == "degraded"
