"""Server time and response size of the callbacks a visitor triggers, through Flask's test client.

    .venv/bin/python benchmarks/bench_callbacks.py                 # demo source, 1000 days
    .venv/bin/python benchmarks/bench_callbacks.py --real ../shared/data

Measures (medians over many requests, after a warm-up; the time of a request ends when its body has
arrived, before anything decodes it):
- the whole move to another municipality or region, to another language and to another tab: one
  callback each (the router), with and without the pre-rendering that follows each new snapshot;
- the router's answer on a page's first load (no frame shown yet: the whole frame, the map's box);
- the area map drawn when its box comes into view (its own callback, from the render cache);
- a chart card drawn when it comes into view, and a time-range change of a national chart;
- the page's HTML from the server (the first paint, also without JavaScript);
- how many components and bytes the router's answer of each kind of page carries.
Targets: whole area switch <= 5 ms; national range change <= 10 ms.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from dashapp.app import CACHES_KEY, MAP_KEY, create_server, warm_caches
from dashapp.callbacks.chart_cards import ANSWER_TARGETS
from dashapp.charts.ranges import RANGES
from dashapp.charts.specs import CHARTS
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource
from dashapp.web.preload import DASH_KEY
from tests.dash_client import listening_request, post_callback, route, router_request


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


def chart_outputs(key: str) -> list[tuple[dict, str]]:
    """The outputs of a chart card's callback, in the order of ``ANSWER_TARGETS``."""
    return [({"type": f"chart-{part}", "key": key}, prop) for part, prop in ANSWER_TARGETS.values()]


def chart_request(client, language: str, level: str, code: str, chart_id: str, range_name: str) -> bytes:
    """A chart card's callback as the page sends it when a range button is pressed."""
    key = f"{language}|{level}|{code}|{chart_id}"
    pick = {"type": f"chart-pick-{range_name}", "key": key}
    status, _data, raw = post_callback(
        client,
        chart_outputs(key),
        [
            ({"type": "chart-toggle", "key": key}, "n_clicks", 0),
            ({"type": "chart-visible", "key": key}, "data", True),
            *(({"type": f"chart-pick-{name}", "key": key}, "n_clicks", 0) for name in RANGES),
        ],
        [
            ({"type": "chart-toggle", "key": key}, "aria-expanded", "false"),
            ({"type": "chart-range", "key": key}, "data", "3m"),
        ],
        changed=[f"{json.dumps(pick, separators=(',', ':'), sort_keys=True)}.n_clicks"],
    )
    return checked(status, raw)


def routed(client, pathname: str, frame_key: str | None = None) -> bytes:
    """The router's raw answer for a path, as the page asks for it (timed without decoding it)."""
    response = client.post(
        "/_dash-update-component",
        data=json.dumps(router_request(pathname, frame_key)),
        content_type="application/json",
    )
    return checked(response.status_code, response.data)


def area_map_request(client, app, pathname: str) -> bytes:
    """The area map's callback as the page fires it when the map's box nears the screen."""
    known = {"area-map-visible.data": True, "url.pathname": pathname, "area-map-drawn.data": False}
    payload = listening_request(app, "area-map-visible", "area-map-visible.data", known)
    response = client.post("/_dash-update-component", json=payload)
    return checked(response.status_code, response.data)


def national_range_request(client, chart_id: str, range_name: str) -> bytes:
    return chart_request(client, "nl", "nl", "NL", chart_id, range_name)


def components(node) -> Iterator[dict]:
    """Every Dash component in a router answer (a component's own children included)."""
    if isinstance(node, dict):
        if "namespace" in node and "props" in node:
            yield node
        for value in node.values():
            yield from components(value)
    elif isinstance(node, list):
        for value in node:
            yield from components(value)


def components_of(answer: dict) -> int:
    """How many Dash components a router answer carries."""
    return sum(1 for _ in components(answer))


def share_boxes_of(answer: dict) -> tuple[int, int]:
    """How many chart share boxes a router answer carries, and their bytes of JSON."""
    boxes = [node for node in components(answer) if node["props"].get("className") == "chart-share"]
    return len(boxes), sum(len(json.dumps(box, separators=(",", ":"))) for box in boxes)


