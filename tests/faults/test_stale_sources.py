"""Stale data: a feed that stops publishing. ``freshness.assess`` on hand-worked calendars, and the store
saying so in health() for the demo directory as the days go by without a new file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dashapp.data.freshness import CADENCES, Freshness, assess, has_cadence
from dashapp.data.sources import ALL_SPECS
from tests.faults.conftest import TODAY, good_store

MONDAY = date(2020, 11, 16)
TUESDAY, WEDNESDAY, THURSDAY, FRIDAY = (MONDAY + timedelta(days=n) for n in range(1, 5))


def test_every_source_kind_has_a_cadence():
    assert {spec.kind for spec in ALL_SPECS} == set(CADENCES)


@pytest.mark.parametrize(
    "today, late, days_late",
    [
        (MONDAY, False, 0),
        (TUESDAY, False, 0),  # the next file is due today
        (WEDNESDAY, False, 0),  # a day of grace: it may come out late in the day or be fetched next morning
        (THURSDAY, True, 1),
        (MONDAY + timedelta(days=10), True, 8),
    ],
)
def test_a_daily_file_is_late_from_the_second_day_after_it_was_due(today, late, days_late):
    fresh = assess("rivm_cumulative", MONDAY, today)
    assert fresh == Freshness("rivm_cumulative", "daily", MONDAY, today, WEDNESDAY, late, days_late)


@pytest.mark.parametrize(
    "kind, obtained_on, expected_by",
    [
        ("rivm_reproduction", MONDAY, WEDNESDAY),  # due Tuesday, grace until Wednesday
        ("rivm_reproduction", TUESDAY, TUESDAY + timedelta(days=8)),  # Tuesday's file: next Tuesday's is due
        ("rivm_sewage", WEDNESDAY, TUESDAY + timedelta(days=8)),
        ("rivm_prevalence", FRIDAY, TUESDAY + timedelta(days=8)),
        ("nivel_gp", MONDAY, FRIDAY),  # due Thursday
        ("nivel_gp", THURSDAY, FRIDAY + timedelta(days=7)),
    ],
)
def test_a_weekly_file_is_due_on_its_next_publication_weekday(kind, obtained_on, expected_by):
    assert assess(kind, obtained_on, obtained_on).expected_by == expected_by
    assert not assess(kind, obtained_on, expected_by).late
    after = assess(kind, obtained_on, expected_by + timedelta(days=1))
    assert after.late and after.days_late == 1


def test_the_cadence_is_named_for_the_page():
    assert assess("rivm_sewage", MONDAY, MONDAY).cadence == "weekly on Tuesday"
    assert assess("nivel_gp", MONDAY, MONDAY).cadence == "weekly on Thursday"
    assert assess("nursing_locations_vr", MONDAY, MONDAY).to_json() == {
        "cadence": "daily",
        "expected_by": "2020-11-18",
        "stale": False,
        "days_late": 0,
    }


def test_a_file_from_the_future_is_not_late():
    assert not assess("lcps_beds", FRIDAY, MONDAY).late


def test_an_unknown_kind_has_no_cadence():
    assert not has_cadence("official_risk_levels")
    with pytest.raises(KeyError):
        assess("official_risk_levels", MONDAY, MONDAY)


def test_the_store_reports_the_demo_sources_late_as_the_days_pass_without_files(data_dir):
    store = good_store(data_dir)  # the demo's files are of TODAY
    health = store.health()
    assert health["stale"] == [] and health["status"] == "ok"

    store.today = lambda: TODAY + timedelta(days=3)
    health = store.health()

    served = {kind for kind, source in health["sources"].items() if source["obtained_on"]}
    daily = {kind for kind in served if CADENCES[kind].weekday is None}
    assert health["status"] == "degraded"
    assert len(daily) == 12 and daily <= set(health["stale"])
    cumulative = health["sources"]["rivm_cumulative"]
    assert cumulative["stale"] and cumulative["days_late"] == 1
    assert cumulative["expected_by"] == str(TODAY + timedelta(days=2))
    # The undated formats count from their files' modification date, the day they were written.
    written = date.fromisoformat(health["sources"]["nivel_gp"]["obtained_on"])
    assert health["sources"]["nivel_gp"]["stale"] == assess("nivel_gp", written, store.today()).late
    assert health["problems"] == []
