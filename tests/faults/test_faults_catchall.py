"""Whatever a reader raises, the loader refuses that one file with a short reason and reads the others.

Files that make the standard library or pandas raise something other than SourceError (a JSON
array nested 100,000 deep, a number of 5,000 digits, CR-only line ends), and readers that
raise each kind of exception outright: every case is one refused file, named, with a reason
that names the kind of failure but never the exception's message, and every other source of
the directory is read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from dashapp.data.errors import SourceError
from dashapp.data.loader import LoadResult, load_directory, read_checked, read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import NO_CONTEXT, ReadContext, SourceFrame, SourceSpec
from tests.faults.conftest import CUMULATIVE, LCPS, PREVALENCE, REPRODUCTION, TODAY, rewrite, set_field

CONTEXT = read_context(load_reference(), TODAY)
SECRET = "S3CRET-in-the-exception-message"


def load(directory: Path, specs: tuple[SourceSpec, ...] = ALL_SPECS) -> LoadResult:
    return load_directory(directory, specs=specs, context=CONTEXT)


def only_problem(result: LoadResult, kind: str, file: str):
    """The one problem of the load, about ``file``; every other kind was read fine."""
    (problem,) = result.problems
    assert problem.file == file
    assert kind not in result.frames
    others = {other for other, status in result.statuses.items() if status.present} - {kind}
    assert len(others) > 10 and others <= set(result.frames)
    assert all(result.statuses[other].ok for other in others), result.statuses
    return problem


def long_number_in_prevalence(path: Path) -> int:
    """Give the second record a ``prev_low`` of 5,000 digits; return the line it is on."""
    records = json.loads(path.read_text())
    records[1]["prev_low"] = "PLACEHOLDER"
    text = json.dumps(records, indent=1).replace('"PLACEHOLDER"', "9" * 5000)
    rewrite(path, text.encode())
    return text[: text.index("9" * 5000)].count("\n") + 1


def test_a_json_file_nested_too_deeply_is_refused(data_dir):
    rewrite(data_dir / REPRODUCTION, b"[" * 100_000 + b"]" * 100_000)
    problem = only_problem(load(data_dir), "rivm_reproduction", REPRODUCTION)
    assert (problem.reason, problem.line) == ("cannot be parsed: JSON nested too deeply", 1)


def test_a_json_number_of_5000_digits_is_refused_with_its_line(data_dir):
    line = long_number_in_prevalence(data_dir / PREVALENCE)
    problem = only_problem(load(data_dir), "rivm_prevalence", PREVALENCE)
    assert problem.reason == "a number has too many digits (more than 4,300)"
    assert problem.line == line > 1


def test_a_csv_number_of_5000_digits_is_refused_with_its_line_and_column(data_dir):
    set_field(data_dir / CUMULATIVE, 10, "Total_reported", "9" * 5000, ";")
    problem = only_problem(load(data_dir), "rivm_cumulative", CUMULATIVE)
    assert (problem.line, problem.column) == (10, "Total_reported")
    assert problem.reason == "number too large for a 64-bit integer (found a number of 5,000 digits)"


def test_a_csv_file_with_cr_only_line_ends_is_refused(data_dir):
    rewrite(data_dir / LCPS, (data_dir / LCPS).read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    problem = only_problem(load(data_dir), "lcps_beds", LCPS)
    assert problem.reason == "CSV: new-line character in an unquoted field (CR-only line endings?)"
    assert problem.line == 1


def raising(error: BaseException) -> Callable[[Path, ReadContext], SourceFrame]:
    def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
        raise error

    return read


def with_lcps_reader(read: Callable[[Path, ReadContext], SourceFrame]) -> tuple[SourceSpec, ...]:
    return tuple(replace(spec, read=read) if spec.kind == "lcps_beds" else spec for spec in ALL_SPECS)


def too_many_digits() -> ValueError:
    try:
        int("9" * 5000)
    except ValueError as error:
        return error
    raise AssertionError("Python converted 5,000 digits")


@pytest.mark.parametrize(
    "error, reason",
    [
        (RecursionError(SECRET), "cannot be parsed: data nested too deeply"),
        (too_many_digits(), "a number has too many digits"),
        (csv.Error(f"new-line character seen in unquoted field {SECRET}"), "CSV: new-line character in an"
         " unquoted field (CR-only line endings?)"),
        (csv.Error(SECRET), "CSV: a line cannot be split into fields"),
        (UnicodeDecodeError("utf-8", SECRET.encode(), 0, 1, SECRET), "not valid UTF-8 text"),
        (MemoryError(SECRET), "out of memory while reading"),
        (OverflowError(SECRET), "a number is too large"),
        (PermissionError(13, "Permission denied", SECRET), "cannot read file (Permission denied)"),
        (ValueError(SECRET), "cannot be read: unexpected ValueError"),
        (KeyError(SECRET), "cannot be read: unexpected KeyError"),
        (ZeroDivisionError(SECRET), "cannot be read: unexpected ZeroDivisionError"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else None,
)  # fmt: skip
def test_any_exception_of_a_reader_refuses_its_file_only(data_dir, error, reason):
    problem = only_problem(load(data_dir, with_lcps_reader(raising(error))), "lcps_beds", LCPS)
    assert problem.reason == reason
    assert SECRET not in problem.describe()
    assert "Traceback" not in problem.describe()


def test_read_checked_turns_any_exception_into_a_source_error_naming_the_file(data_dir):
    spec = replace(next(s for s in ALL_SPECS if s.kind == "lcps_beds"), read=raising(LookupError(SECRET)))
    with pytest.raises(SourceError) as caught:
        read_checked(spec, data_dir / LCPS)
    assert caught.value.describe() == f"{LCPS}: cannot be read: unexpected LookupError"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_an_interrupt_is_not_swallowed(data_dir):
    with pytest.raises(KeyboardInterrupt):
        load(data_dir, with_lcps_reader(raising(KeyboardInterrupt())))
