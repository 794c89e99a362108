"""The demo source: a deterministic epidemic written as the publishers' own raw files.

``write_demo_sources(directory, end, days=1000, seed=2020)`` writes into a flat directory,
under the published file names and in the published layouts (separators, header names and
order, date formats, line ends, decimal commas, empty cells and ``NA``), one file per feed
covering the ``days`` days that end on ``end`` (inclusive), so that the very readers that
parse the real files parse these:

- ``COVID-19_aantallen_gemeente_cumulatief.csv`` (RIVM): per report day 355 municipalities
  and 12 "unknown municipality" province rows; cumulative positives, hospital admissions
  and deaths, with occasional negative corrections.
- ``COVID-19_casus_landelijk.csv`` (RIVM): one row per case. To keep the file small it holds
  only the cases *reported* in the last 28 days of the window (their ``Date_statistics``
  is up to two weeks earlier); their number equals the national new reports of those days.
- ``new-intake.json`` and ``zkh-new-intake.json`` (NICE, ICU and wards): proven and
  suspected new patients per day; the last three days are incomplete (NICE back-fills).
- ``covid-19.csv`` (LCPS): beds occupied and new admissions, newest day first.
- ``COVID-19_rioolwaterdata.csv`` (RIVM, 2021 layout): each of the 327 plants once or twice
  a week (some weeks skipped); ``RNA_per_ml`` before 2020-09-07, ``RNA_flow_per_100000``
  from then on, as in the real file.
- ``COVID-19_uitgevoerde_testen.csv`` (RIVM, Version 2): GGD tests and positives per
  safety region per day, plus an "Onbekend" row per day; from 2020-06-01, when the GGDs
  started testing everyone.
- ``COVID-19_reproductiegetal.json`` and ``COVID-19_prevalentie.json`` (RIVM): daily
  estimates with bounds; the last 14 (R) and 7 (prevalence) records lack the central value.
- ``Nivel-verdenkingen-COVID-19.txt`` (Nivel): GP consultations per complete ISO week.
- Six RIVM nursing-home files, named with ``end`` at 10:00 (``..._YYYYMMDD_1000.csv``):
  infected residents, deceased residents (with the ``1900-01-01`` row for deaths of
  unknown date) and infected locations, national and per safety region (+ "Onbekend");
  each national file is the sum of its regional file.

The epidemic lives on a fixed calendar that starts on 2020-02-27 (the first Dutch case):
a latent number of infections per municipality per day, made of waves (hand-made ones that
follow 2020-2022, then seasonal waves drawn per year), a seasonal baseline, per-municipality
scale, timing and intensity per wave, and local outbreaks. Everything observed derives
from it: reports (fewer on Sundays and Mondays, negative-binomial noise, a low testing rate
before June 2020), hospital, ICU and death counts as lagged fractions, beds as admissions
times length of stay, virus in sewage, GGD tests, R from the latent growth rate, and so on.

Determinism: every random draw comes from a numpy Generator seeded with ``(seed, stream)``
(or ``(seed, stream, year or day)``) that draws one array over the whole calendar, days
first, so a value for a date never depends on ``end``; a later ``end`` only appends.
What does change with ``end``: timestamps naming the file (``Date_file``,
``Date_of_report`` of the GGD file, the nursing-home file names), the NICE days still
being back-filled (last three), the R and prevalence records without a central value and
their widening bounds (last 14 / 7), outcomes of recent cases in the case file (a
hospitalisation or death after ``end`` is not known yet) and the count of nursing-home
deaths of unknown date.

The window never starts before 2020-02-27, and ``end`` must be on or after 2020-06-14 so
that every feed (sewage from 2020-03-30, GGD tests from 2020-06-01) has rows.

Quirks kept from the real files: LCPS dates are not zero-padded before June 2020 and its
columns are empty before they were collected (2020-04-18, 2020-10-17); two days a year hold
``NA`` in every LCPS column (like 19-20 June 2021); RIVM's own spelling of region names
("Noord-Holland-Noord", "Limburg-Zuid") and "Friesland" as a province.

Deviations: no real case file was available, so its line ends (CRLF, no BOM) follow the
other RIVM files of 2020 and the GGD names follow RIVM's list; the unknown-municipality
cases of a province are attributed to the GGD of its first safety region. GGD tests, R and
prevalence run up to ``end`` (the real files stop two days to three weeks earlier). Not
written: ``COVID-19_aantallen_gemeente_per_dag.csv`` and ``COVID-19_ic_opnames.json``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from dashapp.data.reference import Reference, load_reference

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Texts = npt.NDArray[np.object_]

ANCHOR = date(2020, 2, 27)
EARLIEST_END = date(2020, 6, 14)
LOOKAHEAD = 7  # latent days after ``end``: GGD tests look one day ahead, R three
CASE_DAYS = 28

CUMULATIVE = "COVID-19_aantallen_gemeente_cumulatief.csv"
CASES = "COVID-19_casus_landelijk.csv"
NICE_IC = "new-intake.json"
NICE_WARD = "zkh-new-intake.json"
LCPS = "covid-19.csv"
SEWAGE = "COVID-19_rioolwaterdata.csv"
GGD_TESTS = "COVID-19_uitgevoerde_testen.csv"
REPRODUCTION = "COVID-19_reproductiegetal.json"
PREVALENCE = "COVID-19_prevalentie.json"
NIVEL = "Nivel-verdenkingen-COVID-19.txt"
NURSING_POSITIVE = "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD"
NURSING_DECEASED = "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum"
NURSING_LOCATIONS = "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM"
REGIONAL = "_naar_veiligheidsregio"

CRLF = "\r\n"
LF = "\n"

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

# Latent infections per 100,000 per day at the peak of the 2020-2022 waves:
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

# Reports by weekday of the report (Monday first): fewer on Sundays and Mondays.
REPORT_WEEKDAY = np.array([0.86, 1.12, 1.08, 1.04, 1.02, 0.98, 0.90])
UNKNOWN_MUNICIPALITY_SHARE = 0.009
DISPERSION = 12.0  # gamma shape of the negative-binomial noise on reports

# Fractions of latent infections, multiplied by the severity knots below.
HOSPITAL_RIVM = 0.013
HOSPITAL_NICE = 0.020
ICU_NICE = 0.0042
DEATH_RIVM = 0.0055
PREVALENCE_FACTOR = 1.6  # infectious people per latent infection of the last ten days
GENERATION_DAYS = 4.5

# Piecewise-linear knots over the calendar: (date, value); flat beyond the ends.
ASCERTAINMENT = ((date(2020, 4, 15), 0.09), (date(2020, 6, 1), 1.0))
SEVERITY = (
    (date(2020, 5, 1), 1.3),
    (date(2020, 7, 1), 1.0),
    (date(2021, 2, 1), 1.0),
    (date(2021, 7, 1), 0.55),
    (date(2022, 1, 15), 0.35),
    (date(2022, 6, 1), 0.3),
)
DEATH_SEVERITY = (
    (date(2020, 5, 1), 2.0),
    (date(2020, 7, 1), 1.0),
    (date(2021, 2, 1), 1.0),
    (date(2021, 7, 1), 0.45),
    (date(2022, 3, 1), 0.25),
)
SUSPECTED_SHARE = ((date(2020, 3, 15), 0.5), (date(2020, 5, 1), 0.15), (date(2020, 9, 1), 0.06))
BASELINE_RAMP = ((date(2020, 4, 15), 0.0), (date(2020, 7, 1), 1.0))
NURSING_INFECTION = ((date(2020, 6, 1), 2.6), (date(2021, 1, 10), 2.2), (date(2021, 3, 15), 0.8))
NURSING_FATALITY = ((date(2020, 7, 1), 0.30), (date(2021, 1, 10), 0.25), (date(2021, 4, 1), 0.1))

SEWAGE_START = date(2020, 3, 30)
SEWAGE_FLOW_FROM = date(2020, 9, 7)
GGD_START = date(2020, 6, 1)
REPRODUCTION_TESTPOS_FROM = date(2020, 6, 13)
LCPS_NON_COVID_FROM = date(2020, 4, 18)
LCPS_NEW_FROM = date(2020, 10, 17)
LCPS_PADDED_FROM = date(2020, 6, 1)

AGE_GROUPS = ("0-9", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80-89", "90+")
AGE_SHARES = (0.05, 0.135, 0.2, 0.14, 0.14, 0.15, 0.09, 0.05, 0.03, 0.013)
AGE_HOSPITAL = (0.002, 0.001, 0.002, 0.004, 0.008, 0.015, 0.04, 0.09, 0.14, 0.12)
AGE_DEATH = (0.0, 0.0, 0.0, 0.0001, 0.0003, 0.001, 0.005, 0.025, 0.08, 0.16)


class Stream(IntEnum):
    """One independent random stream per purpose (part of every seed)."""

    MUNICIPALITY = 1
    SEASON = 2
    WAVE_AREA = 3
    OUTBREAK = 4
    REPORT_NOISE = 5
    REPORTS = 6
    HOSPITAL = 7
    DEATHS = 8
    CORRECT_REPORTS = 9
    CORRECT_HOSPITAL = 10
    CORRECT_DEATHS = 11
    ICU_PROVEN = 12
    ICU_SUSPECTED = 13
    WARD_PROVEN = 14
    WARD_SUSPECTED = 15
    LCPS_ICU = 16
    LCPS_WARD = 17
    LCPS_NON_COVID = 18
    LCPS_NA = 19
    SEWAGE_PLAN = 20
    SEWAGE_SKIP = 21
    SEWAGE_NOISE = 22
    GGD_POSITIVE = 23
    GGD_TESTED = 24
    GGD_UNKNOWN = 25
    NIVEL = 26
    NURSING_POSITIVE = 27
    NURSING_DECEASED = 28
    NURSING_LOCATIONS = 29
    NURSING_UNKNOWN = 30
    CASES = 31


def _rng(seed: int, stream: Stream, *key: int) -> np.random.Generator:
    return np.random.default_rng([seed, int(stream), *key])


# --------------------------------------------------------------------------- areas and calendar


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


def day_index(day: date) -> int:
    return (day - ANCHOR).days


@dataclass(frozen=True)
class Calendar:
    """Day ``i`` is ``ANCHOR + i``; the window is days ``first .. last`` (``last`` is ``end``)."""

    size: int
    first: int
    last: int
    iso: Texts  # "YYYY-MM-DD" per calendar day

    @property
    def end(self) -> date:
        return ANCHOR + timedelta(days=self.last)

    @property
    def window(self) -> slice:
        return slice(self.first, self.last + 1)

    def since(self, day: date) -> slice:
        """The window, starting no earlier than ``day``."""
        return slice(max(self.first, day_index(day)), self.last + 1)

    def weekday(self) -> Ints:
        return (ANCHOR.weekday() + np.arange(self.size)) % 7

    def knots(self, points: Sequence[tuple[date, float]]) -> Floats:
        days = [day_index(day) for day, _ in points]
        return np.interp(np.arange(self.size), days, [value for _, value in points])

    def season(self) -> Floats:
        """1 in mid-January, -1 in mid-July."""
        day_of_year = pd.DatetimeIndex(self.iso).day_of_year.to_numpy()
        return np.cos(2 * np.pi * (day_of_year - 15) / 365.25)


def build_calendar(end: date, days: int) -> Calendar:
    last = day_index(end)
    size = last + 1 + LOOKAHEAD
    dates = np.datetime64(ANCHOR.isoformat(), "D") + np.arange(size)
    iso = np.datetime_as_string(dates, unit="D").astype(object)
    return Calendar(size=size, first=max(0, last - days + 1), last=last, iso=iso)


# --------------------------------------------------------------------------- the latent epidemic


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
    rng = _rng(seed, Stream.SEASON, year)
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
    rng = _rng(seed, Stream.WAVE_AREA, *wave.key)
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
    scale = _rng(seed, Stream.MUNICIPALITY).lognormal(0.0, 0.2, areas.municipality_count)
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
        rng = _rng(seed, Stream.OUTBREAK, year)
        count = 40
        where = rng.integers(0, areas.municipality_count, count)
        centre = day_index(date(year, 1, 1)) + rng.random(count) * 365
        peak = rng.uniform(15, 90, count) * np.clip((25_000 / areas.inhabitants[where]) ** 0.35, 0.5, 2.5)
        width = rng.uniform(3, 8, count)
        for m, c, p, w in zip(where, centre, peak, width, strict=True):
            lo, hi = max(quiet_until, int(c - 4 * w)), min(calendar.size, int(c + 4 * w) + 1)
            if lo < hi:
                incidence[lo:hi, m] += p * np.exp(-0.5 * ((np.arange(lo, hi) - c) / w) ** 2)


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
        return _rng(self.seed, stream, *key)


def simulate(areas: Areas, calendar: Calendar, seed: int) -> Epidemic:
    incidence = latent_incidence(areas, seed, calendar)
    counts = incidence * areas.inhabitants / 1e5
    infections = np.hstack(
        [counts * (1 - UNKNOWN_MUNICIPALITY_SHARE), areas.province_sum(counts) * UNKNOWN_MUNICIPALITY_SHARE]
    )
    weekday = REPORT_WEEKDAY[calendar.weekday()]
    expected = infections * (calendar.knots(ASCERTAINMENT) * weekday)[:, None]
    noise = _rng(seed, Stream.REPORT_NOISE).gamma(DISPERSION, 1 / DISPERSION, expected.shape)
    reports = _rng(seed, Stream.REPORTS).poisson(expected * noise)
    return Epidemic(areas, calendar, seed, incidence, infections, weekday, reports)


# --------------------------------------------------------------------------- text output


def rows_text(columns: Sequence[npt.ArrayLike], sep: str, newline: str) -> str:
    """Delimited rows from equally long columns: integers as ``%d``, anything else as ``%s``.

    One ``%`` over a repeated row template formats every cell in C, several times faster
    than ``DataFrame.to_csv``.
    """
    arrays = [np.asarray(column) for column in columns]
    count = len(arrays[0])
    cells = np.empty((count, len(arrays)), dtype=object)
    for index, array in enumerate(arrays):
        cells[:, index] = array
    row = sep.join("%d" if a.dtype.kind in "iu" else "%s" for a in arrays) + newline
    return (row * count) % tuple(cells.ravel().tolist())


def write_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def write_table(
    path: Path, header: Sequence[str], columns: Sequence[npt.ArrayLike], sep: str, newline: str
) -> Path:
    return write_text(path, sep.join(header) + newline + rows_text(columns, sep, newline))


def _stamp(text: str, count: int) -> Texts:
    return np.full(count, text, dtype=object)


# --------------------------------------------------------------------------- RIVM cumulative


def _corrected(new: Ints, uniform: Floats, chance: float, max_new: int, max_amount: int) -> Ints:
    """Replace a few quiet days' counts by a small negative correction.

    A correction removes that day's (at most ``max_new``) reports and ``1 .. max_amount``
    earlier ones; it only happens while the reports so far cover every correction made so
    far, so a cumulative count never goes below zero.
    """
    candidate = uniform < chance
    amount = 1 + np.floor(uniform / chance * max_amount).astype(np.int64)
    before = np.cumsum(new, axis=0) - new
    enough = before >= (max_new + max_amount) * np.cumsum(candidate, axis=0)
    applied = candidate & (new <= max_new) & enough
    return np.where(applied, -amount, new)


def municipal_outcomes(epidemic: Epidemic) -> tuple[Ints, Ints, Ints]:
    """Daily reported positives, hospital admissions and deaths per place (with corrections)."""
    calendar = epidemic.calendar
    weekday = epidemic.report_weekday[:, None]
    hospital_rate = (HOSPITAL_RIVM * calendar.knots(SEVERITY))[:, None]
    death_rate = (DEATH_RIVM * calendar.knots(DEATH_SEVERITY))[:, None]
    hospital = epidemic.rng(Stream.HOSPITAL).poisson(
        hospital_rate * lagged(epidemic.infections, 5, 3) * weekday
    )
    deaths = epidemic.rng(Stream.DEATHS).poisson(death_rate * lagged(epidemic.infections, 13, 6) * weekday)
    municipal = np.zeros(epidemic.infections.shape[1], dtype=bool)
    municipal[: epidemic.areas.municipality_count] = True

    def correct(new: Ints, stream: Stream, chance: float, max_new: int, max_amount: int) -> Ints:
        uniform = np.where(municipal, epidemic.rng(stream).random(new.shape), 1.0)
        return _corrected(new, uniform, chance, max_new, max_amount)

    return (
        correct(epidemic.new_reports, Stream.CORRECT_REPORTS, 0.0018, 4, 4),
        correct(hospital, Stream.CORRECT_HOSPITAL, 0.0006, 1, 2),
        correct(deaths, Stream.CORRECT_DEATHS, 0.00025, 1, 2),
    )


def write_cumulative(directory: Path, epidemic: Epidemic) -> Path:
    areas, calendar = epidemic.areas, epidemic.calendar
    window = calendar.window
    totals = [np.cumsum(daily, axis=0)[window] for daily in municipal_outcomes(epidemic)]
    days = window.stop - window.start
    places = totals[0].shape[1]
    empty = np.full(len(PROVINCES), "", dtype=object)
    codes = np.concatenate([areas.codes, empty])
    names = np.concatenate([areas.names, empty])
    provinces = np.concatenate([areas.provinces, np.array(PROVINCES, dtype=object)])
    columns = [
        np.repeat(calendar.iso[window] + " 10:00:00", places),
        np.tile(codes, days),
        np.tile(names, days),
        np.tile(provinces, days),
        *(total.ravel() for total in totals),
    ]
    header = (
        "Date_of_report",
        "Municipality_code",
        "Municipality_name",
        "Province",
        "Total_reported",
        "Hospital_admission",
        "Deceased",
    )
    return write_table(directory / CUMULATIVE, header, columns, ";", CRLF)


# --------------------------------------------------------------------------- RIVM cases


@dataclass(frozen=True)
class CaseDraws:
    """Codes per case: region, date of statistics, type, age, sex, hospital, deceased, death day."""

    region: Ints
    statistics_day: Ints
    date_type: Ints
    age: Ints
    sex: Ints
    hospital: Ints  # 0 Yes, 1 No, 2 Unknown
    deceased: Ints
    death_day: Ints


def _regional_reports(epidemic: Epidemic, day: int) -> Ints:
    """New reports on ``day`` per region; a province's unknown-municipality reports go to its first region."""
    areas = epidemic.areas
    reports = epidemic.new_reports[day]
    per_region = np.bincount(
        areas.region_index, weights=reports[: areas.municipality_count], minlength=len(areas.region_codes)
    )
    for province in range(len(PROVINCES)):
        first_region = areas.region_index[areas.province_index == province].min()
        per_region[first_region] += reports[areas.municipality_count + province]
    return per_region.astype(np.int64)


