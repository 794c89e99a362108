"""Faults that need more than a broken file: a file that changes while it is read, one too big to read,
one the process may not read, a broken newer delivery beside a good one, a broken first load,
recovery, a clock that moves on, and /healthz through the Flask test client."""

from __future__ import annotations

import errno
import os
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import NO_CONTEXT, ReadContext, SourceFrame, SourceSpec
from tests.faults.conftest import (
    LCPS,
    NURSING_LOCATIONS_VR,
    TODAY,
    assert_still_served,
    edit_line,
    field,
    good_store,
    lines_of,
    make_store,
    problem_of,
    rewrite,
    set_field,
    tables_of,
)


@dataclass
class Hook:
    """Runs ``action`` on the file of one kind just before (``when="before"``) or after its reader
    reads it, while armed; counts the reads."""

    kind: str
    action: Callable[[Path], None] | None = None
    when: str = "after"
    reads: int = 0

    def wrap(self, spec: SourceSpec) -> SourceSpec:
        def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
            self.reads += 1
            if self.action and self.when == "before":
                self.action(path)
            frame = spec.read(path, context)
            if self.action and self.when == "after":
                self.action(path)
            return frame

        return replace(spec, read=read)

    def specs(self) -> tuple[SourceSpec, ...]:
        return tuple(self.wrap(spec) if spec.kind == self.kind else spec for spec in ALL_SPECS)


def older_lcps_row(path: Path) -> bytes:
    """A valid LCPS row for the day before the file's first day (the file is newest first)."""
    oldest = lines_of(path)[-1].decode().rstrip("\n").split(",")
    day, month, year = (int(part) for part in oldest[0].split("-"))
    before = date(year, month, day) - timedelta(days=1)
    return (",".join([before.strftime("%d-%m-%Y"), *oldest[1:]]) + "\n").encode()


def bump_newest_ic_beds(path: Path) -> None:
    """A new version of the file: the newest day's COVID-19 ICU beds one higher."""
    set_field(path, 2, "IC_Bedden_COVID", str(int(field(path, 2, "IC_Bedden_COVID", ",")) + 1), ",")


def append(path: Path, data: bytes) -> None:
    """Write at the end of ``path`` in place (a file of the case's own, never a hard link)."""
    with path.open("ab") as handle:
        handle.write(data)


def test_a_file_that_grows_while_it_is_read_is_refused_and_read_again_next_time(data_dir):
    hook = Hook("lcps_beds")
    store = good_store(data_dir, specs=hook.specs())
    before = store.current
    path = data_dir / LCPS
    bump_newest_ic_beds(path)
    row = older_lcps_row(path)
    hook.action = lambda target: append(target, row)  # the download goes on while we read

    outcome = store.refresh()

    assert "covid-19.csv: file changed while it was being read (size" in outcome.error
    assert "this read is refused and the file is read again at the next refresh" in outcome.error
    problem = problem_of(store.health(), "lcps_beds")
    assert problem["file"] == LCPS and problem["line"] is None
    assert_still_served(before, store.current, "lcps_beds")

    hook.action = None  # the download has finished
    assert store.refresh().error is None
    latest = store.current.latest("nl", "NL", "ic_beds_occupied")
    assert latest.value == before.latest("nl", "NL", "ic_beds_occupied").value + 1
    assert store.current.sources["lcps_beds"].rows == before.sources["lcps_beds"].rows + 1


def test_a_file_replaced_between_the_look_and_the_read_is_refused(data_dir, tmp_path):
    hook = Hook("lcps_beds", when="before")
    store = good_store(data_dir, specs=hook.specs())
    before = store.current
    path = data_dir / LCPS
    bump_newest_ic_beds(path)
    newer = tmp_path / "newer.csv"
    newer.write_bytes(path.read_bytes() + older_lcps_row(path))
    hook.action = lambda target: os.replace(newer, target)  # a downloader's atomic rename

    outcome = store.refresh()

    assert "file changed while it was being read" in outcome.error
    assert "replaced by another file" in outcome.error
    assert_still_served(before, store.current, "lcps_beds")
    hook.action = None
    assert store.refresh().error is None
    assert store.current.sources["lcps_beds"].rows == before.sources["lcps_beds"].rows + 1


def test_a_200_mb_file_is_refused_by_its_size_without_being_read(data_dir, oversized_file):
    hook = Hook("lcps_beds")
    store = good_store(data_dir, specs=hook.specs())
    before = store.current
    reads = hook.reads
    (data_dir / LCPS).unlink()
    os.link(oversized_file, data_dir / LCPS)  # the session's sparse file: nothing to copy

    outcome = store.refresh()

    assert hook.reads == reads  # the reader never saw it
    reason = (
        "file is 200.0 MB, more than the 16.0 MB allowed for this kind of file: refused without reading it"
    )
    assert reason in outcome.error
    health = store.health()
    assert problem_of(health, "lcps_beds") == {
        "kind": "lcps_beds",
        "file": LCPS,
        "line": None,
        "column": None,
        "reason": reason,
        "serving_previous": True,
    }
    assert_still_served(before, store.current, "lcps_beds")


