"""Chaos run on loopback: visitors keep coming while files break and processes die.

    .venv/bin/python benchmarks/chaos.py                   # 200 users for 60 s (about 90 s in all)
    .venv/bin/python benchmarks/chaos.py --duration 20     # shorter (the faults keep their order)
    .venv/bin/python benchmarks/chaos.py --calm            # the same load without faults (control)
    .venv/bin/python benchmarks/chaos.py --keep            # keep the scratch folder and gunicorn's log
    .venv/bin/python benchmarks/chaos.py --set DASHAPP_WARM_CACHE=0   # any other setting

Writes the demo source at full size (1,000 days) into a scratch folder and starts a real gunicorn
(``tests.servers.gunicorn``: 2 web workers plus the ingest that gunicorn's master starts) on a free
port of 127.0.0.1, with ``DASHAPP_REFRESH_SECONDS=2`` and ``DASHAPP_MANIFEST_SECONDS=1``
(``--refresh``, ``--manifest``). Then ``--users`` visitors (asyncio, one keep-alive connection
each, think time 0.2-0.8 s) browse for ``--duration`` seconds, each within one level as people do
(60 % municipalities, 20 % safety regions, 20 % the national page): page GETs, and the router
callback POST, sending ``X-Page-Version`` and the router's frame key as the page's script does.
Meanwhile, at fixed fractions of the duration, it:

1. (15 %) replaces ``covid-19.csv`` (LCPS) by a valid file whose newest IC-bed figure is 7 higher
   (written beside it, renamed over it): a publish in mid-load;
2. (30 %) truncates ``COVID-19_aantallen_gemeente_cumulatief.csv`` in the middle of a line;
3. (45 %) plants ``'[' * 100000 + ']' * 100000`` as ``COVID-19_reproductiegetal.json``;
4. (60 %) SIGKILLs one web worker (a child of the master that is not the ingest);
5. (72 %) SIGKILLs the ingest (the master starts it again);
6. (85 %) replaces ``covid-19.csv`` once more (+5): the restarted ingest must publish it.

Beside the load it polls ``/healthz`` every 0.25 s (worker pid, served and manifest version, the
ingest's pid, each source's status), watches ``manifest.json`` (hard-linking each published version,
which the ingest may collect later), notes which worker holds each visitor's connection (its
sockets, through psutil) and the CPU used by the workers, the ingest, itself and the rest of the
machine, and fetches the CSV of three charts (reproduction number, a municipality's positive
tests, IC beds) before the faults and at the end.

It prints: responses, 5xx, other non-2xx, timeouts and socket errors, p50/p95 latency of pages and
of callbacks, the same per twelfth of the run beside the CPU, the versions each worker pid served
(first and last seen), the time from each publish to every worker serving it against the manifest
interval, answers older than the page that asked, what the kills cost, and for each broken source
whether it was refused with its last good data kept: in ``/healthz`` (serving_previous, rows and
last date unchanged), in every published version (its tables identical to the last version before
the fault) and on screen (the chart's CSV unchanged). The last line is the verdict against the
targets: no 5xx, every worker on a new version within the manifest interval plus 1 s to load it,
no data lost, and each valid new file published.

Bounded: it stops after about ``--duration`` + 30 s; traffic stays on 127.0.0.1; it signals only
children of the gunicorn it started.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from dashapp.data.published import FILES, load
from dashapp.data.reference import Reference, load_reference
from dashapp.data.snapshot import Snapshot
from tests.dash_client import ROUTER_OUTPUT_IDS, _id_text
from tests.servers import Server, ServerFailed, gunicorn

HOST = "127.0.0.1"
LCPS = "covid-19.csv"
CUMULATIVE = "COVID-19_aantallen_gemeente_cumulatief.csv"
REPRODUCTION = "COVID-19_reproductiegetal.json"
NESTING = 100_000
THINK = (0.2, 0.8)
REQUEST_TIMEOUT = 10.0
HEALTH_EVERY = 0.25
# What a worker may need beyond the manifest interval to load a version, as the target allows.
LOAD_ALLOWANCE = 1.0
# Source kind -> a chart whose CSV shows that source's numbers (the "screen" check).
PROBES = {
    "rivm_reproduction": "/download/nl/nl/NL/reproduction_number.csv?range=all",
    "rivm_cumulative": "/download/nl/gm/GM0363/positive_tests_per_100k.csv?range=all",
    "lcps_beds": "/download/nl/nl/NL/ic_beds_occupied.csv?range=all",
}
# Source kind -> the indicator whose newest national value is compared between versions.
KEY_INDICATORS = {
    "rivm_reproduction": ("nl", "NL", "reproduction_number"),
    "rivm_cumulative": ("nl", "NL", "positive_tests"),
    "lcps_beds": ("nl", "NL", "ic_beds_occupied"),
}
LCPS_BUMPS = (7, 5)
# Fault -> the source kind it breaks.
FAULTED = {"truncate": "rivm_cumulative", "nested-json": "rivm_reproduction"}
WARM_UP = 5.0
WORKERS = 2


# What is recorded.


@dataclass(frozen=True, slots=True)
class Answer:
    """One visitor request: when it was sent, how it ended, and the version it named."""

    sent: float
    latency: float
    kind: str  # "page" or "callback"
    status: int  # 0: no answer (see error)
    version: str | None
    page_version: str | None
    error: str | None = None
    retried: bool = False
    port: int = 0  # the visitor's local port: tells which worker holds the connection


@dataclass(frozen=True, slots=True)
class Health:
    sent: float
    received: float
    status: int
    worker: int | None
    served: str | None
    manifest: str | None
    ingest_pid: int | None
    sources: dict[str, dict[str, object]]
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Seen:
    """A worker seen serving a version: by a /healthz answer or a visitor's answer."""

    sent: float
    received: float
    worker: int
    version: str


@dataclass(frozen=True, slots=True)
class Publish:
    seen: float
    version: str
    published_at: float
    problem_kinds: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Event:
    at: float
    name: str
    detail: str
    pid: int | None = None


@dataclass(frozen=True, slots=True)
class Probe:
    at: float
    label: str
    kind: str
    status: int
    version: str | None
    digest: str
    last_row: str


