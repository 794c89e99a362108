"""The snapshot built from real files and from the demo source: every figure traced to its inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.data.catalog import INDICATORS, indicators_for
from dashapp.metrics.model import PERCENT
from tests.conftest import needs_shared_data


def values(snapshot, level, indicator):
    return snapshot.table(level, indicator).values


def test_region_net_counts_equal_the_sum_of_their_municipalities(demo_snapshot):
    reference = demo_snapshot.reference
    municipal = values(demo_snapshot, "gm", "positive_tests_net")
    regional = values(demo_snapshot, "vr", "positive_tests_net")
    for region in reference.regions:
        summed = municipal[list(reference.members(region))].sum(axis=1, min_count=1)
        pd.testing.assert_series_equal(regional[region], summed, check_names=False)


def test_displayed_counts_show_corrections_as_zero_but_sums_use_net(demo_snapshot):
    net = values(demo_snapshot, "gm", "positive_tests_net")
    shown = values(demo_snapshot, "gm", "positive_tests")
    assert (net < 0).to_numpy().sum() > 0, "the demo source has negative corrections"
    assert ((shown == 0) | (shown == net) | net.isna()).all().all()
    assert (shown.fillna(0) >= 0).all().all()


def test_every_foundation_indicator_exists_at_every_level(demo_snapshot):
    for level in ("nl", "vr", "gm"):
        present = set(demo_snapshot.indicators(level))
        missing = set(indicators_for(level)) - present
        assert not missing, f"{level}: {missing}"
        for code in demo_snapshot.area_codes(level)[:3]:
            latest = demo_snapshot.latest(level, code, "positive_tests_per_100k")
            assert latest is not None and latest.obtained_on is not None


def test_counts_and_rates_are_rounded_to_what_the_screen_shows(demo_snapshot):
    for (level, indicator), table in demo_snapshot.tables.items():
        if INDICATORS[indicator].unit == PERCENT:
            continue
        decimals = INDICATORS[indicator].decimals
        data = table.values.to_numpy(dtype=float)
        finite = data[np.isfinite(data)]
        assert np.allclose(finite, np.round(finite, decimals)), (level, indicator)


def test_demo_data_ends_on_its_end_date(demo_snapshot):
    latest = demo_snapshot.latest("nl", "NL", "positive_tests")
    assert str(latest.value_of) == "2026-11-23"


@needs_shared_data
class TestRealFiles:
    def test_national_positive_tests_from_the_cumulative_file(self, real_snapshot):
        net = values(real_snapshot, "nl", "positive_tests_net")["NL"]
        # Cumulative totals 83,399 (14 Sep) and 84,778 (15 Sep 2020).
        assert net[pd.Timestamp("2020-09-15")] == 1379
        per_100k = values(real_snapshot, "nl", "positive_tests_per_100k")["NL"]
        assert per_100k[pd.Timestamp("2020-09-15")] == pytest.approx(round(1379 / 17_408_573 * 1e5, 1))

    def test_vr13_cumulative_sum_matches_the_data_readme(self, real_snapshot):
        # The data README sums VR13's municipalities on 15 Sep 2020 to 9,401 positives.
        net = values(real_snapshot, "vr", "positive_tests_net")["VR13"]
        assert net.sum() == 9401 - first_cumulative_vr13(real_snapshot)

    def test_seven_day_sum_per_100k_by_hand_for_amsterdam(self, real_snapshot):
        net = values(real_snapshot, "gm", "positive_tests_net")["GM0363"]
        window = net[pd.Timestamp("2020-09-09") : pd.Timestamp("2020-09-15")]
        expected = round(window.sum() / 872_757 * 1e5, 1)
        seven = values(real_snapshot, "gm", "positive_tests_7d_per_100k")["GM0363"]
        assert seven[pd.Timestamp("2020-09-15")] == pytest.approx(expected)

    def test_ic_three_day_average_from_nice_excludes_today(self, real_snapshot):
        admissions = values(real_snapshot, "nl", "ic_admissions")["NL"]
        average = values(real_snapshot, "nl", "ic_admissions_3d_avg")["NL"]
        day = pd.Timestamp("2020-04-01")
        previous = admissions[day - pd.Timedelta(days=3) : day - pd.Timedelta(days=1)]
        assert average[day] == pytest.approx(np.floor(previous.mean() * 10 + 0.5) / 10)
        # The RIVM copy of the NICE data (2021) is newer than the NICE download (2020).
        assert real_snapshot.latest("nl", "NL", "ic_admissions").source == "rivm_ic"

    def test_without_the_nice_ward_file_there_is_no_national_hospital_figure(self, real_snapshot):
        """The national admissions are NICE's: RIVM's counts appear only under their own id."""
        assert real_snapshot.table("nl", "hospital_admissions") is None
        assert real_snapshot.table("nl", "hospital_admissions_3d_avg") is None
        assert real_snapshot.latest("nl", "NL", "hospital_admissions_3d_avg") is None
        rivm = real_snapshot.table("nl", "hospital_admissions_rivm")
        assert rivm.source == "rivm_cumulative"
        # Cumulative hospital admissions 12,291 and 12,315 on 14 and 15 September 2020.
        assert rivm.values["NL"][pd.Timestamp("2020-09-15")] == 24
        # The regions keep RIVM's figure (there is no other source per region).
        assert real_snapshot.table("vr", "hospital_admissions_3d_avg").source == "rivm_cumulative"

    def test_lcps_beds_and_ic_share(self, real_snapshot):
        day = pd.Timestamp("2021-07-26")
        assert values(real_snapshot, "nl", "ic_beds_occupied")["NL"][day] == 140
        # Unrounded in the snapshot (20.9895...); shown as 21.0.
        assert values(real_snapshot, "nl", "ic_beds_occupied_pct")["NL"][day] == pytest.approx(
            140 / (140 + 527) * 100, abs=1e-9
        )
        assert values(real_snapshot, "nl", "hospital_beds_occupied")["NL"][day] == 437

    def test_sewage_plants_in_the_week_of_7_september_2020(self, real_snapshot):
        plants = values(real_snapshot, "nl", "sewer_plants")["NL"]
        assert plants[pd.Timestamp("2020-09-07")] == 236

    def test_the_newer_ggd_file_wins(self, real_snapshot):
        status = real_snapshot.sources["rivm_ggd_tests"]
        assert status.file == "COVID-19_uitgevoerde_testen.csv"
        assert str(status.obtained_on) == "2021-11-08"


def first_cumulative_vr13(snapshot) -> int:
    """VR13's cumulative count on the first report day (13 March 2020), which has no daily difference."""
    from tests.conftest import SHARED_DATA

    frame = pd.read_csv(SHARED_DATA / "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv", sep=";")
    members = set(snapshot.reference.members("VR13"))
    first = frame[
        (frame["Date_of_report"] == "2020-03-13 10:00:00") & frame["Municipality_code"].isin(members)
    ]
    return int(first["Total_reported"].sum())


def test_each_latest_value_knows_the_value_of_a_week_earlier(demo_snapshot):
    for level, code, indicator in (
        ("gm", "GM0363", "positive_tests_per_100k"),
        ("vr", "VR13", "ggd_positive_pct"),
        ("nl", "NL", "sewer_average"),
    ):
        latest = demo_snapshot.latest(level, code, indicator)
        column = demo_snapshot.column(level, code, indicator)
        earlier = column[pd.Timestamp(latest.value_of) - pd.Timedelta(days=7)]
        assert latest.week_earlier == earlier or (np.isnan(earlier) and np.isnan(latest.week_earlier))
