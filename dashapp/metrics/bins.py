"""Colour bins of the maps: the thresholds, colours and texts of each mapped metric's legend."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dashapp.i18n import N_

# ColorBrewer YlGnBu without its lightest class: sequential and colour-blind safe, the first class
# still clearly apart from the white page and from the grey of "no data".
YLGNBU_6 = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
YLGNBU_5 = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
# ColorBrewer RdPu without its lightest class: the four risk levels, darker with every level.
RDPU_4 = ("#fbb4b9", "#f768a1", "#c51b8a", "#7a0177")


@dataclass(frozen=True)
class ColourScale:
    """Bins of a metric. ``thresholds`` are the lower bounds of the bins, ascending.

    A value falls in the last bin whose lower bound it reaches, so a value exactly on a threshold is
    in the bin that starts there (4 is in "4 to under 7"). The original dashboard did the same: its
    d3 ``scaleThreshold`` took the thresholds after the first as boundaries and puts a value equal to
    a boundary in the upper bin. Values below the first bound join the first bin. A categorical
    scale (the risk levels) accepts only its threshold values themselves.

    ``legend_title`` heads the legend; ``value_template`` is a value with its unit in the hover
    (``%(value)s``; a categorical scale also gets its category's name as ``%(name)s``).
    """

    key: str
    thresholds: tuple[float, ...]
    colours: tuple[str, ...]
    decimals: int
    categorical: bool = False
    legend_title: str = ""
    value_template: str = "%(value)s"

    def __post_init__(self) -> None:
        if len(self.thresholds) != len(self.colours) or list(self.thresholds) != sorted(self.thresholds):
            raise ValueError(f"scale {self.key}: one colour per threshold, thresholds ascending")


_PER_100K = N_("%(value)s per 100,000 inhabitants")
POSITIVE_TESTS = ColourScale(
    "positive_tests_per_100k",
    (0, 4, 7, 10, 20, 30),
    YLGNBU_6,
    1,
    legend_title=N_("Positive tests per 100,000 inhabitants"),
    value_template=_PER_100K,
)
HOSPITAL_ADMISSIONS_VR = ColourScale(
    "hospital_admissions",
    (0, 10, 16, 24, 31),
    YLGNBU_5,
    0,
    legend_title=N_("Hospital admissions"),
    value_template=N_("%(value)s hospital admissions"),
)
# A municipality has fewer admissions than its region: lower bounds, and a decimal to tell them apart.
HOSPITAL_ADMISSIONS_GM = replace(HOSPITAL_ADMISSIONS_VR, thresholds=(0, 3, 6, 9, 15), decimals=1)
NURSING_HOME_LOCATIONS = ColourScale(
    "nursing_home_infected_locations_pct",
    (0, 10, 20, 30, 40),
    YLGNBU_5,
    1,
    legend_title=N_("Nursing home locations with infections (%)"),
    value_template=N_("%(value)s%% of locations"),
)
SEWAGE = ColourScale(
    "sewage_per_100k",
    (0, 50, 250, 500, 750, 1000),
    YLGNBU_6,
    1,
    legend_title=N_("Virus particles per 100,000 inhabitants (× 100 billion)"),
    value_template=N_("%(value)s × 100 billion virus particles per 100,000 inhabitants"),
)
DEATHS_7D = ColourScale(
    "deceased_7d_per_100k",
    (0, 1, 2, 4, 8),
    YLGNBU_5,
    1,
    legend_title=N_("Deaths reported per 100,000 inhabitants over 7 days"),
    value_template=_PER_100K,
)
RISK_LEVEL = ColourScale(
    "risk_level",
    (1, 2, 3, 4),
    RDPU_4,
    0,
    categorical=True,
    legend_title=N_("Risk level"),
    value_template=N_("Level %(level)s: %(name)s"),
)
