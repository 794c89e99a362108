"""The comparison of areas: add an area with the site's search (Enter or the button; several matches
are offered as buttons), remove one with its button, choose the figure and the time range with
toggle buttons. Every change is written to the URL's query string (so the address can be shared)
and to the language link, and redraws the chart and its table."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashapp import ids
from dashapp.data.current import CurrentSnapshot
from dashapp.data.reference import Reference
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path, use_language
from dashapp.i18n import gettext as _
from dashapp.insights.comparison import compare
from dashapp.insights.selection import MAX_AREAS, Selection, fitted
from dashapp.layouts import compare as page
from dashapp.layouts.compare import (
    CHOSEN,
    METRIC_GROUP,
    METRIC_PICK,
    PICK,
    RANGE_GROUP,
    RANGE_PICK,
    REMOVE,
    RESULTS,
    SEARCH,
    SEARCH_BUTTON,
    SELECTION,
    SERIES_TABLE,
    STATUS,
    TABLE_TOGGLE,
)
from dashapp.layouts.search import OPEN
from dashapp.layouts.shell import language_links
from dashapp.routes import COMPARE, parse_path

OUTPUTS = {
    "selection": Output(SELECTION, "data"),
    "search": Output(ids.URL, "search", allow_duplicate=True),
    "query": Output(SEARCH, "value"),
    "status": Output(STATUS, "children"),
    "chosen": Output(CHOSEN, "children"),
    "metrics": Output(METRIC_GROUP, "children"),
    "ranges": Output(RANGE_GROUP, "children"),
    "results": Output(RESULTS, "children"),
    "language": Output(ids.LANGUAGE_NAV, "children", allow_duplicate=True),
}
INPUTS = {
    "submitted": Input(SEARCH, "n_submit"),
    "searched": Input(SEARCH_BUTTON, "n_clicks"),
    "picked": Input({"type": PICK, "code": ALL}, "n_clicks"),
    "removed": Input({"type": REMOVE, "code": ALL}, "n_clicks"),
    "metrics": Input({"type": METRIC_PICK, "metric": ALL}, "n_clicks"),
    "ranges": Input({"type": RANGE_PICK, "range": ALL}, "n_clicks"),
}
STATE = {
    "query": State(SEARCH, "value"),
    "data": State(SELECTION, "data"),
    "pathname": State(ids.URL, "pathname"),
}


def with_area(selection: Selection, code: str, reference: Reference) -> tuple[Selection, str]:
    label = page.area_label(reference, code)
    if code in selection.areas:
        return selection, _("%(area)s is already in the comparison.", area=label)
    if len(selection.areas) >= MAX_AREAS:
        return selection, _("At most %(count)s areas can be compared: remove one first.", count=MAX_AREAS)
    return selection.with_area(code, reference), _("%(area)s added.", area=label)


def changed_selection(
    selection: Selection, trigger: object, clicked: object, query: object, reference: Reference
) -> tuple[Selection, object]:
    """The selection after what the visitor did (``trigger``: the id of what changed, ``clicked``: its
    new value), and what the status line under the search says (text or components)."""
    if trigger in (SEARCH, SEARCH_BUTTON):
        found = page.found_areas(reference, query)
        if found.outcome == OPEN:
            return with_area(selection, found.codes[0], reference)
        return selection, page.search_status(reference, str(query or ""), found, selection)
    if not isinstance(trigger, dict) or not clicked:
        # A button that appears (after a search, or after an area was added) has no clicks yet.
        raise PreventUpdate
    kind = trigger.get("type")
    if kind == PICK:
        return with_area(selection, str(trigger.get("code")), reference)
    if kind == REMOVE:
        code = str(trigger.get("code"))
        if code not in selection.areas:
            raise PreventUpdate
        return selection.without_area(code), _("%(area)s removed.", area=page.area_label(reference, code))
    if kind == METRIC_PICK:
        return Selection(selection.areas, str(trigger.get("metric")), selection.range_name), ""
    if kind == RANGE_PICK:
        return Selection(selection.areas, selection.metric, str(trigger.get("range"))), ""
    raise PreventUpdate


def register_compare(app: Dash, store: CurrentSnapshot) -> None:
    @app.callback(
        output=OUTPUTS,
        inputs=INPUTS,
        state=STATE,
        prevent_initial_call=True,
    )
    def update_comparison(
        submitted: int | None,
        searched: int | None,
        picked: list[int | None],
        removed: list[int | None],
        metrics: list[int | None],
        ranges: list[int | None],
        query: str | None,
        data: object,
        pathname: str | None,
    ) -> dict[str, object]:
        snapshot = store.current
        reference = store.reference
        route = parse_path(pathname, reference)
        if snapshot is None or route.level != COMPARE:
            raise PreventUpdate
        clicked = ctx.triggered[0].get("value") if ctx.triggered else None
        with use_language(route.language):
            available = snapshot.tables
            current = page.selection_of(data, reference, available)
            wanted, status = changed_selection(current, ctx.triggered_id, clicked, query, reference)
            selection = fitted(wanted, wanted.metric, wanted.range_name, reference, available)
            if selection == current:
                # Nothing to redraw: only what the search says.
                answer: dict[str, object] = dict.fromkeys(OUTPUTS, no_update)
                answer["status"] = status
                return answer
            query_string = selection.query()
            same_areas = selection.areas == current.areas
            return {
                "selection": page.selection_data(selection),
                "search": query_string,
                "query": no_update if same_areas else "",
                "status": status,
                "chosen": no_update if same_areas else page.chosen_list(selection, reference),
                "metrics": page.metric_buttons(selection, reference, available),
                "ranges": page.range_buttons(selection),
                "results": page.results(snapshot, selection),
                "language": language_links(route, (pathname or "/") + query_string),
            }

    @app.callback(
        output={
            "table": Output(SERIES_TABLE, "children"),
            "expanded": Output(TABLE_TOGGLE, "aria-expanded"),
            "label": Output(TABLE_TOGGLE, "children"),
        },
        inputs={"clicks": Input(TABLE_TOGGLE, "n_clicks")},
        state={"data": State(SELECTION, "data"), "pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def toggle_numbers(clicks: int | None, data: object, pathname: str | None) -> dict[str, object]:
        snapshot = store.current
        language = language_of_path(pathname) or DEFAULT_LANGUAGE
        if snapshot is None:
            return {"table": no_update, "expanded": no_update, "label": no_update}
        with use_language(language):
            if not clicks or clicks % 2 == 0:
                return {"table": None, "expanded": "false", "label": _("Show the numbers as a table")}
            selection = page.selection_of(data, store.reference, snapshot.tables)
            table = page.series_table(compare(snapshot, selection), store.reference)
            return {"table": table, "expanded": "true", "label": _("Hide the table")}
