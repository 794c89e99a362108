"""What the tests that use real parts share: a real gunicorn, and where the browser tools live."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
BASIC_BUNDLE = REPO / "node_modules" / "plotly.js-basic-dist-min" / "plotly-basic.min.js"
# Set by .ci/run: there the browser and npm tools must be present, and their tests must not skip.
REQUIRE_TOOLS = "DASHAPP_REQUIRE_TOOLS"


def missing_browser_binaries() -> list[str]:
    return [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]


def missing_tools() -> list[str]:
    """Everything the browser, accessibility and delivery tests need that is not installed."""
    return missing_browser_binaries() + [str(path) for path in (AXE_JS, BASIC_BUNDLE) if not path.is_file()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """GET ``url``: status, headers and body, also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    pid: int = 0  # gunicorn's master

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class ServerFailed(RuntimeError):
    pass


@contextmanager
def gunicorn(
    data_dir: Path,
    folder: Path,
    *,
    workers: int = 2,
    env: Mapping[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
    wait: float = 90,
) -> Iterator[Server]:
    """``gunicorn -c gunicorn.conf.py wsgi:server`` on a free port, serving ``data_dir``, until the
    block ends. Its log goes to ``folder``; ``ServerFailed`` (with the log's tail) if it does not come up."""
    port = free_port()
    environment = {
        **os.environ,
        "DASHAPP_DATA_DIR": str(data_dir),
        "DASHAPP_BIND": f"127.0.0.1:{port}",
        "DASHAPP_WORKERS": str(workers),
        # Each server publishes into and serves from a folder of its own test.
        "DASHAPP_SNAPSHOT_DIR": str(folder / "snapshots"),
        # Rendering every page ahead (tens of seconds of a core per data version) is tested where it
        # matters (tests/test_shared_renders.py, tests/ui/test_render_cache.py); here the workers
        # render on demand, which gives the same pages.
        "DASHAPP_SHARED_RENDERS": "0",
        "DASHAPP_WARM_CACHE": "0",
        **(env or {}),
    }
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "gunicorn.log"
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "gunicorn.conf.py",
        *extra_args,
        "wsgi:server",
    ]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO, env=environment, stdout=log_file, stderr=subprocess.STDOUT
        )
    running = Server(f"http://127.0.0.1:{port}", log, process.pid)
    try:
        deadline = time.monotonic() + wait
        while True:
            if process.poll() is not None:
                raise ServerFailed(f"gunicorn exited with {process.returncode}:\n{running.log_tail()}")
            if time.monotonic() > deadline:
                raise ServerFailed(
                    f"gunicorn did not answer /healthz within {wait:g} s:\n{running.log_tail()}"
                )
            try:
                if fetch(running.url + "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
