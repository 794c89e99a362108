"""The metric registry: every record is complete (texts in both catalogs, a methodology section in
both languages, colour bins wherever it is mapped, rules and references that exist), and the
metric added through it alone, reported deaths, has the numbers worked out by hand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from dashapp.content import load_page
from dashapp.data.build import build_tables
from dashapp.data.inputs import Inputs
from dashapp.data.reference import load_reference
from dashapp.data.sources.base import SourceFrame
from dashapp.layouts import map_view
from dashapp.metrics.model import LEVELS, Metric, Section
from dashapp.metrics.registry import METRICS, SECTIONS
from dashapp.metrics.rules import RULES
from tests.conftest import REPO, SHARED_DATA, needs_shared_data

LANGUAGES = ("nl", "en")


def catalog(language: str) -> dict[str, str]:
    with (REPO / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale=language) if m.id and isinstance(m.id, str)}


def texts_of(metric: Metric) -> list[str]:
    """Every text a record shows somewhere."""
    texts = [metric.label]
    if metric.chart is not None:
        texts += [t for t in (metric.chart.title, metric.chart.description) if t]
    texts += [note.text for note in (metric.tile_note, metric.chart_note) if note is not None]
    if metric.map is not None:
        texts.append(metric.map.label)
        for scale in metric.map.bins.values():
            texts += [scale.legend_title, scale.value_template]
    return texts


def mapped_levels(metric_id: str) -> set[str]:
    """The levels at which the pages draw a metric on a map: the default metric on both maps, the
    national sewage map by region. (The municipality map's control offers the records with bins.)"""
    levels = set()
    if metric_id == map_view.DEFAULT_METRIC:
        levels |= {"gm", "vr"}
    if metric_id == map_view.SEWAGE_METRIC:
        levels.add("vr")
    return levels


def problems(
    metrics: Mapping[str, Metric],
    sections: Iterable[Section],
    catalogs: Mapping[str, Mapping[str, str]],
    anchors: Mapping[str, set[str]],
) -> list[str]:
    """What is wrong with a registry: each problem as a sentence naming the record."""
    found = []
    section_ids = {section.id for section in sections}
    for metric in metrics.values():
        for text in texts_of(metric):
            for language, messages in catalogs.items():
                if not messages.get(text):
                    found.append(f"{metric.id}: {text!r} is not translated in the {language} catalog")
        for language, present in anchors.items():
            if metric.methodology not in present:
                found.append(f"{metric.id}: no section #{metric.methodology} in the {language} methodology")
        bins = metric.map.bins if metric.map is not None else {}
        for level in mapped_levels(metric.id) | set(bins):
            if level not in bins:
                found.append(f"{metric.id}: mapped at {level} without colour bins")
        for derivation in metric.derivations:
            if derivation.rule not in RULES:
                found.append(f"{metric.id}: unknown rule {derivation.rule!r}")
            if not set(derivation.levels or ()) <= set(metric.levels):
                found.append(f"{metric.id}: a derivation serves a level the metric does not have")
        placed = {*metric.tiles, *metric.headline, *(metric.chart.levels if metric.chart else ())}
        if not placed <= set(metric.levels):
            found.append(f"{metric.id}: shown at a level it is not computed for")
        if metric.section is not None and metric.section not in section_ids:
            found.append(f"{metric.id}: unknown section {metric.section!r}")
        if metric.chart is not None:
            for other in (metric.chart.companion, *(metric.chart.band or ())):
                if other is not None and other not in metrics:
                    found.append(f"{metric.id}: its chart draws the unknown metric {other!r}")
    for section in sections:
        for language, messages in catalogs.items():
            for text in (section.title, section.intro):
                if text and not messages.get(text):
                    found.append(
                        f"section {section.id}: {text!r} is not translated in the {language} catalog"
                    )
    return found


@pytest.fixture(scope="module")
def catalogs() -> dict[str, dict[str, str]]:
    return {language: catalog(language) for language in LANGUAGES}


@pytest.fixture(scope="module")
def anchors() -> dict[str, set[str]]:
    return {language: set(load_page("methodology", language).anchors) for language in LANGUAGES}


def test_every_record_is_complete(catalogs, anchors):
    assert problems(METRICS, SECTIONS, catalogs, anchors) == []


def test_a_record_without_its_label_in_one_catalog_is_found(catalogs, anchors):
    broken = {"deceased": replace(METRICS["deceased"], label="Deaths nobody translated")}
    assert problems(broken, SECTIONS, catalogs, anchors) == [
        "deceased: 'Deaths nobody translated' is not translated in the nl catalog",
        "deceased: 'Deaths nobody translated' is not translated in the en catalog",
    ]
    dutch_only = {
        "nl": catalogs["nl"],
        "en": {k: v for k, v in catalogs["en"].items() if k != "Deaths reported"},
    }
    assert problems({"deceased": METRICS["deceased"]}, SECTIONS, dutch_only, anchors) == [
        "deceased: 'Deaths reported' is not translated in the en catalog"
    ]


def test_a_record_whose_methodology_section_is_missing_in_one_language_is_found(catalogs, anchors):
    only_english = {"nl": anchors["nl"] - {"deaths"}, "en": anchors["en"]}
    assert problems({"deceased": METRICS["deceased"]}, SECTIONS, catalogs, only_english) == [
        "deceased: no section #deaths in the nl methodology"
    ]


def test_a_mapped_record_without_colour_bins_is_found(catalogs, anchors):
    record = METRICS["sewer_average"]
    assert record.map is not None
    without_region_bins = replace(record, map=replace(record.map, bins={"gm": record.map.bins["gm"]}))
    assert problems({"sewer_average": without_region_bins}, SECTIONS, catalogs, anchors) == [
        "sewer_average: mapped at vr without colour bins"
    ]
    unmapped = replace(METRICS["positive_tests_per_100k"], map=None)
    assert sorted(problems({"positive_tests_per_100k": unmapped}, SECTIONS, catalogs, anchors)) == [
        "positive_tests_per_100k: mapped at gm without colour bins",
        "positive_tests_per_100k: mapped at vr without colour bins",
    ]


def test_a_record_naming_an_unknown_rule_is_found(catalogs, anchors):
    record = METRICS["deceased"]
    broken = replace(record, derivations=(replace(record.derivations[0], rule="weekly_avg"),))
    assert problems({"deceased": broken}, SECTIONS, catalogs, anchors) == [
        "deceased: unknown rule 'weekly_avg'"
    ]


def test_the_map_choices_are_the_mapped_records_in_registry_order():
    assert list(map_view.METRICS) == [m.id for m in METRICS.values() if m.map is not None]
    assert map_view.DEFAULT_METRIC in map_view.METRICS


# ------------------------------------------------------------------------------ reported deaths


def cumulative_frame(rows: list[tuple[str, str, str, int]]) -> SourceFrame:
    """A parsed cumulative municipal file: (report day, municipality code, province, deaths so far)."""
    frame = pd.DataFrame(rows, columns=["date", "municipality_code", "province", "deceased"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["total_reported"] = 0
    frame["hospital_admission"] = 0
    return SourceFrame(
        "rivm_cumulative", Path("COVID-19_aantallen_gemeente_cumulatief.csv"), frame, date(2020, 9, 4)
    )


# Deaths so far on four report days. Amsterdam (GM0363) and Diemen (GM0384) lie in VR13,
# Groningen (GM0014) in VR01; the last row has no known municipality and counts nationally only.
HAND_WORKED = {
    ("GM0363", "Noord-Holland"): (5, 7, 6, 9),  # net: -, 2, -1, 3
    ("GM0384", "Noord-Holland"): (1, 1, 1, 2),  # net: -, 0, 0, 1
    ("GM0014", "Groningen"): (0, 1, 1, 4),  # net: -, 1, 0, 3
    ("", "Utrecht"): (2, 2, 3, 3),  # net: -, 0, 1, 0
}
DAYS = ("2020-09-01", "2020-09-02", "2020-09-03", "2020-09-04")


@pytest.fixture(scope="module")
def hand_tables():
    rows = [
        (day, code, province, totals[i])
        for (code, province), totals in HAND_WORKED.items()
        for i, day in enumerate(DAYS)
    ]
    return build_tables(Inputs({"rivm_cumulative": cumulative_frame(rows)}, load_reference()))


def shown(tables, level: str, code: str) -> list[float | None]:
    values = tables[(level, "deceased")].values[code]
    return [None if pd.isna(v) else float(v) for v in values]


def test_deaths_per_day_from_cumulative_totals_worked_by_hand(hand_tables):
    assert shown(hand_tables, "gm", "GM0363") == [None, 2, 0, 3]  # the correction of -1 shows as 0
    assert shown(hand_tables, "gm", "GM0384") == [None, 0, 0, 1]
    assert shown(hand_tables, "gm", "GM0014") == [None, 1, 0, 3]
    # VR13 sums the net changes of its municipalities (2 + 0, -1 + 0, 3 + 1), then shows -1 as 0.
    assert shown(hand_tables, "vr", "VR13") == [None, 2, 0, 4]
    assert shown(hand_tables, "vr", "VR01") == [None, 1, 0, 3]
    # The country: totals 8, 11, 11, 18, the row without a municipality included.
    assert shown(hand_tables, "nl", "NL") == [None, 3, 0, 7]
    table = hand_tables[("gm", "deceased")]
    assert (table.frequency, table.source, table.obtained_on) == (
        "daily",
        "rivm_cumulative",
        date(2020, 9, 4),
    )


def test_deaths_are_a_figure_of_every_level_with_tiles_and_charts():
    deaths = METRICS["deceased"]
    assert deaths.levels == LEVELS
    assert deaths.chart is not None and set(deaths.chart.levels) == set(LEVELS)
    assert set(deaths.headline) == {"vr", "gm"} and deaths.tiles == ("nl",)
    for metric_id in ("deceased_net", "deceased_per_100k", "deceased_7d_per_100k", "deceased_7d_avg"):
        assert METRICS[metric_id].levels == LEVELS and METRICS[metric_id].methodology == "deaths"
    weekly = METRICS["deceased_7d_per_100k"]
    assert weekly.map is not None and set(weekly.map.bins) == {"gm", "vr"} and weekly.municipality_table


@needs_shared_data
def test_deaths_from_the_real_cumulative_file(real_snapshot):
    gm = real_snapshot.table("gm", "deceased").values
    # Amsterdam: 294 deaths reported by 14 September 2020, 295 by the 15th.
    assert gm.loc[pd.Timestamp("2020-09-15"), "GM0363"] == 1
    # Raalte (GM0177): 18 by 2 June 2020, 17 on 3 June (a correction): shown as 0.
    assert gm.loc[pd.Timestamp("2020-06-03"), "GM0177"] == 0
    # The whole country: 6,256 and 6,258 on 14 and 15 September 2020.
    assert real_snapshot.table("nl", "deceased").values.loc[pd.Timestamp("2020-09-15"), "NL"] == 2
    raw = pd.read_csv(SHARED_DATA / "rivm/2020-09-15/COVID-19_aantallen_gemeente_cumulatief.csv", sep=";")
    members = set(real_snapshot.reference.members("VR13"))
    region = raw[raw["Municipality_code"].isin(members)].groupby("Date_of_report")["Deceased"].sum()
    expected = region["2020-09-15 10:00:00"] - region["2020-09-14 10:00:00"]
    assert real_snapshot.table("vr", "deceased").values.loc[pd.Timestamp("2020-09-15"), "VR13"] == max(
        expected, 0
    )


# Amsterdam's deaths so far on nine report days: net -, 1, 2, 0, 3, 1, 0, 4, -1 (a correction).
NINE_DAYS = tuple(f"2020-09-{day:02d}" for day in range(1, 10))
AMSTERDAM_TOTALS = (0, 1, 3, 3, 6, 7, 7, 11, 10)


@pytest.fixture(scope="module")
def nine_days():
    rows = [
        (day, "GM0363", "Noord-Holland", total)
        for day, total in zip(NINE_DAYS, AMSTERDAM_TOTALS, strict=True)
    ]
    return build_tables(Inputs({"rivm_cumulative": cumulative_frame(rows)}, load_reference()))


def series(tables, indicator: str, level: str = "gm", code: str = "GM0363") -> list[float | None]:
    values = tables[(level, indicator)].values[code]
    return [None if pd.isna(v) else float(v) for v in values]


def test_deaths_net_per_100k_and_7_days_worked_by_hand(nine_days):
    assert series(nine_days, "deceased_net") == [None, 1, 2, 0, 3, 1, 0, 4, -1]
    assert series(nine_days, "deceased") == [None, 1, 2, 0, 3, 1, 0, 4, 0]
    # Per 100,000 of Amsterdam's 872,757 inhabitants: 4 -> 0.458 -> 0.46; the correction shows as 0.
    per_100k = series(nine_days, "deceased_per_100k")
    assert per_100k[7] == pytest.approx(0.46) and per_100k[8] == 0
    # Seven days on net values: 1+2+0+3+1+0+4 = 11 -> 1.260 -> 1.3; then 2+0+3+1+0+4-1 = 9 -> 1.031 -> 1.0.
    assert series(nine_days, "deceased_7d_per_100k")[6:] == [None, pytest.approx(1.3), pytest.approx(1.0)]
    # VR13 (1,070,603 inhabitants): 11 -> 1.027 -> 1.0.
    assert series(nine_days, "deceased_7d_per_100k", "vr", "VR13")[7] == pytest.approx(1.0)
    # The 7-day average drawn over the bars, of the displayed values: 11 / 7 = 1.57 -> 1.6; 10 / 7 -> 1.4.
    assert series(nine_days, "deceased_7d_avg")[6:] == [None, pytest.approx(1.6), pytest.approx(1.4)]
