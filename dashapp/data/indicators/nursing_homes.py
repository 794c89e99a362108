"""Nursing homes: infected locations as a share of all locations."""

from __future__ import annotations

import pandas as pd


def infected_locations_share(infected: pd.DataFrame, locations: pd.Series) -> pd.DataFrame:
    """Infected locations as a percentage of all nursing-home locations of each area.

    ``locations`` is the number of locations per area code (RIVM counts homes at one postcode
    as one location; the national total is the sum of the regions). Areas without a known
    number of locations give NaN.
    """
    total = locations.reindex(infected.columns).astype(float)
    return infected.astype(float).div(total.where(total > 0), axis=1) * 100