def _draw_cases(epidemic: Epidemic, day: int) -> CaseDraws:
    """The cases reported on ``day``, from a generator of that day alone (so independent of ``end``)."""
    calendar = epidemic.calendar
    region = np.repeat(np.arange(len(epidemic.areas.region_codes)), _regional_reports(epidemic, day))
    u = epidemic.rng(Stream.CASES, day).random((len(region), 9))
    date_type = np.searchsorted([0.55, 0.9], u[:, 0], side="right")  # DOO, DPL, DON
    onset_lag = 2 + np.minimum(np.floor(-np.log1p(-u[:, 1]) * 2.5), 12)
    lag = np.select([date_type == 0, date_type == 1], [onset_lag, np.floor(u[:, 1] * 2)], 0).astype(np.int64)
    age = np.searchsorted(np.cumsum(AGE_SHARES) / sum(AGE_SHARES), u[:, 2], side="right")
    age = np.minimum(age, len(AGE_GROUPS) - 1)
    hospital_chance = np.take(AGE_HOSPITAL, age) * calendar.knots(SEVERITY)[day]
    death_chance = np.take(AGE_DEATH, age) * calendar.knots(DEATH_SEVERITY)[day]
    # Outcomes after ``end`` are not known yet: admission pending (Unknown), death not (yet) reported.
    admitted = u[:, 4] < hospital_chance
    admitted_by_end = day + np.floor(u[:, 5] * 10) <= calendar.last
    hospital = np.where(admitted, np.where(admitted_by_end, 0, 2), np.where(u[:, 4] > 0.97, 2, 1))
    death_day = day + 4 + np.floor(u[:, 7] * 21).astype(np.int64)
    died = (u[:, 6] < death_chance) & (death_day <= calendar.last)
    deceased = np.where(died, 0, np.where(u[:, 6] > 0.995, 2, 1))
    special_age = np.select([u[:, 8] < 0.0005, u[:, 8] > 0.999], [len(AGE_GROUPS), len(AGE_GROUPS) + 1], -1)
    return CaseDraws(
        region=region,
        statistics_day=np.maximum(day - lag, 0),
        date_type=date_type,
        age=np.where(special_age >= 0, special_age, age),
        sex=np.searchsorted([0.485, 0.995], u[:, 3], side="right"),
        hospital=hospital,
        deceased=deceased,
        death_day=np.where(died, death_day, -1),
    )


