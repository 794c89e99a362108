"""The validation layout: every id and property a callback names is in it, with the type the real
page gives that id, and the check that says so fails on a misspelt id."""

from __future__ import annotations

import json

import dash
import pytest
from dash import Input, Output, html

from dashapp import ids
from dashapp.callbacks import register_callbacks
from dashapp.data.boundaries import label_point_geometry
from dashapp.layouts import areas, compare, national
from dashapp.layouts.map_view import MapView, metric_control
from dashapp.layouts.search import search_box
from dashapp.layouts.shell import static_layout
from dashapp.layouts.validation import validation_layout
from dashapp.routes import Route
from tests.conftest import DEMO_END
from tests.ui.callback_ids import types_by_id, unknown_dependencies
from tests.ui.layout_tools import page_context


class SnapshotStore:
    """The little of a store that registering callbacks needs."""

    def __init__(self, snapshot):
        self.current = snapshot
        self.reference = snapshot.reference


@pytest.fixture(scope="module")
def map_view() -> MapView:
    return MapView(label_point_geometry())


@pytest.fixture(scope="module")
def app(demo_snapshot, map_view) -> dash.Dash:
    app = dash.Dash(__name__)
    app.layout = static_layout
    register_callbacks(app, SnapshotStore(demo_snapshot), map_view)
    return app


def test_register_callbacks_gives_the_app_its_validation_layout(app):
    assert app.validation_layout is not None
    # Dash checks callbacks against the validation layout only when it does not suppress the check.
    assert app.config.suppress_callback_exceptions is False


def test_every_id_and_property_of_every_callback_is_in_the_validation_layout(app):
    assert len(app._callback_list) >= 12
    assert unknown_dependencies(app, app.validation_layout) == []


def test_the_check_reports_a_misspelt_id_and_a_property_the_component_lacks():
    throwaway = dash.Dash(__name__)
    throwaway.layout = html.Div()

    @throwaway.callback(Output(ids.TOP_SLOT, "children"), Input("ur1", "pathname"))
    def misspelt(pathname):
        return pathname

    @throwaway.callback(Output(ids.AREA_MAP, "figur"), Input(ids.URL, "pathname"))
    def wrong_property(pathname):
        return pathname

    assert unknown_dependencies(throwaway, validation_layout()) == [
        "area-map.figur: Graph has no property 'figur'",
        "ur1.pathname: no component has this id",
    ]


def test_the_validation_layout_gives_each_id_the_type_of_the_real_pages(demo_snapshot, map_view):
    """The stand-ins must be the components the pages really hold: a Graph where a Graph is drawn."""
    with page_context("en"):
        real = [
            static_layout(),
            national.layout(demo_snapshot, map_view, today=DEMO_END),
            areas.area_charts(demo_snapshot, "vr", "VR13", DEMO_END),
            areas.area_charts(demo_snapshot, "gm", "GM0363", DEMO_END),
            search_box(demo_snapshot.reference),
            metric_control("gm"),
            # The map's controls as the router sends them: with the Store that says "in view".
            map_view.area_outputs(Route("en", "gm", "GM0363"), demo_snapshot, patch_only=False)[
                "map_controls"
            ],
            compare.layout(demo_snapshot, demo_snapshot.reference, "?areas=NL,VR13"),
            # The buttons the comparison's search offers when a name matches several areas.
            compare.search_status(
                demo_snapshot.reference,
                "utrecht",
                compare.found_areas(demo_snapshot.reference, "utrecht"),
                compare.Selection(()),
            ),
        ]
    real_types = types_by_id([component for part in real for component in _as_list(part)])
    stand_ins = types_by_id(validation_layout())
    shared = {
        component_id: stand_ins[component_id]
        for component_id in stand_ins
        if _generic(component_id) in {_generic(real_id) for real_id in real_types}
    }
    assert len(shared) == len(stand_ins), set(stand_ins) - set(shared)
    for component_id, kind in shared.items():
        real_kinds = {t for real_id, t in real_types.items() if _generic(real_id) == _generic(component_id)}
        assert real_kinds == {kind}, component_id


def _as_list(part):
    return part if isinstance(part, list) else [part]


def _generic(component_id: str) -> str:
    """A pattern id without its key (every chart card of a family has the same parts)."""
    return json.loads(component_id)["type"] if component_id.startswith("{") else component_id
