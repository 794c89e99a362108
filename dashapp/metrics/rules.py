"""The rules a metric record can name: pure functions from input frames to the metric's values.

Each rule takes the wide frames (dates x area codes) of its source's columns, in the order the
record lists them, and the facts of the level's areas. The maths itself lives in
``dashapp.data.indicators``; a rule only says which of it a metric uses, and in what order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd

from dashapp.data.indicators import averages, daily, ggd, nursing_homes, rates, risk, wide


@dataclass(frozen=True)
class AreaFacts:
    """What a rule may know of a level's areas besides the data: inhabitants and nursing homes."""

    inhabitants: pd.Series
    nursing_home_locations: pd.Series


Frames = Sequence[pd.DataFrame | None]
Rule = Callable[[Frames, AreaFacts], pd.DataFrame]


def _first(frames: Frames) -> pd.DataFrame:
    first = frames[0]
    if first is None:
        raise ValueError("a rule's first input is required")
    return first


def complete_weeks(daily_values: pd.DataFrame) -> pd.DataFrame:
    """Cut a daily frame after its last Sunday, so no weekly total covers part of a week."""
    last = daily_values.index.max()
    last_sunday = last - pd.Timedelta(days=(last.weekday() + 1) % 7)
    return daily_values.loc[:last_sunday]


def as_published(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The values as the source gives them (daily counts: net, corrections included)."""
    return _first(frames)


def displayed(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """Daily counts as shown: a negative correction shows as 0."""
    return daily.displayed(_first(frames))


def per_100k_of_displayed(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    return rates.per_100k(daily.displayed(_first(frames)), facts.inhabitants)


def sum_7d_per_100k(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The last seven days' net counts per 100,000 inhabitants."""
    return rates.sum_7d_per_100k(_first(frames), facts.inhabitants)


def mean_3d_including_today_of_displayed(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    return averages.three_day_mean_including_today(daily.displayed(_first(frames)))


def mean_3d_excluding_today(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    return averages.three_day_mean_excluding_today(_first(frames))


def mean_7d(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The mean of each day and the six before it (a window with a missing day has none)."""
    return averages.seven_day_mean(_first(frames))


def share_of_sum(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The first input as a percentage of the sum of both (COVID-19 patients of all occupied beds)."""
    part, rest = _first(frames), frames[1]
    if rest is None:
        raise ValueError("share_of_sum needs two inputs")
    return part / (part + rest) * 100


def share_of_locations(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    return nursing_homes.infected_locations_share(_first(frames), facts.nursing_home_locations)


def weekly_total(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """Sum per complete week (Monday to Sunday), dated by its Monday."""
    return wide.weekly_sum(complete_weeks(_first(frames)))


def weekly_share(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The week's positives (second input) as a percentage of the week's tests (first input)."""
    tested, positive = _first(frames), frames[1]
    if positive is None:
        raise ValueError("weekly_share needs two inputs")
    return ggd.share_positive(
        wide.weekly_sum(complete_weeks(positive)), wide.weekly_sum(complete_weeks(tested))
    )


def indicative_risk_band(frames: Frames, facts: AreaFacts) -> pd.DataFrame:
    """The band per week, from the 7-day sum per 100,000 on the week's Sunday and, where known, the
    week's GGD share positive (second input)."""
    incidence, share = _first(frames), frames[1]
    sundays = incidence[cast(pd.DatetimeIndex, incidence.index).day_of_week == 6]
    weekly = sundays.set_axis(cast(pd.DatetimeIndex, sundays.index) - pd.Timedelta(days=6), axis=0)
    weekly.index.name = "week"
    percent = share.reindex(index=weekly.index, columns=weekly.columns) if share is not None else None
    return risk.indicative_band(weekly, percent).astype(float)


RULES: dict[str, Rule] = {
    rule.__name__: rule
    for rule in (
        as_published,
        displayed,
        per_100k_of_displayed,
        sum_7d_per_100k,
        mean_3d_including_today_of_displayed,
        mean_3d_excluding_today,
        mean_7d,
        share_of_sum,
        share_of_locations,
        weekly_total,
        weekly_share,
        indicative_risk_band,
    )
}
