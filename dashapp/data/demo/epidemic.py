"""The simulated epidemic: latent infections per place and the reports that follow from them."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from dashapp.data.demo.areas import Areas
from dashapp.data.demo.calendar import Calendar
from dashapp.data.demo.latent import latent_incidence
from dashapp.data.demo.parameters import ASCERTAINMENT, DISPERSION, REPORT_WEEKDAY, UNKNOWN_MUNICIPALITY_SHARE
from dashapp.data.demo.streams import Floats, Ints, Stream, generator


def lagged(values: Floats, mean: float, sd: float, length: int = 36) -> Floats:
    """``values`` (days first) spread forward in time over a gamma-shaped delay."""
    shape = (mean / sd) ** 2
    delay = np.arange(length, dtype=float)
    kernel = (delay + 0.5) ** (shape - 1) * np.exp(-(delay + 0.5) * shape / mean)
    kernel /= kernel.sum()
    out = np.zeros_like(values, dtype=float)
    for lag, weight in enumerate(kernel):
        if lag == 0:
            out += weight * values
        else:
            out[lag:] += weight * values[:-lag]
    return out


@dataclass(frozen=True)
class Epidemic:
    """The latent epidemic and its reported daily counts.

    Columns of the ``(days x places)`` arrays are the municipalities, then the 12 provinces
    ("unknown municipality").
    """

    areas: Areas
    calendar: Calendar
    seed: int
    incidence: Floats  # latent infections per 100,000 per day, per municipality
    infections: Floats  # latent infections per day, per place
    report_weekday: Floats
    new_reports: Ints  # reports per place per day, before corrections

    @property
    def national_infections(self) -> Floats:
        return self.infections.sum(axis=1)

    @property
    def national_incidence(self) -> Floats:
        return self.national_infections / self.areas.inhabitants.sum() * 1e5

    @functools.cached_property
    def region_incidence(self) -> Floats:
        """Latent infections per 100,000 per day, per safety region."""
        per_region = self.areas.region_sum(self.incidence * self.areas.inhabitants)
        return per_region / self.areas.region_sum(self.areas.inhabitants[None, :])

    def rng(self, stream: Stream, *key: int) -> np.random.Generator:
        return generator(self.seed, stream, *key)


def simulate(areas: Areas, calendar: Calendar, seed: int) -> Epidemic:
    incidence = latent_incidence(areas, seed, calendar)
    counts = incidence * areas.inhabitants / 1e5
    infections = np.hstack(
        [counts * (1 - UNKNOWN_MUNICIPALITY_SHARE), areas.province_sum(counts) * UNKNOWN_MUNICIPALITY_SHARE]
    )
    weekday = REPORT_WEEKDAY[calendar.weekday()]
    expected = infections * (calendar.knots(ASCERTAINMENT) * weekday)[:, None]
    noise = generator(seed, Stream.REPORT_NOISE).gamma(DISPERSION, 1 / DISPERSION, expected.shape)
    reports = generator(seed, Stream.REPORTS).poisson(expected * noise)
    return Epidemic(areas, calendar, seed, incidence, infections, weekday, reports)
