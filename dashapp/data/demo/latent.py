"""The latent epidemic: infections per 100,000 per municipality per day, made of waves (hand-made ones that
follow 2020-2022, then seasonal waves drawn per year), a seasonal baseline, per-municipality scale,
timing and intensity per wave, and local outbreaks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from dashapp.data.demo.areas import Areas
from dashapp.data.demo.calendar import ANCHOR, Calendar, day_index
from dashapp.data.demo.parameters import BASELINE_RAMP
from dashapp.data.demo.streams import Floats, Stream, generator

# (centre, peak, rise days, fall days). A wave is peak * sech^2(days from centre / width),
# so growth is exponential on either side: R stays within exp(+-2 * 4.5 / width).
# Later waves are drawn per season.
HISTORIC_WAVES = (
    (date(2020, 4, 2), 90.0, 8.0, 18.0),
    (date(2020, 10, 26), 58.0, 18.0, 24.0),
    (date(2020, 12, 19), 50.0, 14.0, 32.0),
    (date(2021, 4, 10), 40.0, 28.0, 20.0),
    (date(2021, 7, 14), 50.0, 9.0, 12.0),
    (date(2021, 11, 22), 65.0, 18.0, 16.0),
    (date(2022, 2, 5), 70.0, 14.0, 14.0),
)
FIRST_SEASON = 2022
SOUTH = ("VR20", "VR21", "VR22", "VR23", "VR24")  # hit first and hardest in spring 2020
NORTH = ("VR01", "VR02", "VR03", "VR04", "VR05")


@dataclass(frozen=True)
class Wave:
    key: tuple[int, ...]
    centre: float
    peak: float
    rise: float
    fall: float


def waves(seed: int, calendar: Calendar) -> list[Wave]:
    found = [
        Wave((0, k), day_index(centre), peak, rise, fall)
        for k, (centre, peak, rise, fall) in enumerate(HISTORIC_WAVES)
    ]
    last_year = (ANCHOR + timedelta(days=calendar.size)).year
    for year in range(FIRST_SEASON, last_year + 1):
        found.extend(_season_waves(seed, year))
    return found


def _season_waves(seed: int, year: int) -> list[Wave]:
    """A small summer wave (sometimes), an autumn wave and (mostly) a winter wave."""
    rng = generator(seed, Stream.SEASON, year)
    draws = rng.random((3, 4))
    shifts = rng.normal(0.0, 1.0, 3)
    specs = (  # (month, day, spread, peak low/high, rise low/high, fall low/high, probability)
        (7, 5, 12, (4, 10), (9, 14), (11, 17), 0.5),
        (10, 25, 14, (18, 50), (14, 22), (12, 20), 1.0),
        (13, 28, 12, (12, 40), (12, 18), (14, 22), 0.75),
    )
    found = []
    for slot, (month, day, spread, peak, rise, fall, probability) in enumerate(specs):
        u = draws[slot]
        if u[0] >= probability:
            continue
        centre = date(year + (month - 1) // 12, (month - 1) % 12 + 1, day)
        found.append(
            Wave(
                (year, slot),
                day_index(centre) + spread * shifts[slot],
                peak[0] + (peak[1] - peak[0]) * u[1],
                rise[0] + (rise[1] - rise[0]) * u[2],
                fall[0] + (fall[1] - fall[0]) * u[3],
            )
        )
    return found


def _wave_shape(areas: Areas, seed: int, wave: Wave) -> tuple[Floats, Floats]:
    """Per municipality: amplitude factor (population-weighted mean 1) and timing shift in days."""
    rng = generator(seed, Stream.WAVE_AREA, *wave.key)
    regions = len(areas.region_codes)
    region_amplitude = rng.lognormal(0.0, 0.3, regions)
    region_shift = rng.normal(0.0, 6.0, regions)
    amplitude = rng.lognormal(0.0, 0.18, areas.municipality_count)
    shift = rng.normal(0.0, 2.5, areas.municipality_count)
    urban = rng.normal(0.0, 0.1)
    if wave.key == (0, 0):
        for index, code in enumerate(areas.region_codes):
            region_amplitude[index] *= 2.6 if code in SOUTH else 0.35 if code in NORTH else 1.0
    amplitude *= region_amplitude[areas.region_index] * (areas.inhabitants / 40_000) ** urban
    amplitude /= np.average(amplitude, weights=areas.inhabitants)
    return amplitude, region_shift[areas.region_index] + shift


def latent_incidence(areas: Areas, seed: int, calendar: Calendar) -> Floats:
    """Latent infections per 100,000 inhabitants per day (days x municipalities)."""
    days = np.arange(calendar.size, dtype=float)
    scale = generator(seed, Stream.MUNICIPALITY).lognormal(0.0, 0.2, areas.municipality_count)
    scale /= np.average(scale, weights=areas.inhabitants)
    baseline = calendar.knots(BASELINE_RAMP) * (1.0 + 0.55 * calendar.season())
    incidence = baseline[:, None] * np.ones(areas.municipality_count)
    for wave in waves(seed, calendar):
        lo = max(0, int(wave.centre - 7 * wave.rise - 25))
        hi = min(calendar.size, int(wave.centre + 7 * wave.fall + 25))
        if lo >= hi:
            continue
        amplitude, shift = _wave_shape(areas, seed, wave)
        offset = days[lo:hi, None] - (wave.centre + shift)[None, :]
        width = np.where(offset < 0, wave.rise, wave.fall)
        incidence[lo:hi] += wave.peak * amplitude / np.cosh(offset / width) ** 2
    _add_outbreaks(incidence, areas, seed, calendar)
    return incidence * scale


def _add_outbreaks(incidence: Floats, areas: Areas, seed: int, calendar: Calendar) -> None:
    """Short local outbreaks, relatively larger in small municipalities."""
    quiet_until = day_index(date(2020, 6, 1))
    last_year = (ANCHOR + timedelta(days=calendar.size)).year
    for year in range(ANCHOR.year, last_year + 1):
        rng = generator(seed, Stream.OUTBREAK, year)
        count = 40
        where = rng.integers(0, areas.municipality_count, count)
        centre = day_index(date(year, 1, 1)) + rng.random(count) * 365
        peak = rng.uniform(15, 90, count) * np.clip((25_000 / areas.inhabitants[where]) ** 0.35, 0.5, 2.5)
        width = rng.uniform(3, 8, count)
        for m, c, p, w in zip(where, centre, peak, width, strict=True):
            lo, hi = max(quiet_until, int(c - 4 * w)), min(calendar.size, int(c + 4 * w) + 1)
            if lo < hi:
                incidence[lo:hi, m] += p * np.exp(-0.5 * ((np.arange(lo, hi) - c) / w) ** 2)