@dataclass
class Record:
    """Everything the run saw; lists are appended to from many threads (atomic under the GIL)."""

    start: float = field(default_factory=time.time)
    answers: list[Answer] = field(default_factory=list)
    health: list[Health] = field(default_factory=list)
    publishes: list[Publish] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    probes: list[Probe] = field(default_factory=list)
    # Every 0.5 s, (when, CPU seconds so far of: the machine, this script, the web workers, the ingest).
    cpu_samples: list[tuple[float, ...]] = field(default_factory=list)
    # Visitor port -> (when, worker pid) as the workers' sockets showed it.
    owners: dict[int, list[tuple[float, int]]] = field(default_factory=dict)
    log: str = ""  # gunicorn's log (the app's lines carry no pid, but exact times)

    def rel(self, moment: float) -> float:
        return moment - self.start

    def event(self, name: str, detail: str, pid: int | None = None) -> None:
        self.events.append(Event(time.time(), name, detail, pid))
        print(f"  {self.rel(time.time()):6.1f} s  {name}: {detail}", flush=True)


# HTTP on loopback.


@dataclass(frozen=True)
class Request:
    kind: str
    method: str
    path: str
    body: bytes | None = None
    route: str | None = None  # a router callback to this pathname (its body is built per visitor)


CALLBACK = "/_dash-update-component"


def fetch_patiently(port: int, path: str, attempts: int = 3) -> tuple[int, str | None, bytes]:
    """A GET that is tried again (with three times the usual timeout) until it answers 200."""
    status, version, body = 0, None, b""
    for _ in range(attempts):
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, version, body = fetch(port, path, REQUEST_TIMEOUT * 3)
            if status == 200:
                break
    return status, version, body


def fetch(port: int, path: str, timeout: float = REQUEST_TIMEOUT) -> tuple[int, str | None, bytes]:
    """One GET on a connection of its own (so that any worker may answer it): status, version, body."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        return response.status, response.getheader("X-Data-Version"), response.read()
    finally:
        conn.close()


def router_body(path: str, frame: str | None) -> bytes:
    outputs, inputs = ROUTER_OUTPUT_IDS, [("url", "pathname", path), ("data-version", "data", None)]
    state = [("frame-key", "data", frame), ("url", "search", None)]
    payload = {
        "output": ".." + "...".join(f"{_id_text(i, 'key')}.{p}" for i, p in outputs) + "..",
        "outputs": [{"id": i, "property": p} for i, p in outputs],
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": ["url.pathname"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }
    return json.dumps(payload).encode()


Mix = list[tuple[float, list[Request]]]
# Where visitors browse: the share of them that stays on municipalities, regions, the national page.
SESSIONS = {"gm": 0.6, "vr": 0.2, "nl": 0.2}
PAGE_LOADS = 0.2  # the share of a visitor's requests that load a page; the rest are router callbacks


def request_mix(reference: Reference) -> dict[str, Mix]:
    """Per kind of visitor, (weight, requests to pick from): page loads, and the router moving
    within that level (as a visitor clicks from one municipality to the next)."""
    areas = {
        "gm": [f"/nl/gemeente/{code}" for code in sorted(reference.municipalities)[:80]],
        "vr": [f"/nl/veiligheidsregio/{code}" for code in sorted(reference.regions)],
        "nl": ["/nl/"],
    }
    return {
        level: [
            (PAGE_LOADS, [Request("page", "GET", path) for path in paths]),
            (1 - PAGE_LOADS, [Request("callback", "POST", CALLBACK, route=path) for path in paths]),
        ]
        for level, paths in areas.items()
    }


# Visitors: coroutines in one event loop, each with a keep-alive connection of its own (plain
# HTTP/1.1 over asyncio streams; 200 threads with http.client cost this script twice the CPU).

RETRYABLE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, asyncio.IncompleteReadError)


# The router's answer names the new frame key as {"frame-key": {"data": "..."}} (absent: unchanged).
FRAME_KEY = re.compile(rb'"frame-key":\s*\{"data":\s*"([^"]*)"')


class Closed(ConnectionResetError):
    """The server closed the connection before it answered."""


@dataclass(frozen=True)
class Reply:
    status: int
    version: str | None
    body: bytes
    port: int
    keep_alive: bool


async def read_reply(reader: asyncio.StreamReader, port: int) -> Reply:
    status_line = await reader.readline()
    if not status_line:
        raise Closed("connection closed before the status line")
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = await read_chunked(reader)
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    keep_alive = headers.get("connection", "").lower() != "close"
    return Reply(int(status_line.split()[1]), headers.get("x-data-version"), body, port, keep_alive)


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while size := int((await reader.readline()).split(b";")[0], 16):
        parts.append(await reader.readexactly(size))
        await reader.readline()
    await reader.readline()
    return b"".join(parts)


class Visitor:
    """One user: a keep-alive connection, think time, the data version of the page it shows and the
    router's frame key, as the page keeps them."""

    def __init__(self, port: int, mixes: dict[str, Mix], seed: int, record: Record):
        self.port = port
        self.random = random.Random(seed)
        mix = mixes[self.random.choices(list(SESSIONS), list(SESSIONS.values()))[0]]
        self.groups = [group for _weight, group in mix]
        self.weights = [weight for weight, _group in mix]
        self.record = record
        self.stream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.page_version: str | None = None
        self.frame: str | None = None

    def pick(self) -> Request:
        group = self.random.choices(self.groups, self.weights)[0]
        request = self.random.choice(group)
        if request.route is None:
            return request
        return Request(request.kind, request.method, request.path, router_body(request.route, self.frame))

    def remember(self, request: Request, reply: Reply) -> None:
        if not 200 <= reply.status < 300:
            return
        if reply.version:
            self.page_version = reply.version
        if request.body is None:
            self.frame = None  # a page load starts a new page
        elif found := FRAME_KEY.search(reply.body):
            self.frame = found.group(1).decode()

    def encode(self, request: Request) -> bytes:
        lines = [f"{request.method} {request.path} HTTP/1.1", f"Host: {HOST}:{self.port}"]
        if request.body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(request.body)}"]
            if self.page_version:
                lines.append(f"X-Page-Version: {self.page_version}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + (request.body or b"")

    async def close(self) -> None:
        if self.stream is not None:
            self.stream[1].close()
            self.stream = None

    async def once(self, request: Request) -> Reply:
        if self.stream is None:
            self.stream = await asyncio.open_connection(HOST, self.port)
        reader, writer = self.stream
        writer.write(self.encode(request))
        await writer.drain()
        reply = await read_reply(reader, writer.get_extra_info("sockname")[1])
        if not reply.keep_alive:
            await self.close()
        return reply

    async def send(self, request: Request) -> tuple[Reply, bool]:
        """The reply, and whether it took a retry: on a kept-alive connection that the server
        closed, one retry on a new connection, as browsers do."""
        reused = self.stream is not None
        try:
            return await self.once(request), False
        except RETRYABLE:
            await self.close()
            if not reused:
                raise
        return await self.once(request), True

    async def visit(self, request: Request) -> None:
        sent_with = self.page_version if request.body is not None else None
        started = time.time()
        try:
            reply, retried = await asyncio.wait_for(self.send(request), REQUEST_TIMEOUT)
            error = None
        except TimeoutError:
            reply, retried, error = Reply(0, None, b"", 0, False), False, "timeout"
            await self.close()
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError) as failure:
            reply, retried, error = Reply(0, None, b"", 0, False), False, f"socket: {type(failure).__name__}"
            await self.close()
        self.record.answers.append(
            Answer(
                started,
                time.time() - started,
                request.kind,
                reply.status,
                reply.version,
                sent_with,
                error,
                retried,
                reply.port,
            )
        )
        self.remember(request, reply)

    async def run(self, until: float) -> None:
        await asyncio.sleep(self.random.uniform(0, THINK[1]))
        try:
            while time.time() < until:
                await self.visit(self.pick())
                await asyncio.sleep(self.random.uniform(*THINK))
        finally:
            await self.close()


