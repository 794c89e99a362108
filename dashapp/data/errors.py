"""Errors raised when a source file cannot be trusted, and the plain record of one kept for /healthz."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


def _where(file: str, line: int | None, column: str | None) -> str:
    parts = [file]
    if line is not None:
        parts.append(f"line {line}")
    if column is not None:
        parts.append(f"column {column}")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file was refused: plain values only (no exception, so no traceback keeps frames alive)."""

    file: str
    reason: str
    line: int | None = None
    column: str | None = None

    def describe(self) -> str:
        return f"{_where(self.file, self.line, self.column)}: {self.reason}"

    def to_json(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "column": self.column, "reason": self.reason}


class SourceError(Exception):
    """A source file is malformed. Names the file, and where known the line and the column.

    ``line`` is 1-based and counts the header line of a CSV file as line 1; for JSON it is
    the line of the offending text in the file (1 for single-line JSON arrays).
    """

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None, column: str | None = None):
        self.path = Path(path)
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(self.describe())

    def describe(self) -> str:
        return self.problem().describe()

    def problem(self) -> Problem:
        return Problem(self.path.name, self.reason, self.line, self.column)


def csv_reason(error: Exception) -> str:
    """A csv module error in words, without its message (which may quote the file)."""
    if "new-line character" in str(error):
        return "CSV: new-line character in an unquoted field (CR-only line endings?)"
    return "CSV: a line cannot be split into fields"


def _too_many_digits(error: ValueError) -> bool:
    return "integer string conversion" in str(error)


def unexpected_reason(error: Exception) -> str:
    """Why a reader failed with an exception other than SourceError, in a few words.

    Never the exception's message: those of the standard library and pandas may quote the
    file (a cell, a line), and a refusal is shown on /healthz.
    """
    if isinstance(error, RecursionError):
        return "cannot be parsed: data nested too deeply"
    if isinstance(error, MemoryError):
        return "out of memory while reading"
    if isinstance(error, UnicodeError):
        return "not valid UTF-8 text"
    if isinstance(error, ValueError) and _too_many_digits(error):
        return "a number has too many digits"
    if isinstance(error, OverflowError):
        return "a number is too large"
    if isinstance(error, csv.Error):
        return csv_reason(error)
    if isinstance(error, OSError):
        return f"cannot read file ({error.strerror or type(error).__name__})"
    return f"cannot be read: unexpected {type(error).__name__}"


def refusal(path: Path | str, error: Exception) -> SourceError:
    """The SourceError for any exception raised while reading ``path``."""
    if isinstance(error, SourceError):
        return error
    return SourceError(path, unexpected_reason(error))