def deny(monkeypatch, target: Path) -> None:
    """Opening ``target`` fails as it does for a user without read permission.

    chmod 000 alone does not do it when the tests run as root, who may read any file.
    """
    target.chmod(0)
    if os.geteuid() != 0:
        return
    real_open = pathlib.Path.open

    def open_(self, *args, **kwargs):
        if self == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", open_)


def test_an_unreadable_file_is_refused(data_dir, monkeypatch):
    store = good_store(data_dir)
    before = store.current
    path = data_dir / LCPS
    bump_newest_ic_beds(path)
    deny(monkeypatch, path)

    outcome = store.refresh()

    assert "covid-19.csv: cannot read file (Permission denied)" in outcome.error
    assert problem_of(store.health(), "lcps_beds")["reason"] == "cannot read file (Permission denied)"
    assert_still_served(before, store.current, "lcps_beds")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may read a file without read permission")
def test_root_reads_a_file_without_read_permission(data_dir):
    """Succeeds: permission bits do not bind root, so a chmod 000 file is read like any other."""
    store = good_store(data_dir)
    path = data_dir / LCPS
    bump_newest_ic_beds(path)
    path.chmod(0)
    assert store.refresh().error is None
    assert store.current.latest("nl", "NL", "ic_beds_occupied").value == int(
        field(path, 2, "IC_Bedden_COVID", ",")
    )


def test_a_broken_newer_delivery_is_named_while_the_older_one_is_served(data_dir):
    store = good_store(data_dir)
    before = store.current
    good = data_dir / f"{NURSING_LOCATIONS_VR}_20261123_1000.csv"
    newer = data_dir / f"{NURSING_LOCATIONS_VR}_20261123_1500.csv"
    rewrite(newer, good.read_bytes()[:-40])  # cut off in its last line

    store.refresh()

    status = store.current.sources["nursing_locations_vr"]
    assert status.file == good.name and status.serving_previous
    problem = problem_of(store.health(), "nursing_locations_vr")
    assert problem["file"] == newer.name
    assert "file truncated?" in problem["reason"] and problem["line"] == len(lines_of(newer))
    assert_still_served(before, store.current, "nursing_locations_vr")


def test_a_file_broken_from_the_start_leaves_its_source_empty_and_says_so(data_dir):
    rewrite(data_dir / LCPS, b"Datum;IC_Bedden_COVID\n23-11-2026;3\n")
    store = make_store(data_dir)

    outcome = store.refresh()

    assert outcome.changed and store.current is not None  # every other source is served
    status = store.current.sources["lcps_beds"]
    assert (status.ok, status.rows, status.file, status.serving_previous) == (False, 0, LCPS, False)
    health = store.health()
    assert health["status"] == "degraded"
    assert problem_of(health, "lcps_beds")["column"] == "Datum"  # the separator is wrong: one column
    assert not tables_of(store.current, "lcps_beds")
    assert tables_of(store.current, "rivm_cumulative")


def test_a_repaired_file_is_read_again_and_the_problem_cleared(data_dir, fault_base):
    store = good_store(data_dir)
    rewrite(data_dir / LCPS, b"<html><body>502 Bad Gateway</body></html>")
    assert store.refresh().error
    assert store.health()["status"] == "degraded"
    rewrite(data_dir / LCPS, (fault_base / LCPS).read_bytes())

    outcome = store.refresh()

    assert outcome.changed and outcome.error is None
    health = store.health()
    assert health["status"] == "ok" and health["problems"] == [] and health["last_error"] is None
    assert health["sources"]["lcps_beds"]["ok"] and not health["sources"]["lcps_beds"]["serving_previous"]


def test_a_file_refused_for_a_future_date_is_taken_on_that_date_without_changing(data_dir):
    today = [TODAY]
    store = make_store(data_dir)
    store.today = lambda: today[0]
    store.refresh()
    edit_line(data_dir / LCPS, 2, lambda line: line.replace("23-11-2026", "24-11-2026"))
    assert "date 2026-11-24 is in the future" in store.refresh().error
    assert not store.refresh().changed  # the same files on the same day: nothing to do

    today[0] = TODAY + timedelta(days=1)
    outcome = store.refresh()

    assert outcome.changed and outcome.error is None
    assert str(store.current.latest("nl", "NL", "ic_beds_occupied").value_of) == "2026-11-24"


def test_healthz_names_the_broken_file_through_the_flask_test_client(data_dir):
    store = good_store(data_dir)
    set_field(data_dir / LCPS, 4, "IC_Bedden_COVID", "abc", ",")
    store.refresh()
    server = create_server(Config(), store=store)
    server.testing = True

    response = server.test_client().get("/healthz")

    store.stop()
    assert response.status_code == 200  # still serving: the last good data of every source
    health = response.get_json()
    assert health["status"] == "degraded"
    assert health["problems"] == [
        {
            "kind": "lcps_beds",
            "file": "covid-19.csv",
            "line": 4,
            "column": "IC_Bedden_COVID",
            "reason": "expected a whole number, found text of 3 characters",
            "serving_previous": True,
        }
    ]
    assert health["sources"]["lcps_beds"]["error"] == (
        "covid-19.csv, line 4, column IC_Bedden_COVID: expected a whole number, found text of 3 characters"
    )
    assert health["last_error"] == health["sources"]["lcps_beds"]["error"]
