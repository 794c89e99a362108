"""The metric registry: one record per indicator, from which the build, the snapshot's series, the
tiles, the charts, the maps' colour bins, the exports and the methodology links are all driven.

To add a metric: add a record below, in the section where its tile and chart belong (through that
section's family, e.g. ``_DEATHS(...)``, which fills in what the section's metrics share; or as a
plain ``Metric(...)``), then its texts to both catalogs (``translations/``) and, for a new
``methodology`` anchor, a section to both ``dashapp/content/{nl,en}/methodology.md``.
``tests/test_registry.py`` checks every record.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from dashapp.data.sources import rivm_cases
from dashapp.i18n import N_
from dashapp.metrics import bins
from dashapp.metrics.model import (
    AGE_GROUPS,
    BARS,
    BARS_AND_LINE,
    BARS_WITH_AVERAGE,
    DAILY,
    DERIVED,
    LINE,
    LINE_WITH_BAND,
    MUNICIPAL,
    NATIONAL,
    NATIONAL_WEEKLY,
    PER_LEVEL_FILES,
    PERCENT,
    REGIONAL,
    SEWAGE,
    TWO_LINES,
    WEEKLY,
    Chart,
    Derivation,
    MapPlan,
    Metric,
    Note,
    Section,
    Signal,
    Source,
)

ALL = ("nl", "vr", "gm")
NL = ("nl",)
AGE_BANDS = rivm_cases.AGE_BANDS
NL_VR = ("nl", "vr")
AREAS = ("vr", "gm")


def age_indicator(band: str) -> str:
    """The id of the positive tests of one age band: ``positive_tests_age_0_9`` .. ``_90_plus``."""
    return "positive_tests_age_" + band.replace("-", "_").replace("+", "_plus")


# --- sources -----------------------------------------------------------------------------------------

_MUNICIPAL_COUNTS = ("rivm_per_day", "rivm_cumulative")
POSITIVE_TESTS = Source(MUNICIPAL, _MUNICIPAL_COUNTS, ("total_reported",))
RIVM_HOSPITAL = Source(MUNICIPAL, _MUNICIPAL_COUNTS, ("hospital_admission",))
RIVM_DECEASED = Source(MUNICIPAL, _MUNICIPAL_COUNTS, ("deceased",))
NICE_WARD = Source(NATIONAL, ("nice_hospital_intake",), ("proven",))
IC_INTAKE = Source(
    NATIONAL, ("nice_ic_intake", "rivm_ic"), ("proven",), renamed={"rivm_ic": {"proven": "ic_admission"}}
)
NURSING_POSITIVE = Source(PER_LEVEL_FILES, ("nursing_positive_{level}",), ("positive",))
NURSING_DECEASED = Source(PER_LEVEL_FILES, ("nursing_deceased_{level}",), ("deceased",))


def _lcps(*columns: str) -> Source:
    return Source(NATIONAL, ("lcps_beds",), columns)


def _ggd(*columns: str) -> Source:
    return Source(REGIONAL, ("rivm_ggd_tests",), columns)


def _nursing_locations(column: str) -> Source:
    return Source(PER_LEVEL_FILES, ("nursing_locations_{level}",), (column,))


def _estimate(kind: str, column: str) -> Source:
    return Source(NATIONAL, (kind,), (column,))


def _nivel(column: str) -> Source:
    return Source(NATIONAL_WEEKLY, ("nivel_gp",), (column,))


def _sewage(column: str) -> Source:
    return Source(SEWAGE, ("rivm_sewage",), (column,))


def _one(source: Source, rule: str) -> tuple[Derivation, ...]:
    return (Derivation(source, rule),)


def _nice_nationally(national: str, areas: str) -> tuple[Derivation, ...]:
    """Hospital admissions: NICE's count for the country, the notifications to the GGDs (RIVM) for the
    regions and municipalities. The national figure is NICE's alone: without its file there is none
    (RIVM's national counts are ``hospital_admissions_rivm``, under their own name)."""
    return (Derivation(NICE_WARD, national, NL), Derivation(RIVM_HOSPITAL, areas, AREAS))


# --- page sections, in page order ----------------------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section("positive-tests", N_("Positive tests"), menu_metric="positive_tests_per_100k"),
    Section(
        "ggd-tests",
        N_("Tests at the GGD"),
        intro=N_(
            "Only tests at the GGD test lanes with a known result count here; other tests are not included."
        ),
        menu_metric="ggd_positive_pct",
    ),
    Section("hospital", N_("Hospital admissions"), menu_metric="hospital_admissions_3d_avg"),
    Section("deaths", N_("Deaths")),
    Section("intensive-care", N_("Intensive care"), menu_metric="ic_admissions_3d_avg"),
    Section("reproduction", N_("Reproduction number"), menu_metric="reproduction_number"),
    Section(
        "infectious",
        N_("Infectious people"),
        intro=N_(
            "An estimate by RIVM of how many people are infectious. It has no signal value: it is a "
            "model estimate that rests on assumptions, not a count."
        ),
        menu_metric="infectious_people",
    ),
    Section("nursing-homes", N_("Nursing homes"), menu_metric="nursing_home_positive_residents"),
    Section(
        "gp",
        N_("Suspected COVID-19 at the GP"),
        intro=N_("Nivel estimates this from a sample of GP practices; each week is shown on its Sunday."),
        menu_metric="gp_suspicions",
    ),
    Section("sewage", N_("Sewage"), menu_metric="sewer_average"),
)

