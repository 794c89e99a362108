"""Build the maps' boundary file from the CBS boundaries of the 2020 division.

Reads the generalised 2020 municipalities (a TopoJSON or GeoJSON file in WGS84 or RD New, such as
``../shared/data/geo/2020/geography-simplified.topo.json`` or the PDOK download), projects them to
RD New (EPSG:28992) with pyproj, simplifies them as one coverage with shapely (so that neighbours keep
one shared border), merges safety regions and the municipalities of later divisions from them, and
writes one small GeoJSON file that the app reads as it is. Its output is committed:

    .venv/bin/python tools/build_boundaries.py --source ../shared/data/geo/2020/geography-simplified.topo.json

Needs the development requirements (shapely, pyproj); the app itself does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dashapp.data.boundaries import (  # noqa: E402 (the repository root must be importable first)
    ATTRIBUTION,
    FORMAT,
    SHIPPED_BOUNDARIES,
)
from dashapp.data.reference import Reference, load_reference  # noqa: E402

DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "geo" / "2020" / "geography-simplified.topo.json"
# Visvalingam-Whyatt tolerance of the coverage simplification: about the square root of the largest
# triangle area removed. 150 m is about one pixel of a region's map, so nothing visible is lost. The
# shared 2020 file is already generalised (it loses only 53 of 13,216 municipal vertices); PDOK's
# full-detail download is where this matters.
SIMPLIFY_TOLERANCE_M = 150.0
# Coordinates are kept on this grid, in metres: finer than the source's quantisation (about 17 m) and
# a pixel of the most zoomed map, and numbers ending in 0 make the figures sent to the browser smaller.
GRID_M = 10
RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
# Plausible extents of the Netherlands in each coordinate system (with a margin).
WGS84_BOX = (2.5, 50.0, 8.0, 54.5)
RD_BOX = (-10_000.0, 280_000.0, 310_000.0, 650_000.0)
CODE_PROPERTIES = ("statcode", "gemcode", "code", "gm_code")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    geometry: MultiPolygon
    label: tuple[int, int]
    formed_from: tuple[str, ...] = ()


# --- reading ------------------------------------------------------------------------------------


def _decoded_arcs(topology: Mapping[str, Any]) -> list[list[tuple[float, float]]]:
    """The arcs of a TopoJSON topology as absolute positions (undoing quantisation and delta coding)."""
    transform = topology.get("transform")
    if transform is None:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    arcs = []
    for arc in topology["arcs"]:
        positions = np.cumsum(np.asarray(arc, dtype=float)[:, :2], axis=0)
        arcs.append([(x * scale_x + shift_x, y * scale_y + shift_y) for x, y in positions])
    return arcs


def _ring(
    arcs: Sequence[Sequence[tuple[float, float]]], references: Iterable[int]
) -> list[tuple[float, float]]:
    """A ring from TopoJSON arc references (``~i`` walks arc ``i`` backwards)."""
    points: list[tuple[float, float]] = []
    for reference in references:
        arc = arcs[reference] if reference >= 0 else arcs[~reference][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _topojson_polygons(
    arcs: Sequence[Sequence[tuple[float, float]]], geometry: Mapping[str, Any]
) -> MultiPolygon:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings_of = [[_ring(arcs, refs) for refs in polygon] for polygon in polygons]
    return MultiPolygon([Polygon(rings[0], rings[1:]) for rings in rings_of])


def _code(properties: Mapping[str, Any] | None) -> str | None:
    for key in CODE_PROPERTIES:
        value = (properties or {}).get(key)
        if isinstance(value, str) and value.upper().startswith("GM"):
            return value.upper()
    return None


def read_municipalities(path: Path) -> dict[str, MultiPolygon]:
    """Municipality polygons by code, in the file's own coordinates (other features are skipped)."""
    document = json.loads(path.read_text(encoding="utf-8-sig"))
    found: dict[str, MultiPolygon] = {}
    if document.get("type") == "Topology":
        arcs = _decoded_arcs(document)
        for collection in document["objects"].values():
            for geometry in collection.get("geometries", []):
                code = _code(geometry.get("properties"))
                if code is not None:
                    found[code] = _topojson_polygons(arcs, geometry)
        return found
    for feature in document.get("features", []):
        code = _code(feature.get("properties"))
        if code is not None:
            geometry = shape(feature["geometry"])
            found[code] = (
                MultiPolygon([geometry]) if isinstance(geometry, Polygon) else MultiPolygon(geometry)
            )
    return found


