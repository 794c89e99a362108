"""From tidy rows to wide frames (dates x area codes), and from areas to the areas that hold them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd


def pivot_daily(
    tidy: pd.DataFrame,
    *,
    code_column: str,
    value_column: str,
    date_column: str = "date",
    codes: Sequence[str] | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """A daily wide frame: one row per day from ``start`` to ``end``, one column per code.

    ``codes`` fixes the columns (rows with other codes are left out; codes without rows are
    all-NaN columns); without it the columns are the sorted codes present. Several rows for the
    same day and code are summed. Days or codes without a row are NaN, never 0.
    """
    return pivot_daily_columns(
        tidy,
        code_column=code_column,
        value_columns=(value_column,),
        date_column=date_column,
        codes=codes,
        start=start,
        end=end,
    )[value_column]


def pivot_daily_columns(
    tidy: pd.DataFrame,
    *,
    code_column: str,
    value_columns: Sequence[str],
    date_column: str = "date",
    codes: Sequence[str] | None = None,
    start: pd.Timestamp | None = None,
    end: pd.Timestamp | None = None,
    coded: tuple[np.ndarray, Sequence[str]] | None = None,
) -> dict[str, pd.DataFrame]:
    """``pivot_daily`` of several value columns of the same rows: the cells are found once.

    ``coded`` is the code column already factorised (a code per row into its distinct texts), as a
    reader may hold it; the rows are then not hashed again."""
    dates = pd.DatetimeIndex(tidy[date_column])
    start = dates.min() if start is None else start
    end = dates.max() if end is None else end
    if pd.isna(start) or pd.isna(end):
        index = pd.DatetimeIndex([], name="date")
    else:
        index = pd.date_range(start, end, freq="D", name="date")
    # One hash pass over the rows' codes; the columns are then looked up once per distinct code.
    code_of_row, distinct = pd.factorize(tidy[code_column].to_numpy()) if coded is None else coded
    columns = pd.Index(sorted(distinct) if codes is None else list(codes), name=None)
    shape = (len(index), len(columns))
    if not (len(index) and len(columns) and len(tidy)):
        return {
            name: pd.DataFrame(np.full(shape, np.nan), index=index, columns=columns) for name in value_columns
        }
    rows = np.asarray((dates - index[0]).days, dtype=np.int64)
    column_of_code = np.append(columns.get_indexer(pd.Index(distinct)), -1)  # -1: a missing code
    cols = column_of_code[code_of_row]
    wanted = (cols >= 0) & (rows >= 0) & (rows < len(index))
    keys = rows[wanted] * len(columns) + cols[wanted]
    # A count per cell (linear time) rather than np.unique (a sort) to spot repeated cells.
    repeated = len(keys) > 0 and np.bincount(keys, minlength=shape[0] * shape[1]).max() > 1
    return {
        name: pd.DataFrame(
            _fill(keys, tidy[name].to_numpy(dtype=float)[wanted], shape, repeated),
            index=index,
            columns=columns,
        )
        for name in value_columns
    }


def _fill(keys: np.ndarray, data: np.ndarray, shape: tuple[int, int], repeated: bool) -> np.ndarray:
    values = np.full(shape, np.nan)
    flat = values.reshape(-1)
    if not repeated:
        flat[keys] = data
        return values
    # Missing inputs count as absent, as in a sum with min_count=1.
    present = ~np.isnan(data)
    sums = np.zeros(flat.shape)
    np.add.at(sums, keys[present], data[present])
    counted = np.zeros(flat.shape, dtype=bool)
    counted[keys[present]] = True
    flat[counted] = sums[counted]
    return values


def aggregate_columns(frame: pd.DataFrame, groups: Mapping[str, str]) -> pd.DataFrame:
    """Sum columns into the groups that hold them (e.g. municipalities into safety regions).

    Columns without a group are left out. A group's value is NaN on a day when none of its
    columns has a value; otherwise missing members count as absent.
    """
    members = [column for column in frame.columns if column in groups]
    labels = pd.Index([groups[column] for column in members])
    names = sorted(set(labels))
    data = frame[members].to_numpy(dtype=float)
    result = np.full((len(frame.index), len(names)), np.nan)
    for position, name in enumerate(names):
        block = data[:, labels == name]
        result[:, position] = np.where(np.isnan(block).all(axis=1), np.nan, np.nansum(block, axis=1))
    return pd.DataFrame(result, index=frame.index, columns=pd.Index(names))


def add_frames(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """``first`` plus ``second`` (aligned on ``first``'s dates and columns), cell by cell.

    A missing value counts as absent: a cell is NaN only when it is missing in both, as in a sum
    with ``min_count=1``.
    """
    other = second.reindex(index=first.index, columns=first.columns).to_numpy(dtype=float)
    own = first.to_numpy(dtype=float)
    both_missing = np.isnan(own) & np.isnan(other)
    summed = np.where(both_missing, np.nan, np.nan_to_num(own) + np.nan_to_num(other))
    return pd.DataFrame(summed, index=first.index, columns=first.columns)


def week_start(dates: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The Monday of the week of each date."""
    return (dates - pd.to_timedelta(dates.day_of_week, unit="D")).normalize()


def weekly_sum(daily: pd.DataFrame, *, complete_only: bool = True) -> pd.DataFrame:
    """Sums per Monday-to-Sunday week, indexed by the Monday.

    With ``complete_only`` an area's week is NaN unless all seven of its days have a value, so
    a week at either end of the data is never shown as a low total.
    """
    values = daily.astype(float)
    weeks = week_start(pd.DatetimeIndex(values.index))
    grouped = values.groupby(weeks)
    sums = grouped.sum(min_count=1)
    if complete_only:
        sums = sums.where(grouped.count() == 7)
    sums.index.name = "week"
    return sums
