"""Size and server time of the maps: the figure sent once, and the patch sent on each move.

    .venv/bin/python benchmarks/bench_maps.py --boundaries FILE   # e.g. the 2020 TopoJSON in ../shared
    .venv/bin/python benchmarks/bench_maps.py                     # without borders: label points

Prints the municipal map figure's JSON size (raw and gzip) with its build time, and the size and
build time of the highlight patch that moving to another municipality sends.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plotly.io.json import to_json_plotly

from dashapp.data.boundaries import load_map_geometry
from dashapp.data.reference import load_reference
from dashapp.figures import maps
from tests.ui.layout_tools import page_context


def median_ms(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--boundaries", type=Path, help="a TopoJSON or GeoJSON boundary file")
    args = parser.parse_args()
    geometry = load_map_geometry(args.boundaries)
    codes = list(load_reference().municipalities)
    with page_context("nl"):

        def figure() -> str:
            return to_json_plotly(
                maps.map_figure(geometry, "gm", {}, maps.POSITIVE_TESTS, "nl", focus="GM0363")
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


if __name__ == "__main__":
    main()
