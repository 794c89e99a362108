"""Where published snapshots live: a local folder or an object store, through fsspec.

Layout under the root::

    manifest.json              names the current version (the one thing a web worker polls)
    ingest.json                the ingest's heartbeat: last attempt, last error (for /healthz)
    versions/<id>/...          immutable published versions (see ``dashapp.data.published``)
    versions/<id>/addenda/<a>/ the files that follow a version (its addendum), renamed in whole
    renders/<version>-…bin     pages rendered once for every worker (``dashapp.callbacks.shared_renders``)
    frames/<kind>-<hash>/<file> the raw file each source's last accepted data came from (its
                               content hash in the folder's name), so that a refused source keeps
                               its data through any restart of the ingest

A version is written in full under a temporary name and then renamed into place; the manifest
is written last (a temporary file renamed over it on a local disk, one PUT on an object store),
so a reader never sees a half-written version. An addendum is written the same way inside its
version's folder, and the manifest is written again to name it: until then it names none.

On an object store a worker copies each version it serves into a local cache folder once, and
memory-maps it there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import fsspec
import pyarrow as pa
from fsspec.implementations.local import LocalFileSystem

from dashapp.data.loader import FileSignature
from dashapp.data.published import ADDENDA_DIR, FILES, SerialisedAddendum, SerialisedSnapshot

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
INGEST_STATUS = "ingest.json"
VERSIONS = "versions"
FRAMES = "frames"
RENDERS = "renders"


@dataclass(frozen=True)
class StoredFrame:
    """One source's last accepted data: the raw file it came from, and where a copy of it lies."""

    kind: str
    file: str
    size: int
    sha256: str | None
    obtained_on: str
    notes: tuple[str, ...]
    # The raw file's signature when it was read (size, mtime_ns, inode, device): an unchanged file
    # is not read again, also by an ingest that has just started.
    signature: tuple[int, int, int, int]
    blob: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StoredFrame:
        """The entry as the manifest holds it; its JSON arrays become the tuples they were."""
        named = {item.name: data[item.name] for item in fields(cls)}
        return cls(**{**named, "notes": tuple(data["notes"]), "signature": tuple(data["signature"])})


