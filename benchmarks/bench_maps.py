"""Size and server time of the maps: the boundary file, the figure sent once, the patch sent on each move.

    .venv/bin/python benchmarks/bench_maps.py                     # the boundary file shipped with the app
    .venv/bin/python benchmarks/bench_maps.py --boundaries FILE   # another prepared boundary file
    .venv/bin/python benchmarks/bench_maps.py --label-points      # every area as a dot

Prints the boundary file's size (raw, gzip, brotli) and the time to read it, the municipal map
figure's JSON size (raw and gzip) with its build time, and the size and build time of the highlight
patch that moving to another municipality sends.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import brotli
from plotly.io.json import to_json_plotly

from dashapp.data.boundaries import SHIPPED_BOUNDARIES, MapGeometry, label_point_geometry, load_boundaries
from dashapp.data.reference import load_reference
from dashapp.figures import maps
from dashapp.metrics.bins import POSITIVE_TESTS
from tests.ui.layout_tools import page_context


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def report_file(path: Path) -> None:
    content = path.read_bytes()
    print(
        f"boundary file {path.name}: {len(content) / 1024:.0f} kB, "
        f"gzip {len(gzip.compress(content)) / 1024:.0f} kB, "
        f"brotli {len(brotli.compress(content)) / 1024:.0f} kB, "
        f"read in {median_ms(lambda: load_boundaries(path), 5):.0f} ms (median of 5)"
    )


def report_maps(geometry: MapGeometry) -> None:
    municipalities = load_reference().municipalities
    codes = list(municipalities)
    names = {code: municipality.name for code, municipality in municipalities.items()}
    with page_context("nl"):

        def figure() -> str:
            return to_json_plotly(
                maps.map_figure(geometry, "gm", maps.Colouring({}, POSITIVE_TESTS, names), focus="GM0363")
            )

        def patch(code: str = "GM0014") -> str:
            return to_json_plotly(maps.highlight_patch(geometry, code, focus=code))

        text = figure()
        print(
            f"municipal map ({'borders' if geometry.has_borders else 'label points'}): "
            f"{len(text) / 1024:.0f} kB, gzip {len(gzip.compress(text.encode())) / 1024:.0f} kB, "
            f"built and serialised in {median_ms(figure, 10):.1f} ms (median of 10)"
        )
        sizes = [len(patch(code)) for code in codes]
        print(
            f"highlight patch: median {statistics.median(sizes)} bytes, largest {max(sizes)} bytes, "
            f"{median_ms(patch, 300):.3f} ms (median of 300)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--boundaries", type=Path, default=SHIPPED_BOUNDARIES, help="a prepared boundary file"
    )
    parser.add_argument("--label-points", action="store_true", help="draw every area as a dot")
    args = parser.parse_args()
    if args.label_points:
        report_maps(label_point_geometry())
        return
    report_file(args.boundaries)
    report_maps(load_boundaries(args.boundaries))


if __name__ == "__main__":
    main()
