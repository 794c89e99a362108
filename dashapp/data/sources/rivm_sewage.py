"""RIVM ``COVID-19_rioolwaterdata.csv``: virus particles measured at sewage treatment plants.

Two layouts, told apart by the header:

- 2020 layout: comma-separated (UTF-8 with BOM), one row per measurement *per safety region*
  of the plant's catchment: ``Date_measurement, RWZI_AWZI_code, RWZI_AWZI_name, X/Y_coordinate,
  Postal_code, Security_region_code, Security_region_name, Percentage_in_security_region``
  (decimal comma, quoted), ``RNA_per_ml``, ``Representative_measurement`` (TRUE/FALSE).
- 2021 layout: ``;``-separated, ``Version, Date_measurement, RWZI_AWZI_code, RWZI_AWZI_name,
  RNA_per_ml, RNA_flow_per_100000``; exactly one of the two values is filled on every row.

Tidy columns: ``date`` (datetime64), ``plant_code`` (str), ``plant_name`` (str),
``region_code`` (``VRxx``; "" in the 2021 layout), ``region_share`` (float64 in (0, 1]; 1.0
in the 2021 layout), ``value`` (float64, >= 0), ``unit`` ("rna_per_ml" or
``"rna_flow_per_100k"``), ``representative`` (bool; True in the 2021 layout, which has no
flag). Rows are NOT deduplicated: a measurement repeated per region is real, and the
indicator code picks the region. The file carries no publication stamp, so ``obtained_on``
is the file's modification date. Refused besides malformed cells: a measurement dated after
today, and (2020 layout) a safety-region code other than VR01 .. VR25.

Size limit: the 2021 layout holds about 13,400 rows a year at 43 bytes (574 kB for
2020-03 .. 2021-03); the full-size demo (1000 days, 327 plants) is 2.9 MB. ``MAX_BYTES``
allows 64 MB, twenty times more.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import MB, NO_CONTEXT, ReadContext, SourceFrame, SourceSpec, file_date

KIND = "rivm_sewage"
FILE_NAME = "COVID-19_rioolwaterdata.csv"
MAX_BYTES = 64 * MB
PER_ML = "rna_per_ml"
FLOW = "rna_flow_per_100k"
COLUMNS_2020 = (
    "Date_measurement",
    "RWZI_AWZI_code",
    "RWZI_AWZI_name",
    "Security_region_code",
    "Percentage_in_security_region",
    "RNA_per_ml",
    "Representative_measurement",
)
COLUMNS_2021 = (
    "Version",
    "Date_measurement",
    "RWZI_AWZI_code",
    "RWZI_AWZI_name",
    "RNA_per_ml",
    "RNA_flow_per_100000",
)
_MARKERS_2020 = ("Percentage_in_security_region", "Representative_measurement", "Security_region_code")


def is_2020_layout(path: Path) -> bool:
    data = tabular.read_bytes(path)
    newline = data.find(b"\n")
    header = tabular.decode(path, data if newline < 0 else data[:newline])
    return any(marker in header for marker in _MARKERS_2020)


def _plant(path: Path, raw: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        "date": tabular.as_date(path, raw, "Date_measurement", "%Y-%m-%d"),
        "plant_code": tabular.as_code(path, raw, "RWZI_AWZI_code", r"\d+"),
        "plant_name": tabular.as_text(path, raw, "RWZI_AWZI_name", allow_empty=False),
    }


def _read_2020(path: Path, context: ReadContext) -> tuple[pd.DataFrame, tuple[str, ...]]:
    raw = tabular.read_table(path, sep=",", required=COLUMNS_2020, columns=COLUMNS_2020)
    share = tabular.as_float(path, raw, "Percentage_in_security_region", decimal_comma=True)
    outside = ((share <= 0) | (share > 1)).to_numpy()
    if outside.any():
        row = int(outside.argmax())
        raise tabular.row_error(
            path, row, f"expected a share in (0, 1], found {share.iloc[row]}", "Percentage_in_security_region"
        )
    value = tabular.as_float(path, raw, "RNA_per_ml")
    tabular.not_negative(path, value, "RNA_per_ml", "a virus count", quote=True)
    frame = pd.DataFrame(
        {
            **_plant(path, raw),
            "region_code": tabular.as_code(path, raw, "Security_region_code", r"VR\d\d"),
            "region_share": share,
            "value": value,
            "unit": PER_ML,
            "representative": tabular.as_bool(path, raw, "Representative_measurement"),
        }
    )
    frame["unit"] = frame["unit"].astype(object)
    tabular.check_regions(path, frame["region_code"], "Security_region_code", context)
    measurements = frame[["date", "plant_code"]].drop_duplicates()
    notes = [f"2020 layout: {len(measurements)} measurements on {len(frame)} rows (one per safety region)"]
    excluded = int((~frame["representative"]).sum())
    if excluded:
        notes.append(f"{excluded} rows flagged not representative (kept; flag in 'representative')")
    return frame, tuple(notes)


def _read_2021(path: Path) -> tuple[pd.DataFrame, tuple[str, ...]]:
    raw = tabular.read_table(
        path, sep=";", required=COLUMNS_2021, numeric=("Version", "RNA_per_ml", "RNA_flow_per_100000")
    )
    tabular.as_int(path, raw, "Version")
    per_ml = tabular.as_float(path, raw, "RNA_per_ml", nullable=True)
    flow = tabular.as_float(path, raw, "RNA_flow_per_100000", nullable=True)
    both = (per_ml.notna() & flow.notna()).to_numpy()
    tabular.refuse_first(
        path, both, "both RNA_per_ml and RNA_flow_per_100000 are filled", "RNA_flow_per_100000"
    )
    neither = (per_ml.isna() & flow.isna()).to_numpy()
    tabular.refuse_first(path, neither, "neither RNA_per_ml nor RNA_flow_per_100000 is filled", "RNA_per_ml")
    tabular.not_negative(path, per_ml, "RNA_per_ml", "a virus count", quote=True)
    tabular.not_negative(path, flow, "RNA_flow_per_100000", "a virus count", quote=True)
    is_flow = flow.notna().to_numpy()
    frame = pd.DataFrame(
        {
            **_plant(path, raw),
            "region_code": pd.Series("", index=raw.index, dtype=object),
            "region_share": 1.0,
            "value": np.where(is_flow, flow.to_numpy(), per_ml.to_numpy()),
            "unit": pd.Series(np.where(is_flow, FLOW, PER_ML), index=raw.index, dtype=object),
            "representative": True,
        }
    )
    notes = (
        f"2021 layout: {int(is_flow.sum())} rows in RNA_flow_per_100000,"
        f" {int((~is_flow).sum())} in RNA_per_ml;"
        " no safety region or representative flag in this layout",
    )
    return frame, notes


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    frame, notes = _read_2020(path, context) if is_2020_layout(path) else _read_2021(path)
    tabular.check_not_in_future(path, frame["date"], "Date_measurement", context.today)
    return SourceFrame(KIND, path, frame, file_date(path), notes)


SPECS = (SourceSpec(KIND, FILE_NAME, read, "RIVM virus particles in sewage per treatment plant", MAX_BYTES),)
