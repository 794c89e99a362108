"""The fair-use limit of the API: a token bucket per client address, in this process.

Each client may make ``per_minute`` requests in a burst, and gets one more every ``60 / per_minute``
seconds. The buckets live in the worker's memory: with several gunicorn workers each keeps its own, so
a client whose requests are spread over N workers may make up to N times the limit before every worker
refuses it (the documentation says so). Memory is bounded: the least recently seen clients are
forgotten first (a forgotten client starts again with a full bucket, which only ever favours it).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CLIENTS = 50_000


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    remaining: int
    retry_after: int  # whole seconds until one more request is allowed (0 when allowed)


class FairUse:
    def __init__(
        self,
        per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("a limit needs at least one request per minute")
        self.per_minute = per_minute
        self._rate = per_minute / 60.0  # tokens per second
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, client: str) -> Verdict:
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.pop(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * self._rate)
            if tokens >= 1.0:
                tokens -= 1.0
                verdict = Verdict(True, int(tokens), 0)
            else:
                verdict = Verdict(False, 0, max(1, math.ceil((1.0 - tokens) / self._rate)))
            self._buckets[client] = (tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        return verdict

    def __len__(self) -> int:
        return len(self._buckets)
