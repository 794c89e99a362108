"""Server time of the open-data API, through Flask's test client, against references in the same run.

    .venv/bin/python benchmarks/bench_api.py                  # demo source, 1000 days
    .venv/bin/python benchmarks/bench_api.py --real ../shared/data

Measures (medians over many requests, after a warm-up), each through the whole server (its
before/after hooks: security headers, cache policy, fair use, compression):
- reference: a trivial route on the same server (returns ``{}``) and on a bare Flask app;
- one area and one indicator over the whole period (``/api/v1/areas/gm/.../series?indicator=...``),
  cycling over municipalities so that nothing is answered from a cache;
- the latest value of one indicator for all 355 municipalities (``/api/v1/latest/gm/...``);
- the same with the client's ETag (a 304), and the catalogue of indicators.
Targets: one area and indicator over the whole period <= 2 ms; latest of all municipalities <= 5 ms.
The "own time" column subtracts the trivial route on the same server: what the API itself costs.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import flask

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sources
from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.store import DataStore, DirectorySource


def timed(requests: list[Callable[[], object]], warmup: int = 30) -> tuple[float, float]:
    """Median and p95 in milliseconds."""
    for request in requests[:warmup]:
        request()
    gc.collect()
    times = []
    for request in requests:
        started = time.perf_counter()
        request()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def getter(client, path: str, status: int = 200, headers: dict | None = None) -> Callable[[], bytes]:
    def get() -> bytes:
        answer = client.get(path, headers=headers or {})
        if answer.status_code != status:
            raise RuntimeError(f"{path} answered {answer.status_code}: {answer.data[:200]!r}")
        return answer.data

    return get


def run(directory: Path, count: int) -> None:
    store = DataStore(DirectorySource(directory), refresh_seconds=3600)
    store.refresh()
    server = create_server(Config(api_requests_per_minute=0, warm_cache=False), store=store)

    @server.get("/api/v1/bench-reference")
    def reference() -> flask.Response:
        return flask.jsonify({})

    client = server.test_client()
    bare = flask.Flask("bare")
    bare.add_url_rule("/reference", "reference", lambda: flask.jsonify({}))
    bare_client = bare.test_client()
    snapshot = store.current
    assert snapshot is not None
    codes = list(snapshot.area_codes("gm"))
    days = len(snapshot.table("gm", "positive_tests_per_100k").values.index)

    def cycle(make: Callable[[str], Callable[[], bytes]]) -> list[Callable[[], bytes]]:
        return [make(codes[i % len(codes)]) for i in range(count)]

    series = "/api/v1/areas/gm/{}/series?indicator=positive_tests_per_100k"
    latest = "/api/v1/latest/gm/positive_tests_per_100k"
    etag = client.get(latest).headers["ETag"]
    rows: list[tuple[str, Callable[[], list]]] = [
        ("reference: trivial route, bare Flask", lambda: [getter(bare_client, "/reference")] * count),
        (
            "reference: trivial route, this server",
            lambda: [getter(client, "/api/v1/bench-reference")] * count,
        ),
        (
            f"series: 1 area x 1 indicator, all {days} days",
            lambda: cycle(lambda c: getter(client, series.format(c))),
        ),
        (
            "series as CSV",
            lambda: cycle(lambda c: getter(client, series.format(c) + "&format=csv")),
        ),
        ("latest: all 355 municipalities", lambda: [getter(client, latest)] * count),
        (
            "latest, client holds it (304)",
            lambda: [getter(client, latest, 304, {"If-None-Match": etag})] * count,
        ),
        ("catalogue of indicators", lambda: [getter(client, "/api/v1/indicators")] * (count // 4)),
    ]
    print(f"  {'':46s} {'median':>9s} {'p95':>9s} {'own time':>9s}")
    own_reference = None
    for label, make in rows:
        median, p95 = timed(make())
        if label == "reference: trivial route, this server":
            own_reference = median
        own = (
            ""
            if own_reference is None or label.startswith("reference")
            else f"{median - own_reference:6.2f} ms"
        )
        print(f"  {label:46s} {median:6.2f} ms {p95:6.2f} ms {own:>9s}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--real", type=Path, help="the shared data folder (default: the demo source)")
    parser.add_argument("--requests", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        print(f"open-data API on {sources.fill(directory, args.real)}")
        run(directory, args.requests)


if __name__ == "__main__":
    main()
