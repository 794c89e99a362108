"""Every real published file in ../shared/data is read by its reader, checked against hand-checked facts."""

from __future__ import annotations

import fnmatch
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashapp.data.loader import load_directory, read_context
from dashapp.data.reference import load_reference
from dashapp.data.sources import (
    ALL_SPECS,
    lcps_beds,
    nice_intake,
    nivel_gp,
    rivm_cumulative,
    rivm_ggd_tests,
    rivm_ic,
    rivm_nursing_homes,
    rivm_prevalence,
    rivm_reproduction,
    rivm_sewage,
)
from tests.conftest import place_file
from tests.sources.conftest import SHARED_DATA, assert_tidy, needs_shared_data, shared

pytestmark = needs_shared_data

NURSING = "rivm/2020-10-14_nursing_homes"
TS = pd.Timestamp


def test_cumulative_file():
    source = rivm_cumulative.read(shared("rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv"))
    frame = source.frame
    assert_tidy(
        frame, ("date", "municipality_code", "province", "total_reported", "hospital_admission", "deceased")
    )
    assert source.rows == 68_629
    assert frame["date"].nunique() == 187
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-03-13"), TS("2020-09-15"))
    last = frame[frame["date"] == "2020-09-15"][["total_reported", "hospital_admission", "deceased"]].sum()
    assert last.tolist() == [84_778, 12_315, 6_258]
    assert (frame["municipality_code"] == "").sum() == 12 * 187
    assert source.obtained_on == date(2020, 9, 15)
    assert any("2244" in note for note in source.notes)


def test_sewage_2020_layout_later_copy():
    source = rivm_sewage.read(shared("rivm/2020-10-07/COVID-19_rioolwaterdata.csv"))
    frame = source.frame
    assert_tidy(
        frame,
        (
            "date",
            "plant_code",
            "plant_name",
            "region_code",
            "region_share",
            "value",
            "unit",
            "representative",
        ),
    )
    assert source.rows == 1_819
    assert frame["plant_code"].nunique() == 304
    assert len(frame[["date", "plant_code"]].drop_duplicates()) == 1_569
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-03-30"), TS("2020-09-17"))
    assert (~frame["representative"]).sum() == 11
    assert (frame["value"] == 0).sum() == 627
    assert set(frame["unit"]) == {"rna_per_ml"}
    arnhem = frame[(frame["plant_code"] == "9016") & (frame["date"] == "2020-04-01")]
    assert arnhem["region_code"].tolist() == ["VR07", "VR08"]
    assert arnhem["region_share"].tolist() == pytest.approx([0.864490095, 0.135509905])
    week = frame[frame["date"].between("2020-09-07", "2020-09-13") & frame["representative"]]
    assert week["plant_code"].nunique() == 236


def test_sewage_2020_layout_crlf_copy():
    source = rivm_sewage.read(shared("rivm/2020-09-15/COVID-19_rioolwaterdata.csv"))
    assert source.rows == 1_493
    assert source.frame["plant_code"].nunique() == 271
    assert source.frame["date"].max() == TS("2020-09-10")


def test_sewage_2021_layout():
    source = rivm_sewage.read(shared("rivm/2021-03-24/COVID-19_rioolwaterdata.csv"))
    frame = source.frame
    assert source.rows == 13_409
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-03-30"), TS("2021-03-18"))
    flow = frame["unit"] == "rna_flow_per_100k"
    assert set(frame["unit"]) == {"rna_flow_per_100k", "rna_per_ml"}
    assert frame.loc[~flow, "date"].max() <= TS("2020-09-06") < frame.loc[flow, "date"].min()
    assert (frame.loc[flow, "value"] == 0).sum() == 352
    assert (frame["region_code"] == "").all() and (frame["region_share"] == 1.0).all()
    assert frame["representative"].all()
    amstelveen = frame[(frame["plant_code"] == "11005") & (frame["date"] == "2020-09-11")]
    assert amstelveen["value"].tolist() == [17_558_522_156_474.0]
    assert frame.loc[flow & frame["date"].between("2020-09-07", "2020-09-13"), "value"].mean() == (
        pytest.approx(4.746e12, rel=1e-3)
    )


def test_reproduction_number():
    source = rivm_reproduction.read(shared("rivm/2021-07-25/COVID-19_reproductiegetal.json"))
    frame = source.frame
    assert_tidy(frame, ("date", "low", "avg", "high", "population"))
    assert source.rows == 522
    assert frame["avg"].isna().sum() == 14
    assert frame["avg"].isna().iloc[-14:].all()
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-02-17"), TS("2021-07-22"))
    first = frame.iloc[0]
    assert (first["low"], first["avg"], first["high"]) == (0.5, 1.93, 4.0)
    assert frame.set_index("date").loc["2020-06-15", "avg"] == 0.75
    assert frame.set_index("date").loc["2020-06-12", "population"] == "hosp"
    assert frame.set_index("date").loc["2020-06-13", "population"] == "testpos"
    assert any("14" in note for note in source.notes)


