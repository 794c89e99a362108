"""Web workers on a published snapshot: their memory and how soon a worker answers.

    .venv/bin/python benchmarks/bench_workers.py             # demo source, 1,000 days, 5 starts
    .venv/bin/python benchmarks/bench_workers.py --repeat 9

The demo source is published once (``python -m dashapp ingest --once``); then gunicorn serves it
with DASHAPP_INGEST=external, so that only web workers run. Printed:

- memory as proportional set size (PSS: a page shared by n processes counts 1/n in each), after
  each worker has loaded the version and pre-rendered its area headers, for 1 worker and for 4;
  the reference, measured in the same run, is a process that builds its own snapshot from the raw
  files, as every worker did before the ingest was split off;
- start to first 200 on /nl/: (a) a new gunicorn (master and workers) with a version published,
  (b) a worker killed with SIGKILL, from the kill until its replacement (another pid, per /healthz)
  answers a page; the reference is a trivial Dash app (one div) started by gunicorn the same way.
Targets (issue 9): one worker <= 150 MB PSS; four together <= 1.5 x one alone (counted here as
the whole deployment, master included: with the master left out, the pages a single worker shares
with it would count half in that worker and a fifth in each of four, which no ratio can meet);
start <= 1 s. DASHAPP_WARM_CACHE=0 in the environment measures the workers without pre-rendering.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashapp.data.demo import write_demo_sources
from tests.servers import fetch, free_port

REPO = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
TRIVIAL_APP = """
from dash import Dash, html
app = Dash(__name__)
app.layout = html.Div("hello")
server = app.server
"""
OWN_SNAPSHOT = """
import dataclasses, gc, json, psutil
from dashapp.app import create_server
from dashapp.config import Config
server = create_server(dataclasses.replace(Config.from_env(), snapshot_dir=None))
gc.collect()
print(json.dumps({"pss_mb": psutil.Process().memory_full_info().pss / 2**20}))
"""


def start(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)


def wait_for_page(url: str, timeout: float = 60, not_pid: int | None = None) -> float:
    """Seconds until ``url`` answers 200 (and, with ``not_pid``, /healthz names another worker)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if fetch(url, timeout=2)[0] == 200:
                if not_pid is None:
                    return time.perf_counter() - started
                health = json.loads(fetch(url.rsplit("/", 2)[0] + "/healthz", timeout=2)[2])
                if health.get("worker_pid") != not_pid:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.01)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def gunicorn_env(data: Path, snapshots: Path, port: int, workers: int) -> dict[str, str]:
    return {
        **os.environ,
        "DASHAPP_DATA_DIR": str(data),
        "DASHAPP_SNAPSHOT_DIR": str(snapshots),
        "DASHAPP_INGEST": "external",
        "DASHAPP_BIND": f"127.0.0.1:{port}",
        "DASHAPP_WORKERS": str(workers),
        "DASHAPP_LOG_LEVEL": "WARNING",
    }


def pss_of_workers(master: int) -> list[float]:
    """PSS of the master, then of each worker."""
    processes = [psutil.Process(master), *psutil.Process(master).children()]
    return [process.memory_full_info().pss / 2**20 for process in processes]


def memory(data: Path, snapshots: Path, scratch: Path, workers: int) -> list[float]:
    port = free_port()
    env = gunicorn_env(data, snapshots, port, workers)
    process = start(
        [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:server"], REPO, env, scratch / f"mem-{workers}.log"
    )
    try:
        wait_for_page(f"http://127.0.0.1:{port}/nl/")
        for path in ("/nl/", "/nl/gemeente/GM0363", "/nl/veiligheidsregio/VR13"):
            for _ in range(workers * 3):
                fetch(f"http://127.0.0.1:{port}{path}")
        time.sleep(8)  # each worker pre-renders every area's header after loading a version
        return pss_of_workers(process.pid)
    finally:
        stop(process)


def own_snapshot_pss(data: Path) -> float:
    env = {**os.environ, "DASHAPP_DATA_DIR": str(data), "DASHAPP_LOG_LEVEL": "WARNING"}
    output = subprocess.run(
        [sys.executable, "-c", OWN_SNAPSHOT], cwd=REPO, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["pss_mb"]


def cold_starts(command: list[str], cwd: Path, env: dict[str, str], repeat: int, log: Path) -> list[float]:
    port = int(env["DASHAPP_BIND"].rsplit(":", 1)[1])
    times = []
    for _ in range(repeat):
        process = start(command, cwd, env, log)
        try:
            times.append(wait_for_page(f"http://127.0.0.1:{port}/nl/"))
        finally:
            stop(process)
    return times


def worker_restarts(data: Path, snapshots: Path, scratch: Path, repeat: int) -> list[float]:
    port = free_port()
    env = gunicorn_env(data, snapshots, port, 1)
    process = start([GUNICORN, "-c", "gunicorn.conf.py", "wsgi:server"], REPO, env, scratch / "restart.log")
    url = f"http://127.0.0.1:{port}/nl/"
    times = []
    try:
        wait_for_page(url)
        for _ in range(repeat):
            worker = psutil.Process(process.pid).children()[0]
            worker.send_signal(signal.SIGKILL)
            times.append(wait_for_page(url, not_pid=worker.pid))
    finally:
        stop(process)
    return times


def median(samples: list[float]) -> str:
    runs = ", ".join(f"{sample:.2f}" for sample in samples)
    return f"{statistics.median(samples):7.2f} s (of {runs})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--days", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        data, snapshots = scratch / "data", scratch / "snapshots"
        write_demo_sources(data, date.today(), days=args.days)
        env = {**os.environ, "DASHAPP_DATA_DIR": str(data), "DASHAPP_SNAPSHOT_DIR": str(snapshots)}
        subprocess.run([sys.executable, "-m", "dashapp", "ingest", "--once"], cwd=REPO, env=env, check=True)

        print(f"demo source, {args.days:,} days, published once; medians on this shared 2-core VM")
        one = memory(data, snapshots, scratch, 1)
        four = memory(data, snapshots, scratch, 4)
        reference = own_snapshot_pss(data)
        each = ", ".join(f"{m:.0f}" for m in four[1:])
        print(f"  PSS, 1 worker                       {one[1]:7.1f} MB (master {one[0]:.0f} MB)")
        print(
            f"  PSS, 4 workers                      {sum(four[1:]):7.1f} MB ({each}; master {four[0]:.0f} MB)"
        )
        print(f"  deployment of 4 / deployment of 1   {sum(four) / sum(one):7.2f} x (master and workers)")
        print(f"  reference: a process building its own snapshot  {reference:7.1f} MB PSS")

        (scratch / "trivial.py").write_text(textwrap.dedent(TRIVIAL_APP))
        port = free_port()
        trivial_env = {**os.environ, "DASHAPP_BIND": f"127.0.0.1:{port}"}
        trivial = cold_starts(
            [GUNICORN, "-w", "2", "-b", f"127.0.0.1:{port}", "--no-control-socket", "trivial:server"],
            scratch,
            trivial_env,
            args.repeat,
            scratch / "trivial.log",
        )
        ours = cold_starts(
            [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:server"],
            REPO,
            gunicorn_env(data, snapshots, free_port(), 2),
            args.repeat,
            scratch / "cold.log",
        )
        restarts = worker_restarts(data, snapshots, scratch, args.repeat)
        print(f"  start to first 200, new gunicorn    {median(ours)}")
        print(f"  reference: trivial Dash app         {median(trivial)}")
        print(f"  killed worker to replacement's 200  {median(restarts)}")


if __name__ == "__main__":
    main()
