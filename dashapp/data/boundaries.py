"""Municipal and safety-region boundaries: read a TopoJSON or GeoJSON file into planar shapes for drawing.

The maps are drawn in RD New (EPSG:28992) metres: the Dutch national grid is a conformal projection,
so drawing its x/y with equal axis scales gives a true-looking map with no projection in the browser.
Files in WGS84 longitude/latitude are projected with the published approximation formulas
(Schreutelaar and Strang van Hees, "Benaderingsformules voor de transformatie tussen RD- en
WGS84-kaartcoördinaten", 2001; better than a metre over the Netherlands, far below what a map shows).

Every input is turned into one shared-border topology (arcs used by both neighbours), so that
simplifying an arc changes both neighbours alike and no gaps or overlaps appear. TopoJSON already is
one; for GeoJSON the arcs are found by cutting rings where their neighbourhood changes. Region shapes
come from the file's own safety-region features, or else are merged from their municipalities by
dropping the arcs two members share.

Areas of the 2020 division that the file lacks (municipalities merged later) are placed at their label
point; without any file every area is (see ``label_point_geometry``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashapp.data.errors import SourceError
from dashapp.data.reference import Reference, load_reference

LEVELS = ("gm", "vr")
# Arcs are simplified (Douglas-Peucker) with this tolerance and coordinates kept on this grid, in metres.
# 80 m is below one screen pixel of the whole-country map and about one pixel when zoomed to a region.
SIMPLIFY_TOLERANCE_M = 80.0
GRID_M = 10
# Islands and holes smaller than this (0.1 km²) are not drawn; each area keeps at least its largest part.
MIN_RING_AREA_M2 = 100_000.0

DEFAULT_CACHE_NAME = "boundaries-2020.geojson"
# The CBS area divisions of 2020 as published by PDOK (the Dutch government's geo-data platform) for
# CBS: generalised municipalities and safety regions, RD New, GeoJSON, properties ``statcode``/``statnaam``.
PDOK_WFS_2020 = "https://service.pdok.nl/cbs/gebiedsindelingen/2020/wfs/v1_0"
DEFAULT_BOUNDARY_URLS = tuple(
    f"{PDOK_WFS_2020}?request=GetFeature&service=WFS&version=2.0.0&typeName={layer}&outputFormat=json"
    for layer in ("gemeente_gegeneraliseerd", "veiligheidsregio_gegeneraliseerd")
)
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024

Point = tuple[int, int]
Ring = tuple[Point, ...]  # not closed: the first point is not repeated at the end
Polygon = tuple[Ring, ...]  # outer ring (counter-clockwise, y up) first, then its holes (clockwise)
BBox = tuple[float, float, float, float]  # x_min, y_min, x_max, y_max

# Properties that may hold an area code, in the order they are tried (compared without case).
CODE_PROPERTIES = (
    "code",
    "statcode",
    "gemcode",
    "gemeentecode",
    "gm_code",
    "vrcode",
    "vr_code",
    "veiligheidsregiocode",
    "id",
)
_CODE = re.compile(r"^(GM\d{4}|VR\d{2})$")

# Plausible extents of the Netherlands in each coordinate system (with a margin).
_WGS84_BOX = (2.5, 50.0, 8.0, 54.5)
_RD_BOX = (-10_000.0, 280_000.0, 310_000.0, 650_000.0)


class BoundaryError(SourceError):
    """A boundary file (or download) cannot be used; names the file (or the whole URL) and the problem."""

    def __init__(self, source: Path | str, reason: str, *, line: int | None = None):
        self.source = str(source)
        super().__init__(source, reason, line=line)

    def describe(self) -> str:
        where = self.source if "://" in self.source else self.path.name
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Shape:
    code: str
    polygons: tuple[Polygon, ...]
    bbox: BBox


@dataclass(frozen=True, eq=False)
class MapGeometry:
    """Shapes and label points of both levels, in RD New metres.

    ``shapes[level]`` holds the areas of the 2020 division that have borders; ``points[level]`` holds a
    label point for every area of the level. ``background`` holds shapes whose codes are not in the 2020
    division (a later file's merged municipalities), drawn only as a neutral underlay.
    Equality is identity, so a geometry can key a cache.
    """

    source: Path | None
    shapes: Mapping[str, Mapping[str, Shape]]
    points: Mapping[str, Mapping[str, Point]]
    background: tuple[Shape, ...]
    region_of: Mapping[str, str]

    @property
    def has_borders(self) -> bool:
        """False when no boundary file is installed: every area is then a label point."""
        return any(self.shapes[level] for level in LEVELS)

    def codes(self, level: str) -> tuple[str, ...]:
        return tuple(sorted(self.points[level]))

    def shaped_codes(self, level: str) -> tuple[str, ...]:
        return tuple(sorted(self.shapes[level]))

    def point_codes(self, level: str) -> tuple[str, ...]:
        """Areas drawn at their label point because the boundary file has no shape for them."""
        shaped = self.shapes[level]
        return tuple(code for code in self.codes(level) if code not in shaped)

    def bbox(self, code: str) -> BBox:
        level = level_of(code)
        shape = self.shapes[level].get(code)
        if shape is not None:
            return shape.bbox
        x, y = self.points[level][code]
        return (x, y, x, y)

    def members_bbox(self, region_code: str) -> BBox:
        """Box around a safety region's municipalities (and its own shape, if any)."""
        boxes = [self.bbox(code) for code, region in self.region_of.items() if region == region_code]
        if region_code in self.shapes["vr"]:
            boxes.append(self.shapes["vr"][region_code].bbox)
        if not boxes:
            raise KeyError(region_code)
        return _union(boxes)

    def full_bbox(self) -> BBox:
        boxes = [self.bbox(code) for level in LEVELS for code in self.points[level]]
        boxes.extend(shape.bbox for shape in self.background)
        return _union(boxes)


def level_of(code: str) -> str:
    if code.startswith("GM"):
        return "gm"
    if code.startswith("VR"):
        return "vr"
    raise KeyError(code)


# --- projection -------------------------------------------------------------------------------------

# Reference point (Amersfoort) of the approximation, in degrees.
_PHI0, _LAM0 = 52.15517440, 5.38720621


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    """RD New x/y in metres of a WGS84 longitude/latitude in the Netherlands.

    x - 155000 = sum of R_pq dphi^p dlam^q and y - 463000 = sum of S_pq dphi^p dlam^q, with dphi and
    dlam in units of 10,000 arc seconds from the reference point; the published R and S coefficients
    are written out below (a term's powers are in its name, e.g. ``p2l3`` is dphi^2 dlam^3).
    """
    p = 0.36 * (lat - _PHI0)
    l = 0.36 * (lon - _LAM0)  # noqa: E741
    p2, l2 = p * p, l * l
    p3, l3, l4 = p2 * p, l2 * l, l2 * l2
    x = 155000.0 + (
        190094.945 * l  # R01
        - 11832.228 * p * l  # R11
        - 114.221 * p2 * l  # R21
        - 32.391 * l3  # R03
        - 0.705 * p  # R10
        - 2.340 * p3 * l  # R31
        - 0.608 * p * l3  # R13
        - 0.008 * l2  # R02
        + 0.148 * p2 * l3  # R23
    )
    y = 463000.0 + (
        309056.544 * p  # S10
        + 3638.893 * l2  # S02
        + 73.077 * p2  # S20
        - 157.984 * p * l2  # S12
        + 59.788 * p3  # S30
        + 0.433 * l  # S01
        - 6.439 * p2 * l2  # S22
        - 0.032 * p * l  # S11
        + 0.092 * l4  # S04
        - 0.054 * p * l4  # S14
    )
    return x, y


def _inside(box: tuple[float, float, float, float], bbox: BBox) -> bool:
    return box[0] <= bbox[0] and bbox[2] <= box[2] and box[1] <= bbox[1] and bbox[3] <= box[3]


Projector = Callable[[float, float], tuple[float, float]]


def _projector(source: Path | str, bbox: BBox, declared: str | None) -> Projector:
    """The function taking the file's (a, b) pairs to RD metres, chosen from where the points lie."""
    if _inside(_RD_BOX, bbox):
        kind = "rd"
    elif _inside(_WGS84_BOX, bbox):
        kind = "lonlat"
    elif _inside(_WGS84_BOX, (bbox[1], bbox[0], bbox[3], bbox[2])):
        kind = "latlon"  # WGS84 written latitude first, as some WFS servers do for EPSG:4326
    else:
        raise BoundaryError(
            source,
            f"coordinates span {bbox[0]:.6g}..{bbox[2]:.6g} by {bbox[1]:.6g}..{bbox[3]:.6g}: "
            "neither WGS84 degrees nor RD New metres of the Netherlands",
        )
    if declared is not None:
        says_rd = "28992" in declared
        says_degrees = "4326" in declared or "CRS84" in declared.upper()
        if (says_rd and kind != "rd") or (says_degrees and kind == "rd"):
            raise BoundaryError(source, f"the file declares {declared} but its coordinates say otherwise")
    if kind == "rd":
        return lambda a, b: (a, b)
    if kind == "lonlat":
        return wgs84_to_rd
    return lambda a, b: wgs84_to_rd(b, a)


# --- reading ----------------------------------------------------------------------------------------


@dataclass
class _Topology:
    """Arcs of points and, per area code, polygons as lists of rings of signed arc references.

    A reference ``i >= 0`` walks arc ``i`` forwards, ``~i`` (that is ``-i - 1``) backwards, as in TopoJSON.
    """

    arcs: list[list[Point]]
    areas: dict[str, list[list[list[int]]]]


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise BoundaryError(path, "file not found") from error
    except (OSError, UnicodeDecodeError) as error:
        raise BoundaryError(path, f"cannot be read: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BoundaryError(path, f"not valid JSON: {error.msg}", line=error.lineno) from error


def _area_code(properties: Any, feature_id: Any) -> str | None:
    if isinstance(properties, Mapping):
        lowered = {str(key).lower(): value for key, value in properties.items()}
        for key in CODE_PROPERTIES:
            value = lowered.get(key)
            if isinstance(value, str) and _CODE.match(value.strip().upper()):
                return value.strip().upper()
    if isinstance(feature_id, str) and _CODE.match(feature_id.strip().upper()):
        return feature_id.strip().upper()
    return None


def _number_pair(source: Path, value: Any, what: str) -> tuple[float, float]:
    try:
        a, b = value[0], value[1]
        # type() rather than isinstance(): true and false are ints to isinstance but no coordinates
        if type(a) in (int, float) and type(b) in (int, float) and math.isfinite(a) and math.isfinite(b):
            return float(a), float(b)
    except (TypeError, IndexError, KeyError):
        pass
    raise BoundaryError(source, f"{what}: expected a position [x, y], found {json.dumps(value)[:60]}")


def _bbox_of(points: Iterable[tuple[float, float]]) -> BBox:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        raise ValueError("no points")
    return (min(xs), min(ys), max(xs), max(ys))


def _snap(x: float, y: float) -> Point:
    return (round(x), round(y))


def _without_repeats(points: Iterable[Point]) -> list[Point]:
    out: list[Point] = []
    for point in points:
        if not out or out[-1] != point:
            out.append(point)
    return out


def _declared_crs(document: Mapping[str, Any]) -> str | None:
    crs = document.get("crs")
    if isinstance(crs, Mapping) and isinstance(crs.get("properties"), Mapping):
        name = crs["properties"].get("name")
        return str(name) if name is not None else None
    return None


def _topology_from_topojson(source: Path, document: Mapping[str, Any]) -> _Topology:
    raw_arcs = document.get("arcs")
    objects = document.get("objects")
    if not isinstance(raw_arcs, list) or not isinstance(objects, Mapping):
        raise BoundaryError(source, "a TopoJSON Topology needs 'arcs' (a list) and 'objects'")
    transform = document.get("transform")
    if transform is not None:
        if not isinstance(transform, Mapping):
            raise BoundaryError(source, "'transform' must be an object with 'scale' and 'translate'")
        scale = _number_pair(source, transform.get("scale"), "transform.scale")
        translate = _number_pair(source, transform.get("translate"), "transform.translate")
    decoded: list[list[tuple[float, float]]] = []
    for index, arc in enumerate(raw_arcs):
        if not isinstance(arc, list) or not arc:
            raise BoundaryError(source, f"arc {index} is not a non-empty list of positions")
        points = []
        x = y = 0.0
        for position in arc:
            a, b = _number_pair(source, position, f"arc {index}")
            if transform is None:
                points.append((a, b))
            else:  # quantised and delta-encoded
                x += a
                y += b
                points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    if not decoded:
        raise BoundaryError(source, "the Topology has no arcs")
    project = _projector(source, _bbox_of(p for arc in decoded for p in arc), None)
    arcs = [_without_repeats(_snap(*project(a, b)) for a, b in arc) for arc in decoded]

    areas: dict[str, list[list[list[int]]]] = {}
    for name, collection in objects.items():
        geometries = collection.get("geometries") if isinstance(collection, Mapping) else None
        if geometries is None and isinstance(collection, Mapping) and "type" in collection:
            geometries = [collection]
        if not isinstance(geometries, list):
            raise BoundaryError(source, f"object {name!r} is neither a geometry nor a GeometryCollection")
        for geometry in geometries:
            if not isinstance(geometry, Mapping):
                raise BoundaryError(source, f"object {name!r} holds a geometry that is not an object")
            code = _area_code(geometry.get("properties"), geometry.get("id"))
            if code is None or geometry.get("type") is None:
                continue
            polygons = _topojson_polygons(source, code, geometry, len(arcs))
            areas.setdefault(code, []).extend(polygons)
    return _Topology(arcs, areas)


def _topojson_polygons(
    source: Path, code: str, geometry: Mapping[str, Any], arc_count: int
) -> list[list[list[int]]]:
    kind = geometry.get("type")
    rings_of = geometry.get("arcs")
    if kind == "Polygon":
        rings_of = [rings_of]
    elif kind != "MultiPolygon":
        raise BoundaryError(source, f"{code}: geometry type {kind} is not an area (Polygon or MultiPolygon)")
    if not isinstance(rings_of, list):
        raise BoundaryError(source, f"{code}: 'arcs' must be a list")
    polygons = []
    for polygon in rings_of:
        if not isinstance(polygon, list):
            raise BoundaryError(source, f"{code}: a polygon must be a list of rings")
        rings = []
        for ring in polygon:
            if not isinstance(ring, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) for i in ring
            ):
                raise BoundaryError(source, f"{code}: a ring must be a list of arc indexes")
            for reference in ring:
                if not -arc_count <= reference < arc_count:
                    raise BoundaryError(source, f"{code}: arc index {reference} is out of range")
            rings.append(list(ring))
        if rings:
            polygons.append(rings)
    return polygons


def _features(source: Path, document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise BoundaryError(source, "a FeatureCollection needs a 'features' list")
        return features
    if kind == "Feature":
        return [document]
    raise BoundaryError(
        source, f"expected a TopoJSON Topology or a GeoJSON FeatureCollection, found {kind!r}"
    )


def _topology_from_geojson(source: Path, document: Mapping[str, Any]) -> _Topology:
    raw: list[tuple[str, list[list[list[tuple[float, float]]]]]] = []
    for number, feature in enumerate(_features(source, document)):
        if not isinstance(feature, Mapping):
            raise BoundaryError(source, f"feature {number} is not an object")
        code = _area_code(feature.get("properties"), feature.get("id"))
        geometry = feature.get("geometry")
        if code is None or geometry is None:
            continue
        if not isinstance(geometry, Mapping):
            raise BoundaryError(source, f"{code}: 'geometry' is not an object")
        raw.append((code, _geojson_polygons(source, code, geometry)))
    points = (p for _, polygons in raw for polygon in polygons for ring in polygon for p in ring)
    try:
        bbox = _bbox_of(points)
    except ValueError:
        raise BoundaryError(source, _no_areas_message()) from None
    project = _projector(source, bbox, _declared_crs(document))
    features: list[tuple[str, list[list[list[Point]]]]] = []
    for code, polygons in raw:
        projected = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                points_ = _without_repeats(_snap(*project(a, b)) for a, b in ring)
                if len(points_) > 1 and points_[0] == points_[-1]:
                    points_.pop()
                if len(points_) >= 3:
                    rings.append(points_)
            if rings:
                projected.append(rings)
        features.append((code, projected))
    return _build_topology(features)


def _geojson_polygons(
    source: Path, code: str, geometry: Mapping[str, Any]
) -> list[list[list[tuple[float, float]]]]:
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        coordinates = [coordinates]
    elif kind != "MultiPolygon":
        raise BoundaryError(source, f"{code}: geometry type {kind} is not an area (Polygon or MultiPolygon)")
    if not isinstance(coordinates, list):
        raise BoundaryError(source, f"{code}: 'coordinates' must be a list")
    polygons = []
    for polygon in coordinates:
        if not isinstance(polygon, list) or not all(isinstance(ring, list) for ring in polygon):
            raise BoundaryError(source, f"{code}: a polygon must be a list of rings of positions")
        polygons.append([[_number_pair(source, p, code) for p in ring] for ring in polygon])
    return polygons


def _build_topology(features: Sequence[tuple[str, list[list[list[Point]]]]]) -> _Topology:
    """Shared arcs from rings: cut every ring where a point's pair of neighbours is not always the same."""
    first_neighbours: dict[Point, tuple[Point, Point]] = {}
    junctions: set[Point] = set()
    for _, polygons in features:
        for polygon in polygons:
            for ring in polygon:
                count = len(ring)
                for i, point in enumerate(ring):
                    a, b = ring[i - 1], ring[(i + 1) % count]
                    pair = (a, b) if a <= b else (b, a)
                    seen = first_neighbours.setdefault(point, pair)
                    if seen != pair:
                        junctions.add(point)

    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}

    def reference(points: list[Point]) -> int:
        key = tuple(points)
        found = index.get(key)
        if found is not None:
            return found
        found = index.get(key[::-1])
        if found is not None:
            return ~found
        index[key] = len(arcs)
        arcs.append(points)
        return len(arcs) - 1

    areas: dict[str, list[list[list[int]]]] = {}
    for code, polygons in features:
        for polygon in polygons:
            refs_of_rings = []
            for ring in polygon:
                cuts = [i for i, point in enumerate(ring) if point in junctions]
                if not cuts:
                    # A ring no other ring touches, or one shared whole (an enclave): start it at its
                    # smallest point so both copies give the same arc, in one direction or the other.
                    start = ring.index(min(ring))
                    rotated = ring[start:] + ring[:start]
                    refs_of_rings.append([reference([*rotated, rotated[0]])])
                    continue
                rotated = ring[cuts[0] :] + ring[: cuts[0]]
                offsets = [c - cuts[0] for c in cuts] + [len(ring)]
                closed = [*rotated, rotated[0]]
                refs_of_rings.append(
                    [reference(closed[offsets[k] : offsets[k + 1] + 1]) for k in range(len(offsets) - 1)]
                )
            areas.setdefault(code, []).append(refs_of_rings)
    return _Topology(arcs, areas)


def _no_areas_message() -> str:
    return (
        "no municipality (GMxxxx) or safety-region (VRxx) areas found; looked for a code in the "
        f"properties {', '.join(CODE_PROPERTIES)} and in the feature id"
    )


# --- geometry on arcs -------------------------------------------------------------------------------


def _ring_points(arcs: Sequence[Sequence[Point]], refs: Sequence[int]) -> list[Point]:
    points: list[Point] = []
    for ref in refs:
        arc = arcs[ref] if ref >= 0 else arcs[~ref][::-1]
        points.extend(arc if not points else arc[1:])
    points = _without_repeats(points)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    return points


def signed_area(ring: Sequence[tuple[float, float]]) -> float:
    """Shoelace area: positive when the ring runs counter-clockwise with y pointing up."""
    total = 0.0
    count = len(ring)
    for i in range(count):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % count]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def _reversed_refs(refs: Sequence[int]) -> list[int]:
    return [~ref for ref in reversed(refs)]


