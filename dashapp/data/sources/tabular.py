"""Strict reading of delimited text files and JSON records: every problem is a SourceError.

Line numbers are 1-based and count the header as line 1, so data row ``i`` (0-based) is on
line ``i + 2``. Cells are read as text (or, for columns a reader declares numeric, as
numbers where pandas can parse every cell); each column is then converted with a checked
function below, which names the first offending line and column. A reason never quotes the
file (a refusal is shown on /healthz, and the file may be anything a link or a mistake put
there): a cell is described by its kind and length, a header by its number of columns, and
only the column names our readers expect are named.

The converters work on the distinct values of a column (``pd.factorize``, or the categories
of a column Arrow's reader dictionary-encoded), so a column of 370,000 cells with a few hundred
distinct values costs at most a hash pass, not a Python loop.

JSON files: ``read_json`` parses the file, ``json_records`` turns an array of objects into a
frame (one row per record, one column per key) that the same converters accept, and
``json_lines`` rewrites the line of any error raised inside it to the line in the file
where the offending record starts.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import sys
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from dashapp.data.errors import SourceError, csv_reason
from dashapp.data.sources.base import Coded, ReadContext

_HTML_START = re.compile(rb"^\s*<(!doctype|html|head|body|\?xml)", re.IGNORECASE)
_QUOTED = re.compile(rb'"(?:[^"]|"")*"')
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
NA_TOKENS = frozenset({"", "NA", "N/A", "NaN", "nan", "null", "NULL"})
_DICTIONARY_TEXT = pa.dictionary(pa.int32(), pa.string())
_NESTED = object()  # stands in for a nested JSON value, which no converter accepts


def read_bytes(path: Path) -> bytes:
    """The whole file, read through one open handle.

    A file whose length differs from the size its handle reported when opened was written to
    while being read (a download still in progress, or an in-place rewrite): refused, so that
    the next refresh reads it whole. The loader also compares the file before and after the
    whole read (``dashapp.data.loader``), which catches a replacement between two reads.
    """
    try:
        with path.open("rb") as handle:
            expected = os.fstat(handle.fileno()).st_size
            data = handle.read()
    except FileNotFoundError as error:
        raise SourceError(path, "file not found") from error
    except IsADirectoryError as error:
        raise SourceError(path, "is a directory, not a file") from error
    except OSError as error:
        raise SourceError(path, f"cannot read file ({error.strerror})") from error
    if len(data) != expected:
        raise SourceError(
            path,
            f"file changed while it was being read ({expected:,} bytes when opened, {len(data):,} read)",
        )
    if not data[:4096].strip() and not data.strip():
        raise SourceError(path, "file is empty")
    if data.startswith(_UTF16_BOMS):
        raise SourceError(
            path, "file is UTF-16 text (it starts with a UTF-16 byte-order mark); expected UTF-8", line=1
        )
    nul = data.find(b"\x00", 0, 65536)  # text files hold none; looking at the start is enough
    if nul >= 0:
        reason = (
            "file holds NUL bytes (binary data, or UTF-16 text without a byte-order mark); expected UTF-8"
        )
        raise SourceError(path, reason, line=data.count(b"\n", 0, nul) + 1)
    if _HTML_START.match(data[:512].lstrip(_BOM)):
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


def row_error(path: Path, row: int, reason: str, column: str | None = None) -> SourceError:
    """An error about data row ``row`` (0-based position in the frame), i.e. on line ``row + 2``."""
    return SourceError(path, reason, line=int(row) + 2, column=column)


# --------------------------------------------------------------------------- delimited text


def _content_end(data: bytes) -> int:
    """Length of ``data`` without trailing line ends (a final newline or trailing blank lines)."""
    end = len(data)
    while end and data[end - 1] in b"\r\n":
        end -= 1
    return end


def _header(path: Path, data: bytes, sep: str, encoding: str) -> list[str]:
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    text = decode(path, first, encoding).rstrip("\r")
    try:
        return next(csv.reader([text], delimiter=sep))
    except csv.Error as error:
        raise SourceError(path, csv_reason(error), line=1) from None


def _check_field_counts(
    path: Path, data: bytes, end: int, sep: str, header: list[str], known: Collection[str]
) -> None:
    """Every line must have as many fields as the header (a short last line = truncated file).

    Counts separators in one pass; only when the total is off is the offending line located.
    Quoted fields (which may hold the separator) are blanked out first.
    """
    if data.find(b'"', 0, end) >= 0:
        data = _QUOTED.sub(b"", data[:end])
        end = len(data)
    raw = np.frombuffer(data, dtype=np.uint8, count=end)
    sep_byte = sep.encode()[0]
    lines = int(np.count_nonzero(raw == 10)) + 1
    separators = int(np.count_nonzero(raw == sep_byte))
    fields = len(header)
    if separators == lines * (fields - 1):
        return
    ends = np.flatnonzero(raw == 10)
    bounds = np.concatenate(([-1], ends, [len(raw)]))
    per_line = np.diff(np.searchsorted(np.flatnonzero(raw == sep_byte), bounds)) + 1
    index = int(np.argmax(per_line != fields))
    found = int(per_line[index])
    if found < fields:
        raise SourceError(
            path,
            f"line has {found} fields, the header {fields} (file truncated?)",
            line=index + 1,
            column=_column_name(header, found, known),
        )
    raise SourceError(path, f"line has {found} fields, the header only {fields}", line=index + 1)


def _column_name(header: list[str], position: int, known: Collection[str]) -> str:
    """A header name we expect, or its position: a name we do not know is the file's content."""
    name = header[position]
    return name if name in known else f"number {position + 1}"


