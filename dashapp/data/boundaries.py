"""Municipal and safety-region boundaries for the maps: read the prepared boundary file.

The app ships ``dashapp/data/geo/boundaries-2020.geojson``, built by ``tools/build_boundaries.py``
from the CBS/Kadaster boundaries of the 2020 division (projected to RD New, simplified as one
coverage, regions and later municipalities merged, all with shapely and pyproj). Run time only
reads it: coordinates are already RD New (EPSG:28992) metres, the Dutch national grid, a conformal
projection, so drawing its x/y with equal axis scales gives a true-looking map with no projection in
the browser. ``DASHAPP_BOUNDARIES`` may name another file of the same format.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import os
import re
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from dashapp.data.errors import SourceError
from dashapp.data.reference import Reference, load_reference

LEVELS = ("gm", "vr")
FORMAT = "dashapp-boundaries/1"
ATTRIBUTION = "CBS/Kadaster, CC BY 4.0"
SHIPPED_BOUNDARIES = Path(__file__).resolve().parent / "geo" / "boundaries-2020.geojson"
BUILD_TOOL = Path(__file__).resolve().parents[2] / "tools" / "build_boundaries.py"

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

_CODE = re.compile(r"^(GM\d{4}|VR\d{2})$")


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
    label point for every area of the level. ``later`` holds municipalities of later divisions (such as
    GM1979), each the union of its 2020 predecessors, for data that use the later codes; they overlap
    those predecessors, so a map draws one or the other. ``background`` holds shapes drawn only as a
    neutral underlay. Equality is identity, so a geometry can key a cache.
    """

    source: Path | None
    shapes: Mapping[str, Mapping[str, Shape]]
    points: Mapping[str, Mapping[str, Point]]
    background: tuple[Shape, ...]
    region_of: Mapping[str, str]
    later: Mapping[str, Shape] = field(default_factory=dict)
    attribution: str | None = None

    @property
    def has_borders(self) -> bool:
        """False when no boundary file is used: every area is then a label point."""
        return any(self.shapes[level] for level in LEVELS)

    def codes(self, level: str) -> tuple[str, ...]:
        return tuple(sorted(self.points[level]))

    def shaped_codes(self, level: str) -> tuple[str, ...]:
        return tuple(sorted(self.shapes[level]))

    def point_codes(self, level: str) -> tuple[str, ...]:
        """Areas drawn at their label point because the geometry has no shape for them."""
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


def _union(boxes: Iterable[BBox]) -> BBox:
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --- reading the prepared file ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Feature:
    code: str
    level: str
    shape: Shape
    label: Point
    later: bool


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


def _is_point(value: Any) -> TypeGuard[list[int]]:
    # type() rather than isinstance(): true and false are ints to isinstance but no coordinates
    return isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)


def _ring(path: Path, code: str, positions: Any) -> Ring:
    if not isinstance(positions, list) or len(positions) < 4 or not all(map(_is_point, positions)):
        raise BoundaryError(path, f"{code}: a ring must be a closed list of at least 4 [x, y] whole metres")
    return tuple((x, y) for x, y in positions[:-1])


def _polygons(path: Path, code: str, geometry: Any) -> tuple[Polygon, ...]:
    if not isinstance(geometry, Mapping) or geometry.get("type") != "MultiPolygon":
        raise BoundaryError(path, f"{code}: the geometry must be a MultiPolygon")
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise BoundaryError(path, f"{code}: 'coordinates' must be a non-empty list of polygons")
    polygons = []
    for polygon in coordinates:
        if not isinstance(polygon, list) or not polygon:
            raise BoundaryError(path, f"{code}: a polygon must be a non-empty list of rings")
        polygons.append(tuple(_ring(path, code, ring) for ring in polygon))
    return tuple(polygons)


def _bbox(polygons: Sequence[Polygon]) -> BBox:
    xs = [x for polygon in polygons for x, _ in polygon[0]]
    ys = [y for polygon in polygons for _, y in polygon[0]]
    return (min(xs), min(ys), max(xs), max(ys))


