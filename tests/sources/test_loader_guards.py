"""The loader looks at a file before and after its reader: what it refuses unread, what it notices
changing under the reader, which entries it finds, and which files it does not read again."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from dashapp.data.errors import SourceError
from dashapp.data.loader import (
    FileSignature,
    fingerprint,
    inspect,
    load_directory,
    matching_files,
    read_checked,
)
from dashapp.data.sources import ALL_SPECS, lcps_beds, rivm_ggd_tests
from dashapp.data.sources.base import MB, NO_CONTEXT
from tests.sources.conftest import write

LCPS = ",".join(["Datum", *lcps_beds.VALUES.values()]) + "\n"
LCPS_ROWS = "17-11-2020,576,602,1787,40,149\n16-11-2020,590,590,1864,43,202\n"
SPEC = lcps_beds.SPECS[0]


def lcps_file(directory: Path) -> Path:
    return write(directory, lcps_beds.FILE_NAME, LCPS + LCPS_ROWS)


def refused(spec, path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        inspect(spec, path)
    assert caught.value.path.name == path.name
    return caught.value


def test_every_kind_has_a_size_limit_of_at_least_16_mb():
    assert min(spec.max_bytes for spec in ALL_SPECS) == 16 * MB
    assert max(spec.max_bytes for spec in ALL_SPECS) == 2048 * MB  # the case file


def test_a_regular_file_within_its_limit_passes(tmp_path):
    path = lcps_file(tmp_path)
    info = path.stat()
    assert inspect(SPEC, path) == FileSignature(info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)


def test_a_file_over_its_limit_is_refused_by_its_size(tmp_path):
    path = lcps_file(tmp_path)
    with path.open("r+b") as handle:
        handle.truncate(3 * MB)  # sparse: made at once
    small = replace(SPEC, max_bytes=2 * MB)
    assert refused(small, path).reason == (
        "file is 3.0 MB, more than the 2.0 MB allowed for this kind of file: refused without reading it"
    )
    assert inspect(SPEC, path).size == 3 * MB


@pytest.mark.parametrize(
    "make, reason",
    [
        (Path.mkdir, "is a directory, not a file"),
        (os.mkfifo, "is a named pipe, not a regular file (reading it could block)"),
        (lambda path: path.symlink_to(path.parent / "missing.csv"), "is a symbolic link to "),
        (lambda path: path.symlink_to(path), "cannot look at the file (Too many levels of symbolic links)"),
    ],
    ids=["directory", "named-pipe", "dangling-symlink", "symlink-loop"],
)
def test_what_is_no_regular_file_is_refused_unread(tmp_path, make, reason):
    path = tmp_path / lcps_beds.FILE_NAME
    make(path)
    assert refused(SPEC, path).reason.startswith(reason)


def test_a_symlink_to_a_good_file_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = lcps_file(elsewhere)
    link = tmp_path / lcps_beds.FILE_NAME
    link.symlink_to(target)
    frame, signature = read_checked(SPEC, link)
    assert frame.rows == 2 and signature.inode == target.stat().st_ino


def test_a_symlink_to_a_file_outside_the_data_directory_is_refused_unread(tmp_path):
    data, outside = tmp_path / "data", tmp_path / "outside"
    data.mkdir()
    outside.mkdir()
    target = write(outside, "secret.csv", LCPS + LCPS_ROWS)
    (data / lcps_beds.FILE_NAME).symlink_to(target)
    opened = []

    def read(path, context=NO_CONTEXT):
        opened.append(path)
        return SPEC.read(path, context)

    result = load_directory(data, specs=[replace(SPEC, read=read)])
    assert not opened and lcps_beds.KIND not in result.frames
    (problem,) = result.problems
    assert problem.file == lcps_beds.FILE_NAME
    assert problem.reason.startswith("is a symbolic link to a file outside the data directory")
    assert "outside" not in problem.reason.replace("outside the data directory", "")  # no target path


@pytest.mark.parametrize("via", ["relative", "a-link-inside-that-leads-out", "a-symlinked-folder"])
def test_a_link_that_leads_out_by_any_route_is_refused(tmp_path, via):
    data, outside = tmp_path / "data", tmp_path / "outside"
    data.mkdir()
    outside.mkdir()
    target = lcps_file(outside)
    link = data / lcps_beds.FILE_NAME
    if via == "relative":
        link.symlink_to(Path("..") / "outside" / target.name)
    elif via == "a-link-inside-that-leads-out":
        (data / "step").symlink_to(target)
        link.symlink_to(data / "step")
    else:
        (data / "folder").symlink_to(outside, target_is_directory=True)
        link.symlink_to(data / "folder" / target.name)
    assert "outside the data directory" in refused(SPEC, link).reason


def test_a_link_inside_a_symlinked_data_directory_is_read(tmp_path):
    real = tmp_path / "real"
    (real / "store").mkdir(parents=True)
    target = lcps_file(real / "store")
    (real / lcps_beds.FILE_NAME).symlink_to(target)
    (tmp_path / "data").symlink_to(real, target_is_directory=True)
    result = load_directory(tmp_path / "data", specs=[SPEC])
    assert not result.problems and result.frames[lcps_beds.KIND].rows == 2


def test_a_dangling_link_names_its_target_inside_the_directory_only(tmp_path):
    (tmp_path / lcps_beds.FILE_NAME).symlink_to(tmp_path / "gone" / "covid-19.csv")
    assert refused(SPEC, tmp_path / lcps_beds.FILE_NAME).reason == (
        "is a symbolic link to gone/covid-19.csv, which does not exist"
    )
    (tmp_path / "other.csv").symlink_to("/nonexistent-folder/secret-name.csv")
    path = tmp_path / "other.csv"
    assert refused(SPEC, path).reason.startswith("is a symbolic link to a file outside the data directory")


def hooked(spec, action):
    def read(path, context=NO_CONTEXT):
        frame = spec.read(path, context)
        action(path)
        return frame

    return replace(spec, read=read)


def test_a_file_that_changes_during_the_read_is_refused(tmp_path):
    path = lcps_file(tmp_path)
    before = path.stat()

    def grow(target: Path) -> None:
        with target.open("a") as handle:
            handle.write("15-11-2020,600,580,1900,45,210\n")
        os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))

    with pytest.raises(SourceError) as caught:
        read_checked(hooked(SPEC, grow), path)
    reason = caught.value.reason
    assert reason.startswith(f"file changed while it was being read (size {before.st_size:,} -> ")
    assert "; modified " in reason and "replaced" not in reason


def test_a_file_replaced_during_the_read_is_refused(tmp_path):
    path = lcps_file(tmp_path)
    other = tmp_path / "other.csv"
    other.write_text(LCPS + LCPS_ROWS, encoding="utf-8")
    os.utime(other, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns))  # even the same size and time

    with pytest.raises(SourceError) as caught:
        read_checked(hooked(SPEC, lambda target: os.replace(other, target)), path)
    assert caught.value.reason.startswith("file changed while it was being read (replaced by another file)")


def test_a_file_removed_during_the_read_is_refused(tmp_path):
    path = lcps_file(tmp_path)
    with pytest.raises(SourceError) as caught:
        read_checked(hooked(SPEC, Path.unlink), path)
    assert caught.value.reason == "file disappeared while it was being read"


def test_matching_files_finds_directories_and_broken_links_and_takes_the_last_name(tmp_path):
    (tmp_path / "covid-19.csv").mkdir()
    (tmp_path / "new-intake.json").symlink_to(tmp_path / "nowhere")
    stem = "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD"
    for stamp in ("20201014_1107", "20201015_1000"):
        write(tmp_path, f"{stem}_{stamp}.csv", "x")
    write(tmp_path, "unrelated.csv", "x")
    found = {spec.kind: path.name for spec, path in matching_files(tmp_path).items()}
    assert found == {
        "lcps_beds": "covid-19.csv",
        "nice_ic_intake": "new-intake.json",
        "nursing_positive_nl": f"{stem}_20201015_1000.csv",
    }


def test_the_fingerprint_changes_when_a_file_becomes_a_directory(tmp_path):
    path = lcps_file(tmp_path)
    first = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == first
    path.unlink()
    path.mkdir()
    assert fingerprint(tmp_path) != first


def test_an_unchanged_file_is_reused_and_a_touched_one_read_again(tmp_path):
    path = lcps_file(tmp_path)
    first = load_directory(tmp_path)
    again = load_directory(tmp_path, first.frames, signatures=first.signatures)
    assert again.frames["lcps_beds"] is first.frames["lcps_beds"]
    assert again.signatures == first.signatures
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1))
    touched = load_directory(tmp_path, first.frames, signatures=first.signatures)
    assert touched.frames["lcps_beds"] is not first.frames["lcps_beds"]
    assert touched.frames["lcps_beds"].frame.equals(first.frames["lcps_beds"].frame)
    # Without signatures (a forced refresh) every file is read.
    assert load_directory(tmp_path, first.frames).frames["lcps_beds"] is not first.frames["lcps_beds"]


def test_a_refused_file_serves_the_previous_frame_and_says_why(tmp_path):
    path = lcps_file(tmp_path)
    first = load_directory(tmp_path)
    path.write_text(LCPS + "17-11-2020,576\n", encoding="utf-8")

    result = load_directory(tmp_path, first.frames, signatures=first.signatures)

    status = result.statuses["lcps_beds"]
    assert result.frames["lcps_beds"] is first.frames["lcps_beds"]
    assert result.signatures["lcps_beds"] == first.signatures["lcps_beds"]
    assert (status.ok, status.serving_previous, status.file, status.rows) == (False, True, "covid-19.csv", 2)
    assert status.problem == result.problems[0]
    assert (status.problem.line, status.problem.column) == (2, "IC_Bedden_Non_COVID")
    assert status.error == status.problem.describe()
    assert status.to_json()["problem"] == {
        "file": "covid-19.csv",
        "line": 2,
        "column": "IC_Bedden_Non_COVID",
        "reason": "line has 2 fields, the header 6 (file truncated?)",
    }


def ggd_csv(report: str, tested: str) -> bytes:
    header = ";".join([*rivm_ggd_tests.COLUMNS[:4], "Security_region_name", *rivm_ggd_tests.COLUMNS[4:]])
    return f"{header}\n2;{report} 09:00:00;2020-11-16;VR01;Groningen;{tested};1\n".encode()


def ggd_json(report: str) -> str:
    record = {
        "Version": 1,
        "Date_of_report": f"{report} 09:00:00",
        "Date_of_statistics": "2020-11-16",
        "Security_region_code": "VR01",
        "Tested_with_result": 10,
        "Tested_positive": 1,
    }
    return f"[{record}]".replace("'", '"')


def test_a_broken_second_format_of_a_feed_does_not_displace_a_good_first(tmp_path):
    write(tmp_path, rivm_ggd_tests.JSON_FILE_NAME, ggd_json("2020-11-17"))
    write(tmp_path, rivm_ggd_tests.CSV_FILE_NAME, ggd_csv("2020-11-18", "ten"))

    result = load_directory(tmp_path)

    assert result.statuses["rivm_ggd_tests"].ok
    assert result.frames["rivm_ggd_tests"].path.name == rivm_ggd_tests.JSON_FILE_NAME
    assert [problem.file for problem in result.problems] == [rivm_ggd_tests.CSV_FILE_NAME]
