"""The places of the demo as arrays: municipalities in code order, safety regions, sewage plants."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashapp.data.demo.streams import Floats, Ints, Texts
from dashapp.data.reference import Reference

# Province order of the "unknown municipality" rows in RIVM's cumulative file.
PROVINCES = (
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)
# RIVM spells these safety regions differently from the reference table.
RIVM_REGION_NAMES = {
    "VR10": "Noord-Holland-Noord",
    "VR16": "Hollands-Midden",
    "VR18": "Zuid-Holland-Zuid",
    "VR24": "Limburg-Zuid",
}
GGD_NAMES = (
    "GGD Groningen",
    "GGD Fryslân",
    "GGD Drenthe",
    "GGD IJsselland",
    "GGD Twente",
    "GGD Noord- en Oost-Gelderland",
    "Veiligheids- en Gezondheidsregio Gelderland-Midden",
    "GGD Gelderland-Zuid",
    "GGD Regio Utrecht",
    "GGD Hollands-Noorden",
    "GGD Zaanstreek/Waterland",
    "GGD Kennemerland",
    "GGD Amsterdam",
    "GGD Gooi en Vechtstreek",
    "GGD Haaglanden",
    "GGD Hollands-Midden",
    "GGD Rotterdam-Rijnmond",
    "Dienst Gezondheid & Jeugd ZHZ",
    "GGD Zeeland",
    "GGD West-Brabant",
    "GGD Hart voor Brabant",
    "GGD Brabant-Zuidoost",
    "GGD Limburg-Noord",
    "GGD Zuid-Limburg",
    "GGD Flevoland",
)
UNKNOWN_REGION = "Onbekend"


@dataclass(frozen=True)
class Areas:
    """Reference facts as arrays, municipalities in code order."""

    codes: Texts
    names: Texts
    provinces: Texts
    province_index: Ints
    region_index: Ints
    inhabitants: Floats
    region_codes: tuple[str, ...]
    region_names: tuple[str, ...]
    nursing_locations: Ints
    plant_codes: Texts
    plant_names: Texts
    plant_municipality: Ints

    @property
    def municipality_count(self) -> int:
        return len(self.codes)

    def region_sum(self, values: Floats) -> Floats:
        """Sum the municipality columns of ``values`` (days x municipalities) per region."""
        return values @ _one_hot(self.region_index, len(self.region_codes))

    def regions_and_unknown(self) -> tuple[Texts, Texts]:
        """The codes and names of the safety regions and of the unknown region ("", "Onbekend"), as the
        files with a row per region list them."""
        codes = np.array([*self.region_codes, ""], dtype=object)
        return codes, np.array([*self.region_names, UNKNOWN_REGION], dtype=object)

    def province_sum(self, values: Floats) -> Floats:
        return values @ _one_hot(self.province_index, len(PROVINCES))


def _one_hot(index: Ints, size: int) -> Floats:
    matrix = np.zeros((len(index), size))
    matrix[np.arange(len(index)), index] = 1.0
    return matrix


def build_areas(reference: Reference) -> Areas:
    municipalities = sorted(reference.municipalities.values(), key=lambda m: m.code)
    regions = sorted(reference.regions.values(), key=lambda r: r.code)
    region_position = {region.code: i for i, region in enumerate(regions)}
    code_position = {m.code: i for i, m in enumerate(municipalities)}
    plants = sorted(reference.sewage_plants.values(), key=lambda p: int(p.code))
    return Areas(
        codes=np.array([m.code for m in municipalities], dtype=object),
        names=np.array([m.name for m in municipalities], dtype=object),
        provinces=np.array([m.province for m in municipalities], dtype=object),
        province_index=np.array([PROVINCES.index(m.province) for m in municipalities]),
        region_index=np.array([region_position[m.region_code] for m in municipalities]),
        inhabitants=np.array([m.inhabitants for m in municipalities], dtype=float),
        region_codes=tuple(r.code for r in regions),
        region_names=tuple(RIVM_REGION_NAMES.get(r.code, r.name) for r in regions),
        nursing_locations=np.array([r.nursing_home_locations for r in regions]),
        plant_codes=np.array([p.code for p in plants], dtype=object),
        plant_names=np.array([p.name for p in plants], dtype=object),
        plant_municipality=np.array([code_position[p.municipality_code] for p in plants]),
    )
