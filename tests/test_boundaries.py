"""Boundaries: the shipped file (complete, small, seamless, reproducible), reading prepared files,
refusing others, the build tool and the download."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import brotli
import pytest
import shapely
from shapely.geometry import shape

from dashapp.app import create_server
from dashapp.config import Config
from dashapp.data.boundaries import (
    ATTRIBUTION,
    DEFAULT_BOUNDARY_URLS,
    SHIPPED_BOUNDARIES,
    BoundaryError,
    MapGeometry,
    boundary_file,
    configured_geometry,
    default_cache_file,
    download_boundaries,
    label_point_geometry,
    load_boundaries,
    load_map_geometry,
)
from dashapp.data.reference import Municipality, Reference, SafetyRegion, Successor, load_reference
from dashapp.data.store import DataStore, DirectorySource
from dashapp.figures import maps
from tests.conftest import SHARED_DATA, needs_shared_data
from tools import build_boundaries

GEO_2020 = SHARED_DATA / "geo" / "2020" / "geography-simplified.topo.json"
GEO_2023 = SHARED_DATA / "geo" / "2023" / "nl-vr-gm.topo.json"
RD_CRS = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
KM2 = 1_000_000


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


def square(x: int, y: int, size: int, *, clockwise: bool = False) -> list[list[int]]:
    """A closed GeoJSON ring, counter-clockwise (y up) unless asked otherwise."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return ring[::-1] if clockwise else ring


def prepared(code: str, label: list[int], *polygons: list[list[list[int]]], **extra: object) -> dict:
    level = "gm" if code.startswith("GM") else "vr"
    return {
        "type": "Feature",
        "properties": {"code": code, "name": code, "level": level, "label": label, **extra},
        "geometry": {"type": "MultiPolygon", "coordinates": list(polygons)},
    }


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def prepared_document(*features: dict) -> dict:
    return {
        "type": "FeatureCollection",
        "crs": RD_CRS,
        "metadata": {"format": "dashapp-boundaries/1", "attribution": ATTRIBUTION},
        "features": list(features),
    }


def rd_squares(directory: Path) -> Path:
    """A prepared file for ``tiny_reference``: GM0001 and GM0002, two 1 km squares sharing the edge
    x = 101000, GM0002 with a 400 m hole; GM0003 apart; the regions VR01 (both squares) and VR02;
    GM0009, formed from GM0003 later."""
    hole = square(101300, 400300, 400, clockwise=True)
    return write(
        directory / "squares.geojson",
        prepared_document(
            prepared("GM0001", [100500, 400500], [square(100000, 400000, 1000)]),
            prepared("GM0002", [101100, 400500], [square(101000, 400000, 1000), hole]),
            prepared("GM0003", [150500, 450500], [square(150000, 450000, 1000)]),
            prepared("GM0009", [150500, 450500], [square(150000, 450000, 1000)], formed_from=["GM0003"]),
            prepared(
                "VR01",
                [100500, 400500],
                [
                    [
                        [100000, 400000],
                        [102000, 400000],
                        [102000, 401000],
                        [100000, 401000],
                        [100000, 400000],
                    ],
                    hole,
                ],
            ),
            prepared("VR02", [150500, 450500], [square(150000, 450000, 1000)]),
        ),
    )


# --- reading a prepared file --------------------------------------------------------------------


def test_a_prepared_file_is_read_as_written(tmp_path):
    geometry = load_boundaries(rd_squares(tmp_path), tiny_reference())
    (outer,) = geometry.shapes["gm"]["GM0001"].polygons[0]
    assert outer == ((100000, 400000), (101000, 400000), (101000, 401000), (100000, 401000))  # not closed
    assert geometry.shapes["gm"]["GM0001"].bbox == (100000, 400000, 101000, 401000)
    outer, hole = geometry.shapes["gm"]["GM0002"].polygons[0]
    assert hole[0] == (101300, 400300) and len(hole) == 4
    assert geometry.shapes["vr"]["VR01"].bbox == (100000, 400000, 102000, 401000)
    assert geometry.points["gm"]["GM0002"] == (101100, 400500)
    assert geometry.points["vr"]["VR02"] == (150500, 450500)
    assert geometry.has_borders and geometry.point_codes("gm") == () and geometry.point_codes("vr") == ()
    assert geometry.attribution == ATTRIBUTION


