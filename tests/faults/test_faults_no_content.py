"""A refusal never quotes the refused file: a distinctive string planted where a reason used to quote
the file (a header, a cell of each kind, a JSON key or value, the target of a symbolic link) is
refused without that string appearing in the problem, its JSON, or the source's status.

Each case must be refused (so that no case passes by accident) and the secret must be absent
from everything /healthz shows of the load.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from dashapp.data.loader import load_directory, read_context
from dashapp.data.reference import load_reference
from tests.faults.conftest import (
    CASES,
    GGD,
    LCPS,
    NIVEL,
    REPRODUCTION,
    TODAY,
    edit_line,
    lines_of,
    rewrite,
    set_field,
    write_lines,
)

SECRET = "Zx9SECRETqv7"
CONTEXT = read_context(load_reference(), TODAY)


def add_column(path: Path, name: str, short_line: int) -> None:
    """Append column ``name`` (value 0) to every line but ``short_line``, which is one field short."""
    lines = []
    for number, line in enumerate(lines_of(path), start=1):
        body = line.rstrip(b"\r\n")
        cell = name.encode() if number == 1 else b"0"
        lines.append(body + (b"" if number == short_line else b"," + cell) + line[len(body) :])
    write_lines(path, lines)


def edit_json(path: Path, edit: Callable[[object], object]) -> None:
    rewrite(path, json.dumps(edit(json.loads(path.read_text())), indent=1).encode())


def set_record(index: int, key: str, value: object) -> Callable[[list[dict]], list[dict]]:
    def edit(records: list[dict]) -> list[dict]:
        records[index][key] = value
        return records

    return edit


def rename_key(index: int, key: str) -> Callable[[list[dict]], list[dict]]:
    def edit(records: list[dict]) -> list[dict]:
        records[index][SECRET] = records[index].pop(key)
        return records

    return edit


def rename_column(path: Path, name: str) -> None:
    edit_line(path, 1, lambda header: header.replace(name, SECRET))


def link_outside(directory: Path) -> None:
    """The LCPS file becomes a symbolic link to a file beside the data directory (as to /etc/passwd)."""
    outside = directory.parent / "outside.csv"
    outside.write_text(f"{SECRET}:x:0:0:root:/root:/bin/bash\n")
    (directory / LCPS).unlink()
    (directory / LCPS).symlink_to(outside)


def secret_before_a_latin1_byte(path: Path) -> None:
    """Line 3 starts with the secret and a byte that is not UTF-8 (as a Latin-1 name would be)."""
    lines = lines_of(path)
    lines[2] = SECRET.encode() + b"\xe2" + lines[2]
    write_lines(path, lines)


CASES_PLANTED: dict[str, tuple[str, Callable[[Path], None]]] = {
    "header-renamed-column": (LCPS, lambda d: rename_column(d / LCPS, "Kliniek_Bedden")),
    "header-repeated-column": (LCPS, lambda d: edit_line(d / LCPS, 1, lambda s: f"{s},{SECRET},{SECRET}")),
    "header-column-of-a-short-line": (LCPS, lambda d: add_column(d / LCPS, SECRET, 3)),
    "header-only-a-secret": (LCPS, lambda d: rewrite(d / LCPS, f"{SECRET}\n{SECRET}\n".encode())),
    "cell-number": (LCPS, lambda d: set_field(d / LCPS, 3, "IC_Bedden_COVID", SECRET, ",")),
    "cell-date": (LCPS, lambda d: set_field(d / LCPS, 3, "Datum", SECRET, ",")),
    "cell-code": (GGD, lambda d: set_field(d / GGD, 3, "Security_region_code", SECRET, ";")),
    "cell-choice": (CASES, lambda d: set_field(d / CASES, 3, "Sex", SECRET, ";")),
    "cell-not-utf8": (LCPS, lambda d: secret_before_a_latin1_byte(d / LCPS)),
    "json-value": (REPRODUCTION, lambda d: edit_json(d / REPRODUCTION, set_record(2, "Rt_low", SECRET))),
    "json-nested-value": (
        REPRODUCTION, lambda d: edit_json(d / REPRODUCTION, set_record(2, "Rt_low", {SECRET: [SECRET]}))
    ),
    "json-key": (REPRODUCTION, lambda d: edit_json(d / REPRODUCTION, rename_key(2, "Date"))),
    "json-object-not-array": (REPRODUCTION, lambda d: edit_json(d / REPRODUCTION, lambda r: {SECRET: r})),
    "json-object-without-data": (NIVEL, lambda d: edit_json(d / NIVEL, lambda o: {SECRET: o["data"]})),
    "symlink-to-a-file-outside": (LCPS, link_outside),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES_PLANTED)
def test_a_refusal_never_quotes_the_file(data_dir, case):
    file, plant = CASES_PLANTED[case]
    plant(data_dir)
    result = load_directory(data_dir, context=CONTEXT)
    (problem,) = result.problems
    assert problem.file == file
    shown = [problem.describe(), json.dumps(problem.to_json())]
    shown += [json.dumps(status.to_json()) for status in result.statuses.values()]
    assert all(SECRET not in text for text in shown), problem.describe()


def test_expected_column_names_are_still_named(data_dir):
    rename_column(data_dir / LCPS, "Kliniek_Bedden")
    (problem,) = load_directory(data_dir, context=CONTEXT).problems
    assert (problem.line, problem.column) == (1, "Kliniek_Bedden")
    assert problem.reason == "required column missing (the header has 6 columns; is the separator ','?)"
