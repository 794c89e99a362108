"""The bulk files: every area's series of one level in one file, as Parquet and (for the country and
the regions) as zipped CSV.

Made once per snapshot (the producer of group "bulk" in ``dashapp.data.artefacts``), never per
request. One row per value, in long form, with the same columns as the API's CSV:
``area_code, area_name, indicator, date, value, unit, source, obtained_on``; rows are ordered by
indicator, then area, then date. Values are the snapshot's (rounded to each indicator's precision);
weekly values are dated by their Monday.

The municipalities have no CSV: 4.3 million rows on the demo's 1,000 days (400 MB unzipped, 13 s to
write and zip, against 1.3 s for Parquet) is more than a spreadsheet opens (1,048,576 rows), and
whoever handles that much reads Parquet (pandas, R's arrow, DuckDB).
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dashapp.api.data import unit_of
from dashapp.data.reference import NATIONAL_CODE
from dashapp.data.snapshot import IndicatorTable, Snapshot
from dashapp.metrics.model import LEVELS

COLUMNS = ("area_code", "area_name", "indicator", "date", "value", "unit", "source", "obtained_on")
CSV_LEVELS = ("nl", "vr")
ZIP_ENTRY_TIME = (2020, 1, 1, 0, 0, 0)


def file_names() -> tuple[str, ...]:
    return (*(f"{level}.csv.zip" for level in CSV_LEVELS), *(f"{level}.parquet" for level in LEVELS))


def _names(snapshot: Snapshot, codes: list[str]) -> list[str]:
    reference = snapshot.reference
    return [reference.national.name if code == NATIONAL_CODE else reference.name(code) for code in codes]


def _table_rows(snapshot: Snapshot, table: IndicatorTable) -> pa.Table:
    values = table.array.T  # areas x dates: rows come out area by area, each in date order
    areas, days = np.nonzero(~np.isnan(values))
    codes = [str(code) for code in table.values.columns]
    code_of = pa.DictionaryArray.from_arrays(pa.array(areas, pa.int32()), pa.array(codes))
    name_of = pa.DictionaryArray.from_arrays(pa.array(areas, pa.int32()), pa.array(_names(snapshot, codes)))
    dates = table.values.index.to_numpy(dtype="datetime64[D]")[days]
    count = len(areas)

    def same(text: str) -> pa.DictionaryArray:
        return pa.DictionaryArray.from_arrays(pa.array(np.zeros(count, dtype=np.int32)), pa.array([text]))

    return pa.table(
        {
            "area_code": code_of,
            "area_name": name_of,
            "indicator": same(table.indicator),
            "date": pa.array(dates, pa.date32()),
            "value": pa.array(values[areas, days], pa.float64()),
            "unit": same(unit_of(table)),
            "source": same(table.source),
            "obtained_on": pa.array(np.full(count, np.datetime64(table.obtained_on, "D")), pa.date32()),
        }
    )


def level_table(snapshot: Snapshot, level: str) -> pa.Table:
    parts = [
        _table_rows(snapshot, table)
        for indicator in sorted(snapshot.indicators(level))
        if (table := snapshot.table(level, indicator)) is not None
    ]
    if not parts:
        return pa.table({name: pa.array([], pa.string()) for name in COLUMNS})
    return pa.concat_tables(parts, promote_options="permissive").unify_dictionaries()


def _csv(table: pa.Table) -> bytes:
    # Plain strings in the CSV (a dictionary column would be written the same, but not every Arrow
    # version writes it); numbers with a point and no grouping, dates as YYYY-MM-DD.
    plain = table.cast(
        pa.schema(
            [
                pa.field(f.name, pa.string() if pa.types.is_dictionary(f.type) else f.type)
                for f in table.schema
            ]
        )
    )
    out = io.BytesIO()
    pa_csv.write_csv(plain, out, pa_csv.WriteOptions(quoting_style="needed"))
    return out.getvalue()


def _zipped(name: str, data: bytes) -> bytes:
    """``data`` as the one file of a zip archive. The entry's date is fixed: a clock time in it
    would make the same figures a new published version at every restart of the ingest."""
    out = io.BytesIO()
    entry = zipfile.ZipInfo(name, date_time=ZIP_ENTRY_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(entry, data, compresslevel=6)
    return out.getvalue()


def _parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out, compression="zstd")
    return out.getvalue()


def bulk_files(snapshot: Snapshot) -> Mapping[str, bytes]:
    """``{level}.parquet`` for each level, and ``{level}.csv.zip`` (holding ``{level}.csv``) for
    the country and the regions."""
    files: dict[str, bytes] = {}
    for level in LEVELS:
        files.update(_level_files(snapshot, level))
    return files


# The files of each level last made in this process, with the tables they were made from: after a
# change in one source the ingest takes over the other tables as they were (the same objects), and
# a level none of whose tables changed keeps its files rather than writing millions of rows again.
_made: dict[str, tuple[tuple[object, ...], dict[str, bytes]]] = {}
_made_lock = threading.Lock()


def _level_files(snapshot: Snapshot, level: str) -> dict[str, bytes]:
    # The area names come from the reference: it is part of what the files were made from.
    made_from = (
        snapshot.reference,
        *(
            table
            for indicator in sorted(snapshot.indicators(level))
            if (table := snapshot.table(level, indicator))
        ),
    )
    with _made_lock:
        earlier = _made.get(level)
    if (
        earlier is not None
        and len(earlier[0]) == len(made_from)
        and all(a is b for a, b in zip(earlier[0], made_from, strict=True))
    ):
        return earlier[1]
    table = level_table(snapshot, level)
    files = {f"{level}.parquet": _parquet(table)}
    if level in CSV_LEVELS:
        files[f"{level}.csv.zip"] = _zipped(f"{level}.csv", _csv(table))
    with _made_lock:
        _made[level] = (made_from, files)
    return files