def test_later_municipalities_are_kept_apart_from_the_2020_division(tmp_path):
    geometry = load_boundaries(rd_squares(tmp_path), tiny_reference())
    assert list(geometry.later) == ["GM0009"]
    assert geometry.shaped_codes("gm") == ("GM0001", "GM0002", "GM0003")  # the map draws 2020 only
    assert geometry.background == ()


# --- refused files ------------------------------------------------------------------------------


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
    error = broken(tmp_path, '{"type": "FeatureCollection",\n "features": [1, 2,]}')
    assert "not valid JSON" in error.reason
    assert error.line == 2


def test_missing_file(tmp_path):
    with pytest.raises(BoundaryError, match="file not found"):
        load_boundaries(tmp_path / "absent.geojson", tiny_reference())


def with_feature(tmp_path: Path, index: int, changes: dict) -> dict:
    document = json.loads(rd_squares(tmp_path).read_text())
    document["features"][index]["properties"].update(changes.get("properties", {}))
    document["features"][index]["geometry"].update(changes.get("geometry", {}))
    return document


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ([1, 2], "not a prepared boundary file"),
        ({"type": "FeatureCollection", "features": []}, "not a prepared boundary file"),
        ({**prepared_document(), "type": "Topology"}, "expected a GeoJSON FeatureCollection"),
        ({**prepared_document(), "features": {}}, "needs a 'features' list"),
        (prepared_document(), "5 areas of the 2020 division have no border: GM0001, GM0002"),
    ],
)
def test_wrong_structure(tmp_path, document, reason):
    assert reason in broken(tmp_path, document).reason


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"properties": {"code": "GM1"}}, "feature 1: 'GM1' is not a GMxxxx or VRxx code"),
        ({"properties": {"level": "vr"}}, "feature 1: 'GM0002' is not a GMxxxx or VRxx code of level 'vr'"),
        ({"properties": {"label": [101100.5, 400500]}}, "GM0002: 'label' must be [x, y] in whole metres"),
        ({"geometry": {"type": "Polygon"}}, "GM0002: the geometry must be a MultiPolygon"),
        ({"geometry": {"coordinates": []}}, "GM0002: 'coordinates' must be a non-empty list"),
        ({"geometry": {"coordinates": [[[[0, 0], [1, 0], [0, 0]]]]}}, "GM0002: a ring must be a closed list"),
        ({"geometry": {"coordinates": [[[[0, 0], [True, 0], [1, 1], [0, 0]]]]}}, "GM0002: a ring must be"),
    ],
)
def test_wrong_feature(tmp_path, changes, reason):
    assert reason in broken(tmp_path, with_feature(tmp_path, 1, changes)).reason


@needs_shared_data
def test_a_raw_boundary_file_is_refused_with_the_way_to_prepare_it():
    with pytest.raises(BoundaryError) as caught:
        load_boundaries(GEO_2023)
    assert "build one with tools/build_boundaries.py --source FILE" in caught.value.reason


# --- which file ---------------------------------------------------------------------------------


def test_which_file_is_used(tmp_path):
    environ = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert default_cache_file(environ) == tmp_path / "cache" / "dashapp" / "boundaries-2020.geojson"
    assert boundary_file(None, environ) == SHIPPED_BOUNDARIES
    default_cache_file(environ).parent.mkdir(parents=True)
    default_cache_file(environ).write_text("{}")
    assert boundary_file(None, environ) == default_cache_file(environ)
    assert boundary_file(tmp_path / "mine.geojson", environ) == tmp_path / "mine.geojson"


def test_without_settings_the_shipped_borders_are_drawn(tmp_path):
    geometry, problem = configured_geometry(None, {"XDG_CACHE_HOME": str(tmp_path)})
    assert problem is None and geometry.source == SHIPPED_BOUNDARIES
    assert len(geometry.shapes["gm"]) == 355 and len(geometry.shapes["vr"]) == 25
    assert load_map_geometry(None) is geometry  # read once per process and file version


