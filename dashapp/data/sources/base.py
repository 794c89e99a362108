"""What every reader returns (a tidy, typed frame with the file's own publication date), what it
checks a file against besides the file itself (``ReadContext``), and how the loader finds it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

MB = 1024 * 1024


@dataclass(frozen=True)
class Coded:
    """A text column as a code per row into its distinct texts (no two alike), beside the column
    itself: checks and the build group or compare rows by the codes, not by hashing every row."""

    series: pd.Series
    codes: np.ndarray  # intp, one per row: an index into ``texts``
    texts: tuple[str, ...]

    def code_of(self, text: str) -> int | None:
        return self.texts.index(text) if text in self.texts else None


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
    # Columns of ``frame`` the reader also holds as codes (``Coded``), row for row.
    coded: Mapping[str, Coded] = field(default_factory=dict, repr=False, compare=False)

    def coded_column(self, column: str) -> Coded | None:
        """The codes of ``column`` when the reader kept them and they still match the frame."""
        coded = self.coded.get(column)
        return coded if coded is not None and len(coded.codes) == len(self.frame) else None

    @property
    def rows(self) -> int:
        return len(self.frame)


@dataclass(frozen=True)
class ReadContext:
    """Facts from outside the file that a reader checks it against; ``None`` skips that check.

    ``today`` (Europe/Amsterdam, from the caller's clock): no row may be dated after it.
    ``municipalities``: every municipality code the dashboard can place (the 2020 division
    and the known successors of later divisions). ``regions``: the safety-region codes.
    ``inhabitants``: per municipality code (a later municipality counts the inhabitants of
    those it was formed from): no count of one day, and no rise of a cumulative total from
    one day to the next, can exceed them.
    A reader used on its own (``read(path)``) checks only the file's own consistency.
    """

    today: date | None = None
    municipalities: frozenset[str] | None = None
    regions: frozenset[str] | None = None
    # A mapping is not hashable: left out of the hash (equality still compares it).
    inhabitants: Mapping[str, int] | None = field(default=None, hash=False)


NO_CONTEXT = ReadContext()


class Reader(Protocol):
    """``read(path)`` checks the file on its own; ``read(path, context)`` also against ``context``."""

    def __call__(self, path: Path, context: ReadContext = NO_CONTEXT, /) -> SourceFrame: ...


def file_date(path: Path) -> date:
    """The modification date of a file: the obtained-on date for formats that carry none."""
    return pd.Timestamp(path.stat().st_mtime, unit="s").date()


@dataclass(frozen=True)
class SourceSpec:
    """How to find and read one kind of source file in a flat data directory.

    ``pattern`` is a glob on the published file name. When several files match (files
    whose names carry a timestamp), the loader takes the one that sorts last. ``max_bytes``
    is the size above which the loader refuses the file without reading it (each reader
    module says why its limit is generous for the real files).
    """

    kind: str
    pattern: str
    read: Reader
    description: str
    max_bytes: int
