"""Boundary files: decoding TopoJSON and GeoJSON, projection, orientation, regions, errors, download."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from dashapp.data.boundaries import (
    DEFAULT_BOUNDARY_URLS,
    BoundaryError,
    MapGeometry,
    _contains,
    boundary_file,
    configured_geometry,
    default_cache_file,
    download_boundaries,
    label_point_geometry,
    load_boundaries,
    load_map_geometry,
    signed_area,
    wgs84_to_rd,
)
from dashapp.data.reference import Municipality, Reference, SafetyRegion, Successor, load_reference
from tests.conftest import SHARED_DATA, needs_shared_data

GEO_2020 = SHARED_DATA / "geo" / "2020" / "geography-simplified.topo.json"
GEO_2023 = SHARED_DATA / "geo" / "2023" / "nl-vr-gm.topo.json"
RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}


def tiny_reference() -> Reference:
    """Three municipalities: GM0001 and GM0002 in VR01, GM0003 in VR02 (merged into GM0009 later)."""

    def town(code: str, region: str, lon: float) -> Municipality:
        return Municipality(code, f"Town {code[-1]}", region, "Province", 1000, lon, 52.0)

    return Reference(
        national=SafetyRegion("NL", "Nederland", 3000, 3),
        regions={
            "VR01": SafetyRegion("VR01", "North", 2000, 2),
            "VR02": SafetyRegion("VR02", "South", 1000, 1),
        },
        municipalities={
            "GM0001": town("GM0001", "VR01", 5.0),
            "GM0002": town("GM0002", "VR01", 5.1),
            "GM0003": town("GM0003", "VR02", 6.0),
        },
        successors=(Successor("GM0003", "Town 3", "GM0009", "Merged", "VR02", date(2021, 1, 1)),),
        aliases={},
        sewage_plants={},
        _members={"VR01": ("GM0001", "GM0002"), "VR02": ("GM0003",)},
    )


def square(x: float, y: float, size: float, *, clockwise: bool = False) -> list[list[float]]:
    """A closed GeoJSON ring, counter-clockwise (y up) unless asked otherwise."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return ring[::-1] if clockwise else ring


def feature(code: str, *polygons: list[list[list[float]]], key: str = "statcode") -> dict:
    return {
        "type": "Feature",
        "properties": {key: code, "statnaam": "x"},
        "geometry": {"type": "MultiPolygon", "coordinates": list(polygons)},
    }


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def rd_squares(directory: Path) -> Path:
    """GM0001 and GM0002: two 1 km squares sharing the edge x = 101000, GM0002 with a 400 m hole;
    GM0001 is written clockwise and the hole counter-clockwise (both the wrong way round)."""
    return write(
        directory / "squares.geojson",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [
                feature("GM0001", [square(100000, 400000, 1000, clockwise=True)]),
                feature("GM0002", [square(101000, 400000, 1000), square(101300, 400300, 400)]),
                feature("GM0003", [square(150000, 450000, 1000)], key="gemcode"),
            ],
        },
    )


def corners(ring) -> set[tuple[int, int]]:
    return set(ring)


# --- projection ---------------------------------------------------------------------------------


def test_the_rd_origin_projects_onto_itself():
    x, y = wgs84_to_rd(5.387206, 52.155174)
    assert x == pytest.approx(155000, abs=0.1)
    assert y == pytest.approx(463000, abs=0.1)


@pytest.mark.parametrize(
    ("lon", "lat", "x", "y"),
    [
        # EPSG:4326 -> EPSG:28992 computed with pyproj 3.7.2 (PROJ 9.5, no grids): north-east,
        # south-west and south of the country
        (6.0, 53.0, 196139.4, 557179.1),
        (4.0, 51.5, 58681.5, 391025.1),
        (5.7, 50.85, 177029.5, 317843.1),
    ],
)
def test_projection_agrees_with_proj_within_a_metre(lon, lat, x, y):
    got_x, got_y = wgs84_to_rd(lon, lat)
    assert abs(got_x - x) < 1 and abs(got_y - y) < 1


# --- GeoJSON ------------------------------------------------------------------------------------


def test_geojson_squares_are_read_in_rd_and_oriented(tmp_path):
    geometry = load_boundaries(rd_squares(tmp_path), tiny_reference())
    first = geometry.shapes["gm"]["GM0001"]
    (outer,) = first.polygons[0]
    assert corners(outer) == {(100000, 400000), (101000, 400000), (101000, 401000), (100000, 401000)}
    assert signed_area(outer) == 1_000_000  # turned counter-clockwise
    assert first.bbox == (100000, 400000, 101000, 401000)
    outer, hole = geometry.shapes["gm"]["GM0002"].polygons[0]
    assert signed_area(outer) == 1_000_000
    assert signed_area(hole) == -160_000  # holes clockwise
    assert corners(hole) == {(101300, 400300), (101700, 400300), (101700, 400700), (101300, 400700)}
    assert "GM0003" in geometry.shapes["gm"]  # found under the property "gemcode"


