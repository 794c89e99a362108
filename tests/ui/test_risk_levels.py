"""Official risk levels from the operator's file, and the risk panel of a region."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

import pytest

from dashapp.data.errors import SourceError
from dashapp.data.reference import load_reference
from dashapp.data.risk_levels import read_risk_levels
from dashapp.i18n import use_language
from dashapp.layouts.risk import risk_panel
from tests.conftest import SHARED_DATA, needs_shared_data

REGIONS = load_reference().regions


def write(tmp_path, text: str):
    path = tmp_path / "risk_levels.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_levels_are_read_oldest_first_per_region(tmp_path):
    path = write(
        tmp_path, "region_code,level,valid_from\nVR13,3,2020-10-13\nVR13,2,2020-09-28\nVR01,1,2020-09-18\n"
    )
    levels = read_risk_levels(path, REGIONS)
    assert [(item.level, str(item.valid_from)) for item in levels["VR13"]] == [
        (2, "2020-09-28"),
        (3, "2020-10-13"),
    ]
    assert levels["VR01"][0].level == 1


@pytest.mark.parametrize(
    "row, column",
    [
        ("VR26,2,2020-10-13", "region_code"),
        ("VR13,5,2020-10-13", "level"),
        ("VR13,two,2020-10-13", "level"),
        ("VR13,2,13-10-2020", "valid_from"),
    ],
)
def test_a_bad_row_is_refused_with_line_and_column(tmp_path, row, column):
    # The header is line 1, a good row line 2, the bad row line 3.
    path = write(tmp_path, f"region_code,level,valid_from\nVR01,1,2020-09-18\n{row}\n")
    with pytest.raises(SourceError) as caught:
        read_risk_levels(path, REGIONS)
    assert caught.value.line == 3 and caught.value.column == column


def test_the_same_region_and_date_twice_is_refused(tmp_path):
    path = write(tmp_path, "region_code,level,valid_from\nVR13,2,2020-10-13\nVR13,3,2020-10-13\n")
    with pytest.raises(SourceError, match="twice"):
        read_risk_levels(path, REGIONS)


@needs_shared_data
def test_the_november_2020_levels_of_the_original_dashboard(tmp_path):
    entries = json.loads((SHARED_DATA / "dashboard/nov2020/REGIONS.json").read_text())["escalation_levels"]
    lines = ["region_code,level,valid_from"]
    for entry in entries:
        valid = datetime.fromtimestamp(entry["valid_from_unix"], UTC).date().isoformat()
        lines.append(f"{entry['vrcode']},{entry['escalation_level']},{valid}")
    levels = read_risk_levels(write(tmp_path, "\n".join(lines) + "\n"), REGIONS)
    assert len(levels) == 25
    counts = {
        level: sum(1 for items in levels.values() if items[-1].level == level) for level in (1, 2, 3, 4)
    }
    assert sum(counts.values()) == 25
    assert counts == {
        level: sum(1 for entry in entries if entry["escalation_level"] == level) for level in (1, 2, 3, 4)
    }


def test_region_panel_names_official_level_and_indicative_band(demo_snapshot):
    from flask import Flask
    from flask_babel import Babel

    from dashapp.data.snapshot import OfficialLevel

    snapshot = dataclasses.replace(
        demo_snapshot,
        official_levels={"VR13": (OfficialLevel(2, date(2020, 9, 28)), OfficialLevel(3, date(2020, 10, 13)))},
    )
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context("/"), use_language("en"):
        panel = json.dumps(
            risk_panel(snapshot, "VR13").to_plotly_json(), default=lambda o: o.to_plotly_json()
        )
        bare = json.dumps(
            risk_panel(demo_snapshot, "VR13").to_plotly_json(), default=lambda o: o.to_plotly_json()
        )
    assert "Official risk level:" in panel and "Serious" in panel and "13 October 2020" in panel
    assert "Indicative risk band:" in panel
    assert "No file of official risk levels" in bare
    band = int(demo_snapshot.latest("vr", "VR13", "risk_level_indicative").value)
    assert f'"{band}"' in bare


def test_the_store_serves_official_levels_and_keeps_them_when_the_file_breaks(tmp_path, demo_data_dir):
    from dashapp.data.store import DataStore, DirectorySource

    levels = write(tmp_path, "region_code,level,valid_from\nVR13,3,2020-10-13\n")
    store = DataStore(DirectorySource(demo_data_dir, demo=True), risk_levels=levels)
    store.refresh()
    assert store.current.official_level("VR13").level == 3
    first = store.current.version
    levels.write_text(
        "region_code,level,valid_from\nVR13,4,2020-11-03\nVR13,3,2020-10-13\n", encoding="utf-8"
    )
    store.refresh()
    assert store.current.official_level("VR13").level == 4
    assert store.current.official_level("VR13", date(2020, 10, 20)).level == 3
    assert store.current.version != first
    levels.write_text("region_code,level,valid_from\nVR13,9,2020-11-10\n", encoding="utf-8")
    store.refresh()
    assert store.current.official_level("VR13").level == 4
    health = store.health()
    assert health["status"] == "degraded"
    assert "line 2" in health["risk_levels"]["error"] and "level" in health["risk_levels"]["error"]
