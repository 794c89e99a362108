"""The demo's random streams: every draw comes from a generator seeded with ``(seed, stream, *key)``.

Each array is drawn over the whole calendar (days first), so a value for a date never depends on
the last day written; a later ``end`` only appends.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Texts = npt.NDArray[np.object_]


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


def generator(seed: int, stream: Stream, *key: int) -> np.random.Generator:
    return np.random.default_rng([seed, int(stream), *key])