def test_regions_are_merged_from_their_municipalities_when_the_file_has_none(tmp_path):
    geometry = load_boundaries(rd_squares(tmp_path), tiny_reference())
    (polygon,) = geometry.shapes["vr"]["VR01"].polygons
    outer, hole = polygon
    # The shared edge is gone: one 2 km by 1 km rectangle, still with GM0002's hole.
    assert signed_area(outer) == 2_000_000
    assert {(100000, 400000), (102000, 400000), (102000, 401000), (100000, 401000)} <= corners(outer)
    assert all(y in (400000, 401000) for x, y in outer if x == 101000)  # no point inside the rectangle
    assert signed_area(hole) == -160_000
    assert geometry.shapes["vr"]["VR02"].bbox == (150000, 450000, 151000, 451000)


def test_wgs84_is_detected_and_projected(tmp_path):
    # A square of about 700 by 670 m whose south-west corner is the RD origin.
    ring = square(5.387206, 52.155174, 0.01)
    ring[2] = [5.397206, 52.161174]
    ring[3] = [5.387206, 52.161174]
    path = write(
        tmp_path / "wgs84.geojson", {"type": "FeatureCollection", "features": [feature("GM0001", [ring])]}
    )
    (outer,) = load_boundaries(path, tiny_reference()).shapes["gm"]["GM0001"].polygons[0]
    assert (155000, 463000) in outer  # on the 10 m grid


def test_wgs84_written_latitude_first_is_detected(tmp_path):
    ring = [[lat, lon] for lon, lat in square(5.387206, 52.155174, 0.01)]
    path = write(
        tmp_path / "latlon.geojson", {"type": "FeatureCollection", "features": [feature("GM0001", [ring])]}
    )
    (outer,) = load_boundaries(path, tiny_reference()).shapes["gm"]["GM0001"].polygons[0]
    assert (155000, 463000) in outer


def test_label_points_of_areas_missing_from_the_file(tmp_path):
    geometry = load_boundaries(rd_squares(tmp_path), tiny_reference())
    assert geometry.has_borders
    assert geometry.point_codes("gm") == ()
    only_first = write(
        tmp_path / "one.geojson",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [feature("GM0001", [square(100000, 400000, 1000)])],
        },
    )
    geometry = load_boundaries(only_first, tiny_reference())
    assert geometry.shaped_codes("gm") == ("GM0001",)
    assert geometry.point_codes("gm") == ("GM0002", "GM0003")
    x, y = geometry.points["gm"]["GM0003"]
    assert geometry.bbox("GM0003") == (x, y, x, y)
    assert (x, y) == tuple(round(v) for v in wgs84_to_rd(6.0, 52.0))


def test_codes_outside_the_2020_division_become_background(tmp_path):
    path = write(
        tmp_path / "later.geojson",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [
                feature("GM0001", [square(100000, 400000, 1000)]),
                feature("GM0009", [square(150000, 450000, 1000)]),  # the successor of GM0003
                feature("PV20", [square(160000, 450000, 1000)]),  # a province: not an area we draw
            ],
        },
    )
    geometry = load_boundaries(path, tiny_reference())
    assert [shape.code for shape in geometry.background] == ["GM0009"]
    assert "GM0003" in geometry.point_codes("gm")
    # The successor still counts for its region when regions are merged from municipalities.
    assert geometry.shapes["vr"]["VR02"].bbox == (150000, 450000, 151000, 451000)


def test_specks_are_dropped_but_an_area_keeps_its_largest_part(tmp_path):
    path = write(
        tmp_path / "specks.geojson",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [
                feature("GM0001", [square(100000, 400000, 1000)], [square(103000, 400000, 100)]),
                feature("GM0002", [square(110000, 400000, 200)]),  # 0.04 km², its only part
            ],
        },
    )
    geometry = load_boundaries(path, tiny_reference())
    assert len(geometry.shapes["gm"]["GM0001"].polygons) == 1
    assert len(geometry.shapes["gm"]["GM0002"].polygons) == 1