def test_a_refused_file_falls_back_to_the_shipped_borders(tmp_path):
    (tmp_path / "bad.json").write_text("[]")
    geometry, problem = configured_geometry(tmp_path / "bad.json")
    assert geometry.has_borders and geometry.source == SHIPPED_BOUNDARIES
    assert isinstance(problem, BoundaryError) and "bad.json" in str(problem)


@pytest.mark.parametrize("configured", [False, True], ids=["no-setting", "refused-file"])
def test_healthz_names_the_boundary_file_the_maps_use(tmp_path, monkeypatch, configured):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    broken_file = tmp_path / "mine.geojson"
    broken_file.write_text("[]")
    store = DataStore(DirectorySource(tmp_path / "no-data"))
    server = create_server(Config(boundaries=broken_file if configured else None), store=store, load=False)
    maps_health = server.test_client().get("/healthz").get_json()["maps"]
    store.stop()
    assert maps_health["borders"] is True and maps_health["file"] == str(SHIPPED_BOUNDARIES)
    if configured:
        assert maps_health["error"].startswith("mine.geojson: not a prepared boundary file")
    else:
        assert maps_health["error"] is None


def test_label_point_geometry_has_a_point_inside_every_area():
    reference = load_reference()
    geometry = label_point_geometry()
    assert not geometry.has_borders
    assert geometry.point_codes("gm") == tuple(sorted(reference.municipalities))
    assert geometry.point_codes("vr") == tuple(sorted(reference.regions))
    for region in reference.regions:  # a region's dot is one of its members' dots
        assert geometry.points["vr"][region] in {geometry.points["gm"][m] for m in reference.members(region)}


def test_the_default_urls_are_pdok_wfs_geojson_of_both_levels():
    assert len(DEFAULT_BOUNDARY_URLS) == 2
    for url, layer in zip(DEFAULT_BOUNDARY_URLS, ("gemeente", "veiligheidsregio"), strict=True):
        assert url.startswith("https://service.pdok.nl/cbs/gebiedsindelingen/2020/wfs/v1_0?")
        assert f"typeName={layer}_gegeneraliseerd" in url and "outputFormat=json" in url


# --- the shipped file ---------------------------------------------------------------------------


@functools.cache
def shipped_features() -> dict[str, tuple[dict, shapely.Geometry]]:
    document = json.loads(SHIPPED_BOUNDARIES.read_text(encoding="utf-8"))
    return {f["properties"]["code"]: (f["properties"], shape(f["geometry"])) for f in document["features"]}


def shapes_of(codes) -> list[shapely.Geometry]:
    return [shipped_features()[code][1] for code in codes]


def test_the_shipped_file_has_every_area_and_the_later_municipalities():
    reference = load_reference()
    later = {s.new_code for s in reference.successors} - set(reference.municipalities)
    assert later == {"GM1979", "GM1980", "GM1982", "GM1991", "GM1992"}
    assert set(shipped_features()) == set(reference.municipalities) | later | set(reference.regions)
    for code in later:
        properties, _ = shipped_features()[code]
        assert properties["formed_from"] == sorted(
            s.old_code for s in reference.successors if s.new_code == code
        )


def test_the_shipped_file_names_its_source_and_licence():
    metadata = json.loads(SHIPPED_BOUNDARIES.read_text(encoding="utf-8"))["metadata"]
    assert metadata["attribution"] == "CBS/Kadaster, CC BY 4.0"
    assert "creativecommons.org/licenses/by/4.0" in metadata["license"]
    assert "simplified" in metadata["changes"]  # CC BY asks to say what was changed


def test_the_shipped_file_is_small_enough_to_commit_and_send():
    content = SHIPPED_BOUNDARIES.read_bytes()
    assert len(content) <= 400_000
    assert len(gzip.compress(content)) <= 120_000
    assert len(brotli.compress(content)) <= 120_000


