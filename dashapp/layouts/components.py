"""Building blocks shared by every tab. Functions return Dash components with plain strings."""

from __future__ import annotations

from dash import dcc, html
from flask_babel import gettext as _

from dashapp.data.catalog import INDICATORS
from dashapp.data.snapshot import LatestValue
from dashapp.i18n import format_date, format_number
from dashapp.labels import indicator_label, source_label


def kpi_tile(indicator: str, latest: LatestValue | None, language: str, *, tile_id: str | None = None):
    """A figure with its value, its "value of" date, its "obtained on" date and its source."""
    title = indicator_label(indicator)
    if latest is None:
        body = [html.P(_("No data available"), className="kpi-missing")]
    else:
        body = [
            html.P(
                format_number(latest.value, INDICATORS[indicator].decimals, language), className="kpi-value"
            ),
            html.P(
                [_("Value of %(date)s", date=format_date(latest.value_of, language))],
                className="kpi-date kpi-value-of",
            ),
            html.P(
                [
                    _("Obtained on %(date)s", date=format_date(latest.obtained_on, language)),
                    " · ",
                    _("Source: %(source)s", source=source_label(latest.source)),
                ],
                className="kpi-date kpi-obtained-on",
            ),
        ]
    return html.Section(
        [html.H3(title, className="kpi-title"), *body],
        className="kpi-tile",
        id=tile_id or f"kpi-{indicator}",
        **{"aria-label": title},
    )


def area_heading(title: str, subtitle: str | None = None):
    return html.Div(
        [html.H2(title, id="area-title"), html.P(subtitle, className="lead") if subtitle else None]
    )


def area_picker(
    picker_id: str, label: str, options: list[dict[str, str]], value: str | None, placeholder: str
):
    return html.Div(
        [
            html.Label(label, htmlFor=picker_id, className="form-label"),
            dcc.Dropdown(
                id=picker_id,
                options=options,
                value=value,
                placeholder=placeholder,
                clearable=False,
                searchable=True,
                labels=dropdown_labels(),
            ),
        ],
        className="area-picker",
    )


def dropdown_labels() -> dict[str, str]:
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