def _iso_weeks(calendar: Calendar) -> Texts:
    weeks = pd.DatetimeIndex(calendar.iso).isocalendar()
    return (weeks["year"].astype(str) + weeks["week"].astype(str).str.zfill(2)).to_numpy(dtype=object)


def write_cases(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    first = max(calendar.first, calendar.last - CASE_DAYS + 1)
    parts = [_draw_cases(epidemic, day) for day in range(first, calendar.last + 1)]
    cases = CaseDraws(
        *(np.concatenate([getattr(p, f.name) for p in parts]) for f in dataclasses.fields(CaseDraws))
    )
    order = np.argsort(cases.statistics_day, kind="stable")
    province_of_region = _region_provinces(epidemic.areas)
    weeks = np.append(_iso_weeks(calendar), "")  # index -1 -> no death
    yes_no = np.array(["Yes", "No", "Unknown"], dtype=object)
    ages = np.array([*AGE_GROUPS, "<50", "Unknown"], dtype=object)
    columns = [
        _stamp(f"{calendar.end.isoformat()} 10:00:00", len(order)),
        calendar.iso[cases.statistics_day[order]],
        np.array(["DOO", "DPL", "DON"], dtype=object)[cases.date_type[order]],
        ages[cases.age[order]],
        np.array(["Male", "Female", "Unknown"], dtype=object)[cases.sex[order]],
        province_of_region[cases.region[order]],
        yes_no[cases.hospital[order]],
        yes_no[cases.deceased[order]],
        weeks[cases.death_day[order]],
        np.array(GGD_NAMES, dtype=object)[cases.region[order]],
    ]
    header = (
        "Date_file",
        "Date_statistics",
        "Date_statistics_type",
        "Agegroup",
        "Sex",
        "Province",
        "Hospital_admission",
        "Deceased",
        "Week_of_death",
        "Municipal_health_service",
    )
    return write_table(directory / CASES, header, columns, ";", CRLF)


def _region_provinces(areas: Areas) -> Texts:
    provinces = np.empty(len(areas.region_codes), dtype=object)
    provinces[areas.region_index] = areas.provinces
    return provinces


# --------------------------------------------------------------------------- NICE and LCPS


@dataclass(frozen=True)
class Intake:
    """National new patients per day (complete, as they will be once NICE has back-filled)."""

    icu_expected: Floats
    icu_proven: Ints
    icu_suspected: Ints
    ward_expected: Floats
    ward_proven: Ints
    ward_suspected: Ints


BACKFILL = (0.45, 0.75, 0.92)  # share known of the last, second-last and third-last day


def hospital_intake(epidemic: Epidemic) -> Intake:
    calendar = epidemic.calendar
    infections = epidemic.national_infections
    severity = calendar.knots(SEVERITY)
    suspected = calendar.knots(SUSPECTED_SHARE)
    icu = ICU_NICE * severity * lagged(infections, 7, 3.5)
    ward = HOSPITAL_NICE * severity * lagged(infections, 5, 3)
    return Intake(
        icu_expected=icu,
        icu_proven=epidemic.rng(Stream.ICU_PROVEN).poisson(icu),
        icu_suspected=epidemic.rng(Stream.ICU_SUSPECTED).poisson(icu * suspected),
        ward_expected=ward,
        ward_proven=epidemic.rng(Stream.WARD_PROVEN).poisson(ward),
        ward_suspected=epidemic.rng(Stream.WARD_SUSPECTED).poisson(ward * suspected),
    )


def _backfilling(values: Ints) -> Ints:
    out = values.copy()
    for age, share in enumerate(BACKFILL):
        out[-1 - age] = math.floor(out[-1 - age] * share)
    return out


def _nice_json(dates: Texts, proven: Ints, suspected: Ints) -> str:
    series = [
        [{"date": day, "value": int(value)} for day, value in zip(dates, _backfilling(values), strict=True)]
        for values in (proven, suspected)
    ]
    return json.dumps(series, separators=(",", ":"))


def write_nice(directory: Path, epidemic: Epidemic, intake: Intake) -> list[Path]:
    window = epidemic.calendar.window
    dates = epidemic.calendar.iso[window]
    return [
        write_text(
            directory / NICE_IC, _nice_json(dates, intake.icu_proven[window], intake.icu_suspected[window])
        ),
        write_text(
            directory / NICE_WARD,
            _nice_json(dates, intake.ward_proven[window], intake.ward_suspected[window]),
        ),
    ]


def _occupied(admissions: Floats, stay: float) -> Floats:
    """Beds occupied: admissions still in hospital after an exponential length of stay."""
    days = admissions.shape[0]
    survival = np.exp(-np.arange(min(days, 120)) / stay)
    return np.convolve(admissions, survival)[:days]


def _lcps_dates(calendar: Calendar) -> Texts:
    stamps = pd.DatetimeIndex(calendar.iso)
    padded = stamps.strftime("%d-%m-%Y")
    plain = stamps.day.astype(str) + "-" + stamps.month.astype(str) + "-" + stamps.year.astype(str)
    early = np.arange(calendar.size) < day_index(LCPS_PADDED_FROM)
    return np.where(early, plain, padded).astype(object)


def _lcps_missing_days(epidemic: Epidemic) -> Ints:
    """Two consecutive days a year (from 2021) without any figure (``NA``), like June 2021."""
    last_year = (ANCHOR + timedelta(days=epidemic.calendar.size)).year
    days: list[int] = []
    for year in range(2021, last_year + 1):
        start = day_index(date(year, 5, 1)) + int(epidemic.rng(Stream.LCPS_NA, year).integers(0, 120))
        days.extend((start, start + 1))
    return np.array(days, dtype=np.int64)


def write_lcps(directory: Path, epidemic: Epidemic, intake: Intake) -> Path:
    calendar = epidemic.calendar
    icu_beds = np.rint(_occupied(intake.icu_proven + 0.5 * intake.icu_suspected, 14.0)).astype(np.int64)
    ward_beds = np.rint(_occupied(intake.ward_proven + 0.5 * intake.ward_suspected, 7.0)).astype(np.int64)
    weekend = np.isin(calendar.weekday(), (5, 6))
    non_covid = (
        720
        - 0.5 * icu_beds
        + 30 * calendar.season()
        - 25 * weekend
        + epidemic.rng(Stream.LCPS_NON_COVID).normal(0, 12, calendar.size)
    )
    columns = [
        icu_beds,
        np.rint(np.clip(non_covid, 350, 900)).astype(np.int64),
        ward_beds,
        epidemic.rng(Stream.LCPS_ICU).poisson(intake.icu_expected),
        epidemic.rng(Stream.LCPS_WARD).poisson(intake.ward_expected),
    ]
    cells = np.column_stack([column.astype(str).astype(object) for column in columns])
    day = np.arange(calendar.size)
    cells[day < day_index(LCPS_NON_COVID_FROM), 1] = ""
    cells[day < day_index(LCPS_NEW_FROM), 3:] = ""
    missing = _lcps_missing_days(epidemic)
    cells[missing[missing < calendar.size]] = "NA"
    newest_first = np.arange(calendar.last, calendar.first - 1, -1)
    header = (
        "Datum",
        "IC_Bedden_COVID",
        "IC_Bedden_Non_COVID",
        "Kliniek_Bedden",
        "IC_Nieuwe_Opnames_COVID",
        "Kliniek_Nieuwe_Opnames_COVID",
    )
    out = [_lcps_dates(calendar)[newest_first], *(cells[newest_first, j] for j in range(5))]
    return write_table(directory / LCPS, header, out, ",", LF)


# --------------------------------------------------------------------------- RIVM sewage


def _sewage_plan(epidemic: Epidemic) -> tuple[Ints, Floats]:
    """Per plant: the weekdays of its samples (second -1 for weekly plants), and its own level."""
    rng = epidemic.rng(Stream.SEWAGE_PLAN)
    plants = len(epidemic.areas.plant_codes)
    first = rng.choice([0, 1, 2, 3, 6], plants, p=[0.3, 0.15, 0.2, 0.2, 0.15])
    twice = rng.random(plants) < 0.45
    factor = rng.lognormal(0.0, 0.3, plants)
    return np.stack([first, np.where(twice, (first + 3) % 7, -1)], axis=1), factor


def _sewage_samples(epidemic: Epidemic) -> tuple[Ints, Ints, Floats]:
    """Sample days and plants (sorted by day, then plant) and the noise of each sample.

    Weeks count from the Monday before the anchor; a plant skips a whole week now and then,
    and a twice-weekly plant sometimes takes only one sample.
    """
    calendar = epidemic.calendar
    monday = -ANCHOR.weekday()
    weeks = (calendar.size - monday) // 7 + 1
    weekdays, _ = _sewage_plan(epidemic)
    plants = len(weekdays)
    skip = epidemic.rng(Stream.SEWAGE_SKIP).random((weeks, plants, 3))
    noise = epidemic.rng(Stream.SEWAGE_NOISE).lognormal(0.0, 0.3, (weeks, plants, 2))
    day = monday + 7 * np.arange(weeks)[:, None, None] + weekdays[None]
    window = calendar.since(SEWAGE_START)
    taken = (weekdays[None] >= 0) & (skip[..., :1] > 0.05) & (skip[..., 1:] > 0.03)
    taken &= (day >= window.start) & (day < window.stop)
    week, plant, slot = np.nonzero(taken)
    order = np.lexsort((plant, day[taken]))
    return day[taken][order], plant[order], noise[week, plant, slot][order]


def write_sewage(directory: Path, epidemic: Epidemic) -> Path:
    areas, calendar = epidemic.areas, epidemic.calendar
    day, plant, noise = _sewage_samples(epidemic)
    _, factor = _sewage_plan(epidemic)
    municipality = areas.plant_municipality[plant]
    level = 0.65 * epidemic.incidence[day, municipality]
    level += 0.35 * epidemic.region_incidence[day, areas.region_index[municipality]]
    flow = (7e11 * level + 2.5e11) * factor[plant] * noise
    per_ml = day < day_index(SEWAGE_FLOW_FROM)
    flow_text = np.rint(flow).astype(np.int64).astype(str).astype(object)
    per_ml_text = np.rint(flow / 3e10).astype(np.int64).astype(str).astype(object)
    columns = [
        np.ones(len(day), dtype=np.int64),
        calendar.iso[day],
        areas.plant_codes[plant],
        areas.plant_names[plant],
        np.where(per_ml, per_ml_text, ""),
        np.where(per_ml, "", flow_text),
    ]
    header = (
        "Version",
        "Date_measurement",
        "RWZI_AWZI_code",
        "RWZI_AWZI_name",
        "RNA_per_ml",
        "RNA_flow_per_100000",
    )
    return write_table(directory / SEWAGE, header, columns, ";", LF)


# --------------------------------------------------------------------------- RIVM GGD tests


def _next_day(values: Floats) -> Floats:
    return np.vstack([values[1:], values[-1:]])


def write_ggd_tests(directory: Path, epidemic: Epidemic) -> Path:
    """Tests by test day: positives are the next day's reports that came from GGD lanes."""
    areas, calendar = epidemic.areas, epidemic.calendar
    places = areas.municipality_count
    next_reports = _next_day(areas.region_sum(epidemic.new_reports[:, :places].astype(float)))
    expected = _next_day(areas.region_sum(epidemic.infections[:, :places]) * epidemic.report_weekday[:, None])
    positives = epidemic.rng(Stream.GGD_POSITIVE).binomial(next_reports.astype(np.int64), 0.93)
    level = epidemic.region_incidence
    share = 0.01 + 0.25 * level / (level + 50)
    tested = epidemic.rng(Stream.GGD_TESTED).poisson(0.93 * expected / share + 2)
    unknown = epidemic.rng(Stream.GGD_UNKNOWN).poisson(
        np.column_stack([0.004 * tested.sum(axis=1), 0.004 * positives.sum(axis=1)])
    )
    tested = np.column_stack([tested, unknown[:, 0]])
    positives = np.column_stack([positives, np.minimum(unknown[:, 1], unknown[:, 0])])
    tested = np.maximum(tested, positives)
    window = calendar.since(GGD_START)
    days = window.stop - window.start
    regions = tested.shape[1]
    columns = [
        np.full(days * regions, 2, dtype=np.int64),
        _stamp(f"{calendar.end.isoformat()} 09:00:00", days * regions),
        np.tile(calendar.iso[window], regions),
        np.repeat(np.array([*areas.region_codes, ""], dtype=object), days),
        np.repeat(np.array([*areas.region_names, UNKNOWN_REGION], dtype=object), days),
        tested[window].T.ravel(),
        positives[window].T.ravel(),
    ]
    header = (
        "Version",
        "Date_of_report",
        "Date_of_statistics",
        "Security_region_code",
        "Security_region_name",
        "Tested_with_result",
        "Tested_positive",
    )
    return write_table(directory / GGD_TESTS, header, columns, ";", LF)


# --------------------------------------------------------------------------- RIVM R and prevalence


def _provisional(length: int, newest: int) -> Floats:
    """Bound widening: 1 for settled records, growing over the ``newest`` provisional ones."""
    age = np.arange(length)[::-1]
    return np.where(age < newest, 1 + 0.25 * (newest - age), 1.0)


def write_reproduction(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    infections = epidemic.national_infections + 1e-3
    log = np.log(infections)
    days = np.arange(calendar.size)
    growth = (log[np.minimum(days + 3, calendar.size - 1)] - log[np.maximum(days - 3, 0)]) / 6
    reproduction = np.clip(np.exp(GENERATION_DAYS * growth), 0.4, 3.0)
    hospital = HOSPITAL_NICE * calendar.knots(SEVERITY) * infections
    testpos = days >= day_index(REPRODUCTION_TESTPOS_FROM)
    basis = np.where(testpos, infections * calendar.knots(ASCERTAINMENT), hospital)
    window = calendar.window
    half = (0.015 + 1.0 / np.sqrt(np.maximum(basis, 1.0)))[window]
    newest = 14
    half *= _provisional(len(half), newest)
    centre = np.round(reproduction[window], 2)
    low, up = np.maximum(centre - half, 0.0), centre + half
    population = np.where(testpos[window], "testpos", "hosp")
    records = []
    for index, day in enumerate(calendar.iso[window]):
        record = {"Date": day, "Rt_low": f"{low[index]:.2f}"}
        if index < len(centre) - newest:
            record["Rt_avg"] = f"{centre[index]:.2f}"
        records.append(
            record | {"Rt_up": f"{up[index]:.2f}", "population": str(population[index]), "version": 1}
        )
    return write_text(directory / REPRODUCTION, json.dumps(records, separators=(",", ":")) + "\n")


def write_prevalence(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    infectious = PREVALENCE_FACTOR * np.convolve(epidemic.national_infections, np.ones(10))[: calendar.size]
    window = calendar.window
    centre = np.rint(infectious[window])
    spread = (0.15 + 30 / np.sqrt(np.maximum(centre, 100.0))) * _provisional(len(centre), 7)
    low = np.rint(centre * np.maximum(1 - spread, 0.05)).astype(np.int64)
    up = np.rint(centre * (1 + spread)).astype(np.int64)
    records = []
    for index, day in enumerate(calendar.iso[window]):
        record: dict[str, object] = {"Date": day, "prev_low": int(low[index])}
        if index < len(centre) - 7:
            record["prev_avg"] = int(centre[index])
        records.append(record | {"prev_up": int(up[index]), "population": "hosp", "version": 1})
    return write_text(directory / PREVALENCE, json.dumps(records, separators=(",", ":")) + "\n")


# --------------------------------------------------------------------------- Nivel


def _decimal_comma(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def nivel_json(records: Sequence[dict[str, str]]) -> str:
    """Nivel's Stata-style JSON: ``" : "`` separators, ``}, {`` between records, no final newline."""
    blocks = [
        "{\n" + ",\n".join(f'    "{key}" : "{value}"' for key, value in record.items()) + "\n  }"
        for record in records
    ]
    head = '{\n  "source" : "temp_json.dta",\n  "name" : "DataSet",\n  "data" : [ '
    return head + ", ".join(blocks) + " ]\n}"


def write_nivel(directory: Path, epidemic: Epidemic) -> Path:
    calendar = epidemic.calendar
    monday = -ANCHOR.weekday()
    weeks = (calendar.size - monday) // 7 + 1
    noise = epidemic.rng(Stream.NIVEL).lognormal(0.0, 0.05, (weeks, 3))
    incidence = epidemic.national_incidence
    season = calendar.season()
    population = epidemic.areas.inhabitants.sum()
    records = []
    for week in range(weeks):
        start = monday + 7 * week
        if start < calendar.first or start + 6 > calendar.last:
            continue
        days = slice(start, start + 7)
        rate = 7 * (0.9 + 0.35 * season[days].mean() + 0.17 * incidence[days].mean()) * noise[week, 0]
        estimate = round(rate * population / 1e5 * noise[week, 1])
        half = 1.6 / math.sqrt(max(estimate / 40, 1.0)) * noise[week, 2]
        year, number, _ = (ANCHOR + timedelta(days=start)).isocalendar()
        records.append(
            {
                "incidentie_per_100000": _decimal_comma(rate),
                "bovengrens": str(round(estimate * math.exp(1.1 * half))),
                "week": str(number),
                "diagnose": "Verdenking COVID-19",
                "jaar": str(year),
                "geschat_aantal": str(estimate),
                "ondergrens": str(round(estimate * math.exp(-half))),
            }
        )
    return write_text(directory / NIVEL, nivel_json(records))


# --------------------------------------------------------------------------- nursing homes


@dataclass(frozen=True)
class Nursing:
    """Per safety region and "Onbekend" (last column), per day."""

    positive: Ints
    deceased: Ints
    new_infected: Ints
    new_free: Ints
    infected: Ints


def nursing_homes(epidemic: Epidemic) -> Nursing:
    areas, calendar = epidemic.areas, epidemic.calendar
    locations = areas.nursing_locations
    rate = calendar.knots(NURSING_INFECTION)[:, None] * locations / locations.sum()
    expected = rate * epidemic.region_incidence
    positive = epidemic.rng(Stream.NURSING_POSITIVE).poisson(expected * epidemic.report_weekday[:, None])
    fatality = calendar.knots(NURSING_FATALITY)[:, None]
    deceased = epidemic.rng(Stream.NURSING_DECEASED).poisson(fatality * lagged(expected, 9, 5))
    unknown = epidemic.rng(Stream.NURSING_UNKNOWN).poisson(
        np.column_stack([0.004 * expected.sum(axis=1), 0.003 * (fatality[:, 0] * expected.sum(axis=1))])
    )
    new_infected, new_free, infected = _location_course(epidemic, positive, locations)
    none = np.zeros((calendar.size, 1), dtype=np.int64)
    return Nursing(
        positive=np.column_stack([positive, unknown[:, 0]]),
        deceased=np.column_stack([deceased, unknown[:, 1]]),
        new_infected=np.hstack([new_infected, none]),
        new_free=np.hstack([new_free, none]),
        infected=np.hstack([infected, none]),
    )


def _location_course(epidemic: Epidemic, positive: Ints, locations: Ints) -> tuple[Ints, Ints, Ints]:
    """Locations with an infection; one is free again after 28 days without a new case.

    A stock, so a loop over days (vectorised over the 25 regions). A location infected in
    the last 28 days cannot be free yet; older ones become free at a daily rate.
    """
    rng = epidemic.rng(Stream.NURSING_LOCATIONS)
    hazard = 1 - np.exp(-0.22 * positive / locations)
    days, regions = positive.shape
    new_infected = np.zeros((days, regions), dtype=np.int64)
    new_free = np.zeros((days, regions), dtype=np.int64)
    infected = np.zeros((days, regions), dtype=np.int64)
    current = np.zeros(regions, dtype=np.int64)
    recent = np.zeros(regions, dtype=np.int64)
    for day in range(days):
        if day >= 28:
            recent -= new_infected[day - 28]
        freed = rng.binomial(current - recent, 0.12)
        fresh = rng.binomial(locations - current + freed, hazard[day])
        current += fresh - freed
        recent += fresh
        new_infected[day], new_free[day], infected[day] = fresh, freed, current
    return new_infected, new_free, infected


@dataclass(frozen=True)
class NursingTable:
    stem: str
    national_date: str
    regional_date: str
    values: tuple[str, ...]

    def name(self, regional: bool, end: date) -> str:
        return f"{self.stem}{REGIONAL if regional else ''}_{end:%Y%m%d}_1000.csv"


NURSING_TABLES = (
    NursingTable(NURSING_POSITIVE, "Meldingsdatum", "MeldingsdatumGGD", ("Aantal",)),
    NursingTable(NURSING_DECEASED, "Datum_van_overlijden", "Datum_van_overlijden", ("Aantal",)),
    NursingTable(
        NURSING_LOCATIONS,
        "publicatiedatumRIVM",
        "publicatiedatumRIVM",
        (
            "aantal_nieuw_besmette_verpleeghuis_locaties",
            "aantal_nieuw_besmettingsvrije_verpleeghuis_locaties",
            "aantal_besmette_verpleeghuis_locaties",
        ),
    ),
)
SENTINEL_DATE = "1900-01-01"


def _nursing_rows(epidemic: Epidemic) -> list[tuple[Texts, list[Ints]]]:
    """Per table: the dates of its rows and its value columns (rows x regions incl. Onbekend)."""
    calendar = epidemic.calendar
    data = nursing_homes(epidemic)
    days = np.arange(calendar.first, calendar.last + 1)
    published = days[days >= 1]  # locations are published from the day after the first case
    # Deaths of unknown date: a small share of each region's deaths so far.
    sentinel = np.rint(0.002 * data.deceased[: calendar.last + 1].sum(axis=0)).astype(np.int64)
    return [
        (calendar.iso[days], [data.positive[days]]),
        (
            np.concatenate([[SENTINEL_DATE], calendar.iso[days]]),
            [np.vstack([sentinel, data.deceased[days]])],
        ),
        (
            calendar.iso[published],
            [data.new_infected[published], data.new_free[published], data.infected[published]],
        ),
    ]


def write_nursing(directory: Path, epidemic: Epidemic) -> list[Path]:
    """National files are the column sums of the regional ones (Onbekend included)."""
    areas, end = epidemic.areas, epidemic.calendar.end
    codes = np.array([*areas.region_codes, ""], dtype=object)
    names = np.array([*areas.region_names, UNKNOWN_REGION], dtype=object)
    paths = []
    for table, (dates, values) in zip(NURSING_TABLES, _nursing_rows(epidemic), strict=True):
        national = [dates, *(v.sum(axis=1) for v in values)]
        header = (table.national_date, *table.values)
        paths.append(write_table(directory / table.name(False, end), header, national, ";", CRLF))
        regional = [
            np.repeat(codes, len(dates)),
            np.repeat(names, len(dates)),
            np.tile(dates, len(codes)),
            *(v.T.ravel() for v in values),
        ]
        header = ("VeiligheidsregioCode", "VeiligheidsregioNaam", table.regional_date, *table.values)
        paths.append(write_table(directory / table.name(True, end), header, regional, ";", CRLF))
    return paths


# --------------------------------------------------------------------------- entry point


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
