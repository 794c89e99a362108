"""Turn parsed source frames into a Snapshot, driven by the metric registry.

For every metric and level, the first of the metric's derivations whose source is present gives
the table: its source's wide frames (``dashapp.data.inputs``) through its rule
(``dashapp.metrics.rules``), rounded to the metric's decimals (percentages are kept unrounded).
Nothing here reads files or knows about Dash, and nothing here names a metric.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd

from dashapp.data.indicators import rounding
from dashapp.data.inputs import Inputs, SewageMeasurements
from dashapp.data.loader import SourceStatus
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import IndicatorTable, OfficialLevel, SewagePlants, Snapshot, latest_of
from dashapp.data.sources.base import SourceFrame
from dashapp.metrics.model import DERIVED, PERCENT, SEWAGE, Derivation, Metric
from dashapp.metrics.registry import METRICS
from dashapp.metrics.rules import RULES, AreaFacts

Tables = dict[tuple[str, str], IndicatorTable]


def area_facts(reference: Reference, level: str) -> AreaFacts:
    if level == "nl":
        return AreaFacts(
            inhabitants=pd.Series({NATIONAL_CODE: float(reference.national.inhabitants)}),
            nursing_home_locations=pd.Series(
                {NATIONAL_CODE: float(reference.national.nursing_home_locations)}
            ),
        )
    locations = (
        {code: float(r.nursing_home_locations) for code, r in reference.regions.items()}
        if level == "vr"
        else {}
    )
    return AreaFacts(
        inhabitants=pd.Series(reference.inhabitants(level), dtype=float),
        nursing_home_locations=pd.Series(locations, dtype=float),
    )


def kept_values(metric: Metric, values: pd.DataFrame) -> pd.DataFrame:
    """What the snapshot keeps of a metric's values: counts and rates rounded to the metric's
    decimals (so that an exported count is the count on screen), percentages unrounded (they are
    rounded only where they are shown)."""
    if metric.unit == PERCENT:
        return values.astype(float)
    return rounding.round_half_away_from_zero(values.astype(float), metric.decimals)


def _table(
    metric: Metric, level: str, values: pd.DataFrame, source: str, obtained_on: date, unit: str | None
) -> IndicatorTable:
    kept = kept_values(metric, values)
    return IndicatorTable(metric.id, level, metric.frequency, kept, source, obtained_on, unit)


def _from_tables(
    metric: Metric, derivation: Derivation, level: str, facts: AreaFacts, tables: Tables
) -> IndicatorTable | None:
    """A metric computed from metrics already built (the first input is required)."""
    inputs = [tables.get((level, indicator)) for indicator in derivation.source.columns]
    first = inputs[0]
    if first is None:
        return None
    values = RULES[derivation.rule]([t.values if t else None for t in inputs], facts)
    obtained = max(t.obtained_on for t in inputs if t is not None)
    return _table(metric, level, values, first.source, obtained, None)


def _derive(
    metric: Metric, derivation: Derivation, level: str, facts: AreaFacts, inputs: Inputs
) -> IndicatorTable | None:
    opened = inputs.open(derivation.source, level)
    if opened is None:
        return None
    columns = [derivation.source.column_of(opened.kind, column) for column in derivation.source.columns]
    frames = [opened.frame(column, level) for column in columns]
    if frames[0] is None:
        return None
    values = RULES[derivation.rule](frames, facts)
    return _table(metric, level, values, opened.kind, opened.obtained_on, opened.unit(columns[0]))


@dataclass(frozen=True)
class Earlier:
    """What a build may take over from the previous one: its tables, and the source kinds whose
    frames are the very ones it was built from (a table made from such a kind alone is the same)."""

    tables: Mapping[tuple[str, str], IndicatorTable]
    unchanged: frozenset[str]
    sewage_plants: SewagePlants | None = None

    def table(self, level: str, metric: Metric, kind: str) -> IndicatorTable | None:
        table = self.tables.get((level, metric.id))
        if table is None or kind not in self.unchanged or table.source != kind:
            return None
        return table

    def derived_table(
        self,
        level: str,
        metric: Metric,
        derivation: Derivation,
        tables: Mapping[tuple[str, str], IndicatorTable],
    ) -> IndicatorTable | None:
        """A table made from other tables, when each of them is the very one it was made from."""
        table = self.tables.get((level, metric.id))
        keys = [(level, indicator) for indicator in derivation.source.columns]
        if table is None or tables.get(keys[0]) is None:
            return None
        if all(tables.get(key) is self.tables.get(key) for key in keys):
            return table
        return None


def build_tables(inputs: Inputs, earlier: Earlier | None = None) -> Tables:
    """Every metric of the registry at every level its sources allow; with ``earlier``, a table
    whose source did not change is taken over rather than computed again."""
    reference = inputs.reference
    facts = {level: area_facts(reference, level) for level in ("nl", "vr", "gm")}
    tables: Tables = {}
    # Metrics made from other metrics come after every metric made from a source.
    ordered = sorted(METRICS.values(), key=lambda m: any(d.source.family == DERIVED for d in m.derivations))
    for metric in ordered:
        for level in metric.levels:
            for derivation in metric.derivations_for(level):
                if derivation.source.family == DERIVED:
                    table = earlier.derived_table(level, metric, derivation, tables) if earlier else None
                    if table is None:
                        table = _from_tables(metric, derivation, level, facts[level], tables)
                else:
                    opened = inputs.open(derivation.source, level) if earlier else None
                    table = earlier.table(level, metric, opened.kind) if earlier and opened else None
                    if table is None:
                        table = _derive(metric, derivation, level, facts[level], inputs)
                if table is not None:
                    tables[(level, metric.id)] = table
                    break
    return tables


def sewage_plants(inputs: Inputs, earlier: Earlier | None = None) -> SewagePlants | None:
    """Every plant's own measurements, rounded like the sewage averages."""
    for metric in METRICS.values():
        for derivation in metric.derivations:
            if derivation.source.family == SEWAGE and "average" in derivation.source.columns:
                opened = inputs.open(derivation.source, "nl")
                if not isinstance(opened, SewageMeasurements):
                    continue
                kept = earlier.sewage_plants if earlier else None
                if (
                    earlier
                    and kept is not None
                    and kept.source == opened.kind
                    and opened.kind in earlier.unchanged
                ):
                    return kept
                return opened.detail(metric.decimals)
    return None


def build_snapshot(
    frames: Mapping[str, SourceFrame],
    statuses: Mapping[str, SourceStatus],
    reference: Reference,
    *,
    version: str,
    demo: bool,
    built_at: datetime | None = None,
    official_levels: Mapping[str, tuple[OfficialLevel, ...]] | None = None,
    earlier: Earlier | None = None,
) -> Snapshot:
    inputs = Inputs(frames, reference)
    by_key = build_tables(inputs, earlier)
    return Snapshot(
        version=version,
        built_at=built_at or datetime.now(UTC),
        demo=demo,
        reference=reference,
        tables=by_key,
        sources=dict(statuses),
        latest_values=latest_of(by_key),
        sewage_plants=sewage_plants(inputs, earlier),
        official_levels=dict(official_levels or {}),
    )