async def visit_all(port: int, mixes: dict[str, Mix], users: int, until: float, record: Record) -> int:
    """Run every visitor until ``until``; returns how many were still busy a while after it."""
    tasks = [asyncio.create_task(Visitor(port, mixes, seed, record).run(until)) for seed in range(users)]
    _done, pending = await asyncio.wait(tasks, timeout=max(0.0, until - time.time()) + REQUEST_TIMEOUT * 2)
    for task in pending:
        task.cancel()
    return len(pending)


# Watchers.


def poll_health(port: int, record: Record, stop: threading.Event) -> None:
    while not stop.is_set():
        sent = time.time()
        try:
            status, _version, body = fetch(port, "/healthz")
            data = json.loads(body)
        except (OSError, http.client.HTTPException, ValueError):
            status, data = 0, {}
        ingest = data.get("ingest") or {}
        record.health.append(
            Health(
                sent,
                time.time(),
                status,
                data.get("worker_pid"),
                data.get("served_version"),
                data.get("manifest_version"),
                ingest.get("pid"),
                {kind: compact_source(value) for kind, value in (data.get("sources") or {}).items()},
                data.get("last_error"),
            )
        )
        stop.wait(max(0.0, HEALTH_EVERY - (time.time() - sent)))


def watch_processes(server: Server, record: Record, stop: threading.Event) -> None:
    """Who used the CPU (every 0.5 s), and which web worker holds which visitor connection (every 1 s)."""
    port = int(server.netloc.rsplit(":", 1)[1])
    used: dict[int, tuple[bool, float]] = {}  # pid -> (is the ingest, CPU seconds)
    rounds = 0
    while not stop.wait(0.5):
        record.cpu_samples.append(cpu_sample(server, used))
        rounds += 1
        if rounds % 2:
            continue  # listing a worker's sockets costs about 15 ms of CPU: once a second
        ingest_pid = latest_ingest_pid(record)
        for worker in children(server):
            if is_ingest(worker, ingest_pid):
                continue
            try:
                sockets = worker.net_connections("tcp")
            except psutil.Error:
                continue
            now = time.time()
            for sock in sockets:
                if sock.raddr and sock.laddr.port == port:
                    record.owners.setdefault(sock.raddr.port, []).append((now, worker.pid))


def cpu_sample(server: Server, used: dict[int, tuple[bool, float]]) -> tuple[float, ...]:
    """(when, CPU seconds so far of: the machine, this script, gunicorn's master and web workers,
    the ingest); ``used`` keeps each process's last figure, so that killed ones still count."""
    try:
        processes = [psutil.Process(server.pid), *children(server)]
    except psutil.Error:
        processes = []
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            ingest = used[process.pid][0] if process.pid in used else is_ingest(process, None)
            used[process.pid] = (ingest, times.user + times.system)
    machine, own = busy_seconds()
    web = sum(seconds for ingest, seconds in used.values() if not ingest)
    return time.time(), machine, own, web, sum(seconds for ingest, seconds in used.values() if ingest)


def compact_source(status: dict[str, object]) -> dict[str, object]:
    keys = ("ok", "serving_previous", "rows", "last_date", "error", "file")
    return {key: status.get(key) for key in keys}


def watch_manifest(snapshots: Path, keep: Path, record: Record, stop: threading.Event) -> None:
    """Note each manifest the ingest writes, and hard-link each new version (it may be collected)."""
    stamp: tuple[int, int] | None = None
    known: set[str] = set()
    while not stop.wait(0.05):
        try:
            info = os.stat(snapshots / "manifest.json")
            if (info.st_ino, info.st_mtime_ns) == stamp:
                continue
            stamp = (info.st_ino, info.st_mtime_ns)
            manifest = json.loads((snapshots / "manifest.json").read_text())
        except (OSError, ValueError):
            continue
        version = manifest["version"]
        if version in known:
            continue
        known.add(version)
        keep_version(snapshots / "versions" / version, keep / version)
        record.publishes.append(
            Publish(
                time.time(),
                version,
                datetime.fromisoformat(manifest["published_at"]).timestamp(),
                tuple(sorted({str(problem["kind"]) for problem in manifest.get("problems", ())})),
            )
        )