def test_prevalence():
    source = rivm_prevalence.read(shared("rivm/2021-07-25/COVID-19_prevalentie.json"))
    frame = source.frame
    assert_tidy(frame, ("date", "low", "avg", "high"))
    assert source.rows == 504
    assert frame["avg"].isna().sum() == 6
    assert frame.iloc[0][["low", "avg", "high"]].tolist() == [693, 1074, 1462]
    assert frame["date"].max() == TS("2021-07-04")


def test_ic_admissions():
    source = rivm_ic.read(shared("rivm/2021-07-25/COVID-19_ic_opnames.json"))
    frame = source.frame
    assert_tidy(frame, ("date", "ic_admission", "ic_admission_notification"))
    assert source.rows == 514
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-02-27"), TS("2021-07-24"))
    assert frame["ic_admission"].dtype == np.int64
    assert frame.iloc[-1][["ic_admission", "ic_admission_notification"]].tolist() == [11, 17]
    assert source.obtained_on == date(2021, 7, 25)


def _week(frame: pd.DataFrame, monday: str) -> list[int]:
    start = TS(monday)
    days = frame[frame["date"].between(start, start + pd.Timedelta(days=6))]
    return [int(days["tested"].sum()), int(days["positive"].sum())]


def test_ggd_tests_version_1_json():
    source = rivm_ggd_tests.read(shared("rivm/2021-07-25/COVID-19_uitgevoerde_testen.json"))
    frame = source.frame
    assert_tidy(frame, ("date", "region_code", "tested", "positive", "version"))
    assert source.rows == 10_868
    assert (frame["region_code"] == "").sum() == 418
    assert set(frame["version"]) == {1}
    assert frame["region_code"].nunique() == 26
    assert _week(frame, "2020-06-08") == [57_031, 838]
    assert _week(frame, "2020-11-02") == [247_435, 35_881]
    assert source.obtained_on == date(2021, 7, 25)


def test_ggd_tests_version_2_csv():
    source = rivm_ggd_tests.read(shared("rivm/2021-11-08/COVID-19_uitgevoerde_testen.csv"))
    frame = source.frame
    assert_tidy(frame, ("date", "region_code", "tested", "positive", "version"))
    assert source.rows == 13_624
    assert (frame["region_code"] == "").sum() == 524
    assert set(frame["version"]) == {2}
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-06-01"), TS("2021-11-06"))
    assert source.obtained_on == date(2021, 11, 8)


NURSING_FILES = {
    "nursing_positive_nl": ("Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD", 231),
    "nursing_positive_vr": (
        "Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_naar_veiligheidsregio",
        6_006,
    ),
    "nursing_deceased_nl": ("Sterfte_bewoners_verpleeghuis_per_overlijdensdatum", 232 - 1),
    "nursing_deceased_vr": (
        "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_naar_veiligheidsregio",
        6_032 - 26,
    ),
    "nursing_locations_nl": ("Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM", 230),
    "nursing_locations_vr": (
        "Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_naar_veiligheidsregio",
        5_980,
    ),
}


@pytest.mark.parametrize("spec", rivm_nursing_homes.SPECS, ids=lambda spec: spec.kind)
def test_nursing_home_files(spec):
    stem, rows = NURSING_FILES[spec.kind]
    names = [path.name for path in (SHARED_DATA / NURSING).iterdir()]
    matches = [name for name in names if fnmatch.fnmatch(name, spec.pattern)]
    assert matches == [f"{stem}_20201014_1107.csv"]
    source = spec.read(SHARED_DATA / NURSING / matches[0])
    frame = source.frame
    values = {
        "positive": ("positive",),
        "deceased": ("deceased",),
        "locations": ("new_infected", "new_free", "infected_total"),
    }[spec.kind.split("_")[1]]
    assert_tidy(frame, ("date", "region_code", *values))
    assert source.rows == rows
    assert source.obtained_on == date(2020, 10, 14)
    assert frame["date"].min() >= TS("2020-02-27")
    if spec.kind.endswith("_nl"):
        assert set(frame["region_code"]) == {"NL"}
    else:
        codes = set(frame["region_code"])
        assert len(codes) == 26 and "" in codes and {f"VR{i:02d}" for i in range(1, 26)} <= codes


def test_nursing_home_deaths_with_unknown_date_are_dropped_and_noted():
    source = rivm_nursing_homes.SPECS[2].read(
        SHARED_DATA / NURSING / "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_20201014_1107.csv"
    )
    assert (source.frame["date"] > TS("2000-01-01")).all()
    assert [note for note in source.notes if "1900-01-01" in note and "5 deceased" in note]
    regional = rivm_nursing_homes.SPECS[3].read(
        SHARED_DATA
        / NURSING
        / "Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_naar_veiligheidsregio_20201014_1107.csv"
    )
    assert [note for note in regional.notes if "1900-01-01" in note and "5 deceased" in note]
    assert regional.frame["deceased"].sum() == source.frame["deceased"].sum()


