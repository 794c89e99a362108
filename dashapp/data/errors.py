"""Errors raised when a source file cannot be trusted."""

from __future__ import annotations

from pathlib import Path


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
        where = [self.path.name]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"
