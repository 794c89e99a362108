"""Chart figures that fit a phone: legend entries broken into lines instead of running off the chart,
and value axes that make room for their tick labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashapp.figures.charts import (
    LEGEND_LINE_CHARACTERS,
    band_traces,
    bar_trace,
    category_bar_figure,
    legend_name,
    line_trace,
    time_series_figure,
)
from dashapp.i18n import use_language


@pytest.fixture(autouse=True)
def dutch_page():
    with use_language("nl"):
        yield


LONG_NAME = "Positief geteste mensen per 100.000 inwoners"
DAYS = pd.date_range("2026-11-01", periods=3)
VALUES = np.array([1.0, 2.5, 3.0])


def test_a_long_name_is_broken_at_spaces_into_short_lines():
    lines = legend_name(LONG_NAME).split("<br>")
    assert lines == ["Positief geteste mensen per", "100.000 inwoners"]
    assert all(len(line) <= LEGEND_LINE_CHARACTERS for line in lines)


def test_a_short_name_and_a_single_long_word_stay_as_they_are():
    assert legend_name("7-daags gemiddelde") == "7-daags gemiddelde"
    word = "Rioolwaterzuiveringsinstallatiemeetpuntgemiddelde"
    assert legend_name(word) == word


def test_traces_show_the_broken_name_in_the_legend_and_the_whole_name_on_hover():
    for trace in (
        bar_trace(DAYS, VALUES, LONG_NAME, 1),
        line_trace(DAYS, VALUES, LONG_NAME, 1),
        band_traces(DAYS, VALUES, VALUES + 1, LONG_NAME, 1)[1],
    ):
        assert trace["name"] == "Positief geteste mensen per<br>100.000 inwoners"
        assert LONG_NAME in trace["hovertemplate"]


def test_the_legend_sits_below_the_chart_in_rows():
    figure = time_series_figure(
        [bar_trace(DAYS, VALUES, LONG_NAME, 1), line_trace(DAYS, VALUES, "Gemiddelde", 1)]
    )
    assert figure["layout"]["legend"]["orientation"] == "h"
    assert figure["layout"]["yaxis"]["automargin"] is True


def test_the_age_chart_value_axis_has_room_for_thousands():
    """The age chart's 12 px left margin cut "4.000" down to "00"."""
    figure = category_bar_figure(
        ["0-9", "10-19", "20-29"], [900, 3800, 2600], ["5%", "20%", "14%"], "Positief"
    )
    layout = figure["layout"]
    assert layout["yaxis"]["automargin"] is True
    assert layout["margin"]["l"] >= 40


def test_a_horizontal_bar_chart_keeps_room_for_its_category_names():
    figure = category_bar_figure(["Amsterdam West"], [4.0], ["4"], "Virusdeeltjes", horizontal=True)
    assert figure["layout"]["yaxis"]["automargin"] is True
    assert figure["layout"]["xaxis"]["automargin"] is True
