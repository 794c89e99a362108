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
from dashapp.i18n import N_, current_language
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.metrics.registry import METRICS

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

# Figures shown outside the metric registry, and the methodology section that explains them; every
# metric of the registry names its own section.
_OTHER_ANCHORS: dict[str, str] = {
    "age_distribution": "age-distribution",
    "risk_level_official": "risk-band",
}


def methodology_anchor(indicator_id: str) -> str:
    """The anchor of the methodology section that explains an indicator."""
    metric = METRICS.get(indicator_id)
    if metric is not None:
        return metric.methodology
    try:
        return _OTHER_ANCHORS[indicator_id]
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


PAGE_TITLES = {
    "about": N_("About this dashboard"),
    "faq": N_("Frequently asked questions"),
    "risk-levels": N_("Risk levels"),
    "methodology": N_("Methodology"),
    "accessibility": N_("Accessibility statement"),
    "open-data": N_("Open data: API and downloads"),
}


def page_title(slug: str) -> str:
    """The page's title in the active locale (for the browser tab and the navigation)."""
    try:
        return _(PAGE_TITLES[slug])
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
        **Aria({"aria-labelledby": "page-contents-heading"}),
    )


def _section(section: Section, collapsible: bool) -> html.Details | html.Section:
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


def page_layout(slug: str) -> html.Article:
    """The whole page in one language: title, introduction, contents and sections."""
    language = current_language()
    page = load_page(slug, language)
    collapsible = slug in COLLAPSIBLE_PAGES
    back = dcc.Link(_("Back to the dashboard"), href=f"/{language}/", className="page-back-link")
    children = [
        html.P(back, className="page-back"),
        html.H1(page.title, id="page-title"),
        _markdown(page.intro, "page-intro") if page.intro else None,
        _contents(page),
        html.Div([_section(s, collapsible) for s in page.sections], className="page-sections"),
    ]
    return html.Article(
        [child for child in children if child is not None],
        id=f"page-{slug}",
        className="content-page",
        lang=language,
    )
