"""The page "What changed this week" and the short notice on an area page that crossed something.

Both read the crossings the snapshot's artefacts hold (``dashapp.insights.crossings``): nothing is
computed here but the order of the lines. Call inside ``use_language``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import parse_qs

from dash import dcc, html
from dash.development.base_component import Component

from dashapp.data.reference import Reference
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import current_language, format_date, format_percent
from dashapp.i18n import gettext as _
from dashapp.insights import rules
from dashapp.insights.crossings import HOSPITAL, RISK_BAND, SEWAGE, SIGNAL, Crossing, crossings
from dashapp.insights.texts import area_href, area_name, headline, indicative_note, side_text
from dashapp.layouts.aria import Aria
from dashapp.layouts.blocks import area_heading
from dashapp.layouts.pages import page_href
from dashapp.layouts.search import sort_key
from dashapp.routes import CHANGES, FEED, path_for

PAGE_ID = "changes-page"
NOTICE_ID = "crossing-notice"
LEVEL_ORDER = {"nl": 0, "vr": 1, "gm": 2}
# The notice names at most this many crossings of its area; the page has the rest.
NOTICE_LINES = 3


def level_word(level: str) -> str:
    return {"nl": _("country"), "vr": _("safety region"), "gm": _("municipality")}[level]


def changes_href(language: str, area: str | None = None) -> str:
    return path_for(language, CHANGES) + (f"?area={area}" if area else "")


def feed_href(language: str, area: str | None = None) -> str:
    return path_for(language, FEED) + (f"?area={area}" if area else "")


def area_filter(query: str | Mapping[str, Sequence[str]] | None, reference: Reference) -> str | None:
    """The known area code in ``?area=``, if any (anything else shows every area)."""
    values = parse_qs(query.lstrip("?")) if isinstance(query, str) else (query or {})
    wanted = [value.strip().upper() for value in values.get("area", ())]
    if not wanted:
        return None
    code = wanted[0]
    known = code == "NL" or code in reference.regions or code in reference.municipalities
    return code if known else None


def _ordered(items: Sequence[Crossing], reference: Reference, keep_order: bool = False) -> list[Crossing]:
    if keep_order:
        return sorted(items, key=lambda item: LEVEL_ORDER[item.level])  # stable: largest rise first
    return sorted(
        items, key=lambda item: (LEVEL_ORDER[item.level], sort_key(area_name(reference, item.code)))
    )


def _table(items: Sequence[Crossing], reference: Reference, caption: str) -> html.Div:
    language = current_language()
    rows = [
        html.Tr(
            [
                html.Th(
                    [
                        dcc.Link(
                            area_name(reference, item.code), href=area_href(language, item.level, item.code)
                        ),
                        html.Span(f" ({level_word(item.level)})", className="area-level"),
                    ],
                    scope="row",
                ),
                html.Td(side_text(item, True)),
                html.Td(side_text(item, False)),
            ]
        )
        for item in items
    ]
    return html.Div(
        html.Table(
            [
                html.Caption(caption, className="visually-hidden"),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(_("Area"), scope="col"),
                            html.Th(_("Before"), scope="col"),
                            html.Th(_("After"), scope="col"),
                        ]
                    )
                ),
                html.Tbody(rows),
            ],
            className="table table-sm table-striped changes-table",
        ),
        className="table-responsive",
        tabIndex="0",
    )


def _section(
    anchor: str, title: str, intro: str, items: Sequence[Crossing], reference: Reference
) -> html.Section:
    body = (
        _table(items, reference, title) if items else html.P(_("None this week."), className="changes-none")
    )
    return html.Section(
        [html.H2(title, id=f"{anchor}-title"), html.P(intro, className="section-intro"), body],
        id=anchor,
        className="dashboard-section",
        **Aria({"aria-labelledby": f"{anchor}-title"}),
    )


def thresholds_text() -> list[html.P]:
    return [
        html.P(
            _(
                "The signal value is 7 positive tests per 100,000 inhabitants a day; "
                "here it is compared with the average of the last 7 days, "
                "so that one busy day does not count as a crossing. "
                "A value exactly at a threshold has not crossed it."
            )
        ),
        html.P(
            _(
                "The indicative risk band of a safety region follows from the guidance of the risk levels: "
                "band 2 (Concern) above 50 positive tests per 100,000 inhabitants in a week or above "
                "%(concern)s of the GGD's tests positive, band 3 (Serious) above 150 or above %(serious)s, "
                "band 4 (Severe) above 250.",
                concern=format_percent(rules.SHARE_THRESHOLDS[0], 0),
                serious=format_percent(rules.SHARE_THRESHOLDS[1], 0),
            )
        ),
        html.P(
            [
                indicative_note(),
                " ",
                html.A(_("About the risk levels"), href=page_href("risk-levels", current_language())),
            ],
            className="changes-indicative",
        ),
    ]


def layout(
    snapshot: Snapshot, reference: Reference, query: str | Mapping[str, Sequence[str]] | None = None
) -> html.Div:
    """The page; ``?area=GM0363`` narrows it to one area."""
    language = current_language()
    found = crossings(snapshot)
    area = area_filter(query, reference)
    items = found.of_area(area) if area else found.items
    if found.newest_day is None:
        intro = _("There are no data yet to compare.")
    else:
        intro = _(
            "Which areas crossed a threshold in the newest week of data, up to %(date)s. Each line compares "
            "the newest value with the one a week earlier, and links to the area.",
            date=format_date(found.newest_day),
        )
    heading_parts = [area_heading(_("What changed this week"), area_name(reference, area) if area else None)]
    navigation: list[Component | str] = [
        html.A(
            _("Follow these changes in a feed reader (Atom)"),
            href=feed_href(language, area),
            rel="alternate",
        ),
    ]
    if area:
        navigation.append(" · ")
        navigation.append(dcc.Link(_("Every area"), href=changes_href(language)))

    def picked(rule: str, direction: str | None = None) -> list[Crossing]:
        return [
            item for item in items if item.rule == rule and (direction is None or item.direction == direction)
        ]

    sections = [
        _section(
            "signal-up",
            _("Rose above the signal value"),
            _("The average of the last 7 days went above 7 positive tests per 100,000 inhabitants a day."),
            _ordered(picked(SIGNAL, rules.UP), reference),
            reference,
        ),
        _section(
            "signal-down",
            _("Fell back to or below the signal value"),
            _("The average of the last 7 days was above 7 a week earlier, and is now at 7 or below."),
            _ordered(picked(SIGNAL, rules.DOWN), reference),
            reference,
        ),
        _section(
            "band-up",
            _("Into a higher indicative risk band"),
            _("Safety regions whose indicative band of the newest week is higher than the week before."),
            _ordered(picked(RISK_BAND, rules.UP), reference),
            reference,
        ),
        _section(
            "band-down",
            _("Into a lower indicative risk band"),
            _("Safety regions whose indicative band of the newest week is lower than the week before."),
            _ordered(picked(RISK_BAND, rules.DOWN), reference),
            reference,
        ),
        _section(
            "hospital-rising",
            _("Hospital admissions rising for the third week running"),
            _(
                "The country and the safety regions where the hospital admissions of each of the last three "
                "complete weeks or more were higher than those of the week before. "
                "Before: the week before the rise began."
            ),
            _ordered(picked(HOSPITAL), reference),
            reference,
        ),
        _section(
            "sewage-rising",
            _("Where the sewage average rose most"),
            _(
                "The five safety regions and ten municipalities whose weekly average of virus particles in "
                "sewage (per 100,000 inhabitants) rose most since the week before."
            ),
            _ordered(picked(SEWAGE), reference, keep_order=True),
            reference,
        ),
    ]
    return html.Div(
        [
            *heading_parts,
            html.P(intro, className="lead"),
            *thresholds_text(),
            html.P(navigation, className="changes-links"),
            *sections,
        ],
        id=PAGE_ID,
    )


def crossing_notice(snapshot: Snapshot, level: str, code: str) -> html.Aside | None:
    """A short notice for an area page when the area crossed something in the newest week; else ``None``."""
    items = crossings(snapshot).of_area(code)
    if not items:
        return None
    reference = snapshot.reference
    language = current_language()
    lines = [html.Li(headline(item, reference) + ".") for item in items[:NOTICE_LINES]]
    return html.Aside(
        [
            html.H2(_("Crossed this week"), className="notice-title", id=f"{NOTICE_ID}-title"),
            html.Ul(lines),
            html.P(
                [
                    dcc.Link(_("What changed this week"), href=changes_href(language, code)),
                    html.Span(" – ", **Aria({"aria-hidden": "true"})),
                    _("indicative: the official risk level is the minister's decision."),
                ]
            ),
        ],
        className="crossing-notice",
        id=NOTICE_ID,
        **Aria({"aria-labelledby": f"{NOTICE_ID}-title"}),
    )
