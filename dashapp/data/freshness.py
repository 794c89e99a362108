"""Is a source late? Each kind of file has a publication cadence; pure, today is an argument.

Use::

    from dashapp.data.freshness import assess
    fresh = assess(latest.source, latest.obtained_on, store.today())   # kind, date, date
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

For formats without a publication stamp (reproduction, prevalence, sewage, Nivel) the
obtained-on date is the file's modification date, so a file copied afresh without a new
publication looks fresh: the assessment is only as good as that date.
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

    def to_json(self) -> dict[str, object]:
        return {
            "cadence": self.cadence,
            "expected_by": self.expected_by.isoformat(),
            "stale": self.late,
            "days_late": self.days_late,
        }


def has_cadence(kind: str) -> bool:
    return kind in CADENCES


def assess(kind: str, obtained_on: date, today: date) -> Freshness:
    """Whether the file of ``kind`` obtained on ``obtained_on`` is late on ``today``.

    ``today`` is the date in Europe/Amsterdam, from the caller's clock. An unknown ``kind``
    is a ``KeyError`` (``has_cadence`` tells beforehand).
    """
    cadence = CADENCES[kind]
    expected_by = cadence.next_due(obtained_on) + timedelta(days=cadence.grace_days)
    days_late = max((today - expected_by).days, 0)
    return Freshness(kind, cadence.label, obtained_on, today, expected_by, days_late > 0, days_late)
