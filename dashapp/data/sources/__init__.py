"""One reader per published source format; ``ALL_SPECS`` lists how to find and read each file."""

from __future__ import annotations

from dashapp.data.sources import (
    lcps_beds,
    nice_intake,
    nivel_gp,
    rivm_cases,
    rivm_cumulative,
    rivm_ggd_tests,
    rivm_ic,
    rivm_nursing_homes,
    rivm_per_day,
    rivm_prevalence,
    rivm_reproduction,
    rivm_sewage,
)
from dashapp.data.sources.base import SourceSpec

ALL_SPECS: tuple[SourceSpec, ...] = (
    *rivm_cumulative.SPECS,
    *rivm_per_day.SPECS,
    *rivm_cases.SPECS,
    *rivm_sewage.SPECS,
    *rivm_reproduction.SPECS,
    *rivm_prevalence.SPECS,
    *rivm_ic.SPECS,
    *rivm_ggd_tests.SPECS,
    *rivm_nursing_homes.SPECS,
    *nice_intake.SPECS,
    *lcps_beds.SPECS,
    *nivel_gp.SPECS,
)
