"""Files derived from a snapshot once, not per request: the week's crossings, the bulk downloads.

Each group is made by one producer, ``(snapshot) -> {file name: bytes}``, named in ``PRODUCERS``
as ``module:function`` (imported when first needed, so that the data layer does not import the
features built on it). ``files_of`` gives a snapshot's files of a group: the ones the ingest
published beside the snapshot when it has them, else made once per snapshot in this process.

The groups in ``DEFERRED`` follow the snapshot: the ingest publishes the snapshot first (what the
pages draw, servable at once) and these groups after it, as the version's addendum
(``dashapp.data.published``). Until a worker sees the addendum, ``files_of`` makes such a group
itself, as for any group the ingest could not make.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Mapping
from types import MappingProxyType

from dashapp.data.snapshot import Snapshot

Producer = Callable[[Snapshot], Mapping[str, bytes]]

PRODUCERS: Mapping[str, str] = MappingProxyType(
    {
        "crossings": "dashapp.insights.crossings:crossings_files",
        "bulk": "dashapp.api.bulk:bulk_files",
    }
)

# Files that are downloaded, not drawn on a page, and took a third or more of a cold publish when
# they were made before it (the bulk files: 0.6 s of 1.9 s at 1,000 demo days, 1.4 s of 3.3 s at 2,000).
DEFERRED: frozenset[str] = frozenset({"bulk"})


def with_snapshot() -> tuple[str, ...]:
    """The groups published together with the snapshot (part of its version's content)."""
    return tuple(group for group in PRODUCERS if group not in DEFERRED)


def deferred() -> tuple[str, ...]:
    """The groups published after the snapshot, as its version's addendum."""
    return tuple(group for group in PRODUCERS if group in DEFERRED)


_lock = threading.Lock()
# (snapshot version, group) -> files; only the newest snapshot's files are kept.
_made: dict[tuple[str, str], Mapping[str, bytes]] = {}


def producer_of(group: str) -> Producer:
    module_name, _, function_name = PRODUCERS[group].partition(":")
    function: Producer = getattr(importlib.import_module(module_name), function_name)
    return function


def make_files(snapshot: Snapshot, group: str) -> Mapping[str, bytes]:
    return MappingProxyType(dict(producer_of(group)(snapshot)))


def files_of(snapshot: Snapshot, group: str) -> Mapping[str, bytes]:
    published = snapshot.artefacts.get(group) if snapshot.artefacts else None
    if published is not None:
        return published
    key = (snapshot.version, group)
    with _lock:
        files = _made.get(key)
    if files is not None:
        return files
    files = make_files(snapshot, group)
    with _lock:
        for stale in [k for k in _made if k[0] != snapshot.version]:
            del _made[stale]
        _made[key] = files
    return files
