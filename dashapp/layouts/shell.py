"""The frame around every page: header, language switch, tabs, notices, footer, and the page's slots.

The static layout holds fixed slots that the router callback fills. Moving between areas of one
level only refills the area slots and patches the map, so the header, the search box (with its
380 options) and the map's geometry are not sent again.
"""

from __future__ import annotations

from dash import dcc, html

from dashapp import ids
from dashapp.content import PAGE_SLUGS
from dashapp.data.reference import Reference
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, current_language, format_date, format_datetime
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.layouts.pages import page_href, page_title
from dashapp.routes import CHANGES, COMPARE, Route, path_for, switch_language

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
VERSION_POLL_MS = 5 * 60 * 1000


def static_layout() -> html.Div:
    """What Dash serves before any callback: no text, so it needs no language and no data."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            # The page asks every few minutes whether the data changed; only the version travels.
            dcc.Interval(id=ids.VERSION_POLL, interval=VERSION_POLL_MS),
            dcc.Store(id=ids.DATA_VERSION),
            dcc.Store(id=ids.SHOWN_VERSION),
            dcc.Store(id=ids.FRAME_KEY),
            dcc.Store(id=ids.PAGE_TITLE),
            dcc.Store(id=ids.TITLE_SINK),
            # The site header: its title part is filled once per frame, its language link on every move.
            html.Header(
                [html.Div(id=ids.HEADER_SLOT), html.Div(id=ids.LANGUAGE_NAV)], className="site-header"
            ),
            html.Div(id=ids.NOTICE_SLOT),
            html.Div(id=ids.TABS_SLOT),
            html.Main(
                [
                    html.Div(id=ids.SEARCH_SLOT),
                    html.Div(id=ids.TOP_SLOT),
                    html.Section(
                        [
                            html.H2(id=ids.MAP_HEADING),
                            html.Div(id=ids.MAP_CONTROLS),
                            dcc.Graph(
                                id=ids.AREA_MAP,
                                config={"displayModeBar": False, "scrollZoom": False},
                                style={"height": "460px"},
                            ),
                            html.Div(id=ids.MAP_LEGEND, className="map-legend"),
                            html.P(id=ids.MAP_NOTE, className="map-note"),
                        ],
                        id=ids.MAP_SECTION,
                        className="map-section",
                        hidden=True,
                    ),
                    html.Div(id=ids.CHARTS_SLOT),
                    html.Div(id=ids.BOTTOM_SLOT),
                ],
                id="main",
                tabIndex="-1",
            ),
            html.Div(id=ids.FOOTER_SLOT),
        ],
        className="page",
    )


def language_links(route: Route, pathname: str) -> html.Nav:
    """Links to this same page in the other languages (refreshed on every move within the app)."""
    links = [
        html.A(
            LANGUAGE_NAMES[lang],
            href=switch_language(pathname, lang),
            hrefLang=lang,
            lang=lang,
            className="language-link",
            id=f"language-{lang}",
        )
        for lang in LANGUAGES
        if lang != route.language
    ]
    return html.Nav(links, className="language-switch", **Aria({"aria-label": _("Language")}))


def header(route: Route) -> html.Div:
    """The title part of the site header (the language link is ``language_links``)."""
    return html.Div(
        [
            html.A(_("Skip to main content"), href="#main", className="skip-link"),
            html.P(
                dcc.Link(_("Coronavirus dashboard"), href=path_for(route.language, "nl")),
                className="site-title",
            ),
            html.P(_("How COVID-19 develops in the Netherlands"), className="site-tagline"),
        ]
    )


def tabs(route: Route) -> html.Nav:
    items = [
        ("nl", _("The Netherlands")),
        ("vr", _("Safety region")),
        ("gm", _("Municipality")),
    ]
    links = []
    for level, label in items:
        active = route.level == level
        links.append(
            html.Li(
                # dcc.Link takes no aria attributes, so the current tab says so in hidden text.
                dcc.Link(
                    [label, html.Span(_("(current page)"), className="visually-hidden")] if active else label,
                    href=path_for(route.language, level),
                    className="nav-link active" if active else "nav-link",
                    id=f"tab-{level}",
                ),
                className="nav-item",
            )
        )
    return html.Nav(html.Ul(links, className="nav nav-tabs level-tabs"), **Aria({"aria-label": _("Levels")}))


def notices(snapshot: Snapshot | None) -> html.Div | None:
    if snapshot is None or not snapshot.demo:
        return None
    return html.Div(
        _("Demonstration data: the figures on this page are generated, not real measurements."),
        className="alert alert-warning demo-notice",
        role="note",
        id="demo-notice",
    )


def footer(snapshot: Snapshot | None) -> html.Footer:
    if snapshot is None:
        text = [_("No data has been loaded yet.")]
    else:
        text = [_("Data last refreshed on %(time)s.", time=format_datetime(snapshot.built_at))]
        if snapshot.obtained_on:
            text += [
                " ",
                _(
                    "Newest source file obtained on %(date)s.",
                    date=format_date(snapshot.obtained_on),
                ),
            ]
    language = current_language()
    across_areas = [
        html.Li(dcc.Link(_("Compare areas"), href=path_for(language, COMPARE))),
        html.Li(dcc.Link(_("What changed this week"), href=path_for(language, CHANGES))),
    ]
    links = across_areas + [
        html.Li(html.A(page_title(slug), href=page_href(slug, language))) for slug in PAGE_SLUGS
    ]
    return html.Footer(
        [
            html.Nav(
                html.Ul(links, className="footer-links"), **Aria({"aria-label": _("About this dashboard")})
            ),
            html.P(text, id="last-refresh"),
        ],
        className="site-footer",
    )


def loading_view() -> html.P:
    return html.P(_("The figures are being loaded. Please try again in a moment."), role="status")


def _start_links() -> html.Ul:
    language = current_language()
    return html.Ul(
        [
            html.Li(dcc.Link(_("The Netherlands"), href=path_for(language, "nl"))),
            html.Li(dcc.Link(_("All safety regions"), href=path_for(language, "vr"))),
            html.Li(dcc.Link(_("All municipalities"), href=path_for(language, "gm"))),
        ]
    )


def not_found_view(route: Route) -> html.Div:
    return html.Div(
        [
            html.H1(_("Page not found")),
            html.P(
                _("There is no area with code %(code)s.", code=route.code)
                if route.code
                else _("This address does not lead to a page of the dashboard.")
            ),
            html.P(_("You may find what you are looking for here:")),
            _start_links(),
        ],
        id="not-found",
    )


def later_code_view(route: Route, reference: Reference) -> html.Div:
    """A municipality of a later division: name the 2020 municipalities it was formed from."""
    steps = [s for s in reference.successors if s.new_code == route.code]
    first = steps[0]
    predecessors = [s for s in steps if s.old_code in reference.municipalities]
    return html.Div(
        [
            html.H1(first.new_name),
            html.P(
                _(
                    "%(name)s (%(code)s) was formed on %(date)s, after the period this dashboard covers, "
                    "which uses the municipalities of 2020. Its figures are those of:",
                    name=first.new_name,
                    code=first.new_code,
                    date=format_date(first.effective),
                )
            ),
            html.Ul(
                [
                    html.Li(
                        dcc.Link(
                            reference.municipalities[s.old_code].name,
                            href=path_for(route.language, "gm", s.old_code),
                        )
                    )
                    for s in predecessors
                ]
            ),
        ],
        id="later-code",
    )


def merged_note(reference: Reference, code: str) -> html.P | None:
    """On the page of a 2020 municipality that has since merged: a sentence saying into what."""
    steps = reference.successors_of(code)
    if not steps:
        return None
    if len(steps) == 1:
        step = steps[0]
        text = _(
            "On %(date)s %(old)s became part of %(new)s.",
            date=format_date(step.effective),
            old=step.old_name,
            new=step.new_name,
        )
    else:
        text = _(
            "On %(date)s %(old)s was divided between %(new)s.",
            date=format_date(steps[0].effective),
            old=steps[0].old_name,
            new=", ".join(step.new_name for step in steps),
        )
    return html.P(text, className="merged-note", role="note")
