"""The building blocks of the pages live in modules of their own: ``formatting`` (numbers, periods,
changes), ``kpi`` (the tile), ``chart_card`` (the chart card), ``blocks`` (sections, headings, menus,
tables) and ``urls``. This module names the few that the pages of other features (comparison,
changes) import from here; new code imports from the modules themselves."""

from __future__ import annotations

from dashapp.layouts.blocks import area_heading, dropdown_labels, number_table
from dashapp.layouts.chart_card import EMPTY_FIGURE, graph_config, graph_style

__all__ = ["EMPTY_FIGURE", "area_heading", "dropdown_labels", "graph_config", "graph_style", "number_table"]
