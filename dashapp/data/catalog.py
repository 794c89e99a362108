"""The stable indicator ids, used by the snapshot, the export, the tests and the labels.

``decimals`` is the precision the snapshot keeps (rounded half up) and the screen shows, so
that an exported number is exactly the number on screen.
"""

from __future__ import annotations

from dataclasses import dataclass

DAILY = "daily"
WEEKLY = "weekly"
LEVELS = ("nl", "vr", "gm")


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str
    frequency: str
    levels: tuple[str, ...]
    decimals: int


AGE_BANDS = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+")


def age_indicator(band: str) -> str:
    """The id of the positive tests of one age band: ``positive_tests_age_0_9`` .. ``_90_plus``."""
    return "positive_tests_age_" + band.replace("-", "_").replace("+", "_plus")


_ALL = "nl", "vr", "gm"
_NL = ("nl",)
_NL_VR = ("nl", "vr")

INDICATORS: dict[str, Indicator] = {
    i.id: i
    for i in (
        Indicator("positive_tests", DAILY, _ALL, 0),
        Indicator("positive_tests_net", DAILY, _ALL, 0),
        Indicator("positive_tests_per_100k", DAILY, _ALL, 1),
        Indicator("positive_tests_7d_per_100k", DAILY, _ALL, 1),
        Indicator("hospital_admissions", DAILY, _ALL, 0),
        Indicator("hospital_admissions_3d_avg", DAILY, _ALL, 1),
        Indicator("hospital_beds_occupied", DAILY, _NL, 0),
        Indicator("ic_admissions", DAILY, _NL, 0),
        Indicator("ic_admissions_3d_avg", DAILY, _NL, 1),
        Indicator("ic_beds_occupied", DAILY, _NL, 0),
        Indicator("ic_beds_occupied_pct", DAILY, _NL, 1),
        Indicator("ggd_tested", WEEKLY, _NL_VR, 0),
        Indicator("ggd_positive", WEEKLY, _NL_VR, 0),
        Indicator("ggd_positive_pct", WEEKLY, _NL_VR, 1),
        Indicator("reproduction_number", DAILY, _NL, 2),
        Indicator("reproduction_number_low", DAILY, _NL, 2),
        Indicator("reproduction_number_high", DAILY, _NL, 2),
        Indicator("infectious_people", DAILY, _NL, 0),
        Indicator("infectious_people_low", DAILY, _NL, 0),
        Indicator("infectious_people_high", DAILY, _NL, 0),
        Indicator("nursing_home_positive_residents", DAILY, _NL_VR, 0),
        Indicator("nursing_home_infected_locations", DAILY, _NL_VR, 0),
        Indicator("nursing_home_infected_locations_pct", DAILY, _NL_VR, 1),
        Indicator("nursing_home_new_infected_locations", DAILY, _NL_VR, 0),
        Indicator("nursing_home_deceased", DAILY, _NL_VR, 0),
        Indicator("gp_suspicions", WEEKLY, _NL, 0),
        Indicator("gp_suspicions_per_100k", WEEKLY, _NL, 1),
        Indicator("sewer_average", WEEKLY, _ALL, 2),
        Indicator("sewer_plants", WEEKLY, _ALL, 0),
        Indicator("risk_level_indicative", WEEKLY, ("vr",), 0),
        *(Indicator(age_indicator(band), DAILY, _NL, 0) for band in AGE_BANDS),
    )
}
AGE_INDICATORS = tuple(age_indicator(band) for band in AGE_BANDS)


def indicators_for(level: str) -> tuple[str, ...]:
    return tuple(i.id for i in INDICATORS.values() if level in i.levels)
