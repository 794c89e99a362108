"""Reference facts: the 2020 municipal division, safety regions, inhabitants, successors, aliases,
sewage plants and the safety region of each plant.

The CSV files beside this module are the project's own tables, built by
``tools/build_reference.py`` from public CBS facts and ``tools/build_plant_regions.py`` from
RIVM's sewage file of 2020 (``SOURCES.md`` says where each comes from). They are read once per
process.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent
NATIONAL_CODE = "NL"


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name: str
    region_code: str
    province: str
    inhabitants: int
    label_lon: float
    label_lat: float


@dataclass(frozen=True, slots=True)
class SafetyRegion:
    code: str
    name: str
    inhabitants: int
    nursing_home_locations: int


@dataclass(frozen=True, slots=True)
class Successor:
    """One step of a municipal reorganisation: ``old_code`` went (wholly or partly) into ``new_code``."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    new_region_code: str
    effective: date


@dataclass(frozen=True, slots=True)
class SewagePlant:
    code: str
    name: str
    municipality_code: str


@dataclass(frozen=True)
class Reference:
    national: SafetyRegion
    regions: Mapping[str, SafetyRegion]
    municipalities: Mapping[str, Municipality]
    successors: tuple[Successor, ...]
    aliases: Mapping[str, tuple[str, ...]]
    sewage_plants: Mapping[str, SewagePlant]
    _members: Mapping[str, tuple[str, ...]] = field(repr=False, default_factory=dict)
    # Plant code -> the safety region holding the largest share of its catchment (RIVM's 2020 layout,
    # ``tools/build_plant_regions.py``); used for every layout of the sewage file.
    sewage_plant_regions: Mapping[str, str] = field(default_factory=dict)

    def members(self, region_code: str) -> tuple[str, ...]:
        """Municipality codes of a safety region, sorted."""
        return self._members.get(region_code, ())

    def region_of(self, municipality_code: str) -> str:
        return self.municipalities[municipality_code].region_code

    def successors_of(self, code: str) -> tuple[Successor, ...]:
        return tuple(s for s in self.successors if s.old_code == code)

    def inhabitants(self, level: str) -> dict[str, int]:
        """Inhabitants per area code of a level (``nl``, ``vr`` or ``gm``)."""
        if level == "nl":
            return {NATIONAL_CODE: self.national.inhabitants}
        if level == "vr":
            return {code: region.inhabitants for code, region in self.regions.items()}
        if level == "gm":
            return {code: m.inhabitants for code, m in self.municipalities.items()}
        raise ValueError(f"unknown level {level!r}")

    def codes(self, level: str) -> tuple[str, ...]:
        return tuple(self.inhabitants(level))

    def name(self, code: str) -> str:
        if code == NATIONAL_CODE:
            return self.national.name
        if code in self.regions:
            return self.regions[code].name
        return self.municipalities[code].name


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def load_reference() -> Reference:
    areas = [
        SafetyRegion(r["code"], r["name"], int(r["inhabitants"]), int(r["nursing_home_locations"]))
        for r in _rows("areas.csv")
    ]
    national = next(a for a in areas if a.code == NATIONAL_CODE)
    regions = {a.code: a for a in areas if a.code != NATIONAL_CODE}
    municipalities = {
        r["code"]: Municipality(
            r["code"],
            r["name"],
            r["region_code"],
            r["province"],
            int(r["inhabitants"]),
            float(r["label_lon"]),
            float(r["label_lat"]),
        )
        for r in _rows("municipalities_2020.csv")
    }
    successors = tuple(
        Successor(
            r["old_code"],
            r["old_name"],
            r["new_code"],
            r["new_name"],
            r["new_region_code"],
            date.fromisoformat(r["effective"]),
        )
        for r in _rows("successors.csv")
    )
    aliases: dict[str, list[str]] = {}
    for r in _rows("aliases.csv"):
        aliases.setdefault(r["code"], []).append(r["alias"])
    plants = {
        r["plant_code"]: SewagePlant(r["plant_code"], r["plant_name"], r["municipality_code"])
        for r in _rows("sewage_plants.csv")
    }
    members: dict[str, list[str]] = {code: [] for code in regions}
    for m in municipalities.values():
        members[m.region_code].append(m.code)
    return Reference(
        national=national,
        regions=regions,
        municipalities=municipalities,
        successors=successors,
        aliases={code: tuple(names) for code, names in aliases.items()},
        sewage_plants=plants,
        _members={code: tuple(sorted(codes)) for code, codes in members.items()},
        sewage_plant_regions={r["plant_code"]: r["region_code"] for r in _rows("sewage_plant_regions.csv")},
    )
