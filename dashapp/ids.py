"""Every component id that a callback reads or writes, spelled once for the layouts and the callbacks.

The strings are part of the page's contract: the browser tests, ``tests/dash_client.py``, the
benchmarks, ``assets/app.js`` and the callback guard (``dashapp/web/callback_guard.py``) name them
too, so change none without changing those.
"""

from __future__ import annotations

from typing import Final

from dashapp.charts.ranges import RANGES

# --- the page shell (``layouts/shell.py``) ------------------------------------------------------------

URL: Final = "url"
VERSION_POLL: Final = "version-poll"
DATA_VERSION: Final = "data-version"  # the newest version the worker knows of
SHOWN_VERSION: Final = "shown-version"  # the version the page shows
FRAME_KEY: Final = "frame-key"
PAGE_TITLE: Final = "page-title"
TITLE_SINK: Final = "title-sink"
HEADER_SLOT: Final = "header-slot"
LANGUAGE_NAV: Final = "language-nav"
NOTICE_SLOT: Final = "notice-slot"
TABS_SLOT: Final = "tabs-slot"
SEARCH_SLOT: Final = "search-slot"
TOP_SLOT: Final = "top-slot"
CHARTS_SLOT: Final = "charts-slot"
BOTTOM_SLOT: Final = "bottom-slot"
FOOTER_SLOT: Final = "footer-slot"

# --- the map of the area tabs --------------------------------------------------------------------------

MAP_SECTION: Final = "map-section"
MAP_HEADING: Final = "map-heading"
MAP_CONTROLS: Final = "map-controls"
AREA_MAP: Final = "area-map"
MAP_LEGEND: Final = "map-legend"
MAP_NOTE: Final = "map-note"
# True once the area map's box nears the screen (``assets/app.js``): the map is then drawn.
AREA_MAP_VISIBLE: Final = "area-map-visible"

# --- the national maps ---------------------------------------------------------------------------------

NATIONAL_MAP: Final = "national-map"
SEWAGE_MAP: Final = "sewage-map"
NATIONAL_MAP_VISIBLE: Final = "national-map-visible"
SEWAGE_MAP_VISIBLE: Final = "sewage-map-visible"

# --- search, area panels, the region's table of municipalities -----------------------------------------

AREA_SEARCH: Final = "area-search"
PLANT_GRAPH: Final = "plant-graph"
PLANT_BARS: Final = "plant-bars"
# The plant highlighted in the per-plant charts (its code, or None): set in the browser by its button.
PLANT_HIGHLIGHT: Final = "plant-highlight"
MUNICIPALITY_TABLE_HEAD: Final = "municipality-table-head"
MUNICIPALITY_TABLE_BODY: Final = "municipality-table-body"
MUNICIPALITY_SORT: Final = "municipality-sort"

# --- pattern-matching ids ------------------------------------------------------------------------------

# A sort button of the table of municipalities: {"type": TABLE_SORT, "column": <column>}.
TABLE_SORT: Final = "table-sort"

# A chart card's parts are {"type": f"{family}-{part}", "key": <key>}. Cards of the ``CHART`` family
# are drawn for one area, keyed "language|level|code|chart": every chart of every page is one.
CHART: Final = "chart"
CHART_FAMILIES: Final = (CHART,)
# The time range is a group of buttons, one per range ("pick-3m"), and a store of the range shown.
RANGE_PICKS: Final = tuple(f"pick-{name}" for name in RANGES)
CHART_PARTS: Final = (
    "range",
    "graph",
    "csv",
    "table",
    "toggle",
    "summary",
    "status",
    "visible",
    *RANGE_PICKS,
)


def range_pick(range_name: str) -> str:
    """The part of a card that is the button of one time range."""
    return f"pick-{range_name}"


def chart_part_type(family: str, part: str) -> str:
    """The ``type`` of one part of a chart card, e.g. ``"area-chart-graph"``."""
    if family not in CHART_FAMILIES or part not in CHART_PARTS:
        raise ValueError(f"no chart part {family!r}/{part!r}")
    return f"{family}-{part}"


def chart_part(family: str, part: str, key: object) -> dict[str, object]:
    """The id of one part of a chart card; ``key`` is a card's key or a wildcard (``MATCH``)."""
    return {"type": chart_part_type(family, part), "key": key}


def chart_card_ids(family: str, key: str) -> dict[str, dict[str, object]]:
    """The ids of every part of one chart card, by part."""
    return {part: chart_part(family, part, key) for part in CHART_PARTS}


# The button and the place of a table of numbers built only when opened:
# {"type": NUMBERS_TOGGLE or NUMBERS_TABLE, "table": "age" | "sewer-plants"}.
NUMBERS_TOGGLE: Final = "numbers-toggle"
NUMBERS_TABLE: Final = "numbers-table"


def numbers_part(part: str, table: object) -> dict[str, object]:
    """The id of the toggle button or the table place of a table of numbers (``table`` may be ``MATCH``)."""
    return {"type": part, "table": table}


# A sewage plant's toggle button in the per-plant chart: {"type": PLANT_PICK, "plant": <plant code>}.
PLANT_PICK: Final = "plant-pick"


def plant_pick(plant: object) -> dict[str, object]:
    """The id of a plant's button (or a wildcard: ``ALL``)."""
    return {"type": PLANT_PICK, "plant": plant}


def table_sort(column: object) -> dict[str, object]:
    """The id of the sort button of a column (or a wildcard: ``ALL``)."""
    return {"type": TABLE_SORT, "column": column}


def chart_key(language: str, level: str, code: str, chart_id: str) -> str:
    """The key of a ``CHART`` card: everything the callback needs to draw it again."""
    return f"{language}|{level}|{code}|{chart_id}"


def parse_chart_key(key: str) -> tuple[str, str, str, str]:
    """(language, level, code, chart id) of a ``CHART`` card's key, as the page sends it back."""
    language, level, code, chart_id = key.split("|")
    return language, level, code, chart_id