_RIVM_HOSPITAL_NOTE = Note(
    N_(
        "Regional and municipal hospital admissions come from the notifications to the GGD (RIVM). "
        "They are less up to date than the national figures from NICE, and not every admission is notified."
    ),
    AREAS,
)

# --- families: what the metrics of one section share, stated once --------------------------------------
# Each is ``Metric`` with those fields filled in; a record gives its id, label, decimals and derivations,
# and only the fields where it differs. ``section=None``: not shown on its own (in the exports, and as
# the input of other metrics).

_POSITIVE_TESTS = partial(
    Metric, frequency=DAILY, levels=ALL, methodology="positive-tests", section="positive-tests"
)
_GGD_TESTS = partial(Metric, frequency=WEEKLY, levels=NL_VR, methodology="ggd-tests", section="ggd-tests")
_HOSPITAL = partial(Metric, frequency=DAILY, section="hospital")
_DEATHS = partial(Metric, frequency=DAILY, levels=ALL, methodology="deaths")
_INTENSIVE_CARE = partial(
    Metric, frequency=DAILY, levels=NL, methodology="intensive-care", section="intensive-care"
)
_NURSING_HOMES = partial(
    Metric, frequency=DAILY, levels=NL_VR, methodology="nursing-homes", section="nursing-homes", tiles=NL_VR
)
_GP = partial(Metric, frequency=WEEKLY, levels=NL, methodology="gp-suspicions", section="gp", tiles=NL)
_SEWAGE = partial(Metric, frequency=WEEKLY, levels=ALL, methodology="sewage", section="sewage")
_ESTIMATE = partial(Metric, frequency=DAILY, levels=NL)  # RIVM's model estimates, with their bounds


def _gp_chart(kind: str, title: str) -> Chart:
    return Chart(kind, NL, title=title, week_on_sunday=True)


def _with_bounds(main: Metric, kind: str, labels: tuple[str, str]) -> tuple[Metric, Metric, Metric]:
    """An estimate with its bounds: ``main``, whose chart (if any) draws the band between them, and the
    lower and upper bound (``<id>_low``, ``<id>_high``, labelled ``labels``) from the columns "low" and
    "high" of the source ``kind``."""
    ids = (f"{main.id}_low", f"{main.id}_high")
    low, high = (
        _ESTIMATE(
            id,
            label,
            decimals=main.decimals,
            methodology=main.methodology,
            derivations=_one(_estimate(kind, column), "as_published"),
        )
        for id, label, column in zip(ids, labels, ("low", "high"), strict=True)
    )
    chart = None if main.chart is None else replace(main.chart, band=ids)
    return replace(main, chart=chart), low, high


# --- the metrics, by section (the order of tiles and charts on the pages) -----------------------------