# --- projection and simplification ----------------------------------------------------------------


def _inside(box: tuple[float, float, float, float], bounds: Sequence[float]) -> bool:
    return box[0] <= bounds[0] and bounds[2] <= box[2] and box[1] <= bounds[1] and bounds[3] <= box[3]


def to_rd_new(geometries: Sequence[MultiPolygon]) -> list[MultiPolygon]:
    """Geometries in RD New metres on a ``GRID_M`` grid (a shared vertex rounds alike on both sides)."""
    bounds = shapely.total_bounds(geometries)
    if _inside(RD_BOX, bounds):
        project = None
    elif _inside(WGS84_BOX, bounds):
        project = pyproj.Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
    else:
        raise ValueError(f"coordinates {bounds} are neither WGS84 nor RD New in the Netherlands")

    def transform(points: np.ndarray) -> np.ndarray:
        if project is not None:
            points = np.column_stack(project.transform(points[:, 0], points[:, 1]))
        return np.round(points / GRID_M) * GRID_M

    return [_polygonal(shapely.make_valid(shapely.transform(geometry, transform))) for geometry in geometries]


def _polygonal(geometry: shapely.Geometry) -> MultiPolygon:
    """The areal part of a geometry (simplification or repair may leave stray lines or points)."""
    parts = getattr(geometry, "geoms", [geometry])
    polygons = [p for part in parts for p in getattr(part, "geoms", [part]) if isinstance(p, Polygon)]
    return shapely.orient_polygons(MultiPolygon(polygons), exterior_cw=False)


def simplified_coverage(geometries: Sequence[shapely.Geometry], tolerance_m: float) -> list[MultiPolygon]:
    """The municipalities simplified together: a border shared by two is simplified once."""
    simplified = shapely.coverage_simplify(np.asarray(geometries, dtype=object), tolerance_m)
    return [_polygonal(geometry) for geometry in simplified]


# --- areas ----------------------------------------------------------------------------------------


def _label(geometry: MultiPolygon, preferred: tuple[float, float] | None = None) -> tuple[int, int]:
    """A label point inside the area: the preferred one if it lies inside, else a point on its surface."""
    if preferred is not None:
        point = shapely.Point(round(preferred[0]), round(preferred[1]))
        if geometry.contains(point):
            return int(point.x), int(point.y)
    point = shapely.point_on_surface(geometry)
    return round(point.x), round(point.y)


def municipal_areas(reference: Reference, shapes: Mapping[str, MultiPolygon]) -> list[Area]:
    project = pyproj.Transformer.from_crs(WGS84, RD_NEW, always_xy=True)
    areas = []
    for code in sorted(reference.municipalities):
        municipality = reference.municipalities[code]
        label = project.transform(municipality.label_lon, municipality.label_lat)
        areas.append(Area(code, municipality.name, "gm", shapes[code], _label(shapes[code], label)))
    return areas


def _union(shapes: Mapping[str, MultiPolygon], codes: Iterable[str]) -> MultiPolygon:
    return _polygonal(shapely.coverage_union_all([shapes[code] for code in codes]))


def later_areas(reference: Reference, shapes: Mapping[str, MultiPolygon]) -> list[Area]:
    """Municipalities of later divisions that the 2020 division lacks, as the union of their predecessors."""
    formed_from: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for step in reference.successors:
        if step.new_code not in reference.municipalities:
            formed_from.setdefault(step.new_code, set()).add(step.old_code)
            names[step.new_code] = step.new_name
    areas = []
    for code in sorted(formed_from):
        predecessors = tuple(sorted(formed_from[code]))
        union = _union(shapes, predecessors)
        areas.append(Area(code, names[code], "gm", union, _label(union), predecessors))
    return areas


