"""The frame around every page: header, language switch, tabs, demo notice and footer."""

from __future__ import annotations

from dash import dcc, html
from flask_babel import gettext as _

from dashapp.data.snapshot import Snapshot
from dashapp.i18n import LANGUAGES, format_date, format_datetime
from dashapp.routes import Route, path_for, switch_language

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}
VERSION_POLL_MS = 5 * 60 * 1000


def static_layout():
    """What Dash serves before any callback: no text, so it needs no language and no data."""
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            # The page asks every few minutes whether the data changed; only the version travels.
            dcc.Interval(id="version-poll", interval=VERSION_POLL_MS),
            dcc.Store(id="data-version"),
            dcc.Store(id="shown-version"),
            html.Div(id="page", className="page"),
        ]
    )


def header(route: Route, pathname: str):
    other = [lang for lang in LANGUAGES if lang != route.language]
    switch = [
        html.A(
            LANGUAGE_NAMES[lang],
            href=switch_language(pathname, lang),
            hrefLang=lang,
            lang=lang,
            className="language-link",
            id=f"language-{lang}",
        )
        for lang in other
    ]
    return html.Header(
        [
            html.A(_("Skip to main content"), href="#main", className="skip-link"),
            html.Div(
                [
                    html.H1(_("Coronavirus dashboard"), className="site-title"),
                    html.P(_("How COVID-19 develops in the Netherlands"), className="site-tagline"),
                ]
            ),
            html.Nav(switch, className="language-switch", **{"aria-label": _("Language")}),
        ],
        className="site-header",
    )


def tabs(route: Route):
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
    return html.Nav(html.Ul(links, className="nav nav-tabs"), **{"aria-label": _("Levels")})


def demo_notice(snapshot: Snapshot | None):
    if snapshot is None or not snapshot.demo:
        return None
    return html.Div(
        _("Demonstration data: the figures on this page are generated, not real measurements."),
        className="alert alert-warning demo-notice",
        role="note",
        id="demo-notice",
    )


def footer(snapshot: Snapshot | None, language: str):
    if snapshot is None:
        text = [_("No data has been loaded yet.")]
    else:
        text = [_("Data last refreshed on %(time)s.", time=format_datetime(snapshot.built_at, language))]
        if snapshot.obtained_on:
            text += [
                " ",
                _(
                    "Newest source file obtained on %(date)s.",
                    date=format_date(snapshot.obtained_on, language),
                ),
            ]
    return html.Footer(html.P(text, id="last-refresh"), className="site-footer")


def page(route: Route, pathname: str, snapshot: Snapshot | None, content):
    return [
        header(route, pathname),
        demo_notice(snapshot),
        tabs(route),
        html.Main(content, id="main", tabIndex="-1", lang=route.language),
        footer(snapshot, route.language),
    ]


def loading_view():
    return html.P(_("The figures are being loaded. Please try again in a moment."), role="status")


def not_found_view(route: Route):
    return html.Div(
        [
            html.H2(_("Page not found")),
            html.P(
                _("There is no area with code %(code)s.", code=route.code)
                if route.code
                else _("This address does not lead to a page of the dashboard.")
            ),
            html.Ul(
                [
                    html.Li(dcc.Link(_("The Netherlands"), href=path_for(route.language, "nl"))),
                    html.Li(dcc.Link(_("All safety regions"), href=path_for(route.language, "vr"))),
                    html.Li(dcc.Link(_("All municipalities"), href=path_for(route.language, "gm"))),
                ]
            ),
        ],
        id="not-found",
    )
