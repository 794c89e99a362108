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
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from dashapp.api.data import unit_of
from dashapp.data.reference import NATIONAL_CODE, Reference
from dashapp.data.snapshot import Snapshot
from dashapp.metrics.model import LEVELS

CSV_LEVELS = ("nl", "vr")
ZIP_ENTRY_TIME = (2020, 1, 1, 0, 0, 0)
# Deflate level 4, the fastest of zlib's levels that search for longer matches: on the demo's
# 1,000 days vr.csv.zip is 1.6 % larger than at the default level 6, and made in 30 % less time
# (level 1: 15 % larger).
ZIP_LEVEL = 4
SCHEMA = pa.schema(
    [
        ("area_code", pa.dictionary(pa.int32(), pa.string())),
        ("area_name", pa.dictionary(pa.int32(), pa.string())),
        ("indicator", pa.dictionary(pa.int32(), pa.string())),
        ("date", pa.date32()),
        ("value", pa.float64()),
        ("unit", pa.dictionary(pa.int32(), pa.string())),
        ("source", pa.dictionary(pa.int32(), pa.string())),
        ("obtained_on", pa.date32()),
    ]
)


def file_names() -> tuple[str, ...]:
    return (*(f"{level}.csv.zip" for level in CSV_LEVELS), *(f"{level}.parquet" for level in LEVELS))


def _dictionary(indices: np.ndarray, texts: list[str]) -> pa.DictionaryArray:
    return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32()), pa.array(texts, pa.string()))


def _dates(days: np.ndarray) -> pa.Array:
    """Days since 1970-01-01 (int32) as an Arrow date column, without a conversion per value."""
    return pa.array(days, pa.int32()).view(pa.date32())


def _name(reference: Reference, code: str) -> str:
    return reference.national.name if code == NATIONAL_CODE else reference.name(code)


def level_table(snapshot: Snapshot, level: str) -> pa.Table:
    """Every table of ``level`` in long form, one chunk per table, made in one pass over its array:
    the positions of the values that are not NaN give the area, the date and the value of each row.
    Each chunk's text columns are dictionaries of that table alone (its areas; its one indicator,
    unit and source), so no column of millions of rows is gathered or concatenated."""
    tables = [
        table
        for indicator in sorted(snapshot.indicators(level))
        if (table := snapshot.table(level, indicator)) is not None
    ]
    if not tables:
        return SCHEMA.empty_table()
    reference = snapshot.reference
    columns: dict[str, list[pa.Array]] = {name: [] for name in SCHEMA.names}
    for table in tables:
        codes = [str(code) for code in table.values.columns.tolist()]
        # Area by area, each in date order: the array's transpose, flattened.
        values = table.array.T.ravel()
        present = ~np.isnan(values)
        areas, days = np.divmod(np.flatnonzero(present), len(table.values.index))
        areas = areas.astype(np.int32)
        day_numbers = table.values.index.to_numpy(dtype="datetime64[D]").astype(np.int32)
        only = np.zeros(len(areas), dtype=np.int32)  # the one entry of a one-text dictionary
        obtained = np.datetime64(table.obtained_on, "D").astype(np.int32)
        columns["area_code"].append(_dictionary(areas, codes))
        columns["area_name"].append(_dictionary(areas, [_name(reference, code) for code in codes]))
        columns["indicator"].append(_dictionary(only, [table.indicator]))
        columns["date"].append(_dates(day_numbers[days]))
        columns["value"].append(pa.array(values[present], pa.float64()))
        columns["unit"].append(_dictionary(only, [unit_of(table)]))
        columns["source"].append(_dictionary(only, [table.source]))
        columns["obtained_on"].append(_dates(np.full(len(areas), obtained, dtype=np.int32)))
    return pa.table(
        {name: pa.chunked_array(chunks, SCHEMA.field(name).type) for name, chunks in columns.items()},
        schema=SCHEMA,
    )


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
        archive.writestr(entry, data, compresslevel=ZIP_LEVEL)
    return out.getvalue()


# Dictionary pages for the repeated texts, the values (rounded, so they repeat) and the obtained-on
# date; the dates, in runs of consecutive days, as deltas. Statistics (min and max per page) only
# for the date, which is what a reader filters on: for the text columns they cost more than the
# rest of the writing. On the demo's 1,000 days this writes gm.parquet in half the time of the
# default settings, and 43 % smaller.
_PARQUET_OPTIONS: Mapping[str, object] = {
    "compression": "zstd",
    "use_dictionary": ["area_code", "area_name", "indicator", "value", "unit", "source", "obtained_on"],
    "column_encoding": {"date": "DELTA_BINARY_PACKED"},
    "write_statistics": ["date"],
}


def _parquet(table: pa.Table) -> bytes:
    out = io.BytesIO()
    pq.write_table(table, out, **_PARQUET_OPTIONS)
    return out.getvalue()


def bulk_files(snapshot: Snapshot) -> Mapping[str, bytes]:
    """``{level}.parquet`` for each level, and ``{level}.csv.zip`` (holding ``{level}.csv``) for
    the country and the regions."""
    # One thread per level: Arrow's writers and zlib release the GIL, so on two cores the regions'
    # CSV is zipped while the municipalities' Parquet is written.
    with ThreadPoolExecutor(max_workers=len(LEVELS), thread_name_prefix="bulk") as pool:
        made = list(pool.map(lambda level: _level_files(snapshot, level), LEVELS))
    return {name: data for files in made for name, data in files.items()}


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