@dataclass(frozen=True)
class Manifest:
    version: str
    published_at: str
    files: tuple[StoredFrame, ...] = ()
    problems: tuple[Mapping[str, object], ...] = ()
    # The versions published before this one, newest first (kept on disk for lagging readers).
    previous: tuple[str, ...] = field(default=())
    # The version's addendum (``dashapp.data.published``) once it is complete; None until then.
    addendum: Addendum | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "version": self.version,
            "published_at": self.published_at,
            "path": f"{VERSIONS}/{self.version}",
            "files": [asdict(item) for item in self.files],
            "problems": list(self.problems),
            "previous": list(self.previous),
            "addendum": None
            if self.addendum is None
            else {
                **asdict(self.addendum),
                "path": f"{VERSIONS}/{self.version}/{ADDENDA_DIR}/{self.addendum.id}",
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Manifest:
        addendum = data.get("addendum")
        return cls(
            version=data["version"],
            published_at=data["published_at"],
            files=tuple(StoredFrame.from_json(item) for item in data.get("files", ())),
            problems=tuple(data.get("problems", ())),
            previous=tuple(data.get("previous", ())),
            addendum=None
            if not addendum
            else Addendum(addendum["id"], tuple(addendum["groups"]), addendum["published_at"]),
        )


@dataclass(frozen=True)
class Addendum:
    """The files published after a version's snapshot: their id, groups and publication time."""

    id: str
    groups: tuple[str, ...]
    published_at: str


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"dashapp-snapshots-{os.getuid()}"


class SnapshotRepository:
    def __init__(self, url: str | Path, cache_dir: Path | None = None):
        self.url = str(url)
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        self.root = self.root.rstrip("/")
        self.local = isinstance(self.fs, LocalFileSystem)
        self.cache_dir = cache_dir or default_cache_dir()

    def _path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    # The manifest: what web workers poll.

    def manifest_stamp(self) -> tuple[object, ...] | None:
        """What changes whenever the manifest is replaced (a stat, not a read); None: no manifest."""
        path = self._path(MANIFEST)
        if self.local:
            try:
                info = os.stat(path)
            except FileNotFoundError:
                return None
            return (info.st_ino, info.st_mtime_ns, info.st_size)
        self.fs.invalidate_cache(path)
        try:
            info = self.fs.info(path)
        except FileNotFoundError:
            return None
        keys = ("ETag", "etag", "LastModified", "mtime", "created", "size", "generation", "md5Hash")
        return tuple(str(info.get(key)) for key in keys)

    def read_manifest(self) -> Manifest | None:
        data = self._read_json(MANIFEST)
        return Manifest.from_json(data) if data is not None else None

    def write_manifest(self, manifest: Manifest) -> None:
        self._write_atomically(MANIFEST, _json(manifest.to_json()))

    # The ingest's heartbeat.

    def read_ingest_status(self) -> dict[str, object] | None:
        return self._read_json(INGEST_STATUS)

    def write_ingest_status(self, status: Mapping[str, object]) -> None:
        self._write_atomically(INGEST_STATUS, _json(status))

    # Versions.

    def has_version(self, version: str) -> bool:
        return self.fs.exists(self._path(VERSIONS, version, FILES[-1]))

    def write_version(self, serialised: SerialisedSnapshot) -> None:
        """Write every file under a temporary name, then rename the folder into place."""
        if self.has_version(serialised.version):
            return
        final = self._path(VERSIONS, serialised.version)
        scratch = self._path(VERSIONS, f".writing-{serialised.version}-{uuid.uuid4().hex[:8]}")
        self.fs.makedirs(scratch, exist_ok=True)
        self._write_then_rename(serialised.files, scratch, final)

    def write_addendum(self, version: str, addendum: SerialisedAddendum) -> None:
        """Add ``addendum`` to the folder of ``version``: written under a temporary name, then
        renamed into ``addenda/<id>`` (no file of the version is touched; the same id is not
        written twice)."""
        final = self._path(VERSIONS, version, ADDENDA_DIR, addendum.id)
        if self.fs.exists(final):
            return
        if not self.has_version(version):
            raise FileNotFoundError(f"version {version} is not published: no addendum can follow it")
        folder = self._path(VERSIONS, version)
        for entry in self.fs.ls(folder, detail=False):  # a copy left by an ingest that stopped
            if entry.rstrip("/").rsplit("/", 1)[-1].startswith(".addendum-"):
                self.fs.rm(entry, recursive=True)
        scratch = f"{folder}/.addendum-{addendum.id}-{uuid.uuid4().hex[:8]}"
        self.fs.makedirs(self._path(VERSIONS, version, ADDENDA_DIR), exist_ok=True)
        self._write_then_rename(addendum.files, scratch, final)

    def _write_then_rename(self, files: Mapping[str, bytes | pa.Buffer], scratch: str, final: str) -> None:
        """Write ``files`` (names may hold folders) under the folder ``scratch``, then rename it to
        ``final`` in one step; nothing of ``scratch`` is left when anything fails."""
        try:
            for name, data in files.items():
                if "/" in name:
                    self.fs.makedirs(f"{scratch}/{name.rsplit('/', 1)[0]}", exist_ok=True)
                self.fs.pipe_file(f"{scratch}/{name}", data)
            if self.local:
                os.replace(scratch, final)
            else:
                self.fs.mv(scratch, final, recursive=True)
        finally:
            if self.fs.exists(scratch):
                self.fs.rm(scratch, recursive=True)

    def local_addendum(self, version: str, addendum: str) -> Path:
        """A local folder holding the addendum ``addendum`` of ``version`` (copied from an object
        store once)."""
        if self.local:
            return Path(self._path(VERSIONS, version, ADDENDA_DIR, addendum))
        target = self.cache_dir / version / ADDENDA_DIR / addendum
        if target.is_dir():
            return target
        self._copy_folder(self._path(VERSIONS, version, ADDENDA_DIR, addendum), target)
        return target

    def _copy_folder(self, folder: str, target: Path, skip: tuple[str, ...] = ()) -> None:
        """The files under ``folder`` of the store into the local ``target``, renamed in whole;
        paths inside it that start with one of ``skip`` are left out."""
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".copying-{target.name}-", dir=target.parent))
        try:
            for path in self.fs.find(folder):
                name = path[len(folder) :].lstrip("/")
                if name.startswith(skip):
                    continue
                (scratch / name).parent.mkdir(parents=True, exist_ok=True)
                self.fs.get_file(path, str(scratch / name))
            with contextlib.suppress(OSError):  # another worker of this host was quicker
                os.replace(scratch, target)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def local_version(self, version: str) -> Path:
        """A local folder holding ``version``, to memory-map; copied from an object store once."""
        if self.local:
            return Path(self._path(VERSIONS, version))
        target = self.cache_dir / version
        if (target / FILES[-1]).is_file():
            return target
        # Not the addenda: one may be arriving meanwhile; each is copied once named (``local_addendum``).
        self._copy_folder(self._path(VERSIONS, version), target, skip=(f"{ADDENDA_DIR}/", "."))
        return target

    # The last accepted frames of the sources.

    def store_accepted_file(self, kind: str, path: Path, signature: FileSignature) -> tuple[str, str] | None:
        """Keep a copy of the raw file ``kind`` was read from, if it is still that very file:
        returns (its blob, its SHA-256), or None when the file changed since it was read.

        One pass reads, hashes and copies: the file is copied as it was accepted, never parsed
        again or re-serialised (copying and hashing run outside the GIL, beside the build)."""
        try:
            with path.open("rb") as source:
                if FileSignature.of(os.fstat(source.fileno())) != signature:
                    return None
                scratch = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept by name)
                    dir=self._scratch_dir(), prefix=f".{kind}-", delete=False
                )
                try:
                    digest = hashlib.sha256()
                    with scratch:
                        for block in iter(lambda: source.read(1 << 20), b""):
                            digest.update(block)
                            scratch.write(block)
                    sha256 = digest.hexdigest()
                    blob = f"{FRAMES}/{kind}-{sha256[:16]}/{path.name}"
                    self._keep(scratch.name, blob)
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(scratch.name)
        except OSError as error:
            log.warning("the accepted file of %s could not be kept: %s", kind, error)
            return None
        return blob, sha256

    def accepted_file(self, blob: str) -> Path:
        """A local path of a kept raw file (copied from an object store into the cache once)."""
        if self.local:
            return Path(self._path(blob))
        target = self.cache_dir / blob
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
            self.fs.get_file(self._path(blob), str(scratch))
            os.replace(scratch, target)
        return target

    def _scratch_dir(self) -> str:
        folder = self._path(FRAMES) if self.local else str(self.cache_dir)
        os.makedirs(folder, exist_ok=True)
        return folder

    def _keep(self, scratch: str, blob: str) -> None:
        """Move a finished copy to ``blob`` unless an identical one is there already. Not synced to
        disk: a copy lost in a crash fails to read, and that source is read anew from its file."""
        if self.fs.exists(self._path(blob)):
            return
        if self.local:
            os.makedirs(Path(self._path(blob)).parent, exist_ok=True)
            os.replace(scratch, self._path(blob))
        else:
            self.fs.put_file(scratch, self._path(blob))

    # Housekeeping.

    # Pages rendered once for every worker: a cache beside the versions, never part of one.

    def has_renders(self, name: str) -> bool:
        return self.fs.exists(self._path(RENDERS, name))

    def write_renders(self, name: str, data: bytes) -> None:
        self._write_atomically(f"{RENDERS}/{name}", data, durable=False)

    def local_renders(self, name: str) -> Path | None:
        """A local path of a renders file (copied from an object store once), or None if absent."""
        if self.local:
            path = Path(self._path(RENDERS, name))
            return path if path.is_file() else None
        target = self.cache_dir / RENDERS / name
        if target.is_file():
            return target
        if not self.has_renders(name):
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        scratch = target.with_name(f".{name}.{uuid.uuid4().hex[:8]}")
        self.fs.get_file(self._path(RENDERS, name), str(scratch))
        os.replace(scratch, target)
        return target

    def collect_garbage(self, manifest: Manifest) -> None:
        """Remove versions the manifest no longer names, frames it does not use, and renders of
        versions it no longer names."""
        keep_versions = {manifest.version, *manifest.previous}
        try:
            renders = self.fs.ls(self._path(RENDERS), detail=False)
        except FileNotFoundError:
            renders = []
        for entry in renders:
            name = entry.rstrip("/").rsplit("/", 1)[-1]
            if not name.startswith(".") and name.split("-", 1)[0] not in keep_versions:
                self.fs.rm(entry)
        # A kept file lies in a folder of its own: frames/<kind>-<hash>/<file>.
        keep_blobs = {"/".join(item.blob.split("/")[:2]) for item in manifest.files}
        for folder, keep in ((VERSIONS, keep_versions), (FRAMES, keep_blobs)):
            try:
                entries = self.fs.ls(self._path(folder), detail=False)
            except FileNotFoundError:
                continue
            for entry in entries:
                name = entry.rstrip("/").rsplit("/", 1)[-1]
                if name.startswith("."):
                    continue
                if (name if folder == VERSIONS else f"{FRAMES}/{name}") not in keep:
                    self.fs.rm(entry, recursive=True)

    def prune_cache(self, keep: Sequence[str]) -> None:
        """Remove cached copies of versions other than ``keep`` (object stores only)."""
        if self.local or not self.cache_dir.is_dir():
            return
        for entry in self.cache_dir.iterdir():
            if entry.name not in keep and not entry.name.startswith("."):
                shutil.rmtree(entry, ignore_errors=True)

    def _read_json(self, name: str) -> dict[str, object] | None:
        try:
            with self.fs.open(self._path(name), "rb") as handle:
                return json.loads(handle.read())
        except FileNotFoundError:
            return None

    def _write_atomically(self, name: str, data: bytes, *, durable: bool = True) -> None:
        path = self._path(name)
        parent = path.rsplit("/", 1)[0]
        self.fs.makedirs(parent, exist_ok=True)
        if not self.local:
            self.fs.pipe_file(path, data)  # one PUT: readers see the old object or the new one
            return
        scratch = f"{parent}/.{path.rsplit('/', 1)[1]}.{uuid.uuid4().hex[:8]}"
        with open(scratch, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(scratch, path)


def _json(data: object) -> bytes:
    return json.dumps(data, indent=1, sort_keys=True, default=_plain).encode()


def _plain(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")
