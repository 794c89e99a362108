"""This week's crossings: worked out once per snapshot (the producer of the artefact group
"crossings", see ``dashapp.data.artefacts``) and read back from that file by the page, the feed and
the notices on the area pages; never computed on a request.

What counts (the rules themselves are in ``dashapp.insights.rules``):

- ``signal``: the average of the last 7 days of positive tests per 100,000 inhabitants per day went
  above the signal value of 7, or fell back to it or below, compared with a week earlier (the
  country, the regions, the municipalities);
- ``risk_band``: a region's indicative risk band of the newest week is higher or lower than the
  week before;
- ``hospital``: hospital admissions rose for at least the third complete week running (the country
  and the regions: a municipality's weekly counts are too small to rise by more than chance);
- ``sewage``: the largest rises of the weekly sewage average (5 regions, 10 municipalities).

Each rule looks at the newest period of its own data; a source whose newest period ended more than
a week before the newest day of any rule gives no crossings, so that a source that stopped
publishing never shows an old change as this week's.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashapp.data.artefacts import files_of
from dashapp.data.snapshot import IndicatorTable, Snapshot
from dashapp.insights import rules

GROUP = "crossings"
FILE_NAME = "crossings.json"
FORMAT = 1

SIGNAL = "signal"
RISK_BAND = "risk_band"
HOSPITAL = "hospital"
SEWAGE = "sewage"
RULES = (SIGNAL, RISK_BAND, HOSPITAL, SEWAGE)

SIGNAL_INDICATOR = "positive_tests_per_100k_7d_avg"
WEEKLY_INCIDENCE = "positive_tests_7d_per_100k"
GGD_SHARE = "ggd_positive_pct"
BAND_INDICATOR = "risk_level_indicative"
HOSPITAL_INDICATOR = "hospital_admissions"
SEWAGE_INDICATOR = "sewer_average"
SIGNAL_LEVELS = ("nl", "vr", "gm")
HOSPITAL_LEVELS = ("nl", "vr")
SEWAGE_COUNTS = {"vr": 5, "gm": 10}
# Complete weeks looked at for a run of rises (a longer run is reported as at least this long).
HOSPITAL_WEEKS = 9
WINDOW_DAYS = 7
WEEK = timedelta(days=7)
# Fixed, so that an entry's id never changes between versions, processes or hosts.
ID_NAMESPACE = uuid.UUID("6f1d7c1e-3a4b-5c2d-8e9f-0a1b2c3d4e5f")


@dataclass(frozen=True)
class Crossing:
    """One area that crossed something. ``before``/``after`` are the rule's values (a band number for
    ``risk_band``, a weekly total for ``hospital``), on ``before_date`` and ``after_date`` (the days
    compared, or the Mondays of the weeks compared)."""

    rule: str
    direction: str
    level: str
    code: str
    before: float
    after: float
    before_date: date
    after_date: date
    weekly: bool
    # risk_band: the weekly positive tests per 100,000 and the GGD share positive behind the bands.
    incidence_before: float | None = None
    incidence_after: float | None = None
    share_before: float | None = None
    share_after: float | None = None
    # hospital: how many weeks in a row admissions rose.
    weeks: int | None = None

    @property
    def key(self) -> str:
        return f"{self.rule}/{self.direction}/{self.code}/{self.after_date.isoformat()}"

    @property
    def entry_id(self) -> str:
        """A stable URI for the feed: the same crossing always has the same id."""
        return uuid.uuid5(ID_NAMESPACE, self.key).urn

    @property
    def ends_on(self) -> date:
        """The last day of the newest period compared."""
        return self.after_date + timedelta(days=6) if self.weekly else self.after_date

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["before_date"] = self.before_date.isoformat()
        data["after_date"] = self.after_date.isoformat()
        return {key: value for key, value in data.items() if value is not None}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Crossing:
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["before_date"] = date.fromisoformat(str(data["before_date"]))
        values["after_date"] = date.fromisoformat(str(data["after_date"]))
        return cls(**values)  # type: ignore[arg-type]  # the file is ours, written by to_json


@dataclass(frozen=True)
class Crossings:
    """This week's crossings of one snapshot, and the newest day they look at (``None``: no data)."""

    items: tuple[Crossing, ...]
    newest_day: date | None

    def of_rule(self, rule: str, direction: str | None = None) -> tuple[Crossing, ...]:
        return tuple(
            item
            for item in self.items
            if item.rule == rule and (direction is None or item.direction == direction)
        )

    def of_area(self, code: str) -> tuple[Crossing, ...]:
        return tuple(item for item in self.items if item.code == code)


