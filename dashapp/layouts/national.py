"""The national tab: every national figure, each as a tile and a chart, with a menu of all of them."""

from __future__ import annotations

from dash import html

from dashapp.charts.data import chart_data
from dashapp.charts.ranges import DEFAULT_RANGE
from dashapp.charts.specs import CHARTS
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import format_percent
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label
from dashapp.layouts import special_charts
from dashapp.layouts.components import (
    area_heading,
    chart_card,
    format_indicator,
    kpi_tile,
    lazy_chart_card,
    metric_menu,
    section,
)
from dashapp.layouts.map_view import MapView
from dashapp.layouts.pages import methodology_href

LEVEL, CODE = "nl", NATIONAL_CODE


# Drawn with the page; every other chart is drawn when it comes into view (see lazy_chart_card).
EAGER_CHARTS = frozenset({"positive_tests_per_100k", "positive_tests_7d_per_100k"})


def _chart(snapshot: Snapshot, chart_id: str, language: str, **options):
    if chart_id not in EAGER_CHARTS:
        return lazy_chart_card(LEVEL, CODE, chart_id, language, **options)
    spec = CHARTS[LEVEL][chart_id]
    return chart_card(chart_data(snapshot, spec, LEVEL, CODE, DEFAULT_RANGE), language, **options)


def _tile(snapshot: Snapshot, indicator: str, language: str, **options):
    return kpi_tile(
        indicator,
        snapshot,
        LEVEL,
        CODE,
        language,
        methodology=methodology_href(indicator, language),
        **options,
    )


def _tiles(*tiles):
    return html.Div(list(tiles), className="kpi-grid")


def _share(snapshot: Snapshot, indicator: str, language: str) -> str | None:
    """The newest value of a percentage indicator as text, or None."""
    latest = snapshot.latest(LEVEL, CODE, indicator)
    return None if latest is None else format_percent(latest.value, 1, language)


def _extra(*children) -> list:
    """A line under a tile's value that puts it in context."""
    return [html.P(list(children), className="kpi-extra")]


def _ggd_share_line(snapshot: Snapshot, language: str):
    share = _share(snapshot, "ggd_positive_pct", language)
    if share is None:
        return []
    return _extra(
        _("%(share)s of the tests at the GGD were positive", share=share),
        " (",
        html.A(_("more about GGD tests"), href="#ggd-tests"),
        ")",
    )


def _ic_share_line(snapshot: Snapshot, language: str):
    share = _share(snapshot, "ic_beds_occupied_pct", language)
    return _extra(_("That is %(share)s of all occupied intensive care beds.", share=share)) if share else []


def _ggd_counts_line(snapshot: Snapshot, language: str):
    tested = snapshot.latest(LEVEL, CODE, "ggd_tested")
    share = _share(snapshot, "ggd_positive_pct", language)
    if tested is None or share is None:
        return []
    counted = format_indicator("ggd_tested", tested.value, language)
    return _extra(
        _(
            "That is %(share)s of the %(tested)s people tested with a known result.",
            share=share,
            tested=counted,
        )
    )


def _locations_share_line(snapshot: Snapshot, language: str):
    share = _share(snapshot, "nursing_home_infected_locations_pct", language)
    return _extra(_("That is %(share)s of all nursing homes.", share=share)) if share else []


MENU = (
    ("positive-tests", "positive_tests_per_100k"),
    ("ggd-tests", "ggd_positive_pct"),
    ("hospital", "hospital_admissions_3d_avg"),
    ("intensive-care", "ic_admissions_3d_avg"),
    ("reproduction", "reproduction_number"),
    ("infectious", "infectious_people"),
    ("nursing-homes", "nursing_home_positive_residents"),
    ("gp", "gp_suspicions"),
    ("sewage", "sewer_average"),
)


def menu(snapshot: Snapshot, language: str):
    entries = []
    for anchor, indicator in MENU:
        latest = snapshot.latest(LEVEL, CODE, indicator)
        value = format_indicator(indicator, latest.value if latest else None, language)
        entries.append((anchor, indicator_label(indicator), value))
    return metric_menu(entries, _("All figures"))