def _orient(topology: _Topology) -> None:
    """Outer rings counter-clockwise, holes clockwise (y up), at the level of arc references."""
    for polygons in topology.areas.values():
        for polygon in polygons:
            for position, refs in enumerate(polygon):
                area = signed_area(_ring_points(topology.arcs, refs))
                if (position == 0 and area < 0) or (position > 0 and area > 0):
                    polygon[position] = _reversed_refs(refs)


def _merge(arcs: Sequence[Sequence[Point]], polygons: Iterable[list[list[int]]]) -> list[list[list[int]]]:
    """The union of polygons that share arcs: drop arcs used twice, chain the rest into rings."""
    uses: dict[int, int] = {}
    references: list[int] = []
    for polygon in polygons:
        for refs in polygon:
            for ref in refs:
                arc = ref if ref >= 0 else ~ref
                uses[arc] = uses.get(arc, 0) + 1
                references.append(ref)
    outgoing: dict[Point, list[int]] = {}
    for ref in references:
        if uses[ref if ref >= 0 else ~ref] == 1:
            outgoing.setdefault(_start(arcs, ref), []).append(ref)
    rings: list[list[int]] = []
    while outgoing:
        start, refs = next(iter(outgoing.items()))
        ring = [refs.pop()]
        if not refs:
            del outgoing[start]
        while _end(arcs, ring[-1]) != start:
            at = _end(arcs, ring[-1])
            following = outgoing.get(at)
            if not following:  # not closed (a broken topology): keep what was walked
                break
            ring.append(following.pop())
            if not following:
                del outgoing[at]
        rings.append(ring)
    outers = [r for r in rings if signed_area(_ring_points(arcs, r)) > 0]
    holes = [r for r in rings if signed_area(_ring_points(arcs, r)) <= 0]
    merged = [[outer] for outer in outers]
    for hole in holes:
        probe = _ring_points(arcs, hole)[0]
        containing = [polygon for polygon in merged if _contains(_ring_points(arcs, polygon[0]), probe)]
        if containing:
            smallest = min(containing, key=lambda p: abs(signed_area(_ring_points(arcs, p[0]))))
            smallest.append(hole)
    return merged