@pytest.mark.parametrize("level", ["gm", "vr"])
def test_neighbours_share_their_borders_without_gaps_or_overlaps(level):
    reference = load_reference()
    codes = reference.municipalities if level == "gm" else reference.regions
    areas = shapes_of(sorted(codes))
    assert all(area.is_valid for area in areas)
    # Overlaps, borders that do not match vertex for vertex, and gaps narrower than 50 m. (The CBS
    # source itself has a few strips of water about 100 m wide between municipalities.)
    assert shapely.coverage_is_valid(areas, gap_width=50.0)
    country = shapely.union_all(areas)
    assert country.area == pytest.approx(sum(area.area for area in areas), abs=1.0)  # nothing counted twice


def test_regions_and_later_municipalities_are_unions_of_2020_municipalities():
    reference = load_reference()
    for region in reference.regions:
        members = shapely.union_all(shapes_of(reference.members(region)))
        assert shapely.symmetric_difference(members, shapes_of([region])[0]).area < 1.0, region
    for code, (properties, area) in shipped_features().items():
        if "formed_from" in properties:
            predecessors = shapely.union_all(shapes_of(properties["formed_from"]))
            assert shapely.symmetric_difference(predecessors, area).area < 1.0, code


def test_the_areas_add_up_to_the_country():
    reference = load_reference()
    municipalities = sum(area.area for area in shapes_of(reference.municipalities)) / KM2
    regions = sum(area.area for area in shapes_of(reference.regions)) / KM2
    # The land of the Netherlands is about 33,700 km², plus inland water.
    assert 33_000 < municipalities < 37_000
    assert regions == pytest.approx(municipalities, rel=1e-9)


@pytest.mark.parametrize("level", ["gm", "vr"])
def test_a_point_inside_an_area_opens_that_area(level):
    """Each area's label point lies in its own shape and in no other, and a click there (which Plotly
    reports as the polygon trace under the pointer) gives that area's code."""
    geometry = load_map_geometry(None)
    codes = maps.area_codes(geometry, level)
    tree = shapely.STRtree(shapes_of(codes))
    for code in codes:
        x, y = geometry.points[level][code]
        (trace,) = tree.query(shapely.Point(x, y), predicate="within")
        click = {"points": [{"curveNumber": int(trace) + 1, "x": x, "y": y}]}
        assert maps.code_from_click(click, geometry, level) == code


# --- the build tool -----------------------------------------------------------------------------


@pytest.mark.skipif(
    not GEO_2020.is_file(), reason=f"the CBS source of the shipped boundaries, {GEO_2020}, is not present"
)
def test_the_shipped_file_is_what_the_tool_builds_from_the_cbs_boundaries(tmp_path):
    output = tmp_path / "boundaries.geojson"
    assert build_boundaries.main(["--source", str(GEO_2020), "--output", str(output)]) == 0
    assert output.read_bytes() == SHIPPED_BOUNDARIES.read_bytes(), (
        "the committed boundary file differs from the build: run tools/build_boundaries.py and commit it"
    )


def pdok_like(directory: Path) -> Path:
    """GM0001 and GM0002 in RD New with a wiggly shared border (10 m wiggles), GM0003 apart, written
    as PDOK's GeoJSON does (``statcode``, GM0001 clockwise)."""
    border = [[101000 + (10 if i % 2 else 0), 400000 + 50 * i] for i in range(21)]
    left = [[100000, 400000], *border, [100000, 401000], [100000, 400000]]
    right = [[102000, 400000], [102000, 401000], *border[::-1], [102000, 400000]]

    def feature(code: str, geometry: dict) -> dict:
        return {"type": "Feature", "properties": {"statcode": code, "statnaam": code}, "geometry": geometry}

    return write(
        directory / "pdok.json",
        {
            "type": "FeatureCollection",
            "crs": RD_CRS,
            "features": [
                feature("GM0001", {"type": "Polygon", "coordinates": [left[::-1]]}),
                feature("GM0002", {"type": "MultiPolygon", "coordinates": [[right]]}),
                feature("GM0003", {"type": "Polygon", "coordinates": [square(150000, 450000, 1000)]}),
                feature("PV20", {"type": "Polygon", "coordinates": [square(160000, 450000, 1000)]}),
            ],
        },
    )


