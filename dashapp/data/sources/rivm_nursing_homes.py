"""RIVM deliveries to VWS about nursing homes: six ``;``-separated files named ``<name>_YYYYMMDD_HHMM.csv``.

For each of three measures there is a national file and a per-safety-region file
(``<name>_naar_veiligheidsregio_YYYYMMDD_HHMM.csv``, which leads with
``VeiligheidsregioCode;VeiligheidsregioNaam``):

- ``nursing_positive_nl|vr``: ``Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD``,
  date column ``Meldingsdatum`` (national) / ``MeldingsdatumGGD`` (regional), value
  ``Aantal`` -> ``positive`` (newly infected residents by GGD report date);
- ``nursing_deceased_nl|vr``: ``Sterfte_bewoners_verpleeghuis_per_overlijdensdatum``,
  ``Datum_van_overlijden``, ``Aantal`` -> ``deceased`` (residents by date of death);
- ``nursing_locations_nl|vr``: ``Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM``,
  ``publicatiedatumRIVM``, ``aantal_nieuw_besmette_...`` -> ``new_infected``,
  ``aantal_nieuw_besmettingsvrije_...`` -> ``new_free``, ``aantal_besmette_...`` ->
  ``infected_total`` (locations by RIVM publication date).

Tidy columns: ``date`` (datetime64), ``region_code`` ("NL" in the national files; ``VRxx``,
or "" for the region "Onbekend", in the regional files) and the value columns (int64, >= 0).
One row per (date, region). Rows dated 1900-01-01 (RIVM's sentinel for "date unknown", in
the deceased files) are dropped; the notes say how many and what they counted.

``obtained_on`` is the delivery timestamp's date in the file name (the file's modification
date if the name has none). The national patterns start the timestamp with ``2`` so that
they never match the ``_naar_veiligheidsregio_`` files.

Refused besides malformed cells: a row dated after the date in the file name, or after
today; a safety-region code other than VR01 .. VR25.

Size limit: 26 rows a day in a regional file at about 35 bytes (226 kB for 8 months); the
full-size demo (1000 days) is under 1 MB. ``MAX_BYTES`` allows 32 MB.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from dashapp.data.sources import tabular
from dashapp.data.sources.base import (
    MB,
    NO_CONTEXT,
    ReadContext,
    Reader,
    SourceFrame,
    SourceSpec,
    file_date,
)

NATIONAL_CODE = "NL"
MAX_BYTES = 32 * MB
SENTINEL = pd.Timestamp("1900-01-01")
REGION_CODE = "VeiligheidsregioCode"
REGION_NAME = "VeiligheidsregioNaam"
REGIONAL = "_naar_veiligheidsregio"  # in the names of the regional files
_STAMP = re.compile(r"_(\d{8})_(\d{4})\.csv$", re.IGNORECASE)


@dataclass(frozen=True)
class Measure:
    """One measure, delivered twice: nationally and per safety region (its regional file's date
    column may be named differently)."""

    name: str
    stem: str
    national_date: str
    regional_date: str
    values: dict[str, str]  # tidy name -> file column
    description: str


@dataclass(frozen=True)
class Layout:
    """One of the six files: a measure, national or per safety region."""

    measure: Measure
    regional: bool

    @property
    def kind(self) -> str:
        return f"nursing_{self.measure.name}_{'vr' if self.regional else 'nl'}"

    @property
    def stem(self) -> str:
        return self.measure.stem

    @property
    def date_column(self) -> str:
        return self.measure.regional_date if self.regional else self.measure.national_date

    @property
    def values(self) -> dict[str, str]:
        return self.measure.values

    @property
    def header(self) -> tuple[str, ...]:
        """The file's columns, in the published order."""
        region = (REGION_CODE, REGION_NAME) if self.regional else ()
        return (*region, self.date_column, *self.values.values())

    @property
    def description(self) -> str:
        return f"{self.measure.description} ({'per safety region' if self.regional else 'national'})"

    @property
    def pattern(self) -> str:
        return f"{self.stem}{REGIONAL}_*.csv" if self.regional else f"{self.stem}_2*.csv"

    def file_name(self, delivered: datetime) -> str:
        """The published name of a delivery made at ``delivered``."""
        return f"{self.stem}{REGIONAL if self.regional else ''}_{delivered:%Y%m%d_%H%M}.csv"


