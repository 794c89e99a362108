"""Saying on screen, in words, that a source is later than its publication schedule allows."""

from __future__ import annotations

from datetime import date

from dash import html

from dashapp.data import freshness
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import format_date
from dashapp.i18n import gettext as _


def late_notice(snapshot: Snapshot, source: str, today: date) -> html.P | None:
    """A warning for a tile whose source is late on ``today`` (the page's day, given by the caller, so
    that a page and the cache key it is kept under agree); ``None`` when the source is on schedule."""
    status = snapshot.sources.get(source)
    if status is None or status.obtained_on is None:
        return None
    # Judged like /healthz does: by the newest period in the data as well as the publication date.
    verdict = freshness.assess(source, status.obtained_on, today, status.last_date)
    if not verdict.late:
        return None
    return html.P(
        [
            html.Strong(_("Late data:"), className="late-label"),
            " ",
            _(
                "a newer file was expected by %(date)s; these are the newest figures we have.",
                date=format_date(verdict.expected_by),
            ),
        ],
        className="kpi-late",
        role="note",
    )