_RECORDS: tuple[Metric, ...] = (
    _POSITIVE_TESTS(
        "positive_tests_per_100k",
        N_("Positive tests per 100,000 inhabitants"),
        decimals=1,
        derivations=_one(POSITIVE_TESTS, "per_100k_of_displayed"),
        signal=Signal(7, 10),
        chart=Chart(
            BARS_WITH_AVERAGE,
            ALL,
            title=N_("Positive tests per 100,000 inhabitants per day"),
            description=N_(
                "New positive tests reported per day, per 100,000 inhabitants. "
                "Above the signal value of 7 the virus may spread too fast to keep it under control."
            ),
        ),
        tiles=NL,
        headline=AREAS,
        municipality_table=True,
        map=MapPlan(
            N_("Positive tests per 100,000 inhabitants (newest day)"),
            {"gm": bins.POSITIVE_TESTS, "vr": bins.POSITIVE_TESTS},
        ),
    ),
    _POSITIVE_TESTS(
        "positive_tests",
        N_("Positive tests"),
        decimals=0,
        derivations=_one(POSITIVE_TESTS, "displayed"),
        tiles=NL,
        headline=AREAS,
    ),
    _POSITIVE_TESTS(
        "positive_tests_7d_per_100k",
        N_("Positive tests per 100,000 inhabitants over 7 days"),
        decimals=1,
        methodology="positive-tests-7d",
        derivations=_one(POSITIVE_TESTS, "sum_7d_per_100k"),
        guidance=(50, 150, 250),
        chart=Chart(
            LINE,
            ALL,
            title=N_("Positive tests per 100,000 inhabitants over the last 7 days"),
            description=N_(
                "The sum of the last 7 days per 100,000 inhabitants, with the thresholds of the "
                "risk-level guidance (50, 150 and 250)."
            ),
        ),
        tiles=NL,
        headline=AREAS,
        municipality_table=True,
    ),
    _POSITIVE_TESTS(
        "positive_tests_net",
        N_("Positive tests (net change)"),
        decimals=0,
        derivations=_one(POSITIVE_TESTS, "as_published"),
        section=None,
    ),
    _GGD_TESTS(
        "ggd_positive_pct",
        N_("Share of GGD tests that were positive"),
        decimals=1,
        derivations=_one(_ggd("tested", "positive"), "weekly_share"),
        unit=PERCENT,
        guidance=(5, 10),
        chart=Chart(LINE, NL_VR, title=N_("Share of GGD tests that were positive, per week")),
        headline=("vr",),
    ),
    _GGD_TESTS(
        "ggd_tested",
        N_("People tested by the GGD"),
        decimals=0,
        derivations=_one(_ggd("tested"), "weekly_total"),
        chart=Chart(
            TWO_LINES,
            NL_VR,
            id="ggd_tests",
            companion="ggd_positive",
            title=N_("People tested at the GGD, and how many tested positive, per week"),
        ),
        tiles=NL,
    ),
    _GGD_TESTS(
        "ggd_positive",
        N_("People who tested positive at the GGD"),
        decimals=0,
        derivations=_one(_ggd("positive"), "weekly_total"),
        tiles=NL,
    ),
    _HOSPITAL(
        "hospital_admissions",
        N_("Hospital admissions"),
        levels=ALL,
        decimals=0,
        methodology="hospital-admissions",
        derivations=_nice_nationally(national="as_published", areas="displayed"),
        chart=Chart(
            BARS_AND_LINE,
            ALL,
            title=N_("Hospital admissions per day"),
            companion="hospital_admissions_3d_avg",
        ),
        chart_note=_RIVM_HOSPITAL_NOTE,
    ),
    _HOSPITAL(
        "hospital_admissions_3d_avg",
        N_("Hospital admissions, 3-day average"),
        levels=ALL,
        decimals=1,
        methodology="hospital-admissions",
        derivations=_nice_nationally(
            national="mean_3d_excluding_today", areas="mean_3d_including_today_of_displayed"
        ),
        signal=Signal(40, 100, NL),
        tiles=NL,
        headline=AREAS,
        municipality_table=True,
        tile_note=_RIVM_HOSPITAL_NOTE,
        map=MapPlan(
            N_("Hospital admissions (3-day average)"),
            {"gm": bins.HOSPITAL_ADMISSIONS_GM, "vr": bins.HOSPITAL_ADMISSIONS_VR},
        ),
    ),
    _HOSPITAL(
        "hospital_admissions_rivm",
        N_("Hospital admissions notified to the GGDs (RIVM)"),
        levels=NL,
        decimals=0,
        methodology="hospital-admissions-rivm",
        derivations=_one(RIVM_HOSPITAL, "displayed"),
        section=None,
    ),
    _HOSPITAL(
        "hospital_beds_occupied",
        N_("Hospital beds occupied by COVID-19 patients"),
        levels=NL,
        decimals=0,
        methodology="hospital-beds",
        derivations=_one(_lcps("clinic_covid"), "as_published"),
        chart=Chart(LINE, NL),
        tiles=NL,
    ),
    _DEATHS(
        "deceased",
        N_("Deaths reported"),
        decimals=0,
        derivations=_one(RIVM_DECEASED, "displayed"),
        section="deaths",
        chart=Chart(BARS_WITH_AVERAGE, ALL, title=N_("Deaths reported per day")),
        tiles=NL,
        headline=AREAS,
    ),
    _DEATHS(
        "deceased_net",
        N_("Deaths reported (net change)"),
        decimals=0,
        derivations=_one(RIVM_DECEASED, "as_published"),
    ),
    _DEATHS(
        "deceased_per_100k",
        N_("Deaths reported per 100,000 inhabitants"),
        decimals=2,
        derivations=_one(RIVM_DECEASED, "per_100k_of_displayed"),
    ),
    _DEATHS(
        "deceased_7d_per_100k",
        N_("Deaths reported per 100,000 inhabitants over 7 days"),
        decimals=1,
        derivations=_one(RIVM_DECEASED, "sum_7d_per_100k"),
        section="deaths",
        chart=Chart(LINE, ALL, title=N_("Deaths reported per 100,000 inhabitants over the last 7 days")),
        tiles=NL,
        municipality_table=True,
        map=MapPlan(
            N_("Deaths reported per 100,000 inhabitants (last 7 days)"),
            {"gm": bins.DEATHS_7D, "vr": bins.DEATHS_7D},
        ),
    ),
    _INTENSIVE_CARE(
        "ic_admissions",
        N_("Intensive care admissions"),
        decimals=0,
        derivations=_one(IC_INTAKE, "as_published"),
        chart=Chart(
            BARS_AND_LINE,
            NL,
            title=N_("Intensive care admissions per day"),
            companion="ic_admissions_3d_avg",
        ),
    ),
    _INTENSIVE_CARE(
        "ic_admissions_3d_avg",
        N_("Intensive care admissions, 3-day average"),
        decimals=1,
        derivations=_one(IC_INTAKE, "mean_3d_excluding_today"),
        signal=Signal(10, 30, NL),
        tiles=NL,
    ),
    _INTENSIVE_CARE(
        "ic_beds_occupied",
        N_("Intensive care beds occupied by COVID-19 patients"),
        decimals=0,
        derivations=_one(_lcps("ic_covid"), "as_published"),
        chart=Chart(LINE, NL),
        tiles=NL,
    ),
    _INTENSIVE_CARE(
        "ic_beds_occupied_pct",
        N_("Share of occupied intensive care beds taken by COVID-19 patients"),
        decimals=1,
        derivations=_one(_lcps("ic_covid", "ic_non_covid"), "share_of_sum"),
        unit=PERCENT,
        section=None,
    ),
    *_with_bounds(
        _ESTIMATE(
            "reproduction_number",
            N_("Reproduction number"),
            decimals=2,
            methodology="reproduction-number",
            derivations=_one(_estimate("rivm_reproduction", "avg"), "as_published"),
            section="reproduction",
            signal=Signal(1, 2, NL),
            chart=Chart(
                LINE_WITH_BAND,
                NL,
                description=N_(
                    "How many people one infected person infects on average. Below 1 the epidemic "
                    "shrinks, above 1 it grows. The line stops where the estimate is not yet reliable."
                ),
            ),
            tiles=NL,
            tile_note=Note(
                N_(
                    "The estimate is only reliable after about two weeks, so the newest value "
                    "is of about two weeks ago."
                ),
                NL,
            ),
        ),
        "rivm_reproduction",
        (N_("Reproduction number, lower bound"), N_("Reproduction number, upper bound")),
    ),
    *_with_bounds(
        _ESTIMATE(
            "infectious_people",
            N_("Estimated number of infectious people"),
            decimals=0,
            methodology="infectious-people",
            derivations=_one(_estimate("rivm_prevalence", "avg"), "as_published"),
            section="infectious",
            chart=Chart(LINE_WITH_BAND, NL),
            tiles=NL,
        ),
        "rivm_prevalence",
        (N_("Infectious people, lower bound"), N_("Infectious people, upper bound")),
    ),
    _NURSING_HOMES(
        "nursing_home_positive_residents",
        N_("Nursing-home residents who tested positive"),
        decimals=0,
        derivations=_one(NURSING_POSITIVE, "as_published"),
        chart=Chart(
            BARS_WITH_AVERAGE, NL_VR, title=N_("Nursing-home residents who tested positive, per day")
        ),
    ),
    _NURSING_HOMES(
        "nursing_home_infected_locations",
        N_("Nursing homes with infections"),
        decimals=0,
        derivations=_one(_nursing_locations("infected_total"), "as_published"),
        chart=Chart(LINE, NL_VR),
    ),
    _NURSING_HOMES(
        "nursing_home_infected_locations_pct",
        N_("Share of nursing homes with infections"),
        decimals=1,
        derivations=_one(_nursing_locations("infected_total"), "share_of_locations"),
        unit=PERCENT,
        tiles=("vr",),
        map=MapPlan(
            N_("Nursing homes with infections (share of locations)"), {"vr": bins.NURSING_HOME_LOCATIONS}
        ),
    ),
    _NURSING_HOMES(
        "nursing_home_new_infected_locations",
        N_("Nursing homes newly infected"),
        decimals=0,
        derivations=_one(_nursing_locations("new_infected"), "as_published"),
        chart=Chart(BARS, NL_VR, title=N_("Nursing homes newly infected, per day")),
    ),
    _NURSING_HOMES(
        "nursing_home_deceased",
        N_("Deceased nursing-home residents"),
        decimals=0,
        derivations=_one(NURSING_DECEASED, "as_published"),
        chart=Chart(BARS_WITH_AVERAGE, NL_VR, title=N_("Deceased nursing-home residents, by date of death")),
    ),
    _GP(
        "gp_suspicions",
        N_("Patients with COVID-19-like complaints at the GP"),
        decimals=0,
        derivations=_one(_nivel("estimated_count"), "as_published"),
        chart=_gp_chart(BARS, N_("Patients with COVID-19-like complaints at the GP, per week")),
    ),
    _GP(
        "gp_suspicions_per_100k",
        N_("Patients with COVID-19-like complaints at the GP per 100,000 inhabitants"),
        decimals=1,
        derivations=_one(_nivel("incidence_per_100k"), "as_published"),
        chart=_gp_chart(
            LINE, N_("GP patients with COVID-19-like complaints per 100,000 inhabitants, per week")
        ),
    ),
    _SEWAGE(
        "sewer_average",
        N_("Virus particles in sewage per 100,000 inhabitants"),
        decimals=2,
        derivations=_one(_sewage("average"), "as_published"),
        chart=Chart(LINE, ALL, title=N_("Virus particles in sewage per 100,000 inhabitants, weekly average")),
        tiles=NL,
        headline=AREAS,
        sparse=("gm",),
        map=MapPlan(N_("Virus particles in sewage (newest week)"), {"gm": bins.SEWAGE, "vr": bins.SEWAGE}),
    ),
    _SEWAGE(
        "sewer_plants",
        N_("Sewage treatment plants measured"),
        decimals=0,
        derivations=_one(_sewage("plants"), "as_published"),
        tiles=NL_VR,
    ),
    Metric(
        "risk_level_indicative",
        N_("Indicative risk band"),
        WEEKLY,
        ("vr",),
        0,
        "risk-band",
        _one(Source(DERIVED, (), ("positive_tests_7d_per_100k", "ggd_positive_pct")), "indicative_risk_band"),
    ),
    *(
        Metric(
            age_indicator(band),
            N_("Positive tests aged %(band)s"),
            DAILY,
            NL,
            0,
            "age-distribution",
            _one(Source(AGE_GROUPS, ("rivm_cases",), (band,)), "as_published"),
            label_args={"band": band},
        )
        for band in AGE_BANDS
    ),
)

