"""The risk level of a safety region: the official level where configured, and always our indicative band."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
from dash import html

from dashapp.data.snapshot import Snapshot
from dashapp.i18n import current_language, format_date, format_number, format_percent, format_week
from dashapp.i18n import gettext as _
from dashapp.labels import risk_level_name
from dashapp.layouts.aria import Aria
from dashapp.layouts.pages import page_href

LEVEL_CLASSES = {1: "risk-1", 2: "risk-2", 3: "risk-3", 4: "risk-4"}


def level_badge(level: int) -> html.Span:
    """The level as a number and a word, so that its colour is never the only carrier of meaning."""
    return html.Span(
        [html.Span(str(level), className="risk-number"), " ", risk_level_name(level)],
        className=f"risk-badge {LEVEL_CLASSES.get(level, '')}",
    )


def risk_panel(snapshot: Snapshot, region_code: str) -> html.Section:
    official = snapshot.official_level(region_code)
    band = snapshot.latest("vr", region_code, "risk_level_indicative")
    parts = []
    if official is not None:
        parts.append(
            html.P(
                [
                    html.Strong(_("Official risk level:")),
                    " ",
                    level_badge(official.level),
                    " ",
                    _("valid from %(date)s", date=format_date(official.valid_from)),
                ],
                className="risk-official",
            )
        )
    else:
        parts.append(
            html.P(
                _("No file of official risk levels is configured for this dashboard."),
                className="risk-official",
            )
        )
    if band is not None:
        week = band.value_of
        # The band of a week follows from the 7-day sum up to its Sunday and the week's GGD share.
        sunday = pd.Timestamp(week + timedelta(days=6))
        per_100k = snapshot.column("vr", region_code, "positive_tests_7d_per_100k").get(sunday)
        share_value = snapshot.column("vr", region_code, "ggd_positive_pct").get(pd.Timestamp(week))
        if share_value is not None and pd.isna(share_value):
            share_value = None
        reasons = [_("%(value)s positive tests per 100,000 inhabitants", value=format_number(per_100k, 1))]
        if share_value is not None:
            reasons.append(_("%(value)s of GGD tests positive", value=format_percent(share_value, 1)))
        parts.append(
            html.P(
                [
                    html.Strong(_("Indicative risk band:")),
                    " ",
                    level_badge(int(band.value)),
                    " ",
                    _("in the week %(week)s", week=format_week(week)),
                    " (",
                    "; ".join(reasons),
                    ").",
                ],
                className="risk-indicative",
            )
        )
        parts.append(
            html.P(
                [
                    _(
                        "The indicative band follows only from the thresholds of the guidance; the official "
                        "level is decided by the minister and also weighs the wider situation."
                    ),
                    " ",
                    html.A(_("About the risk levels"), href=page_href("risk-levels", current_language())),
                ],
                className="risk-explanation",
            )
        )
    return html.Section(
        [html.H2(_("Risk level"), id="risk-title"), *parts],
        className="risk-panel",
        id="risk",
        **Aria({"aria-labelledby": "risk-title"}),
    )