def _feature(path: Path, number: int, feature: Any) -> _Feature:
    properties = feature.get("properties") if isinstance(feature, Mapping) else None
    if not isinstance(properties, Mapping):
        raise BoundaryError(path, f"feature {number} has no properties")
    code, level, label = properties.get("code"), properties.get("level"), properties.get("label")
    if not isinstance(code, str) or not _CODE.match(code) or level != level_of(code):
        raise BoundaryError(
            path, f"feature {number}: {code!r} is not a GMxxxx or VRxx code of level {level!r}"
        )
    if not _is_point(label):
        raise BoundaryError(path, f"{code}: 'label' must be [x, y] in whole metres")
    polygons = _polygons(path, code, feature.get("geometry"))
    shape = Shape(code, polygons, _bbox(polygons))
    return _Feature(code, level, shape, (label[0], label[1]), later="formed_from" in properties)


def _features(path: Path, document: Any) -> list[_Feature]:
    metadata = document.get("metadata") if isinstance(document, Mapping) else None
    if not isinstance(metadata, Mapping) or metadata.get("format") != FORMAT:
        raise BoundaryError(
            path,
            f"not a prepared boundary file (a GeoJSON FeatureCollection with metadata.format {FORMAT!r}): "
            "build one with tools/build_boundaries.py --source FILE",
        )
    if document.get("type") != "FeatureCollection":
        raise BoundaryError(path, "expected a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise BoundaryError(path, "a FeatureCollection needs a 'features' list")
    return [_feature(path, number, feature) for number, feature in enumerate(features)]


def _missing(reference: Reference, features: Iterable[_Feature]) -> list[str]:
    present = {feature.code for feature in features if not feature.later}
    return sorted((set(reference.municipalities) | set(reference.regions)) - present)


def load_boundaries(path: Path | str, reference: Reference | None = None) -> MapGeometry:
    """Read a prepared boundary file (see ``tools/build_boundaries.py``) into a ``MapGeometry``.

    Raises ``BoundaryError`` naming the file and the problem, also when an area of the reference's
    division lacks a border (a map never mixes borders and dots).
    """
    path = Path(path)
    reference = reference or load_reference()
    document = _read_json(path)
    features = _features(path, document)
    missing = _missing(reference, features)
    if missing:
        listed = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise BoundaryError(path, f"{len(missing)} areas of the 2020 division have no border: {listed}")
    known = {"gm": reference.municipalities, "vr": reference.regions}
    current = [f for f in features if not f.later and f.code in known[f.level]]
    return MapGeometry(
        source=path,
        shapes={level: {f.code: f.shape for f in current if f.level == level} for level in LEVELS},
        points={level: {f.code: f.label for f in current if f.level == level} for level in LEVELS},
        background=(),
        region_of={code: m.region_code for code, m in reference.municipalities.items()},
        later={f.code: f.shape for f in features if f.later},
        attribution=str(document["metadata"].get("attribution") or "") or None,
    )


def label_point_geometry() -> MapGeometry:
    """Every area at its label point (taken from the shipped file), without borders."""
    shipped = load_map_geometry(SHIPPED_BOUNDARIES)
    return MapGeometry(
        source=None,
        shapes={level: {} for level in LEVELS},
        points=shipped.points,
        background=(),
        region_of=shipped.region_of,
    )


# --- which file ----------------------------------------------------------------------------------


def default_cache_file(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/dashapp/boundaries-2020.geojson`` (``~/.cache`` when unset): where
    ``python -m dashapp boundaries download`` installs a file it built."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base else Path.home() / ".cache"
    return root / "dashapp" / DEFAULT_CACHE_NAME


def boundary_file(configured: Path | None, environ: Mapping[str, str] | None = None) -> Path:
    """The file to draw borders from: the configured one (``DASHAPP_BOUNDARIES``) if any, else the
    download cache if it is filled, else the file shipped with the app."""
    if configured is not None:
        return configured
    cached = default_cache_file(environ)
    return cached if cached.is_file() else SHIPPED_BOUNDARIES


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, _mtime_ns: int, _size: int) -> MapGeometry:
    return load_boundaries(path)


def load_map_geometry(path: Path | None) -> MapGeometry:
    """The geometry of ``path`` (None: the shipped file), read once per process and file version."""
    path = path or SHIPPED_BOUNDARIES
    try:
        stat = path.stat()
    except OSError as error:
        raise BoundaryError(path, f"cannot be read: {error}") from error
    return _load_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


def configured_geometry(
    configured: Path | None, environ: Mapping[str, str] | None = None
) -> tuple[MapGeometry, BoundaryError | None]:
    """The geometry to draw, or the shipped one together with the reason another file was refused."""
    path = boundary_file(configured, environ)
    try:
        return load_map_geometry(path), None
    except BoundaryError as error:
        return load_map_geometry(SHIPPED_BOUNDARIES), error


# --- download ---------------------------------------------------------------------------------------


def download_boundaries(
    urls: str | Sequence[str] = DEFAULT_BOUNDARY_URLS,
    target: Path | None = None,
    *,
    timeout: float = 120.0,
) -> MapGeometry:
    """Fetch CBS boundaries (the 2020 municipalities, in any file ``tools/build_boundaries.py`` reads),
    build a prepared file from them and install it as ``target`` (default: the cache file).

    Building needs the development requirements (shapely, pyproj). The result is loaded (and so
    validated) before it atomically replaces ``target``; on any failure ``target`` is left as it was.
    """
    url_list = [urls] if isinstance(urls, str) else list(urls)
    if not url_list:
        raise ValueError("no URL to download")
    target = Path(target) if target is not None else default_cache_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporaries: list[Path] = []
    try:
        temporaries.extend(_fetch(url, target.parent, timeout) for url in url_list)
        candidate = _built(url_list, temporaries, target.parent)
        temporaries.append(candidate)
        geometry = load_boundaries(candidate)
        os.replace(candidate, target)
        temporaries.remove(candidate)
        return dataclasses.replace(geometry, source=target)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


def _build_tool() -> Any:
    """``tools/build_boundaries.py`` as a module; it imports shapely and pyproj."""
    name = "_dashapp_build_boundaries"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BUILD_TOOL)
    if spec is None or spec.loader is None:
        raise ImportError(f"{BUILD_TOOL} is missing")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before running it: its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _built(urls: Sequence[str], downloads: Sequence[Path], directory: Path) -> Path:
    where = " + ".join(urls)
    try:
        tool = _build_tool()
    except (ImportError, OSError) as error:
        raise BoundaryError(
            where, f"building needs tools/build_boundaries.py and requirements-dev.txt: {error}"
        ) from error
    try:
        document = tool.boundary_document(downloads, load_reference())
    except (ValueError, KeyError, TypeError) as error:
        raise BoundaryError(where, f"cannot be built into a boundary file: {error}") from error
    handle, name = tempfile.mkstemp(prefix=".built-", suffix=".geojson", dir=directory)
    with os.fdopen(handle, "wb") as out:
        out.write(tool.serialise(document))
    return Path(name)


def _fetch(url: str, directory: Path, timeout: float) -> Path:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json, application/geo+json", "User-Agent": "dashapp"}
    )
    handle, name = tempfile.mkstemp(prefix=".download-", suffix=".json", dir=directory)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(request, timeout=timeout) as response:
            _copy(url, response, out)
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


def _copy(url: str, response: Any, out: Any) -> None:
    copied = 0
    for chunk in iter(lambda: response.read(1 << 16), b""):
        copied += len(chunk)
        if copied > MAX_DOWNLOAD_BYTES:
            raise BoundaryError(url, f"download larger than {MAX_DOWNLOAD_BYTES} bytes")
        out.write(chunk)
