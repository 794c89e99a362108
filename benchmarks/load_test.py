"""Load test on loopback: wrk against a real gunicorn serving the demo source at full size.

    .venv/bin/python benchmarks/load_test.py                 # 200 users for 60 s, then capacity runs
    .venv/bin/python benchmarks/load_test.py --duration 20   # shorter
    .venv/bin/python benchmarks/load_test.py --config "" --config "--worker-class gthread --threads 2"
                                                             # compare gunicorn settings in one run

Needs Debian's ``wrk``. Three runs, each bounded in time and on loopback only:

1. users: 200 connections for ``--duration`` seconds; each "user" waits 0.2-0.8 s between
   requests (think time) and mixes page loads (index, layout, dependencies) with the main
   callbacks (moving between municipalities, each moved-to chart, national time ranges, the
   national page's first render);
2. the same users making only the callbacks, for the callbacks' own latency;
3. capacity, callbacks only: 32 connections without think time, the same callback mix;
4. capacity, municipality switch only.

For each: requests per second, p50/p95/p99 latency, and non-2xx answers or socket errors.
``--config`` (repeatable) gives gunicorn command-line settings that take precedence over
``gunicorn.conf.py``; each configuration gets a gunicorn of its own, one after the other.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from benchmarks.bench_callbacks import chart_outputs
from dashapp.charts.ranges import DEFAULT_RANGE, RANGES
from dashapp.data.reference import load_reference
from tests.dash_client import ROUTER_OUTPUT_IDS, _id_text
from tests.servers import gunicorn

REPO = Path(__file__).resolve().parent.parent
LUA = r"""
local requests = {}
local weights = {}
local total = 0
%(entries)s
local think_low, think_high = %(think_low)d, %(think_high)d
local non2xx = 0