def read_table(
    path: Path,
    *,
    sep: str,
    required: Iterable[str],
    encoding: str = "utf-8",
    columns: Iterable[str] | None = None,
    numeric: Iterable[str] = (),
) -> pd.DataFrame:
    """Read a delimited file, checking the header and the shape of every line.

    ``required`` columns must be in the header. ``columns`` limits what is kept (required
    columns are always kept; listed columns that the header lacks are simply absent), which
    saves time on wide files. Cells are text except for the ``numeric`` columns, which are
    parsed as numbers when every cell is one (else they stay text and the converters report the
    bad cell). Arrow's CSV reader reads the file where it reads it as pandas would: text columns
    then come as Categoricals of the distinct texts, which spares the converters a hash pass
    over every row; elsewhere (``_arrow_frame``) pandas reads it, text as python ``str``.
    """
    data = read_bytes(path)
    end = _content_end(data)
    header = _header(path, data, sep, encoding)
    required = list(required)
    missing = [name for name in required if name not in header]
    if missing:
        found = f"{len(header)} column" + ("" if len(header) == 1 else "s")
        raise SourceError(
            path,
            f"required column missing (the header has {found}; is the separator {sep!r}?)",
            line=1,
            column=missing[0],
        )
    known = set(required) | set(columns or ())
    twice = next((position for position, name in enumerate(header) if header.index(name) < position), None)
    if twice is not None:
        first = header.index(header[twice])
        reason = f"column appears twice in the header (as columns {first + 1} and {twice + 1})"
        raise SourceError(path, reason, line=1, column=_column_name(header, twice, known))
    if data.find(b"\n", 0, end) < 0:
        raise SourceError(path, "file has a header but no data rows", line=2)
    keep = None if columns is None else known
    numeric = set(numeric)
    content = data if data[end:] in (b"", b"\n", b"\r\n") else data[:end]
    kept = [name for name in header if keep is None or name in keep]
    fast = _arrow_frame(content, sep, kept, numeric) if encoding == "utf-8" else None
    if fast is not None:
        return fast  # Arrow's reader refuses a line with another number of fields than the header
    _check_field_counts(path, data, end, sep, header, known)
    stream = io.BytesIO(content)
    try:
        frame = pd.read_csv(
            stream,
            sep=sep,
            dtype={name: object for name in header if name not in numeric},
            usecols=None if keep is None else (lambda name: name in keep),
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
            encoding=encoding,
            encoding_errors="strict",
        )
    except UnicodeDecodeError as error:
        decode(path, data, encoding)  # raises with the line of the first bad byte
        raise SourceError(path, f"not valid {encoding.upper()} text") from error
    except (pd.errors.ParserError, ValueError) as error:
        raise _parser_error(path, error) from None
    if not isinstance(frame.index, pd.RangeIndex):
        raise SourceError(path, "data lines have more fields than the header", line=2)
    return frame


