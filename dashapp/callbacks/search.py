"""The search box: Enter (or its button) opens the area typed, or says what was found."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update

from dashapp import ids
from dashapp.data.postcodes import PostcodeTable
from dashapp.data.reference import Reference, load_reference
from dashapp.i18n import DEFAULT_LANGUAGE, language_of_path, use_language
from dashapp.layouts.search import OPEN, SEARCH_BUTTON, SEARCH_RESULTS, area_path, find_areas, search_feedback


def answer(
    reference: Reference, query: object, pathname: str | None, postcodes: PostcodeTable | None
) -> dict[str, object]:
    """The page to open (``path``) or the words to show (``results``) for a submitted query."""
    if not isinstance(query, str) or not query.strip():
        return {"path": no_update, "results": None}
    language = language_of_path(pathname) or DEFAULT_LANGUAGE
    found = find_areas(reference, query, postcodes)
    if found.outcome == OPEN:
        target = area_path(found.codes[0], language)
        return {"path": target if target != pathname else no_update, "results": None}
    with use_language(language):
        return {"path": no_update, "results": search_feedback(reference, query, found, language)}


def register_search(
    app: Dash, postcodes: PostcodeTable | None = None, reference: Reference | None = None
) -> None:
    """``postcodes``: the configured postcode table (``dashapp.data.postcodes.configured_postcodes``),
    None when none is set up (a postcode search then says so)."""
    division = reference or load_reference()

    @app.callback(
        output={
            "path": Output(ids.URL, "pathname", allow_duplicate=True),
            "results": Output(SEARCH_RESULTS, "children"),
        },
        inputs={"submitted": Input(ids.AREA_SEARCH, "n_submit"), "clicked": Input(SEARCH_BUTTON, "n_clicks")},
        state={"query": State(ids.AREA_SEARCH, "value"), "pathname": State(ids.URL, "pathname")},
        prevent_initial_call=True,
    )
    def search(
        submitted: int | None, clicked: int | None, query: object, pathname: str | None
    ) -> dict[str, object]:
        return answer(division, query, pathname, postcodes)
