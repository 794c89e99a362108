"""Build the reference table of sewage plant -> safety region from RIVM's 2020 sewage layout.

A plant's catchment can span several safety regions. RIVM's ``COVID-19_rioolwaterdata.csv`` in its
2020 layout repeats each measurement once per region of the catchment, with the share of the
catchment in that region (``Percentage_in_security_region``, a fraction with a decimal comma). The
original dashboard counted a plant in the region holding the largest share. The 2021 layout no
longer names regions, so the assignment is kept here as a reference fact and used for every
layout (``dashapp.data.inputs.SewageMeasurements``).

Give one or more 2020-layout files, oldest first; a plant's shares come from the newest file that
has it. Ties go to the lower region code. The output is committed, its inputs are not:

    python tools/build_plant_regions.py ../shared/data/rivm/2020-09-15/COVID-19_rioolwaterdata.csv \
        ../shared/data/rivm/2020-10-07/COVID-19_rioolwaterdata.csv
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "dashapp" / "data" / "reference"
OUT_FILE = REFERENCE_DIR / "sewage_plant_regions.csv"
COLUMNS = ("plant_code", "region_code", "share")


def catchment_shares(rows: Iterable[Mapping[str, str]]) -> dict[str, dict[str, float]]:
    """Plant code -> {region code: share of the catchment} from the rows of one 2020-layout file."""
    shares: dict[str, dict[str, float]] = {}
    for row in rows:
        region = row["Security_region_code"].strip()
        if not region:
            continue
        share = float(row["Percentage_in_security_region"].strip().replace(",", "."))
        regions = shares.setdefault(row["RWZI_AWZI_code"].strip(), {})
        regions[region] = max(share, regions.get(region, 0.0))
    return shares


def largest_share(shares: Mapping[str, float]) -> tuple[str, float]:
    """The region holding the largest share (the lower code on a tie) and that share."""
    region = min(shares, key=lambda code: (-shares[code], code))
    return region, shares[region]


def plant_regions(files: Iterable[Path]) -> dict[str, tuple[str, float]]:
    """Plant code -> (region, share), each plant from the last of ``files`` that has it."""
    merged: dict[str, dict[str, float]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        merged.update(catchment_shares(csv.DictReader(io.StringIO(text))))
    return {plant: largest_share(shares) for plant, shares in merged.items()}


def write(assignment: Mapping[str, tuple[str, float]], target: Path = OUT_FILE) -> None:
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for plant in sorted(assignment, key=lambda code: (len(code), code)):
            region, share = assignment[plant]
            writer.writerow([plant, region, f"{share:.6f}".rstrip("0").rstrip(".")])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", type=Path, nargs="+", help="2020-layout sewage files, oldest first")
    parser.add_argument("--target", type=Path, default=OUT_FILE)
    arguments = parser.parse_args()
    assignment = plant_regions(arguments.files)
    write(assignment, arguments.target)
    print(f"{len(assignment)} plants -> {arguments.target}")


if __name__ == "__main__":
    main()
