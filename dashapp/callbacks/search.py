"""The search box: choosing an area opens its page."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashapp import ids
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path
from dashapp.layouts.search import target_path


def register_search(app: Dash) -> None:
    @app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True),
        Input(ids.AREA_SEARCH, "value"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    def choose_area(value: str | None, pathname: str | None):
        target = target_path(value, language_of_path(pathname) or DEFAULT_LANGUAGE)
        return target if target and target != pathname else no_update
