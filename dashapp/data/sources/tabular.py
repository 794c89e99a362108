"""Strict reading of delimited text files: every problem is a SourceError with file, line and column.

Line numbers are 1-based and count the header as line 1, so data row ``i`` (0-based) is on
line ``i + 2``. Cells are first read as text; each column is then converted with a checked
function below, which names the first offending line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from dashapp.data.errors import SourceError

_HTML_START = re.compile(rb"^\s*<(!doctype|html|head|body|\?xml)", re.IGNORECASE)
NA_TOKENS = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL"})


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise SourceError(path, "file not found") from error
    except OSError as error:
        raise SourceError(path, f"cannot read file ({error.strerror})") from error
    if not data.strip():
        raise SourceError(path, "file is empty")
    if _HTML_START.match(data[:512].lstrip(b"\xef\xbb\xbf")):
        raise SourceError(path, "file is an HTML page, not data (the download probably failed)", line=1)
    return data


def decode(path: Path, data: bytes, encoding: str = "utf-8") -> str:
    """Decode strictly; a wrong encoding is reported with the line of the first bad byte."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(
            path, f"not valid {encoding.upper()} text (byte 0x{data[error.start]:02x})", line=line
        ) from error
    return text.removeprefix("\ufeff")


def read_table(
    path: Path,
    *,
    sep: str,
    required: Iterable[str],
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read a delimited file as text cells, checking the header and the shape of every line."""
    text = decode(path, read_bytes(path), encoding)
    header_line = text.split("\n", 1)[0].rstrip("\r")
    header = next(csv.reader([header_line], delimiter=sep))
    missing = [name for name in required if name not in header]
    if missing:
        found = ", ".join(header) if len(header) < 30 else f"{len(header)} columns"
        raise SourceError(
            path,
            f"required column missing (header has: {found}; is the separator {sep!r}?)",
            line=1,
            column=missing[0],
        )
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as error:
        match = re.search(r"line (\d+)", str(error))
        raise SourceError(
            path, f"malformed line ({error})", line=int(match.group(1)) if match else None
        ) from error
    if frame.empty:
        raise SourceError(path, "file has a header but no data rows", line=2)
    # A short (truncated) line leaves its last cells missing.
    for name in required:
        column = frame[name]
        missing_cells = column.isna().to_numpy()
        if missing_cells.any():
            row = int(np.argmax(missing_cells))
            raise SourceError(path, "line is incomplete (file truncated?)", line=row + 2, column=name)
    return frame


def _fail(path: Path, frame: pd.DataFrame, column: str, bad: np.ndarray, expected: str) -> None:
    row = int(np.argmax(bad))
    value = frame[column].iloc[row]
    raise SourceError(path, f"expected {expected}, found {value!r}", line=row + 2, column=column)


def as_int(path: Path, frame: pd.DataFrame, column: str, *, nullable: bool = False) -> pd.Series:
    """Whole numbers; with ``nullable`` the NA tokens become missing (float NaN), else they are errors."""
    text = frame[column].str.strip()
    numbers = pd.to_numeric(text, errors="coerce")
    empty = text.isin(NA_TOKENS).to_numpy()
    values = numbers.to_numpy(dtype=float, na_value=np.nan)
    bad = np.isnan(values) & ~(empty if nullable else np.zeros_like(empty))
    bad = bad | ~np.isnan(values) & (values != np.round(values))
    if bad.any():
        _fail(path, frame, column, bad, "a whole number")
    if nullable:
        return pd.Series(values, index=frame.index, name=column)
    return pd.Series(values.astype(np.int64), index=frame.index, name=column)


def as_float(
    path: Path, frame: pd.DataFrame, column: str, *, decimal_comma: bool = False, nullable: bool = False
) -> pd.Series:
    text = frame[column].str.strip()
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    values = numbers.to_numpy(dtype=float, na_value=np.nan)
    empty = text.isin(NA_TOKENS).to_numpy()
    bad = np.isnan(values) & ~(empty if nullable else np.zeros_like(empty))
    if bad.any():
        _fail(path, frame, column, bad, "a number")
    return pd.Series(values, index=frame.index, name=column)


def as_date(path: Path, frame: pd.DataFrame, column: str, fmt: str) -> pd.Series:
    """Dates (time of day dropped) in a fixed format."""
    text = frame[column].str.strip()
    dates = pd.to_datetime(text, format=fmt, errors="coerce", cache=True)
    bad = dates.isna().to_numpy()
    if bad.any():
        _fail(path, frame, column, bad, f"a date like {pd.Timestamp('2020-10-17').strftime(fmt)}")
    return dates.dt.normalize().rename(column)


def as_code(
    path: Path, frame: pd.DataFrame, column: str, pattern: str, *, allow_empty: bool = False
) -> pd.Series:
    """Area codes matching ``pattern``; empty cells are kept as "" when allowed."""
    text = frame[column].str.strip()
    ok = text.str.fullmatch(pattern).to_numpy(dtype=bool, na_value=False).copy()
    if allow_empty:
        ok |= (text == "").to_numpy()
    if not ok.all():
        _fail(path, frame, column, ~ok, f"a code like {pattern!r}")
    return text.astype(object).rename(column)


def as_bool(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    text = frame[column].str.strip().str.upper()
    truth = text.isin(["TRUE", "1", "WAAR"]).to_numpy()
    falsehood = text.isin(["FALSE", "0", "ONWAAR"]).to_numpy()
    if not (truth | falsehood).all():
        _fail(path, frame, column, ~(truth | falsehood), "TRUE or FALSE")
    return pd.Series(truth, index=frame.index, name=column)