# --- from a snapshot (once per snapshot) ------------------------------------------------------------------


def _newest_row(table: IndicatorTable) -> int | None:
    """The position of the last row in which any area has a value."""
    known = ~np.isnan(table.array)
    rows = np.flatnonzero(known.any(axis=1))
    return int(rows[-1]) if rows.size else None


def _row_of(table: IndicatorTable, day: pd.Timestamp) -> int | None:
    position = int(table.values.index.get_indexer(pd.DatetimeIndex([day]))[0])
    return None if position < 0 else position


def _value(table: IndicatorTable | None, code: str, day: pd.Timestamp) -> float | None:
    if table is None:
        return None
    row, column = _row_of(table, day), table.positions.get(code)
    if row is None or column is None:
        return None
    value = float(table.array[row, column])
    return None if np.isnan(value) else value


def _week_pair(table: IndicatorTable) -> tuple[pd.Timestamp, pd.Timestamp, int, int] | None:
    """The newest row and the row of 7 days before it (days or Mondays), with their positions."""
    newest = _newest_row(table)
    if newest is None:
        return None
    after = pd.Timestamp(table.values.index[newest])
    before = after - pd.Timedelta(days=7)
    earlier = _row_of(table, before)
    if earlier is None:
        return None
    return before, after, earlier, newest


def _week_changes(
    snapshot: Snapshot, level: str, indicator: str
) -> tuple[pd.Timestamp, pd.Timestamp, list[tuple[str, float, float]]] | None:
    """The day 7 days before the newest row of ``indicator`` and the newest day, and each area's
    (code, value then, value now)."""
    table = snapshot.table(level, indicator)
    pair = None if table is None else _week_pair(table)
    if table is None or pair is None:
        return None
    before_day, after_day, earlier, newest = pair
    changes = [
        (str(code), float(table.array[earlier, column]), float(table.array[newest, column]))
        for code, column in table.positions.items()
    ]
    return before_day, after_day, changes


def signal_crossings(snapshot: Snapshot, level: str) -> Iterator[Crossing]:
    week = _week_changes(snapshot, level, SIGNAL_INDICATOR)
    if week is None:
        return
    before_day, after_day, changes = week
    for code, before, after in changes:
        direction = rules.threshold_crossing(before, after, rules.SIGNAL_VALUE)
        if direction is not None:
            yield Crossing(
                SIGNAL, direction, level, code, before, after, before_day.date(), after_day.date(), False
            )


def band_crossings(snapshot: Snapshot) -> Iterator[Crossing]:
    week = _week_changes(snapshot, "vr", BAND_INDICATOR)
    if week is None:
        return
    before_week, after_week, changes = week
    incidence = snapshot.table("vr", WEEKLY_INCIDENCE)
    share = snapshot.table("vr", GGD_SHARE)
    # A week's band follows from the 7-day sum on its Sunday.
    sundays = (before_week + pd.Timedelta(days=6), after_week + pd.Timedelta(days=6))
    for code, before, after in changes:
        direction = rules.band_move(before, after)
        if direction is None:
            continue
        yield Crossing(
            RISK_BAND,
            direction,
            "vr",
            code,
            before,
            after,
            before_week.date(),
            after_week.date(),
            True,
            incidence_before=_value(incidence, code, sundays[0]),
            incidence_after=_value(incidence, code, sundays[1]),
            share_before=_value(share, code, before_week),
            share_after=_value(share, code, after_week),
        )


def complete_weekly_totals(table: IndicatorTable, weeks: int) -> tuple[pd.DatetimeIndex, np.ndarray]:
    """The Mondays of the last ``weeks`` complete weeks (up to the last Sunday with data) and each
    area's totals (rows: weeks); a week with a missing day has no total (NaN)."""
    newest = _newest_row(table)
    if newest is None:
        return pd.DatetimeIndex([]), np.empty((0, table.array.shape[1]))
    index = pd.DatetimeIndex(table.values.index)
    last_day = index[newest]
    last_sunday = last_day - pd.Timedelta(days=(last_day.weekday() + 1) % 7)
    end = _row_of(table, last_sunday)
    if end is None:
        return pd.DatetimeIndex([]), np.empty((0, table.array.shape[1]))
    available = (end + 1) // 7
    count = min(weeks, available)
    start = end + 1 - 7 * count
    block = table.array[start : end + 1].reshape(count, 7, -1)
    totals = block.sum(axis=1)  # NaN wherever a day is missing
    mondays = pd.DatetimeIndex([index[start + 7 * week] for week in range(count)])
    return mondays, totals


