"""What each chart shows: its series (by indicator id), reference lines and quirks. Pure data.

A chart id is stable: it names the chart's anchor on the page, its CSV download and its table.
"""

from __future__ import annotations

from dataclasses import dataclass

SIGNAL = "signal"
GUIDANCE = "guidance"
# Sources whose most recent days are known to be incomplete, and for how many days: NICE
# keeps adding admissions of the last days for a while (back-fill).
INCOMPLETE_DAYS = {"nice_hospital_intake": 3, "nice_ic_intake": 3, "rivm_ic": 3, "rivm_cases": 7}


@dataclass(frozen=True)
class ReferenceLine:
    value: float
    kind: str  # SIGNAL (a signal value) or GUIDANCE (a risk-level threshold)


@dataclass(frozen=True)
class ChartSpec:
    """One time-series chart.

    ``bars``: indicator drawn as bars; ``line``: indicator drawn as a line; ``average_of_bars``:
    draw the 7-day average of the bars as the line (computed, rounded like the bars' indicator
    plus one decimal); ``band``: (low, high) indicators of an uncertainty band around the line;
    ``extra_line``: a second line (e.g. positives next to tests).
    """

    id: str
    bars: str | None = None
    line: str | None = None
    average_of_bars: bool = False
    band: tuple[str, str] | None = None
    extra_line: str | None = None
    references: tuple[ReferenceLine, ...] = ()
    weekly: bool = False
    # Nivel's weeks are shown on their Sunday, as the original did; other weeks on their Monday.
    week_on_sunday: bool = False
    percent: bool = False

    @property
    def indicators(self) -> tuple[str, ...]:
        found = [self.bars, self.line, self.extra_line, *(self.band or ())]
        return tuple(indicator for indicator in found if indicator)

    @property
    def main(self) -> str:
        """The indicator the chart is about (its tile, its label, its source)."""
        return self.bars or self.line or self.indicators[0]


def _per_100k() -> ChartSpec:
    return ChartSpec(
        "positive_tests_per_100k",
        bars="positive_tests_per_100k",
        average_of_bars=True,
        references=(ReferenceLine(7, SIGNAL),),
    )


def _seven_day() -> ChartSpec:
    return ChartSpec(
        "positive_tests_7d_per_100k",
        line="positive_tests_7d_per_100k",
        references=(ReferenceLine(50, GUIDANCE), ReferenceLine(150, GUIDANCE), ReferenceLine(250, GUIDANCE)),
    )


def _with_average(indicator: str) -> ChartSpec:
    return ChartSpec(indicator, bars=indicator, average_of_bars=True)


GGD_PERCENT = ChartSpec(
    "ggd_positive_pct",
    line="ggd_positive_pct",
    weekly=True,
    percent=True,
    references=(ReferenceLine(5, GUIDANCE), ReferenceLine(10, GUIDANCE)),
)
GGD_TESTS = ChartSpec("ggd_tests", line="ggd_tested", extra_line="ggd_positive", weekly=True)
NURSING = (
    _with_average("nursing_home_positive_residents"),
    ChartSpec("nursing_home_infected_locations", line="nursing_home_infected_locations"),
    ChartSpec("nursing_home_new_infected_locations", bars="nursing_home_new_infected_locations"),
    _with_average("nursing_home_deceased"),
)

NATIONAL_CHARTS: tuple[ChartSpec, ...] = (
    _per_100k(),
    _seven_day(),
    GGD_PERCENT,
    GGD_TESTS,
    ChartSpec(
        "hospital_admissions",
        bars="hospital_admissions",
        line="hospital_admissions_3d_avg",
        references=(ReferenceLine(40, SIGNAL),),
    ),
    ChartSpec("hospital_beds_occupied", line="hospital_beds_occupied"),
    ChartSpec(
        "ic_admissions",
        bars="ic_admissions",
        line="ic_admissions_3d_avg",
        references=(ReferenceLine(10, SIGNAL),),
    ),
    ChartSpec("ic_beds_occupied", line="ic_beds_occupied"),
    ChartSpec(
        "reproduction_number",
        line="reproduction_number",
        band=("reproduction_number_low", "reproduction_number_high"),
        references=(ReferenceLine(1, SIGNAL),),
    ),
    ChartSpec(
        "infectious_people",
        line="infectious_people",
        band=("infectious_people_low", "infectious_people_high"),
    ),
    *NURSING,
    ChartSpec("gp_suspicions", bars="gp_suspicions", weekly=True, week_on_sunday=True),
    ChartSpec("gp_suspicions_per_100k", line="gp_suspicions_per_100k", weekly=True, week_on_sunday=True),
    ChartSpec("sewer_average", line="sewer_average", weekly=True),
)

REGION_CHARTS: tuple[ChartSpec, ...] = (
    _per_100k(),
    _seven_day(),
    ChartSpec("hospital_admissions", bars="hospital_admissions", line="hospital_admissions_3d_avg"),
    GGD_PERCENT,
    GGD_TESTS,
    *NURSING,
    ChartSpec("sewer_average", line="sewer_average", weekly=True),
)

MUNICIPALITY_CHARTS: tuple[ChartSpec, ...] = (
    _per_100k(),
    _seven_day(),
    ChartSpec("hospital_admissions", bars="hospital_admissions", line="hospital_admissions_3d_avg"),
    ChartSpec("sewer_average", line="sewer_average", weekly=True),
)

CHARTS: dict[str, dict[str, ChartSpec]] = {
    level: {spec.id: spec for spec in specs}
    for level, specs in (("nl", NATIONAL_CHARTS), ("vr", REGION_CHARTS), ("gm", MUNICIPALITY_CHARTS))
}


def chart(level: str, chart_id: str) -> ChartSpec | None:
    return CHARTS.get(level, {}).get(chart_id)
