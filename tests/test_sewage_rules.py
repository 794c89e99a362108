"""Sewage as the original computed it (issue 11, items 2 and 3): the weekly average of an area is the
sum of its representative measurements over their number, and every plant belongs to the safety
region holding the largest share of its catchment, kept as reference facts built from the 2020
layout and used for the 2021 layout too."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashapp.data.build import build_tables, sewage_plants
from dashapp.data.indicators import sewage
from dashapp.data.indicators.rounding import round_array
from dashapp.data.inputs import Inputs
from dashapp.data.reference import REFERENCE_DIR, load_reference
from dashapp.data.sources import rivm_sewage
from dashapp.data.sources.base import SourceFrame
from tests.conftest import SHARED_DATA, needs_shared_data
from tools import build_plant_regions

SEWAGE_2020 = (
    SHARED_DATA / "rivm/2020-09-15/COVID-19_rioolwaterdata.csv",
    SHARED_DATA / "rivm/2020-10-07/COVID-19_rioolwaterdata.csv",
)
SEWAGE_2021 = SHARED_DATA / "rivm/2021-03-24/COVID-19_rioolwaterdata.csv"


# ----------------------------------------------------------------------------------- the tool


def shares_row(plant: str, region: str, share: str) -> dict[str, str]:
    return {"RWZI_AWZI_code": plant, "Security_region_code": region, "Percentage_in_security_region": share}


def test_the_region_with_the_largest_share_of_the_catchment_wins():
    # Plant 12022 as in the 2020 file: 43.6 % in VR12, 10.8 % in VR10, 45.6 % in VR11.
    rows = [
        shares_row("12022", "VR12", "0,435961337"),
        shares_row("12022", "VR10", "0,107744265"),
        shares_row("12022", "VR11", "0,456294399"),
        shares_row("9", "VR05", "0,5"),  # a tie goes to the lower code
        shares_row("9", "VR04", "0,5"),
    ]
    shares = build_plant_regions.catchment_shares(rows)
    assert build_plant_regions.largest_share(shares["12022"]) == ("VR11", pytest.approx(0.456294399))
    assert build_plant_regions.largest_share(shares["9"])[0] == "VR04"


def test_the_reference_table_holds_the_examples_of_the_issue():
    regions = load_reference().sewage_plant_regions
    # Both plants lie in a municipality of another region, where the 2021 layout used to put them.
    assert regions["10038"] == "VR16"  # not VR09
    assert regions["25021"] == "VR20"  # not VR19
    assert regions["12022"] == "VR11"


@needs_shared_data
def test_the_committed_table_is_what_the_tool_derives_from_the_2020_files(tmp_path):
    target = tmp_path / "sewage_plant_regions.csv"
    build_plant_regions.write(build_plant_regions.plant_regions(SEWAGE_2020), target)
    committed = REFERENCE_DIR / "sewage_plant_regions.csv"
    assert target.read_text() == committed.read_text()
    assert len(load_reference().sewage_plant_regions) == 304


# ------------------------------------------------------------------ the 2021 layout uses the facts


def layout_2021(rows: list[tuple[str, str, float]]) -> SourceFrame:
    """A parsed 2021-layout file: (date, plant, flow per 100,000); the layout names no region."""
    frame = pd.DataFrame(rows, columns=["date", "plant_code", "value"])
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        plant_name="",
        region_code="",
        region_share=1.0,
        unit=rivm_sewage.FLOW,
        representative=True,
    )
    return SourceFrame("rivm_sewage", Path(rivm_sewage.FILE_NAME), frame, date(2020, 9, 20))


def test_a_2021_layout_plant_counts_in_the_region_holding_most_of_its_catchment():
    # Plant 10038 lies in a VR09 municipality but serves VR16; plant 10001 is in VR09 all along.
    frame = layout_2021(
        [
            ("2020-09-07", "10038", 3e13),
            ("2020-09-08", "10001", 1e13),
            ("2020-09-13", "10001", 2e13),
        ]
    )
    reference = load_reference()
    assert reference.region_of(reference.sewage_plants["10038"].municipality_code) == "VR09"
    assert reference.region_of(reference.sewage_plants["10001"].municipality_code) == "VR09"
    tables = build_tables(Inputs({"rivm_sewage": frame}, reference))
    week = pd.Timestamp("2020-09-07")
    average = tables[("vr", "sewer_average")].values
    plants = tables[("vr", "sewer_plants")].values
    assert average.loc[week, "VR16"] == 300  # 3e13 / 1e11
    assert average.loc[week, "VR09"] == 150  # (1e13 + 2e13) / 2 / 1e11
    assert (plants.loc[week, "VR16"], plants.loc[week, "VR09"]) == (1, 1)


# ------------------------------------------------------------------------------ the real files


@needs_shared_data
def test_the_317_plants_of_the_2021_file(tmp_path):
    reference = load_reference()
    frame = rivm_sewage.read(SEWAGE_2021)
    inputs = Inputs({"rivm_sewage": frame}, reference)
    detail = sewage_plants(inputs)
    plants = set(frame.frame["plant_code"])
    assert len(plants) == 317
    by_municipality = {
        plant: reference.region_of(reference.sewage_plants[plant].municipality_code) for plant in plants
    }
    expected = {plant: reference.sewage_plant_regions.get(plant, by_municipality[plant]) for plant in plants}
    assigned = {plant: detail.region_of[plant] for plant in plants}
    assert assigned == expected
    moved = sorted(plant for plant in plants if assigned[plant] != by_municipality[plant])
    assert len(moved) == 11
    assert {"10038", "25021"} <= set(moved)
    assert (assigned["10038"], assigned["25021"]) == ("VR16", "VR20")


@needs_shared_data
def test_one_region_week_of_the_2020_10_07_file_by_hand(real_snapshot):
    """VR03 (Drenthe), week of 7 to 13 September 2020, the 2020-10-07 copy: 17 representative
    measurements at 13 plants. Non-zero: Assen 158, Foxhol 132 (51 % in VR03), Dieverbrug 101,
    Smilde 262, Eelde 47, Beilen 48, Sleen 115, Coevorden 51 (76 % in VR03), Emmen 133; the other
    eight are 0. Sum 1,047 / 17 = 61.59 (the mean of the plants' means would be 873.5 / 13 = 67.19).
    Tweede Exloermond (3023) counts here, though its municipality lies in VR05."""
    week = pd.Timestamp("2020-09-07")
    assert real_snapshot.table("vr", "sewer_average").values.loc[week, "VR03"] == 61.59
    assert real_snapshot.table("vr", "sewer_plants").values.loc[week, "VR03"] == 13
    assert real_snapshot.sewage_plants.region_of["3023"] == "VR03"


def official_region(code: str) -> tuple[pd.DataFrame, dict[pd.Timestamp, tuple[float, int]]]:
    """The per-plant values and the weekly averages that the official regional page published."""
    page = json.loads((SHARED_DATA / f"dashboard/nov2020/vr/{code}.json").read_text())
    rows = [
        (
            pd.Timestamp(value["date_measurement_unix"], unit="s"),
            plant["rwzi_awzi_code"],
            value["rna_normalized"],
        )
        for plant in page["sewer_per_installation"]["values"]
        for value in plant["values"]
    ]
    frame = pd.DataFrame(rows, columns=["date", "plant_code", "value"]).assign(representative=True)
    weeks = {
        pd.Timestamp(week["week_start_unix"], unit="s"): (week["average"], week["total_installation_count"])
        for week in page["sewer"]["values"]
    }
    return frame, weeks


@needs_shared_data
def test_the_rule_reproduces_the_official_regional_weekly_averages():
    """On the official per-plant values of VR01..VR12 (November 2020) the rule gives the published
    weekly average in 97 of 106 region-weeks, and the number of plants in all 106; the mean of the
    plants' means would give 36."""
    total = reproduced = counted = plant_means = 0
    for number in range(1, 13):
        code = f"VR{number:02d}"
        frame, weeks = official_region(code)
        average, plants = sewage.weekly_averages(frame, dict.fromkeys(frame["plant_code"], code))
        week_of = sewage.week_start(pd.DatetimeIndex(frame["date"]))
        means = frame.groupby([week_of, "plant_code"])["value"].mean().groupby(level=0).mean()
        for week, (published, installations) in weeks.items():
            total += 1
            reproduced += round_array([average.loc[week, code]], 2)[0] == published
            counted += plants.loc[week, code] == installations
            plant_means += round_array([means.loc[week]], 2)[0] == published
    assert (total, reproduced, counted, plant_means) == (106, 97, 106, 36)


def test_reference_table_columns():
    with (REFERENCE_DIR / "sewage_plant_regions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["plant_code", "region_code", "share"]
    assert all(0 < float(row["share"]) <= 1 and row["region_code"].startswith("VR") for row in rows)
