"""One glance: the key figures of an area with their value, date and week-on-week change in words."""

from __future__ import annotations

from datetime import date

import pytest

from dashapp.data.indicators.change import Change
from dashapp.layouts.glance import GLANCE, GlanceItem, direction_word, glance, glance_items, verdict
from tests.ui.layout_tools import by_class, page_context, texts


def test_items_follow_the_snapshot_with_the_change_of_a_week(demo_snapshot):
    items = glance_items(demo_snapshot, "nl", "NL")
    assert [item.indicator for item in items] == list(GLANCE["nl"])
    for item in items:
        latest = demo_snapshot.latest("nl", "NL", item.indicator)
        assert (item.value, item.value_of) == (latest.value, latest.value_of)
        assert item.change is not None
        assert item.change.previous == pytest.approx(latest.week_earlier)


def test_the_verdict_counts_the_rising_figures_among_those_compared():
    day = date(2020, 11, 1)
    items = [
        GlanceItem("positive_tests_per_100k", 12.0, day, Change(10.0, day, 2.0)),
        GlanceItem("hospital_admissions_3d_avg", 4.0, day, Change(5.0, day, -1.0)),
        GlanceItem("ic_admissions_3d_avg", 2.0, day, Change(2.0, day, 0.0)),
        GlanceItem("reproduction_number", 1.1, day, None),
    ]
    with page_context("en"):
        assert verdict(items) == "1 of 3 figures are higher than a week earlier."
        assert [direction_word(item.change) for item in items] == [
            "Rising",
            "Falling",
            "Unchanged",
            "No comparison",
        ]
    with page_context("nl"):
        assert verdict(items) == "1 van de 3 cijfers zijn hoger dan een week eerder."


@pytest.mark.parametrize("level, code", [("nl", "NL"), ("vr", "VR13"), ("gm", "GM0363")])
def test_each_item_says_value_date_and_change_in_words(demo_snapshot, level, code):
    with page_context("nl"):
        block = glance(demo_snapshot, level, code)
    rows = by_class(block, "glance-item")
    assert len(rows) == len(glance_items(demo_snapshot, level, code)) >= 3
    for row in rows:
        text = texts(row)
        assert "Waarde van" in text
        assert any(word in text for word in ("Stijgend", "Dalend", "Gelijk", "Geen vergelijking"))
