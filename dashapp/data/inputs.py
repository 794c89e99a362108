"""Source frames as the metric rules take them: one wide frame (dates x area codes) per column and level.

One class per source family (``dashapp.metrics.model``: municipal counts, regional counts, files per
level, national series, Nivel's weeks, age bands, sewage). Each turns a parsed source into the wide
frames of its columns at each level it serves, computing each at most once per build; none of them
reads files or knows about Dash, and none knows which metric asks.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date
from typing import cast

import pandas as pd

from dashapp.data.indicators import cases, daily, rounding, sewage, wide
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import PackedSeries, SewagePlants
from dashapp.data.sources.base import SourceFrame
from dashapp.metrics import model
from dashapp.metrics.registry import AGE_BANDS

SEWER_FLOW_SCALE = 1e11  # shown "x 100 billion" per 100,000 inhabitants, as the methodology does


def newest(frames: Mapping[str, SourceFrame], *kinds: str) -> SourceFrame | None:
    """The most recently published of several sources of the same figure (earlier kinds win ties)."""
    present = [frames[kind] for kind in kinds if kind in frames]
    if not present:
        return None
    return max(present, key=lambda frame: (frame.obtained_on, -present.index(frame)))


def national(series: pd.Series) -> pd.DataFrame:
    frame = series.to_frame(NATIONAL_CODE)
    frame.index.name = series.index.name or "date"
    return frame


def daily_national(tidy: pd.DataFrame, column: str, date_column: str = "date") -> pd.DataFrame:
    """All rows summed per day (unknown areas included), on a calendar without gaps."""
    series = tidy.groupby(date_column)[column].sum(min_count=1)
    full = pd.date_range(series.index.min(), series.index.max(), freq="D", name="date")
    return national(series.reindex(full))


def region_of(reference: Reference) -> dict[str, str]:
    """Municipality code -> safety region, including codes of later divisions (via successors)."""
    mapping = {s.new_code: s.new_region_code for s in reference.successors}
    mapping.update({code: m.region_code for code, m in reference.municipalities.items()})
    return mapping


class SourceInputs(ABC):
    """The wide frames of one parsed source. ``frame`` answers None where the source has no values."""

    def __init__(self, source: SourceFrame, reference: Reference):
        self.source = source
        self.reference = reference
        self._frames: dict[tuple[str, str], pd.DataFrame | None] = {}

    @property
    def kind(self) -> str:
        return self.source.kind

    @property
    def obtained_on(self) -> date:
        return self.source.obtained_on

    def frame(self, column: str, level: str) -> pd.DataFrame | None:
        """The wide frame of a column at a level; several metrics share one, so it is made once."""
        key = (column, level)
        if key not in self._frames:
            self._frames[key] = self._frame(column, level)
        return self._frames[key]

    @abstractmethod
    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        """The wide frame of a column at a level, made by each source family its own way."""

    def unit(self, column: str) -> str | None:
        return None


# The count columns of RIVM's municipal files (both layouts).
COUNT_COLUMNS = ("total_reported", "hospital_admission", "deceased")


class MunicipalCounts(SourceInputs):
    """RIVM counts per municipality: net daily values (differences where the file is cumulative),
    summed into safety regions and, from every row, the country."""

    def __init__(self, source: SourceFrame, reference: Reference):
        super().__init__(source, reference)
        self._nets: dict[str, dict[str, pd.DataFrame] | None] = {}
        self._pivots: dict[str, pd.DataFrame] | None = None

    def _net(self, column: str) -> dict[str, pd.DataFrame] | None:
        if column not in self._nets:
            self._nets[column] = self._net_by_level(column)
        return self._nets[column]

    def _net_by_level(self, column: str) -> dict[str, pd.DataFrame] | None:
        tidy = self.source.frame
        if tidy[column].isna().all():
            return None
        reference = self.reference
        by_municipality = self._by_municipality()[column]
        country = daily_national(tidy, column)
        if self.kind == "rivm_cumulative":
            by_municipality = daily.net_from_cumulative(by_municipality)
            country = daily.net_from_cumulative(country)
        regions = region_of(reference)
        mapping = {code: regions[code] for code in by_municipality.columns if code in regions}
        by_region = wide.aggregate_columns(by_municipality[list(mapping)], mapping).reindex(
            columns=list(reference.regions)
        )
        unplaced = self._region_only(tidy, column, cast(pd.DatetimeIndex, by_region.index))
        if unplaced is not None:
            by_region = wide.add_frames(by_region, unplaced)
        return {
            "gm": by_municipality.reindex(columns=list(reference.municipalities)),
            "vr": by_region,
            "nl": country,
        }

    def _by_municipality(self) -> dict[str, pd.DataFrame]:
        """Every count column of the file per municipality and day, pivoted together (once)."""
        if self._pivots is None:
            tidy = self.source.frame
            counts = [name for name in COUNT_COLUMNS if name in tidy.columns and not tidy[name].isna().all()]
            coded = self.source.coded_column("municipality_code")
            if coded is None:
                known, by_code = tidy[tidy["municipality_code"] != ""], None
            else:  # the reader's codes: the rows of an unknown municipality ("") fall outside the columns
                known, by_code = tidy, (coded.codes, coded.texts)
            self._pivots = wide.pivot_daily_columns(
                known,
                code_column="municipality_code",
                value_columns=counts,
                codes=None if coded is None else sorted(text for text in coded.texts if text != ""),
                start=tidy["date"].min(),
                end=tidy["date"].max(),
                coded=by_code,
            )
        return self._pivots

    def _region_only(self, tidy: pd.DataFrame, column: str, dates: pd.DatetimeIndex) -> pd.DataFrame | None:
        """Daily reports whose municipality is unknown but whose safety region is known (the per-day
        file's per-GGD rows): they count in their region and the country, never in a municipality.
        The cumulative file names no region, so there are none there."""
        if "region_code" not in tidy.columns or self.kind == "rivm_cumulative":
            return None
        rows = tidy[(tidy["municipality_code"] == "") & (tidy["region_code"] != "")]
        if rows.empty:
            return None
        return wide.pivot_daily(
            rows,
            code_column="region_code",
            value_column=column,
            codes=list(self.reference.regions),
            start=dates.min(),
            end=dates.max(),
        )

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        net = self._net(column)
        return None if net is None else net.get(level)


class RegionalCounts(SourceInputs):
    """Daily counts per safety region (GGD test lanes); the country sums every row."""

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        tidy = self.source.frame
        if level == "nl":
            return daily_national(tidy, column)
        if level != "vr":
            return None
        return wide.pivot_daily(
            tidy[tidy["region_code"] != ""],
            code_column="region_code",
            value_column=column,
            codes=list(self.reference.regions),
            start=tidy["date"].min(),
            end=tidy["date"].max(),
        )


class LevelFile(SourceInputs):
    """A file that holds one level (the nursing-home files come per level: national and per region)."""

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        tidy = self.source.frame
        if level == "nl":
            return daily_national(tidy, column)
        known = tidy[tidy["region_code"] != ""]
        return wide.pivot_daily(
            known, code_column="region_code", value_column=column, codes=list(self.reference.regions)
        )


class NationalSeries(SourceInputs):
    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        return daily_national(self.source.frame, column) if level == "nl" else None


class NationalWeeks(SourceInputs):
    """Nivel's weekly national estimates, dated by the week's Monday."""

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        if level != "nl":
            return None
        weekly = self.source.frame.set_index("week_start").sort_index()
        weekly.index.name = "week"
        return national(weekly[column])


class AgeGroups(SourceInputs):
    """The case file counted per day and age band; a column is a band."""

    @functools.cached_property
    def _by_band(self) -> pd.DataFrame | None:
        if self.source.frame.empty:
            return None
        return cases.by_age_band(self.source.frame, AGE_BANDS)

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        if level != "nl" or self._by_band is None:
            return None
        return national(self._by_band[column])


class SewageMeasurements(SourceInputs):
    """Weekly averages of the plants' measurements per area (``average``) and the number of plants
    measured (``plants``); and every plant's own series for the per-plant charts (``detail``)."""

    @functools.cached_property
    def _in_use(self) -> tuple[pd.DataFrame, float, str]:
        """The measurements shown, their scale and unit: flow per 100,000 where the file has it, else
        per ml."""
        measurements = self.source.frame
        flow = measurements[measurements["unit"] == "rna_flow_per_100k"]
        if not flow.empty:
            return flow, 1 / SEWER_FLOW_SCALE, "rna_flow_per_100k_x1e11"
        return measurements[measurements["unit"] == "rna_per_ml"], 1.0, "rna_per_ml"

    @functools.cached_property
    def _plant_areas(self) -> tuple[dict[str, str], dict[str, str]]:
        """Plant -> region and plant -> municipality (the reference's postcode link).

        A plant's region is the one holding the largest share of its catchment: the reference facts
        built from RIVM's 2020 layout, whatever the file's layout; for a plant those facts lack, the
        file's own shares (2020 layout), else the region of its municipality."""
        reference = self.reference
        plant_municipality = {p.code: p.municipality_code for p in reference.sewage_plants.values()}
        plant_region = {
            plant: reference.region_of(code)
            for plant, code in plant_municipality.items()
            if code in reference.municipalities
        }
        plant_region.update(cast(dict[str, str], sewage.home_regions(self._in_use[0]).to_dict()))
        plant_region.update(reference.sewage_plant_regions)
        return plant_region, plant_municipality

    def __init__(self, source: SourceFrame, reference: Reference):
        super().__init__(source, reference)
        self._by_level: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}

    def _weekly(self, level: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        if level not in self._by_level:
            self._by_level[level] = self._weekly_of(level)
        return self._by_level[level]

    @functools.cached_property
    def _representative(self) -> pd.DataFrame:
        return sewage.representative_measurements(self._in_use[0])

    def _weekly_of(self, level: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        _used, scale, _unit = self._in_use
        plant_region, plant_municipality = self._plant_areas
        if level == "nl":
            average, plants = sewage.national_of_representative(self._representative)
        else:
            average, plants = sewage.averages_of_representative(
                self._representative, plant_region if level == "vr" else plant_municipality
            )
        last_day = self.source.frame["date"].max()
        average, plants = sewage.complete_weeks(average, last_day), sewage.complete_weeks(plants, last_day)
        columns = list(self.reference.codes(level)) if level != "nl" else [NATIONAL_CODE]
        return average.reindex(columns=columns) * scale, plants.reindex(columns=columns)

    def _frame(self, column: str, level: str) -> pd.DataFrame | None:
        average, plants = self._weekly(level)
        return {"average": average, "plants": plants}.get(column)

    def unit(self, column: str) -> str | None:
        return self._in_use[2] if column == "average" else None

    def detail(self, decimals: int) -> SewagePlants:
        _used, scale, unit = self._in_use
        plant_region, plant_municipality = self._plant_areas
        representative = self._representative.sort_values(["plant_code", "date"])
        # One rounding over all measurements, then one slice per plant: a loop of pandas calls per
        # plant cost most of a snapshot build.
        values = rounding.round_array(representative["value"].to_numpy(dtype=float) * scale, decimals)
        dates = pd.DatetimeIndex(representative["date"], name="date")
        # Each plant's series is a slice of the two arrays, made when a chart asks for it.
        series = PackedSeries.of_runs(representative["plant_code"].to_numpy(), dates, values)
        names = cast(
            dict[str, str],
            representative.drop_duplicates("plant_code", keep="last")
            .set_index("plant_code")["plant_name"]
            .to_dict(),
        )
        for plant in self.reference.sewage_plants.values():
            if not names.get(plant.code):
                names[plant.code] = plant.name
        return SewagePlants(
            series=series,
            names=names,
            region_of=plant_region,
            municipality_of=plant_municipality,
            unit=unit,
            source=self.kind,
            obtained_on=self.obtained_on,
        )


FAMILIES: dict[str, type[SourceInputs]] = {
    model.MUNICIPAL: MunicipalCounts,
    model.REGIONAL: RegionalCounts,
    model.PER_LEVEL_FILES: LevelFile,
    model.NATIONAL: NationalSeries,
    model.NATIONAL_WEEKLY: NationalWeeks,
    model.AGE_GROUPS: AgeGroups,
    model.SEWAGE: SewageMeasurements,
}


class Inputs:
    """Every source of one build, opened as the family its metric records name (each at most once)."""

    def __init__(self, frames: Mapping[str, SourceFrame], reference: Reference):
        self.frames = frames
        self.reference = reference
        self._opened: dict[tuple[str, str], SourceInputs] = {}

    def open(self, source: model.Source, level: str) -> SourceInputs | None:
        """The inputs of ``source`` at ``level``: the newest of its kinds that is present, or None."""
        kinds = tuple(kind.format(level=level) for kind in source.kinds)
        frame = newest(self.frames, *kinds)
        if frame is None:
            return None
        key = (source.family, frame.kind)
        if key not in self._opened:
            self._opened[key] = FAMILIES[source.family](frame, self.reference)
        return self._opened[key]
