"""The explanatory pages (about, FAQ, risk levels, methodology, accessibility) as Dash layouts.

The text lives in ``dashapp/content/<language>/<page>.md``; this module only arranges it: a
page title, a table of contents, and one element per section whose ``id`` is the section's
stable anchor. FAQ and methodology sections are collapsible ``<details>`` elements;
``assets/pages.js`` opens the one named by the URL's hash. Markdown is rendered without raw
HTML.
"""

from __future__ import annotations

from dash import dcc, html

from dashapp.content import PAGE_SLUGS, Page, Section, load_page
from dashapp.i18n import gettext as _
from dashapp.i18n import use_language

__all__ = [
    "COLLAPSIBLE_PAGES",
    "PAGE_SLUGS",
    "methodology_anchor",
    "methodology_href",
    "page_href",
    "page_layout",
    "page_title",
]

COLLAPSIBLE_PAGES = frozenset({"faq", "methodology"})

# Every indicator id of dashapp/data/catalog.py, plus figures shown outside the catalog,
# mapped to the methodology section that explains it. The positive tests per age band
# (``positive_tests_age_0_9`` .. ``positive_tests_age_90_plus``) share one section.
AGE_INDICATOR_PREFIX = "positive_tests_age_"
_METHODOLOGY_ANCHORS: dict[str, str] = {
    "positive_tests": "positive-tests",
    "positive_tests_net": "positive-tests",
    "positive_tests_per_100k": "positive-tests",
    "positive_tests_7d_per_100k": "positive-tests-7d",
    "age_distribution": "age-distribution",
    "ggd_tested": "ggd-tests",
    "ggd_positive": "ggd-tests",
    "ggd_positive_pct": "ggd-tests",
    "hospital_admissions": "hospital-admissions",
    "hospital_admissions_3d_avg": "hospital-admissions",
    "hospital_beds_occupied": "hospital-beds",
    "ic_admissions": "intensive-care",
    "ic_admissions_3d_avg": "intensive-care",
    "ic_beds_occupied": "intensive-care",
    "ic_beds_occupied_pct": "intensive-care",
    "reproduction_number": "reproduction-number",
    "reproduction_number_low": "reproduction-number",
    "reproduction_number_high": "reproduction-number",
    "infectious_people": "infectious-people",
    "infectious_people_low": "infectious-people",
    "infectious_people_high": "infectious-people",
    "nursing_home_positive_residents": "nursing-homes",
    "nursing_home_infected_locations": "nursing-homes",
    "nursing_home_infected_locations_pct": "nursing-homes",
    "nursing_home_new_infected_locations": "nursing-homes",
    "nursing_home_deceased": "nursing-homes",
    "gp_suspicions": "gp-suspicions",
    "gp_suspicions_per_100k": "gp-suspicions",
    "sewer_average": "sewage",
    "sewer_plants": "sewage",
    "risk_level_indicative": "risk-band",
    "risk_level_official": "risk-band",
}


def methodology_anchor(indicator_id: str) -> str:
    """The anchor of the methodology section that explains an indicator."""
    if indicator_id.startswith(AGE_INDICATOR_PREFIX):
        return "age-distribution"
    try:
        return _METHODOLOGY_ANCHORS[indicator_id]
    except KeyError:
        raise KeyError(f"no methodology section is known for indicator {indicator_id!r}") from None


def page_href(slug: str, language: str, anchor: str | None = None) -> str:
    """The address of an explanatory page, optionally of one of its sections."""
    if slug not in PAGE_SLUGS:
        raise KeyError(f"unknown page {slug!r}")
    return f"/{language}/{slug}" + (f"#{anchor}" if anchor else "")


def methodology_href(indicator_id: str, language: str) -> str:
    """Where a tile's "How is this computed?" link goes."""
    return page_href("methodology", language, methodology_anchor(indicator_id))


def page_title(slug: str) -> str:
    """The page's title in the active locale (for the browser tab and the navigation)."""
    titles = {
        "about": _("About this dashboard"),
        "faq": _("Frequently asked questions"),
        "risk-levels": _("Risk levels"),
        "methodology": _("Methodology"),
        "accessibility": _("Accessibility statement"),
    }
    try:
        return titles[slug]
    except KeyError:
        raise KeyError(f"unknown page {slug!r}") from None


def _markdown(text: str, class_name: str) -> dcc.Markdown:
    return dcc.Markdown(text, className=class_name, dangerously_allow_html=False)


def _contents(page: Page) -> html.Nav:
    return html.Nav(
        [
            html.H2(_("Contents"), id="page-contents-heading", className="page-contents-heading"),
            html.Ol(
                [html.Li(html.A(section.heading, href=f"#{section.anchor}")) for section in page.sections]
            ),
        ],
        className="page-contents",
        **{"aria-labelledby": "page-contents-heading"},
    )


def _section(section: Section, collapsible: bool):
    body = _markdown(section.body, "page-section-body")
    if collapsible:
        return html.Details(
            [html.Summary(section.heading, className="page-section-summary"), body],
            id=section.anchor,
            className="page-section page-collapsible",
        )
    return html.Section(
        [html.H2(section.heading, className="page-section-heading"), body],
        id=section.anchor,
        className="page-section",
    )


def page_layout(slug: str, language: str) -> html.Article:
    """The whole page in one language: title, introduction, contents and sections."""
    page = load_page(slug, language)
    collapsible = slug in COLLAPSIBLE_PAGES
    with use_language(language):
        back = dcc.Link(_("Back to the dashboard"), href=f"/{language}/", className="page-back-link")
        contents = _contents(page)
    children = [
        html.P(back, className="page-back"),
        html.H1(page.title, id="page-title"),
        _markdown(page.intro, "page-intro") if page.intro else None,
        contents,
        html.Div([_section(s, collapsible) for s in page.sections], className="page-sections"),
    ]
    return html.Article(
        [child for child in children if child is not None],
        id=f"page-{slug}",
        className="content-page",
        lang=language,
    )
