"""Every series the screen draws is in the snapshot and the export, computed once at build (issue 11,
item 7); percentages are kept unrounded and rounded only where shown (item 8); a national hospital
tile without NICE's file names the missing file (item 4)."""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp import export
from dashapp.charts.data import chart_data
from dashapp.charts.specs import CHARTS
from dashapp.data.build import build_tables
from dashapp.data.indicators.rounding import round_array
from dashapp.data.inputs import Inputs
from dashapp.data.reference import load_reference
from dashapp.data.sources.base import SourceFrame
from dashapp.metrics.files import missing_files
from dashapp.metrics.model import BARS_WITH_AVERAGE
from dashapp.metrics.registry import METRICS


def test_every_bar_chart_with_an_average_has_its_average_in_the_registry():
    with_average = [m for m in METRICS.values() if m.chart is not None and m.chart.kind == BARS_WITH_AVERAGE]
    assert {m.id for m in with_average} >= {"positive_tests_per_100k", "deceased"}
    for metric in with_average:
        average = METRICS[metric.id + "_7d_avg"]
        assert average.levels == metric.chart.levels
        assert average.decimals == max(1, metric.decimals)


def test_the_snapshot_average_is_the_one_the_charts_drew(demo_snapshot):
    """The numbers the chart code computes per request today equal the snapshot's series, so that the
    chart can read the series instead (the lead's change in ``dashapp/charts/data.py``)."""
    compared = 0
    for level in ("nl", "vr", "gm"):
        for spec in CHARTS[level].values():
            if not spec.average_of_bars:
                continue
            code = demo_snapshot.area_codes(level)[0]
            drawn = chart_data(demo_snapshot, spec, level, code, "all")
            if drawn.empty:
                continue
            stored = demo_snapshot.series(level, code, spec.bars + "_7d_avg")
            column = pd.Series(drawn.columns[drawn.average_column], index=drawn.index).dropna()
            pd.testing.assert_series_equal(
                column, stored.reindex(column.index), check_names=False, check_freq=False
            )
            compared += 1
    assert compared >= 6


def test_the_average_is_in_the_export(demo_snapshot):
    records = list(export.rows(demo_snapshot, "vr", ["VR13"]))
    indicators = {indicator for _code, _day, indicator, _value in records}
    assert {"positive_tests_per_100k_7d_avg", "deceased_7d_avg"} <= indicators


def lcps_frame() -> SourceFrame:
    """LCPS on 10 November 2020: 598 COVID-19 patients and 487 others in intensive care."""
    frame = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-11-10"]),
            "ic_covid": [598.0],
            "ic_non_covid": [487.0],
            "clinic_covid": [1],
        }
    )
    return SourceFrame("lcps_beds", Path("covid-19.csv"), frame, date(2020, 11, 10))


def test_a_percentage_is_kept_unrounded_and_rounded_only_where_shown():
    tables = build_tables(Inputs({"lcps_beds": lcps_frame()}, load_reference()))
    value = tables[("nl", "ic_beds_occupied_pct")].values["NL"].iloc[0]
    assert value == pytest.approx(598 / 1085 * 100, abs=1e-12)  # 55.115207...
    assert value != 55.1
    # The export and the charts' CSV downloads print it as the snapshot keeps it; the screen rounds.
    assert export.format_value("ic_beds_occupied_pct", value) == value
    assert export.format_value("ic_beds_occupied_pct", value, 1) == value
    assert round_array([value], 1)[0] == 55.1
    out = io.StringIO()
    export.write_csv([("NL", "2020-11-10", "ic_beds_occupied_pct", value)], out)
    printed = float(out.getvalue().splitlines()[1].split(",")[-1])
    assert math.isclose(printed, 598 / 1085 * 100)
    # A count stays as the screen shows it.
    assert tables[("nl", "ic_beds_occupied")].values["NL"].iloc[0] == 598


def test_every_percentage_of_the_demo_is_unrounded_somewhere(demo_snapshot):
    for indicator in ("ggd_positive_pct", "nursing_home_infected_locations_pct"):
        data = demo_snapshot.table("nl", indicator).values.to_numpy(dtype=float)
        finite = data[np.isfinite(data)]
        assert not np.allclose(finite, np.round(finite, 1)), indicator


def test_a_national_hospital_tile_without_nices_file_names_it():
    average = METRICS["hospital_admissions_3d_avg"]
    assert missing_files(average, "nl", {"rivm_cumulative", "lcps_beds"}) == ("zkh-new-intake.json",)
    assert missing_files(average, "nl", {"nice_hospital_intake"}) == ()
    # The regions have RIVM's figure.
    assert missing_files(average, "vr", {"rivm_cumulative"}) == ()
    assert missing_files(average, "vr", set()) == (
        "COVID-19_aantallen_gemeente_per_dag.csv",
        "COVID-19_aantallen_gemeente_cumulatief.csv",
    )


def test_rivm_hospital_counts_have_their_own_record():
    rivm = METRICS["hospital_admissions_rivm"]
    assert rivm.levels == ("nl",) and rivm.methodology == "hospital-admissions-rivm"
    assert rivm.label != METRICS["hospital_admissions"].label
    for metric_id in ("hospital_admissions", "hospital_admissions_3d_avg"):
        national = METRICS[metric_id].derivations_for("nl")
        assert [d.source.kinds for d in national] == [("nice_hospital_intake",)]
