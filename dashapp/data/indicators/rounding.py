"""Rounding as the published figures are rounded: halves away from zero (SQL ``ROUND``).

Python's ``round`` and numpy's ``round`` round halves to even (``round(0.25, 1) == 0.2``), so a
3-day mean of 0.25 would show as 0.2 where the original showed 0.3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Products such as 1.15 * 10 come out as 11.499999999999998 in binary floating point; snapping
# them to 9 decimals first makes a printed half a real half.
_SNAP_DECIMALS = 9


def round_array(values: np.ndarray, decimals: int) -> np.ndarray:
    """Round every value to ``decimals`` places, halves away from zero; NaN stays NaN."""
    factor = 10.0**decimals
    # sign(x) * floor(|x| + 0.5) / factor, in one scratch array: no temporary per step (the build
    # rounds every table of the snapshot, millions of values).
    scaled = np.multiply(values, factor, dtype=float)
    np.round(scaled, _SNAP_DECIMALS, out=scaled)
    sign = np.sign(scaled)
    np.abs(scaled, out=scaled)
    scaled += 0.5
    np.floor(scaled, out=scaled)
    np.multiply(sign, scaled, out=scaled)
    scaled /= factor
    scaled += 0.0  # -0.0 would print as "-0"
    return scaled


def round_half_away_from_zero(values: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """``round_array`` for every value of a frame."""
    return pd.DataFrame(
        round_array(values.to_numpy(dtype=float), decimals), index=values.index, columns=values.columns
    )
