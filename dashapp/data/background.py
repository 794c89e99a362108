"""A loop in a daemon thread of this process that can be told to stop: a store's refresh or poll."""

from __future__ import annotations

import threading
from collections.abc import Callable


class BackgroundLoop:
    """Runs ``body(stopping)`` in a thread named ``name``; ``body`` waits on the event between rounds."""

    def __init__(self, name: str, body: Callable[[threading.Event], None]):
        self.name = name
        self.body = body
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread unless it runs already (a worker may ask twice: its hook and a request)."""
        if self.running:
            return
        self.stopping.clear()
        self._thread = threading.Thread(target=self.body, args=(self.stopping,), name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
