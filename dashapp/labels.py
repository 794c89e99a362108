"""Translated names of indicators, charts, units and sources. Call inside a request or ``use_language``.

The tables hold the English texts marked with ``N_`` (found by ``pybabel extract -k N_``); only
the one asked for is translated, so a tile costs one catalog look-up, not thirty.
"""

from __future__ import annotations

from dashapp.data.catalog import AGE_INDICATORS
from dashapp.i18n import N_
from dashapp.i18n import gettext as _

INDICATOR_LABELS = {
    "positive_tests": N_("Positive tests"),
    "positive_tests_net": N_("Positive tests (net change)"),
    "positive_tests_per_100k": N_("Positive tests per 100,000 inhabitants"),
    "positive_tests_7d_per_100k": N_("Positive tests per 100,000 inhabitants over 7 days"),
    "hospital_admissions": N_("Hospital admissions"),
    "hospital_admissions_3d_avg": N_("Hospital admissions, 3-day average"),
    "hospital_beds_occupied": N_("Hospital beds occupied by COVID-19 patients"),
    "ic_admissions": N_("Intensive care admissions"),
    "ic_admissions_3d_avg": N_("Intensive care admissions, 3-day average"),
    "ic_beds_occupied": N_("Intensive care beds occupied by COVID-19 patients"),
    "ic_beds_occupied_pct": N_("Share of occupied intensive care beds taken by COVID-19 patients"),
    "ggd_tested": N_("People tested by the GGD"),
    "ggd_positive": N_("People who tested positive at the GGD"),
    "ggd_positive_pct": N_("Share of GGD tests that were positive"),
    "reproduction_number": N_("Reproduction number"),
    "reproduction_number_low": N_("Reproduction number, lower bound"),
    "reproduction_number_high": N_("Reproduction number, upper bound"),
    "infectious_people": N_("Estimated number of infectious people"),
    "infectious_people_low": N_("Infectious people, lower bound"),
    "infectious_people_high": N_("Infectious people, upper bound"),
    "nursing_home_positive_residents": N_("Nursing-home residents who tested positive"),
    "nursing_home_infected_locations": N_("Nursing homes with infections"),
    "nursing_home_infected_locations_pct": N_("Share of nursing homes with infections"),
    "nursing_home_new_infected_locations": N_("Nursing homes newly infected"),
    "nursing_home_deceased": N_("Deceased nursing-home residents"),
    "gp_suspicions": N_("Patients with COVID-19-like complaints at the GP"),
    "gp_suspicions_per_100k": N_("Patients with COVID-19-like complaints at the GP per 100,000 inhabitants"),
    "sewer_average": N_("Virus particles in sewage per 100,000 inhabitants"),
    "sewer_plants": N_("Sewage treatment plants measured"),
    "risk_level_indicative": N_("Indicative risk band"),
}


def indicator_label(indicator: str) -> str:
    if indicator in INDICATOR_LABELS:
        return _(INDICATOR_LABELS[indicator])
    if indicator in AGE_INDICATORS:
        band = indicator.removeprefix("positive_tests_age_").replace("_plus", "+").replace("_", "-")
        return _("Positive tests aged %(band)s", band=band)
    return indicator


CHART_TITLES = {
    "positive_tests_per_100k": N_("Positive tests per 100,000 inhabitants per day"),
    "positive_tests_7d_per_100k": N_("Positive tests per 100,000 inhabitants over the last 7 days"),
    "ggd_tests": N_("People tested at the GGD, and how many tested positive, per week"),
    "ggd_positive_pct": N_("Share of GGD tests that were positive, per week"),
    "hospital_admissions": N_("Hospital admissions per day"),
    "ic_admissions": N_("Intensive care admissions per day"),
    "gp_suspicions": N_("Patients with COVID-19-like complaints at the GP, per week"),
    "gp_suspicions_per_100k": N_(
        "GP patients with COVID-19-like complaints per 100,000 inhabitants, per week"
    ),
    "sewer_average": N_("Virus particles in sewage per 100,000 inhabitants, weekly average"),
    "nursing_home_positive_residents": N_("Nursing-home residents who tested positive, per day"),
    "nursing_home_new_infected_locations": N_("Nursing homes newly infected, per day"),
    "nursing_home_deceased": N_("Deceased nursing-home residents, by date of death"),
}


def chart_title(chart_id: str) -> str:
    """The heading of a chart (most charts are named after their main indicator)."""
    if chart_id in CHART_TITLES:
        return _(CHART_TITLES[chart_id])
    return indicator_label(chart_id)


def average_label() -> str:
    return _("7-day average")


def unit_note(unit: str | None) -> str:
    """A short note on the unit of a value, shown beside it."""
    notes = {
        "rna_flow_per_100k_x1e11": _("× 100 billion"),
        "rna_per_ml": _("per ml of sewage"),
    }
    return notes.get(unit or "", "")


SOURCE_URLS = {
    "rivm_cumulative": "https://data.rivm.nl/covid-19/COVID-19_aantallen_gemeente_cumulatief.csv",
    "rivm_per_day": "https://data.rivm.nl/covid-19/COVID-19_aantallen_gemeente_per_dag.csv",
    "rivm_cases": "https://data.rivm.nl/covid-19/COVID-19_casus_landelijk.csv",
    "rivm_sewage": "https://data.rivm.nl/covid-19/COVID-19_rioolwaterdata.csv",
    "rivm_reproduction": "https://data.rivm.nl/covid-19/COVID-19_reproductiegetal.json",
    "rivm_prevalence": "https://data.rivm.nl/covid-19/COVID-19_prevalentie.json",
    "rivm_ic": "https://data.rivm.nl/covid-19/COVID-19_ic_opnames.json",
    "rivm_ggd_tests": "https://data.rivm.nl/covid-19/COVID-19_uitgevoerde_testen.csv",
    "nice_ic_intake": "https://www.stichting-nice.nl/covid-19-op-de-ic.jsp",
    "nice_hospital_intake": "https://www.stichting-nice.nl/covid-19-op-de-zkh.jsp",
    "lcps_beds": "https://lcps.nu/datafeed/",
    "nivel_gp": "https://www.nivel.nl/nl/nivel-zorgregistraties-eerste-lijn",
}


def source_url(kind: str) -> str | None:
    if kind.startswith("nursing_"):
        return "https://data.rivm.nl/covid-19/"
    return SOURCE_URLS.get(kind)


def source_label(kind: str) -> str:
    labels = {
        "rivm_cumulative": _("RIVM"),
        "rivm_per_day": _("RIVM"),
        "rivm_cases": _("RIVM"),
        "rivm_sewage": _("RIVM"),
        "rivm_reproduction": _("RIVM"),
        "rivm_prevalence": _("RIVM"),
        "rivm_ggd_tests": _("RIVM (GGD test lanes)"),
        "nice_hospital_intake": _("NICE"),
        "nice_ic_intake": _("NICE"),
        "rivm_ic": _("RIVM (NICE data)"),
        "lcps_beds": _("LCPS"),
        "nivel_gp": _("Nivel"),
    }
    if kind.startswith("nursing_"):
        return _("RIVM")
    return labels.get(kind, kind)


def risk_level_name(level: int) -> str:
    names = {1: _("Caution"), 2: _("Concern"), 3: _("Serious"), 4: _("Severe")}
    return names.get(level, str(level))
