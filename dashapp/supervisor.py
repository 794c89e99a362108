"""Runs the ingest as a child process of gunicorn's master, and starts it again if it dies.

Why a process of its own rather than a thread in the master: the master forks every web worker,
including the ones that replace a crashed worker, so it must stay small and never hold parsed
frames or pandas' and Arrow's threads; a failure while parsing (out of memory, say) ends only the
ingest, which starts again and restores the last accepted data from the snapshot directory; and
the operator can stop or restart it on its own. The master's only extra job is this supervising
thread, which sleeps between looks.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence

log = logging.getLogger(__name__)

INGEST_COMMAND = (sys.executable, "-m", "dashapp", "ingest")
MAX_BACKOFF_SECONDS = 30.0


class IngestSupervisor:
    def __init__(
        self,
        command: Sequence[str] = INGEST_COMMAND,
        *,
        environ: Mapping[str, str] | None = None,
        check_seconds: float = 1.0,
    ):
        self.command = tuple(command)
        self.environ = dict(os.environ if environ is None else environ)
        self.check_seconds = check_seconds
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> None:
        self._stop.clear()
        self._launch()
        self._thread = threading.Thread(target=self._watch, name="ingest-supervisor", daemon=True)
        self._thread.start()

    def _launch(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.environ, stdin=subprocess.DEVNULL)
        self.starts += 1
        log.info("ingest started (pid %d)", self.process.pid)

    def _watch(self) -> None:
        backoff = self.check_seconds
        while not self._stop.wait(self.check_seconds):
            process = self.process
            # gunicorn's master may reap the child first: poll() then says 0, which is all we need.
            if process is None or process.poll() is None:
                backoff = self.check_seconds
                continue
            log.error("ingest (pid %d) ended with %s; starting it again", process.pid, process.returncode)
            if self._stop.wait(backoff):
                return
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            self._launch()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
