"""The demo's file layout: every feed's file, written into one flat directory for a window of days."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dashapp.data.demo.areas import build_areas
from dashapp.data.demo.calendar import EARLIEST_END, build_calendar
from dashapp.data.demo.cases import write_cases
from dashapp.data.demo.cumulative import write_cumulative
from dashapp.data.demo.epidemic import simulate
from dashapp.data.demo.estimates import write_prevalence, write_reproduction
from dashapp.data.demo.ggd_tests import write_ggd_tests
from dashapp.data.demo.lcps import write_lcps
from dashapp.data.demo.nice import hospital_intake, write_nice
from dashapp.data.demo.nivel import write_nivel
from dashapp.data.demo.nursing_homes import write_nursing
from dashapp.data.demo.sewage import write_sewage
from dashapp.data.reference import load_reference


def write_demo_sources(directory: Path, end: date, *, days: int = 1000, seed: int = 2020) -> list[Path]:
    """Write every demo source file into ``directory`` for the ``days`` days ending on ``end``.

    Same ``(end, days, seed)``, byte-identical files. Returns the paths written.
    """
    if days < 14:
        raise ValueError(f"days must be at least 14, got {days}")
    if end < EARLIEST_END:
        raise ValueError(f"end must be on or after {EARLIEST_END.isoformat()}, got {end.isoformat()}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    areas = build_areas(load_reference())
    epidemic = simulate(areas, build_calendar(end, days), seed)
    intake = hospital_intake(epidemic)
    return [
        write_cumulative(directory, epidemic),
        write_cases(directory, epidemic),
        *write_nice(directory, epidemic, intake),
        write_lcps(directory, epidemic, intake),
        write_sewage(directory, epidemic),
        write_ggd_tests(directory, epidemic),
        write_reproduction(directory, epidemic),
        write_prevalence(directory, epidemic),
        write_nivel(directory, epidemic),
        *write_nursing(directory, epidemic),
    ]