# --- the 7-day average drawn over daily bars: a series of its own, computed once at build --------------

AVERAGE_SUFFIX = "_7d_avg"
_AVERAGE_LABELS = {
    "positive_tests_per_100k": N_("Positive tests per 100,000 inhabitants, 7-day average"),
    "deceased": N_("Deaths reported, 7-day average"),
    "nursing_home_positive_residents": N_("Nursing-home residents who tested positive, 7-day average"),
    "nursing_home_deceased": N_("Deceased nursing-home residents, 7-day average"),
}


def average_of(metric: Metric) -> Metric:
    """The 7-day average of ``metric``'s bars: the mean of the day and the six before it as the
    snapshot holds them, missing where one of the seven is missing; whole counts get one decimal."""
    assert metric.chart is not None
    return Metric(
        metric.id + AVERAGE_SUFFIX,
        _AVERAGE_LABELS[metric.id],
        DAILY,
        metric.chart.levels,
        max(1, metric.decimals),
        metric.methodology,
        _one(Source(DERIVED, (), (metric.id,)), "mean_7d"),
        unit=metric.unit,
    )


_AVERAGES = tuple(
    average_of(record)
    for record in _RECORDS
    if record.chart is not None and record.chart.kind == BARS_WITH_AVERAGE
)

METRICS: dict[str, Metric] = {record.id: record for record in (*_RECORDS, *_AVERAGES)}
SECTION_BY_ID: dict[str, Section] = {section.id: section for section in SECTIONS}
AGE_INDICATORS = tuple(age_indicator(band) for band in AGE_BANDS)
