"""The postcode table for the search box: which municipality a Dutch postcode lies in.

Configured by the operator (``DASHAPP_POSTCODES``): comma-separated, UTF-8, header
``postcode,municipality_code``, one row per postcode, e.g. ``1011,GM0363`` (four digits) or
``1011AB,GM0363`` (four digits and two letters, as CBS publishes them; ``1011 AB`` is read too).
A municipality code is one of the 2020 division or a later one the dashboard knows (GM1979 ...).
Errors name the file, the line and the column, like every other reader's.

A four-digit area may straddle a municipal border. The table keeps, for each four-digit area, every
municipality it touches, and the full postcodes only of those areas (a few percent of them), so that
a table of all 460,000 full postcodes costs a few thousand entries in memory.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashapp.data.errors import SourceError, refusal
from dashapp.data.reference import Reference
from dashapp.data.sources import tabular

COLUMNS = ("postcode", "municipality_code")
# CBS's table of every full postcode is about 10 MB; far more is not a postcode table.
MAX_BYTES = 64 * 1024 * 1024
# Dutch postcodes run from 1000 to 9999; letters are upper case on the envelope, any case typed.
_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Za-z]{2})?")


def normalised(text: str) -> str | None:
    """``"1011 ab"`` -> ``"1011AB"``, ``" 1011 "`` -> ``"1011"``; None for anything else."""
    match = _POSTCODE.fullmatch(text.strip())
    if match is None:
        return None
    digits, letters = match.groups()
    return digits + (letters or "").upper()


def looks_like_postcode(text: str) -> bool:
    return normalised(text) is not None


@dataclass(frozen=True)
class PostcodeTable:
    """``by_area``: four digits -> the municipalities the area touches (sorted); ``by_address``: the
    full postcodes of the areas that touch more than one, each with its municipality."""

    source: Path
    by_area: Mapping[str, tuple[str, ...]]
    by_address: Mapping[str, str]

    def municipalities(self, postcode: str) -> tuple[str, ...]:
        """The municipalities of a postcode as typed (``normalised``); empty when unknown or malformed."""
        key = normalised(postcode)
        if key is None:
            return ()
        if len(key) == 6 and key in self.by_address:
            return (self.by_address[key],)
        return self.by_area.get(key[:4], ())


def known_municipalities(reference: Reference) -> frozenset[str]:
    """The codes a table may name: the 2020 division's and the later ones the dashboard knows."""
    return frozenset(reference.municipalities) | {successor.new_code for successor in reference.successors}


def _checked_postcodes(path: Path, raw: pd.DataFrame) -> pd.Series:
    texts = tabular.as_text(path, raw, "postcode", allow_empty=False)
    keys = texts.map(normalised)
    tabular.refuse_first(
        path, keys.isna().to_numpy(), "a postcode is four digits, or four digits and two letters", "postcode"
    )
    return keys.astype(str)


def _read(path: Path, known: Collection[str]) -> PostcodeTable:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(path, f"file larger than {MAX_BYTES // (1024 * 1024)} MB: not a postcode table")
    raw = tabular.read_table(path, sep=",", required=COLUMNS, columns=COLUMNS)
    postcodes = _checked_postcodes(path, raw)
    codes = tabular.as_code(path, raw, "municipality_code", r"GM\d{4}")
    tabular.refuse_first(
        path,
        ~codes.isin(list(known)).to_numpy(),
        "not a municipality of the 2020 division or of a later one the dashboard knows",
        "municipality_code",
    )
    tabular.refuse_first(path, tabular.duplicated(postcodes), "the same postcode appears twice", "postcode")
    areas = postcodes.str.slice(0, 4)
    full = (postcodes.str.len() == 6).to_numpy()
    short_areas = set(areas[~full])
    tabular.refuse_first(
        path,
        full & areas.isin(short_areas).to_numpy(),
        "this postcode's four-digit area has its own row already",
        "postcode",
    )
    touched: dict[str, set[str]] = {}
    for area, code in zip(areas.tolist(), codes.tolist(), strict=True):
        touched.setdefault(area, set()).add(code)
    by_area = {area: tuple(sorted(municipalities)) for area, municipalities in touched.items()}
    straddling = {area for area, municipalities in by_area.items() if len(municipalities) > 1}
    keep = areas.isin(straddling).to_numpy() & full
    by_address = dict(zip(postcodes[keep].tolist(), codes[keep].tolist(), strict=True))
    return PostcodeTable(path, by_area, by_address)


def read_postcodes(path: Path, reference: Reference) -> PostcodeTable:
    """Read a postcode table; any problem is a ``SourceError`` naming the file (and line and column)."""
    path = Path(path)
    try:
        return _read(path, known_municipalities(reference))
    except Exception as error:  # whatever the file holds, the answer is a refusal, never a crash
        raise refusal(path, error) from error


def configured_postcodes(
    path: Path | None, reference: Reference
) -> tuple[PostcodeTable | None, SourceError | None]:
    """The configured table (None when ``DASHAPP_POSTCODES`` is unset), or None with the refusal."""
    if path is None:
        return None, None
    try:
        return read_postcodes(path, reference), None
    except SourceError as error:
        return None, error
