"""``python -m dashapp export`` and ``check`` as an operator runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashapp.__main__ import main
from tests.conftest import DEMO_DAYS, REPO, needs_shared_data

FOUNDATION = {
    "positive_tests",
    "positive_tests_net",
    "positive_tests_per_100k",
    "positive_tests_7d_per_100k",
    "hospital_admissions",
    "hospital_admissions_3d_avg",
}
NATIONAL_ONLY = {"hospital_beds_occupied", "ic_admissions", "ic_admissions_3d_avg", "ic_beds_occupied"}


def export(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(
    "level, code, expected",
    [("nl", "NL", FOUNDATION | NATIONAL_ONLY), ("vr", "VR13", FOUNDATION), ("gm", "GM0363", FOUNDATION)],
)
def test_demo_export_gives_the_foundation_indicators(capsys, demo_data_dir, level, code, expected):
    status, out, _ = export(capsys, "--level", level, "--code", code, "--data-dir", str(demo_data_dir))
    assert status == 0
    records = parse_csv(out)
    assert list(records[0]) == ["area_code", "date", "indicator", "value"]
    assert {r["area_code"] for r in records} == {code}
    assert expected <= {r["indicator"] for r in records}
    dates = sorted({r["date"] for r in records})
    assert len(dates) >= DEMO_DAYS - 1
    keys = [(r["area_code"], r["date"], r["indicator"]) for r in records]
    assert len(keys) == len(set(keys)), "one row per area, date and indicator"


@needs_shared_data
@pytest.mark.parametrize("level, code", [("nl", "NL"), ("vr", "VR13"), ("gm", "GM0363")])
def test_real_export_gives_the_foundation_indicators(capsys, real_data_dir, level, code):
    status, out, _ = export(capsys, "--level", level, "--code", code, "--data-dir", str(real_data_dir))
    assert status == 0
    records = parse_csv(out)
    expected = FOUNDATION | (NATIONAL_ONLY if level == "nl" else set())
    if level == "nl":
        # The real files hold no NICE ward file: no national hospital figure, RIVM's under its own id.
        expected = (expected - {"hospital_admissions", "hospital_admissions_3d_avg"}) | {
            "hospital_admissions_rivm"
        }
    indicators = {r["indicator"] for r in records}
    assert expected <= indicators
    assert level != "nl" or not {"hospital_admissions", "hospital_admissions_3d_avg"} & indicators
    by_key = {(r["date"], r["indicator"]): r["value"] for r in records}
    if code == "NL":
        # 84,778 - 83,399 cumulative positives on 15 and 14 September 2020.
        assert by_key[("2020-09-15", "positive_tests_net")] == "1379"
        # LCPS, 26 July 2021: 140 IC and 437 clinic beds.
        assert by_key[("2021-07-26", "ic_beds_occupied")] == "140"
        assert by_key[("2021-07-26", "hospital_beds_occupied")] == "437"


def test_json_export_of_several_codes(capsys, demo_data_dir):
    status, out, _ = export(
        capsys,
        "--level",
        "gm",
        "--code",
        "GM0363,gm0014",
        "--format",
        "json",
        "--data-dir",
        str(demo_data_dir),
    )
    assert status == 0
    records = json.loads(out)
    assert {r["area_code"] for r in records} == {"GM0363", "GM0014"}
    assert set(records[0]) == {"area_code", "date", "indicator", "value"}


def test_export_of_an_unknown_code_fails_clearly(capsys, demo_data_dir):
    status, _, err = export(capsys, "--level", "vr", "--code", "VR13,VR99", "--data-dir", str(demo_data_dir))
    assert status == 2
    assert "VR99" in err


def test_export_without_code_lists_every_region(capsys, demo_data_dir):
    status, out, _ = export(capsys, "--level", "vr", "--data-dir", str(demo_data_dir))
    assert status == 0
    assert {r["area_code"] for r in parse_csv(out)} == {f"VR{n:02d}" for n in range(1, 26)}


@needs_shared_data
def test_check_reports_every_real_file(capsys, real_data_dir):
    assert main(["check", str(real_data_dir)]) == 0
    out = capsys.readouterr().out
    assert "OK      COVID-19_aantallen_gemeente_cumulatief.csv (rivm_cumulative): 68629 rows" in out
    assert "REFUSED" not in out


def test_check_names_file_line_and_column_of_a_broken_file(capsys, tmp_path: Path):
    (tmp_path / "COVID-19_aantallen_gemeente_cumulatief.csv").write_text(
        "Date_of_report;Municipality_code;Municipality_name;Province;Total_reported;Hospital_admission;Deceased\n"
        "2020-10-01 10:00:00;GM0363;Amsterdam;Noord-Holland;12;x;0\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "REFUSED COVID-19_aantallen_gemeente_cumulatief.csv" in out
    assert "line 2, column Hospital_admission" in out
    assert "IGNORED notes.txt" in out


def test_module_runs_as_a_command(demo_data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "dashapp", "export", "--level", "nl", "--data-dir", str(demo_data_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("area_code,date,indicator,value\n")


@needs_shared_data
def test_boundaries_download_installs_the_file_the_server_then_draws(capsys, tmp_path: Path):
    import functools
    import http.server
    import threading

    from tests.conftest import SHARED_DATA

    folder = tmp_path / "publisher"
    folder.mkdir()
    (folder / "nl.topo.json").write_bytes(
        (SHARED_DATA / "geo/2020/geography-simplified.topo.json").read_bytes()
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    target = tmp_path / "cache" / "boundaries.json"
    target.parent.mkdir()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/nl.topo.json"
        assert main(["boundaries", "download", "--url", url, "--target", str(target)]) == 0
        assert "355 municipalities and 25 safety regions" in capsys.readouterr().out
        assert target.is_file()
        assert (
            main(
                [
                    "boundaries",
                    "download",
                    "--url",
                    url.replace("nl.topo", "missing"),
                    "--target",
                    str(target),
                ]
            )
            == 1
        )
        assert "error:" in capsys.readouterr().err
        assert target.is_file()
    finally:
        server.shutdown()
        server.server_close()
