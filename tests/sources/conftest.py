"""Helpers for the reader tests: where the real files are, and how to write malformed ones."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from dashapp.data.errors import SourceError

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="real source files in ../shared/data are not present"
)


def shared(relative: str) -> Path:
    return SHARED_DATA / relative


def csv_bytes(
    header: list[str],
    rows: list[list[str]],
    *,
    sep: str = ";",
    line_end: str = "\n",
    bom: bool = False,
    encoding: str = "utf-8",
) -> bytes:
    """A delimited file as a publisher would write it (fields with the separator are quoted)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return (b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode(encoding)


def write(directory: Path, name: str, content: bytes | str) -> Path:
    path = directory / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def raises_source_error(read, path: Path) -> SourceError:
    """Read ``path``, expecting a SourceError that names the file; return it for more checks."""
    with pytest.raises(SourceError) as caught:
        read(path)
    error = caught.value
    assert error.path.name == path.name
    assert path.name in str(error)
    return error


def assert_tidy(frame: pd.DataFrame, columns: tuple[str, ...], *, dates: tuple[str, ...] = ("date",)) -> None:
    """The exact tidy columns; dates at midnight; text columns hold plain python str."""
    assert tuple(frame.columns) == columns
    for name in dates:
        assert frame[name].dtype.kind == "M", name
        assert (frame[name] == frame[name].dt.normalize()).all(), name
    for name in columns:
        if frame[name].dtype.kind not in "iufbM":
            assert frame[name].dtype == object, (name, frame[name].dtype)
            assert all(type(value) is str for value in frame[name]), name


def table(text: str, sep: str = ";") -> tuple[list[str], list[list[str]]]:
    """Header and rows of a small table written out as the file would show it (no quoting)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    header, *rows = (line.split(sep) for line in lines)
    return header, rows