def region_areas(reference: Reference, municipalities: Sequence[Area]) -> list[Area]:
    """Safety regions as the union of their municipalities, labelled at a member's label point."""
    shapes = {area.code: area.geometry for area in municipalities}
    labels = {area.code: area.label for area in municipalities}
    areas = []
    for code in sorted(reference.regions):
        members = reference.members(code)
        union = _union(shapes, members)
        centre = shapely.centroid(union)
        # The member label nearest the centre: inside the region, and inside a municipality too.
        label = min(
            (labels[m] for m in members), key=lambda p: (p[0] - centre.x) ** 2 + (p[1] - centre.y) ** 2
        )
        areas.append(Area(code, reference.regions[code].name, "vr", union, label))
    return areas


# --- writing --------------------------------------------------------------------------------------


def _coordinates(geometry: MultiPolygon) -> list[list[list[list[int]]]]:
    return [
        [[[int(x), int(y)] for x, y in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]
        for polygon in geometry.geoms
    ]


def _feature(area: Area) -> dict[str, Any]:
    properties: dict[str, Any] = {"code": area.code, "name": area.name, "level": area.level}
    properties["label"] = list(area.label)
    if area.formed_from:
        properties["formed_from"] = list(area.formed_from)
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "MultiPolygon", "coordinates": _coordinates(area.geometry)},
    }


def boundary_document(
    sources: Sequence[Path], reference: Reference | None = None, tolerance_m: float = SIMPLIFY_TOLERANCE_M
) -> dict[str, Any]:
    """The boundary file's content: 2020 municipalities, later municipalities, then safety regions.

    ``sources`` are read in turn (a later one's municipality replaces an earlier one's).
    """
    reference = reference or load_reference()
    found: dict[str, MultiPolygon] = {}
    for source in sources:
        found.update(read_municipalities(source))
    missing = sorted(set(reference.municipalities) - set(found))
    if missing:
        raise ValueError(f"no boundary for {len(missing)} municipalities of 2020: {', '.join(missing[:5])}")
    codes = sorted(reference.municipalities)
    projected = to_rd_new([found[code] for code in codes])
    shapes = dict(zip(codes, simplified_coverage(projected, tolerance_m), strict=True))
    municipalities = municipal_areas(reference, shapes)
    areas = [*municipalities, *later_areas(reference, shapes), *region_areas(reference, municipalities)]
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "metadata": {
            "format": FORMAT,
            "attribution": ATTRIBUTION,
            "license": "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
            "source": (
                "CBS/Kadaster, Gebiedsindelingen 2020: generalised municipalities "
                f"(gemeente_gegeneraliseerd), read from {', '.join(source.name for source in sources)}"
            ),
            "changes": (
                f"projected to RD New (EPSG:28992) on a {GRID_M} m grid; simplified as one coverage "
                f"(Visvalingam-Whyatt, tolerance {tolerance_m:g} m); safety regions and the municipalities "
                "formed after 2020 are unions of 2020 municipalities; built by tools/build_boundaries.py"
            ),
        },
        "features": [_feature(area) for area in areas],
    }


def serialise(document: Mapping[str, Any]) -> bytes:
    """Compact JSON with one feature per line: stable bytes, and readable diffs when borders change."""
    head = {key: value for key, value in document.items() if key != "features"}
    lines = [
        json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in document["features"]
    ]
    opening = json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[\n'
    return (opening + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--source",
        type=Path,
        action="append",
        help=f"a TopoJSON or GeoJSON file of the 2020 municipalities (default {DEFAULT_SOURCE})",
    )
    parser.add_argument("--output", type=Path, default=SHIPPED_BOUNDARIES, help="the file to write")
    parser.add_argument("--tolerance", type=float, default=SIMPLIFY_TOLERANCE_M, help="metres")
    args = parser.parse_args(argv)
    args.source = args.source or [DEFAULT_SOURCE]
    content = serialise(boundary_document(args.source, tolerance_m=args.tolerance))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(content)
    print(f"wrote {args.output}: {len(content):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
