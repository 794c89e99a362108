"""Find and read every known source file in a flat data directory.

A file that fails to read is reported (file, line, column, reason) and, where an earlier
read of the same kind succeeded, that earlier frame is served instead: one broken feed
never hides the others.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dashapp.data.errors import SourceError
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import SourceFrame, SourceSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    """What the last refresh knows of one kind of source, for /healthz and the page."""

    kind: str
    description: str
    file: str | None
    ok: bool
    rows: int = 0
    obtained_on: date | None = None
    first_date: date | None = None
    last_date: date | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    serving_previous: bool = False

    @property
    def present(self) -> bool:
        return self.file is not None

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "ok": self.ok,
            "rows": self.rows,
            "obtained_on": self.obtained_on.isoformat() if self.obtained_on else None,
            "first_date": self.first_date.isoformat() if self.first_date else None,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "error": self.error,
            "notes": list(self.notes),
            "serving_previous": self.serving_previous,
        }


@dataclass(frozen=True)
class LoadResult:
    frames: Mapping[str, SourceFrame]
    statuses: Mapping[str, SourceStatus]
    errors: tuple[SourceError, ...] = field(default=())


def matching_files(directory: Path, specs: Iterable[SourceSpec] = ALL_SPECS) -> dict[SourceSpec, Path]:
    """The file each spec would read: the last-sorting match of its pattern."""
    found: dict[SourceSpec, Path] = {}
    for spec in specs:
        candidates = sorted(p for p in directory.glob(spec.pattern) if p.is_file())
        if candidates:
            found[spec] = candidates[-1]
    return found


def fingerprint(directory: Path, specs: Iterable[SourceSpec] = ALL_SPECS) -> str:
    """Changes whenever a source file is added, removed, replaced or touched."""
    digest = hashlib.sha1()
    for spec, path in sorted(matching_files(directory, specs).items(), key=lambda item: item[0].pattern):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{spec.kind}|{path.name}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


def _date_span(frame: SourceFrame) -> tuple[date | None, date | None]:
    column = next((c for c in ("date", "week_start") if c in frame.frame.columns), None)
    if column is None or frame.frame.empty:
        return None, None
    values = frame.frame[column]
    return values.min().date(), values.max().date()


def _ok_status(spec: SourceSpec, frame: SourceFrame, *, previous: bool = False, error: str | None = None):
    first, last = _date_span(frame)
    return SourceStatus(
        kind=spec.kind,
        description=spec.description,
        file=frame.path.name,
        ok=error is None,
        rows=frame.rows,
        obtained_on=frame.obtained_on,
        first_date=first,
        last_date=last,
        error=error,
        notes=frame.notes,
        serving_previous=previous,
    )


def load_directory(
    directory: Path,
    previous: Mapping[str, SourceFrame] | None = None,
    specs: Iterable[SourceSpec] = ALL_SPECS,
) -> LoadResult:
    previous = previous or {}
    frames: dict[str, SourceFrame] = {}
    statuses: dict[str, SourceStatus] = {}
    errors: list[SourceError] = []
    for spec, path in matching_files(directory, specs).items():
        try:
            frame = spec.read(path)
        except SourceError as error:
            log.error("source %s refused: %s", spec.kind, error.describe())
            errors.append(error)
            old = previous.get(spec.kind)
            if old is not None:
                frames[spec.kind] = old
                statuses[spec.kind] = _ok_status(spec, old, previous=True, error=error.describe())
            elif spec.kind not in frames:
                statuses[spec.kind] = SourceStatus(
                    spec.kind, spec.description, path.name, False, error=error.describe()
                )
            continue
        # Two formats of one feed (e.g. GGD tests as JSON and CSV): the newer publication wins.
        current = frames.get(spec.kind)
        if current is None or frame.obtained_on > current.obtained_on or not statuses[spec.kind].ok:
            frames[spec.kind] = frame
            statuses[spec.kind] = _ok_status(spec, frame)
    for spec in specs:
        if spec.kind not in statuses:
            old = previous.get(spec.kind)
            if old is not None:
                frames[spec.kind] = old
                statuses[spec.kind] = _ok_status(spec, old, previous=True, error="file is no longer present")
            else:
                statuses[spec.kind] = SourceStatus(spec.kind, spec.description, None, False)
    return LoadResult(frames, statuses, tuple(errors))
