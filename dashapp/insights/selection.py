"""What a comparison shows: its areas, metric and time range, read from and written to a query string
(``?areas=GM0363,GM0599,VR13,NL&metric=positive_tests_per_100k&range=3m``). Pure: no Flask, no Dash.

Anything a URL can hold is read without failing: unknown or repeated codes are left out, a
selection is cut at ``MAX_AREAS``, an unknown metric or range gives the default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from dashapp.charts.ranges import DEFAULT_RANGE, RANGES
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.metrics.registry import AGE_INDICATORS, AVERAGE_SUFFIX, METRICS

MAX_AREAS = 10
DEFAULT_METRIC = "positive_tests_per_100k"
# What a query string may hold at most (the areas of ten codes, a metric id, a range): anything
# longer is cut before it is read, so that a huge query costs nothing.
MAX_QUERY = 400
LEVEL_ORDER = ("nl", "vr", "gm")
# Metrics that are not a figure to compare: bounds of an estimate, net changes, age bands, a count of
# plants, and the risk band (a category: it is a column of the table).
_NOT_COMPARED = frozenset(
    {
        *AGE_INDICATORS,
        *(metric_id for metric_id in METRICS if metric_id.endswith(("_low", "_high", "_net"))),
        "sewer_plants",
        "risk_level_indicative",
    }
)


def per_100k_of(metric_id: str) -> str | None:
    """The per-100,000 figure that replaces a count (``deceased`` -> ``deceased_per_100k``), if any."""
    base = metric_id.removesuffix(AVERAGE_SUFFIX)
    candidate = f"{base}_per_100k"
    return candidate if candidate in METRICS and candidate != base else None


_ORDER = {metric_id: position for position, metric_id in enumerate(METRICS)}
# In the registry's order (the order of the page's sections), a 7-day average right after its metric.
COMPARABLE: tuple[str, ...] = tuple(
    sorted(
        (
            metric_id
            for metric_id in METRICS
            if metric_id not in _NOT_COMPARED and per_100k_of(metric_id) is None
        ),
        key=lambda metric_id: (
            _ORDER[metric_id.removesuffix(AVERAGE_SUFFIX)],
            metric_id.endswith(AVERAGE_SUFFIX),
        ),
    )
)


def level_of(code: str, reference: Reference) -> str | None:
    if code == NATIONAL_CODE:
        return "nl"
    if code in reference.regions:
        return "vr"
    if code in reference.municipalities:
        return "gm"
    return None


@dataclass(frozen=True)
class Selection:
    areas: tuple[str, ...]
    metric: str = DEFAULT_METRIC
    range_name: str = DEFAULT_RANGE

    def levels(self, reference: Reference) -> tuple[str, ...]:
        found = {level_of(code, reference) for code in self.areas}
        return tuple(level for level in LEVEL_ORDER if level in found)

    def with_area(self, code: str, reference: Reference) -> Selection:
        if code in self.areas or len(self.areas) >= MAX_AREAS or level_of(code, reference) is None:
            return self
        return Selection((*self.areas, code), self.metric, self.range_name)

    def without_area(self, code: str) -> Selection:
        return Selection(tuple(area for area in self.areas if area != code), self.metric, self.range_name)

    def query(self) -> str:
        """The query string (with its ``?``) that holds this selection."""
        # Every part is a known code, metric id or range name (letters, digits, "_"): nothing to quote.
        return f"?areas={','.join(self.areas)}&metric={self.metric}&range={self.range_name}"


def metrics_for(levels: Iterable[str], available: Iterable[tuple[str, str]] | None = None) -> tuple[str, ...]:
    """The comparable metrics that exist at every one of ``levels`` (and, given the snapshot's
    ``(level, metric)`` tables as ``available``, that it has at each of them)."""
    wanted = tuple(levels)
    present = None if available is None else set(available)
    return tuple(
        metric_id
        for metric_id in COMPARABLE
        if all(level in METRICS[metric_id].levels for level in wanted)
        and (present is None or all((level, metric_id) in present for level in wanted))
    )


def _first(values: Mapping[str, Sequence[str]], name: str) -> str:
    found = values.get(name)
    return found[0].strip() if found else ""


def parse_selection(
    query: str | Mapping[str, Sequence[str]] | None,
    reference: Reference,
    available: Iterable[tuple[str, str]] | None = None,
) -> Selection:
    """The selection a query string (or its parsed parameters) asks for, made valid."""
    if isinstance(query, str):
        values: Mapping[str, Sequence[str]] = parse_qs(query[:MAX_QUERY].lstrip("?"))
    else:
        values = query or {}
    selection = Selection(())
    for code in _first(values, "areas").upper().split(",")[: MAX_AREAS * 4]:
        selection = selection.with_area(code.strip(), reference)
    return fitted(selection, _first(values, "metric"), _first(values, "range"), reference, available)


def fitted(
    selection: Selection,
    metric: str | None,
    range_name: str | None,
    reference: Reference,
    available: Iterable[tuple[str, str]] | None = None,
) -> Selection:
    """``selection`` with ``metric`` and ``range_name`` where they are valid for its areas; else the
    default metric (or, where that does not exist at its levels, the first that does) and range."""
    choices = metrics_for(selection.levels(reference), available)
    if metric not in choices:
        metric = DEFAULT_METRIC if DEFAULT_METRIC in choices or not choices else choices[0]
    chosen_range = range_name if range_name in RANGES else DEFAULT_RANGE
    assert metric is not None
    return Selection(selection.areas, metric, chosen_range)