def layout(snapshot: Snapshot, language: str, map_view: MapView | None = None):
    sections = [
        section(
            "positive-tests",
            _("Positive tests"),
            [
                _tiles(
                    _tile(snapshot, "positive_tests_per_100k", language, signal=7, scale_maximum=10),
                    _tile(snapshot, "positive_tests", language, extra=_ggd_share_line(snapshot, language)),
                    _tile(snapshot, "positive_tests_7d_per_100k", language),
                ),
                _chart(
                    snapshot,
                    "positive_tests_per_100k",
                    language,
                    description=_(
                        "New positive tests reported per day, per 100,000 inhabitants. "
                        "Above the signal value of 7 the virus may spread too fast to keep it under control."
                    ),
                ),
                _chart(
                    snapshot,
                    "positive_tests_7d_per_100k",
                    language,
                    description=_(
                        "The sum of the last 7 days per 100,000 inhabitants, with the thresholds of the "
                        "risk-level guidance (50, 150 and 250)."
                    ),
                ),
                map_view.positive_tests_card(snapshot, language) if map_view else None,
                special_charts.age_card(snapshot, language),
            ],
        ),
        section(
            "ggd-tests",
            _("Tests at the GGD"),
            [
                _tiles(
                    _tile(snapshot, "ggd_tested", language),
                    _tile(snapshot, "ggd_positive", language, extra=_ggd_counts_line(snapshot, language)),
                ),
                _chart(snapshot, "ggd_positive_pct", language),
                _chart(snapshot, "ggd_tests", language),
            ],
            intro=_(
                "Only tests at the GGD test lanes with a known result count here; "
                "other tests are not included."
            ),
        ),
        section(
            "hospital",
            _("Hospital admissions"),
            [
                _tiles(
                    _tile(snapshot, "hospital_admissions_3d_avg", language, signal=40, scale_maximum=100),
                    _tile(snapshot, "hospital_beds_occupied", language),
                ),
                _chart(snapshot, "hospital_admissions", language),
                _chart(snapshot, "hospital_beds_occupied", language),
            ],
        ),
        section(
            "intensive-care",
            _("Intensive care"),
            [
                _tiles(
                    _tile(snapshot, "ic_admissions_3d_avg", language, signal=10, scale_maximum=30),
                    _tile(snapshot, "ic_beds_occupied", language, extra=_ic_share_line(snapshot, language)),
                ),
                _chart(snapshot, "ic_admissions", language),
                _chart(snapshot, "ic_beds_occupied", language),
            ],
        ),
        section(
            "reproduction",
            _("Reproduction number"),
            [
                _tiles(
                    _tile(
                        snapshot,
                        "reproduction_number",
                        language,
                        signal=1,
                        scale_maximum=2,
                        note=_(
                            "The estimate is only reliable after about two weeks, so the newest value "
                            "is of about two weeks ago."
                        ),
                    )
                ),
                _chart(
                    snapshot,
                    "reproduction_number",
                    language,
                    description=_(
                        "How many people one infected person infects on average. "
                        "Below 1 the epidemic shrinks, "
                        "above 1 it grows. The line stops where the estimate is not yet reliable."
                    ),
                ),
            ],
        ),
        section(
            "infectious",
            _("Infectious people"),
            [
                _tiles(_tile(snapshot, "infectious_people", language)),
                _chart(snapshot, "infectious_people", language),
            ],
            intro=_(
                "An estimate by RIVM of how many people are infectious. It has no signal value: it is a "
                "model estimate that rests on assumptions, not a count."
            ),
        ),
        section(
            "nursing-homes",
            _("Nursing homes"),
            [
                _tiles(
                    _tile(snapshot, "nursing_home_positive_residents", language),
                    _tile(
                        snapshot,
                        "nursing_home_infected_locations",
                        language,
                        extra=_locations_share_line(snapshot, language),
                    ),
                    _tile(snapshot, "nursing_home_new_infected_locations", language),
                    _tile(snapshot, "nursing_home_deceased", language),
                ),
                _chart(snapshot, "nursing_home_positive_residents", language),
                _chart(snapshot, "nursing_home_infected_locations", language),
                _chart(snapshot, "nursing_home_new_infected_locations", language),
                _chart(snapshot, "nursing_home_deceased", language),
            ],
        ),
        section(
            "gp",
            _("Suspected COVID-19 at the GP"),
            [
                _tiles(
                    _tile(snapshot, "gp_suspicions", language),
                    _tile(snapshot, "gp_suspicions_per_100k", language),
                ),
                _chart(snapshot, "gp_suspicions", language),
                _chart(snapshot, "gp_suspicions_per_100k", language),
            ],
            intro=_("Nivel estimates this from a sample of GP practices; each week is shown on its Sunday."),
        ),
        section(
            "sewage",
            _("Sewage"),
            [
                _tiles(_tile(snapshot, "sewer_average", language), _tile(snapshot, "sewer_plants", language)),
                _chart(snapshot, "sewer_average", language),
                map_view.sewage_card(snapshot, language) if map_view else None,
            ],
        ),
    ]
    return html.Div(
        [
            area_heading(_("The Netherlands")),
            html.Div(
                [menu(snapshot, language), html.Div(sections, className="dashboard-sections")],
                className="with-menu",
            ),
        ],
        id="national",
    )
