"""Numbers, periods and week-on-week changes as the page writes them, in its language (call inside
``use_language``)."""

from __future__ import annotations

from datetime import date, timedelta

from dashapp.data.catalog import INDICATORS, WEEKLY
from dashapp.data.indicators.change import DOWN, UP, Change, change_between
from dashapp.data.snapshot import LatestValue
from dashapp.i18n import (
    N_,
    format_date,
    format_number,
    format_percent,
    format_signed,
    format_week,
)
from dashapp.i18n import gettext as _
from dashapp.metrics.model import PERCENT


def format_indicator(indicator: str, value: float | None) -> str:
    """A value as the metric's record says to show it: its decimals, as a percentage where it is one."""
    metric = INDICATORS[indicator]
    if metric.unit == PERCENT:
        return format_percent(value, metric.decimals)
    return format_number(value, metric.decimals)


def value_of_text(indicator: str, value_of: date) -> str:
    """The period a value is of: its day, or its week for a weekly figure."""
    if INDICATORS[indicator].frequency == WEEKLY:
        return _("Value of %(week)s", week=format_week(value_of))
    return _("Value of %(date)s", date=format_date(value_of))


def period_text(indicator: str, value_of: date) -> str:
    """The day of a daily value, the week of a weekly one."""
    return format_week(value_of) if INDICATORS[indicator].frequency == WEEKLY else format_date(value_of)


ARROWS = {UP: "▲", DOWN: "▼"}


# The change in words, by direction and by whether the figure is weekly (the week before) or daily
# (the same day a week earlier).
CHANGE_WORDS = {
    (UP, True): N_("%(difference)s higher than the week before (%(previous)s)"),
    (UP, False): N_("%(difference)s higher than a week earlier (%(previous)s)"),
    (DOWN, True): N_("%(difference)s lower than the week before (%(previous)s)"),
    (DOWN, False): N_("%(difference)s lower than a week earlier (%(previous)s)"),
}


def change_words(indicator: str, change: Change, weekly: bool) -> str:
    """The change in words: how much higher or lower than a week earlier, and from what."""
    words = CHANGE_WORDS.get((change.direction, weekly))
    if words is None:
        return _("the same as the week before") if weekly else _("the same as a week earlier")
    difference = format_signed(change.difference, INDICATORS[indicator].decimals).lstrip("+−")
    return _(words, difference=difference, previous=format_indicator(indicator, change.previous))


def change_text(indicator: str, change: Change, weekly: bool) -> str:
    """The change in words and with an arrow, so that it never relies on colour."""
    return f"{ARROWS.get(change.direction, '=')} {change_words(indicator, change, weekly)}"


def week_change(indicator: str, latest: LatestValue) -> Change | None:
    """How the newest value compares with the value a week before it (None: no value then)."""
    earlier = latest.value_of - timedelta(days=7)
    return change_between(latest.value, latest.week_earlier, earlier, INDICATORS[indicator].decimals)
