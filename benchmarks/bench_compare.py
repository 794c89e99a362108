"""Server time of a comparison of areas, through Flask's test client.

    .venv/bin/python benchmarks/bench_compare.py                 # demo source, 1000 days
    .venv/bin/python benchmarks/bench_compare.py --real ../shared/data

Measures (medians over many requests, after a warm-up):
- the comparison's callback for 10 areas (the country, 3 regions, 6 municipalities) over the whole
  period: the figure with 10 lines, the table, the download links, the URL and the language link;
  the answer to choosing the range "all", and to choosing a figure, as a visitor does;
- its CSV download, and the comparison's page layout (what the router will send on a first visit);
- as a reference in the same run: the national chart's CSV download over the whole period (one
  request the site has always answered, through the same test client).
Target: the comparison's callback <= 15 ms (median). Each line gives the median wall time and the
median CPU time of the serving thread: on a busy shared machine the wall time is stretched by other
processes, the CPU time much less; compare both with the reference of the same run.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from benchmarks.bench_callbacks import checked
from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.i18n import use_language
from dashapp.layouts.compare import layout
from tests.insights.compare_app import compare_server

AREAS = ["NL", "VR13", "VR17", "VR25", "GM0363", "GM0599", "GM0518", "GM0344", "GM0014", "GM0153"]
METRICS = ["positive_tests_per_100k", "positive_tests_per_100k_7d_avg", "deceased_per_100k", "sewer_average"]


def measure(label: str, requests: list[Callable[[], bytes]], warmup: int = 10) -> None:
    """Median wall time and median CPU time of this thread (the load of other processes on a shared
    machine stretches the first, hardly the second), and the answer's size."""
    for request in requests[:warmup]:
        request()
    gc.collect()
    walls, cpus, sizes = [], [], []
    for request in requests:
        wall, cpu = time.perf_counter(), time.thread_time()
        body = request()
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - wall)
        sizes.append(len(body))
    cpu_p95 = sorted(cpus)[int(len(cpus) * 0.95)]
    print(
        f"  {label:48s} wall median {statistics.median(walls) * 1000:7.2f} ms  "
        f"CPU median {statistics.median(cpus) * 1000:7.2f} ms  p95 {cpu_p95 * 1000:6.2f} ms  "
        f"{statistics.median(sizes) / 1024:6.1f} kB  ({len(walls)} requests)"
    )


def comparison_request(
    client, output: str, outputs: list[dict], kind: str, value: str, shown_range: str
) -> bytes:
    """The callback's answer to a button pressed on a page that shows the 10 areas' positive tests
    over ``shown_range``: a range button (``kind`` "range") or a figure button ("metric")."""
    pressed = {"type": f"compare-{kind}-pick", kind: value}

    def buttons(button_kind: str, field: str, values: list[str]) -> list[dict]:
        return [
            {
                "id": {field: name, "type": button_kind},
                "property": "n_clicks",
                "value": 1 if {"type": button_kind, field: name} == pressed else 0,
            }
            for name in values
        ]

    payload = {
        "output": output,
        "outputs": outputs,
        "inputs": [
            {"id": "compare-search", "property": "n_submit", "value": None},
            {"id": "compare-search-button", "property": "n_clicks", "value": 0},
            [],
            buttons("compare-remove", "code", AREAS),
            buttons("compare-metric-pick", "metric", METRICS),
            buttons("compare-range-pick", "range", ["all", "1y", "6m", "3m", "30d", "5w"]),
        ],
        "changedPropIds": [
            json.dumps({kind: value, "type": pressed["type"]}, separators=(",", ":")) + ".n_clicks"
        ],
        "state": [
            {"id": "compare-search", "property": "value", "value": ""},
            {
                "id": "compare-selection",
                "property": "data",
                "value": {"areas": AREAS, "metric": METRICS[0], "range": shown_range},
            },
            {"id": "url", "property": "pathname", "value": "/nl/vergelijk"},
        ],
    }
    response = client.post("/_dash-update-component", json=payload)
    return checked(response.status_code, response.data)


def run(directory: Path, requests: int) -> None:
    store = DataStore(DirectorySource(directory), refresh_seconds=3600)
    store.refresh()
    client = compare_server(store).test_client()
    dependency = next(
        dep
        for dep in client.get("/_dash-dependencies").get_json()
        if "compare-selection.data" in dep["output"]
    )
    outputs = []
    for part in dependency["output"].strip(".").split("..."):
        component, _, prop = part.rpartition(".")
        outputs.append({"id": component, "property": prop})
    site = create_server(Config(), store=store).test_client()

    def cycle(items, count):
        return [items[i % len(items)] for i in range(count)]

    print(f"  10 areas: {', '.join(AREAS)}")
    for round_number in (1, 2):
        print(f" round {round_number}")
        measure(
            "reference: national chart's CSV, range 'all'",
            [partial(chart_csv, site) for _ in range(requests)],
        )
        measure(
            "compare 10 areas: range 'all'",
            [
                partial(comparison_request, client, dependency["output"], outputs, "range", "all", "3m")
                for _ in range(requests)
            ],
        )
        measure(
            "compare 10 areas, 'all': another figure",
            [
                partial(comparison_request, client, dependency["output"], outputs, "metric", metric, "all")
                for metric in cycle(METRICS[1:], requests)
            ],
        )
        query = "areas=" + ",".join(AREAS) + "&metric=positive_tests_per_100k&range=all"
        measure(
            "compare 10 areas, 'all': CSV download",
            [partial(download, client, query) for _ in range(requests // 4)],
        )
        measure(
            "compare 10 areas, 'all': page layout (no JSON)",
            [partial(page, client, store, query) for _ in range(requests // 4)],
        )


def chart_csv(client) -> bytes:
    response = client.get("/download/nl/nl/NL/positive_tests_per_100k.csv?range=all")
    return checked(response.status_code, response.data)


def download(client, query: str) -> bytes:
    response = client.get(f"/download/nl/compare.csv?{query}")
    return checked(response.status_code, response.data)


def page(client, store, query: str) -> bytes:
    with client.application.app_context(), use_language("nl"):
        return str(layout(store.current, store.reference, "?" + query)).encode()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=Path, help="the shared data folder (its files are linked flat)")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        print(sources.fill(directory, args.real))
        run(directory, args.requests)


if __name__ == "__main__":
    main()
