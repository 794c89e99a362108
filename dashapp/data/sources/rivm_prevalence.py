"""RIVM ``COVID-19_prevalentie.json``: the estimated number of infectious people per day.

A JSON array of ``{Date, prev_low, prev_avg, prev_up, population, version}`` (integers;
strings accepted). The most recent records have no ``prev_avg`` key: ``avg`` is NaN there.

Tidy columns: ``date`` (datetime64), ``low``, ``avg``, ``high`` (float64; low <= avg <= high).
No publication stamp: ``obtained_on`` is the file's modification date. Same size limit as
the reproduction file (same shape, same number of records).
"""

from __future__ import annotations

from pathlib import Path

from dashapp.data.sources.base import NO_CONTEXT, ReadContext, SourceFrame, SourceSpec
from dashapp.data.sources.rivm_reproduction import MAX_BYTES, read_estimates

KIND = "rivm_prevalence"
FILE_NAME = "COVID-19_prevalentie.json"
KEYS = ("prev_low", "prev_avg", "prev_up")


def read(path: Path, context: ReadContext = NO_CONTEXT) -> SourceFrame:
    return read_estimates(path, KIND, KEYS, context)


SPECS = (SourceSpec(KIND, FILE_NAME, read, "RIVM estimated number of infectious people", MAX_BYTES),)