def _start(arcs: Sequence[Sequence[Point]], ref: int) -> Point:
    return arcs[ref][0] if ref >= 0 else arcs[~ref][-1]


def _end(arcs: Sequence[Sequence[Point]], ref: int) -> Point:
    return arcs[ref][-1] if ref >= 0 else arcs[~ref][0]


def _contains(ring: Sequence[Point], point: Point) -> bool:
    x, y = point
    inside = False
    count = len(ring)
    for i in range(count):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % count]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends (so arcs still meet at their junctions)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        farthest, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                distance2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                distance2 = cross * cross / length2
            if distance2 > farthest:
                farthest, index = distance2, i
        if index >= 0 and farthest > tolerance * tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _on_grid(points: Iterable[Point], grid: int) -> list[Point]:
    return _without_repeats((round(x / grid) * grid, round(y / grid) * grid) for x, y in points)


def _shape(
    code: str, arcs: Sequence[Sequence[Point]], polygons: Iterable[list[list[int]]], min_area: float
) -> Shape | None:
    """Rings in points; drop specks, but keep at least the largest part of the area."""
    candidates: list[tuple[float, Polygon]] = []
    for polygon in polygons:
        outer = _ring_points(arcs, polygon[0])
        area = signed_area(outer) if len(outer) >= 3 else 0.0
        if area == 0.0:
            continue
        if area < 0:
            outer.reverse()
        rings: list[Ring] = [tuple(outer)]
        for refs in polygon[1:]:
            hole = _ring_points(arcs, refs)
            hole_area = signed_area(hole) if len(hole) >= 3 else 0.0
            if abs(hole_area) >= min_area:
                rings.append(tuple(hole if hole_area < 0 else hole[::-1]))
        candidates.append((abs(area), tuple(rings)))
    if not candidates:
        return None
    largest = max(area for area, _ in candidates)
    kept = tuple(rings for area, rings in candidates if area >= min_area or area == largest)
    bbox = _bbox_of(point for polygon in kept for point in polygon[0])
    return Shape(code, kept, bbox)


