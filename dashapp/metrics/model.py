"""The shape of a metric record: what the registry says about one indicator, as plain frozen data.

Texts (labels, titles, notes) are English source strings marked with ``N_`` where the record is
written; they are translated where they are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dashapp.metrics.bins import ColourScale

DAILY = "daily"
WEEKLY = "weekly"
LEVELS = ("nl", "vr", "gm")

NUMBER = "number"
PERCENT = "percent"

# How a source's tidy frame becomes one wide frame (dates x area codes) per level.
MUNICIPAL = "municipal"  # per municipality: gm as published, vr summed from gm, nl summed from all rows
REGIONAL = "regional"  # per safety region: vr as published, nl summed from all rows
PER_LEVEL_FILES = "per_level_files"  # one file per level: ``kinds`` hold a ``{level}`` placeholder
NATIONAL = "national"  # national rows by day
NATIONAL_WEEKLY = "national_weekly"  # national rows by week (Nivel)
AGE_GROUPS = "age_groups"  # the case file, counted per age band (columns are bands)
SEWAGE = "sewage"  # plant measurements averaged per area and week (columns: average, plants)
DERIVED = "derived"  # other metrics of the snapshot (columns are metric ids)


@dataclass(frozen=True)
class Source:
    """Where a metric's inputs come from.

    ``kinds``: source kinds that publish the same figure; the most recently published one is used
    (an earlier kind wins a tie). ``columns``: the tidy columns the rule takes, in its order;
    ``renamed`` gives a kind's own name for a column where it differs.
    """

    family: str
    kinds: tuple[str, ...]
    columns: tuple[str, ...]
    renamed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def column_of(self, kind: str, column: str) -> str:
        return self.renamed.get(kind, {}).get(column, column)


@dataclass(frozen=True)
class Derivation:
    """One way to compute a metric: a source, a rule (see ``dashapp.metrics.rules``) and the levels
    it serves. A metric lists its derivations by preference: per level, the first whose source is
    present wins (national hospital admissions come from NICE when its file is present)."""

    source: Source
    rule: str
    levels: tuple[str, ...] | None = None  # None: every level of the metric


@dataclass(frozen=True)
class Signal:
    """A signal value: a reference line on the metric's charts and a bar scale on its tiles."""

    value: float
    scale_maximum: float
    levels: tuple[str, ...] = LEVELS


@dataclass(frozen=True)
class Note:
    text: str
    levels: tuple[str, ...] = LEVELS


# Chart kinds. The metric is the chart's main series.
BARS = "bars"
BARS_WITH_AVERAGE = "bars_with_average"  # bars and their 7-day average as a line
BARS_AND_LINE = "bars_and_line"  # bars and ``companion`` as a line
LINE = "line"
LINE_WITH_BAND = "line_with_band"  # a line and the ``band`` (low, high) around it
TWO_LINES = "two_lines"  # a line and ``companion`` as a second line


@dataclass(frozen=True)
class Chart:
    """A time-series chart of the metric, at ``levels``. ``id`` names its anchor, CSV and table (the
    metric's id unless given); ``title`` defaults to the metric's label; ``description`` is shown
    under the title on the national page."""

    kind: str
    levels: tuple[str, ...]
    title: str | None = None
    id: str | None = None
    companion: str | None = None
    band: tuple[str, str] | None = None
    description: str | None = None
    week_on_sunday: bool = False  # Nivel's weeks are shown on their Sunday


@dataclass(frozen=True)
class MapPlan:
    """The metric can colour a map: its choice in the map's control and its bins per level."""

    label: str
    bins: Mapping[str, ColourScale]


@dataclass(frozen=True)
class Section:
    """A section of the dashboard pages (its id is the anchor the menu links to)."""

    id: str
    title: str
    intro: str | None = None
    menu_metric: str | None = None  # the metric the national menu shows for the section


@dataclass(frozen=True)
class Metric:
    """Everything the dashboard knows about one indicator.

    ``decimals`` is the precision the snapshot keeps (rounded half away from zero) and the screen
    shows, so that an exported number is exactly the number on screen. ``tiles``: levels whose
    pages show a tile of the metric in its section; ``headline``: levels whose area pages show it
    among the tiles at the top; ``sparse``: levels where not every area has it, so that its headline
    tile appears only where the area has a value.
    """

    id: str
    label: str
    frequency: str
    levels: tuple[str, ...]
    decimals: int
    methodology: str
    derivations: tuple[Derivation, ...]
    section: str | None = None
    label_args: Mapping[str, str] = field(default_factory=dict)
    unit: str = NUMBER
    signal: Signal | None = None
    guidance: tuple[float, ...] = ()
    chart: Chart | None = None
    tiles: tuple[str, ...] = ()
    headline: tuple[str, ...] = ()
    sparse: tuple[str, ...] = ()
    municipality_table: bool = False  # a column of the region page's table of its municipalities
    tile_note: Note | None = None
    chart_note: Note | None = None
    map: MapPlan | None = None

    def derivations_for(self, level: str) -> tuple[Derivation, ...]:
        """The derivations that can serve ``level``, in order of preference."""
        return tuple(d for d in self.derivations if d.levels is None or level in d.levels)

    def signal_at(self, level: str) -> Signal | None:
        return self.signal if self.signal is not None and level in self.signal.levels else None

    @property
    def chart_id(self) -> str | None:
        return None if self.chart is None else (self.chart.id or self.id)
