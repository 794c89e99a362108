"""The indicative risk band of a safety region, from the guidance thresholds of the risk levels.

The guidance (seed 002) moves a region up "in principle" when, over a week:

- more than 50 positive tests per 100,000 inhabitants, or more than 5 % of tests positive: level 2;
- more than 150 per 100,000, or more than 10 % positive: level 3;
- more than 250 per 100,000: level 4.

The official level is decided by the minister and may differ; this band is only indicative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CAUTION, CONCERN, SERIOUS, SEVERE = 1, 2, 3, 4
LEVELS = (CAUTION, CONCERN, SERIOUS, SEVERE)
# (level, more than this many positives per 100,000 per week, more than this % positive or None)
THRESHOLDS = ((CONCERN, 50.0, 5.0), (SERIOUS, 150.0, 10.0), (SEVERE, 250.0, None))


def indicative_band(
    weekly_per_100k: pd.DataFrame, percent_positive: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Level 1-4 per region per week; NaN where the week's incidence is unknown.

    A missing percentage positive never raises the band; the incidence alone then decides.
    """
    incidence = weekly_per_100k.to_numpy(dtype=float)
    if percent_positive is None:
        percent = np.full(incidence.shape, np.nan)
    else:
        percent = percent_positive.reindex(
            index=weekly_per_100k.index, columns=weekly_per_100k.columns
        ).to_numpy(dtype=float)
    band = np.full(incidence.shape, float(CAUTION))
    with np.errstate(invalid="ignore"):
        for level, incidence_above, percent_above in THRESHOLDS:
            reached = incidence > incidence_above
            if percent_above is not None:
                reached |= percent > percent_above
            band = np.where(reached, np.maximum(band, float(level)), band)
    band[np.isnan(incidence)] = np.nan
    return pd.DataFrame(band, index=weekly_per_100k.index, columns=weekly_per_100k.columns)
