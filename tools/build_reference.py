"""Build the project's reference tables from the public geo facts.

Reads the CBS and dashboard-backend reference files (see ``shared/data/geo``) and
writes our own compact CSV tables into ``dashapp/data/reference/``. Run it only when
the facts change; its output is committed, its inputs are not:

    python tools/build_reference.py --geo ../shared/data/geo
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "dashapp" / "data" / "reference"


def _read_csv(path: Path, encoding: str = "utf-8-sig", delimiter: str = ",") -> list[dict[str, str]]:
    text = path.read_text(encoding=encoding)
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _decode_topology(topology: dict) -> dict[str, list[list[list[tuple[float, float]]]]]:
    """Return polygons (list of rings of lon/lat points) per municipality code."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
            points.extend(arc if not points else arc[1:])
        return points

    polygons: dict[str, list[list[list[tuple[float, float]]]]] = {}
    for geometry in topology["objects"]["municipalities"]["geometries"]:
        code = geometry["properties"]["gemcode"]
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        polygons[code] = [[ring(r) for r in part] for part in parts]
    return polygons


def _inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    x, y = point
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _edge_distance(point: tuple[float, float], rings: list[list[tuple[float, float]]], kx: float) -> float:
    px, py = point[0] * kx, point[1]
    best = math.inf
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            ax, bx = x1 * kx, x2 * kx
            dx, dy = bx - ax, y2 - y1
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - y1) * dy) / length))
            best = min(best, math.hypot(px - ax - t * dx, py - y1 - t * dy))
    return best


def _ring_area(ring: list[tuple[float, float]]) -> float:
    return (
        abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2
    )


def label_point(polygons: list[list[list[tuple[float, float]]]], steps: int = 40) -> tuple[float, float]:
    """An interior point of the largest polygon, as far from its edges as a grid search finds."""
    rings = max(polygons, key=lambda p: _ring_area(p[0]))
    xs = [x for x, _ in rings[0]]
    ys = [y for _, y in rings[0]]
    kx = math.cos(math.radians(sum(ys) / len(ys)))
    best, best_distance = (sum(xs) / len(xs), sum(ys) / len(ys)), -1.0
    for i in range(steps + 1):
        for j in range(steps + 1):
            candidate = (
                min(xs) + (max(xs) - min(xs)) * i / steps,
                min(ys) + (max(ys) - min(ys)) * j / steps,
            )
            if _inside(candidate, rings):
                distance = _edge_distance(candidate, rings, kx)
                if distance > best_distance:
                    best, best_distance = candidate, distance
    return round(best[0], 5), round(best[1], 5)


def build(geo: Path) -> None:
    cbs = {r["GemeentecodeGM"]: r for r in _read_csv(geo / "cbs" / "Gemeenten2020.csv")}
    inhabitants = {r["GMCODE"]: r for r in _read_csv(geo / "2020" / "INHABITANTS_PER_MUNICIPALITY.csv")}
    regions = {r["VGRNR"]: r for r in _read_csv(geo / "2020" / "INHABITANTS_PER_SAFETY_REGION.csv")}
    region_names = {r["code"]: r["name"] for r in _read_csv(geo / "2023" / "vr.csv")}
    locations = {
        r["VRCODE"]: r
        for r in _read_csv(geo / "2020" / "number_of_locations_nursing_disability.csv", delimiter=";")
    }
    polygons = _decode_topology(json.loads((geo / "2020" / "geography-simplified.topo.json").read_text()))
    assert set(cbs) == set(inhabitants) == set(polygons), "the three 2020 lists disagree"

    with (OUT_DIR / "municipalities_2020.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "region_code", "province", "inhabitants", "label_lon", "label_lat"])
        for code in sorted(cbs):
            lon, lat = label_point(polygons[code])
            row = cbs[code]
            writer.writerow(
                [
                    code,
                    row["Gemeentenaam"],
                    inhabitants[code]["VRCODE"],
                    row["Provincienaam"],
                    inhabitants[code]["INHABITANTS"],
                    lon,
                    lat,
                ]
            )

    with (OUT_DIR / "areas.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "inhabitants", "nursing_home_locations"])
        writer.writerow(
            ["NL", "Nederland", regions["NL00"]["INHABITANTS"], locations["NL00"]["COUNT_LOC_NURSERY"]]
        )
        for code in sorted(region_names):
            writer.writerow(
                [code, region_names[code], regions[code]["INHABITANTS"], locations[code]["COUNT_LOC_NURSERY"]]
            )

    plants = {r["RWZI_AWZI_code"]: r["RWZI_AWZI_name"] for r in _read_csv(geo / "2020" / "RWZI_AWZI.csv")}
    with (OUT_DIR / "sewage_plants.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["plant_code", "plant_name", "municipality_code"])
        for row in sorted(_read_csv(geo / "2020" / "RWZI_GMCODE.csv"), key=lambda r: int(r["RWZI_CODE"])):
            writer.writerow([row["RWZI_CODE"], plants[row["RWZI_CODE"]], row["GMCODE"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--geo", type=Path, required=True, help="folder with the cbs/, 2020/ and 2023/ geo facts"
    )
    build(parser.parse_args().geo)


if __name__ == "__main__":
    main()
