"""Page blocks shared by every tab: sections, headings, the metric menu and tables of numbers."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html
from dash.development.base_component import Component

from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria


def number_table(caption: str, header: list[str], rows: list[list[str]], *, scroll: bool = False) -> html.Div:
    """A table of numbers with a caption; the first cell of each row heads the row."""
    return html.Div(
        html.Table(
            [
                html.Caption(caption),
                html.Thead(html.Tr([html.Th(cell, scope="col") for cell in header])),
                html.Tbody(
                    [
                        html.Tr([html.Th(row[0], scope="row"), *(html.Td(cell) for cell in row[1:])])
                        for row in rows
                    ]
                ),
            ],
            className="table table-sm table-striped",
        ),
        className="table-responsive chart-table-scroll" if scroll else "table-responsive",
        # Focusable so that a keyboard user can scroll a table wider or taller than its box.
        tabIndex="0",
    )


def section(
    anchor: str, title: str, children: Sequence[Component | None], *, intro: str | None = None
) -> html.Section:
    """A page section with a heading that the metric menu links to."""
    return html.Section(
        [
            html.H2(title, id=f"{anchor}-title"),
            html.P(intro, className="section-intro") if intro else None,
            *children,
        ],
        id=anchor,
        className="dashboard-section",
        **Aria({"aria-labelledby": f"{anchor}-title"}),
    )


def metric_menu(entries: list[tuple[str, str, str]], label: str) -> html.Nav:
    """The list of every figure on the page with its latest value, linking to its section.

    ``entries`` are (anchor, title, latest value text).
    """
    return html.Nav(
        [
            html.H2(label, className="metric-menu-title"),
            html.Ul(
                [
                    html.Li(
                        html.A(
                            [
                                html.Span(title, className="metric-name"),
                                html.Span(value, className="metric-value"),
                            ],
                            href=f"#{anchor}",
                        )
                    )
                    for anchor, title, value in entries
                ],
                className="metric-menu-list",
            ),
        ],
        className="metric-menu",
        **Aria({"aria-label": label}),
    )


def area_heading(title: str, subtitle: str | None = None) -> html.Div:
    return html.Div(
        [html.H1(title, id="area-title"), html.P(subtitle, className="lead") if subtitle else None]
    )


def dropdown_labels() -> dcc.Dropdown.Labels:
    """The texts Dash's Dropdown shows by itself, in the page's language."""
    return {
        "select_all": _("Select all"),
        "deselect_all": _("Deselect all"),
        "selected_count": _("{num} selected"),
        "search": _("Search"),
        "clear_search": _("Clear search"),
        "clear_selection": _("Clear selection"),
        "no_options_found": _("No results found"),
    }