def _union(boxes: Iterable[BBox]) -> BBox:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --- assembling a MapGeometry -----------------------------------------------------------------------


def _region_map(reference: Reference) -> dict[str, str]:
    """Region of every municipality code we may meet: the 2020 ones and their later successors."""
    regions = {code: m.region_code for code, m in reference.municipalities.items()}
    for successor in reference.successors:
        regions.setdefault(successor.new_code, successor.new_region_code)
    return regions


def _label_points(reference: Reference) -> dict[str, dict[str, Point]]:
    municipalities = {
        code: _snap(*wgs84_to_rd(m.label_lon, m.label_lat)) for code, m in reference.municipalities.items()
    }
    regions: dict[str, Point] = {}
    for region in reference.regions:
        members = [municipalities[code] for code in reference.members(region)]
        mean_x = sum(p[0] for p in members) / len(members)
        mean_y = sum(p[1] for p in members) / len(members)
        # A member's own label point, so that the region's point always lies inside the region.
        regions[region] = min(members, key=lambda p: (p[0] - mean_x) ** 2 + (p[1] - mean_y) ** 2)
    return {"gm": municipalities, "vr": regions}


def label_point_geometry(reference: Reference | None = None) -> MapGeometry:
    """Every area at its label point: the map used when no boundary file is installed."""
    reference = reference or load_reference()
    return MapGeometry(
        source=None,
        shapes={"gm": {}, "vr": {}},
        points=_label_points(reference),
        background=(),
        region_of={code: m.region_code for code, m in reference.municipalities.items()},
    )