def built_tiny(tmp_path: Path) -> MapGeometry:
    document = build_boundaries.boundary_document([pdok_like(tmp_path)], tiny_reference(), tolerance_m=150)
    path = tmp_path / "built.geojson"
    path.write_bytes(build_boundaries.serialise(document))
    return load_boundaries(path, tiny_reference())


def test_the_tool_simplifies_a_shared_border_once(tmp_path):
    geometry = built_tiny(tmp_path)
    (left,) = geometry.shapes["gm"]["GM0001"].polygons[0]
    (right,) = geometry.shapes["gm"]["GM0002"].polygons[0]
    assert {x for x, _ in left} == {100000, 101000}  # the 10 m wiggles are gone, on both sides alike
    assert {x for x, _ in right} == {101000, 102000}
    assert set(left) & set(right) == {(101000, 400000), (101000, 401000)}


def test_the_tool_merges_regions_and_later_municipalities(tmp_path):
    geometry = built_tiny(tmp_path)
    (region,) = geometry.shapes["vr"]["VR01"].polygons[0]
    rectangle = shapely.Polygon([(100000, 400000), (102000, 400000), (102000, 401000), (100000, 401000)])
    assert shapely.Polygon(region).equals(rectangle)  # one ring: the shared border is gone
    assert (
        geometry.shapes["vr"]["VR02"].bbox
        == geometry.later["GM0009"].bbox
        == (150000, 450000, 151000, 451000)
    )


def test_the_tool_orients_rings_and_labels_inside(tmp_path):
    geometry = built_tiny(tmp_path)
    for code, area in geometry.shapes["gm"].items():
        outer = shapely.LinearRing(area.polygons[0][0])
        assert outer.is_ccw, code  # counter-clockwise with y up, whatever the source's winding
        assert shapely.Polygon(outer).contains(shapely.Point(geometry.points["gm"][code])), code


def test_the_tool_projects_wgs84_to_rd_new(tmp_path):
    # A 0.01 degree square whose south-west corner is the RD origin (Amersfoort).
    ring = [[5.387206, 52.155174], [5.397206, 52.155174], [5.397206, 52.165174], [5.387206, 52.165174]]
    municipality = {"type": "Polygon", "arcs": [[0]], "properties": {"gemcode": "GM0001"}}
    topology = {
        "type": "Topology",
        "arcs": [[*ring, ring[0]]],
        "objects": {"gm": {"type": "GeometryCollection", "geometries": [municipality]}},
    }
    found = build_boundaries.read_municipalities(write(tmp_path / "t.topo.json", topology))
    (projected,) = build_boundaries.to_rd_new([found["GM0001"]])
    assert (155000.0, 463000.0) in list(projected.geoms[0].exterior.coords)


def test_the_tool_refuses_a_source_without_every_municipality(tmp_path):
    document = json.loads(pdok_like(tmp_path).read_text())
    document["features"] = document["features"][:1]
    with pytest.raises(ValueError, match="no boundary for 2 municipalities of 2020: GM0002, GM0003"):
        build_boundaries.boundary_document([write(tmp_path / "one.json", document)], tiny_reference())


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


def test_download_builds_and_installs_a_validated_file(served, tmp_path, monkeypatch):
    monkeypatch.setattr("dashapp.data.boundaries.load_reference", tiny_reference)
    base, folder = served
    pdok_like(folder)
    target = tmp_path / "cache" / "boundaries.geojson"
    geometry = download_boundaries(f"{base}/pdok.json", target)
    assert isinstance(geometry, MapGeometry) and geometry.source == target
    assert geometry.shaped_codes("gm") == ("GM0001", "GM0002", "GM0003")
    assert list(geometry.later) == ["GM0009"]
    assert json.loads(target.read_text())["metadata"]["attribution"] == ATTRIBUTION
    assert sorted(p.name for p in target.parent.iterdir()) == ["boundaries.geojson"]  # no temporary left


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("absent.json", None, "download failed: HTTP 404"),
        ("bad.json", '{"type": "FeatureCollection", "features": [', "cannot be built into a boundary file"),
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
