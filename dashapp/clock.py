"""The one clock of the app: the date and time in the Netherlands (Europe/Amsterdam)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today_in_amsterdam() -> date:
    return datetime.now(AMSTERDAM).date()
