"""The ingest: read the sources, build the snapshot and publish it, once per deployment.

``Ingest.run_once`` refreshes a ``DataStore`` (which reads only changed files and keeps the last
accepted frame of a refused source), publishes the snapshot when its content changed, stores the
frames it came from beside it, and writes a heartbeat that ``/healthz`` reports. ``Ingest.restore``
starts a new run of the ingest from the frames of the current manifest, so that no restart loses
the last good data of a source whose file is broken at that moment.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dashapp.data.loader import FileSignature
from dashapp.data.published import serialise
from dashapp.data.repository import Manifest, SnapshotRepository, StoredFrame
from dashapp.data.snapshot import Snapshot
from dashapp.data.sources.base import SourceFrame
from dashapp.data.store import DataStore

log = logging.getLogger(__name__)

KEEP_PREVIOUS_VERSIONS = 3


@dataclass(frozen=True)
class IngestOutcome:
    published: bool
    version: str | None
    error: str | None = None


def file_sha256(path: Path, signature: FileSignature) -> str | None:
    """The hash of the raw file a frame was read from, if the file is still that very file."""
    try:
        if FileSignature.of(path.stat()) != signature:
            return None
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


class Ingest:
    def __init__(self, store: DataStore, repository: SnapshotRepository):
        self.store = store
        self.repository = repository
        # Kind -> (the frame object, its manifest entry): a frame already stored is not written again.
        self._stored: dict[str, tuple[SourceFrame, StoredFrame]] = {}
        self.last_published: str | None = None
        self._published_snapshot: Snapshot | None = None

    def restore(self) -> int:
        """Take the last accepted frames from the current manifest; returns how many were restored."""
        manifest = self.repository.read_manifest()
        if manifest is None:
            return 0
        directory = self.store.source.prepare()
        frames: dict[str, SourceFrame] = {}
        signatures: dict[str, FileSignature] = {}
        for item in manifest.files:
            try:
                frame = self.repository.read_frame(item.blob)
            except (OSError, ValueError) as error:  # a damaged blob: that source is simply read anew
                log.warning("stored frame %s not restored: %s", item.blob, error)
                continue
            restored = SourceFrame(
                item.kind, directory / item.file, frame, date.fromisoformat(item.obtained_on), item.notes
            )
            frames[item.kind] = restored
            signatures[item.kind] = FileSignature(*item.signature)
            self._stored[item.kind] = (restored, item)
        self.store.adopt(frames, signatures)
        self.last_published = manifest.version
        log.info(
            "restored the last accepted data of %d sources from version %s", len(frames), manifest.version
        )
        return len(frames)

    def run_once(self, *, force: bool = False) -> IngestOutcome:
        """Refresh, and publish when the content changed. Never raises."""
        outcome = self.store.refresh(force=force)
        snapshot = self.store.current
        version: str | None = None
        published = False
        error = outcome.error
        try:
            if snapshot is not None and snapshot is self._published_snapshot:
                version = self.last_published  # nothing changed since it was published
            elif snapshot is not None:
                version, published = self._publish(snapshot)
                self._published_snapshot = snapshot
        except Exception as failure:  # a full disk or an unreachable store: try again next time
            log.exception("publishing failed")
            error = f"publishing failed: {failure}"
        self._heartbeat(error, version)
        return IngestOutcome(published, version, error)

    def _publish(self, snapshot: Snapshot) -> tuple[str, bool]:
        # Storing new frames (hashing raw files, writing Arrow) runs beside the serialising: both
        # spend most of their time outside the GIL.
        with ThreadPoolExecutor(max_workers=1) as pool:
            stored = pool.submit(self._stored_frames)
            serialised = serialise(snapshot)
            files = stored.result()
        current = self.repository.read_manifest()
        if current is not None and current.version == serialised.version and current.files == files:
            self.last_published = current.version
            return serialised.version, False
        # The same figures from files with new signatures: the manifest is renewed, the version is not.
        new_version = current is None or current.version != serialised.version
        started = time.perf_counter()
        self.repository.write_version(serialised)
        previous: tuple[str, ...] = ()
        if current is not None and current.version != serialised.version:
            previous = (current.version, *current.previous)[:KEEP_PREVIOUS_VERSIONS]
        elif current is not None:
            previous = current.previous
        problems = tuple(
            {"kind": kind, **status.problem.to_json()}
            for kind, status in sorted(snapshot.sources.items())
            if status.problem is not None
        )
        manifest = Manifest(
            version=serialised.version,
            published_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            files=files,
            problems=problems,
            previous=previous,
        )
        self.repository.write_manifest(manifest)
        self.repository.collect_garbage(manifest)
        self.last_published = serialised.version
        if new_version:
            log.info("published version %s in %.2f s", serialised.version, time.perf_counter() - started)
        return serialised.version, new_version

    def _stored_frames(self) -> tuple[StoredFrame, ...]:
        """The manifest entries of the frames in use, writing those not stored yet."""
        entries = []
        for kind, frame in sorted(self.store.frames.items()):
            known = self._stored.get(kind)
            if known is not None and known[0] is frame:
                entries.append(known[1])
                continue
            signature = self.store.signatures.get(kind)
            if signature is None:
                continue
            entry = StoredFrame(
                kind=kind,
                file=frame.path.name,
                size=signature.size,
                sha256=file_sha256(frame.path, signature),
                obtained_on=frame.obtained_on.isoformat(),
                notes=tuple(frame.notes),
                signature=(signature.size, signature.mtime_ns, signature.inode, signature.device),
                blob=self.repository.write_frame(kind, frame.frame),
            )
            self._stored[kind] = (frame, entry)
            entries.append(entry)
        return tuple(entries)

    def _heartbeat(self, error: str | None, version: str | None) -> None:
        store = self.store
        status = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "last_attempt": store.last_attempt.isoformat() if store.last_attempt else None,
            "last_success": store.last_success.isoformat() if store.last_success else None,
            "last_error": error,
            "refresh_seconds": store.refresh_seconds,
            "version": version,
            "risk_levels": {
                "file": str(store.risk_levels) if store.risk_levels else None,
                "regions": len(store.current.official_levels) if store.current else 0,
                "error": store.risk_levels_error,
            },
        }
        try:
            self.repository.write_ingest_status(status)
        except Exception:
            log.exception("the ingest's heartbeat could not be written")

    def run_forever(self, stop: threading.Event) -> None:
        """Restore, publish, then look for changed files every ``refresh_seconds`` until ``stop``."""
        self._heartbeat(None, None)  # at once: /healthz names this process before its first build
        self.restore()
        self.run_once()
        while not stop.wait(self.store.refresh_seconds):
            self.run_once()