request = function()
  local pick = math.random() * total
  for i = 1, #requests do
    pick = pick - weights[i]
    if pick <= 0 then return requests[i] end
  end
  return requests[#requests]
end

delay = function()
  if think_high == 0 then return 0 end
  return math.random(think_low, think_high)
end

response = function(status, headers, body)
  if status >= 300 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests_)
  io.write(string.format("RESULT %%d %%f %%f %%f %%f %%d %%d %%d %%d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency.max / 1000, non2xx))
end
"""


def payload(outputs, inputs, state=()) -> str:
    key = ".." + "...".join(f"{_id_text(i, 'key')}.{p}" for i, p in outputs) + ".."
    return json.dumps(
        {
            "output": key if len(outputs) > 1 else f"{_id_text(outputs[0][0], 'key')}.{outputs[0][1]}",
            "outputs": [{"id": i, "property": p} for i, p in outputs]
            if len(outputs) > 1
            else {"id": outputs[0][0], "property": outputs[0][1]},
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "changedPropIds": [f"{_id_text(inputs[0][0], 'key')}.{inputs[0][1]}"],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        }
    )


def router_body(path: str, frame: str | None) -> str:
    return payload(
        ROUTER_OUTPUT_IDS,
        [("url", "pathname", path), ("data-version", "data", None)],
        [("frame-key", "data", frame), ("url", "search", None)],
    )


def chart_body(level: str, code: str, chart_id: str, range_name: str) -> str:
    """A chart card's callback as the page sends it: a chart scrolled into view, or a range pressed."""
    key = f"nl|{level}|{code}|{chart_id}"
    pick = {"type": f"chart-pick-{range_name}", "key": key}
    body = json.loads(
        payload(
            chart_outputs(key),
            [
                ({"type": "chart-toggle", "key": key}, "n_clicks", 0),
                ({"type": "chart-visible", "key": key}, "data", True),
                *(({"type": f"chart-pick-{name}", "key": key}, "n_clicks", 0) for name in RANGES),
            ],
            [
                ({"type": "chart-toggle", "key": key}, "aria-expanded", "false"),
                ({"type": "chart-range", "key": key}, "data", DEFAULT_RANGE),
            ],
        )
    )
    body["changedPropIds"] = [f"{json.dumps(pick, separators=(',', ':'), sort_keys=True)}.n_clicks"]
    return json.dumps(body)


def frame_key(base: str) -> str:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=router_body("/nl/gemeente/GM0363", None).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["response"]["frame-key"]["data"]


def lua_entries(items: list[tuple[float, str, str, str | None]]) -> str:
    lines = []
    for weight, method, path, body in items:
        headers = '{["Content-Type"] = "application/json"}' if body else "{}"
        body_text = "nil" if body is None else "[==[" + body + "]==]"
        lines.append(
            f"requests[#requests + 1] = "
            f"wrk.format({json.dumps(method)}, {json.dumps(path)}, {headers}, {body_text})"
        )
        lines.append(f"weights[#weights + 1] = {weight}; total = total + {weight}")
    return "\n".join(lines)


def mixes(frame: str, codes: list[str]) -> dict[str, list[tuple[float, str, str, str | None]]]:
    random.seed(2020)
    sample = random.sample(codes, 40)
    switches = [
        (1.0, "POST", "/_dash-update-component", router_body(f"/nl/gemeente/{c}", frame)) for c in sample
    ]
    charts = [
        (1.0, "POST", "/_dash-update-component", chart_body("gm", c, chart, DEFAULT_RANGE))
        for c in sample
        for chart in ("positive_tests_per_100k", "positive_tests_7d_per_100k", "hospital_admissions")
    ]
    ranges = [
        (1.0, "POST", "/_dash-update-component", chart_body("nl", "NL", chart, name))
        for chart in ("positive_tests_per_100k", "hospital_admissions", "ic_admissions", "sewer_average")
        for name in ("all", "1y", "6m", "3m", "30d", "5w")
    ]
    callbacks = [
        *[(w * 30 / len(switches), m, p, b) for w, m, p, b in switches],
        *[(w * 45 / len(charts), m, p, b) for w, m, p, b in charts],
        *[(w * 20 / len(ranges), m, p, b) for w, m, p, b in ranges],
        (5.0, "POST", "/_dash-update-component", router_body("/nl/", None)),
    ]
    pages = [
        (3.0, "GET", "/nl/", None),
        (2.0, "GET", f"/nl/gemeente/{sample[0]}", None),
        (2.5, "GET", "/_dash-layout", None),
        (2.5, "GET", "/_dash-dependencies", None),
    ]
    return {
        "users": [*[(w * 0.9, m, p, b) for w, m, p, b in callbacks], *pages],
        "callbacks": callbacks,
        "switch": switches,
    }


def run_wrk(base: str, items, connections: int, duration: int, think: tuple[int, int], scratch: Path) -> dict:
    script = scratch / "mix.lua"
    script.write_text(
        LUA % {"entries": lua_entries(items), "think_low": think[0], "think_high": think[1]}, encoding="utf-8"
    )
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)", output)
    requests, seconds, p50, p95, p99, socket_errors, _status, worst, non2xx = match.groups()
    return {
        "requests": int(requests),
        "rps": int(requests) / float(seconds),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "p99_ms": float(p99),
        "max_ms": float(worst),
        "socket_errors": int(socket_errors),
        "non_2xx": int(non2xx),
    }


def report(label: str, result: dict) -> None:
    print(
        f"{label:34s} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
        f"p95 {result['p95_ms']:7.1f} ms  p99 {result['p99_ms']:7.1f} ms  "
        f"errors {result['socket_errors']} socket / {result['non_2xx']} non-2xx  "
        f"({result['requests']} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--config",
        action="append",
        default=None,
        help="gunicorn command-line settings of one configuration (repeatable); default: as shipped",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        data = scratch / "data"
        data.mkdir()
        sources.fill(data, None)
        for number, config in enumerate(args.config or [""]):
            measure(data, scratch / f"run-{number}", config, args)


def measure(data: Path, scratch: Path, config: str, args: argparse.Namespace) -> None:
    settings = {"DASHAPP_LOG_LEVEL": "WARNING", "DASHAPP_REFRESH_SECONDS": "3600"}
    # No access log: writing a line per request would be part of what is measured.
    extra = ("--access-logfile", "/dev/null", *shlex.split(config))
    scratch.mkdir(parents=True, exist_ok=True)
    with gunicorn(data, scratch, workers=args.workers, env=settings, extra_args=extra) as server:
        base = server.url
        frame = frame_key(base)
        plans = mixes(frame, list(load_reference().municipalities))
        # Warm up every worker (translations, caches, first figures).
        run_wrk(base, plans["callbacks"], 8, 5, (0, 0), scratch)
        print(
            f"gunicorn, {args.workers} workers, {config or 'gunicorn.conf.py as shipped'} "
            f"(DASHAPP_THREADS={os.environ.get('DASHAPP_THREADS', '1')}), demo source of 1000 days, "
            "wrk on the same machine"
        )
        report(
            f"users: {args.users}, think 0.2-0.8 s",
            run_wrk(base, plans["users"], args.users, args.duration, (200, 800), scratch),
        )
        report(
            f"users, callbacks only: {args.users}",
            run_wrk(base, plans["callbacks"], args.users, args.duration, (200, 800), scratch),
        )
        report(
            "capacity: callbacks, 32 conns",
            run_wrk(base, plans["callbacks"], 32, min(args.duration, 30), (0, 0), scratch),
        )
        report(
            "capacity: switch only, 32 conns",
            run_wrk(base, plans["switch"], 32, min(args.duration, 30), (0, 0), scratch),
        )


if __name__ == "__main__":
    main()
