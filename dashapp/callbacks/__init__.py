"""Callbacks: thin functions that read the store's current Snapshot and hand it to layouts."""

from __future__ import annotations

from dash import Dash, Input, Output, State, no_update
from flask_babel import force_locale

from dashapp.data.store import DataStore
from dashapp.layouts import areas, national, shell
from dashapp.routes import Route, parse_path, path_for


def render_page(pathname: str | None, store: DataStore):
    """The whole page for a URL path, in the language the path names."""
    snapshot = store.current
    route = parse_path(pathname, store.reference)
    with force_locale(route.language):
        if not route.found:
            content = shell.not_found_view(route)
        elif snapshot is None:
            content = shell.loading_view()
        elif route.level == "nl":
            content = national.layout(snapshot, route.language)
        else:
            content = areas.layout(snapshot, route.level, route.code, route.language)
        return shell.page(route, pathname or "/", snapshot, content)


def changed_version(store: DataStore, known: str | None):
    """The snapshot version when it differs from the one the page shows; else nothing changes."""
    snapshot = store.current
    if snapshot is None or snapshot.version == known:
        return no_update
    return snapshot.version


def area_path(code: str | None, pathname: str | None, level: str, store: DataStore) -> str:
    """Where choosing an area in a picker leads."""
    route: Route = parse_path(pathname, store.reference)
    if not code or code == route.code:
        return no_update
    return path_for(route.language, level, code)


def register_callbacks(app: Dash, store: DataStore) -> None:
    @app.callback(
        Output("page", "children"),
        Output("shown-version", "data"),
        Input("url", "pathname"),
        Input("data-version", "data"),
    )
    def page(pathname, _version):
        snapshot = store.current
        return render_page(pathname, store), snapshot.version if snapshot else None

    @app.callback(
        Output("data-version", "data"),
        Input("version-poll", "n_intervals"),
        State("shown-version", "data"),
        prevent_initial_call=True,
    )
    def data_version(_ticks, shown):
        return changed_version(store, shown)

    for level in ("vr", "gm"):

        @app.callback(
            Output("url", "pathname", allow_duplicate=True),
            Input(f"{level}-picker", "value"),
            State("url", "pathname"),
            prevent_initial_call=True,
        )
        def choose(code, pathname, level=level):
            return area_path(code, pathname, level, store)
