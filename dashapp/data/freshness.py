"""Is a source late? Each kind of file has a publication cadence; pure, today is an argument.

Use::

    from dashapp.data.freshness import assess
    status = snapshot.sources[kind]
    fresh = assess(kind, status.obtained_on, store.today(), status.last_date)  # the data's newest date
    if fresh.late:
        ...  # "Late: a newer file was expected by {fresh.expected_by} ({fresh.days_late} days ago)"

Cadences (the methodology text of the original dashboard, ``shared/seeds/003_*``): RIVM's
municipal counts and case file, NICE's admissions, LCPS's beds, the nursing-home
deliveries, the GGD tests and RIVM's IC file are published every day; the reproduction
number, the number of infectious people and the sewage measurements weekly on Tuesday;
Nivel's GP figures weekly on Thursday.

A file obtained on day D of a daily feed is followed by one due on D + 1; of a weekly feed,
by one due on the first publication weekday after D. ``expected_by`` is that due date plus
the grace period of one day (publications come out during the day, 10:00 for RIVM's daily
files and the afternoon for the weekly ones, and a downloader may fetch them the next
morning), and the source is late from the day after ``expected_by``. For a daily feed that
means: the file of Monday is still current on Wednesday and late on Thursday.

The data date the publication too (``newest``: the newest date in the file, ``SourceStatus.last_date``).
A daily file carries its publication day (or, for the kinds in ``DATA_LAG_DAYS``, a day or two
before it); a sewage file carries measurements up to the Sunday before its Tuesday; a Nivel file
the week (Monday to Sunday) before its Thursday. From the newest period we know the publication
that carried it, hence when the next one was due. A source is late when either date says so:
a file with a publication stamp but old data is late, and so is a stamped file not followed by a
newer one. For the formats without a publication stamp (sewage, Nivel, reproduction, prevalence)
the obtained-on date is only the file's modification date, which says nothing about the
publication, so sewage and Nivel are judged by their data alone, whatever the modification date.
The reproduction number and the number of infectious people lag their publication by weeks, by
an amount that varies, so those two are still judged by the obtained-on date.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TUESDAY = 1
THURSDAY = 3


@dataclass(frozen=True, slots=True)
class Cadence:
    """Every day (``weekday`` None) or once a week on ``weekday`` (0 = Monday), plus a grace period."""

    weekday: int | None
    grace_days: int = 1

    @property
    def label(self) -> str:
        return "daily" if self.weekday is None else f"weekly on {WEEKDAYS[self.weekday]}"

    def next_due(self, obtained_on: date) -> date:
        """The day the publication after the one of ``obtained_on`` is due."""
        if self.weekday is None:
            return obtained_on + timedelta(days=1)
        ahead = (self.weekday - obtained_on.weekday()) % 7 or 7
        return obtained_on + timedelta(days=ahead)


DAILY = Cadence(None)
WEEKLY_ON_TUESDAY = Cadence(TUESDAY)
WEEKLY_ON_THURSDAY = Cadence(THURSDAY)

CADENCES: Mapping[str, Cadence] = {
    "rivm_cumulative": DAILY,
    "rivm_per_day": DAILY,
    "rivm_cases": DAILY,
    "rivm_ic": DAILY,
    "rivm_ggd_tests": DAILY,
    "nice_ic_intake": DAILY,
    "nice_hospital_intake": DAILY,
    "lcps_beds": DAILY,
    **{
        f"nursing_{measure}_{level}": DAILY
        for measure in ("positive", "deceased", "locations")
        for level in ("nl", "vr")
    },
    "rivm_reproduction": WEEKLY_ON_TUESDAY,
    "rivm_prevalence": WEEKLY_ON_TUESDAY,
    "rivm_sewage": WEEKLY_ON_TUESDAY,
    "nivel_gp": WEEKLY_ON_THURSDAY,
}


# Formats whose obtained-on date is the file's modification date, not a publication stamp.
UNDATED = frozenset({"rivm_reproduction", "rivm_prevalence", "rivm_sewage", "nivel_gp"})
# Daily kinds whose newest day on publication is before the publication day: data of yesterday
# (RIVM's IC file, the case file by day of statistics, nursing-home deaths by date of death), and
# the GGD tests, whose file of 8 November 2021 ends on the 6th.
DATA_LAG_DAYS: Mapping[str, int] = {
    "rivm_ic": 1,
    "rivm_cases": 1,
    "nursing_deceased_nl": 1,
    "nursing_deceased_vr": 1,
    "rivm_ggd_tests": 2,
}
# Kinds whose newest date is the Monday of a week (Nivel's weeks); other weekly data are dated by day.
DATED_BY_WEEK_START = frozenset({"nivel_gp"})
# Kinds whose data say nothing dependable about their publication (see the module's docstring).
NOT_DATED_BY_DATA = frozenset({"rivm_reproduction", "rivm_prevalence"})


def _sunday_of(day: date) -> date:
    return day + timedelta(days=6 - day.weekday())


def published_with(kind: str, newest: date) -> date:
    """The day of the publication that carried data up to ``newest`` (at the latest on schedule)."""
    cadence = CADENCES[kind]
    if cadence.weekday is None:
        return newest + timedelta(days=DATA_LAG_DAYS.get(kind, 0))
    period_end = newest + timedelta(days=6) if kind in DATED_BY_WEEK_START else _sunday_of(newest)
    return cadence.next_due(period_end)


@dataclass(frozen=True, slots=True)
class Freshness:
    """How current the file of one kind of source is on ``today``.

    ``expected_by``: the last day on which this file is still the current one (a newer file
    was due by then, grace included). ``late``: today is after ``expected_by``, and
    ``days_late`` says by how many days (0 when not late).
    """

    kind: str
    cadence: str
    obtained_on: date
    today: date
    expected_by: date
    late: bool
    days_late: int
    newest: date | None = None  # the newest date in the data, where it was used

    def to_json(self) -> dict[str, object]:
        return {
            "cadence": self.cadence,
            "expected_by": self.expected_by.isoformat(),
            "stale": self.late,
            "days_late": self.days_late,
        }


def has_cadence(kind: str) -> bool:
    return kind in CADENCES


def assess(kind: str, obtained_on: date, today: date, newest: date | None = None) -> Freshness:
    """Whether the file of ``kind`` obtained on ``obtained_on``, whose data end on ``newest``, is
    late on ``today``.

    ``today`` is the date in Europe/Amsterdam, from the caller's clock. ``newest`` is the newest
    date in the file's data (a week's Monday for Nivel); without it only ``obtained_on`` counts. An
    unknown ``kind`` is a ``KeyError`` (``has_cadence`` tells beforehand).
    """
    cadence = CADENCES[kind]
    grace = timedelta(days=cadence.grace_days)
    deadlines = []
    if kind not in UNDATED or newest is None or kind in NOT_DATED_BY_DATA:
        deadlines.append(cadence.next_due(obtained_on) + grace)
    if newest is not None and kind not in NOT_DATED_BY_DATA:
        deadlines.append(cadence.next_due(published_with(kind, newest)) + grace)
    expected_by = min(deadlines)
    days_late = max((today - expected_by).days, 0)
    return Freshness(kind, cadence.label, obtained_on, today, expected_by, days_late > 0, days_late, newest)