def hospital_crossings(snapshot: Snapshot, level: str) -> Iterator[Crossing]:
    table = snapshot.table(level, HOSPITAL_INDICATOR)
    if table is None:
        return
    mondays, totals = complete_weekly_totals(table, HOSPITAL_WEEKS)
    if len(mondays) <= rules.RISING_WEEKS:
        return
    for code, column in table.positions.items():
        weekly = totals[:, column].tolist()
        run = rules.weeks_rising(weekly)
        if run >= rules.RISING_WEEKS:
            first = len(weekly) - 1 - run
            yield Crossing(
                HOSPITAL,
                rules.UP,
                level,
                str(code),
                float(weekly[first]),
                float(weekly[-1]),
                mondays[first].date(),
                mondays[-1].date(),
                True,
                weeks=run,
            )


def sewage_crossings(snapshot: Snapshot, level: str) -> Iterator[Crossing]:
    week = _week_changes(snapshot, level, SEWAGE_INDICATOR)
    if week is None:
        return
    before_week, after_week, changes = week
    for code, before, after in rules.largest_rises(changes, SEWAGE_COUNTS[level]):
        yield Crossing(
            SEWAGE, rules.UP, level, code, before, after, before_week.date(), after_week.date(), True
        )


def crossings_of_snapshot(snapshot: Snapshot) -> Crossings:
    """Every rule over the snapshot, the stale sources left out (see the module's docstring)."""
    per_rule: dict[str, list[Crossing]] = {
        SIGNAL: [item for level in SIGNAL_LEVELS for item in signal_crossings(snapshot, level)],
        RISK_BAND: list(band_crossings(snapshot)),
        HOSPITAL: [item for level in HOSPITAL_LEVELS for item in hospital_crossings(snapshot, level)],
        SEWAGE: [item for level in SEWAGE_COUNTS for item in sewage_crossings(snapshot, level)],
    }
    ends = [item.ends_on for items in per_rule.values() for item in items]
    newest = _newest_day(snapshot, ends)
    if newest is None:
        return Crossings((), None)
    oldest_allowed = newest - timedelta(days=WINDOW_DAYS - 1)
    kept = [item for rule in RULES for item in per_rule[rule] if item.ends_on >= oldest_allowed]
    return Crossings(tuple(kept), newest)


def _newest_day(snapshot: Snapshot, ends: list[date]) -> date | None:
    """The newest day any rule looks at: the signal's newest day, or else the newest period's end."""
    table = snapshot.table("nl", SIGNAL_INDICATOR)
    newest = None if table is None else _newest_row(table)
    days = list(ends)
    if table is not None and newest is not None:
        days.append(pd.Timestamp(table.values.index[newest]).date())
    return max(days) if days else None


def encode(crossings: Crossings) -> bytes:
    document = {
        "format": FORMAT,
        "newest_day": crossings.newest_day.isoformat() if crossings.newest_day else None,
        "crossings": [item.to_json() for item in crossings.items],
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def decode(data: bytes) -> Crossings:
    document = json.loads(data)
    newest = document.get("newest_day")
    items = tuple(Crossing.from_json(item) for item in document.get("crossings", ()))
    return Crossings(items, date.fromisoformat(newest) if newest else None)


def crossings_files(snapshot: Snapshot) -> Mapping[str, bytes]:
    """The producer of the artefact group "crossings"."""
    return {FILE_NAME: encode(crossings_of_snapshot(snapshot))}


# --- reading (per request: a look-up) -----------------------------------------------------------------------

_lock = threading.Lock()
_parsed: dict[str, Crossings] = {}


def crossings(snapshot: Snapshot) -> Crossings:
    """The snapshot's crossings, parsed once per version (only the newest version is kept)."""
    found = _parsed.get(snapshot.version)
    if found is not None:
        return found
    parsed = decode(files_of(snapshot, GROUP)[FILE_NAME])
    with _lock:
        _parsed.clear()
        _parsed[snapshot.version] = parsed
    return parsed
