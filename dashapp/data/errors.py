"""Errors raised when a source file cannot be trusted, and the plain record of one kept for /healthz."""

from __future__ import annotations

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
