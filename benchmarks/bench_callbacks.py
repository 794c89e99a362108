"""Server time and response size of the callbacks a visitor triggers, through Flask's test client.

    .venv/bin/python benchmarks/bench_callbacks.py                 # demo source, 1000 days
    .venv/bin/python benchmarks/bench_callbacks.py --real ../shared/data

Measures (medians over many requests, after a warm-up):
- switching municipality within the municipality tab: the router callback (tiles and the map
  patch) and, separately, the callbacks that the switch then triggers (each chart, the sewage panel);
- a time-range change of a national chart;
- the first render of the national tab and of a municipality page.
Targets: switch <= 3 ms and < 50 kB; national range change <= 10 ms.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from dashapp.app import MAP_KEY, create_server, warm_caches
from dashapp.callbacks import RenderCaches
from dashapp.charts.specs import CHARTS
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from tests.dash_client import post_callback, route

CHART_PARTS = ("graph", "csv", "summary", "status", "table")


def measure(label: str, requests: list[Callable[[], bytes]], warmup: int = 20) -> None:
    for request in requests[:warmup]:
        request()
    gc.collect()
    times, sizes = [], []
    for request in requests:
        started = time.perf_counter()
        body = request()
        times.append(time.perf_counter() - started)
        sizes.append(len(body))
    times.sort()
    print(
        f"  {label:44s} median {statistics.median(times) * 1000:7.2f} ms  "
        f"p95 {times[int(len(times) * 0.95)] * 1000:7.2f} ms  "
        f"response median {statistics.median(sizes) / 1024:6.1f} kB  ({len(times)} requests)"
    )


def checked(status: int, body: bytes) -> bytes:
    """A benchmark of error answers measures nothing: stop at the first one."""
    if status != 200:
        raise RuntimeError(f"callback answered HTTP {status}: {body[:300]!r}")
    return body


def chart_outputs(prefix: str, key: str) -> list[tuple[dict, str]]:
    props = {
        "graph": "figure",
        "csv": "href",
        "summary": "children",
        "status": "children",
        "table": "children",
    }
    outputs = [({"type": f"{prefix}-{part}", "key": key}, props[part]) for part in CHART_PARTS]
    toggle = {"type": f"{prefix}-toggle", "key": key}
    return [*outputs, (toggle, "aria-expanded"), (toggle, "children")]


def area_chart_request(client, pathname: str, level: str, chart_id: str) -> bytes:
    key = f"{level}|{chart_id}"
    status, _data, raw = post_callback(
        client,
        chart_outputs("area-chart", key),
        [
            ("url", "pathname", pathname),
            ({"type": "area-chart-range", "key": key}, "value", "3m"),
            ({"type": "area-chart-toggle", "key": key}, "n_clicks", 0),
            ({"type": "area-chart-visible", "key": key}, "data", True),
        ],
        [({"type": "area-chart-toggle", "key": key}, "aria-expanded", "false")],
    )
    return checked(status, raw)


def national_range_request(client, chart_id: str, range_name: str) -> bytes:
    key = f"nl|nl|NL|{chart_id}"
    status, _data, raw = post_callback(
        client,
        chart_outputs("chart", key),
        [
            ({"type": "chart-range", "key": key}, "value", range_name),
            ({"type": "chart-toggle", "key": key}, "n_clicks", 0),
            ({"type": "chart-visible", "key": key}, "data", True),
        ],
        [({"type": "chart-toggle", "key": key}, "aria-expanded", "false")],
    )
    return checked(status, raw)


def run(directory: Path, switches: int) -> None:
    store = DataStore(DirectorySource(directory), refresh_seconds=3600)
    store.refresh()
    server = create_server(Config(), store=store)
    client = server.test_client()
    codes = list(store.reference.municipalities)
    frame = route(client, "/nl/gemeente/GM0363")[0]["frame-key"]["data"]

    def cycle(items, count):
        return [items[i % len(items)] for i in range(count)]

    def switch(code: str) -> bytes:
        return route(client, f"/nl/gemeente/{code}", frame)[1]

    def sewage(code: str) -> bytes:
        return post_callback(
            client, [("sewage-panel", "children")], [("url", "pathname", f"/nl/gemeente/{code}")]
        )[2]

    # First visits build each area's header; later visits find it in the worker's render cache.
    measure("municipality switch: router, first visits", [partial(switch, code) for code in codes], warmup=0)
    measure(
        "municipality switch: router, seen before", [partial(switch, code) for code in cycle(codes, switches)]
    )
    # What the refresh thread does after each new snapshot in production (DASHAPP_WARM_CACHE):
    # afterwards every first visit is like "seen before".
    started = time.perf_counter()
    warm_caches(server, RenderCaches(), server.extensions[MAP_KEY], store.current)
    print(f"  pre-rendering every area header, both languages: {time.perf_counter() - started:.2f} s")
    for chart_id in CHARTS["gm"]:
        if chart_id != "sewer_average":
            requests = [
                partial(area_chart_request, client, f"/nl/gemeente/{code}", "gm", chart_id)
                for code in cycle(codes, switches // 2)
            ]
            measure(f"  then the chart {chart_id}", requests)
    measure("  then the sewage panel", [partial(sewage, code) for code in cycle(codes, switches // 2)])
    ranges = ["all", "1y", "6m", "3m", "30d", "5w"]
    for chart_id in ("positive_tests_per_100k", "hospital_admissions", "sewer_average"):
        requests = [partial(national_range_request, client, chart_id, name) for name in cycle(ranges, 300)]
        measure(f"national range change: {chart_id}", requests)
    measure("first render: national tab", [partial(lambda: route(client, "/nl/")[1]) for _ in range(30)], 3)
    first_visits = [
        partial(lambda code: route(client, f"/nl/gemeente/{code}")[1], code) for code in codes[:60]
    ]
    measure("first render: municipality page (frame)", first_visits, warmup=3)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=Path, help="the shared data folder (its files are linked flat)")
    parser.add_argument("--switches", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        print(sources.fill(directory, args.real))
        run(directory, args.switches)


if __name__ == "__main__":
    main()