def run(directory: Path, switches: int) -> None:
    store = DataStore(DirectorySource(directory), refresh_seconds=3600)
    store.refresh()
    server = create_server(Config(), store=store)
    client = server.test_client()
    codes = list(store.reference.municipalities)
    regions = list(store.reference.regions)
    frame = route(client, "/nl/gemeente/GM0363")[0]["frame-key"]["data"]

    def cycle(items, count):
        return [items[i % len(items)] for i in range(count)]

    def switch(code: str) -> bytes:
        return routed(client, f"/nl/gemeente/{code}", frame)

    # Without the pre-rendering: a first visit builds the area's part of the page.
    measure(
        "area switch, not pre-rendered (first visits)", [partial(switch, code) for code in codes[:120]], 0
    )
    # What the refresh thread does after each new snapshot in production (DASHAPP_WARM_CACHE): every
    # area's part and the default view of every chart, in both languages, in this server's caches.
    started = time.perf_counter()
    warm_caches(server, server.extensions[CACHES_KEY], server.extensions[MAP_KEY], store.current)
    print(f"  pre-rendering every area and chart, both languages: {time.perf_counter() - started:.2f} s")
    caches = server.extensions[CACHES_KEY]
    print(
        f"  kept (compressed): {len(caches.pages)} parts {caches.pages.size() / 1e6:.1f} MB, "
        f"{len(caches.charts)} chart answers {caches.charts.size() / 1e6:.1f} MB"
    )
    # The whole move to another municipality is this one callback: the router's answer carries the
    # area's heading, one glance, tiles, charts and panels, and the map's patch.
    measure(
        "whole area switch (one callback), municipality",
        [partial(switch, code) for code in cycle(codes, switches)],
    )
    region_frame = route(client, "/nl/veiligheidsregio/VR13")[0]["frame-key"]["data"]
    measure(
        "whole area switch (one callback), region",
        [
            partial(lambda code: routed(client, f"/nl/veiligheidsregio/{code}", region_frame), code)
            for code in cycle(regions, switches // 2)
        ],
    )
    measure(
        "first load of a page (no frame shown), municipality",
        [partial(lambda code: routed(client, f"/nl/gemeente/{code}"), code) for code in cycle(codes, 300)],
    )
    measure(
        "language switch (one callback), municipality",
        [
            partial(lambda code: routed(client, f"/en/gemeente/{code}", frame), code)
            for code in cycle(codes, 300)
        ],
    )
    measure(
        "tab switch to the national tab (one callback)",
        [partial(lambda: routed(client, "/nl/", frame))] * 100,
    )
    app = server.extensions[DASH_KEY]
    measure(
        "later, scrolled into view: the area map, municipality",
        [partial(area_map_request, client, app, f"/nl/gemeente/{code}") for code in cycle(codes, 300)],
    )
    drawn = area_map_request(client, app, "/nl/gemeente/GM0363")
    print(f"  the area map drawn in view: {len(drawn) / 1024:.1f} kB")
    for chart_id in CHARTS["gm"]:
        requests = [
            partial(chart_request, client, "nl", "gm", code, chart_id, "3m")
            for code in cycle(codes, switches // 4)
        ]
        measure(f"later, scrolled into view: chart {chart_id}", requests)
    ranges = ["all", "1y", "6m", "3m", "30d", "5w"]
    for chart_id in ("positive_tests_per_100k", "hospital_admissions", "sewer_average"):
        requests = [partial(national_range_request, client, chart_id, name) for name in cycle(ranges, 300)]
        measure(f"national range change: {chart_id}", requests)
    for path in ("/nl/", "/nl/veiligheidsregio/VR13", "/nl/gemeente/GM0363", "/en/faq"):
        measure(f"server page (HTML) {path}", [partial(lambda p: client.get(p).data, path)] * 100, 3)
    print("  components in the router's answer of a page:")
    for path in ("/nl/", "/nl/veiligheidsregio/VR13", "/nl/gemeente/GM0363", "/nl/gemeente", "/nl/faq"):
        answer, raw = route(client, path)
        boxes, box_bytes = share_boxes_of(answer)
        print(
            f"    {path:28s} {components_of(answer):5d} components, {len(raw) / 1024:6.1f} kB "
            f"(share boxes: {boxes}, {box_bytes / 1024:.1f} kB)"
        )


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
