"""The validation layout: the page shell plus one component of every kind that callbacks fill in later.

Dash checks each callback's ids against it (``app.validation_layout``). Each stand-in has the
component type the real layout gives that id (``tests/test_validation_layout.py`` compares them).
It carries no text, data or language: Dash sends it to every page as part of its configuration.
"""

from __future__ import annotations

from dash import dcc, html
from dash.development.base_component import Component

from dashapp import ids
from dashapp.layouts import compare, map_view, search
from dashapp.layouts.shell import static_layout

SORT_COLUMN_EXAMPLE = "name"
PLANT_EXAMPLE = "example"
CHART_KEY_EXAMPLES = {ids.CHART: "nl|nl|NL|example"}


# The chart card's parts by the component each one is (``layouts/chart_card.py``).
CHART_PART_KINDS: dict[str, type[Component]] = {
    "visible": dcc.Store,
    "range": dcc.Store,
    "summary": html.P,
    "graph": html.Div,  # the card's plot box; the chart callback puts the dcc.Graph in it
    "status": html.P,
    "toggle": html.Button,
    "csv": html.A,
    "table": html.Div,
    **dict.fromkeys(ids.RANGE_PICKS, html.Button),
}
# Every other component that the router or another callback adds to the page.
STAND_INS: tuple[tuple[type[Component], str | dict[str, object]], ...] = (
    (dcc.Graph, ids.NATIONAL_MAP),
    (dcc.Graph, ids.SEWAGE_MAP),
    (html.Button, ids.plant_pick(PLANT_EXAMPLE)),
    (html.Button, ids.numbers_part(ids.NUMBERS_TOGGLE, "age")),
    (html.Div, ids.numbers_part(ids.NUMBERS_TABLE, "age")),
    (dcc.Graph, ids.PLANT_GRAPH),
    (dcc.Graph, ids.PLANT_BARS),
    (dcc.Store, ids.PLANT_HIGHLIGHT),
    (dcc.Store, ids.MUNICIPALITY_SORT),
    (html.Thead, ids.MUNICIPALITY_TABLE_HEAD),
    (html.Tbody, ids.MUNICIPALITY_TABLE_BODY),
    (html.Button, ids.table_sort(SORT_COLUMN_EXAMPLE)),
)


def dynamic_components() -> list[Component]:
    """One of each component that callbacks add to the page after the shell."""
    cards = [
        (CHART_PART_KINDS[part], component_id)
        for family in ids.CHART_FAMILIES
        for part, component_id in ids.chart_card_ids(family, CHART_KEY_EXAMPLES[family]).items()
    ]
    own = [kind(id=component_id) for kind, component_id in (*STAND_INS, *cards)]
    # The search box and the map controls name their own components.
    return [*own, *search.stand_ins(), *map_view.stand_ins(), *compare.validation_components()]


def validation_layout() -> html.Div:
    return html.Div([static_layout(), *dynamic_components()])