def test_shared_borders_stay_identical_after_simplification(tmp_path):
    # A wiggly shared border (10 m wiggles) between two areas simplifies the same way on both sides.
    border = [[101000 + (10 if i % 2 else 0), 400000 + 50 * i] for i in range(21)]
    left = [[100000, 400000], *border, [100000, 401000], [100000, 400000]]
    right = [[102000, 400000], [102000, 401000], *border[::-1], [102000, 400000]]
    path = write(
        tmp_path / "wiggle.geojson",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [feature("GM0001", [left]), feature("GM0002", [right])],
        },
    )
    geometry = load_boundaries(path, tiny_reference())
    (a,) = geometry.shapes["gm"]["GM0001"].polygons[0]
    (b,) = geometry.shapes["gm"]["GM0002"].polygons[0]
    shared = set(a) & set(b)
    assert shared == {(101000, 400000), (101000, 401000)}  # the wiggles (< 80 m) are gone on both sides
    assert signed_area(a) + signed_area(b) == 2_000_000  # no gap, no overlap


# --- TopoJSON -----------------------------------------------------------------------------------


def tiny_topology() -> dict:
    """The two squares of ``rd_squares`` (no hole) as quantised, delta-encoded TopoJSON with a region.

    Grid units of 10 m from (100000, 400000). Arc 0 is the shared edge going north; GM0001 walks it
    forwards, GM0002 backwards (index ~0 = -1).
    """
    return {
        "type": "Topology",
        "transform": {"scale": [10, 10], "translate": [100000, 400000]},
        "arcs": [
            [[100, 0], [0, 100]],
            [[100, 100], [-100, 0], [0, -100], [100, 0]],
            [[100, 0], [100, 0], [0, 100], [-100, 0]],
        ],
        "objects": {
            "municipalities": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"gemcode": "GM0001"}},
                    {"type": "Polygon", "arcs": [[-1, 2]], "properties": {"gemcode": "GM0002"}},
                ],
            },
            "safetyregions": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "MultiPolygon", "arcs": [[[1, 2]]], "properties": {"vrcode": "VR01"}}
                ],
            },
            "netherlands": {
                "type": "GeometryCollection",
                "geometries": [{"type": "Polygon", "arcs": [[1, 2]]}],
            },
        },
    }


def test_topojson_with_transform_and_a_negative_arc_index(tmp_path):
    geometry = load_boundaries(write(tmp_path / "t.topo.json", tiny_topology()), tiny_reference())
    (first,) = geometry.shapes["gm"]["GM0001"].polygons[0]
    (second,) = geometry.shapes["gm"]["GM0002"].polygons[0]
    assert corners(first) == {(100000, 400000), (101000, 400000), (101000, 401000), (100000, 401000)}
    assert corners(second) == {(101000, 400000), (102000, 400000), (102000, 401000), (101000, 401000)}
    assert signed_area(first) == signed_area(second) == 1_000_000
    (region,) = geometry.shapes["vr"]["VR01"].polygons[0]  # the file's own region object
    assert signed_area(region) == 2_000_000
    assert geometry.shapes["vr"].keys() == {"VR01"}  # the file has regions: none is merged


def test_topojson_without_transform(tmp_path):
    topology = tiny_topology()
    del topology["transform"]
    topology["arcs"] = [
        [[101000, 400000], [101000, 401000]],
        [[101000, 401000], [100000, 401000], [100000, 400000], [101000, 400000]],
        [[101000, 400000], [102000, 400000], [102000, 401000], [101000, 401000]],
    ]
    geometry = load_boundaries(write(tmp_path / "t.topo.json", topology), tiny_reference())
    assert geometry.shapes["gm"]["GM0002"].bbox == (101000, 400000, 102000, 401000)


# --- malformed files ----------------------------------------------------------------------------


def broken(tmp_path: Path, document: object, name: str = "broken.json") -> BoundaryError:
    path = tmp_path / name
    if isinstance(document, str):
        path.write_text(document, encoding="utf-8")
    else:
        write(path, document)
    with pytest.raises(BoundaryError) as caught:
        load_boundaries(path, tiny_reference())
    assert caught.value.path.name == name
    assert str(caught.value).startswith(name)
    return caught.value


def test_not_json(tmp_path):
    error = broken(tmp_path, '{"type": "Topology",\n "arcs": [1, 2,]}')
    assert "not valid JSON" in error.reason
    assert error.line == 2


def test_missing_file(tmp_path):
    with pytest.raises(BoundaryError, match="file not found"):
        load_boundaries(tmp_path / "absent.geojson", tiny_reference())


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ([1, 2], "expected a JSON object"),
        ({"type": "GeometryCollection", "geometries": []}, "expected a TopoJSON Topology or a GeoJSON"),
        ({"type": "Topology", "objects": {}}, "needs 'arcs'"),
        ({"type": "FeatureCollection", "features": {}}, "needs a 'features' list"),
        ({"type": "FeatureCollection", "features": []}, "no municipality (GMxxxx) or safety-region"),
    ],
)
def test_wrong_structure(tmp_path, document, reason):
    assert reason in broken(tmp_path, document).reason


