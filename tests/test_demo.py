"""The demo source: the publishers' file names and layouts, determinism, extension, realism."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashapp.data.demo import write_demo_sources
from dashapp.data.reference import load_reference
from tests.conftest import SHARED_DATA, needs_shared_data

END = date(2026, 11, 23)
DAYS = 120
STAMP = f"{END:%Y%m%d}_1000"
NURSING = {
    "positive": f"Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_{STAMP}.csv",
    "positive_vr": f"Totalen_bewoners_verpleeghuis_per_meldingsdatumGGD_naar_veiligheidsregio_{STAMP}.csv",
    "deceased": f"Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_{STAMP}.csv",
    "deceased_vr": f"Sterfte_bewoners_verpleeghuis_per_overlijdensdatum_naar_veiligheidsregio_{STAMP}.csv",
    "locations": f"Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_{STAMP}.csv",
    "locations_vr": (
        f"Aantal_besmette_verpleeghuis_locaties_per_publicatiedatumRIVM_naar_veiligheidsregio_{STAMP}.csv"
    ),
}
PUBLISHED_NAMES = {
    "COVID-19_aantallen_gemeente_cumulatief.csv",
    "COVID-19_casus_landelijk.csv",
    "new-intake.json",
    "zkh-new-intake.json",
    "covid-19.csv",
    "COVID-19_rioolwaterdata.csv",
    "COVID-19_uitgevoerde_testen.csv",
    "COVID-19_reproductiegetal.json",
    "COVID-19_prevalentie.json",
    "Nivel-verdenkingen-COVID-19.txt",
    *NURSING.values(),
}
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
REPORT_TIME = ISO_DATE + r" \d{2}:00:00"

# Delimited files: separator, line end, and the date column with its format.
TABLES = {
    "COVID-19_aantallen_gemeente_cumulatief.csv": (";", "\r\n", "Date_of_report", REPORT_TIME),
    "COVID-19_casus_landelijk.csv": (";", "\r\n", "Date_statistics", ISO_DATE),
    "covid-19.csv": (",", "\n", "Datum", r"\d{2}-\d{2}-\d{4}"),
    "COVID-19_rioolwaterdata.csv": (";", "\n", "Date_measurement", ISO_DATE),
    "COVID-19_uitgevoerde_testen.csv": (";", "\n", "Date_of_statistics", ISO_DATE),
    NURSING["positive"]: (";", "\r\n", "Meldingsdatum", ISO_DATE),
    NURSING["positive_vr"]: (";", "\r\n", "MeldingsdatumGGD", ISO_DATE),
    NURSING["deceased"]: (";", "\r\n", "Datum_van_overlijden", ISO_DATE),
    NURSING["deceased_vr"]: (";", "\r\n", "Datum_van_overlijden", ISO_DATE),
    NURSING["locations"]: (";", "\r\n", "publicatiedatumRIVM", ISO_DATE),
    NURSING["locations_vr"]: (";", "\r\n", "publicatiedatumRIVM", ISO_DATE),
}
HEADERS = {
    "COVID-19_aantallen_gemeente_cumulatief.csv": "Date_of_report;Municipality_code;Municipality_name;"
    "Province;Total_reported;Hospital_admission;Deceased",
    "COVID-19_casus_landelijk.csv": "Date_file;Date_statistics;Date_statistics_type;Agegroup;Sex;Province;"
    "Hospital_admission;Deceased;Week_of_death;Municipal_health_service",
    "covid-19.csv": "Datum,IC_Bedden_COVID,IC_Bedden_Non_COVID,Kliniek_Bedden,IC_Nieuwe_Opnames_COVID,"
    "Kliniek_Nieuwe_Opnames_COVID",
    "COVID-19_rioolwaterdata.csv": "Version;Date_measurement;RWZI_AWZI_code;RWZI_AWZI_name;RNA_per_ml;"
    "RNA_flow_per_100000",
    "COVID-19_uitgevoerde_testen.csv": "Version;Date_of_report;Date_of_statistics;Security_region_code;"
    "Security_region_name;Tested_with_result;Tested_positive",
    NURSING["positive"]: "Meldingsdatum;Aantal",
    NURSING["positive_vr"]: "VeiligheidsregioCode;VeiligheidsregioNaam;MeldingsdatumGGD;Aantal",
    NURSING["deceased"]: "Datum_van_overlijden;Aantal",
    NURSING["deceased_vr"]: "VeiligheidsregioCode;VeiligheidsregioNaam;Datum_van_overlijden;Aantal",
    NURSING["locations"]: "publicatiedatumRIVM;aantal_nieuw_besmette_verpleeghuis_locaties;"
    "aantal_nieuw_besmettingsvrije_verpleeghuis_locaties;aantal_besmette_verpleeghuis_locaties",
    NURSING["locations_vr"]: "VeiligheidsregioCode;VeiligheidsregioNaam;publicatiedatumRIVM;"
    "aantal_nieuw_besmette_verpleeghuis_locaties;aantal_nieuw_besmettingsvrije_verpleeghuis_locaties;"
    "aantal_besmette_verpleeghuis_locaties",
}


def write(directory: Path, end: date = END, days: int = DAYS) -> Path:
    write_demo_sources(directory, end, days=days)
    return directory


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def next_day(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("demo-next"), END + timedelta(days=1))


def table(directory: Path, name: str) -> pd.DataFrame:
    """A delimited file as text cells (empty cells stay "")."""
    sep = TABLES.get(name, (";",))[0]
    return pd.read_csv(directory / name, sep=sep, dtype=str, keep_default_na=False)


def numbers(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_numeric(frame[c]) for c in columns})


def load_json(directory: Path, name: str):
    return json.loads((directory / name).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- names, bytes, layout


def test_every_file_is_written_under_its_published_name(tmp_path):
    written = write_demo_sources(tmp_path / "new" / "dir", END, days=DAYS)
    assert {path.name for path in written} == PUBLISHED_NAMES
    assert all(path.parent == tmp_path / "new" / "dir" for path in written)
    assert {path.name for path in (tmp_path / "new" / "dir").iterdir()} == PUBLISHED_NAMES


def test_the_same_arguments_give_byte_identical_files(demo, tmp_path):
    again = write(tmp_path)
    for name in PUBLISHED_NAMES:
        assert (again / name).read_bytes() == (demo / name).read_bytes(), name


def test_another_seed_gives_other_numbers(demo, tmp_path):
    write_demo_sources(tmp_path, END, days=DAYS, seed=7)
    name = "COVID-19_aantallen_gemeente_cumulatief.csv"
    assert (tmp_path / name).read_bytes() != (demo / name).read_bytes()


@pytest.mark.parametrize("name", sorted(TABLES))
def test_delimited_files_have_the_published_layout(demo, name):
    sep, newline, date_column, date_format = TABLES[name]
    data = (demo / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "no BOM (the real files have none)"
    text = data.decode("utf-8")
    assert text.endswith(newline)
    if newline == "\r\n":
        assert text.count("\n") == text.count("\r\n")
    else:
        assert "\r" not in text
    assert text.split(newline, 1)[0] == HEADERS[name]
    frame = table(demo, name)
    assert list(frame.columns) == HEADERS[name].split(sep)
    assert frame[date_column].str.fullmatch(date_format).all()
    assert '"' not in text, "no quoting"


@needs_shared_data
@pytest.mark.parametrize(
    "name, real",
    [
        (
            "COVID-19_aantallen_gemeente_cumulatief.csv",
            "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv",
        ),
        ("COVID-19_rioolwaterdata.csv", "rivm/2021-03-24/COVID-19_rioolwaterdata.csv"),
        ("COVID-19_uitgevoerde_testen.csv", "rivm/2021-11-08/COVID-19_uitgevoerde_testen.csv"),
        ("covid-19.csv", "lcps/2021-07-26/covid-19.csv"),
        *(
            (NURSING[key], f"rivm/2020-10-14_nursing_homes/{NURSING[key].replace(STAMP, '20201014_1107')}")
            for key in NURSING
        ),
    ],
)
def test_header_line_and_line_end_equal_the_real_file(demo, name, real):
    def first_line(path: Path) -> bytes:
        data = path.read_bytes()
        return data[: data.index(b"\n") + 1]

    assert first_line(demo / name) == first_line(SHARED_DATA / real)


def test_case_file_rows(demo):
    cases = table(demo, "COVID-19_casus_landelijk.csv")
    assert (cases["Date_file"] == f"{END.isoformat()} 10:00:00").all()
    assert set(cases["Date_statistics_type"]) == {"DOO", "DPL", "DON"}
    ages = {f"{10 * i}-{10 * i + 9}" for i in range(9)} | {"90+", "<50", "Unknown"}
    assert set(cases["Agegroup"]) <= ages
    assert {f"{10 * i}-{10 * i + 9}" for i in range(9)} <= set(cases["Agegroup"])
    assert set(cases["Sex"]) <= {"Male", "Female", "Unknown"}
    assert set(cases["Hospital_admission"]) | set(cases["Deceased"]) <= {"Yes", "No", "Unknown"}
    dead = cases["Deceased"] == "Yes"
    assert cases.loc[dead, "Week_of_death"].str.fullmatch(r"20\d{2}(0[1-9]|[1-4]\d|5[0-3])").all()
    assert (cases.loc[~dead, "Week_of_death"] == "").all()
    assert cases["Municipal_health_service"].nunique() == 25
    assert cases["Province"].nunique() == 12
    statistics = pd.to_datetime(cases["Date_statistics"])
    assert statistics.is_monotonic_increasing
    assert statistics.max() <= pd.Timestamp(END)
    assert statistics.min() >= pd.Timestamp(END - timedelta(days=27 + 14))


def test_nice_files_are_two_series_of_date_and_value(demo):
    for name in ("new-intake.json", "zkh-new-intake.json"):
        text = (demo / name).read_text(encoding="utf-8")
        assert "\n" not in text and " " not in text, "one compact line, no final newline"
        proven, suspected = json.loads(text)
        for series in (proven, suspected):
            assert [set(record) for record in series] == [{"date", "value"}] * DAYS
            assert [record["date"] for record in series] == [
                (END - timedelta(days=DAYS - 1 - i)).isoformat() for i in range(DAYS)
            ]
            assert all(isinstance(r["value"], int) and r["value"] >= 0 for r in series)


def test_reproduction_and_prevalence_records(demo):
    text = (demo / "COVID-19_reproductiegetal.json").read_text(encoding="utf-8")
    assert text.endswith("}]\n") and text.count("\n") == 1
    records = json.loads(text)
    assert len(records) == DAYS and records[-1]["Date"] == END.isoformat()
    settled, provisional = records[:-14], records[-14:]
    assert all(list(r) == ["Date", "Rt_low", "Rt_avg", "Rt_up", "population", "version"] for r in settled)
    assert all(list(r) == ["Date", "Rt_low", "Rt_up", "population", "version"] for r in provisional)
    for record in records:
        assert all(re.fullmatch(r"\d\.\d\d", record[k]) for k in ("Rt_low", "Rt_up"))
        assert (
            float(record["Rt_low"]) <= float(record.get("Rt_avg", record["Rt_low"])) <= float(record["Rt_up"])
        )
        assert record["population"] == "testpos" and record["version"] == 1

    prevalence = load_json(demo, "COVID-19_prevalentie.json")
    assert len(prevalence) == DAYS
    assert all("prev_avg" in r for r in prevalence[:-7]) and not any("prev_avg" in r for r in prevalence[-7:])
    assert all(isinstance(r["prev_low"], int) and r["prev_low"] <= r["prev_up"] for r in prevalence)
    assert all(r["prev_low"] <= r["prev_avg"] <= r["prev_up"] for r in prevalence[:-7])


def test_nivel_file_is_stata_style_json_with_decimal_commas(demo):
    text = (demo / "Nivel-verdenkingen-COVID-19.txt").read_text(encoding="utf-8")
    assert text.startswith('{\n  "source" : "temp_json.dta",\n  "name" : "DataSet",\n  "data" : [ {\n')
    assert text.endswith("\n  } ]\n}")
    weeks = json.loads(text)["data"]
    keys = ["incidentie_per_100000", "bovengrens", "week", "diagnose", "jaar", "geschat_aantal", "ondergrens"]
    assert all(list(record) == keys for record in weeks)
    assert all(isinstance(value, str) for record in weeks for value in record.values())
    assert all(re.fullmatch(r"\d+,\d", record["incidentie_per_100000"]) for record in weeks)
    assert all(record["diagnose"] == "Verdenking COVID-19" for record in weeks)
    mondays = [date.fromisocalendar(int(r["jaar"]), int(r["week"]), 1) for r in weeks]
    assert mondays == sorted(mondays) and mondays[-1] + timedelta(days=6) <= END
    assert all(int(r["ondergrens"]) <= int(r["geschat_aantal"]) <= int(r["bovengrens"]) for r in weeks)


# --------------------------------------------------------------------------- extension


def _shared(frame: pd.DataFrame, column: str, first: str, last: str) -> pd.DataFrame:
    keep = frame[column].between(first, last)
    return frame.loc[keep].reset_index(drop=True)


# Per delimited file: the date column (ISO, or d-m-yyyy for LCPS) and the columns that
# carry the file's own timestamp or outcomes not known yet, which may differ.
EXTENDING = {
    "COVID-19_aantallen_gemeente_cumulatief.csv": ("Date_of_report", ()),
    "COVID-19_rioolwaterdata.csv": ("Date_measurement", ()),
    "COVID-19_uitgevoerde_testen.csv": ("Date_of_statistics", ("Date_of_report",)),
    "covid-19.csv": ("Datum", ()),
    "positive": ("Meldingsdatum", ()),
    "positive_vr": ("MeldingsdatumGGD", ()),
    "deceased": ("Datum_van_overlijden", ()),
    "deceased_vr": ("Datum_van_overlijden", ()),
    "locations": ("publicatiedatumRIVM", ()),
    "locations_vr": ("publicatiedatumRIVM", ()),
}


@pytest.mark.parametrize("name", sorted(EXTENDING))
def test_a_later_end_keeps_every_row_of_the_shared_days(demo, next_day, name):
    """Rows of days in both windows are equal; the 1900-01-01 row (deaths so far) may differ."""
    column, ignored = EXTENDING[name]
    file_name = NURSING.get(name, name)
    before = table(demo, file_name).drop(columns=list(ignored))
    after = table(next_day, file_name.replace(STAMP, f"{END + timedelta(days=1):%Y%m%d}_1000"))
    after = after.drop(columns=list(ignored))
    if column == "Datum":  # d-m-yyyy: compare as dates
        for frame in (before, after):
            frame["_day"] = pd.to_datetime(frame[column], format="%d-%m-%Y").dt.strftime("%Y-%m-%d")
        column = "_day"
    first, last = (END - timedelta(days=DAYS - 2)).isoformat(), END.isoformat()
    shared_before = _shared(before, column, first, last)
    shared_after = _shared(after, column, first, last)
    assert len(shared_before) > 0
    if column == "_day":
        shared_before = shared_before.sort_values("_day", ignore_index=True)
        shared_after = shared_after.sort_values("_day", ignore_index=True)
    pd.testing.assert_frame_equal(shared_before, shared_after)
    newest = after[column].max()
    assert newest[:10] == (END + timedelta(days=1)).isoformat()


def test_a_later_end_keeps_the_settled_part_of_the_json_files(demo, next_day):
    first = (END - timedelta(days=DAYS - 2)).isoformat()
    for name, provisional in (("new-intake.json", 3), ("zkh-new-intake.json", 3)):
        for before, after in zip(load_json(demo, name), load_json(next_day, name), strict=True):
            settled = [r for r in before[:-provisional] if r["date"] >= first]
            assert settled == after[: len(settled)]
    for name, provisional in (("COVID-19_reproductiegetal.json", 14), ("COVID-19_prevalentie.json", 7)):
        before, after = load_json(demo, name), load_json(next_day, name)
        settled = [r for r in before[:-provisional] if r["Date"] >= first]
        assert settled == after[: len(settled)]
    weeks_before, weeks_after = (
        {(r["jaar"], r["week"]): r for r in load_json(directory, "Nivel-verdenkingen-COVID-19.txt")["data"]}
        for directory in (demo, next_day)
    )
    shared = weeks_before.keys() & weeks_after.keys()
    assert len(shared) >= len(weeks_before) - 1
    assert all(weeks_before[week] == weeks_after[week] for week in shared)


def test_a_later_end_keeps_the_cases_whose_report_days_both_files_hold(demo, next_day):
    """Cases reported on days in both files are the same; outcomes after ``end`` become known later."""
    ignored = ["Date_file", "Hospital_admission", "Deceased", "Week_of_death"]
    first, last = (END - timedelta(days=26)).isoformat(), (END - timedelta(days=14)).isoformat()
    before = _shared(table(demo, "COVID-19_casus_landelijk.csv"), "Date_statistics", first, last)
    after = _shared(table(next_day, "COVID-19_casus_landelijk.csv"), "Date_statistics", first, last)
    assert len(before) > 0
    pd.testing.assert_frame_equal(before.drop(columns=ignored), after.drop(columns=ignored))


def test_nice_back_fills_the_last_days(demo, tmp_path):
    later = write(tmp_path, END + timedelta(days=5))
    last_days = [(END - timedelta(days=age)).isoformat() for age in range(3)]
    known, complete = 0, 0
    for name in ("new-intake.json", "zkh-new-intake.json"):
        for series_now, series_later in zip(load_json(demo, name), load_json(later, name), strict=True):
            now = {r["date"]: r["value"] for r in series_now}
            final = {r["date"]: r["value"] for r in series_later}
            assert all(now[day] <= final[day] for day in last_days)
            known += sum(now[day] for day in last_days)
            complete += sum(final[day] for day in last_days)
    assert known < complete


def test_a_longer_window_starts_earlier_with_the_same_numbers(demo, tmp_path):
    longer = write(tmp_path, END, DAYS + 30)
    name = "COVID-19_aantallen_gemeente_cumulatief.csv"
    before, after = table(demo, name), table(longer, name)
    pd.testing.assert_frame_equal(before, after.iloc[-len(before) :].reset_index(drop=True))


def test_arguments_out_of_range_are_refused(tmp_path):
    with pytest.raises(ValueError, match="days"):
        write_demo_sources(tmp_path, END, days=5)
    with pytest.raises(ValueError, match="end"):
        write_demo_sources(tmp_path, date(2020, 3, 1))


# --------------------------------------------------------------------------- realistic properties


@pytest.fixture(scope="module")
def cumulative(demo) -> pd.DataFrame:
    name = "COVID-19_aantallen_gemeente_cumulatief.csv"
    return numbers(table(demo, name), "Total_reported", "Hospital_admission", "Deceased")


def test_cumulative_file_has_every_municipality_and_unknown_rows_every_day(cumulative):
    reference = load_reference()
    per_day = cumulative.groupby("Date_of_report")
    assert per_day.ngroups == DAYS and (per_day.size() == 367).all()
    unknown = cumulative[cumulative["Municipality_code"] == ""]
    assert (unknown["Municipality_name"] == "").all()
    assert unknown.groupby("Date_of_report")["Province"].nunique().eq(12).all()
    known = cumulative[cumulative["Municipality_code"] != ""]
    assert set(known["Municipality_code"]) == set(reference.municipalities)
    names = known["Municipality_code"].map(lambda code: reference.municipalities[code].name)
    assert (names == known["Municipality_name"]).all()
    assert (cumulative[["Total_reported", "Hospital_admission", "Deceased"]] >= 0).all().all()


def test_municipal_sum_is_at_most_the_national_total(cumulative):
    counts = ["Total_reported", "Hospital_admission", "Deceased"]
    national = cumulative.groupby("Date_of_report")[counts].sum()
    municipal = cumulative[cumulative["Municipality_code"] != ""].groupby("Date_of_report")[counts].sum()
    assert (municipal <= national).all().all()
    assert (municipal["Total_reported"] < national["Total_reported"]).all()
    assert (national["Hospital_admission"] < national["Total_reported"]).all()
    assert (national["Deceased"] < national["Hospital_admission"]).all()


def test_some_municipal_counts_are_corrected_downwards(cumulative):
    known = cumulative[cumulative["Municipality_code"] != ""]
    wide = known.pivot(index="Date_of_report", columns="Municipality_code", values="Total_reported")
    negative = int((wide.diff() < 0).sum().sum())
    assert 5 <= negative <= 200, negative  # a few hundred over 1,000 days


def test_fewer_reports_on_sundays_and_mondays(cumulative):
    national = cumulative.groupby("Date_of_report")["Total_reported"].sum()
    daily = national.diff().iloc[1:]
    ratio = daily / daily.rolling(7, center=True).mean()
    weekday = pd.to_datetime(ratio.index).day_of_week
    by_day = ratio.groupby(weekday).mean()
    assert by_day[[6, 0]].mean() < by_day[[1, 2, 3, 4]].mean() - 0.1


def test_municipalities_differ_in_intensity(cumulative):
    reference = load_reference()
    known = cumulative[cumulative["Municipality_code"] != ""]
    wide = known.pivot(index="Date_of_report", columns="Municipality_code", values="Total_reported")
    inhabitants = pd.Series({code: m.inhabitants for code, m in reference.municipalities.items()})
    per_100k = (wide.iloc[-1] - wide.iloc[0]) / inhabitants * 1e5
    big = per_100k[inhabitants[inhabitants > 50_000].index]
    assert big.max() > 1.4 * big.min()


def test_case_file_volume_matches_the_national_reports(demo, cumulative):
    cases = table(demo, "COVID-19_casus_landelijk.csv")
    national = cumulative.groupby("Date_of_report")["Total_reported"].sum()
    reported = national.iloc[-1] - national.iloc[-29]
    assert abs(len(cases) - reported) <= 0.01 * reported + 10


def test_sewage_plants_are_sampled_weekly_with_some_weeks_skipped(demo):
    sewage = table(demo, "COVID-19_rioolwaterdata.csv")
    plants = {plant.code for plant in load_reference().sewage_plants.values()}
    assert set(sewage["RWZI_AWZI_code"]) == plants
    assert (sewage["Version"] == "1").all()
    assert ((sewage["RNA_per_ml"] == "") & (sewage["RNA_flow_per_100000"] != "")).all()
    flow = pd.to_numeric(sewage["RNA_flow_per_100000"])
    assert flow.min() > 1e10 and 1e12 < flow.median() < 1e14 and flow.max() < 1e16
    day = pd.to_datetime(sewage["Date_measurement"])
    per_week = sewage.groupby([day.dt.to_period("W"), sewage["RWZI_AWZI_code"]]).size()
    assert set(per_week.unique()) <= {1, 2} and {1, 2} <= set(per_week.unique())
    gaps = day.groupby(sewage["RWZI_AWZI_code"]).apply(lambda d: d.sort_values().diff().max())
    assert (gaps > pd.Timedelta(days=10)).sum() >= 20, "some plants skip a week now and then"


def test_ggd_tests_per_region_and_unknown(demo, cumulative):
    tests = numbers(table(demo, "COVID-19_uitgevoerde_testen.csv"), "Tested_with_result", "Tested_positive")
    assert (tests["Version"] == "2").all()
    assert (tests["Date_of_report"] == f"{END.isoformat()} 09:00:00").all()
    assert tests.groupby("Date_of_statistics").size().eq(26).all()
    unknown = tests[tests["Security_region_code"] == ""]
    assert len(unknown) == DAYS and (unknown["Security_region_name"] == "Onbekend").all()
    assert (tests["Tested_positive"] <= tests["Tested_with_result"]).all()
    national = tests.groupby("Date_of_statistics")[["Tested_with_result", "Tested_positive"]].sum()
    share = national["Tested_positive"] / national["Tested_with_result"]
    assert share.between(0.005, 0.25).all()
    reports = cumulative.groupby("Date_of_report")["Total_reported"].sum().diff().iloc[1:]
    assert 0.8 < national["Tested_positive"].sum() / reports.sum() < 1.0


def test_national_nursing_files_are_the_sum_of_the_regional_files(demo):
    for key in ("positive", "deceased", "locations"):
        national, regional = table(demo, NURSING[key]), table(demo, NURSING[f"{key}_vr"])
        values = list(national.columns[1:])
        regional = numbers(regional, *values)
        assert regional.groupby(regional.columns[2]).size().eq(26).all()
        assert set(regional.loc[regional["VeiligheidsregioCode"] == "", "VeiligheidsregioNaam"]) == {
            "Onbekend"
        }
        summed = regional.groupby(regional.columns[2], sort=False)[values].sum().reset_index()
        summed.columns = national.columns
        pd.testing.assert_frame_equal(numbers(national, *values), summed)


def test_nursing_deaths_start_with_the_unknown_date_row(demo):
    national = table(demo, NURSING["deceased"])
    assert national["Datum_van_overlijden"].iloc[0] == "1900-01-01"
    assert national["Datum_van_overlijden"].iloc[1] == (END - timedelta(days=DAYS - 1)).isoformat()
    regional = table(demo, NURSING["deceased_vr"])
    first_rows = regional.groupby("VeiligheidsregioCode", sort=False).head(1)
    assert (first_rows["Datum_van_overlijden"] == "1900-01-01").all() and len(first_rows) == 26


def test_infected_nursing_locations_stay_below_the_regions_locations(demo):
    name = NURSING["locations_vr"]
    regional = numbers(table(demo, name), *table(demo, name).columns[3:])
    capacity = {code: region.nursing_home_locations for code, region in load_reference().regions.items()}
    known = regional[regional["VeiligheidsregioCode"] != ""]
    limit = known["VeiligheidsregioCode"].map(capacity)
    assert (known["aantal_besmette_verpleeghuis_locaties"] <= limit).all()
    totals = known.groupby("VeiligheidsregioCode")["aantal_besmette_verpleeghuis_locaties"]
    previous = totals.shift()
    step = previous + known["aantal_nieuw_besmette_verpleeghuis_locaties"]
    step -= known["aantal_nieuw_besmettingsvrije_verpleeghuis_locaties"]
    assert (
        step[previous.notna()] == known.loc[previous.notna(), "aantal_besmette_verpleeghuis_locaties"]
    ).all()


def test_lcps_beds_follow_admissions(demo):
    lcps = table(demo, "covid-19.csv")
    days = pd.to_datetime(lcps["Datum"], format="%d-%m-%Y")
    assert days.is_monotonic_decreasing and days.iloc[0] == pd.Timestamp(END)
    filled = lcps[lcps["IC_Bedden_COVID"] != "NA"]
    values = filled.drop(columns="Datum").astype(int)
    assert (values["IC_Bedden_COVID"] > values["IC_Nieuwe_Opnames_COVID"]).mean() > 0.9
    assert values["IC_Bedden_Non_COVID"].between(350, 900).all()
    assert (values["Kliniek_Bedden"] >= values["IC_Bedden_COVID"]).mean() > 0.9


# --------------------------------------------------------------------------- full size


def test_full_size_is_fast_and_plausible(tmp_path):
    started = time.perf_counter()
    written = write_demo_sources(tmp_path, END, days=1000)
    elapsed = time.perf_counter() - started
    assert elapsed < 5.0, f"{elapsed:.2f} s"
    assert len(written) == len(PUBLISHED_NAMES)
    data = (tmp_path / "COVID-19_aantallen_gemeente_cumulatief.csv").read_bytes()
    frame = pd.read_csv(io.BytesIO(data), sep=";", usecols=["Date_of_report", "Total_reported"])
    national = frame.groupby("Date_of_report")["Total_reported"].sum()
    per_100k = national.diff().rolling(7).mean() / load_reference().national.inhabitants * 1e5
    assert 10 < per_100k.max() < 120, "peaks of a few tens per 100,000 per day"
    assert per_100k.min() < 3, "quiet periods"
    known = frame.groupby("Date_of_report").size()
    assert len(known) == 1000
    negative = np.diff(frame["Total_reported"].to_numpy().reshape(1000, 367)[:, :355], axis=0) < 0
    assert 100 <= negative.sum() <= 1000


# --------------------------------------------------------------------------- through the readers


def test_every_file_matches_one_reader_and_reads(demo):
    from dashapp.data.sources import ALL_SPECS

    for path in sorted(demo.iterdir()):
        specs = [spec for spec in ALL_SPECS if path.match(spec.pattern)]
        assert len(specs) == 1, (path.name, [spec.kind for spec in specs])
        source = specs[0].read(path)
        assert source.rows > 0, path.name
        assert source.frame["date" if "date" in source.frame else "week_start"].max() <= pd.Timestamp(END)
