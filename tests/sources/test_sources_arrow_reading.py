"""Delimited files are read through Arrow's CSV reader where it gives what pandas' reader gives, and
through pandas otherwise (``tabular.read_table``): every reader must produce the same frame, the
same notes and the same refusals either way."""

from __future__ import annotations

import fnmatch
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashapp.data.loader import read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import ALL_SPECS, lcps_beds, rivm_cumulative, tabular
from dashapp.data.sources.base import SourceSpec
from tests.sources.conftest import csv_bytes, needs_shared_data, raises_source_error, shared, write

REAL_CSV = (
    "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv",  # CRLF line ends
    "rivm/2020-09-15/COVID-19_rioolwaterdata.csv",  # quoted names, CRLF
    "rivm/2020-10-07/COVID-19_rioolwaterdata.csv",
    "rivm/2021-03-24/COVID-19_rioolwaterdata.csv",
    "rivm/2021-11-08/COVID-19_uitgevoerde_testen.csv",
    "lcps/2021-07-26/covid-19.csv",
    "rivm/2020-10-14_nursing_homes/Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_naar_veiligheidsregio_20201014_1107.csv",
    "rivm/2020-10-14_nursing_homes/Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_20201014_1107.csv",
)


def spec_of(name: str) -> SourceSpec:
    return next(spec for spec in ALL_SPECS if fnmatch.fnmatchcase(name, spec.pattern))


@pytest.fixture
def pandas_only(monkeypatch):
    """Read with pandas alone, as before Arrow's reader was used."""

    def use() -> None:
        monkeypatch.setattr(tabular, "_arrow_frame", lambda *args: None)

    return use


@pytest.fixture
def arrow_calls(monkeypatch) -> list[bool]:
    """Whether each call of ``_arrow_frame`` gave a frame (True) or left the file to pandas."""
    calls: list[bool] = []
    original = tabular._arrow_frame

    def spy(*args):
        frame = original(*args)
        calls.append(frame is not None)
        return frame

    monkeypatch.setattr(tabular, "_arrow_frame", spy)
    return calls


def read_both_ways(spec: SourceSpec, path: Path, context, pandas_only):
    fast = spec.read(path, context)
    pandas_only()
    return fast, spec.read(path, context)


def assert_same_frame(fast, slow) -> None:
    pd.testing.assert_frame_equal(fast.frame, slow.frame, check_exact=True)
    assert (fast.notes, fast.obtained_on, fast.rows) == (slow.notes, slow.obtained_on, slow.rows)


def test_every_demo_csv_gives_the_same_frame_through_arrow_and_pandas(
    demo_data_dir, pandas_only, arrow_calls
):
    context = read_context(load_reference(), date(2026, 11, 23))
    paths = sorted(p for p in demo_data_dir.iterdir() if p.suffix in (".csv", ".txt"))
    fast = {path.name: spec_of(path.name).read(path, context) for path in paths}
    assert sum(arrow_calls) >= 8, "the large files are read through Arrow"
    pandas_only()
    for path in paths:
        assert_same_frame(fast[path.name], spec_of(path.name).read(path, context))


@needs_shared_data
@pytest.mark.parametrize("relative", REAL_CSV)
def test_every_real_csv_gives_the_same_frame_through_arrow_and_pandas(relative, pandas_only):
    path = shared(relative)
    context = read_context(load_reference(), date(2026, 11, 23))
    fast, slow = read_both_ways(spec_of(path.name), path, context, pandas_only)
    assert_same_frame(fast, slow)


def test_quotes_separators_byte_order_mark_and_spaces_are_read_as_pandas_reads_them(tmp_path, pandas_only):
    rows = [
        ["2020-03-01", "a;b", ' "quoted" ', "7"],
        ["2020-03-02", "", "NA", "12"],
        ["2020-03-03", "  spaced  ", "null", "0"],
    ]
    content = csv_bytes(["Datum", "Naam", "Tekst", "Aantal"], rows, line_end="\r\n", bom=True)
    path = write(tmp_path, "quoted.csv", content)

    def read() -> dict[str, list[object]]:
        raw = tabular.read_table(path, sep=";", required=("Datum", "Naam", "Tekst"), numeric=("Aantal",))
        return {
            "date": list(tabular.as_date(path, raw, "Datum", "%Y-%m-%d")),
            "name": list(tabular.as_text(path, raw, "Naam")),
            "text": list(tabular.as_text(path, raw, "Tekst")),
            "count": list(tabular.as_int(path, raw, "Aantal")),
        }

    fast = read()
    pandas_only()
    assert fast == read()
    assert fast["name"] == ["a;b", "", "spaced"]
    assert fast["text"] == ['"quoted"', "NA", "null"]
    assert fast["count"] == [7, 12, 0]


def test_a_carriage_return_inside_a_line_is_left_to_pandas_and_refused_as_before(
    tmp_path, pandas_only, arrow_calls
):
    header = ",".join(lcps_beds.COLUMNS)
    content = f"{header}\n2020-03-01,1,2,3,4,5\n2020-03-02,1\r2,3,4,5,6\n".encode()
    path = write(tmp_path, lcps_beds.FILE_NAME, content)
    fast = raises_source_error(lcps_beds.read, path)
    assert arrow_calls == [False]
    pandas_only()
    slow = raises_source_error(lcps_beds.read, path)
    assert fast.describe() == slow.describe()


def test_a_numeric_column_that_is_not_whole_numbers_is_read_by_pandas(tmp_path, pandas_only, arrow_calls):
    header = list(rivm_cumulative.COLUMNS)
    rows = [
        ["2020-03-13 10:00:00", "GM0363", "Amsterdam", "Noord-Holland", "5", "1", "0"],
        ["2020-03-14 10:00:00", "GM0363", "Amsterdam", "Noord-Holland", "7.5", "1", "0"],
    ]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(header, rows))
    fast = raises_source_error(rivm_cumulative.read, path)
    assert arrow_calls == [False]
    pandas_only()
    slow = raises_source_error(rivm_cumulative.read, path)
    assert fast.describe() == slow.describe()
    assert (fast.line, fast.column) == (3, "Total_reported")


def test_a_bad_cell_is_refused_with_the_same_line_and_column_through_arrow(
    tmp_path, pandas_only, arrow_calls
):
    header = list(rivm_cumulative.COLUMNS)
    rows = [
        ["2020-03-13 10:00:00", "GM0363", "Amsterdam", "Noord-Holland", "5", "1", "0"],
        ["2020-03-14 10:00:00", "GM363", "Amsterdam", "Noord-Holland", "7", "1", "0"],
    ]
    path = write(tmp_path, rivm_cumulative.FILE_NAME, csv_bytes(header, rows))
    fast = raises_source_error(rivm_cumulative.read, path)
    assert arrow_calls == [True]
    pandas_only()
    slow = raises_source_error(rivm_cumulative.read, path)
    assert fast.describe() == slow.describe()
    assert (fast.line, fast.column) == (3, "Municipality_code")