def keep_version(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        with contextlib.suppress(OSError):
            try:
                os.link(source / name, target / name)
            except OSError:
                shutil.copy2(source / name, target / name)


def probe_screen(port: int, record: Record, label: str, rounds: int = 4) -> None:
    """Fetch each probed chart's CSV a few times (so that both workers are likely to answer)."""
    for _ in range(rounds):
        for kind, path in PROBES.items():
            status, version, body = fetch_patiently(port, path)
            lines = body.decode(errors="replace").strip().splitlines()
            record.probes.append(
                Probe(
                    time.time(),
                    label,
                    kind,
                    status,
                    version,
                    hashlib.sha256(body).hexdigest()[:12],
                    lines[-1] if lines else "",
                )
            )


# Faults.


def replace_lcps(data: Path, bump: int) -> str:
    header, *rows = (data / LCPS).read_text().splitlines()
    cells = rows[0].split(",")
    before = int(cells[1])
    cells[1] = str(before + bump)
    scratch = data / ".covid-19.csv.new"
    scratch.write_text("\n".join([header, ",".join(cells), *rows[1:]]) + "\n")
    scratch.replace(data / LCPS)
    return f"{LCPS}: IC beds of {cells[0]} {before} -> {before + bump} (new file renamed over it)"


def truncate_cumulative(data: Path) -> str:
    path = data / CUMULATIVE
    content = path.read_bytes()
    cut = len(content) // 2
    while content[cut - 1 : cut] in (b"\n", b";"):
        cut += 3
    os.truncate(path, cut)
    line = content[:cut].count(b"\n") + 1
    return f"{CUMULATIVE}: cut from {len(content)} to {cut} bytes, inside line {line}"


def plant_nested_json(data: Path) -> str:
    scratch = data / ".reproduction.new"
    scratch.write_text("[" * NESTING + "]" * NESTING)
    scratch.replace(data / REPRODUCTION)
    return f"{REPRODUCTION}: replaced by {NESTING:,} nested arrays"


def children(server: Server) -> list[psutil.Process]:
    try:
        return psutil.Process(server.pid).children()
    except psutil.Error:
        return []


def is_ingest(process: psutil.Process, ingest_pid: int | None) -> bool:
    try:
        return process.pid == ingest_pid or "ingest" in process.cmdline()
    except psutil.Error:
        return False


def latest_ingest_pid(record: Record) -> int | None:
    return next((h.ingest_pid for h in reversed(record.health) if h.ingest_pid), None)


def kill_worker(server: Server, record: Record) -> tuple[str, int | None]:
    ingest_pid = latest_ingest_pid(record)
    workers = [p for p in children(server) if not is_ingest(p, ingest_pid)]
    if not workers:
        return "no web worker found", None
    seen = [h.worker for h in reversed(record.health) if h.worker]
    victim = next((p for p in workers if p.pid in seen[:8]), workers[0])
    victim.send_signal(signal.SIGKILL)
    return f"web worker {victim.pid} (of {[p.pid for p in workers]})", victim.pid


def kill_ingest(server: Server, record: Record) -> tuple[str, int | None]:
    ingest_pid = latest_ingest_pid(record)
    ingest = [p for p in children(server) if is_ingest(p, ingest_pid)]
    if not ingest:
        return f"no ingest child of the master found (heartbeat pid {ingest_pid})", None
    ingest[0].send_signal(signal.SIGKILL)
    agrees = "the heartbeat's pid" if ingest[0].pid == ingest_pid else f"heartbeat says {ingest_pid}"
    return f"ingest {ingest[0].pid} ({agrees})", ingest[0].pid


# (fraction of the duration, name, action); an action returns its detail, or (detail, pid).
Fault = tuple[float, str, Callable[[], object]]


def fault_plan(data: Path, server: Server, record: Record) -> list[Fault]:
    """(fraction of the duration, name, action); an action returns its detail, or (detail, pid)."""
    return [
        (0.15, "replace", lambda: replace_lcps(data, LCPS_BUMPS[0])),
        (0.30, "truncate", lambda: truncate_cumulative(data)),
        (0.45, "nested-json", lambda: plant_nested_json(data)),
        (0.60, "kill-worker", lambda: kill_worker(server, record)),
        (0.72, "kill-ingest", lambda: kill_ingest(server, record)),
        (0.85, "replace-again", lambda: replace_lcps(data, LCPS_BUMPS[1])),
    ]


def run_faults(plan: list[Fault], duration: float, record: Record, stop: threading.Event) -> None:
    for fraction, name, action in plan:
        if stop.wait(max(0.0, record.start + fraction * duration - time.time())):
            return
        result = action()
        detail, pid = result if isinstance(result, tuple) else (str(result), None)
        record.event(name, detail, pid)


# The run.


def start_watchers(
    server: Server, snapshots: Path, keep: Path, record: Record, stop: threading.Event
) -> list[threading.Thread]:
    port = int(server.netloc.rsplit(":", 1)[1])
    watchers = [
        threading.Thread(target=poll_health, args=(port, record, stop), daemon=True),
        threading.Thread(target=watch_processes, args=(server, record, stop), daemon=True),
        threading.Thread(target=watch_manifest, args=(snapshots, keep, record, stop), daemon=True),
    ]
    for thread in watchers:
        thread.start()
    return watchers


def busy_seconds() -> tuple[float, float]:
    """CPU seconds used so far by the whole machine (all but idle and iowait) and by this process."""
    total = psutil.cpu_times()
    machine = total.user + total.nice + total.system + getattr(total, "irq", 0.0)
    machine += getattr(total, "softirq", 0.0)
    own = psutil.Process().cpu_times()
    return machine, own.user + own.system


def drive_load(
    port: int, mix: dict[str, Mix], args: argparse.Namespace, record: Record, faults: threading.Thread
) -> None:
    """The visitors for ``args.duration`` seconds, with the faults beside them."""
    record.start = time.time()
    until = record.start + args.duration
    faults.start()
    busy = asyncio.run(visit_all(port, mix, args.users, until, record))
    faults.join(5)
    record.event("load-ended", f"{busy} visitors still busy")


def code_state() -> str:
    """The commit checked out, and how many files differ from it (others may be editing)."""
    repo = Path(__file__).resolve().parent.parent

    def git(*words: str) -> str:
        done = subprocess.run(["git", *words], cwd=repo, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    changed = [line for line in git("status", "--porcelain", "--untracked-files=no").splitlines() if line]
    return f"git {git('rev-parse', '--short', 'HEAD') or '?'} with {len(changed)} modified files"


def run(args: argparse.Namespace, scratch: Path) -> Record:
    data = scratch / "data"
    data.mkdir()
    print(f"{datetime.now():%Y-%m-%d %H:%M:%S}; code: {code_state()}")
    print(f"writing the raw files: {sources.fill(data, None)}", flush=True)
    settings = {
        "DASHAPP_REFRESH_SECONDS": str(args.refresh),
        "DASHAPP_MANIFEST_SECONDS": str(args.manifest),
        "DASHAPP_LOG_LEVEL": "INFO",
        **dict(setting.split("=", 1) for setting in args.set),
    }
    folder = scratch / "server"
    with gunicorn(
        data, folder, workers=WORKERS, env=settings, extra_args=("--access-logfile", "/dev/null")
    ) as server:
        port = int(server.netloc.rsplit(":", 1)[1])
        mix = request_mix(load_reference())
        record, stop = Record(), threading.Event()
        watchers = start_watchers(server, folder / "snapshots", scratch / "kept", record, stop)
        time.sleep(WARM_UP)  # the workers pre-render every area's header once they serve a version
        probe_screen(port, record, "before")
        print(f"gunicorn pid {server.pid} on {server.url}; {args.users} users for {args.duration:g} s")
        plan = [] if args.calm else fault_plan(data, server, record)
        faults = threading.Thread(target=run_faults, args=(plan, args.duration, record, stop))
        drive_load(port, mix, args, record, faults)
        time.sleep(args.settle)
        probe_screen(port, record, "after")
        stop.set()
        for thread in watchers:
            thread.join(10)
    # gunicorn has stopped: its log is complete (the workers log each switch and each pre-render).
    record.log = server.log.read_text(errors="replace")
    if args.keep:
        shutil.copy2(server.log, scratch / "gunicorn.log")
    return record


# Figures.


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def print_answers(record: Record, duration: float) -> dict[str, float]:
    answers = record.answers
    five = sum(500 <= a.status < 600 for a in answers)
    other = sum(a.status and not 200 <= a.status < 300 and not 500 <= a.status < 600 for a in answers)
    timeouts = sum(a.error == "timeout" for a in answers)
    sockets = sum(bool(a.error) and a.error != "timeout" for a in answers)
    retried = sum(a.retried for a in answers)
    print(f"\nresponses: {len(answers)} in {duration:g} s ({len(answers) / duration:.0f}/s)")
    print(f"  5xx {five}; other non-2xx {other}; timeouts {timeouts}; socket errors {sockets}")
    print(f"  retried once on a new connection after the server closed a kept-alive one: {retried}")
    statuses: dict[object, int] = {}
    for answer in answers:
        key = answer.status or answer.error
        statuses[key] = statuses.get(key, 0) + 1
    print("  by status: " + ", ".join(f"{key}: {count}" for key, count in sorted(statuses.items(), key=str)))
    for kind in ("page", "callback"):
        times = [a.latency * 1000 for a in answers if a.kind == kind and a.status]
        print(
            f"  {kind + 's':9s} {len(times):6d}  p50 {percentile(times, 0.5):7.1f} ms  "
            f"p95 {percentile(times, 0.95):7.1f} ms  p99 {percentile(times, 0.99):7.1f} ms  "
            f"max {max(times, default=float('nan')):7.1f} ms"
        )
    web, ingest, own, others = cores_between(record, record.start, record.start + duration)
    print(
        f"  CPU during the load ({psutil.cpu_count()} cores): web workers {web:.2f}, ingest {ingest:.2f}, "
        f"this load generator {own:.2f}, other processes of the machine {others:.2f} "
        f"(before the load: {cores_between(record, record.start - WARM_UP, record.start)[3]:.2f})"
    )
    print_windows(record, duration)
    print_errors_near_events(record)
    return {"5xx": five, "other": other, "timeouts": timeouts, "sockets": sockets, "others_cores": others}


def print_windows(record: Record, duration: float, windows: int = 12) -> None:
    """Answers per window of the load: count, failures, p50/p95 of all answers, and the faults."""
    width = duration / windows
    print(
        f"  per {width:g} s of the load: answers, failed (5xx or none), p50/p95 ms, cores used by "
        "web workers / ingest / this script / other processes of the machine, faults"
    )
    for index in range(windows):
        low = record.start + index * width
        inside = [a for a in record.answers if low <= a.sent < low + width]
        times = [a.latency * 1000 for a in inside if a.status]
        failed = sum(1 for a in inside if not a.status or a.status >= 500)
        faults = ", ".join(e.name for e in record.events if low <= e.at < low + width)
        cores = " / ".join(f"{value:4.2f}" for value in cores_between(record, low, low + width))
        print(
            f"    {index * width:5.1f}-{(index + 1) * width:5.1f} s {len(inside):6d} {failed:4d} "
            f"{percentile(times, 0.5):7.1f} {percentile(times, 0.95):7.1f}  {cores}  {faults}"
        )


def cores_between(record: Record, low: float, high: float) -> tuple[float, float, float, float]:
    """Cores used between two moments: gunicorn's web workers (and master), the ingest, this
    script, and the machine's other processes."""
    inside = [sample for sample in record.cpu_samples if low <= sample[0] <= high]
    if len(inside) < 2:
        return (float("nan"),) * 4
    first, last = inside[0], inside[-1]
    machine, own, web, ingest = (
        (b - a) / (last[0] - first[0]) for a, b in zip(first[1:], last[1:], strict=True)
    )
    return web, ingest, own, machine - web - ingest - own


def print_errors_near_events(record: Record, window: float = 3.0) -> None:
    failed = [a for a in record.answers if not a.status or a.status >= 500]
    if not failed:
        return
    print(f"  failed answers by moment (the first 10 of {len(failed)}):")
    for answer in sorted(failed, key=lambda a: a.sent)[:10]:
        near = [e.name for e in record.events if 0 <= answer.sent - e.at <= window]
        print(
            f"    {record.rel(answer.sent):6.1f} s {answer.kind:8s} {answer.status or answer.error}"
            f"  after {answer.latency * 1000:.0f} ms  {'(' + ', '.join(near) + ')' if near else ''}"
        )


def version_order(record: Record) -> dict[str, int]:
    return {publish.version: index for index, publish in enumerate(record.publishes)}


def print_timeline(record: Record, seen: list[Seen]) -> None:
    order = version_order(record)
    print("\nversions published (manifest), seconds from the start of the load:")
    for publish in record.publishes:
        problems = ", ".join(publish.problem_kinds) or "no problems"
        print(
            f"  v{order[publish.version]} {publish.version}  "
            f"published {record.rel(publish.published_at):6.1f} s"
            f"  (seen {record.rel(publish.seen):6.1f} s)  refused: {problems}"
        )
    spans: dict[tuple[int, str], list[float]] = {}
    counts: dict[tuple[int, str], int] = {}
    for sample in seen:
        key = (sample.worker, sample.version)
        span = spans.setdefault(key, [sample.received, sample.received])
        span[1] = sample.received
        counts[key] = counts.get(key, 0) + 1
    print("versions served per worker pid (/healthz and visitor answers: first .. last seen):")
    for (pid, version), (first, last) in sorted(spans.items(), key=lambda item: item[1][0]):
        label = f"v{order[version]}" if version in order else "v?"
        print(
            f"  pid {pid:7d}  {label} {version}  {record.rel(first):6.1f} .. {record.rel(last):6.1f} s"
            f"  ({counts[(pid, version)]} answers)"
        )
    known = sum(1 for a in record.answers if a.status and owner_of(record, a))
    failed = sum(1 for h in record.health if h.status != 200)
    print(
        f"  {len(record.health)} /healthz polls ({failed} not 200); worker known for {known} of "
        f"{len(record.answers)} visitor answers"
    )


@dataclass(frozen=True)
class Switch:
    version: str
    worker: int
    lower: float | None  # last seen on an older version, seconds after the publish
    upper: float | None  # first seen on this version or a newer one


def observations(record: Record) -> list[Seen]:
    """Every answer whose worker is known: /healthz answers, and visitor answers whose connection
    was seen held by a worker within a second of the request."""
    seen = [
        Seen(h.sent, h.received, h.worker, h.served)
        for h in record.health
        if h.worker and h.served and h.status == 200
    ]
    for answer in record.answers:
        owner = owner_of(record, answer)
        if owner and answer.version and answer.status:
            seen.append(Seen(answer.sent, answer.sent + answer.latency, owner, answer.version))
    return sorted(seen, key=lambda s: s.received)


def owner_of(record: Record, answer: Answer) -> int | None:
    entries = record.owners.get(answer.port, ())
    near = [(abs(moment - answer.sent), pid) for moment, pid in entries if abs(moment - answer.sent) < 1.5]
    return min(near)[1] if near else None


def switches(record: Record, seen: list[Seen]) -> list[Switch]:
    """For each version published during the run and each worker alive then: when it switched."""
    order = version_order(record)
    result = []
    for publish in record.publishes[1:]:
        rank = order[publish.version]
        for pid in {s.worker for s in seen}:
            samples = [s for s in seen if s.worker == pid and s.version in order]
            if not any(h.received < publish.published_at for h in samples):
                continue  # started after the publish: it loads the current version at once
            older = [h.sent for h in samples if order[h.version] < rank and h.sent >= publish.published_at]
            newer = [h.received for h in samples if order[h.version] >= rank]
            result.append(
                Switch(
                    publish.version,
                    pid,
                    max(older) - publish.published_at if older else None,
                    min(newer) - publish.published_at if newer else None,
                )
            )
    return result


def log_times(log: str, pattern: re.Pattern[str]) -> list[tuple[float, tuple[str, ...]]]:
    """(when, the other groups) of each log line of the app that matches ``pattern``."""
    found = []
    for match in pattern.finditer(log):
        moment = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
        found.append((moment, match.groups()[1:]))
    return found


SERVING = re.compile(r"^(\S+ \S+) INFO dashapp\.data\.serving: serving version (\w+)")
RENDERED = re.compile(r"^(\S+ \S+) INFO dashapp\.app: rendered (\d+) area headers ahead in ([\d.]+) s", re.M)
BOOTED = re.compile(r"^\[.+\] \[INFO\] Booting worker with pid: (\d+)")


def switch_lines(log: str) -> list[tuple[float, str]]:
    """(when, version) of each "serving version" line of a worker that switched: the first such line
    after a "Booting worker" line is that new worker's first load, not a switch."""
    switched, booting = [], 0
    for line in log.splitlines():
        if BOOTED.match(line):
            booting += 1
        elif serving := SERVING.match(line):
            if booting:
                booting -= 1
                continue
            moment = datetime.strptime(serving.group(1), "%Y-%m-%d %H:%M:%S,%f").timestamp()
            switched.append((moment, serving.group(2)))
    return switched


def logged_switches(record: Record, version: str, published: float, workers: int) -> list[float]:
    """Seconds from the publish to each running worker's "serving version" line."""
    delays = [
        moment - published
        for moment, logged in switch_lines(record.log)
        if logged == version and moment >= published - 0.01
    ]
    return delays[:workers]


def print_switches(record: Record, seen: list[Seen], limit: float, workers: int) -> float:
    """Per new version: each worker's switch from its log line, and the bounds the answers give."""
    order = version_order(record)
    print(
        f"\npublish -> every worker serving it (limit {limit:g} s): from the workers' log lines "
        '"serving version", and per pid between its last answer of an older version and its first of '
        "this one or newer"
    )
    worst = 0.0
    found_all = switches(record, seen)
    for publish in record.publishes[1:]:
        found = [s for s in found_all if s.version == publish.version]
        parts = []
        for switch in found:
            low = f"{switch.lower:.2f}" if switch.lower is not None else "0"
            high = f"{switch.upper:.2f}" if switch.upper is not None else "never seen (killed?)"
            parts.append(f"pid {switch.worker}: {low}..{high} s")
        logged = logged_switches(record, publish.version, publish.published_at, workers)
        uppers = [s.upper for s in found if s.upper is not None]
        slowest = max(logged) if len(logged) == workers else max(uppers, default=0.0)
        worst = max(worst, slowest)
        lines = ", ".join(f"{delay:.2f}" for delay in logged) or "none"
        print(
            f"  v{order[publish.version]}: every worker after {slowest:.2f} s; log lines after {lines} s; "
            f"answers: {'; '.join(parts)}"
        )
    print_renders(record)
    stale, lag = stale_answers(record, limit)
    print(
        f"visitor answers from an older version than the manifest's of {limit:g} s before: {stale}"
        f" (largest lag {lag:.2f} s)"
    )
    behind = behind_page(record)
    print(f"callback answers older than the version of the page that asked (mixed screen): {behind}")
    return worst


def print_renders(record: Record) -> None:
    renders = log_times(record.log, RENDERED)
    if renders:
        print(
            "  pre-rendering of every area's header after each new version (per worker, ends at): "
            + ", ".join(
                f"{float(spent):.1f} s at {record.rel(moment):.1f} s" for moment, (_n, spent) in renders
            )
        )


def stale_answers(record: Record, limit: float) -> tuple[int, float]:
    order = version_order(record)
    published = [(p.published_at, order[p.version]) for p in record.publishes]
    count, lag = 0, 0.0
    for answer in record.answers:
        if answer.version not in order:
            continue
        rank = order[answer.version]
        newer = [moment for moment, r in published if r == rank + 1]
        if newer and answer.sent - newer[0] > limit:
            count += 1
            lag = max(lag, answer.sent - newer[0])
    return count, lag


def behind_page(record: Record) -> int:
    order = version_order(record)
    return sum(
        1
        for a in record.answers
        if a.version in order and a.page_version in order and order[a.version] < order[a.page_version]
    )


def print_restarts(record: Record, seen: list[Seen]) -> None:
    print("\nprocess kills:")
    for event in record.events:
        if event.name == "kill-worker" and event.pid:
            text = worker_replaced(record, seen, event)
            print(f"  worker {event.pid} killed at {record.rel(event.at):.1f} s: {text}")
        if event.name == "kill-ingest" and event.pid:
            after = [h for h in record.health if h.received > event.at and h.ingest_pid]
            new = next((h for h in after if h.ingest_pid != event.pid), None)
            text = (
                f"the heartbeat of a new ingest (pid {new.ingest_pid}) seen "
                f"{new.received - event.at:.1f} s later"
                if new
                else "no new heartbeat seen"
            )
            print(f"  ingest {event.pid} killed at {record.rel(event.at):.1f} s: {text}")


def worker_replaced(record: Record, seen: list[Seen], event: Event) -> str:
    """When a worker that was not there before the kill first answered, and with which version."""
    before = {s.worker for s in seen if s.received < event.at}
    new = next((s for s in seen if s.received > event.at and s.worker not in before), None)
    later = sum(1 for s in seen if s.worker == event.pid and s.sent > event.at)
    window = [a for a in record.answers if event.at <= a.sent + a.latency <= event.at + 3]
    retried = sum(a.retried for a in window)
    failed = sum(1 for a in window if not a.status or a.status >= 500)
    if new is None:
        return "no replacement seen"
    current = manifest_at(record, new.sent)
    return (
        f"replacement pid {new.worker} first answered {new.received - event.at:.2f} s later, with "
        f"{new.version} (the manifest's then: {current}); answers from the killed pid afterwards: "
        f"{later}; answers ending within 3 s: {len(window)}, of which {retried} retried on a new "
        f"connection and {failed} failed"
    )


def manifest_at(record: Record, moment: float) -> str | None:
    current = [p.version for p in record.publishes if p.published_at <= moment]
    return current[-1] if current else None


# Nothing lost: the refused sources, in /healthz, in every published version and on screen.


def digest_of(snapshot: Snapshot, kind: str) -> str:
    digest = hashlib.sha256()
    for key in sorted(k for k, table in snapshot.tables.items() if table.source == kind):
        table = snapshot.tables[key]
        digest.update(repr((key, list(table.values.index), list(table.values.columns))).encode())
        digest.update(np.ascontiguousarray(table.array).tobytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Facts:
    """What one published version holds of one source."""

    version: str
    problem: str | None
    serving_previous: bool
    rows: int
    last_date: str | None
    digest: str
    latest: float | None


def version_facts(keep: Path, record: Record, kinds: Iterable[str]) -> dict[str, list[Facts]]:
    reference = load_reference()
    facts: dict[str, list[Facts]] = {kind: [] for kind in kinds}
    for publish in record.publishes:
        try:
            snapshot = load(keep / publish.version, reference)
        except Exception as error:  # a version collected before it could be linked
            print(f"  version {publish.version} could not be read: {error}")
            continue
        for kind in facts:
            status = snapshot.sources.get(kind)
            level, code, indicator = KEY_INDICATORS[kind]
            latest = snapshot.latest(level, code, indicator)
            facts[kind].append(
                Facts(
                    publish.version,
                    status.error if status else "absent",
                    bool(status and status.serving_previous),
                    status.rows if status else 0,
                    status.last_date.isoformat() if status and status.last_date else None,
                    digest_of(snapshot, kind),
                    latest.value if latest else None,
                )
            )
    return facts


def number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def kept_across_versions(history: list[Facts]) -> tuple[bool, str]:
    """The source's data in every version from its refusal on equal those of the version before."""
    first_bad = next((i for i, f in enumerate(history) if f.problem), None)
    if first_bad is None:
        return False, "never refused"
    if first_bad == 0:
        return False, "refused in the first version: nothing to compare with"
    good = history[first_bad - 1]
    after = history[first_bad:]
    same = all(
        (f.digest, f.rows, f.last_date) == (good.digest, good.rows, good.last_date) and f.serving_previous
        for f in after
    )
    latest = ", ".join(number(f.latest) for f in after)
    return same, (
        f"tables {good.digest} ({good.rows} rows to {good.last_date}, latest {number(good.latest)}) "
        f"in the last good version and in all {len(after)} later ones: {'yes' if same else 'NO'} "
        f"(latest: {latest})"
    )


def health_kept(record: Record, kind: str) -> tuple[bool, str]:
    ok = [h for h in record.health if h.status == 200 and h.sources.get(kind, {}).get("ok")]
    final = [h for h in record.health if h.status == 200 and kind in h.sources][-4:]
    if not ok or not final:
        return False, "no /healthz facts"
    before = ok[0].sources[kind]
    same = all(
        not h.sources[kind]["ok"]
        and h.sources[kind]["serving_previous"]
        and (h.sources[kind]["rows"], h.sources[kind]["last_date"]) == (before["rows"], before["last_date"])
        for h in final
    )
    last = final[-1].sources[kind]
    return same, (
        f"/healthz before: ok, {before['rows']} rows to {before['last_date']}; at the end (pids "
        f"{sorted({h.worker for h in final})}): ok={last['ok']}, "
        f"serving_previous={last['serving_previous']}, {last['rows']} rows to {last['last_date']}; "
        f"problem: {str(last['error'])[:100]}"
    )


def screen_kept(record: Record, kind: str) -> tuple[bool, str]:
    before = {p.digest for p in record.probes if p.kind == kind and p.label == "before" and p.status == 200}
    after = [p for p in record.probes if p.kind == kind and p.label == "after"]
    answered = [p for p in after if p.status == 200]
    same = len(before) == 1 and bool(answered) and all(p.digest in before for p in answered)
    last = answered[-1].last_row if answered else "none"
    return same, (
        f"chart CSV {PROBES[kind]} unchanged at the end ({len(answered)} of {len(after)} fetches "
        f"answered): {'yes' if same else 'NO'}; its last row: {last}"
    )


def print_refused(record: Record, keep: Path) -> tuple[int, int, bool]:
    """Returns (sources broken, of which refused with their data kept, the LCPS changes published)."""
    broken = [FAULTED[e.name] for e in record.events if e.name in FAULTED]
    refused = {kind for p in record.publishes for kind in p.problem_kinds}
    facts = version_facts(keep, record, sorted({*broken, "lcps_beds"}))
    print("\nbroken sources: refused, and their last good data kept?")
    kept = 0
    for kind in broken:
        if kind not in refused:
            print(f"  {kind}: NOT REFUSED in any published version: the fault never reached the manifest")
            print(f"    {final_health(record, kind)}")
            continue
        checks = [kept_across_versions(facts[kind]), health_kept(record, kind), screen_kept(record, kind)]
        good = all(result for result, _text in checks)
        kept += good
        print(f"  {kind}: {'KEPT' if good else 'LOST'}")
        for _result, text in checks:
            print(f"    {text}")
    for kind in sorted(refused - set(broken)):
        print(f"  {kind}: refused too, although this script did not break it")
    changed = print_accepted(record, facts["lcps_beds"])
    lost = others_lost(record, set(broken))
    print(
        "the other sources at the end, against /healthz before the faults (ok, rows, last date): "
        + (f"CHANGED: {', '.join(lost)}" if lost else "all unchanged")
    )
    return len(broken) + len(lost), kept, changed


def others_lost(record: Record, broken: set[str]) -> list[str]:
    """The sources this script did not break whose status (ok, rows, last date) changed."""
    answered = [h for h in record.health if h.status == 200 and h.sources]
    if not answered:
        return ["no /healthz answer"]
    first, last = answered[0].sources, answered[-1].sources
    keys = ("ok", "rows", "last_date")
    return sorted(
        kind
        for kind in set(first) | set(last)
        if kind not in broken
        and tuple(first.get(kind, {}).get(k) for k in keys) != tuple(last.get(kind, {}).get(k) for k in keys)
    )


def final_health(record: Record, kind: str) -> str:
    last = next((h for h in reversed(record.health) if h.status == 200), None)
    if last is None:
        return "no /healthz answer"
    status = last.sources.get(kind, {})
    return (
        f"/healthz at the end (pid {last.worker}): ok={status.get('ok')}, "
        f"serving_previous={status.get('serving_previous')}, error={status.get('error')}; "
        f"last_error: {(last.last_error or '')[:160]}"
    )


def print_accepted(record: Record, history: list[Facts]) -> bool:
    """Whether each valid LCPS replacement reached the published data and the screen."""
    values = [f.latest for f in history if f.latest is not None]
    expected = sum(LCPS_BUMPS[: sum(e.name.startswith("replace") for e in record.events)])
    changed = bool(values) and values[-1] - values[0] == expected
    rows = {
        label: {p.last_row for p in record.probes if (p.kind, p.label, p.status) == ("lcps_beds", label, 200)}
        for label in ("before", "after")
    }
    print(
        f"accepted change (lcps_beds, newest IC beds) over the versions: "
        f"{' -> '.join(number(v) for v in dict.fromkeys(values))} (expected +{expected}: "
        f"{'yes' if changed else 'NO'}); chart CSV's last row before {sorted(rows['before'])}, "
        f"at the end {sorted(rows['after'])}"
    )
    return changed


def verdict(counts: dict[str, float], worst: float, limit: float, refused: tuple[int, int, bool]) -> None:
    total, kept, changed = refused
    failures = [
        *([f"{counts['5xx']} answers 5xx"] if counts["5xx"] else []),
        *([f"a worker took {worst:.2f} s to serve a new version"] if worst > limit else []),
        *(
            [f"{total - kept} of {total} sources not kept (broken ones refused, the others unchanged)"]
            if kept < total
            else []
        ),
        *([] if changed else ["a valid new file was not published"]),
    ]
    print(
        f"\nVERDICT: {'PASS' if not failures else 'FAIL (' + '; '.join(failures) + ')'}: "
        f"5xx {counts['5xx']} (target 0); slowest switch {worst:.2f} s (limit {limit:g} s = manifest "
        f"interval + {LOAD_ALLOWANCE:g} s); data kept: {kept}/{total} checks; valid changes "
        f"published: {'yes' if changed else 'NO'}; timeouts {counts['timeouts']}, socket errors "
        f"{counts['sockets']}, other non-2xx {counts['other']} (other processes used "
        f"{counts['others_cores']:.2f} of the machine's cores meanwhile)"
    )


def report(record: Record, args: argparse.Namespace, keep: Path) -> None:
    limit = args.manifest + LOAD_ALLOWANCE
    counts = print_answers(record, args.duration)
    seen = observations(record)
    print_timeline(record, seen)
    worst = print_switches(record, seen, limit, WORKERS)
    print_restarts(record, seen)
    refused = print_refused(record, keep)
    verdict(counts, worst, limit, refused)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (faults scale with it)")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds of watching after the load")
    parser.add_argument("--refresh", type=float, default=2.0, help="DASHAPP_REFRESH_SECONDS")
    parser.add_argument("--manifest", type=float, default=1.0, help="DASHAPP_MANIFEST_SECONDS")
    parser.add_argument("--calm", action="store_true", help="the same load without any fault (control)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="another setting, e.g. DASHAPP_WARM_CACHE=0",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and gunicorn's log")
    args = parser.parse_args()
    if not 1 <= args.users <= 500 or not 5 <= args.duration <= 600:
        parser.error("--users must be 1-500 and --duration 5-600 s")
    if any(not setting.startswith("DASHAPP_") or "=" not in setting for setting in args.set):
        parser.error("--set takes DASHAPP_NAME=VALUE")
    scratch = Path(tempfile.mkdtemp(prefix="dashapp-chaos-"))
    try:
        record = run(args, scratch)
        report(record, args, scratch / "kept")
    except ServerFailed as error:
        sys.exit(f"gunicorn did not start, nothing measured: {error}")
    finally:
        if args.keep:
            print(f"\nkept {scratch} (gunicorn.log, kept/<version>, data/)")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
