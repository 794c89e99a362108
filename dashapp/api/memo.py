"""Answers that depend only on the snapshot (the catalogue, the areas, a level's latest values, each
table's dates as text), worked out once per snapshot and process and kept until the next snapshot."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

from dashapp.data.snapshot import Snapshot

T = TypeVar("T")

_lock = threading.Lock()
_version: str | None = None
_kept: dict[Hashable, object] = {}


def once_per_snapshot(snapshot: Snapshot, key: Hashable, make: Callable[[], T]) -> T:
    """``make()`` the first time ``key`` is asked of this snapshot; a newer snapshot forgets the
    older one's answers. Two threads may both make one answer: the result is the same."""
    global _version
    with _lock:
        if _version != snapshot.version:
            _kept.clear()
            _version = snapshot.version
        found = _kept.get(key, _kept)
    if found is not _kept:
        return found  # type: ignore[return-value]
    made = make()
    with _lock:
        if _version == snapshot.version:
            _kept[key] = made
    return made
