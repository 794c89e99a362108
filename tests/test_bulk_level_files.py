"""The bulk files of a level hold every value of the snapshot's tables of that level, one row each, in
the documented order (indicator, area, date), and the Parquet file reads back as that table."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from dashapp.api import bulk


@pytest.mark.parametrize("level", ["nl", "vr", "gm"])
def test_a_level_table_holds_every_value_of_the_level_in_order(demo_snapshot, level):
    table = bulk.level_table(demo_snapshot, level).to_pydict()
    expected = []
    for indicator in sorted(demo_snapshot.indicators(level)):
        source = demo_snapshot.table(level, indicator)
        days = source.values.index.date
        for position, code in enumerate(source.values.columns.tolist()):
            column = source.array[:, position]
            expected += [
                (code, indicator, days[row], float(column[row]), source.source, source.obtained_on)
                for row in np.flatnonzero(~np.isnan(column))
            ]
    got = list(
        zip(
            table["area_code"],
            table["indicator"],
            table["date"],
            table["value"],
            table["source"],
            table["obtained_on"],
            strict=True,
        )
    )
    assert got == expected
    reference = demo_snapshot.reference
    assert {code: name for code, name in zip(table["area_code"], table["area_name"], strict=True)} == {
        code: reference.national.name if code == "NL" else reference.name(code)
        for code in set(table["area_code"])
    }


def decoded(table: pa.Table) -> pa.Table:
    plain = pa.schema(
        [
            pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
            for f in table.schema
        ]
    )
    return table.cast(plain).combine_chunks()


def test_the_parquet_and_the_zipped_csv_read_back_as_the_level_table(demo_snapshot):
    bulk._made.clear()
    files = bulk.bulk_files(demo_snapshot)
    assert sorted(files) == sorted(bulk.file_names())
    for level in ("nl", "vr", "gm"):
        table = bulk.level_table(demo_snapshot, level)
        read_back = pq.read_table(io.BytesIO(files[f"{level}.parquet"]))
        assert read_back.schema == bulk.SCHEMA
        # Dictionaries may be laid out differently on disk (one per table or one per file): compare
        # the texts a reader gets.
        assert decoded(read_back).equals(decoded(table)), level
    with zipfile.ZipFile(io.BytesIO(files["vr.csv.zip"])) as archive:
        from_csv = pa_csv.read_csv(io.BytesIO(archive.read("vr.csv")))
    expected = bulk.level_table(demo_snapshot, "vr")
    assert from_csv.num_rows == expected.num_rows
    assert from_csv.column("value").to_pylist() == expected.column("value").to_pylist()
    assert from_csv.column("area_name").to_pylist() == expected.column("area_name").to_pylist()


def test_a_level_without_tables_gives_an_empty_file_of_the_same_columns(demo_snapshot, monkeypatch):
    monkeypatch.setattr(type(demo_snapshot), "indicators", lambda self, level: ())
    empty = bulk.level_table(demo_snapshot, "gm")
    assert empty.num_rows == 0
    assert empty.schema == bulk.SCHEMA
    assert pq.read_table(io.BytesIO(bulk._parquet(empty))).schema == bulk.SCHEMA
