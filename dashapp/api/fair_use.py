"""The fair-use limit of the API: a token bucket per client address, shared by every worker of a host.

Each client may make ``per_minute`` requests in a burst, and gets one more every ``60 / per_minute``
seconds. The buckets live in a small table of shared memory (a memory map of an unlinked temporary
file) that the process creating the limit makes: under gunicorn that is the master, which imports the
app once (``preload_app``) and forks the workers, so all of them read and write the same buckets and
a client gets the limit once per host, not once per worker (a server that imported the app in each
worker instead would give each worker a table of its own). A record lock on the file (``fcntl``)
lets one process at a time change the table; the kernel releases it when its holder dies, so a worker
killed mid-request cannot leave the others waiting. Within a process a thread lock comes first (a
record lock does not exclude the threads of its own process).

The table has a fixed number of slots (``max_clients``): a client is kept in one of ``WINDOW`` slots
chosen by a hash of its address, and a new client takes the least recently seen of them. Memory is
therefore bounded; a forgotten client starts again with a full bucket, which only ever favours it.
Cost: one lock, one read of the window and one write, a few microseconds.
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import struct
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 50_000
WINDOW = 16  # the slots a client may occupy, next to each other
# A slot: client key (a 64-bit hash of its address; 0 = empty), tokens, when they were counted, and the
# table's count of requests when the client was last seen (for "least recently seen").
SLOT = struct.Struct("<QddQ")
HEADER = struct.Struct("<Q")  # the table's count of requests
HEADER_SIZE = 16


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: int  # whole seconds until one more request is allowed (0 when allowed)


def client_key(client: str) -> int:
    """A stable 64-bit key of an address (the same in every process, unlike ``hash``); never 0."""
    key = int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "little")
    return key or 1


class FairUse:
    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a limit needs at least one request per minute")
        if max_clients <= 0:
            raise ValueError("the table needs at least one slot")
        self.per_minute = per_minute
        self._rate = per_minute / 60.0  # tokens per second
        # CLOCK_MONOTONIC is one clock for every process of the machine.
        self._clock = clock
        self._slots = max_clients
        self._window = min(WINDOW, max_clients)
        self._window_format = struct.Struct("<" + "QddQ" * self._window)
        size = HEADER_SIZE + SLOT.size * max_clients
        # Unlinked at once: nothing is left behind, and only this process and its children reach it.
        self._file = tempfile.TemporaryFile(prefix="dashapp-fair-use-")  # noqa: SIM115 (lives with the limit)
        self._file.truncate(size)
        self._table = mmap.mmap(self._file.fileno(), size, mmap.MAP_SHARED)
        self._threads = threading.Lock()

    def take(self, client: str) -> Verdict:
        key = client_key(client)
        start = key % (self._slots - self._window + 1)
        with self._threads:
            fcntl.lockf(self._file, fcntl.LOCK_EX)
            try:
                return self._take(key, start)
            finally:
                fcntl.lockf(self._file, fcntl.LOCK_UN)

    def _take(self, key: int, start: int) -> Verdict:
        table = self._table
        (count,) = HEADER.unpack_from(table, 0)
        count += 1
        HEADER.pack_into(table, 0, count)
        window = self._window_format.unpack_from(table, HEADER_SIZE + start * SLOT.size)
        now = self._clock()
        keys = window[0::4]
        if key in keys:
            place = keys.index(key)
            tokens, at = window[4 * place + 1], window[4 * place + 2]
        else:  # a new client takes the least recently seen slot (an empty one was never seen)
            seen = window[3::4]
            place = seen.index(min(seen))
            tokens, at = float(self.per_minute), now
        tokens = min(float(self.per_minute), tokens + max(0.0, now - at) * self._rate)
        if tokens >= 1.0:
            tokens -= 1.0
            verdict = Verdict(True, int(tokens), 0)
        else:
            verdict = Verdict(False, 0, max(1, math.ceil((1.0 - tokens) / self._rate)))
        SLOT.pack_into(table, HEADER_SIZE + (start + place) * SLOT.size, key, tokens, now, count)
        return verdict

    def __len__(self) -> int:
        """How many clients the table remembers."""
        body = memoryview(self._table)[HEADER_SIZE:]
        try:
            return sum(1 for key, *_rest in SLOT.iter_unpack(body) if key)
        finally:
            body.release()