def test_arc_index_out_of_range(tmp_path):
    topology = tiny_topology()
    topology["objects"]["municipalities"]["geometries"][1]["arcs"] = [[-4, 2]]
    assert "GM0002: arc index -4 is out of range" in broken(tmp_path, topology).reason


def test_arc_with_a_bad_position(tmp_path):
    topology = tiny_topology()
    topology["arcs"][2][1] = [100, "0"]
    assert "arc 2: expected a position" in broken(tmp_path, topology).reason


def test_geometry_that_is_not_an_area(tmp_path):
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "GM0001"},
                "geometry": {"type": "Point", "coordinates": [5, 52]},
            }
        ],
    }
    assert "GM0001: geometry type Point is not an area" in broken(tmp_path, document).reason


def test_coordinates_outside_the_netherlands(tmp_path):
    document = {"type": "FeatureCollection", "features": [feature("GM0001", [square(-74.0, 40.7, 0.1)])]}
    assert "neither WGS84 degrees nor RD New metres" in broken(tmp_path, document).reason


def test_declared_crs_contradicting_the_coordinates(tmp_path):
    document = {
        "type": "FeatureCollection",
        "crs": RD_CRS,
        "features": [feature("GM0001", [square(5.0, 52.0, 0.01)])],
    }
    assert "declares urn:ogc:def:crs:EPSG::28992" in broken(tmp_path, document).reason


def test_no_area_of_the_2020_division(tmp_path):
    # GM0099 is neither in the 2020 division nor a successor, so it belongs to no region either.
    document = {
        "type": "FeatureCollection",
        "crs": RD_CRS,
        "features": [feature("GM0099", [square(150000, 450000, 1000)])],
    }
    assert "none of the areas in the file belongs to the 2020 division" in broken(tmp_path, document).reason


# --- without a file -----------------------------------------------------------------------------


def test_label_point_geometry_of_the_real_reference():
    reference = load_reference()
    geometry = label_point_geometry()
    assert not geometry.has_borders
    assert geometry.codes("gm") == tuple(sorted(reference.municipalities))
    assert geometry.point_codes("gm") == geometry.codes("gm")
    assert len(geometry.codes("vr")) == 25
    for region in reference.regions:  # a region's dot is one of its members' dots, so inside it
        assert geometry.points["vr"][region] in {geometry.points["gm"][m] for m in reference.members(region)}
    box = geometry.members_bbox("VR14")
    for code in reference.members("VR14"):
        x, y = geometry.points["gm"][code]
        assert box[0] <= x <= box[2] and box[1] <= y <= box[3]


def test_which_file_is_used(tmp_path):
    cache = tmp_path / "cache"
    assert default_cache_file({"XDG_CACHE_HOME": str(cache)}) == cache / "dashapp" / "boundaries-2020.geojson"
    environ = {"XDG_CACHE_HOME": str(cache)}
    assert boundary_file(None, environ) is None
    default_cache_file(environ).parent.mkdir(parents=True)
    default_cache_file(environ).write_text("{}")
    assert boundary_file(None, environ) == default_cache_file(environ)
    assert boundary_file(tmp_path / "mine.topo.json", environ) == tmp_path / "mine.topo.json"


def test_a_refused_file_falls_back_to_label_points(tmp_path):
    (tmp_path / "bad.json").write_text("[]")
    geometry, problem = configured_geometry(tmp_path / "bad.json")
    assert not geometry.has_borders
    assert isinstance(problem, BoundaryError) and "bad.json" in str(problem)
    geometry, problem = configured_geometry(None, {"XDG_CACHE_HOME": str(tmp_path / "empty")})
    assert not geometry.has_borders and problem is None


def test_the_default_urls_are_pdok_wfs_geojson_of_both_levels():
    assert len(DEFAULT_BOUNDARY_URLS) == 2
    for url, layer in zip(DEFAULT_BOUNDARY_URLS, ("gemeente", "veiligheidsregio"), strict=True):
        assert url.startswith("https://service.pdok.nl/cbs/gebiedsindelingen/2020/wfs/v1_0?")
        assert f"typeName={layer}_gegeneraliseerd" in url and "outputFormat=json" in url


# --- real files ---------------------------------------------------------------------------------


