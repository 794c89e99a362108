"""The official risk level of each safety region, from a file the operator configures.

The levels are decided by the minister, not computed (seed 002), so they come from an input
file (``DASHAPP_RISK_LEVELS``): comma-separated, UTF-8, header ``region_code,level,valid_from``,
one row per decision, e.g. ``VR13,3,2020-10-13``. A level is valid from its date until the
region's next row. Errors name the file, the line and the column.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from dashapp.data.errors import SourceError
from dashapp.data.snapshot import OfficialLevel
from dashapp.data.sources import tabular

COLUMNS = ("region_code", "level", "valid_from")
LEVELS = (1, 2, 3, 4)


def read_risk_levels(path: Path, regions: Collection[str]) -> Mapping[str, tuple[OfficialLevel, ...]]:
    """Region code -> its levels, oldest first."""
    raw = tabular.read_table(path, sep=",", required=COLUMNS, columns=COLUMNS)
    if raw.empty:
        raise SourceError(path, "the file has a header but no levels")
    codes = tabular.as_code(path, raw, "region_code", r"VR\d\d")
    levels = tabular.as_int(path, raw, "level")
    valid_from = tabular.as_date(path, raw, "valid_from", "%Y-%m-%d")
    for bad, column, reason in (
        (~codes.isin(list(regions)).to_numpy(), "region_code", "not a safety region of the division in use"),
        (~levels.isin(LEVELS).to_numpy(), "level", "a risk level is 1, 2, 3 or 4"),
        (tabular.duplicated(codes, valid_from), "valid_from", "the same region and date appear twice"),
    ):
        if bad.any():
            raise tabular.row_error(path, int(bad.argmax()), reason, column)
    result: dict[str, list[OfficialLevel]] = {}
    for code, level, start in sorted(zip(codes, levels, valid_from, strict=True), key=lambda r: (r[0], r[2])):
        result.setdefault(code, []).append(OfficialLevel(int(level), start.date()))
    return {code: tuple(items) for code, items in result.items()}
