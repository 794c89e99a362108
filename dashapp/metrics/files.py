"""Which published file a figure is waiting for: a tile without a number names the file that is missing.

A metric's preferred derivation at a level names its source kinds; when none of them has data,
the tile shows no number and says which file would give one (``MISSING_FILE`` with the names).
The national hospital admissions, for instance, are NICE's alone: without ``zkh-new-intake.json``
the tile says so instead of showing another source's count.
"""

from __future__ import annotations

from collections.abc import Collection

from dashapp.data.sources import ALL_SPECS
from dashapp.i18n import N_
from dashapp.metrics.model import DERIVED, Metric

MISSING_FILE = N_("No figure: the file %(files)s is missing.")

FILE_NAMES: dict[str, tuple[str, ...]] = {}
for _spec in ALL_SPECS:
    FILE_NAMES[_spec.kind] = (*FILE_NAMES.get(_spec.kind, ()), _spec.pattern)


def missing_files(metric: Metric, level: str, present: Collection[str]) -> tuple[str, ...]:
    """The file names (patterns for timestamped deliveries) of the source that ``metric`` needs at
    ``level`` when no kind of it is among ``present`` (the kinds with data); () when one is.

    A level's derivations are tried in order; the first one names the file asked for.
    """
    derivations = [d for d in metric.derivations_for(level) if d.source.family != DERIVED]
    if not derivations:
        return ()
    for derivation in derivations:
        kinds = [kind.format(level=level) for kind in derivation.source.kinds]
        if any(kind in present for kind in kinds):
            return ()
    first = derivations[0].source.kinds
    return tuple(name for kind in first for name in FILE_NAMES.get(kind.format(level=level), ()))