@needs_shared_data
def test_the_2020_file_has_every_area_of_the_2020_division():
    geometry = load_map_geometry(GEO_2020)
    assert len(geometry.shapes["gm"]) == 355 and len(geometry.shapes["vr"]) == 25
    assert geometry.point_codes("gm") == () and geometry.background == ()
    assert load_map_geometry(GEO_2020) is geometry  # read once per process and file version


@needs_shared_data
def test_the_2023_file_gives_shapes_or_label_points_for_every_2020_code():
    reference = load_reference()
    geometry = load_boundaries(GEO_2023)
    shaped, dots = set(geometry.shaped_codes("gm")), set(geometry.point_codes("gm"))
    assert len(shaped) == 337 and not shaped & dots
    assert shaped | dots == set(reference.municipalities)
    assert dots == {s.old_code for s in reference.successors}  # exactly the municipalities merged later
    assert [s.code for s in geometry.background] == ["GM1979", "GM1980", "GM1982", "GM1991", "GM1992"]
    assert len(geometry.shapes["vr"]) == 25


@needs_shared_data
@pytest.mark.parametrize("path", [GEO_2020, GEO_2023], ids=["2020", "2023"])
def test_every_label_point_lies_in_its_own_shape(path):
    geometry = load_boundaries(path)
    for level in ("gm", "vr"):
        for code, shape in geometry.shapes[level].items():
            point = geometry.points[level][code]
            assert any(
                _contains(polygon[0], point) and not any(_contains(hole, point) for hole in polygon[1:])
                for polygon in shape.polygons
            ), code


@needs_shared_data
def test_real_areas_add_up_to_the_country():
    geometry = load_boundaries(GEO_2020)

    def km2(shapes) -> float:
        return (
            sum(signed_area(ring) for shape in shapes for polygon in shape.polygons for ring in polygon) / 1e6
        )

    municipalities, regions = km2(geometry.shapes["gm"].values()), km2(geometry.shapes["vr"].values())
    assert 33_000 < municipalities < 37_000  # land of the Netherlands is about 33,700 km², plus inland water
    assert regions == pytest.approx(municipalities, rel=0.001)


# --- download -----------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path) -> Iterator[tuple[str, Path]]:
    """An HTTP server on localhost serving a folder; yields its base URL and the folder."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_download_installs_a_validated_file(served, tmp_path, monkeypatch):
    monkeypatch.setattr("dashapp.data.boundaries.load_reference", tiny_reference)
    base, folder = served
    rd_squares(folder)
    target = tmp_path / "cache" / "boundaries.geojson"
    geometry = download_boundaries(f"{base}/squares.geojson", target)
    assert isinstance(geometry, MapGeometry) and geometry.source == target
    assert json.loads(target.read_text())["features"][0]["properties"]["statcode"] == "GM0001"
    assert sorted(p.name for p in target.parent.iterdir()) == ["boundaries.geojson"]  # no temporary left


def test_download_joins_several_feature_collections(served, tmp_path, monkeypatch):
    monkeypatch.setattr("dashapp.data.boundaries.load_reference", tiny_reference)
    base, folder = served
    write(
        folder / "gm.json",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [feature("GM0001", [square(100000, 400000, 1000)])],
        },
    )
    write(
        folder / "vr.json",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [feature("VR02", [square(150000, 450000, 1000)])],
        },
    )
    target = tmp_path / "boundaries.geojson"
    geometry = download_boundaries([f"{base}/gm.json", f"{base}/vr.json"], target)
    assert geometry.shaped_codes("gm") == ("GM0001",) and geometry.shaped_codes("vr") == ("VR02",)
    assert len(json.loads(target.read_text())["features"]) == 2


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("absent.json", None, "download failed: HTTP 404"),
        ("bad.json", '{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ],
)
def test_a_failed_download_keeps_the_old_file(served, tmp_path, name, content, reason):
    base, folder = served
    if content is not None:
        (folder / name).write_text(content)
    target = tmp_path / "boundaries.geojson"
    target.write_text("the old file")
    with pytest.raises(BoundaryError, match=reason) as caught:
        download_boundaries(f"{base}/{name}", target)
    assert str(caught.value).startswith(f"{base}/{name}")
    assert target.read_text() == "the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["boundaries.geojson", "served"]


@needs_shared_data
def test_download_of_a_real_topojson(served, tmp_path):
    base, folder = served
    (folder / GEO_2020.name).symlink_to(GEO_2020)
    geometry = download_boundaries(f"{base}/{GEO_2020.name}", tmp_path / "boundaries.json")
    assert len(geometry.shapes["gm"]) == 355
    assert (tmp_path / "boundaries.json").read_bytes() == GEO_2020.read_bytes()
