"""What every worker would render ahead after a new version, rendered once by the ingest and shared.

After publishing a version the ingest renders, in both languages, the national page, every area's
part, the default view of every chart of every area and the server HTML of every page, and writes
them to one file beside the version: ``renders/<version>-<release>-<day>.bin``. Each web worker maps
that file and looks a part up there before it renders one itself, so a host pays the rendering once
(not once per worker) and its workers share the pages of the file instead of holding copies.

The file is a cache, not part of the published version: a worker that finds none for its version,
its code's release and its day (the ingest is still rendering, or runs another release) renders on
demand as before. The day is part of the name because lateness notes change with the date.

Layout of the file: ``MAGIC``, the number of entries (8 bytes, little-endian), the index (one
record per entry, sorted by the key's 64-bit hash: hash, offset, key length, text length) and the
entries, each its key text (UTF-8) and its zlib-compressed text. A worker reads the index straight
from the mapped pages (a binary search), so it neither parses it nor holds a copy of its own: the
workers of a host share it with the rest of the file.
"""

from __future__ import annotations

import hashlib
import logging
import mmap
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from pathlib import Path

import numpy as np

from dashapp.callbacks.render_cache import RenderCache
from dashapp.layouts.map_view import MapView

log = logging.getLogger(__name__)

MAGIC = b"dashapp-renders-2\n"
INDEX = np.dtype([("hash", "<u8"), ("offset", "<u8"), ("key_length", "<u8"), ("length", "<u8")])
FOLDER = "renders"
PROJECT_DIR = Path(__file__).resolve().parents[2]
# How often a worker looks again for a file that was not there yet (the ingest renders for a while).
RETRY_SECONDS = 5.0


def key_text(cache: str, key: Hashable) -> str:
    """A cache entry's key as text: the same in every process (keys are tuples of text and dates)."""
    return f"{cache}|{key!r}"


def file_name(version: str, release: str, day: date) -> str:
    return f"{version}-{release}-{day.isoformat()}.bin"


def render_release(map_view: MapView | None, root: Path = PROJECT_DIR) -> str:
    """A hash of what renders depend on besides the data and the day: the app's code, texts and
    translations by content (the same on every host that runs the same release), and the map's
    boundary file."""
    source = map_view.geometry.source if map_view is not None else None
    borders = hashlib.sha1(source.read_bytes()).hexdigest() if source is not None and source.is_file() else ""
    return content_release(root, borders)


def content_release(root: Path = PROJECT_DIR, extra: str = "") -> str:
    """A hash of the app's code, texts and translations, by content, and ``extra``."""
    digest = hashlib.sha1(extra.encode())
    files = [
        *(root / "dashapp").rglob("*.py"),
        *(root / "dashapp" / "content").rglob("*.md"),
        *(root / "translations").rglob("*.po"),
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


def pack(entries: Mapping[str, bytes]) -> bytes:
    """The file's bytes for compressed texts by key text."""
    keys = sorted(entries, key=lambda key: (key_hash(key), key))
    index = np.zeros(len(keys), dtype=INDEX)
    chunks: list[bytes] = []
    offset = 0
    for row, key in enumerate(keys):
        encoded, packed = key.encode(), entries[key]
        index[row] = (key_hash(key), offset, len(encoded), len(packed))
        chunks += [encoded, packed]
        offset += len(encoded) + len(packed)
    return b"".join([MAGIC, len(keys).to_bytes(8, "little"), index.tobytes(), *chunks])


class SharedRenders:
    """One renders file, memory-mapped: compressed texts by key text."""

    def __init__(self, path: Path):
        with path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        start = len(MAGIC) + 8
        if len(self._map) < start or self._map[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path.name}: not a renders file")
        count = int.from_bytes(self._map[len(MAGIC) : start], "little")
        self._base = start + count * INDEX.itemsize
        if self._base > len(self._map):
            raise ValueError(f"{path.name}: damaged index")
        self._index = np.frombuffer(self._map, dtype=INDEX, count=count, offset=start)
        self._hashes = self._index["hash"]
        if not self._index_fits(len(self._map) - self._base):
            raise ValueError(f"{path.name}: damaged index")

    def _index_fits(self, data_size: int) -> bool:
        """Every entry lies inside the file and the hashes are sorted (a cut or garbled file is
        refused at opening, never half-read while answering)."""
        fields = [self._index[name] for name in ("offset", "key_length", "length")]
        if any(bool(np.any(field > data_size)) for field in fields):
            return False  # checked first, so that the sum below cannot overflow
        ends = fields[0] + fields[1] + fields[2]
        return not bool(np.any(ends > data_size)) and not bool(np.any(self._hashes[1:] < self._hashes[:-1]))

    def get(self, key: str) -> bytes | None:
        wanted = key_hash(key)
        encoded = key.encode()
        row = int(np.searchsorted(self._hashes, wanted))
        while row < len(self._index) and int(self._hashes[row]) == wanted:
            _hash, offset, key_length, length = (int(field) for field in self._index[row])
            start = self._base + offset
            if self._map[start : start + key_length] == encoded:
                return self._map[start + key_length : start + key_length + length]
            row += 1
        return None

    def key_texts(self) -> list[str]:
        """Every key text in the file (for checks and tests; a worker never lists them)."""
        return [
            self._map[self._base + int(offset) : self._base + int(offset) + int(length)].decode()
            for offset, length in zip(self._index["offset"], self._index["key_length"], strict=True)
        ]

    def __len__(self) -> int:
        return len(self._index)


class SharedRendersLookup:
    """For a worker: the renders file of the version it serves, if the ingest has written it."""

    def __init__(self, locate: Callable[[str], Path | None], release: str, today: Callable[[], date]):
        self._locate = locate  # file name -> a local path, or None when it is not there (yet)
        self.release = release
        self._today = today
        self._lock = threading.Lock()
        self._open: tuple[str, SharedRenders | None, float] | None = None  # (name, file, when looked)

    def get(self, version: Hashable, cache: str, key: Hashable) -> bytes | None:
        if not isinstance(version, str):
            return None
        renders = self._renders(file_name(version, self.release, self._today()))
        return renders.get(key_text(cache, key)) if renders is not None else None

    def _renders(self, name: str) -> SharedRenders | None:
        with self._lock:
            opened = self._open
            if opened is not None and opened[0] == name:
                found, looked = opened[1], opened[2]
                if found is not None or time.monotonic() - looked < RETRY_SECONDS:
                    return found
            renders: SharedRenders | None = None
            try:
                path = self._locate(name)
                renders = SharedRenders(path) if path is not None else None
            except (OSError, ValueError) as error:
                log.warning("renders file %s not used: %s", name, error)
            self._open = (name, renders, time.monotonic())
            return renders


def collect(caches: Iterable[tuple[str, RenderCache]]) -> dict[str, bytes]:
    """Every entry of the given caches, by key text."""
    return {key_text(name, key): packed for name, cache in caches for key, packed in cache.entries_packed()}