def load_boundaries(
    path: Path | str,
    reference: Reference | None = None,
    *,
    tolerance_m: float = SIMPLIFY_TOLERANCE_M,
    grid_m: int = GRID_M,
    min_ring_area_m2: float = MIN_RING_AREA_M2,
) -> MapGeometry:
    """Read a TopoJSON or GeoJSON boundary file (WGS84 or RD New) into a ``MapGeometry``.

    Features are recognised by a GMxxxx or VRxx code (see ``CODE_PROPERTIES``); others, such as a
    country outline or provinces, are skipped. Raises ``BoundaryError`` naming the file and the problem.
    """
    path = Path(path)
    reference = reference or load_reference()
    document = _read_json(path)
    if not isinstance(document, Mapping):
        raise BoundaryError(path, "expected a JSON object at the top level")
    if document.get("type") == "Topology":
        topology = _topology_from_topojson(path, document)
    else:
        topology = _topology_from_geojson(path, document)
    if not topology.areas:
        raise BoundaryError(path, _no_areas_message())
    _orient(topology)

    regions = _region_map(reference)
    municipality_areas = {code: p for code, p in topology.areas.items() if code.startswith("GM")}
    region_areas = {code: p for code, p in topology.areas.items() if code.startswith("VR")}
    if not region_areas:
        grouped: dict[str, list[list[list[int]]]] = {}
        for code, polygons in municipality_areas.items():
            if code in regions:
                grouped.setdefault(regions[code], []).extend(polygons)
        region_areas = {code: _merge(topology.arcs, polygons) for code, polygons in grouped.items()}

    simplified = [_on_grid(_simplify(arc, tolerance_m), grid_m) for arc in topology.arcs]
    shapes: dict[str, dict[str, Shape]] = {"gm": {}, "vr": {}}
    background: list[Shape] = []
    for level, areas, known in (
        ("gm", municipality_areas, reference.municipalities),
        ("vr", region_areas, reference.regions),
    ):
        for code in sorted(areas):
            shape = _shape(code, simplified, areas[code], min_ring_area_m2)
            if shape is None:
                continue
            if code in known:
                shapes[level][code] = shape
            elif level == "gm":
                background.append(shape)
    if not shapes["gm"] and not shapes["vr"]:
        raise BoundaryError(path, "none of the areas in the file belongs to the 2020 division")
    return MapGeometry(
        source=path,
        shapes=shapes,
        points=_label_points(reference),
        background=tuple(background),
        region_of={code: m.region_code for code, m in reference.municipalities.items()},
    )


