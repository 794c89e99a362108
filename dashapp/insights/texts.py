"""What a crossing says in words, in the page's language: for the page, the feed and the notices.

Call inside ``use_language``.
"""

from __future__ import annotations

from datetime import date

from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.i18n import format_date, format_number, format_percent, format_week
from dashapp.i18n import gettext as _
from dashapp.insights import rules
from dashapp.insights.crossings import HOSPITAL, RISK_BAND, SEWAGE, SIGNAL, Crossing
from dashapp.labels import risk_level_name
from dashapp.routes import path_for

SIGNAL_DECIMALS = 1
SEWAGE_DECIMALS = 2
INCIDENCE_DECIMALS = 1
SHARE_DECIMALS = 1


def area_name(reference: Reference, code: str) -> str:
    return _("The Netherlands") if code == NATIONAL_CODE else reference.name(code)


def named_area(reference: Reference, code: str) -> str:
    """The area's name with its kind, since a region and a municipality can share a name (Groningen)."""
    if code in reference.regions:
        return _("%(name)s (safety region)", name=reference.name(code))
    if code in reference.municipalities:
        return _("%(name)s (municipality)", name=reference.name(code))
    return area_name(reference, code)


def area_href(language: str, level: str, code: str) -> str:
    return path_for(language, "nl") if level == "nl" else path_for(language, level, code)


def headline(crossing: Crossing, reference: Reference) -> str:
    """One sentence naming the area and what it crossed."""
    area = named_area(reference, crossing.code)
    up = crossing.direction == rules.UP
    if crossing.rule == SIGNAL:
        if up:
            return _(
                "%(area)s rose above the signal value of 7 positive tests per 100,000 inhabitants a day",
                area=area,
            )
        return _(
            "%(area)s fell back to or below the signal value of 7 positive tests "
            "per 100,000 inhabitants a day",
            area=area,
        )
    if crossing.rule == RISK_BAND:
        before, after = risk_level_name(int(crossing.before)), risk_level_name(int(crossing.after))
        if up:
            return _(
                "%(area)s moved into a higher indicative risk band: from %(before)s to %(after)s",
                area=area,
                before=before,
                after=after,
            )
        return _(
            "%(area)s moved into a lower indicative risk band: from %(before)s to %(after)s",
            area=area,
            before=before,
            after=after,
        )
    if crossing.rule == HOSPITAL:
        return _(
            "Hospital admissions in %(area)s rose for %(weeks)s weeks running",
            area=area,
            weeks=crossing.weeks or 0,
        )
    if crossing.rule == SEWAGE:
        return _("%(area)s: one of the largest rises of the weekly sewage average", area=area)
    return area


def when(crossing: Crossing, day: date) -> str:
    return format_week(day) if crossing.weekly else format_date(day)


def value_text(crossing: Crossing, value: float) -> str:
    """The rule's value as the page shows it."""
    if crossing.rule == SIGNAL:
        return _("%(value)s per 100,000 a day", value=format_number(value, SIGNAL_DECIMALS))
    if crossing.rule == RISK_BAND:
        return _("band %(number)s (%(name)s)", number=int(value), name=risk_level_name(int(value)))
    if crossing.rule == HOSPITAL:
        return _("%(value)s admissions in the week", value=format_number(value, 0))
    return format_number(value, SEWAGE_DECIMALS)


def band_reasons(crossing: Crossing, before: bool) -> str | None:
    """The numbers behind a band: the week's positive tests per 100,000 and the GGD share positive."""
    incidence = crossing.incidence_before if before else crossing.incidence_after
    share = crossing.share_before if before else crossing.share_after
    parts = []
    if incidence is not None:
        parts.append(
            _(
                "%(value)s positive tests per 100,000 inhabitants",
                value=format_number(incidence, INCIDENCE_DECIMALS),
            )
        )
    if share is not None:
        parts.append(_("%(value)s of GGD tests positive", value=format_percent(share, SHARE_DECIMALS)))
    return "; ".join(parts) or None


def side_text(crossing: Crossing, before: bool) -> str:
    """ "11.1 per 100,000 a day on 23 November 2026" (with the band's reasons for a band)."""
    value = crossing.before if before else crossing.after
    day = crossing.before_date if before else crossing.after_date
    text = _("%(value)s, %(when)s", value=value_text(crossing, value), when=when(crossing, day))
    reasons = band_reasons(crossing, before) if crossing.rule == RISK_BAND else None
    return f"{text} ({reasons})" if reasons else text


def summary(crossing: Crossing, reference: Reference) -> str:
    """The headline with the values before and after: the feed entry's summary."""
    return _(
        "%(headline)s. Before: %(before)s. After: %(after)s.",
        headline=headline(crossing, reference),
        before=side_text(crossing, True),
        after=side_text(crossing, False),
    )


def indicative_note() -> str:
    return _(
        "The thresholds are those of the guidance of the risk levels, and the bands are indicative: "
        "the official risk level of a region is the minister's decision, "
        "which also weighs the wider situation."
    )
