"""Cold first visits while a connection the browser opened ahead stays silent.

    .venv/bin/python benchmarks/cold_visits.py                       # the shipped gunicorn.conf.py
    .venv/bin/python benchmarks/cold_visits.py --compare             # ... and the old setting beside it
    .venv/bin/python benchmarks/cold_visits.py --config "--threads 2" --config "--worker-class gthread"

A browser often opens a connection before it knows what to send on it (a speculative preconnect, or
one more socket when it follows the redirect from ``/``) and leaves it silent. Each of ``--visits``
visits here:

1. opens ``--silent`` such connections and sends nothing on them;
2. opens a new connection and asks ``GET /``, then follows the redirect on the same connection
   (``GET /nl/``), as a first visit without cookies does;
3. closes everything and waits a moment before the next visit.

It prints, per configuration, the time to the first byte of ``/`` and of the page (median, p95,
max, from the moment the request was sent) and how many visits waited more than 1 s before the
page's first byte (target: 0). Each configuration is a real gunicorn on the demo source (1,000 days)
started with ``-c gunicorn.conf.py`` plus the given command-line settings (which take precedence
over the file), on loopback, on this machine.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from tests.servers import gunicorn

SLOW_SECONDS = 1.0
# The old setting: gunicorn's own threaded worker with one thread.
OLD_SETTING = "--worker-class gthread --threads 1"


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None
    first_byte_seconds: float


def read_answer(sock: socket.socket, started: float) -> Answer:
    """Read one HTTP/1.1 answer (head and a Content-Length body) from ``sock``."""
    data = b""
    first_byte = None
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection before answering")
        if first_byte is None:
            first_byte = time.perf_counter() - started
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])
    }
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    assert first_byte is not None
    return Answer(status, headers.get("location"), first_byte)


def ask(sock: socket.socket, host: str, path: str) -> Answer:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n"
        "Accept-Language: nl-NL,nl;q=0.9\r\nAccept-Encoding: identity\r\n\r\n"
    )
    started = time.perf_counter()
    sock.sendall(request.encode("ascii"))
    return read_answer(sock, started)


def one_visit(host: str, port: int, silent: int, timeout: float) -> tuple[Answer, Answer]:
    """The first answers of one cold visit (``/`` and the page it leads to), with ``silent``
    connections open and quiet meanwhile."""
    quiet = [socket.create_connection((host, port), timeout=timeout) for _ in range(silent)]
    try:
        # Let the workers accept the silent connections first, as they would a preconnect.
        time.sleep(0.05)
        with socket.create_connection((host, port), timeout=timeout) as sock:
            root = ask(sock, f"{host}:{port}", "/")
            page_path = root.location or "/nl/"
            if page_path.startswith("http"):
                page_path = "/" + page_path.split("/", 3)[3]
            page = ask(sock, f"{host}:{port}", page_path)
        return root, page
    finally:
        for sock in quiet:
            sock.close()


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(ordered)
    return f"median {median * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"


def measure(data: Path, scratch: Path, config: str, visits: int, silent: int, timeout: float) -> None:
    settings = {"DASHAPP_LOG_LEVEL": "WARNING", "DASHAPP_REFRESH_SECONDS": "3600"}
    extra = ("--access-logfile", "/dev/null", *shlex.split(config))
    with gunicorn(data, scratch, env=settings, extra_args=extra) as server:
        host, port_text = server.netloc.split(":")
        port = int(port_text)
        # Each worker renders the page once before the visits are timed.
        for _ in range(4):
            one_visit(host, port, 0, timeout)
        roots, pages, failures = [], [], 0
        for _ in range(visits):
            try:
                root, page = one_visit(host, port, silent, timeout)
            except OSError:
                failures += 1
                continue
            roots.append(root.first_byte_seconds)
            # The page's first byte counts from the start of the visit: a stalled redirect delays it too.
            pages.append(root.first_byte_seconds + page.first_byte_seconds)
            time.sleep(0.2)
    slow = sum(1 for seconds in pages if seconds > SLOW_SECONDS) + failures
    label = config or "gunicorn.conf.py as shipped"
    print(f"{label}")
    if roots:
        print(f"    first byte of /        {summary(roots)}")
        print(f"    first byte of the page {summary(pages)}")
    print(
        f"    visits waiting > {SLOW_SECONDS:g} s for the page: {slow} of {visits}"
        + (f" ({failures} got no answer within {timeout:g} s)" if failures else "")
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--visits", type=int, default=20)
    parser.add_argument("--silent", type=int, default=1, help="silent connections opened before each visit")
    parser.add_argument("--timeout", type=float, default=30.0, help="socket timeout of the visits")
    parser.add_argument(
        "--config",
        action="append",
        default=None,
        help="gunicorn command-line settings for one configuration (repeatable); default: as shipped",
    )
    parser.add_argument(
        "--compare", action="store_true", help=f"also measure the old setting ({OLD_SETTING})"
    )
    args = parser.parse_args()
    configs = args.config or [""]
    if args.compare:
        configs = [OLD_SETTING, *configs]
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        data = scratch / "data"
        data.mkdir()
        described = sources.fill(data, None)
        print(
            f"{args.visits} cold visits (GET / then its redirect), each with {args.silent} silent "
            f"connection(s) open; {described}; gunicorn with 2 workers on this machine"
        )
        for number, config in enumerate(configs):
            measure(data, scratch / f"run-{number}", config, args.visits, args.silent, args.timeout)


if __name__ == "__main__":
    main()
