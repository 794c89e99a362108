"""The DataStore: holds the current Snapshot and refreshes it on a timer, off the request path.

Readers take ``store.current`` once and use only that object; a refresh builds a complete new
Snapshot and swaps it in with one assignment. A failed refresh is logged and the last good
Snapshot keeps being served. Each gunicorn worker owns one store; its thread is started
after the fork (gunicorn's ``post_worker_init``, or lazily on the first request), never at import.

Files are checked against today's date (the injectable clock ``today``, Europe/Amsterdam) and
the area codes of the reference; a file that has not changed since it was last read is not
read again unless the refresh is forced. ``health()`` says, per source, whether its file was
refused (file, line, column, reason) and whether it is late for its publication cadence
(``dashapp.data.freshness``); the status is "degraded" when any source is refused or late.
"""

from __future__ import annotations

import hashlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from dashapp.clock import today_in_amsterdam
from dashapp.config import Config
from dashapp.data.background import BackgroundLoop
from dashapp.data.build import Earlier, build_snapshot
from dashapp.data.errors import Problem, SourceError
from dashapp.data.freshness import Freshness
from dashapp.data.health import freshness_of, health_report
from dashapp.data.loader import FileSignature, SourceStatus, fingerprint, load_directory, read_context
from dashapp.data.reference import Reference, load_reference
from dashapp.data.risk_levels import read_risk_levels
from dashapp.data.snapshot import OfficialLevel, Snapshot
from dashapp.data.sources import ALL_SPECS
from dashapp.data.sources.base import SourceFrame, SourceSpec

log = logging.getLogger(__name__)

FilesListener = Callable[[Mapping[str, SourceFrame], Mapping[str, FileSignature]], None]


class Source(Protocol):
    """Where raw files come from: a configured directory, or the demo generator."""

    demo: bool

    def prepare(self) -> Path:
        """Make sure the files are in place and return the directory holding them."""
        ...


@dataclass
class DirectorySource:
    directory: Path
    demo: bool = False

    def prepare(self) -> Path:
        if not self.directory.is_dir():
            raise FileNotFoundError(f"data directory {self.directory} does not exist")
        return self.directory


@dataclass(frozen=True)
class RefreshOutcome:
    changed: bool
    error: str | None = None


def _version(files: str, problems: Iterable[Problem]) -> str:
    """The data version: the files' fingerprint, and which of them were refused and why."""
    described = sorted(problem.describe() for problem in problems)
    if not described:
        return files
    return hashlib.sha1("\n".join([files, *described]).encode()).hexdigest()[:12]


def _levels_key(official: Mapping[str, tuple[OfficialLevel, ...]]) -> str:
    """Part of the data version: changes whenever the official levels do."""
    if not official:
        return ""
    text = repr(
        sorted(
            (code, tuple((item.level, item.valid_from) for item in levels))
            for code, levels in official.items()
        )
    )
    return "-" + hashlib.sha1(text.encode()).hexdigest()[:8]


