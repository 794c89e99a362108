"""Broken source files, each in a copy of a demo data directory, refreshed through the real DataStore.

A refused file must leave the store serving exactly the previous values of its source, and
``store.health()`` must say so: status "degraded", and a problem naming the file, the
reason and, where it means something, the line and column. An accepted "fault" (something
that looks odd but is how the publishers write their files) must be read and served.

The refused cases share one store, which first read an intact copy (building a snapshot
costs a few tenths of a second; a store per case would double the cost of the suite). Each
case breaks one file in a fresh copy of the intact directory and points the store at it.
That is sound in any order: before every case, each source's last good frame holds the
intact data, because a refused file leaves its previous frame in place and every other file
is read anew from an intact copy. The accepted cases change data, so each has its own store.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from dashapp.data.snapshot import Snapshot
from dashapp.data.store import DataStore, DirectorySource
from tests.faults.conftest import (
    CASES,
    CUMULATIVE,
    DEMO_DAYS,
    GGD,
    LCPS,
    NICE_IC,
    NIVEL,
    PREVALENCE,
    REPRODUCTION,
    TODAY,
    assert_still_served,
    edit_line,
    field,
    good_store,
    lines_of,
    problem_of,
    rewrite,
    set_field,
    tables_of,
    write_lines,
)

CUMULATIVE_LINES = 1 + DEMO_DAYS * 367  # the header, then 355 municipalities and 12 provinces a day
FIRST_DAY = TODAY - timedelta(days=DEMO_DAYS - 1)
GGD_LINE_5_DAY = FIRST_DAY + timedelta(days=3)  # the GGD file lists VR01's days first
HTML = b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head><body>Busy</body></html>\n"


@dataclass(frozen=True)
class Refused:
    """A broken file that the refresh must refuse."""

    id: str
    kind: str
    file: str
    apply: Callable[[Path], None]
    reason: str  # a part of the reason given
    line: int | None = None
    column: str | None = None


def last_line_with(path: Path, text: str) -> int:
    lines = lines_of(path)
    return max(number for number, line in enumerate(lines, start=1) if text.encode() in line)


def truncate_mid_line(directory: Path) -> None:
    """Cut the file inside the fourth field (Province) of its last line, as an interrupted download does."""
    path = directory / CUMULATIVE
    data = path.read_bytes().rstrip(b"\r\n")
    start = data.rindex(b"\n") + 1
    cells = data[start:].split(b";")
    rewrite(path, data[:start] + b";".join(cells[:3]) + b";" + cells[3][:3])


def header_only(directory: Path) -> None:
    path = directory / GGD
    write_lines(path, lines_of(path)[:1])


def drop_column(directory: Path) -> None:
    path = directory / CUMULATIVE
    lines = [line.rstrip(b"\r\n").split(b";") for line in lines_of(path)]
    position = lines[0].index(b"Hospital_admission")
    write_lines(path, [b";".join(cells[:position] + cells[position + 1 :]) + b"\r\n" for cells in lines])


def rename_column(directory: Path) -> None:
    edit_line(directory / LCPS, 1, lambda line: line.replace(",Kliniek_Bedden,", ",Kliniek_Bedden_COVID,"))


def wrong_separator(directory: Path) -> None:
    path = directory / GGD
    rewrite(path, path.read_bytes().replace(b";", b","))


def latin1_bytes(directory: Path) -> None:
    """Line 100 names a municipality in Latin-1 ("Fryslân" with the byte 0xE2) inside a UTF-8 file."""
    path = directory / CUMULATIVE
    lines = lines_of(path)
    cells = lines[99].split(b";")
    cells[2] = "Súdwest-Fryslân".encode("latin-1")
    lines[99] = b";".join(cells)
    write_lines(path, lines)


def utf16(directory: Path) -> None:
    path = directory / LCPS
    rewrite(path, path.read_text(encoding="utf-8").encode("utf-16"))


def html_page(name: str) -> Callable[[Path], None]:
    def apply(directory: Path) -> None:
        rewrite(directory / name, HTML)

    return apply


def truncate_json(directory: Path) -> None:
    """Keep the first 20 lines of the pretty-printed Nivel file: it ends inside the array of weeks."""
    path = directory / NIVEL
    write_lines(path, lines_of(path)[:20])


def wrong_json_shape(directory: Path) -> None:
    path = directory / PREVALENCE
    rewrite(path, json.dumps({"data": json.loads(path.read_text())}).encode())


def report_before_statistics(directory: Path) -> None:
    """Line 5 (VR01, its fourth day) says it was reported the day before: it could not yet be known."""
    reported = GGD_LINE_5_DAY - timedelta(days=1)
    set_field(directory / GGD, 5, "Date_of_report", f"{reported.isoformat()} 09:00:00", ";")


def reproduction_in_the_future(directory: Path) -> None:
    path = directory / REPRODUCTION
    records = json.loads(path.read_text())
    records[-1]["Date"] = "2026-12-01"
    rewrite(path, json.dumps(records, separators=(",", ":")).encode())


def fall_by_nine_tenths(directory: Path) -> None:
    path = directory / CUMULATIVE
    line = last_line_with(path, ";GM0014;")
    total = int(field(path, line, "Total_reported", ";"))
    set_field(path, line, "Total_reported", str(total // 10), ";")


def repeat_line_2(directory: Path) -> None:
    path = directory / CUMULATIVE
    lines = lines_of(path)
    write_lines(path, [lines[0], lines[1], lines[1], *lines[2:]])


def replace_by(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(directory: Path) -> None:
        path = directory / LCPS
        path.unlink()
        make(path)

    return apply


REFUSED = [
    Refused(
        "truncated-mid-line",
        "rivm_cumulative",
        CUMULATIVE,
        truncate_mid_line,
        "line has 4 fields, the header 7 (file truncated?)",
        CUMULATIVE_LINES,
        "Total_reported",
    ),
    Refused("empty-file", "lcps_beds", LCPS, lambda d: rewrite(d / LCPS, b""), "file is empty"),
    Refused("header-only", "rivm_ggd_tests", GGD, header_only, "a header but no data rows", 2),
    Refused(
        "missing-column",
        "rivm_cumulative",
        CUMULATIVE,
        drop_column,
        "required column missing",
        1,
        "Hospital_admission",
    ),
    Refused(
        "renamed-column", "lcps_beds", LCPS, rename_column, "required column missing", 1, "Kliniek_Bedden"
    ),
    Refused("wrong-separator", "rivm_ggd_tests", GGD, wrong_separator, "is the separator ';'?", 1, "Version"),
    Refused(
        "latin-1-in-utf-8",
        "rivm_cumulative",
        CUMULATIVE,
        latin1_bytes,
        "not valid UTF-8 text (byte 0xfa)",
        100,
    ),
    Refused("utf-16", "lcps_beds", LCPS, utf16, "file is UTF-16 text", 1),
    Refused("html-instead-of-json", "nice_ic_intake", NICE_IC, html_page(NICE_IC), "an HTML page", 1),
    Refused("html-instead-of-csv", "rivm_cumulative", CUMULATIVE, html_page(CUMULATIVE), "an HTML page", 1),
    Refused("json-truncated", "nivel_gp", NIVEL, truncate_json, "not valid JSON", 21),
    Refused(
        "json-wrong-shape",
        "rivm_prevalence",
        PREVALENCE,
        wrong_json_shape,
        "expected an array of records, found a JSON dict",
        1,
    ),
    Refused(
        "date-after-own-publication",
        "rivm_ggd_tests",
        GGD,
        report_before_statistics,
        f"date {GGD_LINE_5_DAY} is after the file's own publication date"
        f" {GGD_LINE_5_DAY - timedelta(days=1)} (Date_of_report)",
        5,
        "Date_of_statistics",
    ),
    Refused(
        "date-after-today",
        "lcps_beds",
        LCPS,
        lambda d: edit_line(d / LCPS, 2, lambda line: line.replace("23-11-2026", "25-11-2026")),
        "date 2026-11-25 is in the future (today is 2026-11-23 in Europe/Amsterdam)",
        2,
        "Datum",
    ),
    Refused(
        "date-after-today-undated-format",
        "rivm_reproduction",
        REPRODUCTION,
        reproduction_in_the_future,
        "date 2026-12-01 is in the future",
        1,
        "Date",
    ),
    Refused(
        "negative-cumulative-total",
        "rivm_cumulative",
        CUMULATIVE,
        lambda d: set_field(d / CUMULATIVE, 10, "Total_reported", "-5", ";"),
        "a cumulative count cannot be negative (-5)",
        10,
        "Total_reported",
    ),
    Refused(
        "cumulative-falls-by-nine-tenths",
        "rivm_cumulative",
        CUMULATIVE,
        fall_by_nine_tenths,
        "a correction never removes more than half of a total",
        CUMULATIVE_LINES - 367 + 3,  # GM0014 is the third row of the last day
        "Total_reported",
    ),
    Refused(
        "duplicated-row",
        "rivm_cumulative",
        CUMULATIVE,
        repeat_line_2,
        "the same municipality and report day appear twice",
        3,
        "Municipality_code",
    ),
    Refused(
        "unknown-municipality-code",
        "rivm_cumulative",
        CUMULATIVE,
        lambda d: set_field(d / CUMULATIVE, 7, "Municipality_code", "GM9999", ";"),
        "GM9999 is neither a municipality of the 2020 division nor a known successor",
        7,
        "Municipality_code",
    ),
    Refused(
        "unknown-safety-region-code",
        "rivm_ggd_tests",
        GGD,
        lambda d: set_field(d / GGD, 3, "Security_region_code", "VR26", ";"),
        "VR26 is not one of the 25 safety regions",
        3,
        "Security_region_code",
    ),
    Refused(
        "nan-in-a-count",
        "rivm_cumulative",
        CUMULATIVE,
        lambda d: set_field(d / CUMULATIVE, 8, "Total_reported", "NaN", ";"),
        "expected a whole number, found 'NaN'",
        8,
        "Total_reported",
    ),
    Refused(
        "text-in-a-count",
        "lcps_beds",
        LCPS,
        lambda d: set_field(d / LCPS, 3, "IC_Bedden_COVID", "abc", ","),
        "expected a whole number, found text of 3 characters",
        3,
        "IC_Bedden_COVID",
    ),
    Refused(
        "replaced-by-a-directory", "lcps_beds", LCPS, replace_by(Path.mkdir), "is a directory, not a file"
    ),
    Refused(
        "symlink-to-nowhere",
        "lcps_beds",
        LCPS,
        replace_by(lambda path: path.symlink_to(path.parent / "gone" / LCPS)),
        "is a symbolic link to",
        None,
    ),
    Refused(
        "named-pipe",
        "lcps_beds",
        LCPS,
        replace_by(lambda path: os.mkfifo(path)),
        "is a named pipe, not a regular file (reading it could block)",
    ),
    Refused("file-removed", "nice_ic_intake", NICE_IC, lambda d: (d / NICE_IC).unlink(), "no longer present"),
]


@pytest.fixture(scope="module")
def shared_store(fault_base, tmp_path_factory) -> Iterator[tuple[DataStore, Snapshot]]:
    """A store that read an intact copy, and the snapshot it built from it."""
    directory = Path(
        shutil.copytree(fault_base, tmp_path_factory.mktemp("intact") / "data", copy_function=os.link)
    )
    store = good_store(directory)
    yield store, store.current
    store.stop()


@pytest.mark.parametrize("fault", REFUSED, ids=lambda fault: fault.id)
def test_a_broken_file_is_refused_and_its_last_good_data_kept(fault: Refused, shared_store, data_dir: Path):
    store, before = shared_store
    fault.apply(data_dir)
    assert isinstance(store.source, DirectorySource)
    store.source.directory = data_dir

    outcome = store.refresh()

    assert outcome.changed  # the problem is news: a new version that says so
    assert fault.reason in outcome.error
    health = store.health()
    assert health["status"] == "degraded"
    problem = problem_of(health, fault.kind)
    assert problem["file"] == fault.file
    assert fault.reason in problem["reason"]
    assert (problem["line"], problem["column"]) == (fault.line, fault.column)
    assert problem["serving_previous"] is True
    source = health["sources"][fault.kind]
    assert source["ok"] is False and source["serving_previous"] is True
    assert source["stale"] is False  # still the data of today, only its newer file is refused
    assert fault.file in health["last_error"]
    assert_still_served(before, store.current, fault.kind)
    # Only this source has a problem; every other one was read as before.
    assert [p["kind"] for p in health["problems"]] == [fault.kind]


@dataclass(frozen=True)
class Accepted:
    """Something that looks wrong but is how the publisher writes the file: read, and served."""

    id: str
    kind: str
    apply: Callable[[Path], None]
    check: Callable[[Snapshot, Snapshot], None]


def small_correction(directory: Path) -> None:
    path = directory / CUMULATIVE
    line = last_line_with(path, ";GM0014;")
    total = int(field(path, line, "Total_reported", ";"))
    set_field(path, line, "Total_reported", str(total - 3), ";")


def net_is_three_lower(before: Snapshot, after: Snapshot) -> None:
    old, new = (s.latest("gm", "GM0014", "positive_tests_net") for s in (before, after))
    assert str(new.value_of) == str(old.value_of) == str(TODAY)
    assert new.value == old.value - 3


def repeat_a_case(directory: Path) -> None:
    path = directory / CASES
    lines = lines_of(path)
    write_lines(path, [*lines, lines[1]])


def one_case_more(before: Snapshot, after: Snapshot) -> None:
    assert after.sources["rivm_cases"].rows == before.sources["rivm_cases"].rows + 1


def successor_code(directory: Path) -> None:
    """Appingedam under the code of Eemsdelta, which it joined in 2021 (as files of 2021 code it)."""
    path = directory / CUMULATIVE
    rewrite(path, path.read_bytes().replace(b";GM0003;Appingedam;", b";GM1979;Eemsdelta;"))


def region_unchanged(before: Snapshot, after: Snapshot) -> None:
    for indicator in ("positive_tests", "hospital_admissions"):
        old, new = (s.table("vr", indicator).values["VR01"] for s in (before, after))
        assert new.equals(old), indicator
    assert after.series("gm", "GM0003", "positive_tests").empty  # the 2020 code has no rows now


def newest_day_not_available(directory: Path) -> None:
    """LCPS writes NA in every column of a day without figures (19 and 20 June 2021)."""
    edit_line(directory / LCPS, 2, lambda line: ",".join([line.split(",")[0]] + ["NA"] * 5))


def previous_day_is_newest(before: Snapshot, after: Snapshot) -> None:
    latest = after.latest("nl", "NL", "ic_beds_occupied")
    assert str(latest.value_of) == "2026-11-22"
    assert "1 days without any figure (NA in every column)" in after.sources["lcps_beds"].notes
    assert str(before.latest("nl", "NL", "ic_beds_occupied").value_of) == "2026-11-23"


ACCEPTED = [
    Accepted("cumulative-falls-by-a-correction", "rivm_cumulative", small_correction, net_is_three_lower),
    Accepted("identical-case-rows", "rivm_cases", repeat_a_case, one_case_more),
    Accepted("successor-municipality-code", "rivm_cumulative", successor_code, region_unchanged),
    Accepted("na-for-a-day-in-lcps", "lcps_beds", newest_day_not_available, previous_day_is_newest),
]


@pytest.mark.parametrize("fault", ACCEPTED, ids=lambda fault: fault.id)
def test_an_odd_but_legitimate_file_is_read(fault: Accepted, data_dir: Path):
    store = good_store(data_dir)
    before = store.current
    fault.apply(data_dir)

    outcome = store.refresh()

    assert outcome.changed and outcome.error is None
    health = store.health()
    assert health["status"] == "ok" and health["problems"] == []
    assert health["sources"][fault.kind]["ok"] is True
    assert store.current is not before
    fault.check(before, store.current)


def test_several_broken_files_are_refused_each_on_its_own(data_dir: Path):
    """Several files broken at once: each refused on its own, every source still has its tables."""
    store = good_store(data_dir)
    before = store.current
    for fault in REFUSED[:3]:
        fault.apply(data_dir)
    store.refresh()
    kinds = sorted({fault.kind for fault in REFUSED[:3]})
    assert sorted(p["kind"] for p in store.health()["problems"]) == kinds
    for kind in {table.source for table in before.tables.values()}:
        assert tables_of(store.current, kind).keys() == tables_of(before, kind).keys(), kind