# --- where the file comes from ----------------------------------------------------------------------


def default_cache_file(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/dashapp/boundaries-2020.geojson`` (``~/.cache`` when unset)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return root / "dashapp" / DEFAULT_CACHE_NAME


def boundary_file(configured: Path | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The file to draw borders from: the configured one (``DASHAPP_BOUNDARIES``) if any, else the
    download cache if it is filled."""
    if configured is not None:
        return configured
    cached = default_cache_file(environ)
    return cached if cached.is_file() else None


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, _mtime_ns: int, _size: int) -> MapGeometry:
    return load_boundaries(path)


def load_map_geometry(path: Path | None) -> MapGeometry:
    """The geometry for ``path`` (None: label points only), read once per process and file version."""
    if path is None:
        return label_point_geometry()
    try:
        stat = path.stat()
    except OSError as error:
        raise BoundaryError(path, f"cannot be read: {error}") from error
    return _load_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


def configured_geometry(
    configured: Path | None, environ: Mapping[str, str] | None = None
) -> tuple[MapGeometry, BoundaryError | None]:
    """The geometry to draw, or label points together with the reason a boundary file was refused."""
    path = boundary_file(configured, environ)
    try:
        return load_map_geometry(path), None
    except BoundaryError as error:
        return label_point_geometry(), error


# --- download ---------------------------------------------------------------------------------------


def download_boundaries(
    urls: str | Sequence[str] = DEFAULT_BOUNDARY_URLS,
    target: Path | None = None,
    *,
    timeout: float = 120.0,
) -> MapGeometry:
    """Fetch boundary file(s) and install them as ``target`` (default: the cache file).

    Each URL is streamed to a temporary file beside ``target``. Several URLs must each give a GeoJSON
    FeatureCollection; their features are joined into one. The result is loaded (and so validated)
    before it atomically replaces ``target``; on any failure ``target`` is left as it was.
    """
    url_list = [urls] if isinstance(urls, str) else list(urls)
    if not url_list:
        raise ValueError("no URL to download")
    target = Path(target) if target is not None else default_cache_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporaries: list[Path] = []
    try:
        for url in url_list:
            temporaries.append(_fetch(url, target.parent, timeout))
        if len(temporaries) == 1:
            candidate = temporaries[0]
        else:
            candidate = _joined(url_list, temporaries, target.parent)
            temporaries.append(candidate)
        try:
            geometry = load_boundaries(candidate)
        except BoundaryError as error:
            raise BoundaryError(" + ".join(url_list), error.reason, line=error.line) from error
        os.replace(candidate, target)
        temporaries.remove(candidate)
        return dataclasses.replace(geometry, source=target)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def _fetch(url: str, directory: Path, timeout: float) -> Path:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json, application/geo+json", "User-Agent": "dashapp"}
    )
    handle, name = tempfile.mkstemp(prefix=".download-", suffix=".json", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
            copied = 0
            for chunk in iter(lambda: response.read(1 << 16), b""):
                copied += len(chunk)
                if copied > MAX_DOWNLOAD_BYTES:
                    raise BoundaryError(url, f"download larger than {MAX_DOWNLOAD_BYTES} bytes")
                out.write(chunk)
    except BoundaryError:
        path.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as error:
        path.unlink(missing_ok=True)
        raise BoundaryError(url, f"download failed: HTTP {error.code} {error.reason}") from error
    except (urllib.error.URLError, OSError) as error:
        path.unlink(missing_ok=True)
        raise BoundaryError(url, f"download failed: {error}") from error
    return path


def _joined(urls: Sequence[str], paths: Sequence[Path], directory: Path) -> Path:
    features: list[Any] = []
    crs: list[Any] = []
    for url, path in zip(urls, paths, strict=True):
        document = _read_json(path)
        if not isinstance(document, Mapping) or document.get("type") != "FeatureCollection":
            raise BoundaryError(url, "expected a GeoJSON FeatureCollection")
        features.extend(_features(path, document))
        crs.append(document.get("crs"))
    joined: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if crs[0] is not None:
        if any(c != crs[0] for c in crs):
            raise BoundaryError(" + ".join(urls), "the downloads use different coordinate systems")
        joined["crs"] = crs[0]
    handle, name = tempfile.mkstemp(prefix=".joined-", suffix=".geojson", dir=directory)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(joined, out, separators=(",", ":"))
    return Path(name)
