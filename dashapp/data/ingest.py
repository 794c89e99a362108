"""The ingest: read the sources, build the snapshot and publish it, once per deployment.

``Ingest.run_once`` refreshes a ``DataStore`` (which reads only changed files and keeps the last
accepted frame of a refused source), publishes the snapshot when its content changed, stores the
frames it came from beside it, and writes a heartbeat that ``/healthz`` reports. Then it adds the
version's addendum (the derived files that follow the snapshot, ``artefacts.DEFERRED``) and names it
in the manifest: the snapshot is served meanwhile. An ingest that stopped between the two adds the
addendum at its next run, as it does for a version whose addendum a new release derives otherwise.
``Ingest.restore`` starts a new run of the ingest from the frames of the current manifest, so that
no restart loses the last good data of a source whose file is broken at that moment.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from dashapp.data import artefacts
from dashapp.data.errors import SourceError
from dashapp.data.loader import FileSignature, read_checked, read_context
from dashapp.data.published import serialise, serialise_addendum
from dashapp.data.repository import Addendum, Manifest, SnapshotRepository, StoredFrame
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


def derived_files(snapshot: Snapshot, groups: Iterable[str] | None = None) -> dict[str, Mapping[str, bytes]]:
    """The derived files of ``groups`` (by default every group); a group whose producer fails is
    left to the workers, which make it themselves (``dashapp.data.artefacts.files_of``)."""
    made: dict[str, Mapping[str, bytes]] = {}
    for group in artefacts.PRODUCERS if groups is None else groups:
        try:
            made[group] = artefacts.make_files(snapshot, group)
        except Exception:
            log.exception("the derived files %r were not made at publish time", group)
    return made


class Ingest:
    def __init__(
        self,
        store: DataStore,
        repository: SnapshotRepository,
        after_run: Callable[[str], object] | None = None,
    ):
        self.store = store
        self.repository = repository
        # Called with the current version after each run (the renders: ``dashapp.callbacks.prerender``).
        self.after_run = after_run
        # Kind -> (the frame object, its manifest entry): a frame already stored is not written again.
        self._stored: dict[str, tuple[SourceFrame, StoredFrame]] = {}
        self.last_published: str | None = None
        self._published_snapshot: Snapshot | None = None
        self._keeper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-files")
        self._keeping: Future[tuple[StoredFrame, ...]] = self._keeper.submit(tuple)
        # The snapshot published last and its version, while its addendum is still to be added.
        self._addendum_due: tuple[Snapshot, str] | None = None
        store.on_files_loaded(self._files_loaded)

    def restore(self) -> int:
        """Take the last accepted data from the current manifest (its sources' kept raw files, read
        again by their readers); returns how many sources were restored."""
        manifest = self.repository.read_manifest()
        if manifest is None:
            return 0
        directory = self.store.source.prepare()
        specs = {spec.kind: spec for spec in self.store.specs}
        context = read_context(self.store.reference, self.store.today())
        frames: dict[str, SourceFrame] = {}
        signatures: dict[str, FileSignature] = {}
        for item in manifest.files:
            spec = specs.get(item.kind)
            if spec is None:
                continue
            try:
                kept = self.repository.accepted_file(item.blob)
                frame, _ = read_checked(spec, kept, context, kept.parent)
            except (OSError, SourceError) as error:  # a lost or damaged copy: the source is read anew
                log.warning("the kept file %s was not restored: %s", item.blob, error)
                continue
            restored = replace(frame, path=directory / item.file)
            frames[item.kind] = restored
            signatures[item.kind] = FileSignature(*item.signature)
            self._stored[item.kind] = (restored, item)
        self.store.adopt(frames, signatures)
        self.last_published = manifest.version
        log.info(
            "restored the last accepted data of %d sources from version %s", len(frames), manifest.version
        )
        return len(frames)

    def _files_loaded(
        self, frames: Mapping[str, SourceFrame], signatures: Mapping[str, FileSignature]
    ) -> None:
        """Start keeping the new files while the store builds the snapshot."""
        self._keeping = self._keeper.submit(self._keep_files, dict(frames), dict(signatures))

    def run_once(self, *, force: bool = False) -> IngestOutcome:
        """Refresh, publish when the content changed, then add the version's addendum. Never raises."""
        outcome = self.publish_snapshot(force=force)
        self.complete_addendum()
        return outcome

    def publish_snapshot(self, *, force: bool = False) -> IngestOutcome:
        """Refresh, and publish the snapshot when its content changed (its addendum is left to
        ``complete_addendum``). Never raises."""
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
        if version is not None and self.after_run is not None:
            self.after_run(version)
        return IngestOutcome(published, version, error)

    def _publish(self, snapshot: Snapshot) -> tuple[str, bool]:
        serialised = serialise(snapshot, derived_files(snapshot, artefacts.with_snapshot()))
        started = time.perf_counter()
        # Written while the raw files may still be being kept (not named until the manifest is).
        self.repository.write_version(serialised)
        files = self._keeping.result()
        current = self.repository.read_manifest()
        # Also for a version published before: its addendum may be missing (an ingest stopped in
        # between) or derived otherwise by this release.
        self._addendum_due = (snapshot, serialised.version)
        if current is not None and current.version == serialised.version and current.files == files:
            self.last_published = current.version
            return serialised.version, False
        # The same figures from files with new signatures: the manifest is renewed, the version is not.
        new_version = current is None or current.version != serialised.version
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
            # The same version under renewed file entries keeps the addendum it has.
            addendum=current.addendum if current is not None and not new_version else None,
        )
        self.repository.write_manifest(manifest)
        self.repository.collect_garbage(manifest)
        self.last_published = serialised.version
        if new_version:
            log.info("published version %s in %.2f s", serialised.version, time.perf_counter() - started)
        return serialised.version, new_version

    def complete_addendum(self) -> str | None:
        """Make the addendum of the version published last and name it in the manifest, unless the
        manifest names it already; returns its id (None: nothing due, or no group could be made).
        Never raises: a failure is retried at the next run."""
        due = self._addendum_due
        if due is None:
            return None
        snapshot, version = due
        try:
            made = derived_files(snapshot, artefacts.deferred())
            if not made:  # no deferred group, or none could be made: the workers make them
                self._addendum_due = None
                return None
            addendum = serialise_addendum(made)
            current = self.repository.read_manifest()
            if current is None or current.version != version:
                self._addendum_due = None  # another version was published meanwhile
                return None
            if current.addendum is not None and current.addendum.id == addendum.id:
                self._addendum_due = None
                return addendum.id
            started = time.perf_counter()
            self.repository.write_addendum(version, addendum)
            published_at = datetime.now(UTC).isoformat(timespec="milliseconds")
            named = Addendum(addendum.id, addendum.groups, published_at)
            self.repository.write_manifest(replace(current, addendum=named))
        except Exception:  # a full disk or an unreachable store: the next run tries again
            log.exception("the addendum of version %s was not published", version)
            return None
        self._addendum_due = None
        log.info(
            "added %s to version %s in %.2f s",
            ", ".join(addendum.groups),
            version,
            time.perf_counter() - started,
        )
        return addendum.id

    def _keep_files(
        self, frames: Mapping[str, SourceFrame], signatures: Mapping[str, FileSignature]
    ) -> tuple[StoredFrame, ...]:
        """The manifest entries of the frames in use, keeping a copy of the files not kept yet."""
        entries = []
        for kind, frame in sorted(frames.items()):
            known = self._stored.get(kind)
            if known is not None and known[0] is frame:
                entries.append(known[1])
                continue
            signature = signatures.get(kind)
            kept = (
                None
                if signature is None
                else self.repository.store_accepted_file(kind, frame.path, signature)
            )
            if signature is None or kept is None:
                continue  # changed since it was read: it is read again at the next refresh
            blob, sha256 = kept
            entry = StoredFrame(
                kind=kind,
                file=frame.path.name,
                size=signature.size,
                sha256=sha256,
                obtained_on=frame.obtained_on.isoformat(),
                notes=tuple(frame.notes),
                signature=(signature.size, signature.mtime_ns, signature.inode, signature.device),
                blob=blob,
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
