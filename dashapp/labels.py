"""Translated names of indicators and sources. Call inside a request or ``force_locale``."""

from __future__ import annotations

from flask_babel import gettext as _


def indicator_label(indicator: str) -> str:
    labels = {
        "positive_tests": _("Positive tests"),
        "positive_tests_net": _("Positive tests (net change)"),
        "positive_tests_per_100k": _("Positive tests per 100,000 inhabitants"),
        "positive_tests_7d_per_100k": _("Positive tests per 100,000 inhabitants over 7 days"),
        "hospital_admissions": _("Hospital admissions"),
        "hospital_admissions_3d_avg": _("Hospital admissions, 3-day average"),
        "hospital_beds_occupied": _("Hospital beds occupied by COVID-19 patients"),
        "ic_admissions": _("Intensive care admissions"),
        "ic_admissions_3d_avg": _("Intensive care admissions, 3-day average"),
        "ic_beds_occupied": _("Intensive care beds occupied by COVID-19 patients"),
    }
    return labels.get(indicator, indicator)


def source_label(kind: str) -> str:
    labels = {
        "rivm_cumulative": _("RIVM"),
        "rivm_per_day": _("RIVM"),
        "nice_hospital_intake": _("NICE"),
        "nice_ic_intake": _("NICE"),
        "rivm_ic": _("RIVM (NICE data)"),
        "lcps_beds": _("LCPS"),
    }
    return labels.get(kind, kind)
