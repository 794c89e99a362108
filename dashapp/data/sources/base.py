"""What every reader returns: a tidy, typed frame with the file's own publication date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class SourceFrame:
    """One parsed source file.

    ``frame`` is tidy (one row per observation) with the columns that the reader's module
    documents; dates are ``datetime64`` at midnight, codes are plain strings ("" for an
    unknown area). ``obtained_on`` is the date the publisher made the file (from its
    content or name), or the file's modification date where the format carries none.
    ``notes`` lists what the reader dropped on purpose (sentinel dates, unknown rows, ...).
    """

    kind: str
    path: Path
    frame: pd.DataFrame
    obtained_on: date
    notes: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> int:
        return len(self.frame)


def file_date(path: Path) -> date:
    """The modification date of a file: the obtained-on date for formats that carry none."""
    return pd.Timestamp(path.stat().st_mtime, unit="s").date()


@dataclass(frozen=True)
class SourceSpec:
    """How to find and read one kind of source file in a flat data directory.

    ``pattern`` is a glob on the published file name. When several files match (files
    whose names carry a timestamp), the loader takes the one that sorts last.
    """

    kind: str
    pattern: str
    read: Callable[[Path], SourceFrame]
    description: str
