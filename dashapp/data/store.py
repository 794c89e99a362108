"""The DataStore: holds the current Snapshot and refreshes it on a timer, off the request path.

Readers take ``store.current`` once and use only that object; a refresh builds a complete new
Snapshot and swaps it in with one assignment. A failed refresh is logged and the last good
Snapshot keeps being served. Each gunicorn worker owns one store; its thread is started
after the fork (gunicorn's ``post_worker_init``, or lazily on the first request), never at import.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from dashapp.data.build import build_snapshot
from dashapp.data.loader import fingerprint, load_directory
from dashapp.data.reference import Reference, load_reference
from dashapp.data.snapshot import Snapshot
from dashapp.data.sources.base import SourceFrame

log = logging.getLogger(__name__)


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


class DataStore:
    def __init__(self, source: Source, *, refresh_seconds: float = 300.0, reference: Reference | None = None):
        self.source = source
        self.refresh_seconds = refresh_seconds
        self.reference = reference or load_reference()
        self._snapshot: Snapshot | None = None
        self._frames: dict[str, SourceFrame] = {}
        self._fingerprint: str | None = None
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None
        self.last_attempt: datetime | None = None
        self.last_success: datetime | None = None
        self.refresh_count = 0

    @property
    def current(self) -> Snapshot | None:
        return self._snapshot

    def refresh(self, *, force: bool = False) -> RefreshOutcome:
        """Load the sources and swap in a new Snapshot when they changed; never raises."""
        with self._refresh_lock:
            self.last_attempt = datetime.now(UTC)
            try:
                directory = self.source.prepare()
                version = fingerprint(directory)
                if not force and version == self._fingerprint and self._snapshot is not None:
                    return RefreshOutcome(changed=False, error=self.last_error)
                started = time.perf_counter()
                result = load_directory(directory, previous=self._frames)
                snapshot = build_snapshot(
                    result.frames, result.statuses, self.reference, version=version, demo=self.source.demo
                )
            except Exception as error:  # keep serving the last good snapshot whatever went wrong
                self.last_error = f"refresh failed: {error}"
                log.exception(
                    "refresh failed; still serving snapshot %s",
                    self._snapshot.version if self._snapshot else None,
                )
                return RefreshOutcome(changed=False, error=self.last_error)
            self._frames = dict(result.frames)
            self._fingerprint = version
            self._snapshot = snapshot
            self.last_success = snapshot.built_at
            self.refresh_count += 1
            self.last_error = "; ".join(e.describe() for e in result.errors) or None
            log.info(
                "snapshot %s built in %.2f s from %d sources%s",
                version,
                time.perf_counter() - started,
                len(result.frames),
                f" (errors: {self.last_error})" if self.last_error else "",
            )
            return RefreshOutcome(changed=True, error=self.last_error)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the refresh thread of this process (idempotent)."""
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="store-refresh", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        if self._snapshot is None:
            self.refresh()
        # A little jitter keeps several workers from reading the files at the same instant.
        while not self._stop.wait(self.refresh_seconds * random.uniform(0.95, 1.05)):
            self.refresh()

    def health(self) -> dict[str, object]:
        snapshot = self._snapshot
        now = datetime.now(UTC)
        return {
            "status": "ok" if snapshot and not self.last_error else ("degraded" if snapshot else "starting"),
            "version": snapshot.version if snapshot else None,
            "demo": snapshot.demo if snapshot else self.source.demo,
            "built_at": snapshot.built_at.isoformat() if snapshot else None,
            "age_seconds": round((now - snapshot.built_at).total_seconds(), 1) if snapshot else None,
            "data_obtained_on": snapshot.obtained_on.isoformat()
            if snapshot and snapshot.obtained_on
            else None,
            "last_attempt": self.last_attempt.isoformat() if self.last_attempt else None,
            "last_error": self.last_error,
            "refresh_seconds": self.refresh_seconds,
            "refreshing": self.running,
            "sources": {kind: s.to_json() for kind, s in snapshot.sources.items()} if snapshot else {},
        }