POSITIVE = "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD"
DECEASED = "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum"
LOCATIONS = "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM"
LOCATION_VALUES = {
    "new_infected": "aantal_nieuw_besmette_verpleeghuis_locaties",
    "new_free": "aantal_nieuw_besmettingsvrije_verpleeghuis_locaties",
    "infected_total": "aantal_besmette_verpleeghuis_locaties",
}
MEASURES = (
    Measure(
        "positive", POSITIVE, "Meldingsdatum", "MeldingsdatumGGD", {"positive": "Aantal"},
        "Newly infected nursing-home residents by GGD report date",
    ),
    Measure(
        "deceased", DECEASED, "Datum_van_overlijden", "Datum_van_overlijden", {"deceased": "Aantal"},
        "Deceased nursing-home residents by date of death",
    ),
    Measure(
        "locations", LOCATIONS, "publicatiedatumRIVM", "publicatiedatumRIVM", LOCATION_VALUES,
        "Nursing-home locations with infections by RIVM publication date",
    ),
)  # fmt: skip
LAYOUTS = tuple(Layout(measure, regional) for measure in MEASURES for regional in (False, True))


def stamp_date(path: Path) -> date | None:
    """The delivery date from the ``_YYYYMMDD_HHMM`` suffix of the file name, if it has a valid one."""
    match = _STAMP.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d").date()
        except ValueError:
            return None
    return None


def obtained_on(path: Path) -> date:
    """The delivery date from the file name (the file's modification date if the name has none)."""
    return stamp_date(path) or file_date(path)


def read_layout(path: Path, layout: Layout, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    required = layout.header
    raw = tabular.read_table(
        path, sep=";", required=required, columns=required, numeric=layout.values.values()
    )
    frame = pd.DataFrame({"date": tabular.as_date(path, raw, layout.date_column, "%Y-%m-%d")})
    if layout.regional:
        frame["region_code"] = tabular.as_code(path, raw, REGION_CODE, r"VR\d\d", allow_empty=True)
        tabular.check_regions(path, frame["region_code"], REGION_CODE, context)
    else:
        frame["region_code"] = pd.Series(NATIONAL_CODE, index=raw.index, dtype=object)
    for name, column in layout.values.items():
        frame[name] = tabular.not_negative(path, tabular.as_int(path, raw, column), column)
    stamped = stamp_date(path)
    if stamped is not None:
        tabular.check_published_before(
            path, frame["date"], layout.date_column, stamped, "the date in the file name"
        )
    tabular.check_not_in_future(path, frame["date"], layout.date_column, context.today)
    keys = [frame["date"], frame["region_code"]]
    if layout.regional:
        tabular.check_unique(path, keys, REGION_CODE, "region and date appear")
    else:
        tabular.check_unique(path, keys, layout.date_column, "date appears")
    frame, notes = _drop_sentinel(frame, layout)
    return SourceFrame(layout.kind, path, frame, obtained_on(path), notes)


def _drop_sentinel(frame: pd.DataFrame, layout: Layout) -> tuple[pd.DataFrame, tuple[str, ...]]:
    sentinel = (frame["date"] == SENTINEL).to_numpy()
    notes = []
    if sentinel.any():
        counted = ", ".join(
            f"{int(frame.loc[sentinel, name].sum())} {name.replace('_', ' ')}" for name in layout.values
        )
        notes.append(
            f"dropped {int(sentinel.sum())} row(s) dated 1900-01-01 (date unknown), counting {counted}"
        )
        frame = frame.loc[~sentinel].reset_index(drop=True)
    if layout.regional:
        unknown = int((frame["region_code"] == "").sum())
        if unknown:
            notes.append(f"{unknown} rows for the region 'Onbekend' (code ''; counted nationally only)")
    return frame, tuple(notes)


def _reader(layout: Layout) -> Reader:
    def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
        return read_layout(path, layout, context)

    read.__name__ = f"read_{layout.kind}"
    return read


SPECS = tuple(SourceSpec(lay.kind, lay.pattern, _reader(lay), lay.description, MAX_BYTES) for lay in LAYOUTS)
