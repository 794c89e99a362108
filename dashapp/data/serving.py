"""The web workers' store: serves the published version, never parses a raw file.

A worker loads the version the manifest names (memory-mapped), then looks at the manifest every
``poll_seconds`` (a stat, not a read) and switches to a new version in one assignment; when the
manifest comes to name the version's addendum (the derived files that follow the snapshot), it
attaches those files to the snapshot it serves. A request
that comes from a page of a newer version than the worker's (``ensure_at_least``) makes it look
at once, so that no screen mixes two versions.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from dashapp.clock import today_in_amsterdam
from dashapp.data import artefacts
from dashapp.data.background import BackgroundLoop
from dashapp.data.health import health_report
from dashapp.data.published import PublishedArtefacts, PublishedFormatError, load
from dashapp.data.reference import Reference, load_reference
from dashapp.data.repository import Manifest, SnapshotRepository
from dashapp.data.snapshot import Snapshot

log = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 2.0


class PublishedStore:
    def __init__(
        self,
        repository: SnapshotRepository,
        *,
        reference: Reference | None = None,
        today: Callable[[], date] = today_in_amsterdam,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        demo: bool = False,
    ):
        self.repository = repository
        self.reference = reference or load_reference()
        self.today = today
        self.poll_seconds = poll_seconds
        self.demo = demo
        self._snapshot: Snapshot | None = None
        self._manifest: Manifest | None = None
        self._stamp: tuple[object, ...] | None = None
        self._lock = threading.Lock()
        self._loop = BackgroundLoop("manifest-poll", self._run)
        self._listeners: list[Callable[[Snapshot], None]] = []
        self._notified: str | None = None
        self._pending: queue.SimpleQueue[Snapshot] = queue.SimpleQueue()
        self.last_error: str | None = None
        self.last_check: datetime | None = None
        self.switches = 0

    @property
    def current(self) -> Snapshot | None:
        return self._snapshot

    @property
    def manifest(self) -> Manifest | None:
        return self._manifest

    def check(self) -> bool:
        """Switch to the manifest's version if it is not the one served; True when it switched."""
        stamp = self.repository.manifest_stamp()
        if stamp is not None and stamp == self._stamp:
            return False
        with self._lock:
            stamp = self.repository.manifest_stamp()
            if stamp is None or stamp == self._stamp:
                return False
            try:
                manifest = self.repository.read_manifest()
                if manifest is None:
                    return False
                switched = False
                if self._snapshot is None or manifest.version != self._snapshot.version:
                    folder = self.repository.local_version(manifest.version)
                    snapshot = load(folder, self.reference, self._addendum_of(manifest))
                    self._snapshot = snapshot  # the one assignment readers see
                    self.switches += 1
                    switched = True
                    log.info("serving version %s", manifest.version)
                    self.repository.prune_cache([manifest.version, *manifest.previous])
                else:
                    self._attach_addendum(self._snapshot, manifest)
            except (OSError, ValueError, PublishedFormatError) as error:
                # Keep serving what we have; the next look tries again.
                self.last_error = f"version could not be loaded: {error}"
                log.error("%s", self.last_error)
                return False
            self._manifest = manifest
            self._stamp = stamp
            self.last_error = None
        return switched

    def _addendum_of(self, manifest: Manifest) -> tuple[str, Path] | None:
        if manifest.addendum is None:
            return None
        addendum = manifest.addendum.id
        return addendum, self.repository.local_addendum(manifest.version, addendum)

    def _attach_addendum(self, snapshot: Snapshot, manifest: Manifest) -> None:
        """The addendum the manifest names, added to the snapshot served (of the same version)."""
        files = snapshot.artefacts
        named = manifest.addendum
        if named is None or not isinstance(files, PublishedArtefacts) or files.addendum == named.id:
            return
        addendum = self._addendum_of(manifest)
        if addendum is not None:
            files.attach(*addendum)
            log.info("serving the addendum %s of version %s", named.id, manifest.version)

    def refresh(self, *, force: bool = False) -> bool:
        """The same as ``check`` (for callers written against the ingesting store)."""
        if force:
            self._stamp = None
        return self.check()

    def ensure_at_least(self, page_version: str | None) -> None:
        """Look at the manifest now if this worker serves nothing yet, or a page shows another version."""
        snapshot = self._snapshot
        if snapshot is None or (page_version and snapshot.version != page_version):
            self.check()

    @property
    def running(self) -> bool:
        return self._loop.running

    def start(self) -> None:
        """Load the current version now, then keep looking in a thread of this process (idempotent)."""
        if self.running:
            return
        self.check()
        self._loop.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.stop(timeout)

    def on_new_snapshot(self, listener: Callable[[Snapshot], None]) -> None:
        self._listeners.append(listener)

    def _notify(self) -> None:
        """Tell the listeners of a version they have not seen, in a thread of their own: pre-rendering
        takes seconds, and the poll must go on meanwhile (a newer version is switched in at once)."""
        snapshot = self._snapshot
        if snapshot is None or snapshot.version == self._notified:
            return
        self._notified = snapshot.version
        self._pending.put(snapshot)

    def _tell_listeners(self) -> None:
        while True:
            snapshot = self._pending.get()
            while not self._pending.empty():  # only the newest version is worth rendering ahead
                snapshot = self._pending.get()
            for listener in self._listeners:
                try:
                    listener(snapshot)
                except Exception:  # a listener's failure must not stop the switches
                    log.exception("listener %r failed for snapshot %s", listener, snapshot.version)

    def _run(self, stopping: threading.Event) -> None:
        threading.Thread(target=self._tell_listeners, name="snapshot-listeners", daemon=True).start()
        self._notify()
        while not stopping.wait(self.poll_seconds):
            try:
                self.check()
            except Exception:  # never let the poll thread die
                log.exception("looking at the manifest failed")
            self._notify()

    def health(self) -> dict[str, object]:
        ingest = self.repository.read_ingest_status() or {}
        manifest = self.repository.read_manifest()
        risk_levels = ingest.get("risk_levels") or {"file": None, "regions": 0, "error": None}
        last_attempt = ingest.get("last_attempt")
        report = health_report(
            self._snapshot,
            self.today(),
            demo=self.demo,
            last_attempt=datetime.fromisoformat(last_attempt) if isinstance(last_attempt, str) else None,
            last_error=self.last_error or ingest.get("last_error"),  # type: ignore[arg-type]
            refresh_seconds=ingest.get("refresh_seconds"),  # type: ignore[arg-type]
            refreshing=self.running,
            risk_levels=risk_levels,  # type: ignore[arg-type]
        )
        report["served_version"] = self._snapshot.version if self._snapshot else None
        report["manifest_version"] = manifest.version if manifest else None
        report["published_at"] = manifest.published_at if manifest else None
        served = self._snapshot.artefacts if self._snapshot else None
        named = manifest.addendum if manifest else None
        report["addendum"] = {
            # What follows the snapshot; until the manifest names it, workers make it themselves.
            "groups": list(artefacts.deferred()),
            "manifest": named.id if named else None,
            "published_at": named.published_at if named else None,
            "served": served.addendum if isinstance(served, PublishedArtefacts) else None,
        }
        report["ingest"] = ingest or None
        return report
