"""Translated names of indicators, charts, units and sources. Call inside a request or ``use_language``.

The names of metrics and charts are the registry's (``dashapp.metrics.registry``), English texts
marked with ``N_``; only the one asked for is translated, so a tile costs one catalog look-up.
"""

from __future__ import annotations

from dashapp.i18n import N_
from dashapp.i18n import gettext as _
from dashapp.metrics.registry import METRICS

CHARTED = {metric.chart_id: metric for metric in METRICS.values() if metric.chart is not None}


def indicator_label(indicator: str) -> str:
    """The metric's name in the active language (the id itself for an unknown id)."""
    metric = METRICS.get(indicator)
    if metric is None:
        return indicator
    return _(metric.label, **metric.label_args)


def chart_title(chart_id: str) -> str:
    """The heading of a chart: its own title, else the label of its main metric."""
    metric = CHARTED.get(chart_id)
    if metric is None or metric.chart is None:
        return indicator_label(chart_id)
    return _(metric.chart.title) if metric.chart.title else indicator_label(metric.id)


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


# Who publishes each source, as a tile names it.
SOURCE_NAMES = {
    "rivm_cumulative": N_("RIVM"),
    "rivm_per_day": N_("RIVM"),
    "rivm_cases": N_("RIVM"),
    "rivm_sewage": N_("RIVM"),
    "rivm_reproduction": N_("RIVM"),
    "rivm_prevalence": N_("RIVM"),
    "rivm_ggd_tests": N_("RIVM (GGD test lanes)"),
    "nice_hospital_intake": N_("NICE"),
    "nice_ic_intake": N_("NICE"),
    "rivm_ic": N_("RIVM (NICE data)"),
    "lcps_beds": N_("LCPS"),
    "nivel_gp": N_("Nivel"),
}


def source_label(kind: str) -> str:
    name = N_("RIVM") if kind.startswith("nursing_") else SOURCE_NAMES.get(kind)
    return _(name) if name else kind


def risk_level_name(level: int) -> str:
    names = {1: _("Caution"), 2: _("Concern"), 3: _("Serious"), 4: _("Severe")}
    return names.get(level, str(level))