def _arrow_frame(
    content: bytes, sep: str, columns: list[str], numeric: Collection[str]
) -> pd.DataFrame | None:
    """The file through Arrow's CSV reader: its text columns dictionary-encoded (pandas
    Categoricals, whose categories are the distinct texts the converters check), ``numeric``
    columns as int64. ``None`` where Arrow's reading could differ from pandas' (a carriage return
    that ends no line, an empty line, a numeric column that is not whole numbers throughout, any
    parse error, a line with another number of fields than the header):
    the caller then reads the file with pandas, which also words the refusal of a bad line."""
    if b"\n\n" in content or b"\n\r\n" in content:
        return None  # an empty line: Arrow reads it as a row of empty cells, the field check refuses it
    if b"\r" in content and (content.endswith(b"\r") or content.count(b"\r") != content.count(b"\r\n")):
        return None  # a carriage return that ends no line
    types = {name: pa.int64() if name in numeric else _DICTIONARY_TEXT for name in columns}
    try:
        table = pa_csv.read_csv(
            io.BytesIO(content.removeprefix(_BOM)),
            # One thread: on a machine shared with the web workers its threads cost more CPU time
            # than they save (the largest file, 22 MB, is parsed in under 0.1 s).
            read_options=pa_csv.ReadOptions(use_threads=False),
            parse_options=pa_csv.ParseOptions(
                delimiter=sep,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=b'"' in content,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=types,
                include_columns=columns,
                null_values=[],
                true_values=[],
                false_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.column_names != columns:
        return None
    return table.to_pandas()


def _parser_error(path: Path, error: Exception) -> SourceError:
    """pandas' tokenizer error, keeping only its line and field counts (its text may quote the file)."""
    message = str(error)
    line = re.search(r"line (\d+)", message)
    counts = re.search(r"Expected (\d+) fields in line \d+, saw (\d+)", message)
    reason = (
        f"malformed line (expected {counts.group(1)} fields, found {counts.group(2)})"
        if counts
        else f"malformed line (the CSV parser failed: {type(error).__name__})"
    )
    return SourceError(path, reason, line=int(line.group(1)) if line else None)


# --------------------------------------------------------------------------- checked converters


def _text_of(value: object) -> str | None:
    """A cell as stripped text; ``None`` for a nested JSON value (an object or array)."""
    if isinstance(value, str):
        return value.strip()
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return "" if math.isnan(value) else repr(float(value))
    return None


def _distinct(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, list[str | None]]:
    """Codes (one per row) into the distinct texts of a column; missing cells get code -1,
    which indexes the "" appended last."""
    series = frame[column]
    if isinstance(series.dtype, pd.CategoricalDtype):  # read by Arrow: already distinct
        return series.cat.codes.to_numpy(), [*(_text_of(value) for value in series.cat.categories), ""]
    values = series.to_numpy()
    try:
        codes, uniques = pd.factorize(values)
    except TypeError:  # nested JSON objects or arrays are unhashable: they become a marker
        nested = np.array([isinstance(value, dict | list) for value in values])
        marked = values.astype(object)  # a copy
        marked[nested] = _NESTED
        codes, uniques = pd.factorize(marked)
    return codes, [*(_text_of(value) for value in uniques), ""]


INT64_LIMIT = 2.0**63  # the first whole number that an int64 cannot hold
_WHOLE = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_MAX_SHOWN_NUMBER = 24  # characters: a number this short is shown, a longer one described


def _describe(value: object) -> str:
    """What a cell holds, in words; never its text (a refusal must not quote the file's content).

    Numbers, JSON literals and our own missing-value markers are shown: they tell what is
    wrong and carry nothing else. Any other text is described by its length only.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "nothing (missing or null)"
    if isinstance(value, dict | list):
        return f"a nested {type(value).__name__}"
    if isinstance(value, bool | np.bool_):
        return repr(bool(value))
    if isinstance(value, int | float | np.integer | np.floating):
        return _describe(str(value))
    text = str(value).strip()
    if not text:
        return "an empty cell"
    if _too_large(text):
        return f"a number of {len(text.lstrip('+-')):,} digits"
    if text in NA_TOKENS or (len(text) <= _MAX_SHOWN_NUMBER and _NUMBER.fullmatch(text)):
        return repr(text)
    return f"text of {len(text):,} characters"


def _too_large(text: str | None) -> bool:
    """Whether ``text`` is a whole number beyond the range of a 64-bit integer (by its digits)."""
    if text is None or not _WHOLE.fullmatch(text):
        return False
    digits = text.lstrip("+-").lstrip("0")
    return len(digits) > 19 or (len(digits) == 19 and int(digits) >= INT64_LIMIT)


def _fail(path: Path, frame: pd.DataFrame, column: str, bad: np.ndarray, expected: str) -> None:
    row = int(np.argmax(bad))
    value = frame[column].iloc[row]
    raise row_error(path, row, f"expected {expected}, found {_describe(value)}", column)


def _series(
    values: np.ndarray, frame: pd.DataFrame, column: str, dtype: type[object] | None = None
) -> pd.Series:
    return pd.Series(values, index=frame.index, name=column, dtype=dtype)


def _numbers(texts: list[str | None]) -> np.ndarray:
    parsed = pd.to_numeric(pd.Series([t or "" for t in texts], dtype=object), errors="coerce")
    return parsed.to_numpy(dtype=float, na_value=np.nan)


def _na_mask(texts: list[str | None]) -> np.ndarray:
    return np.array([t in NA_TOKENS for t in texts], dtype=bool)


def as_int(path: Path, frame: pd.DataFrame, column: str, *, nullable: bool = False) -> pd.Series:
    """Whole numbers; with ``nullable`` the NA tokens become missing (float NaN), else they are errors."""
    series = frame[column]
    if series.dtype.kind in "iu":
        values = series.to_numpy()
        if series.dtype.kind == "u":  # pandas reads 2**63 .. 2**64 - 1 as uint64
            _check_fits(path, frame, column, values >= INT64_LIMIT)
        return _series(values.astype(float if nullable else np.int64), frame, column)
    codes, texts = _distinct(frame, column)
    values = _numbers(texts)
    finite = np.isfinite(values)
    too_large = np.array([_too_large(text) for text in texts], dtype=bool)
    too_large[finite] |= np.abs(values[finite]) >= INT64_LIMIT
    _check_fits(path, frame, column, too_large[codes])
    bad = ~finite
    bad[finite] = values[finite] != np.round(values[finite])
    if nullable:
        bad &= ~_na_mask(texts)
    if bad[codes].any():
        _fail(path, frame, column, bad[codes], "a whole number")
    if nullable:
        return _series(values[codes], frame, column)
    return _series(np.where(finite, values, 0).astype(np.int64)[codes], frame, column)


def _check_fits(path: Path, frame: pd.DataFrame, column: str, too_large: np.ndarray) -> None:
    if too_large.any():
        row = int(np.argmax(too_large))
        found = _describe(frame[column].iloc[row])
        raise row_error(path, row, f"number too large for a 64-bit integer (found {found})", column)


def as_float(
    path: Path, frame: pd.DataFrame, column: str, *, decimal_comma: bool = False, nullable: bool = False
) -> pd.Series:
    series = frame[column]
    if series.dtype.kind in "iuf":
        values = series.to_numpy(dtype=float)
        bad = np.isinf(values) if nullable else ~np.isfinite(values)
        if bad.any():
            _fail(path, frame, column, bad, "a number")
        return _series(values, frame, column)
    codes, texts = _distinct(frame, column)
    if decimal_comma:
        texts = [None if t is None else t.replace(",", ".") for t in texts]
    values = _numbers(texts)
    bad = ~np.isfinite(values)
    if nullable:
        bad &= ~_na_mask(texts)
    if bad[codes].any():
        _fail(path, frame, column, bad[codes], "a number")
    return _series(values[codes], frame, column)


def as_date(path: Path, frame: pd.DataFrame, column: str, fmt: str) -> pd.Series:
    """Dates (time of day dropped) in a fixed format, as ``datetime64`` at midnight."""
    codes, texts = _distinct(frame, column)
    dates = pd.to_datetime(pd.Series(texts, dtype=object), format=fmt, errors="coerce").dt.normalize()
    bad = dates.isna().to_numpy()
    if bad[codes].any():
        example = pd.Timestamp("2020-10-17 10:00:00").strftime(fmt)
        _fail(path, frame, column, bad[codes], f"a date like {example}")
    return _series(dates.to_numpy()[codes], frame, column)


def _checked_text(
    path: Path,
    frame: pd.DataFrame,
    column: str,
    ok: Iterable[bool],
    codes: np.ndarray,
    texts: list[str | None],
    expected: str,
) -> pd.Series:
    ok = np.fromiter(ok, dtype=bool, count=len(texts))
    if not ok[codes].all():
        _fail(path, frame, column, ~ok[codes], expected)
    return _series(np.array(texts, dtype=object)[codes], frame, column, dtype=object)


def _coded(series: pd.Series, codes: np.ndarray, texts: list[str | None]) -> Coded:
    """``texts`` (from ``_distinct``, checked: no ``None``) made distinct, and the codes with them:
    two cells that differ only in surrounding spaces are the same text."""
    positions, distinct = pd.factorize(np.array(texts, dtype=object))
    return Coded(series, positions[codes], tuple(str(text) for text in distinct))


def _checked_code(
    path: Path, frame: pd.DataFrame, column: str, pattern: str, allow_empty: bool
) -> tuple[pd.Series, np.ndarray, list[str | None]]:
    codes, texts = _distinct(frame, column)
    regex = re.compile(pattern)
    ok = (t is not None and (regex.fullmatch(t) is not None or (allow_empty and t == "")) for t in texts)
    return _checked_text(path, frame, column, ok, codes, texts, f"a code like {pattern!r}"), codes, texts


def _checked_free_text(
    path: Path, frame: pd.DataFrame, column: str, allow_empty: bool
) -> tuple[pd.Series, np.ndarray, list[str | None]]:
    codes, texts = _distinct(frame, column)
    ok = (t is not None and (allow_empty or t != "") for t in texts)
    return _checked_text(path, frame, column, ok, codes, texts, "text"), codes, texts


def as_code(
    path: Path, frame: pd.DataFrame, column: str, pattern: str, *, allow_empty: bool = False
) -> pd.Series:
    """Area codes matching ``pattern``; empty cells are kept as "" when allowed."""
    return _checked_code(path, frame, column, pattern, allow_empty)[0]


def as_text(path: Path, frame: pd.DataFrame, column: str, *, allow_empty: bool = True) -> pd.Series:
    """Free text (names), stripped, as plain python ``str``."""
    return _checked_free_text(path, frame, column, allow_empty)[0]


def code_column(
    path: Path, frame: pd.DataFrame, column: str, pattern: str, *, allow_empty: bool = False
) -> Coded:
    """``as_code``, with the codes of its distinct values (``Coded``)."""
    return _coded(*_checked_code(path, frame, column, pattern, allow_empty))


def text_column(path: Path, frame: pd.DataFrame, column: str, *, allow_empty: bool = True) -> Coded:
    """``as_text``, with the codes of its distinct values (``Coded``)."""
    return _coded(*_checked_free_text(path, frame, column, allow_empty))


def as_choice(path: Path, frame: pd.DataFrame, column: str, allowed: Collection[str]) -> pd.Series:
    """One of a fixed set of values (an enumeration), compared exactly after stripping."""
    codes, texts = _distinct(frame, column)
    ok = (t in allowed for t in texts)
    shown = ", ".join(repr(value) for value in allowed)
    return _checked_text(path, frame, column, ok, codes, texts, f"one of {shown}")


def as_bool(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    codes, texts = _distinct(frame, column)
    upper = [None if t is None else t.upper() for t in texts]
    truth = np.array([t in {"TRUE", "1", "WAAR"} for t in upper], dtype=bool)
    known = truth | np.array([t in {"FALSE", "0", "ONWAAR"} for t in upper], dtype=bool)
    if not known[codes].all():
        _fail(path, frame, column, ~known[codes], "TRUE or FALSE")
    return _series(truth[codes], frame, column)


def _first_after(dates: pd.Series, limit: pd.Series | date) -> int | None:
    bound = limit if isinstance(limit, pd.Series) else pd.Timestamp(limit)
    late = (dates > bound).to_numpy()
    return int(np.argmax(late)) if late.any() else None


def _iso(value: date) -> str:
    return pd.Timestamp(value).date().isoformat()


def check_published_before(
    path: Path, dates: pd.Series, column: str, published: pd.Series | date, name: str
) -> None:
    """No row dated after the file's own publication date ``published`` (one date, or one per row).

    ``dates`` are in file row order; ``name`` says where the publication date comes from
    (a column such as ``Date_of_report``, or "the date in the file name").
    """
    row = _first_after(dates, published)
    if row is not None:
        limit = published.iloc[row] if isinstance(published, pd.Series) else published
        reason = (
            f"date {_iso(dates.iloc[row])} is after the file's own publication date {_iso(limit)} ({name})"
        )
        raise row_error(path, row, reason, column)


def check_not_in_future(path: Path, dates: pd.Series, column: str, today: date | None) -> None:
    """No row dated after ``today`` (``None`` skips the check: a reader used on its own)."""
    if today is None:
        return
    row = _first_after(dates, today)
    if row is not None:
        found = _iso(dates.iloc[row])
        reason = f"date {found} is in the future (today is {today.isoformat()} in Europe/Amsterdam)"
        raise row_error(path, row, reason, column)


def _check_known(
    path: Path, codes: pd.Series | Coded, column: str, known: Collection[str], reason: str
) -> None:
    """Every non-empty code is in ``known``; checked on the distinct codes (one hash pass, none for
    a ``Coded`` column)."""
    positions, uniques = _positions(codes)
    unknown = np.array([code != "" and code not in known for code in uniques] + [False], dtype=bool)
    bad = unknown[positions]
    if bad.any():
        row = int(np.argmax(bad))
        raise row_error(path, row, f"{uniques[positions[row]]} {reason}", column)


def _positions(codes: pd.Series | Coded) -> tuple[np.ndarray, Sequence[str]]:
    if isinstance(codes, Coded):
        return codes.codes, codes.texts
    positions, uniques = pd.factorize(codes.to_numpy())
    return positions, list(uniques)


def check_municipalities(path: Path, codes: pd.Series | Coded, column: str, context: ReadContext) -> None:
    """Refuse a municipality code that the dashboard cannot place ("" = unknown municipality is fine).

    RIVM codes every row of a file by the current division, so one unplaceable code means a
    damaged file or a division this dashboard does not know yet: either way a person must
    look, and the region totals would silently miss the rows if they were dropped.
    """
    if context.municipalities is not None:
        reason = (
            "is neither a municipality of the 2020 division nor a known successor of one"
            " (if the division changed, add it to dashapp/data/reference/successors.csv)"
        )
        _check_known(path, codes, column, context.municipalities, reason)


def check_regions(path: Path, codes: pd.Series, column: str, context: ReadContext) -> None:
    """Refuse a safety-region code other than VR01 .. VR25 ("" = unknown region is fine)."""
    if context.regions is not None:
        _check_known(path, codes, column, context.regions, "is not one of the 25 safety regions")


def inhabitants_per_row(codes: pd.Series | Coded, context: ReadContext) -> np.ndarray | None:
    """The inhabitants of each row's municipality (NaN where unknown); ``None`` without context."""
    if context.inhabitants is None:
        return None
    positions, uniques = _positions(codes)
    per_code = np.array([context.inhabitants.get(code, np.nan) for code in uniques] + [np.nan], dtype=float)
    return per_code[positions]


def check_within_inhabitants(
    path: Path, counts: pd.Series, column: str, inhabitants: np.ndarray | None, what: str
) -> None:
    """Refuse a count of one municipality larger than its number of inhabitants (NaN: not checked)."""
    if inhabitants is None:
        return
    values = counts.to_numpy(dtype=float)
    too_many = values > inhabitants  # NaN on either side compares False
    if too_many.any():
        row = int(np.argmax(too_many))
        reason = (
            f"{what} {values[row]:,.0f} is more than the municipality's {inhabitants[row]:,.0f} inhabitants"
        )
        raise row_error(path, row, reason, column)


def duplicated(*columns: pd.Series | Coded) -> np.ndarray:
    """Rows whose combination of values occurred on an earlier row (vectorised, any dtypes)."""
    key = np.zeros(len(columns[0].codes if isinstance(columns[0], Coded) else columns[0]), dtype=np.int64)
    for column in columns:
        if isinstance(column, Coded):
            codes, count = column.codes, len(column.texts)
        else:
            codes, uniques = pd.factorize(column)
            count = len(uniques)
        key = key * (count + 1) + (codes + 1)
    return pd.Series(key).duplicated().to_numpy()


def refuse_first(path: Path, bad: np.ndarray, reason: str, column: str) -> None:
    """Refuse the file at the first row where ``bad`` (one bool per row) holds, if any."""
    if bad.any():
        raise row_error(path, int(bad.argmax()), reason, column)


def check_unique(path: Path, keys: Sequence[pd.Series | Coded], column: str, what: str) -> None:
    """Refuse the first row whose ``keys`` repeat an earlier row: "the same ``what`` twice"."""
    refuse_first(path, duplicated(*keys), f"the same {what} twice", column)


def not_negative(
    path: Path, values: pd.Series, column: str, what: str = "a count", *, quote: bool = False
) -> pd.Series:
    """``values`` unchanged, once no value is negative (missing values pass); ``quote`` puts the
    offending value in the reason."""
    negative = (values < 0).to_numpy()
    if negative.any():
        row = int(negative.argmax())
        shown = f" ({values.iloc[row]})" if quote else ""
        raise row_error(path, row, f"{what} cannot be negative{shown}", column)
    return values


# --------------------------------------------------------------------------- JSON


def read_json(path: Path) -> tuple[str, object]:
    """The text of a JSON file and its parsed value; invalid JSON names the line."""
    text = decode(path, read_bytes(path))
    try:
        return text, json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(path, f"not valid JSON ({error.msg})", line=error.lineno) from error
    except RecursionError:
        raise SourceError(path, "cannot be parsed: JSON nested too deeply", line=1) from None
    except ValueError:  # the only other: an integer longer than Python converts (sys.int_info)
        limit = sys.get_int_max_str_digits()
        reason = f"a number has too many digits (more than {limit:,})"
        raise SourceError(path, reason, line=_line_of_digits(text, limit + 1)) from None


def _line_of_digits(text: str, count: int) -> int | None:
    """The line of the first run of ``count`` or more digits."""
    found = re.search(rf"\d{{{count},}}", text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


_WHITESPACE = re.compile(r"\s*")


def _skip(text: str, index: int) -> int:
    found = _WHITESPACE.match(text, index)
    return index if found is None else found.end()  # (never None: the pattern matches "")


def _children(text: str, index: int) -> dict[str | int, int]:
    """Offsets of the members of the JSON array or object starting at ``index``."""
    decoder = json.JSONDecoder()
    opening = text[index]
    found: dict[str | int, int] = {}
    index = _skip(text, index + 1)
    position = 0
    while index < len(text) and text[index] not in "]}":
        if opening == "{":
            key, index = decoder.raw_decode(text, index)
            index = _skip(text, _skip(text, index) + 1)  # past the colon
        else:
            key = position
        found[key] = index
        _, index = decoder.raw_decode(text, index)
        index = _skip(text, index)
        if text[index : index + 1] == ",":
            index = _skip(text, index + 1)
        position += 1
    return found


def json_line(text: str, *steps: str | int) -> int:
    """The line on which the value reached by ``steps`` (keys and indexes) starts."""
    if "\n" not in text.strip():
        return 1
    index = _skip(text, 0)
    try:
        for step in steps:
            index = _children(text, index)[step]
    except (KeyError, IndexError, ValueError):
        return 1
    return text.count("\n", 0, index) + 1


def json_records(
    path: Path,
    text: str,
    value: object,
    *,
    required: Iterable[str],
    nullable: Collection[str] = (),
    where: tuple[str | int, ...] = (),
    what: str = "records",
) -> pd.DataFrame:
    """A JSON array of objects (at ``where`` in the file) as a frame, one row per record.

    Every ``required`` key must be present on every record and be non-null, unless it is
    also ``nullable`` (then a missing key or null becomes a missing cell).
    """
    if not isinstance(value, list):
        found = type(value).__name__ if value is not None else "null"
        raise SourceError(path, f"expected an array of {what}, found a JSON {found}", line=1)
    if not value:
        raise SourceError(path, f"the array of {what} is empty", line=json_line(text, *where))
    wrong = next((i for i, record in enumerate(value) if not isinstance(record, dict)), None)
    if wrong is not None:
        raise SourceError(
            path,
            f"expected each of the {what} to be an object, found {type(value[wrong]).__name__}",
            line=json_line(text, *where, wrong),
        )
    frame = pd.DataFrame(value)
    for key in required:
        if key not in frame.columns:
            if key in nullable:
                frame[key] = None
                continue
            line = json_line(text, *where, 0)
            raise SourceError(path, "key missing from every record", line=line, column=key)
        if key not in nullable:
            absent = frame[key].isna().to_numpy()
            if absent.any():
                row = int(np.argmax(absent))
                raise SourceError(path, "key missing or null", line=json_line(text, *where, row), column=key)
    return frame


@contextmanager
def json_lines(path: Path, text: str, *where: str | int) -> Iterator[None]:
    """Inside, row errors (line = row + 2) are re-raised with the line of that record in the file."""
    try:
        yield
    except SourceError as error:
        if error.path != Path(path) or error.line is None:
            raise
        line = json_line(text, *where, error.line - 2)
        raise SourceError(path, error.reason, line=line, column=error.column) from error
