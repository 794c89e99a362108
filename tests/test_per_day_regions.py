"""Reports whose municipality is unknown but whose safety region is known (the per-day file's per-GGD
rows) count in their region and in the country, never in a municipality (issue 11, item 1)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashapp.data.build import build_tables
from dashapp.data.inputs import Inputs
from dashapp.data.reference import load_reference
from dashapp.data.sources import rivm_per_day
from tests.conftest import build_from

HEADER = (
    "Date_of_report;Date_of_publication;Municipality_code;Municipality_name;Province;"
    "Security_region_code;Security_region_name;Municipal_health_service;ROAZ_region;"
    "Total_reported;Hospital_admission;Deceased"
)
# (municipality, region, GGD, positives on 10 and 11 November, deaths on the 10th and 11th)
ROWS = (
    ("GM0363", "Amsterdam", "VR13", "GGD Amsterdam", (100, 120), (1, 0)),
    ("GM0384", "Diemen", "VR13", "GGD Amsterdam", (3, 4), (0, 1)),
    ("", "", "VR13", "GGD Amsterdam", (5, 7), (0, 2)),  # municipality unknown, region known
    ("GM0014", "Groningen", "VR01", "GGD Groningen", (10, 11), (0, 0)),
    ("", "", "", "", (2, 2), (1, 0)),  # neither known: the country only
)
DAYS = ("2020-11-10", "2020-11-11")


def write_per_day_file(directory: Path) -> Path:
    lines = [HEADER]
    for day_index, day in enumerate(DAYS):
        for code, name, region, ggd, positives, deaths in ROWS:
            lines.append(
                f"2020-11-11 10:00:00;{day};{code};{name};;{region};;{ggd};;"
                f"{positives[day_index]};0;{deaths[day_index]}"
            )
    path = directory / rivm_per_day.FILE_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    path = write_per_day_file(tmp_path_factory.mktemp("per-day"))
    return build_tables(Inputs({"rivm_per_day": rivm_per_day.read(path)}, load_reference()))


def column(tables, level: str, indicator: str, code: str) -> list[float]:
    return [float(v) for v in tables[(level, indicator)].values[code]]


def test_region_includes_the_reports_of_its_unknown_municipalities(tables):
    # VR13: Amsterdam 100 + Diemen 3 + unknown 5 = 108; then 120 + 4 + 7 = 131.
    assert column(tables, "vr", "positive_tests_net", "VR13") == [108, 131]
    assert column(tables, "vr", "positive_tests", "VR13") == [108, 131]
    # VR01 has no such row: Groningen alone.
    assert column(tables, "vr", "positive_tests", "VR01") == [10, 11]
    # Deaths too: 1 + 0 + 0 and 0 + 1 + 2.
    assert column(tables, "vr", "deceased", "VR13") == [1, 3]


def test_the_unknown_municipality_reports_go_to_no_municipality(tables):
    assert column(tables, "gm", "positive_tests", "GM0363") == [100, 120]
    assert column(tables, "gm", "positive_tests", "GM0384") == [3, 4]
    gm = tables[("gm", "positive_tests_net")].values
    assert gm.loc[pd.Timestamp("2020-11-11")].sum() == 120 + 4 + 11


def test_the_country_includes_every_row(tables):
    # 100 + 3 + 5 + 10 + 2 = 120; 120 + 4 + 7 + 11 + 2 = 144.
    assert column(tables, "nl", "positive_tests", "NL") == [120, 144]
    assert column(tables, "nl", "deceased", "NL") == [2, 3]


def test_regional_rate_uses_the_regions_inhabitants(tables):
    # 131 / 1,070,603 inhabitants of VR13 x 100,000 = 12.236 -> 12.2.
    assert column(tables, "vr", "positive_tests_per_100k", "VR13")[1] == pytest.approx(12.2)


def test_the_same_through_the_store(tmp_path):
    """The whole ingest path (loader, checks, build) on the small per-day file."""
    write_per_day_file(tmp_path)
    snapshot = build_from(tmp_path)
    day = pd.Timestamp("2020-11-11")
    assert snapshot.table("vr", "positive_tests").values.loc[day, "VR13"] == 131
    assert snapshot.table("gm", "positive_tests").values.loc[day, "GM0363"] == 120
    assert snapshot.table("nl", "positive_tests").values.loc[day, "NL"] == 144
