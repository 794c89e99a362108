"""The postcode table of the search box: what it accepts, what it refuses (file, line, column), and
which municipalities a typed postcode finds."""

from __future__ import annotations

import pytest

from dashapp.data.errors import SourceError
from dashapp.data.postcodes import (
    MAX_BYTES,
    configured_postcodes,
    looks_like_postcode,
    normalised,
    read_postcodes,
)
from dashapp.data.reference import load_reference

REFERENCE = load_reference()


def table(tmp_path, body: str, name: str = "postcodes.csv"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def refusal(tmp_path, body: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read_postcodes(table(tmp_path, body), REFERENCE)
    return caught.value


@pytest.mark.parametrize(
    "typed, expected",
    [("1011", "1011"), (" 1011 ", "1011"), ("1011AB", "1011AB"), ("1011 ab", "1011AB"), ("9999zz", "9999ZZ")],
)
def test_postcodes_as_people_type_them(typed, expected):
    assert normalised(typed) == expected and looks_like_postcode(typed)


@pytest.mark.parametrize("typed", ["0123", "101", "10111", "1011 A", "1011  AB", "1011-AB", "Utrecht", ""])
def test_what_is_not_a_postcode(typed):
    assert normalised(typed) is None and not looks_like_postcode(typed)


def test_four_digit_and_full_postcodes_find_their_municipality(tmp_path):
    # 3511 lies in Utrecht only; 1103 straddles Amsterdam and Ouder-Amstel (made up for the test).
    path = table(
        tmp_path,
        "postcode,municipality_code\n3511,GM0344\n"
        "1103AA,GM0363\n1103 AB,GM0363\n1103ac,GM0437\n9999ZZ,GM1979\n",
    )
    postcodes = read_postcodes(path, REFERENCE)
    assert postcodes.municipalities("3511") == ("GM0344",)
    assert postcodes.municipalities("3511 XY") == ("GM0344",)  # a full postcode of a four-digit row
    assert postcodes.municipalities("1103") == ("GM0363", "GM0437")
    assert postcodes.municipalities("1103ab") == ("GM0363",)
    assert postcodes.municipalities("1103 AC") == ("GM0437",)
    assert postcodes.municipalities("1103ZZ") == ("GM0363", "GM0437")  # unknown address: the whole area
    assert postcodes.municipalities("9999ZZ") == ("GM1979",)  # a later municipality (Eemsdelta, 2021)
    assert postcodes.municipalities("1234") == ()
    assert postcodes.municipalities("not a postcode") == ()
    # Only the straddling area keeps its full postcodes.
    assert set(postcodes.by_address) == {"1103AA", "1103AB", "1103AC"}


@pytest.mark.parametrize(
    "body, line, column, reason",
    [
        ("postcode;municipality_code\n1011;GM0363\n", 1, "postcode", "required column missing"),
        ("postcode,municipality_code\n1011,GM0363\n0999,GM0363\n", 3, "postcode", "four digits"),
        ("postcode,municipality_code\n1011,GM0363\n1012,GM9999\n", 3, "municipality_code", "2020 division"),
        ("postcode,municipality_code\n1011,GM0363\n1012,VR13\n", 3, "municipality_code", "a code like"),
        ("postcode,municipality_code\n1011,GM0363\n1011,GM0437\n", 3, "postcode", "appears twice"),
        ("postcode,municipality_code\n1011AB,GM0363\n1011 ab,GM0363\n", 3, "postcode", "appears twice"),
        ("postcode,municipality_code\n1011,GM0363\n1011AB,GM0363\n", 3, "postcode", "own row"),
        ("postcode,municipality_code\n1011,GM0363\n1012\n", 3, "municipality_code", "truncated"),
        ("postcode,municipality_code\n,GM0363\n", 2, "postcode", "text"),
    ],
)
def test_a_bad_table_is_refused_naming_file_line_and_column(tmp_path, body, line, column, reason):
    error = refusal(tmp_path, body)
    assert (error.path.name, error.line, error.column) == ("postcodes.csv", line, column)
    assert reason in error.reason


def test_html_binary_empty_or_huge_files_are_refused_without_a_crash(tmp_path):
    for body in ("<!doctype html><html><body>Not found</body></html>", "", "postcode,municipality_code\n"):
        assert refusal(tmp_path, body).path.name == "postcodes.csv"
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"postcode,municipality_code\n1011,GM\xff\xfe0363\n")
    with pytest.raises(SourceError, match="UTF-8"):
        read_postcodes(binary, REFERENCE)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as out:
        out.truncate(MAX_BYTES + 1)
    with pytest.raises(SourceError, match="larger than"):
        read_postcodes(huge, REFERENCE)


def test_without_a_setting_there_is_no_table_and_a_refused_one_says_why(tmp_path):
    assert configured_postcodes(None, REFERENCE) == (None, None)
    missing, error = configured_postcodes(tmp_path / "absent.csv", REFERENCE)
    assert missing is None and error is not None and "absent.csv" in error.describe()
    good, none = configured_postcodes(table(tmp_path, "postcode,municipality_code\n1011,GM0363\n"), REFERENCE)
    assert none is None and good is not None and good.municipalities("1011") == ("GM0363",)