class DataStore:
    def __init__(
        self,
        source: Source,
        *,
        refresh_seconds: float = 300.0,
        reference: Reference | None = None,
        today: Callable[[], date] = today_in_amsterdam,
        specs: Iterable[SourceSpec] = ALL_SPECS,
        risk_levels: Path | None = None,
    ):
        self.source = source
        self.refresh_seconds = refresh_seconds
        self.reference = reference or load_reference()
        self.today = today
        self.specs = tuple(specs)
        # The operator's file of official risk levels (not a publisher's feed): read on every
        # refresh, and like a source its last good content is kept when a new version is broken.
        self.risk_levels = risk_levels
        self._official: dict[str, tuple[OfficialLevel, ...]] = {}
        self.risk_levels_error: str | None = None
        self._snapshot: Snapshot | None = None
        self._frames: dict[str, SourceFrame] = {}
        self._signatures: dict[str, FileSignature] = {}
        self._loaded: tuple[str, date] | None = None  # (fingerprint, today) of the last load
        self._files_listeners: list[FilesListener] = []
        self._refresh_lock = threading.Lock()
        self._loop = BackgroundLoop("store-refresh", self._run)
        # Called in the refresh thread with each new snapshot (e.g. to pre-render pages for it).
        self._listeners: list[Callable[[Snapshot], None]] = []
        self.last_error: str | None = None
        self.last_attempt: datetime | None = None
        self.last_success: datetime | None = None
        self.refresh_count = 0

    @property
    def current(self) -> Snapshot | None:
        return self._snapshot

    @property
    def frames(self) -> Mapping[str, SourceFrame]:
        """The frame of each source that the current snapshot was built from (the last accepted)."""
        return self._frames

    @property
    def signatures(self) -> Mapping[str, FileSignature]:
        return self._signatures

    def on_files_loaded(self, listener: FilesListener) -> None:
        """Call ``listener`` with the frames and file signatures of each load, before the build."""
        self._files_listeners.append(listener)

    def adopt(self, frames: Mapping[str, SourceFrame], signatures: Mapping[str, FileSignature]) -> None:
        """Start from frames accepted earlier (by a previous run of the ingest): a file with the same
        signature is not read again, and a refused file keeps that frame as its last good data."""
        with self._refresh_lock:
            if not self._frames:
                self._frames = dict(frames)
                self._signatures = {kind: signatures[kind] for kind in frames if kind in signatures}

    def refresh(self, *, force: bool = False) -> RefreshOutcome:
        """Load the sources and swap in a new Snapshot when they changed; never raises.

        Unchanged files are not read again, except when ``force`` is set. A new day also
        counts as a change, since a file refused for a date in the future may be due now.
        """
        with self._refresh_lock:
            self.last_attempt = datetime.now(UTC)
            try:
                directory = self.source.prepare()
                today = self.today()
                official = self._read_official()
                files = fingerprint(directory, self.specs) + _levels_key(official)
                if not force and self._loaded == (files, today) and self._snapshot is not None:
                    return RefreshOutcome(changed=False, error=self.last_error)
                started = time.perf_counter()
                result = load_directory(
                    directory,
                    previous=self._frames,
                    specs=self.specs,
                    context=read_context(self.reference, today),
                    signatures=None if force else self._signatures,
                )
                for listener in self._files_listeners:
                    listener(result.frames, result.signatures)
                version = _version(files, result.problems)
                snapshot: Snapshot | None = None
                if force or self._snapshot is None:
                    snapshot = self._build(result.frames, result.statuses, version, official)
                elif self._snapshot.version != version:
                    snapshot = self._rebuild(
                        self._snapshot, result.frames, result.statuses, version, official
                    )
            except Exception as error:  # keep serving the last good snapshot whatever went wrong
                self.last_error = f"refresh failed: {error}"
                log.exception(
                    "refresh failed; still serving snapshot %s",
                    self._snapshot.version if self._snapshot else None,
                )
                return RefreshOutcome(changed=False, error=self.last_error)
            self._frames = dict(result.frames)
            self._official = official
            self._signatures = dict(result.signatures)
            self._loaded = (files, today)
            described = [problem.describe() for problem in result.problems]
            if self.risk_levels_error:
                described.append(self.risk_levels_error)
            self.last_error = "; ".join(described) or None
            if snapshot is None:  # the same files, accepted or refused as before: nothing to rebuild
                return RefreshOutcome(changed=False, error=self.last_error)
            self._snapshot = snapshot
            self.last_success = snapshot.built_at
            self.refresh_count += 1
            log.info(
                "snapshot %s built in %.2f s from %d sources%s",
                version,
                time.perf_counter() - started,
                len(result.frames),
                f" (problems: {self.last_error})" if self.last_error else "",
            )
            return RefreshOutcome(changed=True, error=self.last_error)

    def _read_official(self) -> dict[str, tuple[OfficialLevel, ...]]:
        """The configured official levels; a broken file is reported and the last good levels kept."""
        if self.risk_levels is None:
            return {}
        try:
            levels = dict(read_risk_levels(self.risk_levels, self.reference.regions))
        except SourceError as error:
            self.risk_levels_error = f"official risk levels not updated: {error.describe()}"
            log.error("%s", self.risk_levels_error)
            return self._official
        self.risk_levels_error = None
        return levels

    def _build(
        self,
        frames: Mapping[str, SourceFrame],
        statuses: Mapping[str, SourceStatus],
        version: str,
        official: Mapping[str, tuple[OfficialLevel, ...]],
        earlier: Earlier | None = None,
    ) -> Snapshot:
        return build_snapshot(
            frames,
            statuses,
            self.reference,
            version=version,
            demo=self.source.demo,
            official_levels=official,
            earlier=earlier,
        )

    def _rebuild(
        self,
        current: Snapshot,
        frames: Mapping[str, SourceFrame],
        statuses: Mapping[str, SourceStatus],
        version: str,
        official: Mapping[str, tuple[OfficialLevel, ...]],
    ) -> Snapshot:
        """A new snapshot; when only the statuses or the official levels changed (a file refused or
        gone, its previous frame kept, every other file unchanged), the figures are the current
        snapshot's, not computed again."""
        if frames.keys() == self._frames.keys() and all(frames[k] is self._frames[k] for k in frames):
            return replace(
                current,
                version=version,
                sources=dict(statuses),
                official_levels=dict(official),
                built_at=datetime.now(UTC),
            )
        unchanged = frozenset(kind for kind, frame in frames.items() if self._frames.get(kind) is frame)
        earlier = Earlier(current.tables, unchanged, current.sewage_plants)
        return self._build(frames, statuses, version, official, earlier)

    @property
    def running(self) -> bool:
        return self._loop.running

    def start(self) -> None:
        """Start the refresh thread of this process (idempotent)."""
        self._loop.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.stop(timeout)

    def on_new_snapshot(self, listener: Callable[[Snapshot], None]) -> None:
        """Have ``listener`` called in the refresh thread with every snapshot it swaps in (and, when the
        thread starts, with the one already there)."""
        self._listeners.append(listener)

    def _notify(self) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        for listener in self._listeners:
            try:
                listener(snapshot)
            except Exception:  # a listener's failure must not stop the refreshes
                log.exception("listener %r failed for snapshot %s", listener, snapshot.version)

    def _run(self, stopping: threading.Event) -> None:
        if self._snapshot is None:
            self.refresh()
        self._notify()
        # A little jitter keeps several workers from reading the files at the same instant.
        while not stopping.wait(self.refresh_seconds * random.uniform(0.95, 1.05)):
            if self.refresh().changed:
                self._notify()

    def freshness(self, snapshot: Snapshot | None = None, today: date | None = None) -> dict[str, Freshness]:
        """Per source kind with data and a known cadence: how current its file is today."""
        return freshness_of(snapshot or self._snapshot, today or self.today())

    def health(self) -> dict[str, object]:
        return health_report(
            self._snapshot,
            self.today(),
            demo=self.source.demo,
            last_attempt=self.last_attempt,
            last_error=self.last_error,
            refresh_seconds=self.refresh_seconds,
            refreshing=self.running,
            risk_levels={
                "file": str(self.risk_levels) if self.risk_levels else None,
                "regions": len(self._official),
                "error": self.risk_levels_error,
            },
        )


def store_for(config: Config) -> DataStore:
    """A store over the configured raw files: the data directory, or else the demo source."""
    from dashapp.data.demo_source import DemoSource

    source: Source
    if config.data_dir is not None:
        source = DirectorySource(config.data_dir)
    else:
        source = DemoSource(config.demo_dir, days=config.demo_days)
    return DataStore(source, refresh_seconds=config.refresh_seconds, risk_levels=config.risk_levels)
