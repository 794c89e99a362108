"""Turn parsed source frames into a Snapshot, using only the pure indicator functions.

Each ``_from_*`` function handles one family of sources and returns finished tables; none
of them reads files or knows about Dash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from dashapp.data.catalog import AGE_BANDS, INDICATORS, age_indicator
from dashapp.data.indicators import (
    averages,
    cases,
    daily,
    ggd,
    nursing_homes,
    rates,
    risk,
    rounding,
    sewage,
    wide,
)
from dashapp.data.loader import SourceStatus
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import IndicatorTable, OfficialLevel, SewagePlants, Snapshot, latest_of
from dashapp.data.sources.base import SourceFrame

Tables = list[IndicatorTable]
SEWER_FLOW_SCALE = 1e11  # shown "x 100 billion" per 100,000 inhabitants, as the methodology does


def _newest(frames: Mapping[str, SourceFrame], *kinds: str) -> SourceFrame | None:
    """The most recently published of several sources of the same figure (earlier kinds win ties)."""
    present = [frames[kind] for kind in kinds if kind in frames]
    if not present:
        return None
    return max(present, key=lambda frame: (frame.obtained_on, -present.index(frame)))


def _national(series: pd.Series) -> pd.DataFrame:
    frame = series.to_frame(NATIONAL_CODE)
    frame.index.name = series.index.name or "date"
    return frame


def _daily_national(tidy: pd.DataFrame, column: str, date_column: str = "date") -> pd.DataFrame:
    series = tidy.groupby(date_column)[column].sum(min_count=1)
    full = pd.date_range(series.index.min(), series.index.max(), freq="D", name="date")
    return _national(series.reindex(full))


def _table(indicator: str, level: str, values: pd.DataFrame, source: SourceFrame, unit: str | None = None):
    spec = INDICATORS[indicator]
    rounded = rounding.round_half_away_from_zero(values.astype(float), spec.decimals)
    return IndicatorTable(indicator, level, spec.frequency, rounded, source.kind, source.obtained_on, unit)


def _region_of(reference: Reference) -> dict[str, str]:
    """Municipality code -> safety region, including codes of later divisions (via successors)."""
    mapping = {s.new_code: s.new_region_code for s in reference.successors}
    mapping.update({code: m.region_code for code, m in reference.municipalities.items()})
    return mapping


def _from_municipal_counts(frames: Mapping[str, SourceFrame], reference: Reference) -> Tables:
    source = _newest(frames, "rivm_per_day", "rivm_cumulative")
    if source is None:
        return []
    tidy = source.frame
    known = tidy[tidy["municipality_code"] != ""]
    start, end = tidy["date"].min(), tidy["date"].max()
    region_of = _region_of(reference)
    inhabitants = {
        level: pd.Series(reference.inhabitants(level), dtype=float) for level in ("nl", "vr", "gm")
    }
    inhabitants["nl"] = pd.Series({NATIONAL_CODE: float(reference.national.inhabitants)})
    tables: Tables = []
    measures = [("total_reported", "positive_tests"), ("hospital_admission", "hospital_admissions")]
    for column, name in measures:
        if tidy[column].isna().all():
            continue
        by_municipality = wide.pivot_daily(
            known, code_column="municipality_code", value_column=column, start=start, end=end
        )
        national = _daily_national(tidy, column)
        if source.kind == "rivm_cumulative":
            by_municipality = daily.net_from_cumulative(by_municipality)
            national = daily.net_from_cumulative(national)
        mapping = {code: region_of[code] for code in by_municipality.columns if code in region_of}
        net = {
            "gm": by_municipality.reindex(columns=list(reference.municipalities)),
            "vr": wide.aggregate_columns(by_municipality[list(mapping)], mapping).reindex(
                columns=list(reference.regions)
            ),
            "nl": national,
        }
        for level, values in net.items():
            shown = daily.displayed(values)
            if name == "positive_tests":
                tables += [
                    _table("positive_tests_net", level, values, source),
                    _table("positive_tests", level, shown, source),
                    _table(
                        "positive_tests_per_100k", level, rates.per_100k(shown, inhabitants[level]), source
                    ),
                    _table(
                        "positive_tests_7d_per_100k",
                        level,
                        rates.sum_7d_per_100k(values, inhabitants[level]),
                        source,
                    ),
                ]
            else:
                tables += [
                    _table("hospital_admissions", level, shown, source),
                    _table(
                        "hospital_admissions_3d_avg",
                        level,
                        averages.three_day_mean_including_today(shown),
                        source,
                    ),
                ]
    return tables


def _from_national_care(frames: Mapping[str, SourceFrame]) -> Tables:
    """NICE admissions (3-day mean of the three days before, today excluded) and LCPS beds."""
    tables: Tables = []
    hospital = frames.get("nice_hospital_intake")
    if hospital is not None:
        admissions = _daily_national(hospital.frame, "proven")
        tables += [
            _table("hospital_admissions", "nl", admissions, hospital),
            _table(
                "hospital_admissions_3d_avg",
                "nl",
                averages.three_day_mean_excluding_today(admissions),
                hospital,
            ),
        ]
    intensive = _newest(frames, "nice_ic_intake", "rivm_ic")
    if intensive is not None:
        column = "proven" if intensive.kind == "nice_ic_intake" else "ic_admission"
        admissions = _daily_national(intensive.frame, column)
        tables += [
            _table("ic_admissions", "nl", admissions, intensive),
            _table(
                "ic_admissions_3d_avg", "nl", averages.three_day_mean_excluding_today(admissions), intensive
            ),
        ]
    beds = frames.get("lcps_beds")
    if beds is not None:
        ic_covid = _daily_national(beds.frame, "ic_covid")
        ic_other = _daily_national(beds.frame, "ic_non_covid")
        tables += [
            _table("hospital_beds_occupied", "nl", _daily_national(beds.frame, "clinic_covid"), beds),
            _table("ic_beds_occupied", "nl", ic_covid, beds),
            _table("ic_beds_occupied_pct", "nl", ic_covid / (ic_covid + ic_other) * 100, beds),
        ]
    return tables


def _complete_weeks(daily_values: pd.DataFrame) -> pd.DataFrame:
    """Cut a daily frame after its last Sunday, so no weekly total covers part of a week."""
    last = daily_values.index.max()
    last_sunday = last - pd.Timedelta(days=(last.weekday() + 1) % 7)
    return daily_values.loc[:last_sunday]


def _from_ggd_tests(frames: Mapping[str, SourceFrame], reference: Reference) -> Tables:
    source = frames.get("rivm_ggd_tests")
    if source is None:
        return []
    tidy = source.frame
    tables: Tables = []
    known = tidy[tidy["region_code"] != ""]
    start, end = tidy["date"].min(), tidy["date"].max()
    for level in ("nl", "vr"):
        if level == "nl":
            tested, positive = _daily_national(tidy, "tested"), _daily_national(tidy, "positive")
        else:
            options = {
                "code_column": "region_code",
                "codes": list(reference.regions),
                "start": start,
                "end": end,
            }
            tested = wide.pivot_daily(known, value_column="tested", **options)
            positive = wide.pivot_daily(known, value_column="positive", **options)
        weekly_tested, weekly_positive, percent = ggd.weekly_share_positive(
            _complete_weeks(tested), _complete_weeks(positive)
        )
        tables += [
            _table("ggd_tested", level, weekly_tested, source),
            _table("ggd_positive", level, weekly_positive, source),
            _table("ggd_positive_pct", level, percent, source),
        ]
    return tables


def _sewage_in_use(source: SourceFrame) -> tuple[pd.DataFrame, float, str]:
    """The measurements shown, their scale and unit: flow per 100,000 where the file has it, else per ml."""
    measurements = source.frame
    flow = measurements[measurements["unit"] == "rna_flow_per_100k"]
    if not flow.empty:
        return flow, 1 / SEWER_FLOW_SCALE, "rna_flow_per_100k_x1e11"
    return measurements[measurements["unit"] == "rna_per_ml"], 1.0, "rna_per_ml"


def _plant_areas(used: pd.DataFrame, reference: Reference) -> tuple[dict[str, str], dict[str, str]]:
    """Plant -> region (largest share of its catchment where the file says, else via its municipality)
    and plant -> municipality (the reference's postcode link)."""
    plant_municipality = {p.code: p.municipality_code for p in reference.sewage_plants.values()}
    plant_region = {
        plant: reference.region_of(code)
        for plant, code in plant_municipality.items()
        if code in reference.municipalities
    }
    plant_region.update(sewage.home_regions(used).to_dict())
    return plant_region, plant_municipality


def _from_sewage(
    frames: Mapping[str, SourceFrame], reference: Reference
) -> tuple[Tables, SewagePlants | None]:
    source = frames.get("rivm_sewage")
    if source is None:
        return [], None
    used, scale, unit = _sewage_in_use(source)
    plant_region, plant_municipality = _plant_areas(used, reference)
    results = {
        "nl": sewage.national_weekly(used),
        "vr": sewage.weekly_averages(used, plant_region),
        "gm": sewage.weekly_averages(used, plant_municipality),
    }
    tables: Tables = []
    last_day = source.frame["date"].max()
    for level, (average, plants) in results.items():
        average, plants = sewage.complete_weeks(average, last_day), sewage.complete_weeks(plants, last_day)
        columns = list(reference.codes(level)) if level != "nl" else [NATIONAL_CODE]
        tables += [
            _table("sewer_average", level, average.reindex(columns=columns) * scale, source, unit),
            _table("sewer_plants", level, plants.reindex(columns=columns), source),
        ]
    representative = sewage.representative_measurements(used).sort_values(["plant_code", "date"])
    decimals = INDICATORS["sewer_average"].decimals
    # One rounding over all measurements, then one slice per plant: a loop of pandas calls per
    # plant cost most of a snapshot build.
    values = rounding.round_array(representative["value"].to_numpy(dtype=float) * scale, decimals)
    dates = pd.DatetimeIndex(representative["date"], name="date")
    plant_codes = representative["plant_code"].to_numpy()
    starts = np.flatnonzero(np.r_[True, plant_codes[1:] != plant_codes[:-1]]) if len(plant_codes) else []
    ends = [*starts[1:], len(plant_codes)]
    series = {
        str(plant_codes[start]): pd.Series(values[start:end], index=dates[start:end])
        for start, end in zip(starts, ends, strict=True)
    }
    names = (
        representative.drop_duplicates("plant_code", keep="last")
        .set_index("plant_code")["plant_name"]
        .to_dict()
    )
    for plant in reference.sewage_plants.values():
        if not names.get(plant.code):
            names[plant.code] = plant.name
    detail = SewagePlants(
        series=series,
        names=names,
        region_of=plant_region,
        municipality_of=plant_municipality,
        unit=unit,
        source=source.kind,
        obtained_on=source.obtained_on,
    )
    return tables, detail


def _nursing_level(frame: SourceFrame, column: str, level: str, reference: Reference) -> pd.DataFrame:
    if level == "nl":
        return _daily_national(frame.frame, column)
    known = frame.frame[frame.frame["region_code"] != ""]
    return wide.pivot_daily(
        known, code_column="region_code", value_column=column, codes=list(reference.regions)
    )


def _from_nursing_homes(frames: Mapping[str, SourceFrame], reference: Reference) -> Tables:
    tables: Tables = []
    locations = pd.Series({code: float(r.nursing_home_locations) for code, r in reference.regions.items()})
    totals = {
        "nl": pd.Series({NATIONAL_CODE: float(reference.national.nursing_home_locations)}),
        "vr": locations,
    }
    for level in ("nl", "vr"):
        positive = frames.get(f"nursing_positive_{level}")
        if positive is not None:
            values = _nursing_level(positive, "positive", level, reference)
            tables.append(_table("nursing_home_positive_residents", level, values, positive))
        deceased = frames.get(f"nursing_deceased_{level}")
        if deceased is not None:
            values = _nursing_level(deceased, "deceased", level, reference)
            tables.append(_table("nursing_home_deceased", level, values, deceased))
        sites = frames.get(f"nursing_locations_{level}")
        if sites is not None:
            infected = _nursing_level(sites, "infected_total", level, reference)
            tables += [
                _table("nursing_home_infected_locations", level, infected, sites),
                _table(
                    "nursing_home_infected_locations_pct",
                    level,
                    nursing_homes.infected_locations_share(infected, totals[level]),
                    sites,
                ),
                _table(
                    "nursing_home_new_infected_locations",
                    level,
                    _nursing_level(sites, "new_infected", level, reference),
                    sites,
                ),
            ]
    return tables


def _from_estimates(frames: Mapping[str, SourceFrame], reference: Reference) -> Tables:
    tables: Tables = []
    for kind, prefix in (
        ("rivm_reproduction", "reproduction_number"),
        ("rivm_prevalence", "infectious_people"),
    ):
        source = frames.get(kind)
        if source is None:
            continue
        for column, suffix in (("avg", ""), ("low", "_low"), ("high", "_high")):
            tables.append(_table(prefix + suffix, "nl", _daily_national(source.frame, column), source))
    gp = frames.get("nivel_gp")
    if gp is not None:
        weekly = gp.frame.set_index("week_start").sort_index()
        weekly.index.name = "week"
        tables += [
            _table("gp_suspicions", "nl", _national(weekly["estimated_count"]), gp),
            _table("gp_suspicions_per_100k", "nl", _national(weekly["incidence_per_100k"]), gp),
        ]
    return tables


def _from_cases(frames: Mapping[str, SourceFrame]) -> Tables:
    source = frames.get("rivm_cases")
    if source is None or source.frame.empty:
        return []
    by_band = cases.by_age_band(source.frame, AGE_BANDS)
    return [_table(age_indicator(band), "nl", _national(by_band[band]), source) for band in AGE_BANDS]


def _risk_bands(tables: Iterable[IndicatorTable]) -> Tables:
    """The indicative band per region per week, from the week's sum per 100,000 and GGD share positive."""
    by_key = {(t.level, t.indicator): t for t in tables}
    incidence = by_key.get(("vr", "positive_tests_7d_per_100k"))
    if incidence is None:
        return []
    sundays = incidence.values[incidence.values.index.day_of_week == 6]
    weekly = sundays.set_axis(sundays.index - pd.Timedelta(days=6), axis=0)
    weekly.index.name = "week"
    share = by_key.get(("vr", "ggd_positive_pct"))
    percent = share.values.reindex(index=weekly.index, columns=weekly.columns) if share is not None else None
    bands = risk.indicative_band(weekly, percent)
    obtained = max(t.obtained_on for t in (incidence, share) if t is not None)
    spec = INDICATORS["risk_level_indicative"]
    return [
        IndicatorTable(
            "risk_level_indicative", "vr", spec.frequency, bands.astype(float), incidence.source, obtained
        )
    ]


def build_snapshot(
    frames: Mapping[str, SourceFrame],
    statuses: Mapping[str, SourceStatus],
    reference: Reference,
    *,
    version: str,
    demo: bool,
    built_at: datetime | None = None,
    official_levels: Mapping[str, tuple[OfficialLevel, ...]] | None = None,
) -> Snapshot:
    tables: Tables = []
    tables += _from_municipal_counts(frames, reference)
    # National hospital admissions come from NICE where its file is present (methodology).
    national_care = _from_national_care(frames)
    replaced = {(t.level, t.indicator) for t in national_care}
    tables = [t for t in tables if (t.level, t.indicator) not in replaced] + national_care
    tables += _from_ggd_tests(frames, reference)
    sewage_tables, sewage_plants = _from_sewage(frames, reference)
    tables += sewage_tables
    tables += _from_nursing_homes(frames, reference)
    tables += _from_estimates(frames, reference)
    tables += _from_cases(frames)
    tables += _risk_bands(tables)
    by_key = {(t.level, t.indicator): t for t in tables}
    return Snapshot(
        version=version,
        built_at=built_at or datetime.now(UTC),
        demo=demo,
        reference=reference,
        tables=by_key,
        sources=dict(statuses),
        latest_values=latest_of(by_key),
        sewage_plants=sewage_plants,
        official_levels=dict(official_levels or {}),
    )