def test_nice_intensive_care_intake():
    path = shared("nice/2020-09-15/new-intake.json")
    source = nice_intake.read_ic(path)
    frame = source.frame
    assert_tidy(frame, ("date", "proven", "suspected"))
    assert source.kind == "nice_ic_intake"
    assert source.rows == 202
    assert frame[["proven", "suspected"]].sum().tolist() == [2_897, 64]
    assert source.obtained_on == date(2020, 9, 15)
    assert nice_intake.read_hospital(path).kind == "nice_hospital_intake"


def test_lcps_beds():
    source = lcps_beds.read(shared("lcps/2021-07-26/covid-19.csv"))
    frame = source.frame
    assert_tidy(frame, ("date", "ic_covid", "ic_non_covid", "clinic_covid", "ic_new", "clinic_new"))
    assert source.rows == 516
    assert frame["date"].is_monotonic_increasing
    assert (frame["date"].min(), frame["date"].max()) == (TS("2020-02-27"), TS("2021-07-26"))
    by_date = frame.set_index("date")
    assert by_date.loc[["2021-06-19", "2021-06-20"]].isna().all().all()
    # "31-5-2020" (no zero padding) and "01-06-2020" are both read
    assert by_date.loc["2020-05-31", ["ic_covid", "ic_non_covid", "clinic_covid"]].tolist() == [159, 501, 544]
    assert by_date.loc["2020-06-01", ["ic_covid", "ic_non_covid", "clinic_covid"]].tolist() == [158, 488, 542]
    day = by_date.loc["2020-11-10"]
    assert day.tolist() == [598, 487, 1_697, 39, 258]
    assert round(day["ic_covid"] / (day["ic_covid"] + day["ic_non_covid"]) * 100, 2) == 55.12
    assert frame["ic_non_covid"].isna().sum() == 51 + 2
    assert frame["ic_new"].isna().sum() == frame["clinic_new"].isna().sum() == 233 + 2
    assert source.obtained_on == date(2021, 7, 26)


def test_nivel_gp():
    source = nivel_gp.read(shared("nivel/2020-08/Nivel-verdenkingen-COVID-19.txt"))
    frame = source.frame
    assert_tidy(
        frame,
        ("week_start", "incidence_per_100k", "estimated_count", "lower", "upper"),
        dates=("week_start",),
    )
    assert source.rows == 22
    first = frame.iloc[0]
    assert first["week_start"] == TS("2020-03-02") and first["week_start"].weekday() == 0
    assert (first["incidence_per_100k"], first["estimated_count"]) == (5.7, 1_094)
    assert (first["lower"], first["upper"]) == (571, 2_280)
    assert frame["week_start"].iloc[-1] == TS("2020-07-27")  # ISO week 31


def test_a_flat_directory_of_published_names_loads_every_kind(tmp_path):
    files = [
        "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv",
        "rivm/2021-03-24/COVID-19_rioolwaterdata.csv",
        "rivm/2021-07-25/COVID-19_reproductiegetal.json",
        "rivm/2021-07-25/COVID-19_prevalentie.json",
        "rivm/2021-07-25/COVID-19_ic_opnames.json",
        "rivm/2021-07-25/COVID-19_uitgevoerde_testen.json",
        "rivm/2021-11-08/COVID-19_uitgevoerde_testen.csv",
        "nice/2020-09-15/new-intake.json",
        "lcps/2021-07-26/covid-19.csv",
        "nivel/2020-08/Nivel-verdenkingen-COVID-19.txt",
        *(f"{NURSING}/{stem}_20201014_1107.csv" for stem, _ in NURSING_FILES.values()),
    ]
    for relative in files:
        place_file(SHARED_DATA / relative, tmp_path)
    # The NICE ICU file is the same format NICE publishes for hospital wards.
    place_file(SHARED_DATA / "nice/2020-09-15/new-intake.json", tmp_path, "zkh-new-intake.json")
    # Checked as the app checks them: against the reference's codes and inhabitants.
    context = read_context(load_reference(), date(2021, 11, 30))
    assert context.inhabitants is not None
    result = load_directory(tmp_path, context=context)
    assert not result.problems
    expected = {spec.kind for spec in ALL_SPECS} - {"rivm_per_day", "rivm_cases"}
    assert set(result.frames) == expected
    assert all(result.statuses[kind].ok for kind in expected)
    # Both GGD flavours are present: the later publication (the CSV) is served.
    assert result.frames["rivm_ggd_tests"].path.suffix == ".csv"
    assert result.frames["rivm_sewage"].frame["unit"].eq("rna_flow_per_100k").any()
